'use strict'
/**
 * The wasm backend: a main-thread instance for sync calls and small inputs, and the
 * worker pool for everything else, adapted to the interface lib/api.js uses.
 *
 * Off-thread input is never cloned or transferred: the pool copies it once into a
 * SharedArrayBuffer when a worker is about to take it (or uses it in place if it already
 * lives in one), and the worker copies ranges of it into its own memory.
 */
const errors = require('../errors')
const { threadCount } = require('../threads')
const { isShared } = require('../input')
const { throwIfAborted } = require('../abort')
const { inlineThresholds } = require('../inline')
const { wasmModule, instantiate, feed, isTrap, trapMessage, CHUNK_BYTES } = require('../wasm/instance')
const { hashFileWith } = require('../wasm/file')
const hashers = require('../wasm/hashers')
const { decodeWalk } = require('../wasm/fs-bridge')
const { WorkerPool } = require('../wasm/pool')

/** Files per pool job in hashFiles: enough to amortise a message, few enough to balance. */
const MAX_FILES_PER_JOB = 256

/**
 * hash() hashes inline what takes less than a trip to a worker (lib/inline.js). Measured
 * on a 2-core Xeon (bench/): a round trip costs ~90 us; speeds are one instance's (SHA-2,
 * SHA-1 and MD5 are node:crypto's, see wasm/hashers.js), in bytes per microsecond.
 */
const INLINE_MAX_BYTES = inlineThresholds(90, {
  blake3: 1000,
  sha256: 1100,
  sha384: 400,
  sha512: 450,
  sha1: 1300,
  md5: 480,
  xxh3: 5400,
  'xxh3-128': 5200,
  xxh64: 5000,
  xxh32: 2400,
  crc32: 1400,
  crc32c: 1300
})

/** Inputs from this size on are split across workers (BLAKE3); smaller ones go to one worker. */
const SPLIT_MIN_BYTES = 4 << 20
/** The smallest piece worth a worker round trip (~1 ms of hashing against ~60 us). */
const MIN_PIECE_BYTES = 1 << 20

/** The most bytes one job carries: large inputs move in pieces of this size at most. */
const MAX_PIECE_BYTES = 16 << 20

/**
 * The piece length for splitting `length` bytes over `threads` workers, or 0 not to
 * split: a power of two (as BLAKE3's tree needs), about 4 pieces per worker so a slow
 * worker does not hold up the rest, and at most MAX_PIECE_BYTES.
 */
function blake3PieceLength (length, threads) {
  if (length < SPLIT_MIN_BYTES) return 0
  let piece = MIN_PIECE_BYTES
  while (piece * threads * 4 < length && piece < MAX_PIECE_BYTES) piece *= 2
  return piece
}

/** `bytes` cut into views of `pieceLength` bytes (no copies). */
function pieces (bytes, pieceLength) {
  const out = []
  for (let start = 0; start < bytes.byteLength; start += pieceLength) out.push(bytes.subarray(start, start + pieceLength))
  return out
}

/**
 * Calls `run(item)` for each item in order with at most `ahead` calls pending, so a
 * queue of pieces never holds more than that (nor adds more abort listeners); rejects
 * with the first failure.
 */
async function inOrder (items, ahead, run) {
  const pending = []
  for (const item of items) {
    const call = run(item)
    call.catch(() => {})
    pending.push(call)
    if (pending.length >= ahead) await pending.shift()
  }
  await Promise.all(pending)
}

/** The spec fields a hasher needs, in a form structured clone carries. */
function wire (spec) {
  return { id: spec.info.id, name: spec.info.name, seed: spec.seed, key: spec.key, context: spec.context }
}

