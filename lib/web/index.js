'use strict'
/**
 * hashmill for browsers and workerd: the API every runtime has (lib/common-api.js) over
 * the web backend (lib/web/backend.js), assembled once per page or isolate by its entry
 * (loader.mjs, loader-workerd.mjs). The core's table of algorithms is built into the bundle
 * (scripts/lib/web-bundle.js reads it from the module), so `algorithms` and the option
 * checks need no compiled module.
 */
const { parseTable } = require('../algorithms')
const { createCommonApi } = require('../common-api')
const { INTERNALS } = require('../internals')
const { createWebBackend } = require('./backend')

/**
 * @param {{ module?: WebAssembly.Module, compile?: () => Promise<WebAssembly.Module>, spawnWorker: (() => Worker) | null }} how
 */
function createWebHashmill ({ module, compile, spawnWorker }) {
  const table = parseTable(HASHMILL_WEB_TABLE)
  const threads = spawnWorker === null ? 1 : Math.max(1, (typeof navigator === 'object' && navigator.hardwareConcurrency) || 1)
  const sharedMemory = spawnWorker !== null && globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function'
  const backend = createWebBackend({ table, module, compile, spawnWorker, threads, sharedMemory })
  const { api, options } = createCommonApi(backend)
  // What the tests and benchmarks use beyond the public API, out of sight of users.
  Object.defineProperty(api, INTERNALS, { value: Object.freeze({ backend, get options () { return options() } }) })
  return api
}

module.exports = { createWebHashmill }
