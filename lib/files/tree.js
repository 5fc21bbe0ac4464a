'use strict'
/**
 * Whole directories, as a stream: the walk (hashmill-core's walker, with gitignore rules,
 * in path order) and the hashing of what it finds run on the backend a batch at a time,
 * with the next batch asked for while this one becomes results, so memory holds a batch,
 * not the tree. `hashTree` yields the files; `hashDirectory` gathers them with the tree
 * digest: the manifest is one coreutils `sha256sum`-style line per regular file, sorted by
 * relative path bytes (hashmill-core's manifest module writes it), and the directory digest
 * is the hash of the manifest bytes with the same algorithm.
 */
const errors = require('../errors')
const { asBuffer, encode } = require('../encoding')
const { throwIfAborted } = require('../abort')
const { startProgress } = require('../progress')
const { fileError } = require('../fs-errors')
const { pathBytes, displayPath } = require('./paths')
const { parseFileOptions } = require('./options')
const { fileResults, splitPaths } = require('./results')
const { createGitApi } = require('../build-tools/git')
const { withCache } = require('../build-tools/cache')
const { decodeFiles, decodeTreeFiles } = require('../build-tools/replies')

const SLASH = Buffer.from('/')

/** Files per step of a tree: enough to keep every thread busy, few enough to stream. */
const BATCH_FILES = 4096

/**
 * @param {object} backend
 * @param {{ validators: object }} shared
 */
