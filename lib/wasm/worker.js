'use strict'
/**
 * One worker of the wasm pool in Node: an independent wasm instance that runs the jobs of
 * lib/wasm/jobs.js, plus what only Node has: files read through the fs bridge straight
 * into its memory, and directory walks (cursors it keeps between jobs, and the stats of
 * what they find). The cancel flag and progress counters are shared with the main thread.
 * A trap is reported as fatal and the main thread replaces this worker: a trapped instance
 * is never used again.
 */
const { parentPort: port, workerData } = require('node:worker_threads')
const { instantiate } = require('./instance')
const { createJobs, runJob, transferables } = require('./jobs')
const { createFsBridge } = require('./fs-bridge')
const { hashFilesIn } = require('./hashers')

if (port === null) throw new Error('lib/wasm/worker.js runs only as a worker thread')
const parentPort = port
const instance = instantiate(workerData.module)
const { glue } = instance
const cancel = new Int32Array(workerData.cancelBuffer)
/** @type {Map<number, any>} walk sessions (the module's WalkCursor) by id */
const walks = new Map()
const isCancelled = () => Atomics.load(cancel, 0) !== 0

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
  return new glue.WalkCursor(bridge, ignore, gitignore, hidden, followSymlinks)
}

const handlers = {
  ...createJobs(instance, isCancelled),
  fileRange (job) {
    const bridge = createFsBridge({ memory: instance.memory, cancelled: isCancelled, onBytes: progressOf(job).onBytes })
    return glue.hashFileRange(job.spec, bridge, job.path, BigInt(job.offset), BigInt(job.length), BigInt(job.size))
  },
  files (job) {
    const progress = progressOf(job)
    const bridge = createFsBridge({ memory: instance.memory, root: job.root, cancelled: isCancelled, onBytes: progress.onBytes, onFile: progress.fileDone })
    return hashFilesIn(instance, job.spec, bridge, job.paths)
  },
  /** The sizes of a walk step's files, relative to `job.root` (lib/wasm/walk.js). */
  walkSizes (job) {
    return glue.walkSizes(createFsBridge({ memory: instance.memory, root: job.root, cancelled: isCancelled }), job.paths)
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
  /** A build-tool call of the module (binding-wasm `build_tools.rs`) over the fs bridge. */
  build (job) {
    const bridge = createFsBridge({ memory: instance.memory, root: job.root, cancelled: isCancelled })
    return glue[job.call](bridge, ...job.args)
  },
  /** The end of a hash cache's run: its new saved form (binding-wasm `build_tools.rs`). */
  endRun (job) {
    return glue.cacheEndRun(job.bytes, job.keepRuns)
  }
}

parentPort.on('message', async (job) => {
  const reply = await runJob(handlers, job, instance)
  parentPort.postMessage(reply, transferables(reply))
})

parentPort.postMessage({ ready: true })
