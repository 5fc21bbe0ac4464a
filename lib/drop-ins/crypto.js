'use strict'
/**
 * `require('hashmill/crypto')`: node:crypto's `createHash()` and `hash()` with their
 * signatures and behaviour (string input encodings, `digest()` to a Buffer or a string,
 * `copy()`, the Transform stream, the same errors for misuse), over hashmill's hashers:
 * every algorithm hashmill has (`createHash('blake3')`, `'xxh3'`, `'sha256'`, ...), none
 * through OpenSSL. Git blob IDs take their length first: `createHash('git-sha1', { size })`.
 */
const { Transform } = require('node:stream')
/** @type {any} the package's API (its types are index.d.ts) */
const hashmill = require('../..')

const ENCODINGS = new Set(['utf8', 'utf-8', 'utf16le', 'utf-16le', 'ucs2', 'ucs-2', 'latin1', 'binary', 'ascii', 'base64', 'base64url', 'hex'])

function withCode (error, code) {
  error.code = code
  return error
}

/** node:crypto's error for a hash used after digest(). */
function finalized () {
  return withCode(new Error('Digest already called'), 'ERR_CRYPTO_HASH_FINALIZED')
}

function invalidArgType (name, expected, value) {
  const received = value === null ? 'null' : typeof value === 'object' ? `an instance of ${value.constructor ? value.constructor.name : 'Object'}` : `type ${typeof value} (${String(value)})`
  return withCode(new TypeError(`The "${name}" argument must be ${expected}. Received ${received}`), 'ERR_INVALID_ARG_TYPE')
}

/** `data` as bytes, decoded from `encoding` when it is a string (node:crypto's rules). */
function bytesOf (data, encoding) {
  if (typeof data === 'string') {
    const name = typeof encoding === 'string' ? encoding.toLowerCase() : 'utf8'
    return Buffer.from(data, ENCODINGS.has(name) ? /** @type {BufferEncoding} */ (name) : 'utf8')
  }
  if (ArrayBuffer.isView(data)) return data
  throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data)
}

/** The hashmill hasher for node:crypto's `(algorithm, options)`. */
function hasherFor (algorithm, options) {
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm)
  const { outputLength, size } = options || {}
  const name = algorithm.toLowerCase()
  if (!hashmill.algorithms.includes(name)) throw withCode(new Error('Digest method not supported'), 'ERR_OSSL_EVP_UNSUPPORTED')
  return hashmill.createHasher({ algorithm: name, outputLength, size, encoding: 'buffer' })
}

/** node:crypto's Hash: an incremental hash and a Transform stream that emits its digest. */
class Hash extends Transform {
  #hasher
  #finished = false

  /**
   * @param {string} algorithm
   * @param {{ outputLength?: number, size?: number | bigint } & import('node:stream').TransformOptions} [options]
   */
  constructor (algorithm, options) {
    const { outputLength, size, ...streamOptions } = options || {}
    super(streamOptions)
    this.#hasher = /** @type {any} */ (algorithm) instanceof hashmill.Hasher ? algorithm : hasherFor(algorithm, { outputLength, size })
  }

  /**
   * Feeds `data` (a string decoded with `inputEncoding`, default UTF-8).
   * @param {string | ArrayBufferView} data
   * @param {BufferEncoding} [inputEncoding]
   */
  update (data, inputEncoding) {
    if (this.#finished) throw finalized()
    this.#hasher.update(bytesOf(data, inputEncoding))
    return this
  }

  /**
   * The digest: a Buffer, or a string in `encoding`. A hash gives one digest.
   * @param {BufferEncoding} [encoding]
   */
  digest (encoding) {
    if (this.#finished) throw finalized()
    this.#finished = true
    const digest = /** @type {Buffer} */ (this.#hasher.digest('buffer'))
    return encoding === undefined || /** @type {string} */ (encoding) === 'buffer' ? digest : digest.toString(encoding)
  }

  /** An independent Hash with the same state. */
  copy (options) {
    if (this.#finished) throw finalized()
    return new Hash(/** @type {any} */ (this.#hasher.copy()), options)
  }

  _transform (chunk, encoding, callback) {
    try {
      this.update(chunk, encoding)
      callback()
    } catch (error) {
      callback(error)
    }
  }

  _flush (callback) {
    try {
      this.push(this.digest())
      callback()
    } catch (error) {
      callback(error)
    }
  }
}

/**
 * node:crypto's `createHash(algorithm[, options])`.
 * @param {string} algorithm
 * @param {{ outputLength?: number, size?: number | bigint } & import('node:stream').TransformOptions} [options]
 */
function createHash (algorithm, options) {
  return new Hash(algorithm, options)
}

/**
 * node:crypto's one-shot `hash(algorithm, data[, outputEncoding = 'hex'])`.
 * @param {string} algorithm
 * @param {string | ArrayBufferView} data
 * @param {BufferEncoding | 'buffer'} [outputEncoding]
 */
function hash (algorithm, data, outputEncoding = 'hex') {
  if (typeof data !== 'string' && !ArrayBuffer.isView(data)) throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data)
  if (typeof outputEncoding !== 'string') throw invalidArgType('outputEncoding', 'of type string', outputEncoding)
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm)
  const name = algorithm.toLowerCase()
  if (!hashmill.algorithms.includes(name)) throw withCode(new Error('Digest method not supported'), 'ERR_OSSL_EVP_UNSUPPORTED')
  const digest = /** @type {Buffer} */ (hashmill.hashSync(data, { algorithm: name, encoding: 'buffer' }))
  return outputEncoding === 'buffer' ? digest : digest.toString(/** @type {BufferEncoding} */ (outputEncoding))
}

/** node:crypto's `getHashes()`: the algorithms createHash() takes. */
function getHashes () {
  return [...hashmill.algorithms]
}

module.exports = { createHash, hash, getHashes, Hash }
