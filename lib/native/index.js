'use strict'
/**
 * The native backend: the napi-rs addon, adapted to the interface lib/api.js uses. Async
 * work runs on the addon's rayon pool; the main thread only converts arguments. Every
 * call passes the spec as the bytes the addon encoded once per options object.
 */
const { threadCount } = require('../threads')
const { watchAbort } = require('../abort')
const { inlineThresholds } = require('../inline')
const { parseTable } = require('../algorithms')
const { once } = require('../lazy')

/** A round trip to the rayon pool and back, in µs (bench/, 2-core Xeon: 25-45 µs). */
const HOP_MICROS = 30
/**
 * The fixed cost of one call into the addon and of one into the tiny path's wasm instance,
 * in ns (bench/ on the same machine): the tiny path wins while what the addon's faster
 * code saves on the bytes is less than their difference.
 */
const ADDON_CALL_NS = 150
const TINY_CALL_NS = 40
/** Past this the fixed costs are noise: the addon's SIMD code takes over. */
const TINY_MAX_BYTES = 4096
/** Digests up to this long are written into reused scratch buffers instead of new ones. */
const SCRATCH_MAX_BYTES = 64

/**
 * The largest input the tiny path takes for `info`, from both builds' speeds (bytes/µs).
 * @param {import('../algorithms').AlgorithmInfo} native the addon's row
 * @param {number} wasmSpeed the wasm build's speed for the same algorithm
 */
function tinyLimit (native, wasmSpeed) {
  const nsPerByteSaved = 1000 / wasmSpeed - 1000 / native.speed
  if (nsPerByteSaved <= 0) return TINY_MAX_BYTES
  return Math.min(TINY_MAX_BYTES, Math.floor((ADDON_CALL_NS - TINY_CALL_NS) / nsPerByteSaved))
}

/**
 * @param {any} binding the loaded `.node` module
 * @param {string} target e.g. 'linux-x64-gnu'
 */
