'use strict'
/**
 * The public API, built once over whichever backend the loader chose. Every user-visible
 * behaviour (validation, encodings, when work may stay on the main thread, abort) is
 * decided here, so native and wasm cannot drift apart.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { encode, asBuffer } = require('./encoding')
const { createOptions } = require('./options')
const { throwIfAborted } = require('./abort')
const { forEachChunk } = require('./stream')
const { Hasher } = require('./hasher')
const { createFileApi } = require('./files')
const { createTinyPath } = require('./tiny')

/** Algorithms a Subresource-Integrity string may name (W3C SRI). */
const SRI_ALGORITHMS = ['sha256', 'sha384', 'sha512']

/**
 * @param {object} backend from lib/backends/native.js or lib/backends/wasm.js
 * @param {{ fallbackErrors?: Error[] }} [load] what the loader recorded
 */
function createApi (backend, load = {}) {
  const options = createOptions(backend.algorithmTable)
  const inlineMaxBytes = backend.inlineMaxBytes

  const digestOf = (spec, bytes) => encode(asBuffer(bytes), spec.encoding)
  const tinyDigest = createTinyPath(backend.algorithmTable)

  /**
   * Scratch views by output length for backends that can hash into a buffer: a small
   * digest then costs no allocation until it is encoded.
   */
  const scratch = backend.hashSyncInto ? [] : null
  const SCRATCH_MAX = 64

  /** Hashes `bytes` on this thread (tiny inputs without entering the backend) and encodes the digest. */
  function digestNow (spec, bytes) {
    const tiny = tinyDigest(spec, bytes)
    if (tiny !== undefined) return tiny
    const length = spec.outputLength
    if (scratch === null || length > SCRATCH_MAX) return digestOf(spec, backend.hashSync(spec, bytes))
    const out = scratch[length] || (scratch[length] = Buffer.alloc(length))
    backend.hashSyncInto(spec, bytes, out)
    return encode(out, spec.encoding, true)
  }

  /**
   * Hashes `input` on the calling thread. Meant for small inputs; use `hash()` for large
   * ones so the event loop keeps running.
   */
  function hashSync (input, opts) {
    const spec = options.spec(opts, { async: false })
    return digestNow(spec, toBytes(input, 'input'))
  }

  /**
   * Hashes `input` off the main thread (inputs of at most `inlineMaxBytes[algorithm]`, where
   * a thread hop costs more than the hash, are hashed inline). Always settles asynchronously.
   */
  async function hash (input, opts) {
    const spec = options.spec(opts, { async: true })
    return hashBytes(toBytes(input, 'input'), spec)
  }

  /** The encoded digest of `bytes`, inline when small, else off the main thread. */
  async function hashBytes (bytes, spec) {
    throwIfAborted(spec.signal)
    if (bytes.byteLength <= inlineMaxBytes[spec.info.name]) return digestNow(spec, bytes)
    return digestOf(spec, await backend.hashAsync(spec, bytes, spec.signal))
  }

  /** A streaming Hasher on the calling thread. */
  function createHasher (algorithmOrOptions) {
    const spec = options.spec(algorithmOrOptions, { async: false, name: 'algorithmOrOptions', encodingAtDigest: true })
    return new Hasher(backend.createSyncHasher(spec), spec, options.encodingOf)
  }

  /** Hashes every chunk of a stream or (async) iterable, off the main thread. */
  async function hashStream (source, opts) {
    const spec = options.spec(opts, { async: true })
    throwIfAborted(spec.signal)
    const hasher = backend.createAsyncHasher(spec, inlineMaxBytes[spec.info.name])
    try {
      await forEachChunk(source, spec.signal, (chunk) => hasher.update(toBytes(chunk, 'chunk'), spec.signal))
      throwIfAborted(spec.signal)
      return digestOf(spec, await hasher.digest(spec.outputLength, spec.signal))
    } finally {
      hasher.close()
    }
  }

  function sriAlgorithm (algorithm) {
    if (algorithm === undefined) return 'sha384'
    if (typeof algorithm !== 'string') throw errors.invalidType('algorithm', 'of type string', algorithm)
    if (!SRI_ALGORITHMS.includes(algorithm)) throw errors.unknownAlgorithm('algorithm', algorithm, SRI_ALGORITHMS)
    return algorithm
  }

  /** A Subresource-Integrity string (`sha384-<base64>`), computed like `hash()`. */
  async function integrity (input, algorithm) {
    const name = sriAlgorithm(algorithm)
    return `${name}-${await hash(input, { algorithm: name, encoding: 'base64' })}`
  }

  /** `integrity()` on the calling thread. */
  function integritySync (input, algorithm) {
    const name = sriAlgorithm(algorithm)
    return `${name}-${hashSync(input, { algorithm: name, encoding: 'base64' })}`
  }

  const files = createFileApi(backend, { options, hashBytesAsync: hashBytes })

  const backendInfo = Object.freeze({
    kind: backend.kind,
    target: backend.target,
    threads: backend.threads,
    cpuFeatures: Object.freeze([...backend.cpuFeatures]),
    inlineMaxBytes,
    fallbackErrors: Object.freeze([...(load.fallbackErrors || [])])
  })

  return {
    hashSync,
    hash,
    createHasher,
    hashStream,
    integrity,
    integritySync,
    ...files,
    Hasher,
    algorithms: Object.freeze([...options.names]),
    backend: backendInfo
  }
}

module.exports = { createApi }
