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
 * Runs `work(progress)` and reports progress while it runs.
 * @template T
 * @param {OnProgress | undefined} onProgress
 * @param {{ createProgress(): { read(): number[] } }} backend
 * @param {{ bytesTotal?: number, filesTotal: number }} totals `bytesTotal` is an estimate (0 when unknown)
 * @param {(progress: any) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withProgress (onProgress, backend, totals, work) {
  if (!onProgress) return work(undefined)
  const progress = backend.createProgress()
  let last = ''
  const report = (final) => {
    const [bytesDone, filesDone] = progress.read()
    const key = `${bytesDone}/${filesDone}`
    if (key === last && !final) return
    last = key
    // Files that failed, pipes and /proc files make the totals estimates: the final
    // report says what was really done.
    const bytesTotal = final ? bytesDone : Math.max(totals.bytesTotal || 0, bytesDone)
    const filesTotal = final ? filesDone : totals.filesTotal
    onProgress({ bytesDone, bytesTotal, filesDone, filesTotal })
  }
  const timer = setInterval(report, INTERVAL_MS)
  try {
    const result = await work(progress)
    report(true)
    return result
  } finally {
    clearInterval(timer)
  }
}

module.exports = { withProgress, checkCallback }
