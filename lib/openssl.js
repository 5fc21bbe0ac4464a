'use strict'
/**
 * node:crypto (OpenSSL) for the algorithms it has, decided here once: the tiny path hands
 * it string-encoded SHA-2/SHA-1/MD5 digests of small inputs (its one-shot call is the
 * fastest there is), and the wasm backend all its SHA-2/SHA-1/MD5 hashing (OpenSSL's SHA-NI
 * and assembly code is 2-6x faster than any wasm build). Digests are the standard values
 * either way; the tests compare every path with the Rust core's.
 */
const crypto = require('node:crypto')

/** Hash names this OpenSSL build offers (a FIPS build may lack MD5). */
const offered = new Set(crypto.getHashes())

/**
 * node:crypto's one-shot digest in a string encoding (crypto.hash is Node >= 20.12 / 21.7).
 * @type {(name: string, data: Uint8Array | string, encoding: string) => string}
 */
const oneShot = typeof crypto.hash === 'function'
  ? (name, data, encoding) => String(crypto.hash(name, data, /** @type {any} */ (encoding)))
  : (name, data, encoding) => crypto.createHash(name).update(data).digest(/** @type {any} */ (encoding))

/**
 * @typedef {object} OpenSsl
 * @property {(info: import('./algorithms').AlgorithmInfo) => string | null} nameOf the OpenSSL
 *   name to hash `info` with, or null where OpenSSL does not have it
 * @property {(name: string, data: Uint8Array | string, encoding: string) => string} hash
 * @property {(name: string) => import('node:crypto').Hash} createHash
 */

/** @type {OpenSsl} */
const openssl = {
  nameOf: (info) => info.cryptoName !== null && offered.has(info.cryptoName) ? info.cryptoName : null,
  hash: oneShot,
  createHash: (name) => crypto.createHash(name)
}

module.exports = { openssl }
