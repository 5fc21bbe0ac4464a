'use strict'
/**
 * What Node offers the runtime-neutral modules of lib/: digests as Buffers (their views,
 * copies and string encodings), UTF-8 in and out, the longest view V8 makes, `inspect` for
 * error messages, and OpenSSL. The browser and workerd build (scripts/build.js) bundles
 * lib/web/runtime.js in this module's place, with the same exports, so every module that
 * requires this one runs there unchanged. It is also the tiny path's platform
 * (lib/tiny.js `TinyPlatform`).
 */
const { inspect } = require('node:util')
const { constants } = require('node:buffer')
const { openssl } = require('./openssl')

/** @type {import('./tiny').TinyPlatform['view']} */
const view = (bytes) => Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

module.exports = {
  inspect,
  /** @type {import('./openssl').OpenSsl | null} node:crypto (browsers have none) */
  openssl,
  /** The longest Uint8Array V8 makes (2^32 in Node 20): an ArrayBuffer or DataView may be longer. */
  MAX_VIEW_BYTES: constants.MAX_LENGTH,
  view,
  /** @type {(bytes: Uint8Array) => Buffer} a copy the caller owns */
  copy: (bytes) => Buffer.from(bytes),
  /** @type {(list: Uint8Array[]) => Buffer} */
  concat: (list) => Buffer.concat(list),
  /** @type {(text: string) => Buffer} `text` as UTF-8 (a lone surrogate becomes U+FFFD) */
  utf8: (text) => Buffer.from(text, 'utf8'),
  /** @type {(bytes: Uint8Array, encoding: 'hex'|'base64'|'base64url', start?: number, end?: number) => string} */
  text: (bytes, encoding, start, end) => view(bytes).toString(encoding, start, end),
  /** @type {import('./tiny').TinyPlatform['writeUtf8']} */
  writeUtf8: (target, text) => view(target).write(text)
}
