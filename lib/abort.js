'use strict'
/**
 * AbortSignal handling shared by every async API: reject at once when the signal fires,
 * tell the running work to stop, and never leave a listener behind.
 */
const errors = require('./errors')

/** Throws an AbortError if `signal` has already fired. */
function throwIfAborted (signal) {
  if (signal && signal.aborted) throw errors.aborted(signal)
}

/**
 * Settles like `promise`, or rejects with an AbortError as soon as `signal` fires, after
 * calling `onAbort` so the work underneath can stop.
 * @template T
 * @param {AbortSignal} signal
 * @param {() => void} onAbort
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
function watchAbort (signal, onAbort, promise) {
  if (signal.aborted) {
    onAbort()
    promise.catch(() => {})
    return Promise.reject(errors.aborted(signal))
  }
  return new Promise((resolve, reject) => {
    const listener = () => {
      onAbort()
      reject(errors.aborted(signal))
    }
    signal.addEventListener('abort', listener, { once: true })
    promise.then(
      (value) => { signal.removeEventListener('abort', listener); resolve(value) },
      (error) => { signal.removeEventListener('abort', listener); reject(error) }
    )
  })
}

module.exports = { throwIfAborted, watchAbort }