function createTreeApi (backend, { validators }) {
  const git = createGitApi(backend)

  /** `root/relative` as the user is shown it (`relative` as bytes or a string). */
  const fullPath = (root, relative) => displayPath(relative.length ? Buffer.concat([root, SLASH, Buffer.from(relative)]) : root)

  /** A failed walk (a bad pattern, or an OS error at a path under `root`) as the error users see. */
  function walkFailure (root, settings, failure) {
    if (failure.code === backend.table.errors.pattern) {
      return errors.invalidPattern(settings.walk.ignore, failure.message)
    }
    return fileError(failure, fullPath(root, asBuffer(failure.path)))
  }

  /** The walk of `root`: its files' columns, or only its totals. */
  async function listing (root, settings, totalsOnly) {
    throwIfAborted(settings.spec.signal)
    const walked = await backend.walk(root, settings.walk, totalsOnly, settings.spec.signal)
    if (walked.code) throw walkFailure(root, settings, walked)
    return walked
  }

  /**
   * The files `hashDirectory` would hash, without hashing them: `[{ path, size }]`,
   * sorted by path bytes, paths relative to `dir` with `/` separators.
   */
  async function walkDirectory (dir, options) {
    const settings = parseFileOptions(validators, options, { async: true, walk: true, only: ['signal'] })
    const walked = await listing(pathBytes(dir, 'dir'), settings, false)
    const paths = splitPaths(walked.paths, walked.files)
    return paths.map((path, i) => ({ path, size: walked.sizes[i] }))
  }

  /**
   * The batches of the tree at `root`, each `{ paths, files }` (its relative paths and their
   * outcomes), with progress reported while they come.
   */
  async function * batches (root, settings) {
    const { spec } = settings
    throwIfAborted(spec.signal)
    // Progress needs totals up front: one walk that only counts comes first.
    const totals = settings.onProgress && await listing(root, settings, true)
    const reporter = totals ? startProgress(settings.onProgress, backend, { filesTotal: totals.files, bytesTotal: totals.bytes }) : null
    const cursor = backend.openTree(root, spec, settings.walk, { mmap: settings.mmap }, spec.signal, reporter && reporter.counters)
    let pending = cursor.next(BATCH_FILES)
    try {
      while (true) {
        const batch = await pending
        if (batch.walkError) throw walkFailure(root, settings, batch.walkError)
        // The next batch is walked and hashed while this one becomes results.
        if (!batch.done) pending = cursor.next(BATCH_FILES)
        yield { paths: batch.paths, files: batch.files }
        if (batch.done) break
      }
      if (reporter) reporter.finish()
    } finally {
      pending.catch(() => {})
      // A caller that leaves early (or a failure) ends the walk where it stands.
      cursor.close()
      if (reporter) reporter.stop()
    }
  }

  /**
   * The regular files under `dir`, as `{ path, size, digest }` (or `{ path, error }` for a
   * file that could not be read), in the order of hashDirectory's manifest, in constant
   * memory whatever the size of the tree.
   */
  async function * hashTree (dir, options) {
    const root = pathBytes(dir, 'dir')
    const settings = parseFileOptions(validators, options, { async: true, walk: true })
    for await (const { paths, files } of batches(root, settings)) {
      // Each result is handed out alone and may be kept alone: strings of its own.
      const names = splitPaths(paths, files.sizes.length, { own: true })
      yield * fileResults(files, names, settings.spec, { errorPath: (path) => fullPath(root, path), own: true })
    }
  }

  /**
   * The tree through the cache: the walk and every file hashed or answered from the cache,
   * in one backend call (progress is reported once, at the end); an unreadable file is a
   * failure in the columns.
   * @param {Buffer} root
   * @param {import('./options').FileSettings} settings
   */
  async function cachedTree (root, settings) {
    const { spec } = settings
    throwIfAborted(spec.signal)
    let reply
    try {
      reply = await withCache(settings.cache, async (store, recorded) =>
        backend.hashTreeWithCache(root, spec, settings.walk, store, recorded, spec.signal))
    } catch (error) {
      const found = errors.coreFailure(error)
      if (!found) throw error
      const [message, at = ''] = found.message.split('\0')
      throw walkFailure(root, settings, { code: found.code, message, path: Buffer.from(at) })
    }
    const outcome = decodeTreeFiles(reply, spec.outputLength)
    if (settings.onProgress) {
      const bytes = outcome.sizes.reduce((a, b) => a + b, 0)
      const files = outcome.sizes.length
      settings.onProgress({ bytesDone: bytes, bytesTotal: bytes, filesDone: files, filesTotal: files })
    }
    return outcome
  }

  /**
   * hashDirectory through the cache.
   * @param {Buffer} root
   * @param {import('./options').FileSettings} settings
   */
  async function cachedDirectory (root, settings) {
    const { spec } = settings
    const outcome = await cachedTree(root, settings)
    const names = splitPaths(outcome.paths, outcome.sizes.length)
    const [failure] = outcome.failures
    if (failure) throw fileError(failure, fullPath(root, names[failure.index]))
    return { digest: encode(outcome.digest, spec.encoding), files: fileResults(outcome, names, spec), manifest: outcome.manifest }
  }

  /**
   * `batches()` through the cache: the whole tree as one batch.
   * @param {Buffer} root
   * @param {import('./options').FileSettings} settings
   */
  async function * cachedBatches (root, settings) {
    const outcome = await cachedTree(root, settings)
    yield { paths: outcome.paths, files: outcome }
  }

  /** The columns of `count` NUL-separated files hashed through `settings.cache`. */
  async function cachedFiles (settings, joined, count) {
    if (count === 0) return { sizes: new Float64Array(0), digests: Buffer.alloc(0), failures: [] }
    const reply = await withCache(settings.cache, async (store, recorded) =>
      backend.hashFilesWithCache(settings.spec, joined, store, recorded, settings.spec.signal))
    return decodeFiles(reply, settings.spec.outputLength)
  }

  /**
   * The digest of a manifest given in chunks (an iterable, sync or async, of its bytes),
   * hashed a chunk at a time as they come.
   * @param {import('../options').Spec} spec
   * @param {Iterable<Uint8Array> | AsyncIterable<Uint8Array>} chunks
   */
  async function manifestDigest (spec, chunks) {
    const hasher = backend.createAsyncHasher(spec)
    try {
      for await (const chunk of chunks) await hasher.update(chunk, spec.signal)
      return encode(asBuffer(await hasher.digest(spec.signal)), spec.encoding)
    } finally {
      hasher.close()
    }
  }

  /**
   * A deterministic digest of a directory tree, with its files and manifest. The manifest's
   * bytes are hashed a batch at a time as they come, so only its text is kept.
   */
  async function hashDirectory (dir, options) {
    const root = pathBytes(dir, 'dir')
    const settings = parseFileOptions(validators, options, { async: true, walk: true, cache: true, format: true })
    if (settings.format === 'git') return gitTree(root, settings)
    if (settings.cache !== undefined) return cachedDirectory(root, settings)
    const { spec } = settings
    const files = []
    // Joined with += as it comes: V8 keeps the batches' text as it is (a rope) instead of
    // copying it all into one string at the end, when the copy and the batches would be held
    // at once (~50 bytes per file at the peak).
    let manifest = ''
    async function * lines () {
      for await (const { paths, files: outcome } of batches(root, settings)) {
        const names = splitPaths(paths, outcome.sizes.length)
        const [failure] = outcome.failures
        if (failure) throw fileError(failure, fullPath(root, names[failure.index]))
        files.push(...fileResults(outcome, names, spec))
        const chunk = asBuffer(backend.buildManifest(paths, outcome.digests, spec.outputLength))
        manifest += chunk.toString()
        yield chunk
      }
    }
    const digest = await manifestDigest(spec, lines())
    return { digest, files, manifest }
  }

  /**
   * The batches of the tree at `dir` as the backend gives them (for the CLI, which prints
   * them without a JS object per file): `{ spec, batches }`. With a cache, the tree is one
   * batch.
   */
  function treeBatches (dir, options) {
    const root = pathBytes(dir, 'dir')
    const settings = parseFileOptions(validators, options, { async: true, walk: true, cache: true })
    return { spec: settings.spec, batches: settings.cache === undefined ? batches(root, settings) : cachedBatches(root, settings) }
  }

  /** hashDirectory's `format: 'git'`: the tree `git add -A && git write-tree` would record. */
  function gitTree (root, settings) {
    if (settings.walk && settings.walk.followSymlinks) throw errors.notSupported('followSymlinks', "is not available with format 'git': git records symlinks as links")
    if (settings.onProgress) throw errors.notSupported('onProgress', "is not available with format 'git'")
    return git.gitDirectory(root, settings)
  }

  return { walkDirectory, hashTree, hashDirectory, treeBatches, cachedFiles, gitWorkTree: git.gitWorkTree }
}

module.exports = { createTreeApi }
