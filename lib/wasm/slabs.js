'use strict'
/**
 * Reusable SharedArrayBuffers for input on its way to a worker. A fresh
 * SharedArrayBuffer costs ~0.7 ms per MiB here (the pages are zeroed and faulted in on
 * first touch); reusing one leaves only the copy. Slabs are sized in powers of two from
 * 1 MiB and kept up to a small total, so memory held between calls stays bounded.
 */
const { isShared } = require('../input')

const MIN_SLAB = 1 << 20
/** Most bytes of idle slabs kept for reuse. */
const MAX_IDLE_BYTES = 64 << 20

/** @type {Map<number, SharedArrayBuffer[]>} idle slabs by capacity */
const idle = new Map()
let idleBytes = 0

function capacityFor (length) {
  let capacity = MIN_SLAB
  while (capacity < length) capacity *= 2
  return capacity
}

/**
 * A slab holding a copy of `bytes`, and the function that gives it back once no worker
 * reads it any more.
 * @param {Uint8Array} bytes
 */
function copyToSlab (bytes) {
  const capacity = capacityFor(bytes.byteLength)
  const free = idle.get(capacity)
  let sab = free && free.pop()
  if (sab) idleBytes -= capacity
  else sab = new SharedArrayBuffer(capacity)
  const slab = sab
  new Uint8Array(slab, 0, bytes.byteLength).set(bytes)
  let released = false
  return {
    range: { buffer: slab, offset: 0, length: bytes.byteLength },
    transfer: [],
    release () {
      if (released || idleBytes + capacity > MAX_IDLE_BYTES) return
      released = true
      idleBytes += capacity
      const kept = idle.get(capacity) || []
      kept.push(slab)
      idle.set(capacity, kept)
    }
  }
}

/**
 * Input bytes as a range of a SharedArrayBuffer (copied into a slab unless they already
 * live in one), with `release` to call once no worker reads the range any more: the pool's
 * `PoolHost.move` where memory can be shared.
 * @param {Uint8Array} bytes
 * @returns {{ range: { buffer: ArrayBufferLike, offset: number, length: number }, transfer: ArrayBuffer[], release(): void }}
 */
function shareable (bytes) {
  if (isShared(bytes)) return { range: { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength }, transfer: [], release () {} }
  return copyToSlab(bytes)
}

module.exports = { shareable }
