'use strict'
/**
 * `require('hashmill/webpack')`: classes for webpack's `output.hashFunction`. `xxhash64`
 * gives exactly the digests of webpack's built-in `'xxhash64'` (so switching changes no
 * `[contenthash]`); `xxh3`, `blake3` and `sha256` are hashmill's.
 *
 * webpack makes a hash object for every module, chunk and asset and feeds each a few
 * short strings and Buffers: the cost per object and per call is what matters, not the
 * hashing. So what an object is given is written as it comes into one buffer all objects
 * of its class share (they are all used from this one thread), owned by the object that
 * wrote to it last, and hashed with one call at `digest()`. An object that outgrows the
 * buffer, or loses it to another object before its digest (webpack mostly finishes one
 * hash before it starts the next), hands what it holds to a hasher of its own and goes on
 * there.
 */
/** @type {any} the package's API (its types are index.d.ts) */
const hashmill = require('../..')
const { UTF8_MAX_PER_UNIT } = require('../input')

/** The shared buffer's size: a whole object's input, as webpack makes most of them. */
const SHARED_BYTES = 48 * 1024
/**
 * Strings shorter than this are encoded here, a character at a time, while they are ASCII:
 * cheaper than a call into Node.
 */
const SHORT_CHARS = 64
/** Digest encodings hashmill gives itself (others are made from the bytes). */
const ENCODINGS = new Set(['hex', 'base64', 'base64url'])

/** @param {string} algorithm */
function hashClass (algorithm) {
  /** The buffer this class's objects share, made on first use. */
  let shared = Buffer.alloc(0)
  /** The object whose pending input is in `shared`, if any. */
  let owner = null
  /** hashSync's options by digest encoding, made once (a repeated object is the options' fast path). */
  const optionsByEncoding = new Map()
  const optionsFor = (encoding) => {
    let options = optionsByEncoding.get(encoding)
    if (options === undefined) optionsByEncoding.set(encoding, options = { algorithm, encoding })
    return options
  }

  return class {
    /** How many bytes of `shared` are this object's, while it is the owner. */
    #pending = 0
    /** @type {any} the hasher, once the input outgrew `shared` or `shared` was taken */
    #hasher = null

    /**
     * @param {string | Uint8Array} data
     * @param {BufferEncoding} [inputEncoding]
     */
    update (data, inputEncoding) {
      if (typeof data === 'string') {
        if (inputEncoding === undefined || inputEncoding === 'utf8' || inputEncoding === 'utf-8') return this.#text(data)
        return this.#bytes(Buffer.from(data, inputEncoding))
      }
      if (data instanceof Uint8Array) return this.#bytes(data)
      this.#handOver()
      this.#started().update(data)
      return this
    }

    /**
     * The digest as webpack asks for it: a string in `encoding`, or a Buffer.
     * @param {BufferEncoding} [encoding]
     */
    digest (encoding) {
      const own = encoding !== undefined && ENCODINGS.has(encoding) ? encoding : 'buffer'
      let digest
      if (this.#hasher === null) {
        const length = owner === this ? this.#pending : 0
        this.#release()
        digest = hashmill.hashSync(shared.subarray(0, length), optionsFor(own))
      } else {
        this.#handOver()
        digest = this.#hasher.digest(own)
      }
      return encoding === undefined || own === encoding ? digest : digest.toString(encoding)
    }

    /** @param {string} text */
    #text (text) {
      const at = this.#room(text.length * UTF8_MAX_PER_UNIT)
      if (at < 0) {
        this.#started().update(text)
        return this
      }
      if (text.length < SHORT_CHARS) {
        for (let i = 0, end = at; i < text.length; i++) {
          const code = text.charCodeAt(i)
          if (code >= 0x80) {
            this.#pending = end + shared.write(text.slice(i), end)
            return this
          }
          shared[end++] = code
        }
        this.#pending = at + text.length
      } else {
        this.#pending = at + shared.write(text, at)
      }
      return this
    }

    /** @param {Uint8Array} bytes */
    #bytes (bytes) {
      const at = this.#room(bytes.length)
      if (at < 0) {
        this.#started().update(bytes)
        return this
      }
      shared.set(bytes, at)
      this.#pending = at + bytes.length
      return this
    }

    /**
     * Makes this object the owner of `shared` with room for `most` more bytes: where they
     * go in it, or -1 when they do not fit even alone (what is pending went to the hasher).
     * @param {number} most
     */
    #room (most) {
      if (owner !== this) {
        if (owner !== null) owner.#handOver()
        if (shared.length === 0) shared = Buffer.allocUnsafe(SHARED_BYTES)
        owner = this
        this.#pending = 0
      }
      if (this.#pending + most <= SHARED_BYTES) return this.#pending
      this.#handOver()
      if (most > SHARED_BYTES) return -1
      owner = this
      return 0
    }

    /** Gives what this object has pending in `shared` to its hasher, and `shared` up. */
    #handOver () {
      if (owner !== this) return
      if (this.#pending !== 0) this.#started().update(shared.subarray(0, this.#pending))
      this.#release()
    }

    #release () {
      if (owner === this) owner = null
      this.#pending = 0
    }

    #started () {
      if (this.#hasher === null) this.#hasher = hashmill.createHasher(algorithm)
      return this.#hasher
    }
  }
}

module.exports = {
  xxhash64: hashClass('xxh64'),
  xxh3: hashClass('xxh3'),
  blake3: hashClass('blake3'),
  sha256: hashClass('sha256')
}
