'use strict'
/**
 * The public streaming Hasher returned by `createHasher()`. It runs on the calling thread
 * (like node:crypto's Hash); use `hashStream()` to hash a stream off the main thread.
 *
 * Its state lives in the backend under a handle (binding-napi and binding-wasm
 * `hashers.rs` keep hashers in a table), so no engine object with a finalizer stands for
 * it: `digest()` frees the state at once (a hasher gives one digest), and a Hasher dropped
 * without a digest has its state freed by a FinalizationRegistry. The registry holds only
 * the handle's number (a small integer, which keeps nothing alive in the collector's
 * young generation), so a synchronous loop of createHasher()...digest() holds nothing, on
 * either backend.
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
 * @property {(handle: any) => number | undefined} token the number that frees the state (the
 *   binding's handle), or undefined when there is nothing to free
 * @property {(token: number) => void} free
 * @property {(handle: any) => Uint8Array} save the state as bytes (hashmill-core `Hasher::save`)
 * @property {(state: Uint8Array) => any} restore a handle continuing a saved state; throws the
 *   binding's `CODE\nmessage` error for bytes that are not one
 * @property {(handle: any) => string} options the options of the handle's spec, as JSON
 *
 * @typedef {object} Handles a backend's operations and the registry freeing dropped states
 * @property {HandleOps} ops
 * @property {FinalizationRegistry<number>} registry
 * @property {{ sizeMismatch: string }} codes the core's error codes (its table's `errors`)
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
  /** Whether the registry watches this hasher. */
  #watched = false

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
    this.#watch()
  }

  /** Has the registry free the state if this hasher is dropped without a digest. */
  #watch () {
    const token = this.#handles.ops.token(this.#handle)
    if (token === undefined) return
    this.#handles.registry.register(this, token, this)
    this.#watched = true
  }

  #unwatch () {
    if (!this.#watched) return
    this.#handles.registry.unregister(this)
    this.#watched = false
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
    let digest
    try {
      digest = asBuffer(this.#handles.ops.digest(this.#handle, this.#spec.outputLength))
    } catch (error) {
      throw errors.fromCore(error, this.#handles.codes)
    }
    this.#unwatch()
    this.#handle = null
    return encode(digest, chosen, true)
  }

  /**
   * The state as bytes that `restoreHasher()` continues from, in this process or another,
   * on either backend, on any machine. A keyed BLAKE3 state holds the key.
   * @returns {Uint8Array}
   */
  save () {
    if (this.#handle === null) throw errors.finalized('save')
    const saved = this.#handles.ops.save(this.#handle)
    return new Uint8Array(saved.buffer, saved.byteOffset, saved.byteLength)
  }

  /** An independent hasher with the same state (and options). */
  copy () {
    if (this.#handle === null) throw errors.finalized('copy')
    return new Hasher(this.#handles, this.#handles.ops.copy(this.#handle), this.#spec, this.#encodingOf)
  }

  /** Forgets all input (keeping key, context and seed); usable again after digest(). */
  reset () {
    const { ops } = this.#handles
    const handle = this.#handle === null ? ops.create(this.#spec) : ops.reset(this.#handle)
    if (handle !== this.#handle) {
      this.#unwatch()
      this.#handle = handle
      this.#watch()
    }
    return this
  }
}

/**
 * The registry where the runtime has no FinalizationRegistry (workerd without its
 * `enable_weak_ref` compatibility flag): a hasher dropped without a digest keeps its state
 * until the isolate ends; `digest()` frees it as everywhere.
 * @type {FinalizationRegistry<number>}
 */
const NO_REGISTRY = /** @type {any} */ ({ register () {}, unregister () { return false } })

/**
 * A backend's handle operations with the registry that frees the states of dropped hashers.
 * @param {HandleOps} ops
 * @param {{ sizeMismatch: string }} codes the core's error codes
 * @returns {Handles}
 */
function createHandles (ops, codes) {
  const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((token) => ops.free(token)) : NO_REGISTRY
  return { ops, registry, codes }
}

/**
 * Makes Hashers over a backend's handles.
 * @param {() => Handles} currentHandles the backend's handles for new hashers
 * @param {EncodingCheck} encodingOf
 * @returns {(spec: import('./options').Spec) => Hasher}
 */
function createHasherFactory (currentHandles, encodingOf) {
  return (spec) => {
    const handles = currentHandles()
    return new Hasher(handles, handles.ops.create(spec), spec, encodingOf)
  }
}

/**
 * A Hasher over a handle that already exists (a restored state) and its spec.
 * @param {Handles} handles
 * @param {any} handle
 * @param {import('./options').Spec} spec
 * @param {EncodingCheck} encodingOf
 */
function hasherOf (handles, handle, spec, encodingOf) {
  return new Hasher(handles, handle, spec, encodingOf)
}

module.exports = { Hasher, createHandles, createHasherFactory, hasherOf }