function createWasmBackend () {
  const threads = threadCount()
  let main = null
  let generation = 0
  let pool = null

  /** Runs `fn` on the main-thread instance; a trap discards the instance for good. */
  function onMain (fn, owner = generation) {
    if (main === null) main = instantiate(wasmModule())
    if (owner !== generation) {
      throw errors.workerFailed('this hasher belonged to a wasm instance that trapped and was discarded')
    }
    try {
      return fn(main)
    } catch (error) {
      if (!isTrap(error)) throw error
      const message = trapMessage(main, error)
      main = null
      generation++
      throw errors.workerFailed(`the main-thread wasm instance trapped: ${message}`, error)
    }
  }

  function getPool () {
    if (pool === null) pool = new WorkerPool({ size: threads, module: wasmModule() })
    return pool
  }

  function newHasher (instance, spec) {
    return hashers.newHasher(instance, wire(spec))
  }

  /**
   * BLAKE3 over several workers: aligned power-of-two pieces hashed as subtrees in
   * parallel, their chaining values merged on the main instance (hashmill-core's subtree).
   */
  async function hashInPieces (spec, bytes, pieceLength, signal) {
    const messages = pieces(bytes, pieceLength).map((input, i) =>
      ({ type: 'subtree', spec: wire(spec), inputOffset: i * pieceLength, input }))
    const cvs = await getPool().runAll(messages, { signal })
    return onMain((instance) => instance.glue.mergeSubtrees(spec.seed, spec.key, spec.context,
      Buffer.concat(cvs), BigInt(pieceLength), BigInt(bytes.byteLength), spec.outputLength))
  }

  /** Progress counters the workers add to: [bytesDone, filesDone]. */
  function createProgress () {
    const buffer = new SharedArrayBuffer(16)
    const counters = new BigInt64Array(buffer)
    return { buffer, read: () => [Number(Atomics.load(counters, 0)), Number(Atomics.load(counters, 1))] }
  }


  return {
    kind: 'wasm',
    inlineMaxBytes: INLINE_MAX_BYTES,
    target: 'wasm32-unknown-unknown',
    threads,
    cpuFeatures: ['simd128'],
    algorithmTable: onMain((instance) => JSON.parse(instance.glue.algorithmTableJson())),

    hashSync (spec, bytes) {
      return onMain((instance) => {
        if (bytes.byteLength <= CHUNK_BYTES) return hashers.hashOnce(instance, wire(spec), bytes, spec.outputLength)
        const hasher = newHasher(instance, spec)
        try {
          feed(instance, hasher, bytes)
          return hasher.digest(spec.outputLength)
        } finally {
          hasher.free()
        }
      })
    },

    async hashAsync (spec, bytes, signal) {
      throwIfAborted(signal)
      const pieceLength = spec.info.parallel && threads > 1 ? blake3PieceLength(bytes.byteLength, threads) : 0
      if (pieceLength) return hashInPieces(spec, bytes, pieceLength, signal)
      if (bytes.byteLength > MAX_PIECE_BYTES && !isShared(bytes)) {
        const hasher = this.createAsyncHasher(spec)
        try {
          await hasher.update(bytes, signal)
          return await hasher.digest(spec.outputLength, signal)
        } finally {
          hasher.close()
        }
      }
      return getPool().run({ type: 'hash', spec: wire(spec), outputLength: spec.outputLength, input: bytes }, { signal })
    },

    createSyncHasher (spec) {
      const owner = generation
      return mainThreadHasher(spec, onMain((instance) => newHasher(instance, spec)), owner)
    },

    /**
     * A session pinned to one worker. Small chunks are gathered in a staging buffer and
     * sent a megabyte at a time, so a stream of tiny chunks costs few thread hops.
     */
    createAsyncHasher (spec) {
      const opened = getPool().openSession(wire(spec))
      opened.catch(() => {})
      const stage = new Uint8Array(new SharedArrayBuffer(CHUNK_BYTES))
      let staged = 0

      /** `data`: `{ input }` (shared by the pool when the worker takes it) or a shared range. */
      async function send (data, signal) {
        const handle = await opened
        await getPool().run({ type: 'update', session: handle.session, ...data }, { signal, slot: handle.slot })
      }
      async function flush (signal) {
        if (staged === 0) return
        const length = staged
        staged = 0
        await send({ sab: stage.buffer, offset: 0, length }, signal)
      }

      return {
        async update (bytes, signal) {
          if (staged + bytes.byteLength > CHUNK_BYTES) await flush(signal)
          if (bytes.byteLength >= CHUNK_BYTES) {
            await inOrder(pieces(bytes, MAX_PIECE_BYTES), 2, (input) => send({ input }, signal))
            return
          }
          stage.set(bytes, staged)
          staged += bytes.byteLength
        },
        async digest (outputLength, signal) {
          await flush(signal)
          const handle = await opened
          return await getPool().run({ type: 'digest', session: handle.session, outputLength }, { signal, slot: handle.slot })
        },
        close () {
          opened.then((handle) => getPool().closeSession(handle)).catch(() => {})
        }
      }
    },

    createProgress,

    /** Hashes files (path Buffers) across the workers; one outcome per path, in order. */
    async hashFiles (spec, paths, options, signal, progress) {
      throwIfAborted(signal)
      const perJob = Math.max(1, Math.min(MAX_FILES_PER_JOB, Math.ceil(paths.length / (threads * 4))))
      const messages = []
      for (let i = 0; i < paths.length; i += perJob) {
        messages.push({
          type: 'files',
          paths: paths.slice(i, i + perJob),
          spec: wire(spec),
          outputLength: spec.outputLength,
          progress: progress && progress.buffer
        })
      }
      const outcomes = (await getPool().runAll(messages, { signal })).flat()
      return outcomes
    },

    hashFileSync (spec, path) {
      return onMain((instance) => hashFileWith(instance, () => newHasher(instance, spec), path, spec.outputLength))
    },

    async walk (root, options, signal) {
      const message = { type: 'walk', root, ...options }
      return decodeWalk(await getPool().run(message, { signal }))
    },

    buildManifest (paths, digests) {
      return onMain((instance) => instance.glue.buildManifest(paths, digests))
    },

    /** Terminates the worker pool (tests and tools; idle workers never hold the process). */
    async destroy () {
      if (pool) await pool.destroy()
      pool = null
    }
  }

  /**
   * A WasmHasher of the main instance whose every call goes through `onMain`. `digest`
   * frees the state at once (lib/hasher.js allows only `reset()` after it), so a sync loop
   * of createHasher()…digest() never waits for the GC to give wasm memory back.
   */
  function mainThreadHasher (spec, hasher, owner) {
    let state = hasher
    return {
      update: (bytes) => onMain((instance) => feed(instance, state, bytes), owner),
      digest: (outputLength) => onMain(() => {
        try {
          return state.digest(outputLength)
        } finally {
          state.free()
          state = null
        }
      }, owner),
      copy: () => mainThreadHasher(spec, onMain(() => state.copy(), owner), owner),
      reset: () => onMain((instance) => {
        if (state) state.reset()
        else state = newHasher(instance, spec)
      }, owner)
    }
  }
}

module.exports = { createWasmBackend }
