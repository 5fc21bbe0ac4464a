'use strict'
/**
 * Scenario "many": many small inputs in one call. `hashManySync` and `hashMany` of
 * `manyCount` inputs of `manyBytes` bytes (100,000 × 32 B), both backends, against a loop
 * of one-shot peer calls building the same array: xxh3 against @node-rs/xxhash
 * `xxh3.xxh64` (bigints: compared with hashmill's `encoding: 'bigint'`; hex and one packed
 * Buffer shown too), sha256 against node:crypto `crypto.hash` (hex against hex; Buffer
 * shown too). Three shapes of the same kind of input: separate Buffers (one
 * crypto.randomBytes each), subarrays of one Buffer, and ASCII strings.
 *
 * Beside them, the floor of any call that takes many inputs in JavaScript: the JavaScript
 * work alone, with no hashing and no call into a binding (packFloor). Its ratio to the peer
 * loop is the most any such call can reach on that shape.
 */
const crypto = require('node:crypto')
const { contest } = require('../lib/measure')
const { contestRecords, speedup } = require('../lib/records')
const { loadBackends } = require('../lib/backends')
const { loadPeers } = require('../lib/peers')
const { randomBuffer } = require('../lib/fixtures')
const { count, ratio } = require('../lib/units')

const SHAPES = {
  buffers: { label: 'separate Buffers', make: (n, bytes) => Array.from({ length: n }, () => crypto.randomBytes(bytes)) },
  subarrays: {
    label: 'subarrays of one Buffer',
    make: (n, bytes) => {
      const all = randomBuffer(n * bytes)
      return Array.from({ length: n }, (_, i) => all.subarray(i * bytes, (i + 1) * bytes))
    }
  },
  // base64url of 3/4 as many random bytes: exactly `bytes` characters when it is a multiple of 4 (32: flat strings, nothing sliced)
  strings: { label: 'ASCII strings', make: (n, bytes) => Array.from({ length: n }, () => crypto.randomBytes(Math.ceil(bytes * 3 / 4)).toString('base64url').slice(0, bytes)) }
}

/**
 * The least JavaScript work of a call hashing `inputs` in one batch, without the hashing:
 * each input copied into one buffer (strings joined and written as UTF-8 once), and
 * `digestBytes`-byte digests read back from one buffer into an array, as `read` does.
 * @param {(string | Uint8Array)[]} inputs
 * @param {number} digestBytes
 * @param {(digests: Buffer, count: number) => unknown[]} read
 */
function packFloor (inputs, digestBytes, read) {
  let data
  if (typeof inputs[0] === 'string') {
    let text = ''
    for (let i = 0; i < inputs.length; i++) text += inputs[i]
    data = Buffer.allocUnsafeSlow(text.length)
    data.write(text, 0, 'utf8')
  } else {
    let bytes = 0
    for (let i = 0; i < inputs.length; i++) bytes += inputs[i].length
    data = Buffer.allocUnsafeSlow(bytes)
    for (let i = 0, at = 0; i < inputs.length; at += inputs[i].length, i++) data.set(/** @type {Uint8Array} */ (inputs[i]), at)
  }
  return [data, read(Buffer.allocUnsafeSlow(inputs.length * digestBytes), inputs.length)]
}

/** Reads `count` 8-byte digests as bigints (one BigUint64Array). */
const readBigints = (digests, count) => {
  const words = new BigUint64Array(digests.buffer, digests.byteOffset, count)
  const out = new Array(count)
  for (let i = 0; i < count; i++) out[i] = words[i]
  return out
}

/** Reads `count` 64-character hex digests (one Latin-1 string, sliced). */
const readHex = (digests, count) => {
  const text = digests.toString('latin1')
  const out = new Array(count)
  for (let i = 0; i < count; i++) out[i] = text.slice(i * 64, (i + 1) * 64)
  return out
}

