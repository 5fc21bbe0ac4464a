'use strict'
/**
 * `require('hashmill/crypto')`: node:crypto's `createHash()` and `hash()` with their
 * signatures and behaviour (string input encodings, `digest()` to a Buffer or a string,
 * `copy()`, the Transform stream, the same errors for misuse), over hashmill's hashers:
 * every algorithm hashmill has (`createHash('blake3')`, `'xxh3'`, `'sha256'`, ...) and
 * OpenSSL's other names for them (`'RSA-SHA256'`, `'sha-256'`), none through OpenSSL. Git
 * blob IDs take their length first: `createHash('git-sha1', { size })`.
 *
 * Node's rules followed here (lib/internal/crypto/hash.js and the C++ behind it): a string
 * is decoded with its encoding (unknown: UTF-8; `hex` of odd length is refused), a digest
 * encoding Node does not know gives a Buffer, `outputLength` is checked as a uint32 and
 * must be the digest's own length but for an extendable-output function (BLAKE3 here),
 * and the stream's digest does not finalize the object for `digest()`.
 */
const { Transform } = require('node:stream')
const errors = require('../errors')
/** @type {any} the package's API (its types are index.d.ts) */
const hashmill = require('../..')

/** Node's string encodings (what `Buffer` decodes), by the names it accepts in any case. */
const ENCODINGS = new Map(['utf8', 'utf-8', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'latin1', 'binary', 'ascii', 'base64', 'base64url', 'hex']
  .map((name) => [name, name]))
/** OpenSSL's other names of the algorithms hashmill has (lower-cased, as Node matches them). */
const ALIASES = new Map(Object.entries({
  md5: ['rsa-md5', 'md5withrsaencryption', 'ssl3-md5'],
  sha1: ['rsa-sha1', 'sha1withrsaencryption', 'ssl3-sha1', 'sha-1'],
  sha256: ['rsa-sha256', 'sha256withrsaencryption', 'sha2-256', 'sha-256'],
  sha384: ['rsa-sha384', 'sha384withrsaencryption', 'sha2-384', 'sha-384'],
  sha512: ['rsa-sha512', 'sha512withrsaencryption', 'sha2-512', 'sha-512']
}).flatMap(([name, aliases]) => aliases.map((alias) => [alias, name])))
/** Algorithms whose digest length is chosen (`outputLength`). */
const EXTENDABLE = new Set(['blake3'])

function withCode (error, code) {
  error.code = code
  return error
}

/** node:crypto's error for a hash used after digest(). */
function finalized () {
  return withCode(new Error('Digest already called'), 'ERR_CRYPTO_HASH_FINALIZED')
}

const DATA_TYPES = 'of type string or an instance of Buffer, TypedArray, or DataView'

/** hashmill's name of the algorithm node:crypto's `name` means, or undefined. */
function algorithmOf (name) {
  const lower = name.toLowerCase()
  return hashmill.algorithms.includes(lower) ? lower : ALIASES.get(lower)
}

/** A string encoding's canonical name, or undefined when Node does not know it. */
function encodingOf (encoding) {
  return typeof encoding === 'string' ? ENCODINGS.get(encoding.toLowerCase()) : undefined
}

/** `data` as bytes, decoded from `encoding` when it is a string (node:crypto's rules). */
function bytesOf (data, encoding) {
  if (typeof data === 'string') {
    const name = encodingOf(encoding) || 'utf8'
    if (name === 'hex' && data.length % 2 !== 0) {
      throw withCode(new TypeError(`The argument 'encoding' is invalid for data of length ${data.length}. Received '${encoding}'`), 'ERR_INVALID_ARG_VALUE')
    }
    return Buffer.from(data, /** @type {BufferEncoding} */ (name))
  }
  if (ArrayBuffer.isView(data)) return data
  throw errors.invalidType('data', DATA_TYPES, data)
}

