'use strict'
/**
 * The core's replies to the build-tool calls (hashmill-core `reply.rs`), decoded once for
 * both backends: cached file hashing as the columns hashFiles uses, git trees and work
 * trees, and the cache's new saved form that comes after a reply from the wasm backend,
 * whose workers keep no cache between calls.
 */

/**
 * Reads the core's little-endian records. Strings are decoded straight from the reply
 * (no Buffer per field, no BigInt per size): a work tree of 20,000 files is decoded here
 * on the main thread.
 */
class Reader {
  /** @param {Uint8Array} bytes */
  constructor (bytes) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.at = 0
  }

  u8 () { return this.bytes[this.at++] }
  u32 () { const v = this.bytes.readUInt32LE(this.at); this.at += 4; return v }
  /** A u64 as a Number (sizes: exact below 2^53). */
  u64 () { const v = this.bytes.readUInt32LE(this.at) + this.bytes.readUInt32LE(this.at + 4) * 0x100000000; this.at += 8; return v }
  take (n) { const v = this.bytes.subarray(this.at, this.at + n); this.at += n; return v }
  bytesField () { return this.take(this.u32()) }
  /** A byte string decoded as `encoding`. */
  text (encoding) { const n = this.u32(); const v = this.bytes.toString(encoding, this.at, this.at + n); this.at += n; return v }
  string () { return this.text('utf8') }
  list (read) { const n = this.u32(); const out = new Array(n); for (let i = 0; i < n; i++) out[i] = read(); return out }
}

/** git's modes as it prints them, by number (the few a tree holds, and any other). */
const MODES = new Map([0o100644, 0o100755, 0o120000, 0o160000].map((m) => [m, m.toString(8)]))
const modeText = (mode) => MODES.get(mode) || mode.toString(8).padStart(6, '0')

/**
 * The reply of a call made with a cache, and the cache's new bytes after it.
 * @param {Uint8Array} bytes
 */
function splitCache (bytes) {
  const r = new Reader(bytes)
  const reply = r.bytesField()
  return { reply, cache: Buffer.from(r.bytes.subarray(r.at)) }
}

/**
 * Cached file hashing as the columns of hashFiles (lib/files/results.js `FilesOutcome`).
 * @param {Uint8Array} bytes
 * @param {number} outputLength
 */
function decodeFiles (bytes, outputLength) {
  return readFiles(new Reader(bytes), outputLength)
}

/**
 * A directory's files hashed through the cache: `{ paths }` (NUL-separated, relative to
 * the walk's root) with the columns of {@link decodeFiles}, then `manifest` and its
 * `digest` (empty when a file failed).
 * @param {Uint8Array} bytes
 * @param {number} outputLength
 */
function decodeTreeFiles (bytes, outputLength) {
  const r = new Reader(bytes)
  const paths = r.bytesField()
  const files = readFiles(r, outputLength)
  return { paths, ...files, manifest: r.string(), digest: r.bytesField() }
}

/**
 * The columns of a files reply, read from `r`: the sizes (f64s, read little-endian
 * whatever the machine), the digests as they are in the reply, then the failures.
 */
function readFiles (r, outputLength) {
  const count = r.u32()
  const sizes = new Float64Array(count)
  const view = new DataView(r.bytes.buffer, r.bytes.byteOffset + r.at, count * 8)
  for (let i = 0; i < count; i++) sizes[i] = view.getFloat64(i * 8, true)
  r.at += count * 8
  const digests = r.take(count * outputLength)
  const failures = r.list(() => ({ index: r.u32(), code: r.string(), message: r.string() }))
  return { sizes, digests, failures }
}

/** `{ path, mode, id, size }` entries; mode as git prints it ('100644'). */
function entries (r) {
  return r.list(() => {
    const mode = modeText(r.u32())
    const size = r.u64()
    const id = r.text('hex')
    return { path: r.string(), mode, id, size }
  })
}

/** A directory's git tree: `{ id, files, listing }`. */
function decodeDirTree (bytes) {
  const r = new Reader(bytes)
  const id = Buffer.from(r.bytesField())
  return { id, files: entries(r), listing: r.string() }
}

/** A work tree: `{ files, modified, deleted, untracked, unmerged, unsupported }`. */
function decodeWorkTree (bytes) {
  const r = new Reader(bytes)
  const files = entries(r)
  const paths = () => r.list(() => r.string())
  const modified = paths()
  const deleted = paths()
  const untracked = paths()
  const unmerged = paths()
  const unsupported = r.list(() => ({ path: r.string(), reason: r.string() }))
  return { files, modified, deleted, untracked, unmerged, unsupported }
}

module.exports = { splitCache, decodeFiles, decodeTreeFiles, decodeDirTree, decodeWorkTree }
