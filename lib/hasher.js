'use strict'
/**
 * The public streaming Hasher returned by `createHasher()`. It runs on the calling thread
 * (like node:crypto's Hash); use `hashStream()` to hash a stream off the main thread.
 *
 * Its state lives in the backend under a handle (binding-napi and binding-wasm
 * `hashers.rs` keep hashers in a table), so no engine object with a finalizer stands for
 * it: `digest()` frees the state at once (a hasher gives one digest), and a Hasher dropped
 * without a digest has its state freed by a FinalizationRegistry. A synchronous loop of
 * createHasher()...digest() therefore holds nothing, on either backend.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { encode, asBuffer } = require('./encoding')

/**
 * What a backend does with a handle (a number, or an object of its own).
 * @typedef {object} HandleOps
 * @property {(spec: import('./options').Spec) => any} create
 * @property {(handle: any, bytes: Uint8Array) => void} update
 * @property {(handle: any, outputLength: number) => Uint8Array} digest frees the state; the
 *   digest may be a scratch buffer the next call reuses
 * @property {(handle: any) => any} copy
 * @property {(handle: any) => any} reset gives the handle to use from now on (the same, or a new one)
 * @property {(handle: any) => void} free
 *
 * @typedef {object} Handles a backend's operations and the registry freeing dropped states
 * @property {HandleOps} ops
 * @property {FinalizationRegistry<any>} registry
 *
 * @typedef {(info: any, encoding: unknown, outputLength: number) => import('./encoding').Encoding} EncodingCheck
 */

class Hasher {
  /** @type {Handles} */
  #handles
  /** The state's handle; null once digest() freed it. */
  #handle
  /** @type {import('./options').Spec} */
  #spec
  /** @type {EncodingCheck} */
  #encodingOf

  /**
   * @internal use createHasher()
   * @param {Handles} handles
   * @param {any} handle
   * @param {import('./options').Spec} spec
   * @param {EncodingCheck} encodingOf
   */
  constructor (handles, handle, spec, encodingOf) {
    this.#handles = handles
    this.#handle = handle
    this.#spec = spec
    this.#encodingOf = encodingOf
    handles.registry.register(this, handle, this)
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
    if (this.#handle === null) throw errors.finalized('update')
    this.#handles.ops.update(this.#handle, toBytes(input, 'input'))
    return this
  }

  /**
   * The digest of everything fed so far. A hasher gives one digest; `copy()` first to
   * keep hashing after it.
   * @param {'hex'|'base64'|'base64url'|'buffer'|'bigint'} [encoding] defaults to the
   *   `encoding` option given to createHasher, else 'hex'
   */
  digest (encoding) {
    if (this.#handle === null) throw errors.finalized('digest')
    const chosen = this.#encodingOf(this.#spec.info, encoding === undefined ? this.#spec.encoding : encoding, this.#spec.outputLength)
    const digest = asBuffer(this.#handles.ops.digest(this.#handle, this.#spec.outputLength))
    this.#handles.registry.unregister(this)
    this.#handle = null
    return encode(digest, chosen, true)
  }

  /** An independent hasher with the same state (and options). */
  copy () {
    if (this.#handle === null) throw errors.finalized('copy')
    return new Hasher(this.#handles, this.#handles.ops.copy(this.#handle), this.#spec, this.#encodingOf)
  }

  /** Forgets all input (keeping key, context and seed); usable again after digest(). */
  reset () {
    const { ops, registry } = this.#handles
    const handle = this.#handle === null ? ops.create(this.#spec) : ops.reset(this.#handle)
    if (handle !== this.#handle) {
      registry.unregister(this)
      registry.register(this, handle, this)
      this.#handle = handle
    }
    return this
  }
}

/**
 * Makes Hashers over a backend's handle operations.
 * @param {HandleOps} ops
 * @param {EncodingCheck} encodingOf
 * @returns {(spec: import('./options').Spec) => Hasher}
 */
function createHasherFactory (ops, encodingOf) {
  /** @type {Handles} */
  const handles = { ops, registry: new FinalizationRegistry((handle) => ops.free(handle)) }
  return (spec) => new Hasher(handles, ops.create(spec), spec, encodingOf)
}

module.exports = { Hasher, createHasherFactory }
