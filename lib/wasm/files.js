'use strict'
/**
 * Files, walks and trees on the wasm backend: files are hashed in jobs spread over the
 * workers (each worker reads its files straight into its own wasm memory through the
 * core's file loop), and a tree is a walk kept by one worker (a session, so it streams)
 * whose steps the other workers hash. One large file of an algorithm that splits (BLAKE3,
 * the CRCs) is read and hashed by all the workers at once, each a range of it. A whole
 * walk is walked by one worker and stat'ed by all (lib/wasm/walk.js). Results come back
 * in the columns the native addon returns.
 */
const fs = require('node:fs')
const { throwIfAborted } = require('../abort')
const { wire, wireHere, fileSink, hashFilesIn } = require('./hashers')
const { createFsBridge } = require('./fs-bridge')
const { decodeFile, decodeColumns, decodeWalkStep, joinColumns } = require('./replies')
const { runsOf, countJoined } = require('./joined')
const { pieceLength, hashFileInPieces } = require('./split')
const { walkWithSizes } = require('./walk')

/** Files per pool job in hashFiles: enough to amortise a message, few enough to balance. */
const MAX_FILES_PER_JOB = 256
const SLASH = Buffer.from('/')
const EMPTY = Buffer.alloc(0)

/**
 * @param {() => import('./pool').WorkerPool} getPool
 * @param {number} threads
 * @param {ReturnType<import('./main-thread').createMainThread>} main
 */
function createWasmFiles (getPool, threads, main) {
  /**
   * Hashes the NUL-separated `paths` (relative to `root` when given) in jobs over the
   * workers (each job a run of them, one buffer); their columns, in order.
   */
  async function hashPaths (spec, paths, signal, progress, root) {
    throwIfAborted(signal)
    const count = countJoined(paths)
    if (count === 1) {
      const split = await hashOneInPieces(spec, root ? Buffer.concat([root, SLASH, paths]) : paths, signal, progress)
      if (split) return split
    }
    const perJob = Math.max(1, Math.min(MAX_FILES_PER_JOB, Math.ceil(count / (threads * 4))))
    const messages = runsOf(paths, perJob).map((run) =>
      ({ type: 'files', root, paths: run, spec: wire(spec), progress: progress && progress.buffer }))
    const replies = await getPool().runAll(messages, { signal })
    return joinColumns(replies.map((reply) => decodeColumns(reply, spec.outputLength)))
  }

  /**
   * The columns of the one file at `path` hashed in ranges by all the workers, or null when
   * it is not a regular file large enough to split (then it is hashed as any other is).
   */
  async function hashOneInPieces (spec, path, signal, progress) {
    if (pieceLength(spec, Infinity, threads) === 0) return null
    const stat = await fs.promises.stat(path).catch(() => null)
    const length = stat && stat.isFile() ? pieceLength(spec, stat.size, threads) : 0
    if (length === 0 || !stat) return null
    const outcome = await hashFileInPieces(getPool(), main, decodeFile, spec, path, stat.size, length, signal, progress && progress.buffer)
    if (progress) progress.fileDone()
    if (outcome.code) return { sizes: Float64Array.of(0), digests: Buffer.alloc(spec.outputLength), failures: [{ index: 0, code: outcome.code, message: outcome.message }] }
    return { sizes: Float64Array.of(stat.size), digests: outcome.digest, failures: [] }
  }

  /**
   * A tree at `root`: a walk session on one worker, its steps hashed by all of them. The
   * walker is asked for the next step as soon as one comes, so it walks while the others
   * hash; `close` ends the session when the caller stops early.
   */
  function openTree (root, spec, settings, options, signal, progress) {
    /** The walk's session, opened by the first step (its start reads the root: it may block). */
    let opened = null
    /** The walker's next step, asked for before the one before it is hashed. */
    let ahead = null
    let closed = false
    const close = () => {
      if (closed || opened === null) return
      closed = true
      if (ahead) ahead.catch(() => {})
      opened.then((handle) => getPool().closeSession(handle, 'walkClose')).catch(() => {})
    }
    const stepOf = (handle, maxFiles) => getPool().run({ type: 'walkNext', session: handle.session, maxFiles }, { signal, slot: handle.slot })
    return {
      async next (maxFiles) {
        try {
          if (opened === null) opened = getPool().openSession({ type: 'walkOpen', root, settings }, { signal })
          const handle = await opened
          const step = decodeWalkStep(await (ahead || stepOf(handle, maxFiles)))
          ahead = null
          if (step.code) {
            close()
            return { paths: EMPTY, files: joinColumns([]), walkError: step, done: true }
          }
          const done = step.count < maxFiles
          if (done) close()
          else ahead = stepOf(handle, maxFiles)
          const files = step.count ? await hashPaths(spec, step.paths, signal, progress, root) : joinColumns([])
          return { paths: step.paths, files, done }
        } catch (error) {
          close()
          throw error
        }
      },
      close
    }
  }

  return {
    hashFiles: (spec, paths, options, signal, progress) => hashPaths(spec, paths, signal, progress),

    hashFileSync: (spec, path) => main.run((instance) => decodeFile(instance.glue.hashFile(spec.bytes,
      createFsBridge({ memory: instance.memory }), path, fileSink(instance, wire(spec))))),

    /** hashFiles on the calling thread, with no worker started, of a run of `options.bytes` (lib/files `hashFilesColumnsHere`); no mmap in wasm. */
    hashFilesHere: (spec, paths, options) => main.run((instance) =>
      decodeColumns(hashFilesIn(instance, wireHere(spec, options.bytes), createFsBridge({ memory: instance.memory }), paths), spec.outputLength)),

    walk: (root, settings, totalsOnly, signal) => walkWithSizes(getPool(), root, settings, totalsOnly, signal),

    openTree
  }
}

module.exports = { createWasmFiles }
