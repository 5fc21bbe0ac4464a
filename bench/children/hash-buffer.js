'use strict'
/**
 * One point of the thread-scaling curve, in a fresh process because the pools are sized
 * when hashmill loads: `hash()` of a random buffer with the backend and HASHMILL_THREADS
 * the parent chose. Prints `{ threads, result }` (lib/measure.js contest result).
 *
 *   node bench/children/hash-buffer.js <native|wasm> <threads> <bytes> <algorithm> <rounds>
 */
const { loadHashmill } = require('../lib/hashmill')
const { childMain } = require('../lib/child-main')
const { contest } = require('../lib/measure')
const { randomBuffer } = require('../lib/fixtures')

childMain(async () => {
  const [kind, threads, bytes, algorithm, rounds] = process.argv.slice(2)
  const api = await loadHashmill(kind, Number(threads))
  const data = randomBuffer(Number(bytes))
  const contender = { key: 'hash', async: true, fn: () => api.hash(data, algorithm) }
  const results = await contest([contender], { minTime: 0, rounds: Number(rounds) })
  return { threads: api.backend.threads, result: results.get('hash') }
})
