'use strict'
/**
 * `onProgress` for long file work: polls the backend's counters on the main thread at
 * most ~10 times a second, reports only when something moved, and always reports the
 * final state once the work has settled.
 */
const errors = require('./errors')

const INTERVAL_MS = 100

function checkCallback (onProgress) {
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw errors.invalidType('onProgress', 'of type function', onProgress)
  }
}

/**
 * @typedef {(p: { bytesDone: number, bytesTotal: number, filesDone: number, filesTotal: number }) => void} OnProgress
 */

/**
 * Starts reporting progress: polls the backend's counters until `finish()` (or `stop()`,
 * which skips the final report), calling `onProgress` when something moved.
 * @param {OnProgress} onProgress
 * @param {{ createProgress(): { read(): number[] } }} backend
 * @param {{ bytesTotal?: number, filesTotal: number }} totals `bytesTotal` is an estimate (0 when unknown)
 * @returns {{ counters: any, finish(): void, stop(): void }} `counters` go to the backend's call
 */
function startProgress (onProgress, backend, totals) {
  const counters = backend.createProgress()
  let last = ''
  const report = (final) => {
    const [bytesDone, filesDone] = counters.read()
    // Files that failed, pipes and /proc files make the totals estimates: the final
    // report says what was really done.
    const bytesTotal = final ? bytesDone : Math.max(totals.bytesTotal || 0, bytesDone)
    const filesTotal = final ? filesDone : Math.max(totals.filesTotal, filesDone)
    // The final report too is skipped when the last one already said all of it.
    const key = `${bytesDone}/${bytesTotal}/${filesDone}/${filesTotal}`
    if (key === last) return
    last = key
    onProgress({ bytesDone, bytesTotal, filesDone, filesTotal })
  }
  const timer = setInterval(report, INTERVAL_MS)
  return {
    counters,
    finish () {
      clearInterval(timer)
      report(true)
    },
    stop () { clearInterval(timer) }
  }
}

/**
 * Runs `work(counters)` and reports progress while it runs.
 * @template T
 * @param {OnProgress | undefined} onProgress
 * @param {{ createProgress(): { read(): number[] } }} backend
 * @param {{ bytesTotal?: number, filesTotal: number }} totals
 * @param {(counters: any) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withProgress (onProgress, backend, totals, work) {
  if (!onProgress) return work(undefined)
  const reporter = startProgress(onProgress, backend, totals)
  try {
    const result = await work(reporter.counters)
    reporter.finish()
    return result
  } finally {
    reporter.stop()
  }
}

/**
 * `onProgress({ bytesDone, bytesTotal })` for work whose bytes are counted on the calling
 * thread as they are done (`hashBlob`): reported at once the first time, then at most every
 * INTERVAL_MS, and once more by `finish()` if the last report did not say all of it.
 * @param {(p: { bytesDone: number, bytesTotal: number }) => void} onProgress
 * @param {number} bytesTotal
 */
function bytesProgress (onProgress, bytesTotal) {
  let bytesDone = 0
  let reported = -1
  let lastAt = -Infinity
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null
  const stop = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  const report = () => {
    stop()
    if (bytesDone === reported) return
    reported = bytesDone
    lastAt = Date.now()
    onProgress({ bytesDone, bytesTotal })
  }
  return {
    /** @param {number} bytes more bytes done */
    add (bytes) {
      bytesDone += bytes
      if (timer !== null) return
      const wait = lastAt + INTERVAL_MS - Date.now()
      if (wait <= 0) report()
      else timer = setTimeout(report, wait)
    },
    finish: report,
    stop
  }
}

module.exports = { withProgress, startProgress, checkCallback, bytesProgress }
