'use strict'
/**
 * Whole directories: the walk (hashmill-core's walker, with gitignore rules, over either
 * backend's file system) and the tree digest. The manifest is one coreutils
 * `sha256sum`-style line per regular file, sorted by relative path bytes (hashmill-core's
 * manifest module builds it); the directory digest is the hash of the manifest bytes with
 * the same algorithm.
 */
const errors = require('../errors')
const { asBuffer } = require('../encoding')
const { nulJoined } = require('../input')
const { throwIfAborted } = require('../abort')
const { fileError } = require('../fs-errors')
const { pathBytes, displayPath } = require('./paths')
const { parseFileOptions } = require('./options')

const SLASH = Buffer.from('/')

/**
 * @param {object} backend
 * @param {object} shared from lib/files/index.js: validators, digests, run, digestOf
 */
function createTreeApi (backend, { validators, digests, run, digestOf }) {
  /** The regular files under `root` that the walk options include (relative path bytes). */
  async function walk (root, settings) {
    throwIfAborted(settings.spec.signal)
    const listing = await backend.walk(root, settings.walk, settings.spec.signal)
    if (listing.code === backend.table.errors.pattern) {
      throw errors.invalidValue('ignore', settings.walk.ignore, `holds a pattern that is not valid gitignore syntax (${listing.message})`)
    }
    if (listing.code) {
      const where = listing.path.length ? Buffer.concat([root, SLASH, listing.path]) : root
      throw fileError(listing, displayPath(where))
    }
    return listing.files
  }

  /**
   * The files `hashDirectory` would hash, without hashing them: `[{ path, size }]`,
   * sorted by path bytes, paths relative to `dir` with `/` separators.
   */
  async function walkDirectory (dir, options) {
    const settings = parseFileOptions(validators, options, { async: true, walk: true, only: ['signal'] })
    const entries = await walk(pathBytes(dir, 'dir'), settings)
    return entries.map((f) => ({ path: f.path.toString(), size: f.size }))
  }

  /** A deterministic digest of a directory tree, with its files and manifest. */
  async function hashDirectory (dir, options) {
    const root = pathBytes(dir, 'dir')
    const settings = parseFileOptions(validators, options, { async: true, walk: true })
    const { spec } = settings
    const entries = await walk(root, settings)
    const full = entries.map((f) => Buffer.concat([root, SLASH, f.path]))
    const totals = { filesTotal: entries.length, bytesTotal: entries.reduce((sum, f) => sum + f.size, 0) }
    const outcomes = await run(settings, full, totals)
    const failed = outcomes.findIndex((o) => o.code)
    if (failed !== -1) throw fileError(outcomes[failed], displayPath(full[failed]))
    const manifest = asBuffer(backend.buildManifest(nulJoined(entries.map((f) => f.path)),
      Buffer.concat(outcomes.map((o) => o.digest)), spec.outputLength))
    return {
      digest: await digests.digestAsync(spec, manifest),
      files: entries.map((f, i) => ({ path: f.path.toString(), size: outcomes[i].size, digest: digestOf(spec, outcomes[i]) })),
      manifest: manifest.toString()
    }
  }

  return { walkDirectory, hashDirectory }
}

module.exports = { createTreeApi }
