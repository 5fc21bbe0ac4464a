'use strict'
/**
 * The memory one call over a whole tree takes, in a fresh process run with --expose-gc:
 * the call first runs on `warmDir` (a small part of the tree) so pools, lazily loaded
 * modules and compiled code are in place; then, after a full GC, the peak RSS is reset
 * (lib/proc-status.js), the call runs on `dir`, and the peak is read. With the result still
 * held, a full GC gives what the result retains (V8 heap + external memory growth); the
 * peak growth beyond that, per file, is what the call itself needed on top of what it
 * returns. `hashFiles` gets every file's path, listed before the baseline.
 *
 *   node --expose-gc bench/children/tree-memory.js <native|wasm> <call> <dir> <warmDir>
 *
 * `call` is one of lib/tree-calls.js (hashDirectory, walkDirectory, hashFiles, hashTree).
 */
const { loadHashmill } = require('../lib/hashmill')
const { childMain } = require('../lib/child-main')
const { listFiles } = require('../lib/fixtures')
const { TREE_CALLS } = require('../lib/tree-calls')
const { statusBytes, peakRssBytes, resetPeakRss } = require('../lib/proc-status')

/** V8 heap plus external memory (Buffers, ArrayBuffers) after full collections. */
function heldBytes () {
  global.gc()
  global.gc()
  const { heapUsed, external } = process.memoryUsage()
  return heapUsed + external
}

childMain(async () => {
  const [kind, op, dir, warmDir] = process.argv.slice(2)
  if (typeof global.gc !== 'function') throw new Error('run with --expose-gc')
  const call = TREE_CALLS[op]
  const api = await loadHashmill(kind)
  await call.run(api, warmDir, listFiles(warmDir))
  const paths = op === 'hashFiles' ? listFiles(dir) : null
  const heldBefore = heldBytes()
  const reset = resetPeakRss()
  const rssBeforeBytes = statusBytes('VmRSS')
  const start = performance.now()
  const result = await call.run(api, dir, paths)
  const seconds = (performance.now() - start) / 1000
  const peakBytes = peakRssBytes()
  const retainedBytes = Math.max(0, heldBytes() - heldBefore)
  const files = call.files(result)
  const peakGrowthBytes = peakBytes - rssBeforeBytes
  return {
    files,
    seconds,
    rssBeforeBytes,
    peakBytes,
    peakGrowthBytes,
    retainedBytes,
    bytesPerFileBeyondResults: (peakGrowthBytes - retainedBytes) / files,
    peakSource: reset ? 'VmHWM reset before the call' : 'VmHWM since the process started (clear_refs not allowed)'
  }
})
