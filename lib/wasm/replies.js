'use strict'
/**
 * The byte replies of the wasm module's file calls (binding-wasm `fs_bridge.rs`) as the
 * outcomes lib/files.js reads, in the shape the native addon returns them:
 *
 *   hashFile  `[0][size u64][digest]`               → `{ size, digest }`
 *   walk      `[0]` then `[len u32][path][size u64]`… → `{ files: [{ path, size }] }`
 *   failure   `[1][len u32][path][CODE\nmessage]`    → `{ code, message, path }`
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

/** @param {Uint8Array} reply */
function decodeWalk (reply) {
  const bytes = bytesOf(reply)
  if (bytes[0] !== OK) return failure(bytes)
  const files = []
  for (let at = 1; at < bytes.length;) {
    const length = bytes.readUInt32LE(at)
    const path = Buffer.from(bytes.subarray(at + 4, at + 4 + length))
    const size = Number(bytes.readBigUInt64LE(at + 4 + length))
    files.push({ path, size })
    at += 12 + length
  }
  return { files }
}

module.exports = { decodeFile, decodeWalk }
