'use strict'
/**
 * The byte replies of the wasm module's file calls (binding-wasm `replies.rs`) as the
 * shapes lib/files reads, the ones the native addon returns:
 *
 *   hashFile   `[0][size u64][digest]`                         → `{ size, digest }`
 *   walk step  `[0][count u32]`, then `[len u32][path][size u64]` → `{ paths, sizes, count }`
 *   failure    `[1][len u32][path][CODE\nmessage]`             → `{ code, message, path }`
 *
 * and the columns of many files (`{ sizes, digests, failures }`) built from file replies.
 */
const OK = 0
const NUL = Buffer.from([0])

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
 * A walk step: its files' relative paths (NUL-separated) and sizes.
 * @param {Uint8Array} reply
 */
function decodeWalkStep (reply) {
  const bytes = bytesOf(reply)
  if (bytes[0] !== OK) return failure(bytes)
  const count = bytes.readUInt32LE(1)
  const paths = []
  const sizes = new Float64Array(count)
  let at = 5
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32LE(at)
    if (i > 0) paths.push(NUL)
    paths.push(bytes.subarray(at + 4, at + 4 + length))
    sizes[i] = Number(bytes.readBigUInt64LE(at + 4 + length))
    at += 12 + length
  }
  return { paths: Buffer.concat(paths), sizes, count }
}

/**
 * The columns of file replies: sizes, digests of `outputLength` bytes, failures (with the
 * index of each, counted from `first`).
 * @param {Uint8Array[]} replies
 * @param {number} outputLength
 */
function fileColumns (replies, outputLength, first = 0) {
  const sizes = new Float64Array(replies.length)
  const digests = Buffer.alloc(replies.length * outputLength)
  const failures = []
  replies.forEach((reply, i) => {
    const outcome = decodeFile(reply)
    if (outcome.code) failures.push({ index: first + i, code: outcome.code, message: outcome.message })
    else {
      sizes[i] = outcome.size
      digests.set(outcome.digest, i * outputLength)
    }
  })
  return { sizes, digests, failures }
}

/** Columns of consecutive batches, as one. */
function joinColumns (parts) {
  let offset = 0
  const failures = []
  for (const part of parts) {
    for (const failure of part.failures) failures.push({ ...failure, index: failure.index + offset })
    offset += part.sizes.length
  }
  const sizes = new Float64Array(offset)
  let at = 0
  for (const part of parts) {
    sizes.set(part.sizes, at)
    at += part.sizes.length
  }
  return { sizes, digests: Buffer.concat(parts.map((part) => bytesOf(part.digests))), failures }
}

module.exports = { decodeFile, decodeWalkStep, fileColumns, joinColumns }
