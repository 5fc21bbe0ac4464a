'use strict'
/**
 * One point of a thread-scaling curve, in a fresh process because the pools are sized
 * when hashmill loads: `hash()` of a random buffer of `<bytes>` bytes, or `hashFile()` of
 * the file `file:<path>`, with the backend and HASHMILL_THREADS the parent chose. Prints
 * `{ threads, result }` (lib/measure.js contest result).
 *
 *   node bench/children/hash-buffer.js <native|wasm> <threads> <bytes|file:PATH> <algorithm> <rounds>
 */
const { loadHashmill } = require('../lib/hashmill')
const { childMain } = require('../lib/child-main')
const { contest } = require('../lib/measure')
const { randomBuffer } = require('../lib/fixtures')

childMain(async () => {
  const [kind, threads, input, algorithm, rounds] = process.argv.slice(2)
  const api = await loadHashmill(kind, Number(threads))
  const file = input.startsWith('file:') ? input.slice('file:'.length) : null
  const data = file === null ? randomBuffer(Number(input)) : null
  const fn = file === null ? () => api.hash(data, algorithm) : () => api.hashFile(file, algorithm)
  const results = await contest([{ key: 'hash', async: true, fn }], { minTime: 0, rounds: Number(rounds) })
  return { threads: api.backend.threads, result: results.get('hash') }
})
