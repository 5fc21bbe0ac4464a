'use strict'
/**
 * Timing. Every contender of one comparison is timed in the same rounds, in turn
 * (round 1: A B C, round 2: A B C, ...), so a noisy neighbour slows all of them alike and
 * the ratios hold even when the absolute numbers wander. Each contender first makes a
 * warm-up call (unless the contest or the contender is declared warm), then is calibrated: calls are
 * batched until one batch takes at least `minTime`, so small inputs are timed over many
 * calls; that last calibration batch is the contender's first sample. The result is the
 * median time per call. Nothing here checks digests: the bench times, it does not assert.
 */

/** In a cold contest, a warm-up call this long sizes the batch on its own (one call). */
const WARM_SECONDS = 0.5

/** Keeps results alive so no call can be optimised away. */
const sink = { result: undefined }

/**
 * Runs `fn` `n` times (awaiting each call if it is async) and returns the seconds taken; for
 * a self-timed contender, the seconds its calls report (work timed in another process,
 * without that process's start).
 */
async function timeBatch (contender, n) {
  const { fn } = contender
  if (contender.selfTimed) {
    let seconds = 0
    for (let i = 0; i < n; i++) seconds += await fn()
    return seconds
  }
  const start = performance.now()
  if (contender.async) {
    for (let i = 0; i < n; i++) sink.result = await fn()
  } else {
    for (let i = 0; i < n; i++) sink.result = fn()
  }
  return (performance.now() - start) / 1000
}

/**
 * The number of calls per batch that takes at least `minTime` seconds, and the seconds
 * per call of the batch that showed it (null when only a cold warm-up call showed it).
 */
async function calibrate (contender, minTime, warm) {
  if (!warm && await timeBatch(contender, 1) >= Math.max(minTime, WARM_SECONDS)) return { n: 1, sample: null }
  let n = 1
  for (;;) {
    const seconds = await timeBatch(contender, n)
    if (seconds >= minTime) return { n, sample: seconds / n }
    const estimate = Math.ceil(n * minTime / Math.max(seconds, 1e-7) * 1.2)
    n = Math.min(Math.max(estimate, n * 2), n * 100)
  }
}

function median (values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Times every contender over `rounds` interleaved rounds.
 * @param {Array<{ key: string, fn: Function, async?: boolean, warm?: boolean, selfTimed?: boolean }>} contenders
 *   warm: this contender needs no warm-up call (e.g. a whole process over files already in
 *   the page cache); selfTimed: `fn` resolves with the seconds it measured itself
 * @param {{ minTime: number, rounds: number, warm?: boolean }} options warm: the
 *   contenders already ran (e.g. at a smaller size just before), so no warm-up call
 * @returns {Promise<Map<string, { secondsPerCall: number, samples: number[], callsPerBatch: number } | { error: string }>>}
 */
async function contest (contenders, { minTime, rounds, warm = false }) {
  const results = new Map()
  const live = []
  for (const contender of contenders) {
    try {
      const { n, sample } = await calibrate(contender, minTime, warm || contender.warm === true)
      live.push({ contender, n, samples: sample === null ? [] : [sample] })
    } catch (error) {
      results.set(contender.key, { error: describe(error) })
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const entry of live) {
      if (entry.error || entry.samples.length >= rounds) continue
      try {
        entry.samples.push(await timeBatch(entry.contender, entry.n) / entry.n)
      } catch (error) {
        entry.error = describe(error)
      }
    }
  }
  for (const { contender, n, samples, error } of live) {
    results.set(contender.key, error
      ? { error }
      : { secondsPerCall: median(samples), samples, callsPerBatch: n })
  }
  sink.result = undefined
  return results
}

/** An error as one string: `CODE: message`. */
function describe (error) {
  return String((error && (error.code ? `${error.code}: ${error.message}` : error.message)) || error)
}

module.exports = { contest, median, describe }
