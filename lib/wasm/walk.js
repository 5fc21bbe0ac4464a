'use strict'
/**
 * A whole walk on the wasm backend (`walkDirectory`, and the totals before a hash with
 * progress): one worker walks without stat'ing files, a step at a time, and every worker
 * stats the files of each step as it comes, so the stats (most of a walk's time in Node)
 * run on all the workers while the walk goes on. Of several failures, the first in walk
 * order is reported, as a walk that stats as it lists would stop at it.
 */
const { setMaxListeners } = require('node:events')
const { onAbort, throwIfAborted } = require('../abort')
const { decodeWalkStep, decodeSizes, concatSizes } = require('./replies')
const { runsOf, joinWithNul } = require('./joined')

/** Files per walk step: few enough that the stats start early, enough to amortise a message. */
const WALK_STEP_FILES = 4096
/** Files per job that stats them. */
const FILES_PER_SIZES_JOB = 1024

/**
 * @param {import('./pool').WorkerPool} pool
 * @param {Buffer} root
 * @param {object} settings the walk's settings (lib/files/options.js)
 * @param {boolean} totalsOnly give the totals only, not the files' columns
 * @param {AbortSignal} [signal]
 * @param {number} [stepFiles] files per walk step (tests take small steps over small trees)
 * @returns {Promise<any>} `{ paths, sizes, files, bytes }` (paths NUL-separated, relative to
 *   `root`), or the failure `{ code, message, path }`
 */
async function walkWithSizes (pool, root, settings, totalsOnly, signal, stepFiles = WALK_STEP_FILES) {
  throwIfAborted(signal)
  // One signal for all the jobs: the caller's abort, or the end of the walk at a failure.
  const stop = new AbortController()
  // Every queued job listens to it until it settles, many at once by design.
  setMaxListeners(0, stop.signal)
  const unwatch = signal ? onAbort(signal, () => stop.abort(signal.reason)) : () => {}
  /** Each step's paths, and the promise of its sizes (or its first failure). */
  const steps = []
  try {
    const handle = await pool.openSession({ type: 'walkOpen', root, settings }, { signal: stop.signal })
    const nextStep = () => pool.run({ type: 'walkNext', session: handle.session, maxFiles: stepFiles }, { signal: stop.signal, slot: handle.slot })
    let walkFailure = null
    /** Whether a file failed to stat: the walk then goes no further. */
    let statFailed = false
    try {
      /** @type {Promise<Uint8Array> | null} */
      let next = nextStep()
      while (next !== null) {
        const step = decodeWalkStep(await next)
        if (step.code) {
          walkFailure = step
          break
        }
        // The walker's next step is asked for before this one's stats, so it goes on at once.
        next = step.count === stepFiles && !statFailed ? nextStep() : null
        if (step.count) {
          const sized = sizesOf(pool, root, step.paths, stop.signal)
          sized.then((outcome) => { if (outcome.code) statFailed = true }, () => {})
          steps.push({ paths: step.paths, sized })
        }
      }
    } finally {
      pool.closeSession(handle, 'walkClose').catch(() => {})
    }
    const sizes = []
    for (const step of steps) {
      const sized = await step.sized
      if (sized.code) return sized
      sizes.push(sized.sizes)
    }
    return walkFailure || joinSteps(steps, sizes, totalsOnly)
  } catch (error) {
    throwIfAborted(signal)
    throw error
  } finally {
    unwatch()
    // Ends the stats still queued after a failure; nothing waits for them then.
    stop.abort()
    for (const step of steps) step.sized.catch(() => {})
  }
}

/** The sizes of a step's files, stat'ed in jobs over the workers: `{ sizes }`, or the first failure. */
async function sizesOf (pool, root, paths, signal) {
  const messages = runsOf(paths, FILES_PER_SIZES_JOB).map((run) => ({ type: 'walkSizes', root, paths: run }))
  const replies = await Promise.all(messages.map((message) => pool.run(message, { signal })))
  const parts = []
  for (const reply of replies) {
    const part = decodeSizes(reply)
    if (part.code) return part
    parts.push(part.sizes)
  }
  return { sizes: concatSizes(parts) }
}

/** The walk's result: its files' columns and totals, or the totals only. */
function joinSteps (steps, sizes, totalsOnly) {
  const all = concatSizes(sizes)
  let bytes = 0
  for (const size of all) bytes += size
  if (totalsOnly) return { paths: Buffer.alloc(0), sizes: new Float64Array(0), files: all.length, bytes }
  return { paths: joinWithNul(steps.map((step) => step.paths)), sizes: all, files: all.length, bytes }
}

module.exports = { walkWithSizes, WALK_STEP_FILES }
