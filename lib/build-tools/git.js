'use strict'
/**
 * Git's view of files, for build tools: `gitWorkTree(repoDir)` (the work tree against the
 * index, as `git status` and `git ls-files -s` see it) and `hashDirectory(dir, { format:
 * 'git' })` (the tree `git add -A && git write-tree` would record). The core does the work
 * (hashmill-core `git/`); here: options, the environment git reads (where its global and
 * system files are), the cache, and results as users see them.
 */
const path = require('node:path')
const errors = require('../errors')
const { throwIfAborted } = require('../abort')
const { pathBytes, displayPath } = require('../files/paths')
const { fileError } = require('../fs-errors')
const { encode } = require('../encoding')
const { decodeDirTree, decodeWorkTree } = require('./replies')
const { withCache, checkCache } = require('./cache')
const { optionsObject, signalOf } = require('../options/fields')

const WORK_TREE_OPTIONS = ['untracked', 'cache', 'signal']

/**
 * The environment variables that tell git where its global and system files are, and the
 * work tree `root`'s absolute path as named (symlinks kept, as git's `$PWD`).
 * @param {Buffer} root
 */
function gitEnvironment (root, env = process.env) {
  const bytes = (name) => env[name] === undefined ? undefined : Buffer.from(env[name])
  const noSystem = env.GIT_CONFIG_NOSYSTEM
  return {
    workTree: path.isAbsolute(root.toString()) ? root : Buffer.concat([Buffer.from(process.cwd()), Buffer.from(path.sep), root]),
    home: bytes('HOME'),
    xdgConfigHome: bytes('XDG_CONFIG_HOME'),
    configGlobal: bytes('GIT_CONFIG_GLOBAL'),
    configSystem: bytes('GIT_CONFIG_SYSTEM'),
    noSystem: noSystem !== undefined && !['', '0', 'false', 'no', 'off'].includes(noSystem.toLowerCase())
  }
}

/**
 * A failure of the core as the error users see (paths relative to `root` made full); an
 * `ignore` pattern the core could not parse is that option's fault, as in every walk.
 * @param {unknown} error
 * @param {Buffer} root
 * @param {{ pattern: string }} codes the core's error codes
 * @param {string[]} [ignore] the call's `ignore` option
 */
function failure (error, root, codes, ignore) {
  const found = errors.coreFailure(error)
  if (!found) return error
  const [message, at] = found.message.split('\0')
  if (found.code === codes.pattern && ignore) return errors.invalidPattern(ignore, message)
  const shown = at === undefined ? displayPath(root) : at.startsWith('/') ? at : displayPath(Buffer.concat([root, Buffer.from('/'), Buffer.from(at)]))
  return fileError({ code: found.code, message }, shown)
}

/**
 * Runs a backend git call with or without the cache: its reply.
 * @param {unknown} cache
 * @param {(store: unknown, recorded: bigint) => Promise<Uint8Array>} call
 */
function callWith (cache, call) {
  if (cache === undefined) return call(undefined, 0n)
  return withCache(cache, call)
}

/**
 * @param {any} backend
 */
function createGitApi (backend) {
  /**
   * The work tree of the repository at `repoDir` as git sees it: `{ ids, files,
   * modified, deleted, untracked, unmerged, unsupported }`.
   * @param {unknown} repoDir
   * @param {{ untracked?: unknown, cache?: unknown, signal?: AbortSignal }} [options]
   */
  async function gitWorkTree (repoDir, options) {
    const root = pathBytes(repoDir, 'repoDir')
    const given = optionsObject(options, WORK_TREE_OPTIONS)
    const { untracked = true, cache } = given
    if (typeof untracked !== 'boolean') throw errors.invalidType('untracked', 'of type boolean', untracked)
    checkCache(cache)
    const signal = signalOf(given.signal)
    throwIfAborted(signal)
    let bytes
    try {
      bytes = await callWith(cache, (store, recorded) =>
        backend.gitWorkTree(root, gitEnvironment(root), untracked, store, recorded, signal))
    } catch (error) {
      throw failure(error, root, backend.table.errors)
    }
    const tree = decodeWorkTree(bytes)
    const ids = new Map()
    for (const file of tree.files) ids.set(file.path, file.id)
    return {
      ids,
      files: tree.files,
      modified: tree.modified,
      deleted: tree.deleted,
      untracked: tree.untracked,
      unmerged: tree.unmerged,
      unsupported: tree.unsupported
    }
  }

  /**
   * `hashDirectory(dir, { format: 'git' })`: `{ digest, files, manifest }` with the root
   * tree's ID as the digest, `{ path, mode, id, size }` files and `git ls-tree -r` lines.
   * @param {Buffer} root
   * @param {import('../files/options').FileSettings} settings
   */
  async function gitDirectory (root, settings) {
    const { info, encoding, signal } = settings.spec
    if (!info.sized) throw errors.notSupported('algorithm', `must be git-sha1 or git-sha256 with format 'git'. Received '${info.name}'`)
    throwIfAborted(signal)
    let bytes
    try {
      bytes = await callWith(settings.cache, (store, recorded) =>
        backend.gitDirectoryTree(root, gitEnvironment(root), settings.walk, info.name === 'git-sha256', store, recorded, signal))
    } catch (error) {
      throw failure(error, root, backend.table.errors, settings.walk && settings.walk.ignore)
    }
    const tree = decodeDirTree(bytes)
    return { digest: encode(tree.id, encoding), files: tree.files, manifest: tree.listing }
  }

  return { gitWorkTree, gitDirectory }
}

module.exports = { createGitApi }
