'use strict'
/**
 * The byte replies of the wasm module's file calls (binding-wasm `replies.rs`) as the
 * shapes lib/files reads, the ones the native addon returns:
 *
 *   hashFile   `[0][size u64][digest]`                         → `{ size, digest }`
 *   hashFiles  `[count u32]` sizes digests, failures           → `{ sizes, digests, failures }`
 *   walk step  `[0][count u32]`, then the paths NUL-separated   → `{ paths, count }`
 *   walk sizes `[0][count u32]`, then `count` sizes (f64)       → `{ sizes }`
 *   failure    `[1][len u32][path][CODE\nmessage]`             → `{ code, message, path }`
 *
 * and the columns of consecutive batches joined into one.
 */
const OK = 0

/** @param {Uint8Array} reply */
function bytesOf (reply) {
  return Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength)
}

function failure (bytes) {
  const length = bytes.readUInt32LE(1)
  const path = Buffer.from(bytes.subarray(5, 5 + length))
  const text = bytes.subarray(5 + length).toString()
  const split = text.indexOf('\n')
  return { code: text.slice(0, split), message: text.slice(split + 1), path }
}

/** @param {Uint8Array} reply */
function decodeFile (reply) {
  const bytes = bytesOf(reply)
  if (bytes[0] !== OK) return failure(bytes)
  return { size: Number(bytes.readBigUInt64LE(1)), digest: bytes.subarray(9) }
}

/**
 * A walk step: its files' relative paths, NUL-separated (a view of the reply, which holds
 * nothing else).
 * @param {Uint8Array} reply
 */
function decodeWalkStep (reply) {
  const bytes = bytesOf(reply)
  if (bytes[0] !== OK) return failure(bytes)
  return { paths: bytes.subarray(5), count: bytes.readUInt32LE(1) }
}

/**
 * Sizes found apart from their walk.
 * @param {Uint8Array} reply
 */
function decodeSizes (reply) {
  const bytes = bytesOf(reply)
  if (bytes[0] !== OK) return failure(bytes)
  const count = bytes.readUInt32LE(1)
  const sizes = new Float64Array(count)
  for (let i = 0; i < count; i++) sizes[i] = bytes.readDoubleLE(5 + 8 * i)
  return { sizes }
}

/**
 * The columns reply of many files, digests of `outputLength` bytes each.
 * @param {Uint8Array} reply
 * @param {number} outputLength
 */
function decodeColumns (reply, outputLength) {
  const bytes = bytesOf(reply)
  const count = bytes.readUInt32LE(0)
  const sizes = new Float64Array(count)
  for (let i = 0; i < count; i++) sizes[i] = bytes.readDoubleLE(4 + 8 * i)
  const start = 4 + 8 * count
  const digests = bytes.subarray(start, start + count * outputLength)
  const failures = []
  for (let at = start + count * outputLength; at < bytes.length;) {
    const index = bytes.readUInt32LE(at)
    const length = bytes.readUInt32LE(at + 4)
    const text = bytes.toString('utf8', at + 8, at + 8 + length)
    const split = text.indexOf('\n')
    failures.push({ index, code: text.slice(0, split), message: text.slice(split + 1) })
    at += 8 + length
  }
  return { sizes, digests, failures }
}

/**
 * Consecutive batches' sizes, as one column.
 * @param {Float64Array[]} parts
 */
function concatSizes (parts) {
  const all = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    all.set(part, at)
    at += part.length
  }
  return all
}

/** Columns of consecutive batches, as one. */
function joinColumns (parts) {
  let offset = 0
  const failures = []
  for (const part of parts) {
    for (const failure of part.failures) failures.push({ ...failure, index: failure.index + offset })
    offset += part.sizes.length
  }
  return { sizes: concatSizes(parts.map((part) => part.sizes)), digests: Buffer.concat(parts.map((part) => bytesOf(part.digests))), failures }
}

module.exports = { decodeFile, decodeColumns, decodeWalkStep, decodeSizes, concatSizes, joinColumns }
