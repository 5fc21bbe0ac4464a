'use strict'
/**
 * Digest encodings. Backends always return the canonical digest bytes (big-endian for
 * xxHash and CRC); this module turns them into what the caller asked for.
 */

const ENCODINGS = ['hex', 'base64', 'base64url', 'buffer', 'bigint']

/**
 * @param {Buffer} digest canonical digest bytes, owned by the caller from here on
 * @param {'hex'|'base64'|'base64url'|'buffer'|'bigint'} encoding validated by options.js
 * @returns {string|Buffer|bigint}
 */
function encode (digest, encoding) {
  switch (encoding) {
    case 'buffer': return digest
    case 'bigint': return digest.length === 0 ? 0n : BigInt('0x' + digest.toString('hex'))
    default: return digest.toString(encoding)
  }
}

/** A Buffer over the bytes a binding returned (a Buffer already, or a Uint8Array from wasm). */
function asBuffer (bytes) {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

module.exports = { ENCODINGS, encode, asBuffer }
