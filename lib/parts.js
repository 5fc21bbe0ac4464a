'use strict'
/**
 * Input that JavaScript reads a chunk at a time (a Blob; a file on the wasm backend),
 * handed to off-thread hashers: one input whole, or the parts of one input, each by its
 * own hasher, several parts at once, in one pass over the input. Memory stays bounded: one
 * chunk per hasher in flight.
 */
const errors = require('./errors')
const { asBuffer } = require('./encoding')
const { concat } = require('./runtime')
const { throwIfAborted } = require('./abort')

/** How much of an input is read and handed to its hasher at a time. */
const CHUNK_BYTES = 8 << 20

/**
 * @typedef {{ createAsyncHasher(spec: any): { update(bytes: Uint8Array, signal?: AbortSignal): any, digest(signal?: AbortSignal): Promise<Uint8Array>, close(): void } }} AsyncHashers
 * @typedef {(offset: number, length: number) => Promise<Uint8Array>} Read `length` bytes at `offset`
 */

/**
 * The digest of the `size` bytes `read` gives from `start` on, read a chunk at a time.
 * @param {AsyncHashers} backend
 * @param {import('./options').Spec} spec
 * @param {number} size
 * @param {Read} read
 * @param {AbortSignal | undefined} signal
 * @param {(bytes: number) => void} [onBytes] called with each chunk's length once it is hashed
 * @param {number} [start]
 * @returns {Promise<Uint8Array>}
 */
async function hashRead (backend, spec, size, read, signal, onBytes, start = 0) {
  const hasher = backend.createAsyncHasher(spec)
  try {
    for (let done = 0; done < size; done += CHUNK_BYTES) {
      const length = Math.min(CHUNK_BYTES, size - done)
      const bytes = await read(start + done, length)
      throwIfAborted(signal)
      await hasher.update(bytes, signal)
      if (onBytes) onBytes(length)
    }
    return asBuffer(await hasher.digest(signal))
  } finally {
    hasher.close()
  }
}

/**
 * A Read over `blob`'s bytes; a Blob that cannot be read (a File changed on disk since it
 * was picked) fails with ERR_HASHMILL_BLOB_UNREADABLE.
 * @param {Blob} blob
 * @returns {Read}
 */
function blobReader (blob) {
  return async (offset, length) => {
    try {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer())
    } catch (error) {
      throw errors.blobUnreadable(error)
    }
  }
}

/**
 * The digests of consecutive parts of `sizes` bytes, joined in order.
 * @param {AsyncHashers} backend
 * @param {import('./options').Spec} spec
 * @param {number[]} sizes the parts' lengths
 * @param {Read} read
 * @param {AbortSignal | undefined} signal
 * @param {number} concurrency parts hashed at once
 * @returns {Promise<Uint8Array>}
 */
async function hashPartsRead (backend, spec, sizes, read, signal, concurrency) {
  const starts = []
  let at = 0
  for (const size of sizes) {
    starts.push(at)
    at += size
  }
  /** @type {Uint8Array[]} */
  const digests = new Array(sizes.length)
  let next = 0
  let failed = false

  async function worker () {
    while (next < sizes.length && !failed) {
      const index = next++
      try {
        digests[index] = await hashRead(backend, spec, sizes[index], read, signal, undefined, starts[index])
      } catch (error) {
        failed = true
        throw error
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, sizes.length) }, worker))
  return concat(digests)
}

/**
 * The lengths of the parts of `size` bytes in parts of `partSize`: all full but the last,
 * and one (empty) part for no bytes.
 * @param {number} size
 * @param {number} partSize
 */
function partSizes (size, partSize) {
  const count = Math.max(1, Math.ceil(size / partSize))
  return Array.from({ length: count }, (_, i) => Math.min(partSize, size - i * partSize))
}

module.exports = { hashRead, blobReader, hashPartsRead, partSizes }
