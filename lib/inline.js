'use strict'
/**
 * When `hash()` may hash on the main thread: when the hash takes no longer than handing it
 * off would. Each backend measures its round-trip cost; each algorithm's single-thread
 * speed comes from the core's table (its `speed`, measured by bench/). Where handing off
 * also costs the main thread a copy of the input (the wasm backend copies it into shared
 * memory), that copy counts too: an algorithm that hashes about as fast as memory copies
 * is cheaper to hash in place than to copy. So the main thread never spends longer inline
 * than it would have spent handing the work off.
 */

/** Below this every algorithm is inline: no hop is cheaper than hashing 4 KiB. */
const MIN_INLINE_BYTES = 4 * 1024
/** What one input of a batch costs beyond its bytes (a one-shot call's setup), in bytes. */
const COST_PER_INPUT = 64

/**
 * The work of a batch of `count` inputs holding `bytes` bytes in all, in bytes of hashing,
 * to weigh it against the inline thresholds and to share it out.
 * @param {number} bytes
 * @param {number} count
 */
function batchWork (bytes, count) {
  return bytes + count * COST_PER_INPUT
}

/**
 * @param {number} hopMicros the measured cost of one round trip to the pool, in µs
 * @param {readonly import('./algorithms').AlgorithmInfo[]} algorithms the core's table
 * @param {{ copyBytesPerMicro: number, maxBytes: number }} [copy] what handing off copies
 *   on the main thread (bytes per µs), and the most a hash in place may take then
 * @returns {Readonly<Record<string, number>>} inline threshold in bytes per algorithm name
 */
function inlineThresholds (hopMicros, algorithms, copy) {
  /** @type {Record<string, number>} */
  const thresholds = {}
  for (const { name, speed } of algorithms) {
    // Inline while bytes / speed <= hop + bytes / copy speed.
    const bytes = !copy
      ? hopMicros * speed
      : speed >= copy.copyBytesPerMicro
        ? copy.maxBytes
        : Math.min(copy.maxBytes, hopMicros / (1 / speed - 1 / copy.copyBytesPerMicro))
    thresholds[name] = Math.max(MIN_INLINE_BYTES, Math.floor(bytes / 1024) * 1024)
  }
  return Object.freeze(thresholds)
}

module.exports = { inlineThresholds, batchWork }
