'use strict'
/**
 * The pool's host in browsers (lib/wasm/pool.js `PoolHost`): module Web Workers running
 * lib/web/worker.js, terminated after IDLE_MS without work. On a cross-origin isolated page
 * input reaches them through SharedArrayBuffers and a shared cancel flag, as in Node;
 * elsewhere (no COOP/COEP headers needed) each job's bytes are copied once into a buffer
 * the pool owns and moved to the worker, which moves it back for the next job (never the
 * caller's buffer, which stays usable), and a cancel is a message, seen by a job between
 * the reads of a Blob.
 */
const { shareable, movable } = require('../wasm/slabs')

/** How long a worker may stay idle before it is terminated (a new one starts on demand). */
const IDLE_MS = 30000

/** No async context to carry in browsers. */
const PLAIN_SCOPE = Object.freeze({
  runInAsyncScope: (fn, thisArg, ...args) => fn.apply(thisArg, args),
  emitDestroy () {}
})

/**
 * @param {{ spawnWorker: () => Worker, sharedMemory: boolean, idleMs?: number }} how
 * @returns {import('../wasm/pool').PoolHost}
 */
function createWebHost ({ spawnWorker, sharedMemory, idleMs = IDLE_MS }) {
  return {
    sharedMemory,
    idleMs,
    spawn (module, cancelBuffer) {
      const worker = spawnWorker()
      worker.postMessage({ init: { module, cancelBuffer } })
      return {
        post: (message, transfer) => worker.postMessage(message, transfer),
        ref () {},
        unref () {},
        terminate: async () => worker.terminate(),
        listen ({ message, error }) {
          worker.onmessage = (event) => message(event.data)
          worker.onerror = (event) => {
            event.preventDefault()
            error(new Error(event.message || 'the worker script could not be loaded'))
          }
          worker.onmessageerror = () => error(new Error('a message from the worker could not be read'))
        }
      }
    },
    scope: () => PLAIN_SCOPE,
    move: sharedMemory ? shareable : movable
  }
}

module.exports = { createWebHost }
