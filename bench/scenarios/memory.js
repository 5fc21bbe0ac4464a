'use strict'
/**
 * Scenario "memory": one-shot hashing of an in-memory Buffer, every algorithm, every
 * size, hashmill (`hashSync` and `hash()` on both backends; `hash()` with one wasm worker
 * where a target names it; `bigint`/`buffer` encodings where a peer returns a number)
 * against every peer that has the algorithm, and at the largest size against the Rust
 * reference its target names. Async calls are timed as sequential awaits.
 */
const { contest } = require('../lib/measure')
const { contestRecords, bestPeer, speedup } = require('../lib/records')
const { loadPeers, oneShotPeers } = require('../lib/peers')
const { loadBackends } = require('../lib/backends')
const { randomBuffer } = require('../lib/fixtures')
const { roundsFor, largestSize, LARGE_BYTES, BIG_BYTES } = require('../lib/config')
const { referenceContender } = require('../lib/rust-reference')
const { GiB, sizeLabel, count, digits3, ratio } = require('../lib/units')

/**
 * Non-string encodings timed too, to compare like with like with peers returning numbers.
 * Like the one-worker wasm rows (`smallOnly`), they are not timed from BIG_BYTES on, where
 * they only repeat other rows (the encoding costs nothing there; thread scaling has its
 * own scenario) and a full run cannot afford them.
 */
const VALUE_ENCODINGS = { xxh3: ['bigint'], xxh64: ['bigint'], xxh32: ['bigint'], crc32: ['bigint', 'buffer'], crc32c: ['bigint', 'buffer'], crc64nvme: ['bigint', 'buffer'] }
/**
 * The Rust reference a target compares an algorithm's largest input with, timed in the same
 * rounds (bench/lib/rust-reference.js): the blake3 crate's own `update_rayon`, or a plain
 * memory read pass for the algorithms that run at memory speed.
 */
const REFERENCE_AT_LARGEST = { blake3: 'blake3UpdateRayon', xxh3: 'memoryRead', crc64nvme: 'memoryRead', crc32c: 'memoryRead' }
/** Algorithms whose wasm targets are stated for `hash()` with one worker. */
const ONE_WORKER = ['blake3', 'xxh3', 'xxh64']

function hashmillContenders (algorithm, { native, wasm, wasm1 }) {
  const list = []
  const plain = { algorithm }
  for (const [name, api] of [['native', native], ['wasm', wasm]]) {
    if (!api) continue
    const workers = name === 'wasm' ? ` (${api.backend.threads} workers)` : ''
    list.push({ key: `${name}.hashSync`, label: `hashmill ${name} hashSync`, call: (d) => api.hashSync(d, plain) })
    list.push({ key: `${name}.hash`, label: `hashmill ${name} hash()${workers}`, async: true, call: (d) => api.hash(d, plain) })
    for (const encoding of VALUE_ENCODINGS[algorithm] || []) {
      const options = { algorithm, encoding }
      list.push({ key: `${name}.hashSync.${encoding}`, label: `hashmill ${name} hashSync ${encoding}`, smallOnly: true, call: (d) => api.hashSync(d, options) })
    }
  }
  if (wasm1 && ONE_WORKER.includes(algorithm)) {
    list.push({ key: 'wasm1.hash', label: 'hashmill wasm hash() (1 worker)', async: true, smallOnly: true, call: (d) => wasm1.hash(d, plain) })
  }
  return list.map((c) => ({ role: 'hashmill', algorithm, async: false, ...c }))
}

/** One cell: ops/s below LARGE_BYTES, GiB/s from there on, then the ratio to the best peer. */
function cell (record, peer) {
  if (!record) return '-'
  if (record.error) return 'error'
  const value = record.bytes < LARGE_BYTES ? count(record.callsPerSecond) : digits3(record.bytesPerSecond / GiB)
  return `${value} ${ratio(speedup(record, peer))}`
}

function algorithmTable (algorithm, contenders, records, sizes) {
  const bySize = new Map(sizes.map((s) => [s, records.filter((r) => r.bytes === s)]))
  const peers = new Map(sizes.map((s) => [s, bestPeer(bySize.get(s))]))
  const rows = contenders.map((c) => [c.label, ...sizes.map((s) => cell(bySize.get(s).find((r) => r.key === c.key), peers.get(s)))])
  const errors = records.filter((r) => r.error).map((r) => `${r.label} at ${sizeLabel(r.bytes)}: ${r.error.split('\n')[0]}`)
  return {
    title: `${algorithm}: one-shot, in memory (×: ratio to the best peer at that size)`,
    columns: ['implementation', ...sizes.map((s) => `${sizeLabel(s)} ${s < LARGE_BYTES ? 'ops/s' : 'GiB/s'}`)],
    rows,
    notes: errors
  }
}

async function run ({ config, progress }) {
  const backends = await loadBackends()
  const peers = await loadPeers()
  const algorithms = (backends.native || backends.wasm).algorithms
  const inputs = new Map(config.sizes.map((size) => [size, randomBuffer(size)]))
  const records = []
  const tables = []
  const largest = largestSize(config)
  for (const algorithm of algorithms) {
    const reference = REFERENCE_AT_LARGEST[algorithm]
    const contenders = [...hashmillContenders(algorithm, backends), ...oneShotPeers(algorithm, peers),
      ...(reference ? [{ algorithm, largestOnly: true, ...referenceContender(reference, largest) }] : [])]
    const mine = []
    for (const size of config.sizes) {
      progress(`memory: ${algorithm}, ${sizeLabel(size)}`)
      const data = inputs.get(size)
      const timed = contenders.filter((c) => (size < BIG_BYTES || !c.smallOnly) && (!c.largestOnly || size === largest))
      const bound = timed.map((c) => ({ ...c, fn: () => c.call(data) }))
      // Every contender already ran at the smaller sizes: big inputs need no warm-up call.
      const results = await contest(bound, { minTime: config.minTime, rounds: roundsFor(config, size), warm: size >= BIG_BYTES })
      mine.push(...contestRecords('memory', `${algorithm}/${size}`, timed, results, size))
    }
    tables.push(algorithmTable(algorithm, contenders, mine, config.sizes))
    records.push(...mine)
  }
  tables[0].notes.push(...backends.notes)
  return { records, tables }
}

module.exports = { name: 'memory', title: 'In-memory one-shot hashing', run }
