'use strict'
/**
 * The native backend: the napi-rs addon, adapted to the interface lib/api.js uses.
 * Async work runs on the addon's rayon pool; the main thread only converts arguments.
 */
const { threadCount } = require('../threads')
const { watchAbort } = require('../abort')
const { inlineThresholds } = require('../inline')
const { nulJoined } = require('../input')

/**
 * hash() hashes inline what takes less than a trip through the pool (lib/inline.js).
 * Measured on a 2-core Xeon (bench/): a round trip costs 25-45 us; speeds are one thread's,
 * in bytes per microsecond.
 */
const INLINE_MAX_BYTES = inlineThresholds(30, {
  blake3: 3600,
  sha256: 1100,
  sha384: 390,
  sha512: 400,
  sha1: 1100,
  md5: 400,
  xxh3: 7000,
  'xxh3-128': 7000,
  xxh64: 4800,
  xxh32: 3700,
  crc32: 9000,
  crc32c: 8500
})

/**
 * @param {object} binding the loaded `.node` module
 * @param {string} target e.g. 'linux-x64-gnu'
 */
function createNativeBackend (binding, target) {
  binding.setThreadCount(threadCount())

  /** Runs an async binding call that takes a CancelFlag, rejecting at once on abort. */
  function cancellable (signal, start) {
    if (!signal) return start(undefined)
    const flag = new binding.CancelFlag()
    return watchAbort(signal, () => flag.cancel(), start(flag))
  }

  return {
    kind: 'native',
    inlineMaxBytes: INLINE_MAX_BYTES,
    target,
    get threads () { return binding.threadCount() },
    cpuFeatures: binding.cpuFeatures(),
    algorithmTable: binding.algorithmTable(),

    hashSync (spec, bytes) {
      return binding.hashSync(spec.info.id, bytes, spec.outputLength, spec.seed, spec.key, spec.context)
    },

    /** hashSync writing into `out` (length = output length): no allocation per call. */
    hashSyncInto (spec, bytes, out) {
      binding.hashSyncInto(spec.info.id, bytes, out, spec.seed, spec.key, spec.context)
    },

    hashAsync (spec, bytes, signal) {
      return cancellable(signal, (flag) =>
        binding.hashAsync(spec.info.id, bytes, spec.outputLength, spec.seed, spec.key, spec.context, flag))
    },

    createSyncHasher (spec) {
      return new binding.NativeHasher(spec.info.id, spec.seed, spec.key, spec.context)
    },

    createProgress () { return new binding.FileProgress() },

    /** Hashes files (path Buffers) in parallel on the pool; one outcome per path, in order. */
    hashFiles (spec, paths, options, signal, progress) {
      return cancellable(signal, (flag) => binding.hashFiles(nulJoined(paths), spec.info.id, spec.outputLength,
        spec.seed, spec.key, spec.context, options.mmap, flag, progress))
    },

    hashFileSync (spec, path, options) {
      return binding.hashFileSync(path, spec.info.id, spec.outputLength, spec.seed, spec.key, spec.context, options.mmap)
    },

    walk (root, options, signal) {
      return cancellable(signal, (flag) =>
        binding.walkDirectory(root, options.ignore, options.gitignore, options.hidden, options.followSymlinks, flag))
    },

    buildManifest (paths, digests) {
      return binding.buildManifest(paths, digests)
    },

    /** A hasher fed off the main thread; `update` calls must not overlap (lib/ awaits each). */
    createAsyncHasher (spec, inlineMaxBytes) {
      const hasher = this.createSyncHasher(spec)
      return {
        update (bytes, signal) {
          if (bytes.byteLength <= inlineMaxBytes) return hasher.update(bytes)
          return cancellable(signal, (flag) => hasher.updateAsync(bytes, flag))
        },
        digest (outputLength) { return hasher.digest(outputLength) },
        close () {}
      }
    }
  }
}

module.exports = { createNativeBackend }