function createNativeBackend (binding, target) {
  binding.setThreadCount(threadCount())
  const table = parseTable(binding.tableJson())
  // The calling thread's wasm instance, made ready when the first small digest is asked for.
  const tiny = once(() => require('./tiny-instance').createTinyInstance())
  /** Tiny-path limits by algorithm id, once the wasm instance's own table is known. */
  let wasmSpeeds = null

  /** Scratch buffers by length, over plain ArrayBuffers (binding-napi `scratch.rs` checks). */
  const scratch = []
  const scratchOf = (length) => scratch[length] || (scratch[length] = Buffer.from(new ArrayBuffer(length)))

  /** Runs an async binding call that takes a CancelFlag, rejecting at once on abort. */
  function cancellable (signal, start) {
    if (!signal) return start(undefined)
    const flag = new binding.CancelFlag()
    return watchAbort(signal, () => flag.cancel(), start(flag))
  }

  const hasherHandles = once(() => require('../hasher').createHandles({
    create: (spec) => binding.hasherNew(spec.bytes),
    update: (handle, bytes) => binding.hasherUpdate(handle, bytes),
    digest (handle, length) {
      if (length > SCRATCH_MAX_BYTES) return binding.hasherDigest(handle)
      const out = scratchOf(length)
      binding.hasherDigestInto(handle, out)
      return out
    },
    copy: (handle) => binding.hasherCopy(handle),
    reset: (handle) => { binding.hasherReset(handle); return handle },
    token: (handle) => handle,
    free: (handle) => binding.hasherFree(handle),
    save: (handle) => binding.hasherSave(handle),
    restore: (state) => binding.hasherRestore(state),
    options: (handle) => binding.hasherOptions(handle)
  }, table.errors))

  return {
    kind: 'native',
    target,
    table,
    inlineMaxBytes: inlineThresholds(HOP_MICROS, table.algorithms),
    get threads () { return binding.threadCount() },
    cpuFeatures: binding.cpuFeatures(),
    /** The pool's threads read input in place. */
    sharedMemory: true,

    encodeSpec: (info, outputLength, seed, key, context, size) => binding.specBytes(info.id, outputLength, seed, key, context, size),

    tiny: {
      instance: () => tiny().instance(),
      trapped: (instance, error) => tiny().trapped(instance, error),
      ready: () => tiny().ready(),
      maxBytes (info, instance) {
        if (wasmSpeeds === null) wasmSpeeds = parseTable(instance.glue.tableJson()).byName
        const wasm = wasmSpeeds.get(info.name)
        return wasm ? tinyLimit(info, wasm.speed) : 0
      }
    },

    /** The digest; it may be a scratch buffer that the next call reuses. */
    hashSync (spec, bytes) {
      if (spec.outputLength > SCRATCH_MAX_BYTES) return binding.hashSync(spec.bytes, bytes)
      const out = scratchOf(spec.outputLength)
      binding.hashSyncInto(spec.bytes, bytes, out)
      return out
    },

    hashAsync: (spec, bytes, signal) => cancellable(signal, (flag) => binding.hashAsync(spec.bytes, bytes, flag)),

    /** Hashes a batch (lib/many.js) into `out` in `form` (a large one on every thread, the caller waiting). */
    hashManySync: (spec, { data, ends }, form, out) => binding.hashManySync(spec.bytes, data, ends, form.hex, out),
    /** Hashes a batch on the pool into `out`, in order, in `form`; nothing may touch `out` until it settles. */
    hashManyAsync: (spec, { data, ends }, form, out, signal) => cancellable(signal, (flag) => binding.hashManyAsync(spec.bytes, data, ends, form.hex, out, flag)),

    hasherHandles,
    /** Bytes live hashers hold (tests and diagnostics). */
    hasherMemory: () => binding.hasherMemory(),

    /** A hasher fed off the main thread; `update` calls must not overlap (lib/ awaits each). */
    createAsyncHasher (spec) {
      const handle = binding.hasherNew(spec.bytes)
      const inlineMax = this.inlineMaxBytes[spec.info.name]
      return {
        update (bytes, signal) {
          if (bytes.length <= inlineMax) return binding.hasherUpdate(handle, bytes)
          return cancellable(signal, (flag) => binding.hasherUpdateAsync(handle, bytes, flag))
        },
        digest: () => binding.hasherDigest(handle),
        close: () => binding.hasherFree(handle)
      }
    },

    createProgress: () => new binding.FileProgress(),

    /** Hashes files (NUL-separated paths) in parallel on the pool; their columns, in order. */
    hashFiles: (spec, paths, options, signal, progress) =>
      cancellable(signal, (flag) => binding.hashFiles(spec.bytes, paths, options.mmap, flag, progress)),

    /** Hashes files (NUL-separated paths) on the calling thread, one after the other; their columns. */
    hashFilesHere: (spec, paths, options) => binding.hashFilesSync(spec.bytes, paths, options.mmap),

    hashFileSync (spec, path, options) {
      const result = binding.hashFileSync(spec.bytes, path, options.mmap)
      return result instanceof Uint8Array ? { digest: result } : result
    },

    walk: (root, settings, totalsOnly, signal) => cancellable(signal, (flag) =>
      binding.walkDirectory(root, settings, totalsOnly, flag)),

    /** A cursor over the tree at `root`: each `next(maxFiles)` walks and hashes the next files. */
    openTree (root, spec, settings, options, signal, progress) {
      const flag = signal ? new binding.CancelFlag() : undefined
      const cursor = new binding.TreeCursor(root, spec.bytes, settings, options.mmap, flag, progress)
      return {
        next: (maxFiles) => signal ? watchAbort(signal, () => flag.cancel(), cursor.next(maxFiles)) : cursor.next(maxFiles),
        // The addon's cursor holds no descriptor between steps; its walk goes with the object.
        close: () => {}
      }
    },

    // The build-tool calls (lib/build-tools): answered in the core's reply bytes.
    gitWorkTree: (root, env, untracked, cache, recorded, signal) =>
      cancellable(signal, (flag) => binding.gitWorkTree(root, env, untracked, cache, recorded, flag)),
    gitDirectoryTree: (root, env, settings, sha256, cache, recorded, signal) =>
      cancellable(signal, (flag) => binding.gitDirectoryTree(root, env, settings, sha256, cache, recorded, flag)),
    hashFilesWithCache: (spec, paths, cache, recorded, signal) =>
      cancellable(signal, (flag) => binding.hashFilesWithCache(spec.bytes, paths, cache, recorded, flag)),
    hashTreeWithCache: (root, spec, settings, cache, recorded, signal) =>
      cancellable(signal, (flag) => binding.hashTreeWithCache(root, spec.bytes, settings, cache, recorded, flag)),
    /** A hash cache's store, from its saved form: the addon keeps the entries between calls. */
    cacheOpen: (bytes) => new binding.CacheStore(bytes),
    /** Ends the cache's run: its saved form. */
    cacheEndRun: (store, keepRuns) => binding.cacheEndRun(store, keepRuns),

    combineCrcs: (id, digests, lengths) => binding.combineCrcs(id, digests, lengths),
    s3Parts: (size, partSize) => binding.s3Parts(size, partSize),
    s3ChecksumType: (id, multipart, wanted) => binding.s3ChecksumType(id, multipart, wanted),
    s3ObjectDigest: (id, type, multipart, digests, lengths) => binding.s3ObjectDigest(id, type, multipart, digests, lengths),
    /** The digests of the `partSize`-byte parts of `bytes`, joined (parts in parallel on the pool). */
    hashParts: (spec, bytes, partSize, signal) => cancellable(signal, (flag) => binding.hashParts(spec.bytes, bytes, partSize, flag)),
    /** The parts of one file in one pass: `{ size, digest }` (joined) or `{ code, message }`. */
    hashFileParts: (spec, path, partSize, signal) => cancellable(signal, (flag) => binding.hashFileParts(spec.bytes, path, partSize, true, flag)),

    buildManifest: (paths, digests, digestLength) => binding.buildManifest(paths, digests, digestLength),
    formatLines: (names, digests, digestLength, prefix, format, skip) => binding.formatLines(names, digests, digestLength, prefix, format, skip),
    escapeName: (name) => binding.escapeName(name),
    unescapeName: (text) => binding.unescapeName(text)
  }
}

module.exports = { createNativeBackend }
