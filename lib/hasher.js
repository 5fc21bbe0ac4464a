'use strict'
/**
 * The public streaming Hasher returned by `createHasher()`. It runs on the calling thread
 * (like node:crypto's Hash); use `hashStream()` to hash a stream off the main thread.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { encode, asBuffer } = require('./encoding')

class Hasher {
  #state
  #spec
  #encodingOf
  #finalized = false

  /** @internal use createHasher() */
  constructor (state, spec, encodingOf) {
    this.#state = state
    this.#spec = spec
    this.#encodingOf = encodingOf
  }

  /** The algorithm name. */
  get algorithm () { return this.#spec.info.name }

  /** The number of bytes `digest()` produces. */
  get outputLength () { return this.#spec.outputLength }

  /**
   * Feeds more input. Returns the hasher, so calls can be chained.
   * @param {string|Buffer|ArrayBufferView|ArrayBuffer|SharedArrayBuffer} input
   */
  update (input) {
    if (this.#finalized) throw errors.finalized('update')
    this.#state.update(toBytes(input, 'input'))
    return this
  }

  /**
   * The digest of everything fed so far. A hasher gives one digest; `copy()` first to
   * keep hashing after it.
   * @param {'hex'|'base64'|'base64url'|'buffer'|'bigint'} [encoding] defaults to the
   *   `encoding` option given to createHasher, else 'hex'
   */
  digest (encoding) {
    if (this.#finalized) throw errors.finalized('digest')
    const chosen = this.#encodingOf(this.#spec.info, encoding === undefined ? this.#spec.encoding : encoding, this.#spec.outputLength)
    const digest = asBuffer(this.#state.digest(this.#spec.outputLength))
    this.#finalized = true
    return encode(digest, chosen)
  }

  /** An independent hasher with the same state (and options). */
  copy () {
    if (this.#finalized) throw errors.finalized('copy')
    return new Hasher(this.#state.copy(), this.#spec, this.#encodingOf)
  }

  /** Forgets all input (keeping key, context and seed); usable again after digest(). */
  reset () {
    this.#state.reset()
    this.#finalized = false
    return this
  }
}

module.exports = { Hasher }
