'use strict'
/**
 * Node's fs for hashmill-core's walker running in wasm (binding-wasm/src/fs_bridge.rs),
 * and the decoder of the walk's reply. Replies are binary: a status byte (0 ok, 1 error,
 * 2 missing) and then the payload or `CODE\nmessage`.
 */
const fs = require('node:fs')

const OK = 0
const ERROR = 1
const MISSING = 2
const SLASH = Buffer.from('/')

function kindOf (entry) {
  if (entry.isSymbolicLink()) return 2
  if (entry.isDirectory()) return 1
  if (entry.isFile()) return 0
  return 3
}

function errorReply (error) {
  return Buffer.concat([Buffer.from([ERROR]), Buffer.from(`${error.code || 'EIO'}\n${error.message}`)])
}

function u64 (value) {
  const out = Buffer.alloc(8)
  out.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)))
  return out
}

/**
 * The object the wasm walker calls; `root` is the walk root as bytes. Once `cancelled()`
 * turns true every directory read fails with ECANCELED, which ends the walk.
 */
function createFsBridge (root, cancelled) {
  const full = (rel) => rel.length ? Buffer.concat([root, SLASH, rel]) : root
  return {
    readDir (rel) {
      if (cancelled()) return errorReply({ code: 'ECANCELED', message: 'cancelled' })
      try {
        const parts = [Buffer.from([OK])]
        for (const entry of fs.readdirSync(full(rel), { withFileTypes: true, encoding: 'buffer' })) {
          const header = Buffer.alloc(5)
          header[0] = kindOf(entry)
          header.writeUInt32LE(entry.name.length, 1)
          parts.push(header, entry.name)
        }
        return Buffer.concat(parts)
      } catch (error) {
        return errorReply(error)
      }
    },
    stat (rel) {
      try {
        const st = fs.statSync(full(rel), { bigint: true })
        return Buffer.concat([Buffer.from([OK, kindOf(st)]), u64(st.size), u64(st.dev), u64(st.ino)])
      } catch (error) {
        return errorReply(error)
      }
    },
    readFile (rel) {
      try {
        return Buffer.concat([Buffer.from([OK]), fs.readFileSync(full(rel))])
      } catch (error) {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return Buffer.from([MISSING])
        return errorReply(error)
      }
    }
  }
}

/**
 * The walk reply as the native binding shapes it:
 * `{ files: [{ path: Buffer, size }] }` or `{ code, message, path: Buffer }`.
 */
function decodeWalk (reply) {
  const bytes = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength)
  if (bytes[0] === OK) {
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
  const length = bytes.readUInt32LE(1)
  const path = Buffer.from(bytes.subarray(5, 5 + length))
  const text = bytes.subarray(5 + length).toString()
  const split = text.indexOf('\n')
  return { code: text.slice(0, split), message: text.slice(split + 1), path }
}

module.exports = { createFsBridge, decodeWalk }
