'use strict'
/**
 * `require('hashmill/webpack')`: classes for webpack's `output.hashFunction`. `xxhash64`
 * gives exactly the digests of webpack's built-in `'xxhash64'` (so switching changes no
 * `[contenthash]`); `xxh3`, `blake3` and `sha256` are hashmill's.
 *
 * webpack makes a hash object for every module, chunk and asset and feeds each a few
 * short strings: the cost per object and per call is what matters, not the hashing. So
 * strings are only joined (V8 joins them without copying) until `digest()`, or until they
 * are long enough to be worth a call; then they are encoded into one buffer shared by
 * every object (they are all used from this one thread, and the bytes are hashed before
 * the call returns) and hashed with one call: `hashSync` for the usual object that never
 * outgrew one batch, a hasher for the others.
 */
/** @type {any} the package's API (its types are index.d.ts) */
const hashmill = require('../..')

/** Characters of pending text hashed at once (their UTF-8 bytes fit the shared buffer). */
const BATCH_CHARS = 16 * 1024
/** Where pending text is encoded before it is hashed: up to 3 bytes per UTF-16 unit. */
const scratch = Buffer.allocUnsafe(3 * BATCH_CHARS)
/** Digest encodings hashmill gives itself (others are made from the bytes). */
const ENCODINGS = new Set(['hex', 'base64', 'base64url'])

/** @param {string} algorithm */
function hashClass (algorithm) {
  return class {
    /** Strings given and not hashed yet. */
    #text = ''
    /** @type {any} the hasher, once the input outgrew one batch or came as bytes */
    #hasher = null

    /**
     * @param {string | Buffer} data
     * @param {BufferEncoding} [inputEncoding]
     */
    update (data, inputEncoding) {
      if (typeof data === 'string' && (inputEncoding === undefined || inputEncoding === 'utf8' || inputEncoding === 'utf-8')) {
        if (this.#text.length + data.length > BATCH_CHARS) this.#flush()
        if (data.length > BATCH_CHARS) this.#started().update(data)
        else this.#text += data
        return this
      }
      this.#flush()
      this.#started().update(typeof data === 'string' ? Buffer.from(data, inputEncoding) : data)
      return this
    }

    #started () {
      if (this.#hasher === null) this.#hasher = hashmill.createHasher(algorithm)
      return this.#hasher
    }

    /** The pending text's bytes, in the shared buffer (valid until the next call). */
    #pending () {
      const bytes = scratch.subarray(0, scratch.write(this.#text, 0))
      this.#text = ''
      return bytes
    }

    #flush () {
      if (this.#text !== '') this.#started().update(this.#pending())
    }

    /**
     * The digest as webpack asks for it: a string in `encoding`, or a Buffer.
     * @param {BufferEncoding} [encoding]
     */
    digest (encoding) {
      const own = encoding !== undefined && ENCODINGS.has(encoding) ? encoding : 'buffer'
      let digest
      if (this.#hasher === null) {
        digest = hashmill.hashSync(this.#pending(), { algorithm, encoding: own })
      } else {
        this.#flush()
        digest = this.#hasher.digest(own)
      }
      return encoding === undefined || own === encoding ? digest : digest.toString(encoding)
    }
  }
}

module.exports = {
  xxhash64: hashClass('xxh64'),
  xxh3: hashClass('xxh3'),
  blake3: hashClass('blake3'),
  sha256: hashClass('sha256')
}
