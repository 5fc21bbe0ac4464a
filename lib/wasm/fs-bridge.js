'use strict'
/**
 * Node's fs for hashmill-core's walker and file-hashing loop running in wasm
 * (binding-wasm `fs_bridge.rs`). Replies are small binary records; a failed call returns
 * `undefined` (or -1 where a number is expected) and `error()` then gives `CODE\nmessage`.
 * The bridge also carries the call's cancel flag and progress counters.
 */
const fs = require('node:fs')

const SLASH = Buffer.from('/')

function kindOf (entry) {
  if (entry.isSymbolicLink()) return 2
  if (entry.isDirectory()) return 1
  if (entry.isFile()) return 0
  return 3
}

/** `[kind u8][size u64][dev u64][ino u64]` of BigInt stats (exact device and inode numbers). */
function statReply (st) {
  const out = Buffer.alloc(25)
  out[0] = kindOf(st)
  out.writeBigUInt64LE(BigInt.asUintN(64, st.size), 1)
  out.writeBigUInt64LE(BigInt.asUintN(64, st.dev), 9)
  out.writeBigUInt64LE(BigInt.asUintN(64, st.ino), 17)
  return out
}

/**
 * Full metadata of BigInt stats: `[kind u8][mode u32][size u64][dev u64][ino u64][uid u32]
 * [gid u32][mtime secs i64][mtime nanos u32][ctime secs i64][ctime nanos u32]`.
 */
function metaReply (st) {
  const out = Buffer.alloc(61)
  out[0] = kindOf(st)
  out.writeUInt32LE(Number(st.mode), 1)
  out.writeBigUInt64LE(BigInt.asUintN(64, st.size), 5)
  out.writeBigUInt64LE(BigInt.asUintN(64, st.dev), 13)
  out.writeBigUInt64LE(BigInt.asUintN(64, st.ino), 21)
  out.writeUInt32LE(Number(st.uid), 29)
  out.writeUInt32LE(Number(st.gid), 33)
  let at = 37
  for (const ns of [BigInt(st.mtimeNs), BigInt(st.ctimeNs)]) {
    const secs = ns >= 0n ? ns / 1000000000n : -((-ns + 999999999n) / 1000000000n)
    out.writeBigInt64LE(secs, at)
    out.writeUInt32LE(Number(ns - secs * 1000000000n), at + 8)
    at += 12
  }
  return out
}

/**
 * The same reply for an open file, whose device and inode nobody asks for (0): from Number
 * stats, so the read loop of every file does not allocate a dozen BigInts.
 */
function fileStatReply (st) {
  const out = Buffer.alloc(25)
  out[0] = kindOf(st)
  out.writeUInt32LE(st.size % 0x100000000, 1)
  out.writeUInt32LE(Math.floor(st.size / 0x100000000), 5)
  return out
}

/** Whether `text` holds only ASCII characters (a latin1 name is then also its UTF-8). */
const isAscii = (text) => !/[\u0080-\uffff]/.test(text)

/**
 * @param {object} how
 * @param {WebAssembly.Memory} how.memory the instance's memory, which `read` fills
 * @param {Buffer} [how.root] walks: paths are relative to it; files: paths are used as they are
 * @param {() => boolean} [how.cancelled]
 * @param {(bytes: number) => void} [how.onBytes]
 * @param {() => void} [how.onFile] one more file is done
 */
function createFsBridge ({ memory, root, cancelled = () => false, onBytes = () => {}, onFile = () => {} }) {
  // A walk's paths are relative to the root; git's global files come as absolute paths.
  const full = (rel) => root === undefined || rel[0] === SLASH[0] ? rel : rel.length ? Buffer.concat([root, SLASH, rel]) : root
  let last = 'EIO\nunknown error'

  /** Runs `fn`, or records its error and gives `failed`. */
  function attempt (fn, failed) {
    try {
      return fn()
    } catch (error) {
      if (typeof error.code !== 'string' || !error.syscall) throw error
      last = `${error.code}\n${error.message}`
      return failed
    }
  }

  return {
    /**
     * Records `[kind u8][name length u32][size u64, all ones when not asked or not a file][name]`.
     * Names are read as latin1 strings (a byte a character, so lossless, and far cheaper to
     * make than a Buffer each) and written back as the same bytes.
     */
    readDir: (rel, sizes) => attempt(() => {
      const dir = full(rel)
      // A path may come as a plain Uint8Array (a message's copy of a Buffer).
      const dirText = Buffer.from(dir.buffer, dir.byteOffset, dir.byteLength).toString('latin1')
      const dirAscii = isAscii(dirText)
      /** The path of `name` in this directory, as fs takes it (a string only when ASCII). */
      const pathOf = (name) => dirAscii && isAscii(name) ? `${dirText}/${name}` : Buffer.concat([dir, SLASH, Buffer.from(name, 'latin1')])
      const entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'latin1' })
      let out = Buffer.allocUnsafe(entries.length * 40 + 64)
      let at = 0
      for (const entry of entries) {
        // Bun may ignore withFileTypes along with an encoding: it gives the names only.
        const name = typeof entry === 'string' ? entry : entry.name
        if (at + 13 + name.length > out.length) {
          const grown = Buffer.allocUnsafe(2 * out.length + 13 + name.length)
          out.copy(grown, 0, 0, at)
          out = grown
        }
        const kind = kindOf(typeof entry === 'string' ? fs.lstatSync(pathOf(name)) : entry)
        out[at] = kind
        out.writeUInt32LE(name.length, at + 1)
        if (sizes && kind === 0) {
          // A regular file: the same followed or not; Number stats (no BigInt per file).
          const size = fs.statSync(pathOf(name)).size
          out.writeUInt32LE(size % 0x100000000, at + 5)
          out.writeUInt32LE(Math.floor(size / 0x100000000), at + 9)
        } else {
          out.fill(0xff, at + 5, at + 13)
        }
        at += 13 + out.write(name, at + 13, 'latin1')
      }
      return out.subarray(0, at)
    }, undefined),
    stat: (rel) => attempt(() => statReply(fs.statSync(full(rel), { bigint: true })), undefined),
    /** Number stats: no BigInt, no Date made per file. */
    size: (rel) => attempt(() => fs.statSync(full(rel)).size, -1),
    readFile: (rel) => attempt(() => fs.readFileSync(full(rel)), undefined),
    meta: (rel, follow) => attempt(() => metaReply((follow ? fs.statSync : fs.lstatSync)(full(rel), { bigint: true })), undefined),
    readLink: (rel) => attempt(() => fs.readlinkSync(full(rel), { encoding: 'buffer' }), undefined),
    realPath: (rel) => attempt(() => fs.realpathSync.native(full(rel), { encoding: 'buffer' }), undefined),
    open: (path) => attempt(() => fs.openSync(full(path), 'r'), -1),
    fstat: (fd) => attempt(() => fileStatReply(fs.fstatSync(fd)), undefined),
    read: (fd, pointer, length, position) =>
      attempt(() => fs.readSync(fd, new Uint8Array(memory.buffer, pointer, length), 0, length, position < 0 ? null : position), -1),
    close: (fd) => attempt(() => fs.closeSync(fd), undefined),
    error: () => last,
    cancelled,
    progress: onBytes,
    fileDone: onFile
  }
}

module.exports = { createFsBridge }
