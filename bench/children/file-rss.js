'use strict'
/**
 * Peak memory of hashing one file with `mmap: false`, in a fresh process so the peak is
 * this hash's alone. Prints VmRSS after loading, VmHWM at the end (from
 * /proc/self/status, or process.resourceUsage().maxRSS elsewhere) and the seconds taken.
 *
 *   node bench/children/file-rss.js <native|wasm> <file>
 */
const fs = require('node:fs')
const { loadHashmill } = require('../lib/hashmill')
const { childMain } = require('../lib/child-main')

const KiB = 1024

/** A `VmXxx: 1234 kB` field of /proc/self/status in bytes, or null. */
function status (field) {
  try {
    const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
    return m ? Number(m[1]) * KiB : null
  } catch {
    return null
  }
}

childMain(async () => {
  const [kind, file] = process.argv.slice(2)
  const api = await loadHashmill(kind)
  const rssBeforeBytes = status('VmRSS')
  const start = performance.now()
  await api.hashFile(file, { mmap: false })
  const seconds = (performance.now() - start) / 1000
  const peakBytes = status('VmHWM') ?? process.resourceUsage().maxRSS * KiB
  return { rssBeforeBytes, peakBytes, seconds, source: status('VmHWM') === null ? 'maxRSS' : 'VmHWM' }
})
