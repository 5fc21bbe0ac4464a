'use strict'
/**
 * node:crypto (OpenSSL) for the algorithms it has, decided here once: the tiny path hands
 * it string-encoded SHA-2/SHA-1/MD5 digests of small inputs (its one-shot call is the
 * fastest there is), and the wasm backend all its SHA-2/SHA-1/MD5 hashing (OpenSSL's SHA-NI
 * and assembly code is 2-6x faster than any wasm build). Digests are the standard values
 * either way; the tests compare every path with the Rust core's.
 */

/**
 * node:crypto, loaded on first use: a run that never hashes with OpenSSL (the CLI on the
 * native backend, most file work) does not pay for its start-up.
 * @type {typeof import('node:crypto') | null}
 */
let crypto = null
const nodeCrypto = () => crypto || (crypto = require('node:crypto'))

/** Hash names this OpenSSL build offers (a FIPS build may lack MD5). */
let offered = null
const offers = (name) => (offered || (offered = new Set(nodeCrypto().getHashes()))).has(name)

/**
 * node:crypto's one-shot digest in a string encoding (crypto.hash is Node >= 20.12 / 21.7),
 * chosen once: callers keep the function itself, so a 32-byte digest pays for no wrapper.
 * @returns {(name: string, data: Uint8Array | string, encoding: string) => string}
 */
function chooseOneShot () {
  const node = nodeCrypto()
  return typeof node.hash === 'function'
    ? /** @type {any} */ (node.hash)
    : (name, data, encoding) => node.createHash(name).update(data).digest(/** @type {any} */ (encoding))
}
/** @type {((name: string, data: Uint8Array | string, encoding: string) => string) | null} */
let hashOneShot = null

/**
 * @typedef {object} OpenSsl
 * @property {(info: import('./algorithms').AlgorithmInfo) => string | null} nameOf the OpenSSL
 *   name to hash `info` with, or null where OpenSSL does not have it
 * @property {() => (name: string, data: Uint8Array | string, encoding: string) => string} oneShot
 *   the one-shot digest function (in a string encoding)
 * @property {(name: string) => import('node:crypto').Hash} createHash
 * @property {() => boolean} loaded whether node:crypto is loaded yet (its load costs 3-5 ms)
 */

/** @type {OpenSsl} */
const openssl = {
  nameOf: (info) => info.cryptoName !== null && offers(info.cryptoName) ? info.cryptoName : null,
  oneShot: () => hashOneShot || (hashOneShot = chooseOneShot()),
  createHash: (name) => nodeCrypto().createHash(name),
  loaded: () => crypto !== null
}

module.exports = { openssl }
