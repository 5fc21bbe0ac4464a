'use strict'
/**
 * The pool's host in Node (lib/wasm/pool.js `PoolHost`): workers are `worker_threads`
 * running lib/wasm/worker.js, unref'd while idle so the process can exit; input reaches
 * them through SharedArrayBuffers (lib/wasm/slabs.js) and a shared cancel flag; each job is
 * an AsyncResource, so AsyncLocalStorage context flows from a call to its settlement.
 */
const path = require('node:path')
const { AsyncResource } = require('node:async_hooks')
const { Worker } = require('node:worker_threads')
const { shareable } = require('./slabs')

const WORKER_FILE = path.join(__dirname, 'worker.js')
/**
 * Each worker's young generation, in MB. A worker's JavaScript holds little at a time (a
 * job, its reply, the fs bridge's small buffers), so V8's default lets garbage pile up for
 * nothing: on `hashmill -r` over 200,000 files the two workers' default young generations
 * kept ~5 MB more resident (peak RSS 97.4-97.8 → 92.9-94.3 MiB), in the same time.
 */
const WORKER_YOUNG_GENERATION_MB = 3

/** @type {import('./pool').PoolHost} */
const nodeHost = {
  sharedMemory: true,
  spawn (module, cancelBuffer) {
    const worker = new Worker(WORKER_FILE, {
      workerData: { module, cancelBuffer },
      stdout: false,
      stderr: false,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
    })
    worker.unref()
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      terminate: () => worker.terminate(),
      listen ({ message, error, exit }) {
        worker.on('message', message)
        worker.on('error', error)
        worker.on('exit', (code) => exit(`the worker exited with code ${code}`))
      }
    }
  },
  scope: (name) => new AsyncResource(name, { requireManualDestroy: true }),
  move: shareable
}

module.exports = { nodeHost }
