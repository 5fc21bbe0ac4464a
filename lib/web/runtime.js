'use strict'
/**
 * What browsers and workerd offer the runtime-neutral modules of lib/, with the exports of
 * lib/runtime.js (Node's), which the web build (scripts/lib/web-bundle.js) replaces with
 * this module: digests as plain Uint8Arrays (`encoding: 'buffer'` gives one), hex and
 * base64 encoded here (by the engine's own `toHex`/`toBase64` where it has them), UTF-8
 * through TextEncoder, a short `inspect` for error messages, and no OpenSSL.
 */

const encoder = new TextEncoder()
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
/** Bytes turned into one string per call of String.fromCharCode (well below engines' argument limits). */
const CHARS_PER_CALL = 0x8000

/** @param {Uint8Array} bytes */
function hex (bytes) {
  const any = /** @type {any} */ (bytes)
  if (typeof any.toHex === 'function') return any.toHex()
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]]
  return out
}

/** @param {Uint8Array} bytes */
function base64 (bytes) {
  const any = /** @type {any} */ (bytes)
  if (typeof any.toBase64 === 'function') return any.toBase64()
  let binary = ''
  for (let at = 0; at < bytes.length; at += CHARS_PER_CALL) {
    binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(at, at + CHARS_PER_CALL)))
  }
  return btoa(binary)
}

/** Base64 with the URL alphabet and no padding, as Node's 'base64url' gives it. */
function base64url (bytes) {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * @param {Uint8Array} bytes
 * @param {'hex'|'base64'|'base64url'} encoding
 * @param {number} [start]
 * @param {number} [end]
 */
function text (bytes, encoding, start, end) {
  const range = start === undefined ? bytes : bytes.subarray(start, end)
  if (encoding === 'hex') return hex(range)
  return encoding === 'base64' ? base64(range) : base64url(range)
}

/** @param {Uint8Array[]} list */
function concat (list) {
  let length = 0
  for (const bytes of list) length += bytes.byteLength
  const out = new Uint8Array(length)
  let at = 0
  for (const bytes of list) {
    out.set(bytes, at)
    at += bytes.byteLength
  }
  return out
}

/**
 * A value as error messages show it, in the spirit of Node's util.inspect.
 * @param {unknown} value
 * @param {{ maxStringLength?: number }} [how]
 */
function inspect (value, { maxStringLength = Infinity } = {}) {
  if (typeof value === 'string') {
    const more = value.length - maxStringLength
    return more > 0 ? `'${value.slice(0, maxStringLength)}'... ${more} more characters` : `'${value}'`
  }
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return `[Function: ${value.name || '(anonymous)'}]`
  if (value === null || typeof value !== 'object') return String(value)
  const name = value.constructor && value.constructor.name
  return name ? `${name} {}` : '[Object: null prototype] {}'
}

module.exports = {
  inspect,
  openssl: null,
  /** The longest input hashed in one call, as in Node 20 (longer data goes through a hasher or a stream). */
  MAX_VIEW_BYTES: 2 ** 32,
  /** @param {Uint8Array} bytes */
  view: (bytes) => bytes,
  /** @param {Uint8Array} bytes */
  copy: (bytes) => bytes.slice(),
  concat,
  /** @param {string} value */
  utf8: (value) => encoder.encode(value),
  text,
  /** @param {Uint8Array} target @param {string} value */
  writeUtf8: (target, value) => encoder.encodeInto(value, target).written
}
