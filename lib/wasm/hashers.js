'use strict'
/**
 * The hashers of one wasm instance (a pool worker's, or the calling thread's): the core's,
 * held by the instance under a handle, except for the algorithms OpenSSL has, which go to
 * node:crypto where the runtime has it (lib/openssl.js decides which). Both kinds offer the
 * same methods, so the workers, the file reader and the main thread never know which they hold.
 *
 * A hasher is made from the wire form of a spec (`wire()`), which structured clone carries
 * to workers: the core's encoding of the spec and the OpenSSL name, if any.
 */
const { openssl } = require('../runtime')
const { stage, feed } = require('./instance')

/** The largest run `wireHere()` hashes with the core rather than load node:crypto for it. */
const CORE_OVER_LOADING_MAX_BYTES = 64 << 10

/**
 * @typedef {object} WireSpec
 * @property {Uint8Array} bytes hashmill-core `Spec::to_bytes`
 * @property {number} outputLength
 * @property {string|null} openssl the OpenSSL name to hash with instead of the core
 *
 * @typedef {object} InstanceHasher
 * @property {number} owner the generation of the instance it lives in (main-thread.js)
 * @property {number | undefined} token the instance's handle, which frees it (none for OpenSSL)
 * @property {(bytes: Uint8Array) => void} update
 * @property {(length: number) => void} updateStaged hashes the first `length` staged bytes
 * @property {() => Uint8Array} digest frees the hasher
 * @property {() => InstanceHasher} copy
 * @property {() => InstanceHasher} reset gives the hasher to use from now on
 * @property {() => void} free
 * @property {() => Uint8Array} [save] the state as bytes (the core's hashers only)
 * @property {() => string} [options] the options of its spec, as JSON (the core's hashers only)
 */

/**
 * @param {import('../options').Spec} spec
 * @param {boolean} [withOpenssl] whether OpenSSL may hash it (where the runtime has it)
 * @returns {WireSpec}
 */
function wire (spec, withOpenssl = true) {
  return { bytes: spec.bytes, outputLength: spec.outputLength, openssl: withOpenssl && openssl !== null ? openssl.nameOf(spec.info) : null }
}

/**
 * The wire form for a run of `bytes` bytes on the calling thread: OpenSSL only once
 * node:crypto is loaded or for a run larger than CORE_OVER_LOADING_MAX_BYTES. Loading
 * node:crypto costs 3-5 ms, more than the core takes for a small run even in the module's
 * first, unoptimized code (SHA-256 at ~30 MB/s then: 64 KiB in ~2 ms; 1 MB in ~33 ms).
 * On one small file, the CLI's most common run, that load was most of what the wasm CLI
 * spent beyond the native one.
 * @param {import('../options').Spec} spec
 * @param {number} bytes
 * @returns {WireSpec}
 */
function wireHere (spec, bytes) {
  return wire(spec, openssl === null || openssl.loaded() || bytes > CORE_OVER_LOADING_MAX_BYTES)
}

/** @implements {InstanceHasher} */
class CoreHasher {
  constructor (instance, handle, owner) {
    this.instance = instance
    this.handle = handle
    this.owner = owner
  }

  update (bytes) { feed(this.instance, bytes, (length) => this.updateStaged(length)) }
  updateStaged (length) { this.instance.glue.hasherUpdateStaged(this.handle, length) }
  digest () { return this.instance.glue.hasherDigest(this.handle) }
  copy () { return new CoreHasher(this.instance, this.instance.glue.hasherCopy(this.handle), this.owner) }
  get token () { return this.handle }
  reset () { this.instance.glue.hasherReset(this.handle); return this }
  free () { this.instance.glue.hasherFree(this.handle) }
  save () { return this.instance.glue.hasherSave(this.handle) }
  options () { return this.instance.glue.hasherOptions(this.handle) }
}

/** @implements {InstanceHasher} */
class OpenSslHasher {
  constructor (instance, name, owner, state = /** @type {import('../openssl').OpenSsl} */ (openssl).createHash(name)) {
    this.instance = instance
    this.name = name
    this.owner = owner
    this.state = state
  }

  update (bytes) { this.state.update(bytes) }
  updateStaged (length) { this.state.update(stage(this.instance, length)) }
  digest () { return this.state.digest() }
  copy () { return new OpenSslHasher(this.instance, this.name, this.owner, this.state.copy()) }
  reset () { return new OpenSslHasher(this.instance, this.name, this.owner) }
  get token () { return undefined }
  free () {}
}

/**
 * A streaming hasher for `spec`, living in `instance` (or in OpenSSL).
 * @param {import('./instance').Instance} instance
 * @param {WireSpec} spec
 * @param {number} [owner] the instance's generation, where it has one
 * @returns {InstanceHasher}
 */
function newHasher (instance, spec, owner = 0) {
  if (spec.openssl !== null) return new OpenSslHasher(instance, spec.openssl, owner)
  return newCoreHasher(instance, spec.bytes, owner)
}

/**
 * The core's streaming hasher for the spec encoded in `specBytes`, whatever the algorithm.
 * @param {import('./instance').Instance} instance
 * @param {Uint8Array} specBytes
 * @param {number} owner the instance's generation
 */
function newCoreHasher (instance, specBytes, owner) {
  return new CoreHasher(instance, instance.glue.hasherNew(specBytes), owner)
}

/**
 * The core's hasher continuing a saved state (the binding throws `CODE\nmessage` for bytes
 * that are not one).
 * @param {import('./instance').Instance} instance
 * @param {Uint8Array} state
 * @param {number} owner the instance's generation
 */
function restoredHasher (instance, state, owner) {
  return new CoreHasher(instance, instance.glue.hasherRestore(state), owner)
}

/**
 * A sink for the core's file-hashing loop (binding-wasm `fs_bridge.rs` `JsSink`) that feeds
 * OpenSSL, or undefined when the core's own hasher is to be used.
 * @param {import('./instance').Instance} instance
 * @param {WireSpec} spec
 */
function fileSink (instance, spec) {
  if (spec.openssl === null) return undefined
  const state = /** @type {import('../openssl').OpenSsl} */ (openssl).createHash(spec.openssl)
  return {
    update: (pointer, length) => state.update(new Uint8Array(instance.memory.buffer, pointer, length)),
    digest: () => state.digest()
  }
}

/**
 * The core's file loop over `paths` (NUL-separated) in `instance`, reading through `bridge`
 * (lib/wasm/fs-bridge.js): its reply, in columns (lib/wasm/replies.js `decodeColumns`).
 * @param {import('./instance').Instance} instance
 * @param {WireSpec} spec
 * @param {object} bridge
 * @param {Uint8Array} paths
 */
function hashFilesIn (instance, spec, bridge, paths) {
  return instance.glue.hashFiles(spec.bytes, bridge, paths, { next: () => fileSink(instance, spec) })
}

module.exports = { wire, wireHere, newHasher, newCoreHasher, restoredHasher, fileSink, hashFilesIn }
