'use strict'
/**
 * When `hash()` may hash on the main thread: when the hash takes no longer than a trip to
 * the thread pool would. Each backend measures its round-trip cost and each algorithm's
 * single-thread speed (bench/); the threshold is their product, per algorithm. So the main
 * thread never spends longer inline than it would have spent handing the work off.
 */

/** Below this every algorithm is inline: no hop is cheaper than hashing 4 KiB. */
const MIN_INLINE_BYTES = 4 * 1024

/**
 * @param {number} hopMicros the measured cost of one round trip to the pool, in µs
 * @param {Record<string, number>} bytesPerMicro single-thread speed per algorithm
 * @returns {Readonly<Record<string, number>>} inline threshold in bytes per algorithm
 */
function inlineThresholds (hopMicros, bytesPerMicro) {
  const thresholds = {}
  for (const [name, speed] of Object.entries(bytesPerMicro)) {
    thresholds[name] = Math.max(MIN_INLINE_BYTES, Math.floor(hopMicros * speed / 1024) * 1024)
  }
  return Object.freeze(thresholds)
}

module.exports = { inlineThresholds }
