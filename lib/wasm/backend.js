'use strict'
/**
 * The wasm backend's hashing, in any runtime: the calling thread's instance for sync calls
 * and small inputs (main-thread.js), and a pool of workers for everything else (pool.js),
 * or, where a runtime has no workers (workerd), the calling thread for that too. Node's
 * backend (lib/wasm/index.js) adds files, walks and S3 parts; the browser and workerd
 * backends (lib/web/backend.js) add Blobs read by the workers.
 *
 * Off-thread input is never cloned or transferred as it is: the pool copies it once when a
 * worker is about to take it, into shared memory (or uses it in place if it already lives
 * there) or into a buffer it moves to the worker, which copies ranges into its own memory.
 */
const { isShared } = require('../input')
const { throwIfAborted } = require('../abort')
const { inlineThresholds } = require('../inline')
const { wire } = require('./hashers')
const { pieceLength, hashInPieces, MAX_PIECE_BYTES } = require('./split')
const { openSession } = require('./session')

/**
 * Handing input to a worker copies it on the main thread (into shared memory, or into a
 * buffer moved to the worker): 8 bytes/ns (TypedArray#set into a SharedArrayBuffer, 2-core
 * Xeon; 27 on the AMD EPYC machine). A hash in place takes at most what the calling
 * thread's instance hashes in one call.
 */
const HANDOFF_COPY = { copyBytesPerMicro: 8000, maxBytes: 1 << 20 }

/**
 * @typedef {object} WasmCoreOptions
 * @property {import('../algorithms').Table} table the module's table
 * @property {number} threads workers at most
 * @property {number} hopMicros a round trip to a worker and back, in µs (what inline work may cost)
 * @property {ReturnType<import('./main-thread').createMainThread>} main the calling thread's instance
 * @property {(() => import('./pool').WorkerPool) | null} getPool the pool, started on first use; null
 *   where there are no workers (everything runs on the calling thread)
 * @property {() => Promise<void>} ready resolves once the calling thread's instance exists
 */

/**
 * A hasher on the calling thread, with the interface of a pool session (where there is no pool).
 * @param {ReturnType<import('./main-thread').createMainThread>} main
 * @param {import('../options').Spec} spec
 */
function hereSession (main, spec) {
  const { ops } = main.hasherHandles()
  const handle = ops.create(spec)
  let open = true
  return {
    update: async (bytes) => { ops.update(handle, bytes) },
    digest: async () => {
      open = false
      return ops.digest(handle, spec.outputLength)
    },
    close: () => {
      const token = ops.token(handle)
      if (open && token !== undefined) ops.free(token)
      open = false
    }
  }
}

/** @param {WasmCoreOptions} options */
function createWasmCore ({ table, threads, hopMicros, main, getPool, ready }) {
  return {
    kind: 'wasm',
    target: 'wasm32-unknown-unknown',
    table,
    // Without workers every input is inline, so hashAsync is only called where there is a pool.
    inlineMaxBytes: getPool === null ? inlineThresholds(Infinity, table.algorithms) : inlineThresholds(hopMicros, table.algorithms, HANDOFF_COPY),
    threads,
    cpuFeatures: ['simd128'],

    encodeSpec: (info, outputLength, seed, key, context, size) =>
      main.run((instance) => instance.glue.specBytes(info.id, outputLength, seed, key, context, size)),

    tiny: {
      instance: main.current,
      trapped: main.trapped,
      ready,
      maxBytes: (info, instance) => instance.capacity
    },

    hashSync: main.hashSync,

    async hashAsync (spec, bytes, signal) {
      throwIfAborted(signal)
      const pool = /** @type {() => import('./pool').WorkerPool} */ (getPool)
      const length = pieceLength(spec, bytes.byteLength, threads)
      if (length) return hashInPieces(pool(), main, spec, bytes, length, signal)
      if (bytes.byteLength > MAX_PIECE_BYTES && !isShared(bytes)) {
        const session = openSession(pool(), spec)
        try {
          await session.update(bytes, signal)
          return await session.digest(signal)
        } finally {
          session.close()
        }
      }
      return pool().run({ type: 'hash', spec: wire(spec), input: bytes }, { signal })
    },

    hasherHandles: main.hasherHandles,
    /** Bytes the calling thread's live hashers hold (tests and diagnostics). */
    hasherMemory: () => main.run((instance) => instance.glue.hasherMemory()),
    createAsyncHasher: (spec) => getPool === null ? hereSession(main, spec) : openSession(getPool(), spec)
  }
}

module.exports = { createWasmCore }
