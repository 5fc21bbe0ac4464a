'use strict'
/**
 * Peak memory of hashing one file with `mmap: false`, in a fresh process so the peak is
 * this hash's alone. Prints VmRSS after loading, VmHWM at the end (from
 * /proc/self/status, or process.resourceUsage().maxRSS elsewhere) and the seconds taken.
 *
 *   node bench/children/file-rss.js <native|wasm> <file>
 */
const { loadHashmill } = require('../lib/hashmill')
const { childMain } = require('../lib/child-main')
const { statusBytes, peakRssBytes } = require('../lib/proc-status')

childMain(async () => {
  const [kind, file] = process.argv.slice(2)
  const api = await loadHashmill(kind)
  const rssBeforeBytes = statusBytes('VmRSS')
  const start = performance.now()
  await api.hashFile(file, { mmap: false })
  const seconds = (performance.now() - start) / 1000
  return { rssBeforeBytes, peakBytes: peakRssBytes(), seconds, source: statusBytes('VmHWM') === null ? 'maxRSS' : 'VmHWM' }
})
