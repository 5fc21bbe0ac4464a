'use strict'
/**
 * One worker of the wasm pool: an independent wasm instance that hashes byte ranges of
 * SharedArrayBuffers and files, a chunk at a time, straight into its own memory; it also
 * walks directories and keeps the streaming sessions pinned to it. A trap is reported as
 * fatal and the main thread replaces this worker: a trapped instance is never used again.
 */
const { parentPort, workerData } = require('node:worker_threads')
const { instantiate, feed, isTrap, trapMessage } = require('./instance')
const { hashFileWith } = require('./file')
const { createFsBridge } = require('./fs-bridge')
const hashers = require('./hashers')

const instance = instantiate(workerData.module)
const { glue } = instance
const cancel = new Int32Array(workerData.cancelBuffer)
/** @type {Map<number, any>} streaming sessions by id */
const sessions = new Map()

class Cancelled extends Error {}

function checkCancel () {
  if (Atomics.load(cancel, 0) !== 0) throw new Cancelled('cancelled')
}

function newHasher (spec) {
  return hashers.newHasher(instance, spec)
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

const handlers = {
  hash (job) {
    const hasher = newHasher(job.spec)
    try {
      feed(instance, hasher, rangeOf(job), checkCancel)
      return hasher.digest(job.outputLength)
    } finally {
      hasher.free()
    }
  },
  subtree (job) {
    const piece = new glue.WasmSubtree(job.spec.seed, job.spec.key, job.spec.context, BigInt(job.inputOffset))
    try {
      feed(instance, piece, rangeOf(job), checkCancel)
      return piece.finalize()
    } finally {
      piece.free()
    }
  },
  files (job) {
    const progress = progressOf(job)
    return job.paths.map((path) => {
      const outcome = hashFileWith(instance, () => newHasher(job.spec), path, job.outputLength,
        { beforeChunk: checkCancel, onBytes: progress.onBytes })
      progress.fileDone()
      return outcome
    })
  },
  walk (job) {
    const bridge = createFsBridge(job.root, () => Atomics.load(cancel, 0) !== 0)
    return glue.walk(bridge, job.ignore, job.gitignore, job.hidden, job.followSymlinks)
  },
  open (job) {
    sessions.set(job.session, newHasher(job.spec))
  },
  update (job) {
    feed(instance, session(job.session), rangeOf(job), checkCancel)
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

/** Buffers of a reply that can be moved instead of copied (they are fresh copies). */
function transferables (result) {
  if (result instanceof Uint8Array) return [result.buffer]
  if (Array.isArray(result)) return result.filter((o) => o && o.digest instanceof Uint8Array).map((o) => o.digest.buffer)
  return []
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
