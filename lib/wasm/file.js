'use strict'
/**
 * Hashing one file with a wasm instance: the file is read a chunk at a time straight into
 * the instance's staging area, so any size (also > 4 GiB) hashes in bounded memory. Used
 * by the pool workers and by the main-thread instance for `hashFileSync`.
 *
 * Returns the same outcome shape as the native binding: `{ size, digest }` or
 * `{ code, message }`; lib/files.js turns failures into errors.
 */
const fs = require('node:fs')
const { stage, CHUNK_BYTES } = require('./instance')

/**
 * @param {{ glue: any, memory: WebAssembly.Memory }} instance
 * @param {() => any} newHasher makes a WasmHasher of `instance` for the call's spec
 * @param {Buffer} path
 * @param {number} outputLength
 * @param {{ beforeChunk?: () => void, onBytes?: (n: number) => void }} watch
 */
function hashFileWith (instance, newHasher, path, outputLength, watch = {}) {
  let fd
  let hasher
  try {
    fd = fs.openSync(path, 'r')
    const before = fs.fstatSync(fd)
    if (before.isDirectory()) return { code: 'EISDIR', message: 'EISDIR: illegal operation on a directory, read' }
    hasher = newHasher()
    let total = 0
    while (true) {
      if (watch.beforeChunk) watch.beforeChunk()
      const n = fs.readSync(fd, stage(instance, CHUNK_BYTES), 0, CHUNK_BYTES, null)
      if (n === 0) break
      hasher.updateStaged(n)
      total += n
      if (watch.onBytes) watch.onBytes(n)
    }
    const now = instance.glue.changedSize(before.isFile(), before.size, total, fs.fstatSync(fd).size)
    if (now !== undefined) {
      return { code: 'ECHANGED', message: `file changed size while it was hashed (${before.size} bytes, then ${now})` }
    }
    return { size: total, digest: hasher.digest(outputLength) }
  } catch (error) {
    if (!error.code || typeof error.code !== 'string' || !error.syscall) throw error
    return { code: error.code, message: error.message }
  } finally {
    if (hasher) hasher.free()
    if (fd !== undefined) fs.closeSync(fd)
  }
}

module.exports = { hashFileWith }
