'use strict'
/**
 * Files, many files and whole directories, for both backends. The backend hashes (native:
 * rayon over mmap/reads; wasm: workers reading straight into wasm memory); everything
 * users see is decided here: path and option validation, errors that name the path and
 * keep the OS code, result order, progress, abort, and the tree digest.
 *
 * Tree digest: the manifest is one coreutils `sha256sum`-style line per regular file,
 * sorted by relative path bytes (see hashmill-core's manifest module); the directory
 * digest is the hash of the manifest bytes with the same algorithm.
 */
const fs = require('node:fs')
const util = require('node:util')
const { fileURLToPath } = require('node:url')
const errors = require('./errors')
const { encode, asBuffer } = require('./encoding')
const { nulJoined } = require('./input')
const { throwIfAborted } = require('./abort')
const { withProgress, checkCallback } = require('./progress')

const FILE_OPTIONS = ['mmap', 'onProgress']
const WALK_OPTIONS = ['ignore', 'gitignore', 'hidden', 'followSymlinks']
const SLASH = Buffer.from('/')
const STAT_CONCURRENCY = 64

/** A path argument as bytes (string, Buffer or file: URL), refusing NUL bytes. */
function pathBytes (value, name) {
  let bytes
  if (typeof value === 'string') bytes = Buffer.from(value)
  else if (Buffer.isBuffer(value)) bytes = value
  else if (value instanceof URL) bytes = Buffer.from(fileURLToPath(value))
  else throw errors.invalidType(name, 'of type string or an instance of Buffer or URL', value)
  if (bytes.length === 0) throw errors.invalidValue(name, value, 'must not be empty')
  if (bytes.includes(0)) throw errors.invalidValue(name, value, 'must not contain null bytes')
  return bytes
}

/** A path argument as the string errors and results show (like node:fs does). */
function displayPath (path) {
  if (path instanceof URL) return fileURLToPath(path)
  return Buffer.isBuffer(path) ? path.toString() : path
}

/** The OS's own text for an error code (`ENOENT` → 'no such file or directory'). */
const SYSTEM_MESSAGES = new Map([...util.getSystemErrorMap().values()])

/**
 * A failed outcome as an Error like Node's fs errors: `code`, `path`, and a message built
 * from the code alone, so both backends word it the same.
 */
function fileError (outcome, path) {
  const shown = displayPath(path)
  const text = SYSTEM_MESSAGES.get(outcome.code) || outcome.message
  const error = new Error(`${outcome.code}: ${text}, '${shown}'`)
  error.code = outcome.code
  error.path = shown
  return error
}

function booleanOption (options, name, fallback) {
  const value = options[name]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw errors.invalidType(name, 'of type boolean', value)
  return value
}

/**
 * @param {object} backend
 * @param {{ spec: Function, options: object }} shared api.js's validators
 */
