'use strict'
/**
 * The backend of the browser and workerd builds: the wasm backend's hashing
 * (lib/wasm/backend.js) over the module the entry brings, compiled asynchronously in
 * browsers (sync calls throw ERR_HASHMILL_NOT_READY until it is) or precompiled (workerd),
 * with a pool of module Web Workers (lib/web/host.js) where the runtime has workers and the
 * calling thread where it has none (workerd). Blobs go to the workers unread.
 */
const errors = require('../errors')
const { createMainThread } = require('../wasm/main-thread')
const { instantiate } = require('../wasm/instance')
const { createWasmCore } = require('../wasm/backend')
const { hashBlobOnPool } = require('../wasm/blobs')
const { WorkerPool } = require('../wasm/pool')
const { createWebHost } = require('./host')

/**
 * A round trip to a module worker and back, in µs (`npm run bench:browser`, Chromium on the
 * 2-core EPYC: 40 on a plain page, up to ~100 with the machine loaded).
 */
const HOP_MICROS = 60

/**
 * @typedef {object} WebBackendOptions
 * @property {import('../algorithms').Table} table the module's table (built in)
 * @property {WebAssembly.Module} [module] the module, where the runtime gives it precompiled
 * @property {() => Promise<WebAssembly.Module>} [compile] compiles it, where it is fetched
 * @property {(() => Worker) | null} spawnWorker starts a worker of lib/web/worker.js; null: no workers
 * @property {number} threads workers at most
 * @property {boolean} sharedMemory whether SharedArrayBuffers reach workers (a cross-origin isolated page)
 */

/** @param {WebBackendOptions} options */
function createWebBackend ({ table, module, compile, spawnWorker, threads, sharedMemory }) {
  /** @type {WebAssembly.Module | null} */
  let compiled = module || null
  /** @type {Promise<void> | null} */
  let loading = null
  const main = createMainThread(() => {
    if (compiled === null) throw errors.notReady()
    return instantiate(compiled)
  })

  /** Compiles the module (once) and makes the calling thread's instance. */
  function load () {
    if (compiled !== null) {
      main.current()
      return Promise.resolve()
    }
    if (loading === null) {
      const compiling = compile ? compile() : Promise.reject(new Error('no module to compile'))
      loading = compiling.then((result) => {
        compiled = result
        main.current()
      }, (error) => {
        loading = null
        throw errors.backendError(`hashmill could not load its WebAssembly module: ${error.message}`, { cause: error })
      })
    }
    return loading
  }

  let size = threads
  /** @type {WorkerPool | null} */
  let pool = null
  const host = spawnWorker === null ? null : createWebHost({ spawnWorker, sharedMemory })
  const getPool = host === null
    ? null
    : () => pool || (pool = new WorkerPool({ size, module: /** @type {WebAssembly.Module} */ (compiled), host }))

  const core = createWasmCore({ table, threads, hopMicros: HOP_MICROS, main, getPool, ready: load })
  return {
    ...core,
    load,
    sharedMemory,
    /** Blobs read by the workers (without workers, lib/blob.js reads them on the calling thread). */
    hashBlob: getPool === null
      ? undefined
      : (spec, blob, signal, onBytes) => hashBlobOnPool(getPool(), main, spec, blob, size, signal, onBytes),
    /** The pool now (tests and benchmarks), or null before the first job. */
    pool: () => pool,
    /** Starts over with at most `n` workers (tests and benchmarks: 1 against 2 workers). */
    async setThreads (n) {
      size = n
      await this.destroy()
    },
    /** Terminates the workers; the next job starts new ones. */
    async destroy () {
      const current = pool
      pool = null
      if (current) await current.destroy()
    }
  }
}

module.exports = { createWebBackend }