/** Per algorithm: the encodings hashManySync is timed with ('' = hex), those hashMany is, the peer loop, and the floor's digests. */
const ALGORITHMS = {
  xxh3: {
    sync: ['bigint', '', 'buffer'],
    async: ['bigint'],
    peer: (peers) => ({ key: '@node-rs/xxhash', label: 'loop of @node-rs/xxhash xxh3.xxh64 (bigint)', call: peers.nodeRsXxhash.xxh3.xxh64 }),
    floor: { label: 'floor: inputs packed, 8-byte digests read as bigints, no hashing', digestBytes: 8, read: readBigints }
  },
  sha256: {
    sync: ['', 'buffer'],
    async: [''],
    peer: () => ({ key: 'node.hash', label: "loop of crypto.hash('sha256', x) (hex)", call: (x) => crypto.hash('sha256', x) }),
    floor: { label: 'floor: inputs packed, hex digests read as strings, no hashing', digestBytes: 32, read: readHex }
  }
}

function contenders (algorithm, backends, peers, inputs) {
  const { sync, async, peer, floor } = ALGORITHMS[algorithm]
  const list = []
  for (const [kind, api] of [['native', backends.native], ['wasm', backends.wasm]]) {
    if (!api) continue
    const options = (encoding) => (encoding ? { algorithm, encoding } : { algorithm })
    const suffix = (encoding) => (encoding ? `.${encoding}` : '')
    const shown = (encoding) => encoding || 'hex'
    for (const encoding of sync) {
      list.push({ key: `${kind}.hashManySync${suffix(encoding)}`, label: `hashmill ${kind} hashManySync (${shown(encoding)})`, fn: () => api.hashManySync(inputs, options(encoding)) })
    }
    for (const encoding of async) {
      list.push({ key: `${kind}.hashMany${suffix(encoding)}`, label: `hashmill ${kind} hashMany (${shown(encoding)})`, async: true, fn: () => api.hashMany(inputs, options(encoding)) })
    }
  }
  list.push({ key: 'floor', label: floor.label, role: 'reference', fn: () => packFloor(inputs, floor.digestBytes, floor.read) })
  const { key, label, call } = peer(peers)
  list.push({
    key,
    label,
    role: 'peer',
    fn: () => {
      const out = new Array(inputs.length)
      for (let i = 0; i < inputs.length; i++) out[i] = call(inputs[i])
      return out
    }
  })
  return list.map((c) => ({ role: 'hashmill', algorithm, ...c }))
}

function algorithmTable (algorithm, records, shapes, config) {
  const labels = [...new Map(records.map((r) => [r.key, r.label])).entries()]
  const cell = (shape, key) => {
    const mine = records.filter((r) => r.group === `${algorithm}/${shape}`)
    const r = mine.find((x) => x.key === key)
    if (!r) return '-'
    if (r.error) return 'error'
    return `${count(r.callsPerSecond * config.manyCount)} ${ratio(speedup(r, mine.find((x) => x.role === 'peer')))}`
  }
  return {
    title: `${algorithm}: ${config.manyCount.toLocaleString('en-US')} inputs of ${config.manyBytes} B per call, inputs/s (×: ratio to the peer loop of the same shape)`,
    columns: ['implementation', ...shapes.map((s) => SHAPES[s].label)],
    rows: labels.map(([key, label]) => [label, ...shapes.map((s) => cell(s, key))]),
    notes: records.filter((r) => r.error).map((r) => `${r.label}, ${r.group}: ${r.error.split('\n')[0]}`)
  }
}

async function run ({ config, progress }) {
  const backends = await loadBackends()
  const peers = await loadPeers()
  const shapes = config.manyShapes
  const records = []
  for (const shape of shapes) {
    const inputs = SHAPES[shape].make(config.manyCount, config.manyBytes)
    for (const algorithm of Object.keys(ALGORITHMS)) {
      progress(`many: ${algorithm}, ${SHAPES[shape].label}`)
      const list = contenders(algorithm, backends, peers, inputs)
      const results = await contest(list, { minTime: config.minTime, rounds: config.rounds })
      records.push(...contestRecords('many', `${algorithm}/${shape}`, list, results, config.manyCount * config.manyBytes, { inputs: config.manyCount, shape }))
    }
  }
  const tables = Object.keys(ALGORITHMS).map((algorithm) => algorithmTable(algorithm, records.filter((r) => r.algorithm === algorithm), shapes, config))
  tables[0].notes.push(
    'each contender returns an array of digests (or one packed Buffer); one call per batch, timed like every contest (warm-up, batches of at least the minimum time, interleaved rounds, median)',
    ...backends.notes
  )
  return { records, tables }
}

module.exports = { name: 'many', title: 'Many inputs per call', run }
