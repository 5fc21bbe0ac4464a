'use strict'
/**
 * Files and many files, for both backends. The backend hashes (native: rayon over
 * mmap/reads; wasm: workers reading straight into wasm memory, both through the core's one
 * loop); what users see is decided here: path and option validation, errors that name the
 * path and keep the OS code, result order and progress. Directories are in tree.js.
 */
const fs = require('node:fs')
const errors = require('../errors')
const { encode, asBuffer } = require('../encoding')
const { throwIfAborted } = require('../abort')
const { withProgress } = require('../progress')
const { fileError } = require('../fs-errors')
const { pathBytes, displayPath } = require('./paths')
const { parseFileOptions } = require('./options')
const { createTreeApi } = require('./tree')

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
 * @param {ReturnType<import('../digest').createDigests>} digests
 */
function createFileApi (backend, validators, digests) {
  const digestOf = (spec, outcome) => encode(asBuffer(outcome.digest), spec.encoding)

  /**
   * Hashes `paths` (bytes) on the backend with progress; one outcome per path.
   * @param {import('./options').FileSettings} settings
   * @param {Buffer[]} paths
   * @param {{ bytesTotal?: number, filesTotal: number }} totals
   */
  async function run (settings, paths, totals) {
    throwIfAborted(settings.spec.signal)
    if (paths.length === 0) return []
    if (settings.onProgress && totals.bytesTotal === undefined) totals.bytesTotal = await totalBytes(paths)
    return withProgress(settings.onProgress, backend, totals, (progress) =>
      backend.hashFiles(settings.spec, paths, { mmap: settings.mmap }, settings.spec.signal, progress))
  }

  /** Hashes one file off the main thread. */
  async function hashFile (path, options) {
    const bytes = pathBytes(path, 'path')
    const settings = parseFileOptions(validators, options, { async: true })
    const [outcome] = await run(settings, [bytes], { filesTotal: 1 })
    if (outcome.code) throw fileError(outcome, displayPath(path))
    return digestOf(settings.spec, outcome)
  }

  /** Hashes one file on the calling thread. */
  function hashFileSync (path, options) {
    const bytes = pathBytes(path, 'path')
    const settings = parseFileOptions(validators, options, { async: false })
    const outcome = backend.hashFileSync(settings.spec, bytes, { mmap: settings.mmap })
    if (outcome.code) throw fileError(outcome, displayPath(path))
    return digestOf(settings.spec, outcome)
  }

  /** Hashes many files in parallel; one result per path, in input order. */
  async function hashFiles (paths, options) {
    if (!Array.isArray(paths)) throw errors.invalidType('paths', 'an array of paths', paths)
    const bytes = paths.map((p, i) => pathBytes(p, `paths[${i}]`))
    const settings = parseFileOptions(validators, options, { async: true })
    const outcomes = await run(settings, bytes, { filesTotal: paths.length })
    return outcomes.map((outcome, i) => {
      const path = displayPath(paths[i])
      return outcome.code
        ? { path, error: fileError(outcome, path) }
        : { path, size: outcome.size, digest: digestOf(settings.spec, outcome) }
    })
  }

  const tree = createTreeApi(backend, { validators, digests, run, digestOf })

  return { hashFile, hashFileSync, hashFiles, ...tree }
}

module.exports = { createFileApi }
