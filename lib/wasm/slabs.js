'use strict'
/**
 * Reusable buffers for input on its way to a worker. A fresh buffer costs ~0.7 ms per MiB
 * here (the pages are zeroed and faulted in on first touch); reusing one leaves only the
 * copy. Slabs are sized in powers of two from 1 MiB and kept up to a small total, so
 * memory held between calls stays bounded.
 *
 * Two kinds, one per way input reaches workers (lib/wasm/pool.js `PoolHost.move`):
 * SharedArrayBuffers the workers read in place, given back once no worker reads them; and
 * ArrayBuffers moved to a worker, which moves each back with its reply (lib/wasm/jobs.js).
 */
const { isShared } = require('../input')

const MIN_SLAB = 1 << 20
/** Most bytes of idle slabs of one kind kept for reuse. */
const MAX_IDLE_BYTES = 64 << 20

function capacityFor (length) {
  let capacity = MIN_SLAB
  while (capacity < length) capacity *= 2
  return capacity
}

/**
 * Idle slabs made by `make(capacity)`, by capacity.
 * @template {ArrayBufferLike} B
 * @param {(capacity: number) => B} make
 */
function createSlabs (make) {
  /** @type {Map<number, B[]>} */
  const idle = new Map()
  let idleBytes = 0
  return {
    /** A slab of at least `length` bytes. @param {number} length @returns {B} */
    take (length) {
      const capacity = capacityFor(length)
      const free = idle.get(capacity)
      const slab = free && free.pop()
      if (!slab) return make(capacity)
      idleBytes -= capacity
      return slab
    },
    /** Keeps `slab` for reuse, while the idle total allows. @param {B} slab */
    give (slab) {
      const capacity = slab.byteLength
      if (capacity !== capacityFor(capacity) || idleBytes + capacity > MAX_IDLE_BYTES) return
      idleBytes += capacity
      const kept = idle.get(capacity) || []
      kept.push(slab)
      idle.set(capacity, kept)
    }
  }
}

const sharedSlabs = createSlabs((capacity) => new SharedArrayBuffer(capacity))
const movedSlabs = createSlabs((capacity) => new ArrayBuffer(capacity))

/**
 * @typedef {{ range: { buffer: ArrayBufferLike, offset: number, length: number }, transfer: ArrayBuffer[], release(returned?: ArrayBuffer): void }} Moved
 */

/**
 * Input bytes as a range of a SharedArrayBuffer (copied into a slab unless they already
 * live in one), with `release` to call once no worker reads the range any more.
 * @param {Uint8Array} bytes
 * @returns {Moved}
 */
function shareable (bytes) {
  if (isShared(bytes)) return { range: { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength }, transfer: [], release () {} }
  const slab = sharedSlabs.take(bytes.byteLength)
  new Uint8Array(slab, 0, bytes.byteLength).set(bytes)
  let released = false
  return {
    range: { buffer: slab, offset: 0, length: bytes.byteLength },
    transfer: [],
    release () {
      if (released) return
      released = true
      sharedSlabs.give(slab)
    }
  }
}

/**
 * Input bytes copied into an ArrayBuffer slab that is moved to the worker (the caller's
 * own buffer is never moved); `release` takes the slab the worker moved back, if any.
 * @param {Uint8Array} bytes
 * @returns {Moved}
 */
function movable (bytes) {
  const slab = movedSlabs.take(bytes.byteLength)
  new Uint8Array(slab, 0, bytes.byteLength).set(bytes)
  return {
    range: { buffer: slab, offset: 0, length: bytes.byteLength },
    transfer: [slab],
    release (returned) {
      if (returned) movedSlabs.give(returned)
    }
  }
}

module.exports = { shareable, movable }