function createFileApi (backend, { options: validators, hashBytesAsync }) {
  /** Splits file options from hash options and validates both. */
  /**
   * @param {{ async: boolean, walk?: boolean, only?: string[] }} how `only`: the hash
   *   options allowed (walkDirectory takes none but `signal`)
   */
  function parse (opts, { async, walk = false, only }) {
    if (opts === undefined || opts === null) opts = {}
    if (typeof opts === 'string' && !only) opts = { algorithm: opts }
    if (typeof opts !== 'object') throw errors.invalidType('options', 'of type object', opts)
    if (only) {
      const valid = [...only, ...WALK_OPTIONS]
      for (const key of Object.keys(opts)) if (!valid.includes(key)) throw errors.unknownOption('options', key, valid)
    }
    const own = [...FILE_OPTIONS, ...(walk ? WALK_OPTIONS : [])]
    const hashOptions = {}
    const fileOptions = {}
    for (const [key, value] of Object.entries(opts)) {
      if (own.includes(key)) fileOptions[key] = value
      else hashOptions[key] = value
    }
    const spec = validators.spec(hashOptions, { async, extraOptions: own })
    checkCallback(fileOptions.onProgress)
    if (!async && fileOptions.onProgress !== undefined) {
      throw errors.notSupported('onProgress', 'is only for async calls')
    }
    const parsed = { spec, mmap: booleanOption(fileOptions, 'mmap', true), onProgress: fileOptions.onProgress }
    if (walk) {
      const ignore = fileOptions.ignore === undefined ? [] : fileOptions.ignore
      if (!Array.isArray(ignore) || !ignore.every((p) => typeof p === 'string')) {
        throw errors.invalidType('ignore', 'an array of strings (gitignore patterns)', ignore)
      }
      parsed.walk = {
        ignore,
        gitignore: booleanOption(fileOptions, 'gitignore', false),
        hidden: booleanOption(fileOptions, 'hidden', true),
        followSymlinks: booleanOption(fileOptions, 'followSymlinks', false)
      }
    }
    return parsed
  }

  const digestOf = (spec, outcome) => encode(asBuffer(outcome.digest), spec.encoding)

  /** Sizes of `paths` for progress totals (only when a caller asked for progress). */
  async function totalBytes (paths) {
    let total = 0
    for (let i = 0; i < paths.length; i += STAT_CONCURRENCY) {
      const stats = await Promise.all(paths.slice(i, i + STAT_CONCURRENCY).map((p) => fs.promises.stat(p).catch(() => null)))
      for (const st of stats) if (st && st.isFile()) total += st.size
    }
    return total
  }

  async function run (parsed, paths, totals) {
    throwIfAborted(parsed.spec.signal)
    if (paths.length === 0) return []
    if (parsed.onProgress && totals.bytesTotal === undefined) totals.bytesTotal = await totalBytes(paths)
    return withProgress(parsed.onProgress, backend, totals, (progress) =>
      backend.hashFiles(parsed.spec, paths, { mmap: parsed.mmap }, parsed.spec.signal, progress))
  }

  /** Hashes one file off the main thread. */
  async function hashFile (path, opts) {
    const bytes = pathBytes(path, 'path')
    const parsed = parse(opts, { async: true })
    const [outcome] = await run(parsed, [bytes], { filesTotal: 1 })
    if (outcome.code) throw fileError(outcome, path)
    return digestOf(parsed.spec, outcome)
  }

  /** Hashes one file on the calling thread. */
  function hashFileSync (path, opts) {
    const bytes = pathBytes(path, 'path')
    const parsed = parse(opts, { async: false })
    const outcome = backend.hashFileSync(parsed.spec, bytes, { mmap: parsed.mmap })
    if (outcome.code) throw fileError(outcome, path)
    return digestOf(parsed.spec, outcome)
  }

  /** Hashes many files in parallel; one result per path, in input order. */
  async function hashFiles (paths, opts) {
    if (!Array.isArray(paths)) throw errors.invalidType('paths', 'an array of paths', paths)
    const bytes = paths.map((p, i) => pathBytes(p, `paths[${i}]`))
    const parsed = parse(opts, { async: true })
    const outcomes = await run(parsed, bytes, { filesTotal: paths.length })
    return outcomes.map((outcome, i) => {
      const path = displayPath(paths[i])
      return outcome.code
        ? { path, error: fileError(outcome, path) }
        : { path, size: outcome.size, digest: digestOf(parsed.spec, outcome) }
    })
  }

  /** The regular files under `root` that the walk options include (relative path bytes). */
  async function walk (root, parsed) {
    throwIfAborted(parsed.spec.signal)
    const listing = await backend.walk(root, parsed.walk, parsed.spec.signal)
    if (listing.code === 'EPATTERN') {
      throw errors.invalidValue('ignore', listing.path.toString(), `holds a pattern that is not valid gitignore syntax (${listing.message})`)
    }
    if (listing.code) {
      const where = listing.path.length ? Buffer.concat([root, SLASH, listing.path]) : root
      throw fileError(listing, where)
    }
    return listing.files
  }

  /**
   * The files `hashDirectory` would hash, without hashing them: `[{ path, size }]`,
   * sorted by path bytes, paths relative to `dir` with `/` separators.
   */
  async function walkDirectory (dir, opts) {
    const parsed = parse(opts, { async: true, walk: true, only: ['signal'] })
    const entries = await walk(pathBytes(dir, 'dir'), parsed)
    return entries.map((f) => ({ path: f.path.toString(), size: f.size }))
  }

  /** A deterministic digest of a directory tree, with its files and manifest. */
  async function hashDirectory (dir, opts) {
    const root = pathBytes(dir, 'dir')
    const parsed = parse(opts, { async: true, walk: true })
    const { spec } = parsed
    const entries = await walk(root, parsed)
    const full = entries.map((f) => Buffer.concat([root, SLASH, f.path]))
    const totals = { filesTotal: entries.length, bytesTotal: entries.reduce((sum, f) => sum + f.size, 0) }
    const outcomes = await run(parsed, full, totals)
    const failed = outcomes.findIndex((o) => o.code)
    if (failed !== -1) throw fileError(outcomes[failed], full[failed])
    const hex = outcomes.map((o) => asBuffer(o.digest).toString('hex'))
    const manifest = backend.buildManifest(nulJoined(entries.map((f) => f.path)), hex)
    const digest = await hashBytesAsync(manifest, spec)
    return {
      digest,
      files: entries.map((f, i) => ({ path: f.path.toString(), size: outcomes[i].size, digest: digestOf(spec, outcomes[i]) })),
      manifest: asBuffer(manifest).toString()
    }
  }

  return { hashFile, hashFileSync, hashFiles, hashDirectory, walkDirectory }
}

module.exports = { createFileApi }
