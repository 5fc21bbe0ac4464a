'use strict'
/**
 * One worker of the pool in a browser (a module Web Worker; the web build bundles this
 * file as web/worker.js): its first message brings the compiled module (and the shared
 * cancel flag, on a cross-origin isolated page), then it runs the jobs of lib/wasm/jobs.js
 * one at a time. Without shared memory a cancel is a message, which a job that reads a
 * Blob sees between its reads.
 */
const { instantiate } = require('../wasm/instance')
const { createJobs, runJob, transferables } = require('../wasm/jobs')

/** @type {any} the worker's global scope */
const scope = globalThis
/** @type {import('../wasm/instance').Instance | null} */
let instance = null
/** @type {Record<string, (job: any) => any>} */
let handlers = {}
/** @type {Int32Array | null} */
let cancelFlag = null
let running = false
let cancelled = false

const isCancelled = () => cancelFlag !== null ? Atomics.load(cancelFlag, 0) !== 0 : cancelled

function init ({ module, cancelBuffer }) {
  instance = instantiate(module)
  cancelFlag = cancelBuffer ? new Int32Array(cancelBuffer) : null
  handlers = createJobs(instance, isCancelled)
  scope.postMessage({ ready: true })
}

scope.onmessage = async ({ data }) => {
  if (data.init) return init(data.init)
  if (data.cancel) {
    if (running) cancelled = true
    return
  }
  running = true
  cancelled = false
  const reply = await runJob(handlers, data, /** @type {import('../wasm/instance').Instance} */ (instance))
  running = false
  scope.postMessage(reply, transferables(reply))
}
