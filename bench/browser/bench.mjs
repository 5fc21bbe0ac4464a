/**
 * The browser bench's page (run.js loads it in Chromium): hashmill's browser build against
 * hash-wasm, xxhash-wasm and `crypto.subtle.digest` on 1 MiB inputs; `hashBlob` of 256 MiB
 * (a Blob in memory, and a File on disk that run.js picks in the page's file input) and
 * `hash()` of 256 MiB with one worker against two. Each comparison is one contest: every contender is
 * warmed up, its calls batched until a batch takes MIN_BATCH_MS, then all are timed in the
 * same interleaved rounds; the result is the median seconds per call. Nothing is checked
 * here: the bench reports, the tests assert.
 */
import hashmill, { hashSync, hash, hashBlob, ready } from 'hashmill'
import { blake3, xxhash3, sha256 } from 'hash-wasm'
import xxhashWasm from 'xxhash-wasm'

const MiB = 1 << 20
const MIN_BATCH_MS = 100
const ROUNDS = 5
const BLOB_ROUNDS = 3
const INTERNALS = Symbol.for('hashmill.internals')

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function timeCalls (run, calls) {
  const start = performance.now()
  for (let i = 0; i < calls; i++) await run()
  return (performance.now() - start) / 1000
}

/**
 * Times `contenders` (`{ label, role, run }`, one call each) on `bytes` per call.
 * @returns {Promise<object[]>} one record per contender
 */
async function contest (group, bytes, contenders) {
  const batches = []
  for (const contender of contenders) {
    await contender.run()
    let calls = 1
    while (await timeCalls(contender.run, calls) * 1000 < MIN_BATCH_MS) calls *= 2
    batches.push(calls)
  }
  const samples = contenders.map(() => [])
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, contender] of contenders.entries()) samples[i].push(await timeCalls(contender.run, batches[i]) / batches[i])
  }
  return contenders.map((contender, i) => {
    const secondsPerCall = median(samples[i])
    return { group, label: contender.label, role: contender.role, bytes, secondsPerCall, bytesPerSecond: bytes / secondsPerCall }
  })
}

/**
 * Seconds per call of `work()` with 1 and with 2 workers, in alternating rounds; the
 * workers are started (by `warm()`) before the clock.
 */
async function byWorkers (group, bytes, warm, work) {
  const samples = { 1: [], 2: [] }
  for (let round = 0; round < BLOB_ROUNDS; round++) {
    for (const threads of [1, 2]) {
      await hashmill[INTERNALS].backend.setThreads(threads)
      await warm()
      const start = performance.now()
      await work()
      samples[threads].push((performance.now() - start) / 1000)
    }
  }
  return [1, 2].map((threads) => {
    const secondsPerCall = median(samples[threads])
    return { group, label: `${threads} worker${threads > 1 ? 's' : ''}`, role: 'hashmill', bytes, secondsPerCall, bytesPerSecond: bytes / secondsPerCall }
  })
}

async function run () {
  await ready()
  const xxhash = await xxhashWasm()
  const data = new Uint8Array(MiB)
  crypto.getRandomValues(data.subarray(0, 65536))
  for (let at = 65536; at < MiB; at += 65536) data.copyWithin(at, 0, 65536)
  const records = []
  const ours = (algorithm, options = {}) => [
    { label: 'hashmill hashSync', role: 'hashmill', run: () => hashSync(data, { algorithm, ...options }) },
    { label: 'hashmill hash()', role: 'hashmill', run: () => hash(data, { algorithm, ...options }) }
  ]
  records.push(...await contest('blake3 1 MiB', MiB, [...ours('blake3'), { label: 'hash-wasm blake3', role: 'peer', run: () => blake3(data) }]))
  records.push(...await contest('xxh64 1 MiB', MiB, [...ours('xxh64', { encoding: 'bigint' }), { label: 'xxhash-wasm h64Raw', role: 'peer', run: () => xxhash.h64Raw(data) }]))
  records.push(...await contest('xxh3 1 MiB', MiB, [...ours('xxh3'), { label: 'hash-wasm xxhash3', role: 'peer', run: () => xxhash3(data) }]))
  records.push(...await contest('sha256 1 MiB', MiB, [
    ...ours('sha256'),
    { label: 'hash-wasm sha256', role: 'peer', run: () => sha256(data) },
    { label: 'crypto.subtle.digest', role: 'reference', run: () => crypto.subtle.digest('SHA-256', data) }
  ]))

  const big = new Uint8Array(256 * MiB)
  for (let at = 0; at < big.length; at += MiB) big.set(data, at)
  const blob = new Blob([big])
  const warmBlob = blob.slice(0, 16 * MiB)
  records.push(...await byWorkers('hashBlob blake3 256 MiB Blob', blob.size, () => hashBlob(warmBlob), () => hashBlob(blob)))
  const file = /** @type {HTMLInputElement} */ (document.querySelector('#file')).files[0]
  records.push(...await byWorkers('hashBlob blake3 256 MiB File', file.size, () => hashBlob(warmBlob), () => hashBlob(file)))
  records.push(...await byWorkers('hash() blake3 256 MiB', big.byteLength, () => hash(big.subarray(0, 16 * MiB)), () => hash(big)))
  await hashmill[INTERNALS].backend.setThreads(navigator.hardwareConcurrency)
  await hash(big.subarray(0, 16 * MiB))
  const pool = hashmill[INTERNALS].backend.pool()
  const roundTrip = (await contest('worker round trip', 0, [{ label: 'an empty job', role: 'reference', run: () => pool.run({ type: 'close', session: 0 }) }]))[0]
  return { records, roundTripMicros: roundTrip.secondsPerCall * 1e6, backend: hashmill.backend, userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency }
}

// run.js picks the File first.
document.querySelector('#file').addEventListener('change', () => run().then((report) => { window.__bench = report }, (error) => { window.__bench = { failed: `${error.name}: ${error.message}\n${error.stack}` } }), { once: true })
