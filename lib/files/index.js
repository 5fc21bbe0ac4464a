'use strict'
/**
 * Files and many files, for both backends. The backend hashes (native: rayon over
 * mmap/reads; wasm: workers reading straight into wasm memory, both through the core's one
 * loop) and answers in columns; what users see is decided here: path and option
 * validation, errors that name the path and keep the OS code, result order and progress.
 * Directories are in tree.js.
 */
const fs = require('node:fs')
const errors = require('../errors')
const { encodeAt, asBuffer } = require('../encoding')
const { throwIfAborted } = require('../abort')
const { withProgress } = require('../progress')
const { fileError } = require('../fs-errors')
const { pathBytes, joinedPaths, displayPath } = require('./paths')
const { parseFileOptions } = require('./options')
const { fileResults } = require('./results')
const { once, onFirstCall } = require('../lazy')

const STAT_CONCURRENCY = 64

/** Sizes of `paths` for progress totals (only when a caller asked for progress). */
async function totalBytes (paths) {
  let total = 0
  for (let i = 0; i < paths.length; i += STAT_CONCURRENCY) {
    const stats = await Promise.all(paths.slice(i, i + STAT_CONCURRENCY).map((p) => fs.promises.stat(p).catch(() => null)))
    for (const st of stats) if (st && st.isFile()) total += st.size
  }
  return total
}

/**
 * @param {object} backend
 * @param {object} validators lib/options
 */
function createFileApi (backend, validators) {
  /**
   * Hashes `paths` on the backend with progress: their columns.
   * @param {import('./options').FileSettings} settings
   * @param {Buffer} joined the paths, NUL-separated
   * @param {any[]} paths as the caller gave them (for the progress totals)
   * @returns {Promise<import('./results').FilesOutcome>}
   */
  async function run (settings, joined, paths) {
    throwIfAborted(settings.spec.signal)
    const totals = { filesTotal: paths.length, bytesTotal: settings.onProgress ? await totalBytes(paths) : 0 }
    return withProgress(settings.onProgress, backend, totals, (counters) =>
      backend.hashFiles(settings.spec, joined, { mmap: settings.mmap }, settings.spec.signal, counters))
  }

  /** Hashes one file off the main thread. */
  async function hashFile (path, options) {
    const bytes = pathBytes(path, 'path')
    const settings = parseFileOptions(validators, options, { async: true })
    const outcome = await run(settings, bytes, [path])
    if (outcome.failures.length) throw fileError(outcome.failures[0], displayPath(path))
    return encodeAt(asBuffer(outcome.digests), 0, settings.spec.outputLength, settings.spec.encoding)
  }

  /** Hashes one file on the calling thread. */
  function hashFileSync (path, options) {
    const bytes = pathBytes(path, 'path')
    const settings = parseFileOptions(validators, options, { async: false })
    const outcome = backend.hashFileSync(settings.spec, bytes, { mmap: settings.mmap })
    if (outcome.code) throw fileError(outcome, displayPath(path))
    return encodeAt(asBuffer(outcome.digest), 0, settings.spec.outputLength, settings.spec.encoding)
  }

  /**
   * Many files hashed in parallel, as the backend's columns: `{ outcome, spec }`.
   * @param {unknown} paths
   * @param {unknown} options
   */
  async function hashFilesColumns (paths, options) {
    if (!Array.isArray(paths)) throw errors.invalidType('paths', 'an array of paths', paths)
    const joined = joinedPaths(paths, 'paths')
    const settings = parseFileOptions(validators, options, { async: true, cache: true })
    if (paths.length === 0) {
      throwIfAborted(settings.spec.signal)
      return { outcome: { sizes: new Float64Array(0), digests: Buffer.alloc(0), failures: [] }, spec: settings.spec, joined }
    }
    if (settings.cache !== undefined) {
      throwIfAborted(settings.spec.signal)
      return { outcome: await cachedFiles(settings, joined, paths.length), spec: settings.spec, joined }
    }
    return { outcome: await run(settings, joined, paths), spec: settings.spec, joined }
  }

  /**
   * `hashFilesColumns()` on the calling thread, blocking it, for a program with nothing else
   * to do meanwhile: the CLI, whose start would otherwise wait for threads to start (a wasm
   * worker: about 50 ms) to hash a few small files. Null when the options ask for a cache.
   * @param {unknown[]} paths
   * @param {unknown} options
   * @param {number} bytes what the files held together when the caller looked (the wasm
   *   backend picks its hashers by it)
   */
  function hashFilesColumnsHere (paths, options, bytes) {
    const joined = joinedPaths(paths, 'paths')
    const settings = parseFileOptions(validators, options, { async: false, cache: true })
    if (settings.cache !== undefined) return null
    return { outcome: backend.hashFilesHere(settings.spec, joined, { mmap: settings.mmap, bytes }), spec: settings.spec, joined }
  }

  /** Hashes many files in parallel; one result per path, in input order. */
  async function hashFiles (paths, options) {
    const { outcome, spec } = await hashFilesColumns(paths, options)
    return fileResults(outcome, /** @type {any[]} */ (paths).map(displayPath), spec)
  }

  // Directories (tree.js), the cache and git load when first used.
  const tree = once(() => require('./tree').createTreeApi(backend, { validators }))
  const hashDirectory = onFirstCall(() => tree().hashDirectory)
  const hashTree = onFirstCall(() => tree().hashTree)
  const walkDirectory = onFirstCall(() => tree().walkDirectory)
  const gitWorkTree = onFirstCall(() => tree().gitWorkTree)
  const treeBatches = onFirstCall(() => tree().treeBatches)
  const cachedFiles = onFirstCall(() => tree().cachedFiles)

  return {
    api: { hashFile, hashFileSync, hashFiles, hashDirectory, hashTree, walkDirectory, gitWorkTree },
    internals: { hashFilesColumns, hashFilesColumnsHere, treeBatches }
  }
}

module.exports = { createFileApi }
