'use strict'
/**
 * The parts of one file hashed on the wasm backend: the calling thread reads the file a
 * chunk at a time into shared memory (which the workers read in place) and several parts
 * hash at once, each in its own worker session, in one pass. The outcome has the shape
 * the native addon's `hashFileParts` gives: `{ size, digest }` or `{ code, message }`,
 * with `ECHANGED` when the file's size changes meanwhile or it holds more bytes than its
 * size says (as /proc files do, which the native loop reads to their end).
 */
const fs = require('node:fs')
const { hashPartsRead, partSizes } = require('../parts')

/**
 * @param {object} backend the wasm backend (its createAsyncHasher)
 * @param {import('../options').Spec} spec
 * @param {Uint8Array} path
 * @param {number} partSize
 * @param {AbortSignal | undefined} signal
 * @param {{ concurrency: number, changed: string }} how parts at once; the core's code for a changed file
 */
async function hashFileParts (backend, spec, path, partSize, signal, { concurrency, changed }) {
  /** @type {fs.promises.FileHandle | undefined} */
  let handle
  const changedOutcome = (before, after) => ({ code: changed, message: `file changed size while it was hashed (${before} bytes, then ${after})` })
  try {
    handle = await fs.promises.open(Buffer.from(path), 'r')
    const file = handle
    const before = await file.stat()
    if (before.isDirectory()) return { code: 'EISDIR', message: 'Is a directory' }
    let short = -1
    const read = async (offset, length) => {
      const buffer = Buffer.from(new SharedArrayBuffer(length))
      const { bytesRead } = await file.read(buffer, 0, length, offset)
      if (bytesRead < length) short = offset + bytesRead
      return buffer.subarray(0, bytesRead)
    }
    const digest = await hashPartsRead(backend, spec, partSizes(before.size, partSize), read, signal, concurrency)
    const after = (await file.stat()).size
    if (short >= 0 || after !== before.size) return changedOutcome(before.size, short >= 0 ? short : after)
    const { bytesRead: beyond } = await file.read(Buffer.alloc(1), 0, 1, before.size)
    if (beyond > 0) return changedOutcome(before.size, `more than ${before.size}`)
    return { size: before.size, digest }
  } catch (error) {
    if (typeof error.code === 'string' && typeof error.syscall === 'string') return { code: error.code, message: error.message }
    throw error
  } finally {
    if (handle) await handle.close()
  }
}

module.exports = { hashFileParts }
