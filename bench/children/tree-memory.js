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
 *   node --expose-gc bench/children/tree-memory.js <native|wasm> <hashDirectory|hashFiles|hashTree> <dir> <warmDir>
 */
const { loadHashmill } = require('../lib/hashmill')
const { childMain } = require('../lib/child-main')
const { listFiles } = require('../lib/fixtures')
const { statusBytes, peakRssBytes, resetPeakRss } = require('../lib/proc-status')

/** Each call and how many files its result holds. */
const CALLS = {
  hashDirectory: { run: (api, dir) => api.hashDirectory(dir, 'xxh3'), files: (result) => result.files.length },
  hashFiles: { run: (api, dir, paths) => api.hashFiles(paths, 'sha256'), files: (result) => result.length },
  hashTree: {
    run: async (api, dir) => {
      let files = 0
      for await (const entry of api.hashTree(dir, 'xxh3')) files += entry.digest !== undefined ? 1 : 0
      return files
    },
    files: (result) => result
  }
}

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
  const call = CALLS[op]
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
