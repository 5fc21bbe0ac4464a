'use strict'
/**
 * The public API, assembled once over whichever backend the loader chose from the topic
 * modules: options (validation), digest (one-shot, sync and async), hasher (streaming),
 * stream, files, many. Every user-visible behaviour is decided in lib/, so native and wasm
 * cannot drift apart. Each topic module is loaded when one of its functions is first
 * called, so loading hashmill (and the CLI's start) pays only for what a program uses.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { once, onFirstCall } = require('./lazy')
const { INTERNALS } = require('./internals')

/** Algorithms a Subresource-Integrity string may name (W3C SRI). */
const SRI_ALGORITHMS = ['sha256', 'sha384', 'sha512']
/** How one-shot calls parse their options (one object each, not one per call). */
const SYNC = Object.freeze({ async: false })
const ASYNC = Object.freeze({ async: true })
const HASHER = Object.freeze({ async: false, name: 'algorithmOrOptions', encodingAtDigest: true, stream: true })
const STREAM = Object.freeze({ async: true, stream: true })

/**
 * @param {object} backend from lib/native or lib/wasm
 * @param {{ fallbackErrors?: Error[] }} [load] what the loader recorded
 */
function createApi (backend, load = {}) {
  const options = once(() => require('./options').createOptions(backend.table, backend.encodeSpec))
  const digests = once(() => {
    const tiny = require('./tiny').createTinyPath({ ...backend.tiny, platform: require('./node-platform').nodePlatform })
    return require('./digest').createDigests(backend, tiny)
  })
  const newHasher = once(() => require('./hasher').createHasherFactory(backend.hasherHandles, options().encodingOf))
  const encoding = once(() => require('./encoding'))

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

  const files = once(() => require('./files').createFileApi(backend, options()))
  const many = once(() => require('./many').createMany(backend, options()))
  const openHashCache = onFirstCall(() => require('./build-tools/cache').createOpenHashCache(backend))
  const restoreHasher = onFirstCall(() => require('./state').createRestore(backend.hasherHandles, options(), backend.table))
  const combine = onFirstCall(() => require('./combine').createCombine(backend, options()))
  const s3 = once(() => require('./s3').createS3Api(backend, options()))
  const awsChecksumAlgorithms = onFirstCall(() => require('./aws-sdk').createAwsChecksums(createHasher, backend.table.s3.algorithms))

  const backendInfo = Object.freeze({
    kind: backend.kind,
    target: backend.target,
    threads: backend.threads,
    cpuFeatures: Object.freeze([...backend.cpuFeatures]),
    inlineMaxBytes: backend.inlineMaxBytes,
    fallbackErrors: Object.freeze([...(load.fallbackErrors || [])])
  })

  const api = {
    hashSync,
    hash,
    createHasher,
    hashStream,
    integrity,
    integritySync,
    hashMany: onFirstCall(() => many().hashMany),
    hashManySync: onFirstCall(() => many().hashManySync),
    ready,
    hashFile: onFirstCall(() => files().api.hashFile),
    hashFileSync: onFirstCall(() => files().api.hashFileSync),
    hashFiles: onFirstCall(() => files().api.hashFiles),
    hashDirectory: onFirstCall(() => files().api.hashDirectory),
    hashTree: onFirstCall(() => files().api.hashTree),
    walkDirectory: onFirstCall(() => files().api.walkDirectory),
    gitWorkTree: onFirstCall(() => files().api.gitWorkTree),
    openHashCache,
    /** The class of openHashCache()'s caches (loaded when first asked for). */
    get HashCache () { return require('./build-tools/cache').HashCache },
    restoreHasher,
    combine,
    s3Checksum: onFirstCall(() => s3().s3Checksum),
    s3ETag: onFirstCall(() => s3().s3ETag),
    awsChecksumAlgorithms,
    /** The class every hasher is an instance of (loaded when first asked for). */
    get Hasher () { return require('./hasher').Hasher },
    algorithms: Object.freeze(backend.table.algorithms.map((info) => info.name)),
    backend: backendInfo
  }
  // What the CLI and the tests use beyond the public API, out of sight of users.
  Object.defineProperty(api, INTERNALS, {
    value: Object.freeze({
      backend,
      get options () { return options() },
      get files () { return files().internals }
    })
  })
  return api
}

module.exports = { createApi }
