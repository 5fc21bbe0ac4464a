'use strict'
/**
 * AbortSignal handling shared by every async API and the wasm pool: reject at once when
 * the signal fires, tell the running work to stop, and never leave a listener behind.
 */
const errors = require('./errors')

/** Throws an AbortError if `signal` has already fired. */
function throwIfAborted (signal) {
  if (signal && signal.aborted) throw errors.aborted(signal)
}

/**
 * Calls `listener` once when `signal` fires; returns the function that removes it.
 * @param {AbortSignal} signal
 * @param {() => void} listener
 * @returns {() => void}
 */
function onAbort (signal, listener) {
  signal.addEventListener('abort', listener, { once: true })
  return () => signal.removeEventListener('abort', listener)
}

/**
 * Settles like `promise`, or rejects with an AbortError as soon as `signal` fires, after
 * calling `stop` so the work underneath can stop.
 * @template T
 * @param {AbortSignal} signal
 * @param {() => void} stop
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
function watchAbort (signal, stop, promise) {
  if (signal.aborted) {
    stop()
    promise.catch(() => {})
    return Promise.reject(errors.aborted(signal))
  }
  return new Promise((resolve, reject) => {
    const remove = onAbort(signal, () => {
      stop()
      reject(errors.aborted(signal))
    })
    promise.then(
      (value) => { remove(); resolve(value) },
      (error) => { remove(); reject(error) }
    )
  })
}

module.exports = { throwIfAborted, onAbort, watchAbort }
