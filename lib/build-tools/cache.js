'use strict'
/**
 * `openHashCache(file)`: a cache of file digests that cannot go stale (hashmill-core
 * `cache.rs` keeps the entries, decides which to trust and writes the saved form; the
 * backend holds them between calls, see `cacheOpen`). Here: loading and saving the file
 * (written to a temporary file, then renamed over the old one, so a reader sees one whole
 * version and two savers never mix their bytes), reading the file system's clock before
 * each use, and one use at a time.
 */
const fs = require('node:fs')
const path = require('node:path')
const errors = require('../errors')
const { optionsObject } = require('../options/fields')

/** A name no other process or call uses beside `file` (node:crypto loads only when a cache is saved). */
const besideFile = (file, kind) => `${file}.${process.pid}.${require('node:crypto').randomBytes(6).toString('hex')}.${kind}`

/** Runs unseen for which an entry is kept (`keepRuns`). */
const DEFAULT_KEEP_RUNS = 10

/** @type {WeakMap<HashCache, { store: unknown, queue: Promise<unknown>, file: string, keepRuns: number, backend: any }>} */
const states = new WeakMap()

class HashCache {
  /** @internal use openHashCache() */
  constructor (state) {
    states.set(this, state)
  }

  /** The file the cache is saved to. */
  get file () { return /** @type {any} */ (states.get(this)).file }

  /**
   * Writes the cache to its file (atomically), dropping entries of files not seen in the
   * last `keepRuns` saves. Resolves once it is on disk. A save that fails to write still
   * counts as a run for `keepRuns`.
   */
  async save () {
    const state = /** @type {any} */ (states.get(this))
    return use(this, async () => {
      const bytes = await state.backend.cacheEndRun(state.store, state.keepRuns)
      const temporary = besideFile(state.file, 'tmp')
      try {
        await fs.promises.writeFile(temporary, bytes)
        await fs.promises.rename(temporary, state.file)
      } catch (error) {
        await fs.promises.rm(temporary, { force: true })
        throw error
      }
    })
  }
}

/**
 * Runs `work` when the cache's previous use has finished (uses are queued, so two calls
 * never start from the same bytes and lose each other's entries).
 * @template T
 * @param {HashCache} cache
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
function use (cache, work) {
  const state = /** @type {any} */ (states.get(cache))
  const run = state.queue.then(work, work)
  state.queue = run.catch(() => {})
  return run
}

/**
 * The file system's time now, in nanoseconds: the mtime of a file written next to the
 * cache (its clock, not the process's, is what timestamps files).
 */
async function fileSystemNow (file) {
  const probe = besideFile(file, 'probe')
  await fs.promises.writeFile(probe, '')
  try {
    return (await fs.promises.stat(probe, { bigint: true })).mtimeNs
  } finally {
    await fs.promises.rm(probe, { force: true })
  }
}

/**
 * Runs a backend call with the cache: `call(store, recorded)` (the backend's store of the
 * cache, the file system's time now) resolves with the reply.
 * @param {unknown} cache
 * @param {(store: unknown, recorded: bigint) => Promise<Uint8Array>} call
 */
function withCache (cache, call) {
  const state = /** @type {any} */ (states.get(/** @type {any} */ (cache)))
  return use(/** @type {HashCache} */ (cache), async () => {
    return call(state.store, await fileSystemNow(state.file))
  })
}

/** Throws unless `value` is a cache from openHashCache(). */
function checkCache (value) {
  if (value !== undefined && !(value instanceof HashCache)) {
    throw errors.invalidType('cache', 'a HashCache from openHashCache()', value)
  }
}

/**
 * @param {any} backend
 */
function createOpenHashCache (backend) {
  /**
   * Opens (or starts) the cache saved at `file`. A file that is missing, truncated,
   * corrupted or of another version gives an empty cache (rebuilt, never trusted).
   * @param {string} file
   * @param {{ keepRuns?: number }} [options]
   */
  return async function openHashCache (file, options) {
    if (typeof file !== 'string' || file === '') throw errors.invalidType('file', 'a non-empty string', file)
    const { keepRuns = DEFAULT_KEEP_RUNS } = optionsObject(options, ['keepRuns'])
    if (typeof keepRuns !== 'number' || !Number.isInteger(keepRuns) || keepRuns < 1 || keepRuns > 0xffffffff) {
      throw errors.outOfRange('keepRuns', 'an integer >= 1 and <= 2^32 - 1', keepRuns)
    }
    const absolute = path.resolve(file)
    // Checked and read on the backend's threads when a call first needs the entries.
    const bytes = await fs.promises.readFile(absolute).catch((error) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0)
      throw error
    })
    return new HashCache({ store: backend.cacheOpen(bytes), queue: Promise.resolve(), file: absolute, keepRuns, backend })
  }
}

module.exports = { HashCache, createOpenHashCache, withCache, checkCache }
