'use strict'
/**
 * One worker of the wasm pool: an independent wasm instance that hashes byte ranges of
 * SharedArrayBuffers the main thread posts, a chunk at a time, straight into its own
 * memory. It keeps the streaming sessions pinned to it. A trap is reported as fatal and
 * the main thread replaces this worker: a trapped instance is never used again.
 */
const { parentPort, workerData } = require('node:worker_threads')
const { instantiate, feed, isTrap, trapMessage } = require('./instance')

const glue = instantiate(workerData.module)
const cancel = new Int32Array(workerData.cancelBuffer)
/** @type {Map<number, any>} streaming sessions by id */
const sessions = new Map()

class Cancelled extends Error {}

function checkCancel () {
  if (Atomics.load(cancel, 0) !== 0) throw new Cancelled('cancelled')
}

function newHasher (spec) {
  return new glue.WasmHasher(spec.id, spec.seed, spec.key, spec.context)
}

function rangeOf (job) {
  return new Uint8Array(job.sab, job.offset, job.length)
}

function session (id) {
  const hasher = sessions.get(id)
  if (!hasher) throw new Error(`no session ${id} in this worker`)
  return hasher
}

const handlers = {
  hash (job) {
    const hasher = newHasher(job.spec)
    try {
      feed(hasher, rangeOf(job), checkCancel)
      return hasher.digest(job.outputLength)
    } finally {
      hasher.free()
    }
  },
  open (job) {
    sessions.set(job.session, newHasher(job.spec))
  },
  update (job) {
    feed(session(job.session), rangeOf(job), checkCancel)
  },
  digest (job) {
    return session(job.session).digest(job.outputLength)
  },
  close (job) {
    const hasher = sessions.get(job.session)
    sessions.delete(job.session)
    if (hasher) hasher.free()
  }
}

function serializeError (error) {
  return { name: error.name, message: error.message, code: error.code, stack: error.stack }
}

parentPort.on('message', (job) => {
  let reply
  try {
    const result = handlers[job.type](job)
    reply = { ok: true, result }
  } catch (error) {
    if (error instanceof Cancelled) reply = { ok: false, cancelled: true }
    else if (isTrap(error)) reply = { ok: false, fatal: true, error: { name: error.name, message: trapMessage(glue, error) } }
    else reply = { ok: false, error: serializeError(error) }
  }
  const transfer = reply.result instanceof Uint8Array ? [reply.result.buffer] : []
  parentPort.postMessage(reply, transfer)
})

parentPort.postMessage({ ready: true })
