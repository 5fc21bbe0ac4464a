'use strict'
/**
 * The hasher behind every wasm-backend call: the wasm module's WasmHasher, except for the
 * algorithms node:crypto has (SHA-2, SHA-1, MD5), where OpenSSL's SHA-NI and assembly
 * code is 4-6x faster than any wasm build (bench/). Both expose WasmHasher's interface,
 * so the pool, the workers and the file reader never know which they hold; digests are
 * the same standard values (the tests compare every path with node:crypto and native).
 *
 * `spec` here is the wire form: `{ id, name, seed, key, context }`.
 */
const crypto = require('node:crypto')
const { stage } = require('./instance')

const OPENSSL_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512', 'sha1', 'md5']
  .filter((name) => crypto.getHashes().includes(name)))

/** node:crypto behind WasmHasher's interface. */
class CryptoHasher {
  constructor (instance, name, state = crypto.createHash(name)) {
    this.instance = instance
    this.name = name
    this.state = state
  }

  update (bytes) { this.state.update(bytes) }
  /** The staging area holds the chunk just written into the instance's memory. */
  updateStaged (length) { this.state.update(stage(this.instance, length)) }
  digest () { return this.state.copy().digest() }
  copy () { return new CryptoHasher(this.instance, this.name, this.state.copy()) }
  reset () { this.state = crypto.createHash(this.name) }
  free () {}
}

/** A streaming hasher for `spec`, living in `instance` (or in OpenSSL). */
function newHasher (instance, spec) {
  if (OPENSSL_ALGORITHMS.has(spec.name)) return new CryptoHasher(instance, spec.name)
  return new instance.glue.WasmHasher(spec.id, spec.seed, spec.key, spec.context)
}

/** The digest of a small `bytes` in one call. */
function hashOnce (instance, spec, bytes, outputLength) {
  if (OPENSSL_ALGORITHMS.has(spec.name)) return crypto.createHash(spec.name).update(bytes).digest()
  return instance.glue.hashSync(spec.id, bytes, outputLength, spec.seed, spec.key, spec.context)
}

module.exports = { newHasher, hashOnce }
