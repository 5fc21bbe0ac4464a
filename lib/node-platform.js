'use strict'
/**
 * What Node offers the runtime-neutral modules: Buffer views for the encoder, UTF-8
 * written in place, and OpenSSL.
 */
const { openssl } = require('./openssl')

/** @type {import('./tiny').TinyPlatform} */
const nodePlatform = {
  view: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  writeUtf8: (target, text) => /** @type {Buffer} */ (target).write(text),
  openssl
}

module.exports = { nodePlatform }
