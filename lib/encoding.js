'use strict'
/**
 * Digest encodings. Backends always return the canonical digest bytes (big-endian for
 * xxHash and CRC); this module turns them into what the caller asked for. Bytes come back
 * as the runtime's own (lib/runtime.js): a Buffer in Node, a Uint8Array in browsers.
 */
const runtime = require('./runtime')

/** @typedef {'hex'|'base64'|'base64url'|'buffer'|'bigint'} Encoding */

/** @type {readonly string[]} */
const ENCODINGS = ['hex', 'base64', 'base64url', 'buffer', 'bigint']

/**
 * @param {Uint8Array} digest canonical digest bytes
 * @param {Encoding} encoding validated by lib/options
 * @param {boolean} [scratch] whether `digest` is a reused scratch buffer (then a 'buffer'
 *   result is a copy; otherwise the caller owns `digest` and gets it as it is)
 * @returns {string|Buffer|bigint}
 */
function encode (digest, encoding, scratch = false) {
  switch (encoding) {
    case 'buffer': return scratch ? runtime.copy(digest) : runtime.view(digest)
    case 'bigint': return toBigInt(digest)
    default: return runtime.text(digest, encoding)
  }
}

/** The big-endian value of up to 8 bytes (options.js allows 'bigint' only up to 64 bits). */
function toBigInt (digest) {
  switch (digest.length) {
    // V8's own big-endian read, without the BigInt arithmetic of Buffer#readBigUInt64BE.
    case 8: return new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0)
    case 4: return BigInt(new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0))
    default: {
      let value = 0n
      for (const byte of digest) value = (value << 8n) | BigInt(byte)
      return value
    }
  }
}

/**
 * The digest at `index` of `digests` (digests of `length` bytes each, concatenated), in
 * `encoding`, without a view per digest where the encoding allows.
 * @param {Uint8Array} digests
 * @param {number} index
 * @param {number} length
 * @param {Encoding} encoding
 * @returns {string|Buffer|bigint}
 */
function encodeAt (digests, index, length, encoding) {
  const start = index * length
  switch (encoding) {
    case 'buffer': return runtime.copy(digests.subarray(start, start + length))
    case 'bigint': return toBigInt(digests.subarray(start, start + length))
    default: return runtime.text(digests, encoding, start, start + length)
  }
}

/** The runtime's bytes over what a binding returned (a Buffer already, or a Uint8Array from wasm). */
const asBuffer = runtime.view

/**
 * The digests of `digests` (of `length` bytes each, concatenated) by index, in
 * `encoding`. Hex is encoded once for all of them and sliced (V8 slices without copying),
 * where a hex string per digest costs a call into the runtime each; unless each string is
 * to be its own (`own`), as a slice keeps the whole text alive.
 * @param {Uint8Array} digests
 * @param {number} length
 * @param {Encoding} encoding
 * @param {boolean} [own]
 * @returns {(index: number) => string|Buffer|bigint}
 */
function digestsBy (digests, length, encoding, own = false) {
  if (own || encoding !== 'hex') return (index) => encodeAt(digests, index, length, encoding)
  const text = runtime.text(digests, 'hex')
  return (index) => text.slice(2 * length * index, 2 * length * (index + 1))
}

module.exports = { ENCODINGS, encode, encodeAt, digestsBy, asBuffer }
