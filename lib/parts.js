'use strict'
/**
 * The parts of an input that JavaScript reads a chunk at a time (a Blob; a file on the
 * wasm backend), each hashed by its own off-thread hasher, several parts at once, in one
 * pass over the input. Memory stays bounded: one chunk per part in flight.
 */
const { asBuffer } = require('./encoding')

/** How much of a part is read and handed to its hasher at a time. */
const CHUNK_BYTES = 8 << 20

/**
 * The digests of consecutive parts of `sizes` bytes, joined in order.
 * @param {{ createAsyncHasher(spec: any): { update(bytes: Uint8Array, signal?: AbortSignal): any, digest(signal?: AbortSignal): Promise<Uint8Array>, close(): void } }} backend
 * @param {import('./options').Spec} spec
 * @param {number[]} sizes the parts' lengths
 * @param {(offset: number, length: number) => Promise<Uint8Array>} read `length` bytes at `offset`
 * @param {AbortSignal | undefined} signal
 * @param {number} concurrency parts hashed at once
 * @returns {Promise<Buffer>}
 */
async function hashPartsRead (backend, spec, sizes, read, signal, concurrency) {
  const starts = []
  let at = 0
  for (const size of sizes) {
    starts.push(at)
    at += size
  }
  /** @type {Buffer[]} */
  const digests = new Array(sizes.length)
  let next = 0
  let failed = false

  async function hashPart (index) {
    const hasher = backend.createAsyncHasher(spec)
    try {
      for (let done = 0; done < sizes[index]; done += CHUNK_BYTES) {
        const length = Math.min(CHUNK_BYTES, sizes[index] - done)
        await hasher.update(await read(starts[index] + done, length), signal)
      }
      return asBuffer(await hasher.digest(signal))
    } finally {
      hasher.close()
    }
  }

  async function worker () {
    while (next < sizes.length && !failed) {
      const index = next++
      try {
        digests[index] = await hashPart(index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, sizes.length) }, worker))
  return Buffer.concat(digests)
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

module.exports = { hashPartsRead, partSizes }