/** The hashmill hasher for node:crypto's `(algorithm, options)`. */
function hasherFor (algorithm, options) {
  if (typeof algorithm !== 'string') throw errors.invalidType('algorithm', 'of type string', algorithm)
  const { outputLength, size } = options || {}
  const name = algorithmOf(algorithm)
  if (name === undefined) throw new Error('Digest method not supported')
  if (outputLength !== undefined) {
    if (typeof outputLength !== 'number') throw errors.invalidType('options.outputLength', 'of type number', outputLength, 'property')
    if (!Number.isInteger(outputLength)) throw errors.outOfRange('options.outputLength', 'an integer', outputLength)
    if (outputLength < 0 || outputLength > 0xffffffff) throw errors.outOfRange('options.outputLength', '>= 0 && <= 4294967295', outputLength)
  }
  const extendable = EXTENDABLE.has(name)
  // An extendable output of 0 bytes is made at the default length and cut (HashStream).
  const hasher = hashmill.createHasher({ algorithm: name, outputLength: extendable && outputLength !== 0 ? outputLength : undefined, size, encoding: 'buffer' })
  if (!extendable && outputLength !== undefined && outputLength !== hasher.outputLength) {
    throw withCode(new Error('error:030000B2:digital envelope routines::not XOF or invalid length'), 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH')
  }
  return hasher
}

/** node:crypto's Hash: an incremental hash and a Transform stream that emits its digest. */
class HashStream extends Transform {
  #hasher
  /** Set by digest(): the object gives one digest. */
  #finalized = false
  /**
   * The digest once computed (the stream's end computes it without finalizing the object).
   * @type {Buffer | null}
   */
  #digest = null

  /**
   * @param {string | HashStream} algorithm a name, or (copy()) the hash to continue
   * @param {{ outputLength?: number, size?: number | bigint } & import('node:stream').TransformOptions} [options]
   */
  constructor (algorithm, options) {
    const { outputLength, size, ...streamOptions } = options || {}
    super(streamOptions)
    if (algorithm instanceof HashStream) {
      this.#hasher = algorithm.#hasher.copy()
      this.#empty = algorithm.#empty
    } else {
      this.#hasher = hasherFor(algorithm, { outputLength, size })
      this.#empty = outputLength === 0
    }
  }

  /** An extendable output asked for with `outputLength: 0`: its digest is empty. */
  #empty

  /**
   * Feeds `data` (a string decoded with `inputEncoding`, default UTF-8).
   * @param {string | ArrayBufferView} data
   * @param {BufferEncoding} [inputEncoding]
   */
  update (data, inputEncoding) {
    if (this.#finalized) throw finalized()
    const bytes = bytesOf(data, inputEncoding)
    if (this.#digest !== null) throw withCode(new Error('Hash update failed'), 'ERR_CRYPTO_HASH_UPDATE_FAILED')
    this.#hasher.update(bytes)
    return this
  }

  /**
   * The digest's bytes, computed once.
   * @returns {Buffer}
   */
  #bytes () {
    if (this.#digest === null) this.#digest = /** @type {Buffer} */ (this.#hasher.digest('buffer')).subarray(0, this.#empty ? 0 : undefined)
    return this.#digest
  }

  /**
   * The digest: a Buffer, or a string in `encoding` (one Node does not know: a Buffer).
   * A hash gives one digest.
   * @param {BufferEncoding} [encoding]
   */
  digest (encoding) {
    if (this.#finalized) throw finalized()
    // As Node: a truthy encoding is made a string first (which may throw).
    const name = encodingOf(encoding && `${encoding}`)
    const digest = this.#bytes()
    this.#finalized = true
    return name === undefined ? digest : digest.toString(/** @type {BufferEncoding} */ (name))
  }

  /** An independent Hash with the same state. */
  copy (options) {
    if (this.#finalized) throw finalized()
    return new HashStream(this, options)
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
      this.push(this.#bytes())
      callback()
    } catch (error) {
      callback(error)
    }
  }
}

/**
 * node:crypto's `Hash`: a constructor that also works without `new`.
 * @param {string} algorithm
 * @param {object} [options]
 */
function Hash (algorithm, options) {
  return new HashStream(algorithm, options)
}
Hash.prototype = HashStream.prototype

/**
 * node:crypto's `createHash(algorithm[, options])`.
 * @param {string} algorithm
 * @param {{ outputLength?: number, size?: number | bigint } & import('node:stream').TransformOptions} [options]
 */
function createHash (algorithm, options) {
  return new HashStream(algorithm, options)
}

/**
 * node:crypto's one-shot `hash(algorithm, data[, outputEncoding = 'hex'])`.
 * @param {string} algorithm
 * @param {string | ArrayBufferView} data
 * @param {BufferEncoding | 'buffer'} [outputEncoding]
 */
function hash (algorithm, data, outputEncoding = 'hex') {
  if (typeof algorithm !== 'string') throw errors.invalidType('algorithm', 'of type string', algorithm)
  if (typeof data !== 'string' && !ArrayBuffer.isView(data)) throw errors.invalidType('input', DATA_TYPES, data)
  if (typeof outputEncoding !== 'string') throw errors.invalidType('outputEncoding', 'of type string', outputEncoding)
  const encoding = outputEncoding.toLowerCase() === 'buffer' ? 'buffer' : encodingOf(outputEncoding)
  if (encoding === undefined) throw withCode(new TypeError(`The argument 'outputEncoding' is invalid. Received '${outputEncoding}'`), 'ERR_INVALID_ARG_VALUE')
  const name = algorithmOf(algorithm)
  if (name === undefined) throw new Error(`Digest method ${algorithm} is not supported`)
  const digest = /** @type {Buffer} */ (hashmill.hashSync(data, { algorithm: name, encoding: 'buffer' }))
  return encoding === 'buffer' ? digest : digest.toString(/** @type {BufferEncoding} */ (encoding))
}

/** node:crypto's `getHashes()`: the algorithms createHash() takes (by hashmill's names). */
function getHashes () {
  return [...hashmill.algorithms]
}

module.exports = { createHash, hash, getHashes, Hash }
