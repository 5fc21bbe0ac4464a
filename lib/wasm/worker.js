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
const { decodeWalkStep } = require('./replies')
const { hashBatch } = require('./many')

if (port === null) throw new Error('lib/wasm/worker.js runs only as a worker thread')
const parentPort = port
const instance = instantiate(workerData.module)
const { glue } = instance
const cancel = new Int32Array(workerData.cancelBuffer)
/** @type {Map<number, import('./hashers').InstanceHasher>} streaming sessions by id */
const sessions = new Map()
/** @type {Map<number, any>} walk sessions (the module's WalkCursor) by id */
const walks = new Map()
/** Files per step when a whole walk runs in one job. */
const WALK_STEP_FILES = 65536
const NUL = Buffer.from([0])

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
  if (!job.progress) return { onBytes: undefined, fileDone: undefined }
  const counters = new BigInt64Array(job.progress)
  return {
    onBytes: (n) => Atomics.add(counters, 0, BigInt(n)),
    fileDone: () => Atomics.add(counters, 1, 1n)
  }
}

/** A walk cursor of the module over the tree at `job.root`, with `job.settings`. */
function openWalk (job) {
  const bridge = createFsBridge({ memory: instance.memory, root: job.root, cancelled: isCancelled })
  const { ignore, gitignore, hidden, followSymlinks } = job.settings
  return new glue.WalkCursor(bridge, ignore, gitignore, hidden, followSymlinks, Boolean(job.skipSizes))
}

/**
 * A whole walk: its files' columns (relative paths NUL-separated, sizes) and totals, or
 * only the totals; or the failure.
 */
function walkAll (cursor, totalsOnly) {
  const steps = []
  let files = 0
  let bytes = 0
  while (true) {
    const step = decodeWalkStep(cursor.next(WALK_STEP_FILES))
    if (step.code) return step
    files += step.count
    for (const size of step.sizes) bytes += size
    if (!totalsOnly && step.count) steps.push(step)
    if (step.count < WALK_STEP_FILES) break
  }
  const sizes = new Float64Array(totalsOnly ? 0 : files)
  let at = 0
  for (const step of steps) {
    sizes.set(step.sizes, at)
    at += step.count
  }
  const paths = steps.flatMap((step, i) => i ? [NUL, step.paths] : [step.paths])
  return { paths: Buffer.concat(paths), sizes, files, bytes }
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
  many (job) {
    checkCancel()
    const out = new Uint8Array(job.ends.length * job.spec.outputLength)
    hashBatch(instance, job.spec.bytes, job.spec.outputLength, rangeOf(job), job.ends, out)
    return out
  },
  piece (job) {
    const piece = new glue.WasmPiece(job.spec, BigInt(job.inputOffset))
    try {
      feed(instance, rangeOf(job), (length) => piece.updateStaged(length), checkCancel)
      return piece.finalize()
    } finally {
      piece.free()
    }
  },
  fileRange (job) {
    const bridge = createFsBridge({ memory: instance.memory, cancelled: isCancelled, onBytes: progressOf(job).onBytes })
    return glue.hashFileRange(job.spec, bridge, job.path, BigInt(job.offset), BigInt(job.length), BigInt(job.size))
  },
  files (job) {
    const progress = progressOf(job)
    const bridge = createFsBridge({ memory: instance.memory, cancelled: isCancelled, onBytes: progress.onBytes, onFile: progress.fileDone })
    return glue.hashFiles(job.spec.bytes, bridge, job.paths, { next: () => fileSink(instance, job.spec) })
  },
  walk (job) {
    const cursor = openWalk(job)
    try {
      return walkAll(cursor, job.totalsOnly)
    } finally {
      cursor.free()
    }
  },
  walkOpen (job) {
    walks.set(job.session, openWalk(job))
  },
  walkNext (job) {
    const cursor = walks.get(job.session)
    if (!cursor) throw new Error(`no walk ${job.session} in this worker`)
    return cursor.next(job.maxFiles)
  },
  walkClose (job) {
    const cursor = walks.get(job.session)
    walks.delete(job.session)
    if (cursor) cursor.free()
  },
  open (job) {
    sessions.set(job.session, newHasher(instance, job.spec))
  },
  /** A build-tool call of the module (binding-wasm `build_tools.rs`) over the fs bridge. */
  build (job) {
    const bridge = createFsBridge({ memory: instance.memory, root: job.root, cancelled: isCancelled })
    return glue[job.call](bridge, ...job.args)
  },
  /** The end of a hash cache's run: its new bytes after an empty reply (binding-wasm `build_tools.rs`). */
  endRun (job) {
    return glue.cacheEndRun(job.bytes, job.keepRuns)
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
 * Buffers of a reply that can be moved instead of copied: fresh copies out of wasm memory
 * (a digest, a walk step, the columns of files).
 * @returns {ArrayBuffer[]}
 */
function transferables (result) {
  if (!(result instanceof Uint8Array)) return []
  /** @type {ArrayBuffer} */
  const buffer = /** @type {any} */ (result.buffer)
  return [buffer]
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
