'use strict'
/**
 * `require('hashmill/webpack')`: classes for webpack's `output.hashFunction`. `xxhash64`
 * gives exactly the digests of webpack's built-in `'xxhash64'` (so switching changes no
 * `[contenthash]`); `xxh3`, `blake3` and `sha256` are hashmill's. webpack calls
 * `update()` with many short strings: they are gathered in a buffer here and hashed in
 * one call when it fills or at `digest()`, so the cost per call is a string copy.
 */
/** @type {any} the package's API (its types are index.d.ts) */
const hashmill = require('../..')

/** Bytes gathered before they are handed to the hasher. */
const BATCH_BYTES = 64 * 1024

/** @param {string} algorithm */
function hashClass (algorithm) {
  return class {
    #batch = Buffer.allocUnsafe(BATCH_BYTES)
    #used = 0
    /** @type {any} the hasher, once more than a batch came */
    #hasher = null

    /**
     * @param {string | Buffer} data
     * @param {BufferEncoding} [inputEncoding]
     */
    update (data, inputEncoding) {
      if (typeof data === 'string') {
        // A string's bytes fit when its UTF-16 length times 3 does; else it is encoded first.
        if (data.length * 3 <= BATCH_BYTES - this.#used) {
          this.#used += this.#batch.write(data, this.#used, inputEncoding || 'utf8')
          return this
        }
        data = Buffer.from(data, inputEncoding || 'utf8')
      }
      if (data.length <= BATCH_BYTES - this.#used) {
        this.#batch.set(data, this.#used)
        this.#used += data.length
        return this
      }
      this.#flush()
      if (data.length > BATCH_BYTES) /** @type {any} */ (this.#hasher).update(data)
      else {
        this.#batch.set(data, 0)
        this.#used = data.length
      }
      return this
    }

    #flush () {
      if (this.#hasher === null) this.#hasher = hashmill.createHasher(algorithm)
      this.#hasher.update(this.#batch.subarray(0, this.#used))
      this.#used = 0
    }

    /**
     * The digest as webpack asks for it: a string in `encoding`, or a Buffer.
     * @param {BufferEncoding} [encoding]
     */
    digest (encoding) {
      let digest
      if (this.#hasher === null) {
        digest = /** @type {Buffer} */ (hashmill.hashSync(this.#batch.subarray(0, this.#used), { algorithm, encoding: 'buffer' }))
      } else {
        this.#flush()
        digest = /** @type {Buffer} */ (this.#hasher.digest('buffer'))
      }
      return encoding ? digest.toString(encoding) : digest
    }
  }
}

module.exports = {
  xxhash64: hashClass('xxh64'),
  xxh3: hashClass('xxh3'),
  blake3: hashClass('blake3'),
  sha256: hashClass('sha256')
}
