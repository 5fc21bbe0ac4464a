'use strict'
/**
 * One worker of the wasm pool: an independent wasm instance that hashes byte ranges of
 * SharedArrayBuffers and files, a staging area at a time, straight into its own memory; it
 * also walks directories and keeps the streaming sessions pinned to it. A trap is reported
 * as fatal and the main thread replaces this worker: a trapped instance is never used again.
 */
const { parentPort: port, workerData } = require('node:worker_threads')
const { instantiate, feed, isTrap, trapMessage } = require('./instance')
const { createFsBridge } = require('./fs-bridge')
const { newHasher, fileSink } = require('./hashers')

if (port === null) throw new Error('lib/wasm/worker.js runs only as a worker thread')
const parentPort = port
const instance = instantiate(workerData.module)
const { glue } = instance
const cancel = new Int32Array(workerData.cancelBuffer)
/** @type {Map<number, import('./hashers').InstanceHasher>} streaming sessions by id */
const sessions = new Map()

class Cancelled extends Error {}

const isCancelled = () => Atomics.load(cancel, 0) !== 0

function checkCancel () {
  if (isCancelled()) throw new Cancelled('cancelled')
}

function rangeOf (job) {
  return new Uint8Array(job.sab, job.offset, job.length)
}

function session (id) {
  const hasher = sessions.get(id)
  if (!hasher) throw new Error(`no session ${id} in this worker`)
  return hasher
}

/** Progress counters shared with the main thread: [bytesDone, filesDone]. */
function progressOf (job) {
  if (!job.progress) return { onBytes: undefined, fileDone () {} }
  const counters = new BigInt64Array(job.progress)
  return {
    onBytes: (n) => Atomics.add(counters, 0, BigInt(n)),
    fileDone: () => Atomics.add(counters, 1, 1n)
  }
}

/** Hashes a whole range with a fresh hasher of `spec`. */
function hashRange (spec, bytes) {
  const hasher = newHasher(instance, spec)
  try {
    feed(instance, bytes, (length) => hasher.updateStaged(length), checkCancel)
  } catch (error) {
    hasher.free()
    throw error
  }
  return hasher.digest()
}

const handlers = {
  hash: (job) => hashRange(job.spec, rangeOf(job)),
  subtree (job) {
    const piece = new glue.WasmSubtree(job.spec, BigInt(job.inputOffset))
    try {
      feed(instance, rangeOf(job), (length) => piece.updateStaged(length), checkCancel)
      return piece.finalize()
    } finally {
      piece.free()
    }
  },
  files (job) {
    const progress = progressOf(job)
    const bridge = createFsBridge({ memory: instance.memory, cancelled: isCancelled, onBytes: progress.onBytes })
    return job.paths.map((path) => {
      const reply = glue.hashFile(job.spec.bytes, bridge, path, fileSink(instance, job.spec))
      progress.fileDone()
      return reply
    })
  },
  walk (job) {
    const bridge = createFsBridge({ memory: instance.memory, root: job.root, cancelled: isCancelled })
    return glue.walk(bridge, job.ignore, job.gitignore, job.hidden, job.followSymlinks)
  },
  open (job) {
    sessions.set(job.session, newHasher(instance, job.spec))
  },
  update (job) {
    const hasher = session(job.session)
    feed(instance, rangeOf(job), (length) => hasher.updateStaged(length), checkCancel)
  },
  digest (job) {
    const hasher = session(job.session)
    sessions.delete(job.session)
    return hasher.digest()
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

/**
 * Buffers of a reply that can be moved instead of copied (fresh copies out of wasm memory).
 * @returns {ArrayBuffer[]}
 */
function transferables (result) {
  const buffers = result instanceof Uint8Array ? [result] : Array.isArray(result) ? result.filter((r) => r instanceof Uint8Array) : []
  return buffers.map((bytes) => /** @type {ArrayBuffer} */ (bytes.buffer))
}

parentPort.on('message', (job) => {
  let reply
  try {
    reply = { ok: true, result: handlers[job.type](job) }
  } catch (error) {
    if (error instanceof Cancelled) reply = { ok: false, cancelled: true }
    else if (isTrap(error)) reply = { ok: false, fatal: true, error: { name: error.name, message: trapMessage(instance, error) } }
    else reply = { ok: false, error: serializeError(error) }
  }
  parentPort.postMessage(reply, reply.ok ? transferables(reply.result) : [])
})

parentPort.postMessage({ ready: true })
