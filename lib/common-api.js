'use strict'
/**
 * The API every runtime has (Node, Deno, Bun, browsers, workerd), assembled over a backend
 * from the topic modules: options (validation), digest (one-shot, sync and async), hasher
 * (streaming), stream, blob. lib/api.js adds what only Node has (files, S3, many, the
 * build tools); the browser and workerd entries (lib/web/) export this as it is. Every
 * user-visible behaviour is decided in lib/, so no runtime or backend can drift apart.
 * Each topic module is loaded when one of its functions is first called, so loading
 * hashmill pays only for what a program uses.
 *
 * Where the module compiles asynchronously (browsers), the backend has `load()`: the async
 * calls wait for it themselves, the sync ones throw ERR_HASHMILL_NOT_READY until `ready()`.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { once } = require('./lazy')

/** Algorithms a Subresource-Integrity string may name (W3C SRI). */
const SRI_ALGORITHMS = ['sha256', 'sha384', 'sha512']
/** How one-shot calls parse their options (one object each, not one per call). */
const SYNC = Object.freeze({ async: false })
const ASYNC = Object.freeze({ async: true })
const HASHER = Object.freeze({ async: false, name: 'algorithmOrOptions', encodingAtDigest: true, stream: true })
const STREAM = Object.freeze({ async: true, stream: true })

/**
 * @param {object} backend from lib/native, lib/wasm or lib/web
 * @param {{ fallbackErrors?: Error[] }} [load] what the loader recorded
 */
function createCommonApi (backend, load = {}) {
  const options = once(() => require('./options').createOptions(backend.table, backend.encodeSpec))
  const digests = once(() => {
    const tiny = require('./tiny').createTinyPath({ ...backend.tiny, platform: require('./runtime') })
    return require('./digest').createDigests(backend, tiny)
  })
  const newHasher = once(() => require('./hasher').createHasherFactory(backend.hasherHandles, options().encodingOf))
  const encoding = once(() => require('./encoding'))
  const blobs = once(() => require('./blob').createHashBlob(backend, options()))
  /** Resolves once the backend can work (compiled where that is asynchronous); null where it always can. */
  const loaded = typeof backend.load === 'function' ? backend.load : null

  /**
   * Hashes `input` on the calling thread. Meant for small inputs; use `hash()` for large
   * ones so the event loop keeps running.
   */
  function hashSync (input, opts) {
    const spec = options().spec(opts, SYNC)
    return digests().digestNow(spec, typeof input === 'string' ? input : toBytes(input, 'input'))
  }

  /**
   * Hashes `input` off the main thread (inputs of at most `inlineMaxBytes[algorithm]`, where
   * a thread hop costs more than the hash, are hashed inline). Always settles asynchronously.
   */
  async function hash (input, opts) {
    if (loaded !== null) await loaded()
    const spec = options().spec(opts, ASYNC)
    return digests().digestAsync(spec, toBytes(input, 'input'))
  }

  /** A streaming Hasher on the calling thread. */
  function createHasher (algorithmOrOptions) {
    const spec = options().spec(algorithmOrOptions, HASHER)
    return newHasher()(spec)
  }

  /** Hashes every chunk of a stream or (async) iterable, off the main thread. */
  async function hashStream (source, opts) {
    if (loaded !== null) await loaded()
    const spec = options().spec(opts, STREAM)
    const { throwIfAborted } = require('./abort')
    throwIfAborted(spec.signal)
    const hasher = backend.createAsyncHasher(spec)
    try {
      await require('./stream').forEachChunk(source, spec.signal, (chunk) => hasher.update(toBytes(chunk, 'chunk'), spec.signal))
      throwIfAborted(spec.signal)
      const { encode, asBuffer } = encoding()
      return encode(asBuffer(await hasher.digest(spec.signal)), spec.encoding)
    } catch (error) {
      throw errors.fromCore(error, backend.table.errors)
    } finally {
      hasher.close()
    }
  }

  /** The digest of a Blob or File, read and hashed off the main thread. */
  async function hashBlob (blob, opts) {
    if (loaded !== null) await loaded()
    return blobs()(blob, opts)
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

  /** Resolves once small digests on the calling thread take their fastest path (the wasm instance exists). */
  async function ready () {
    await backend.tiny.ready()
  }

  const backendInfo = Object.freeze({
    kind: backend.kind,
    target: backend.target,
    threads: backend.threads,
    cpuFeatures: Object.freeze([...backend.cpuFeatures]),
    inlineMaxBytes: backend.inlineMaxBytes,
    sharedMemory: backend.sharedMemory,
    fallbackErrors: Object.freeze([...(load.fallbackErrors || [])])
  })

  const api = {
    hashSync,
    hash,
    createHasher,
    hashStream,
    hashBlob,
    integrity,
    integritySync,
    ready,
    /** The class every hasher is an instance of (loaded when first asked for). */
    get Hasher () { return require('./hasher').Hasher },
    algorithms: Object.freeze(backend.table.algorithms.map((info) => info.name)),
    backend: backendInfo
  }
  return { api, options, createHasher }
}

module.exports = { createCommonApi }
