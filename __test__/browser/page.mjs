/**
 * What a test page does with the build of hashmill it imported (the browser tests and the
 * bundler tests): the shared cases (cases.mjs), whose results Node compares with its own,
 * and what only a page can check: the sync calls before `ready()`, how input reaches the
 * workers, an abort in the middle of a `hashBlob`, the page's responsiveness meanwhile,
 * and any Content-Security-Policy violation. The report is left in `window.__report`.
 */
import { runCases, bytesOf, blobOf, MiB, MAX_BLOB } from './cases.mjs'

const INTERNALS = Symbol.for('hashmill.internals')
/**
 * The page's largest pause while a 256 MiB Blob is hashed, as a share of the whole call: a
 * call that hashed on the page's thread would pause it for nearly all its time, however fast
 * the machine (the 50 ms is a speed, for the bench, not for a test).
 */
export const GAP_BOUND_SHARE = 0.25

/** Waits until `condition()` holds, or `limitMs` passed (a generous bound: only a hang fails it). */
async function until (condition, limitMs = 30000) {
  const start = performance.now()
  while (!condition() && performance.now() - start < limitMs) await new Promise((resolve) => setTimeout(resolve, 5))
  return condition()
}

/** The largest gap between the ticks of a 1 ms interval while `work()` runs, in ms. */
async function largestGapDuring (work) {
  const start = performance.now()
  let last = start
  let largest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    largest = Math.max(largest, now - last)
    last = now
  }, 1)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return { largestMs: largest, callMs: performance.now() - start }
}

/** The code each sync call throws before `ready()` (they must all be ERR_HASHMILL_NOT_READY). */
function beforeReady (hashmill) {
  const calls = { hashSync: () => hashmill.hashSync('abc'), integritySync: () => hashmill.integritySync('abc'), createHasher: () => hashmill.createHasher() }
  return Object.fromEntries(Object.entries(calls).map(([name, call]) => {
    try {
      call()
      return [name, 'no error']
    } catch (error) {
      return [name, error.code]
    }
  }))
}

/**
 * An abort from the first progress report of a `hashBlob` of `blob`: there are pieces still
 * queued then, whatever the machine's speed. Then every worker must become idle.
 */
async function abortMidBlob (hashmill, blob) {
  const controller = new AbortController()
  let reports = 0
  let outcome = 'resolved'
  try {
    await hashmill.hashBlob(blob, {
      signal: controller.signal,
      onProgress: ({ bytesDone, bytesTotal }) => {
        reports++
        if (bytesDone < bytesTotal) controller.abort()
      }
    })
  } catch (error) {
    outcome = `${error.name} ${error.code}`
  }
  const pool = hashmill[INTERNALS].backend.pool()
  const idle = await until(() => [...pool.slots].every((slot) => !slot.job))
  return { outcome, reports, idle, workers: pool.slots.size, after: await hashmill.hashBlob(new Blob(['after an abort'])) }
}

/**
 * @param {any} hashmill the build's default export
 * @param {{ quick?: boolean }} how `quick`: the bundler pages' shorter run
 */
export async function runPage (hashmill, { quick = false } = {}) {
  const violations = []
  document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI}`))
  const checks = { beforeReady: beforeReady(hashmill), hashBeforeReady: await hashmill.hash('abc') }
  const results = await runCases(hashmill, { quick })
  checks.sharedMemory = hashmill.backend.sharedMemory
  checks.crossOriginIsolated = globalThis.crossOriginIsolated === true
  const callers = bytesOf(8 * MiB + 1, 5)
  checks.callerBytes = { digest: await hashmill.hash(callers, 'xxh64'), byteLength: callers.byteLength }
  if (!quick) {
    const blob = blobOf(MAX_BLOB)
    checks.gaps = []
    // The page shares the machine's cores with the workers and whatever else runs: a pause
    // the OS imposes shows up as a gap too, so a gap over the bound is measured again
    // (twice at most); a pause hashmill caused would be there every time.
    const within = (gap) => gap.largestMs < GAP_BOUND_SHARE * gap.callMs
    while (checks.gaps.length < 3 && !checks.gaps.some(within)) {
      checks.gaps.push(await largestGapDuring(() => hashmill.hashBlob(blob)))
    }
    checks.abort = await abortMidBlob(hashmill, blob)
  }
  checks.threads = hashmill.backend.threads
  checks.hardwareConcurrency = navigator.hardwareConcurrency
  return { checks, results, violations }
}

/** Runs the page and leaves its report (or its failure) for the test driver. */
export function reportPage (hashmill, how) {
  runPage(hashmill, how).then(
    (report) => { window.__report = report },
    (error) => { window.__report = { failed: `${error.name}: ${error.message}\n${error.stack}` } }
  )
}
