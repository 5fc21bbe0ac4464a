'use strict'
/**
 * Turns inputs into digests, in input order, one batch at a time so the caller can print
 * as results arrive. An input is `{ kind, path, algorithm }`:
 *
 *   file   consecutive files with one algorithm go to a single `hashFiles` call (parallel;
 *          a few small ones on the main thread, with no thread or worker to start first)
 *   stdin  `-`: standard input through `hashStream`
 *   dir    --recursive: the tree's files as `dir/relpath`, streamed a batch at a time as the
 *          backend walks and hashes them; --tree: one tree digest from `hashDirectory`
 *   failed an input known to fail without being read (`error`): an empty operand, which
 *          names no file (the API refuses empty paths outright)
 *
 * Each batch is a `ColumnBatch` (many files, as the backend's columns) or a `RecordBatch`
 * (records `{ path, algorithm, size, digest }` or `{ path, error }`); see batches.js.
 */
const fs = require('node:fs')
const { UsageError } = require('./args')
const { INTERNALS } = require('../internals')
const { ColumnBatch, RecordBatch } = require('./batches')
const { splitPaths } = require('../files/results')

const STDIN = '-'
/** A run of at most this many files, HERE_MAX_BYTES together, may be hashed on the main thread. */
const HERE_MAX_FILES = 16
const HERE_MAX_BYTES = 1 << 20

/** The input for an empty path, which names no file (the API refuses empty paths outright). */
function noSuchFile (path, algorithm) {
  return { kind: 'failed', path, algorithm, error: Object.assign(new Error('No such file or directory'), { code: 'ENOENT' }) }
}

/** Inputs for operands; with `walking`, a directory operand becomes a 'dir' input. */
async function planInputs (operands, algorithm, walking) {
  return Promise.all(operands.map(async (path) => {
    if (path === STDIN) return { kind: 'stdin', path, algorithm }
    if (path.length === 0) return noSuchFile(path, algorithm)
    const stat = walking ? await fs.promises.stat(path).catch(() => null) : null
    return { kind: stat && stat.isDirectory() ? 'dir' : 'file', path, algorithm }
  }))
}

/** Splits inputs into runs: consecutive files of one algorithm together, the rest alone. */
function * runsOf (inputs) {
  let run = []
  for (const input of inputs) {
    const last = run[run.length - 1]
    const joins = last && input.kind === 'file' && last.kind === 'file' && last.algorithm === input.algorithm
    if (last && !joins) {
      yield run
      run = []
    }
    run.push(input)
  }
  if (run.length) yield run
}

/**
 * The bytes the files at `paths` hold together when they are few and small enough to hash
 * on the main thread, with no wait for threads or a worker to start: regular files of
 * HERE_MAX_BYTES at most together, or paths that will fail at once (missing, a directory).
 * Else null: anything else (a pipe, a device) could block, and goes to the workers.
 * @returns {number | null}
 */
function smallRunBytes (paths) {
  if (paths.length > HERE_MAX_FILES) return null
  let bytes = 0
  for (const path of paths) {
    const stat = fs.statSync(path, { throwIfNoEntry: false })
    if (stat === undefined || stat.isDirectory()) continue
    if (!stat.isFile()) return null
    bytes += stat.size
  }
  return bytes <= HERE_MAX_BYTES ? bytes : null
}

async function hashFileRun (api, run, settings) {
  const { algorithm } = run[0]
  const paths = run.map((input) => input.path)
  const { files, backend } = api[INTERNALS]
  const options = { ...settings.spec, algorithm, mmap: settings.mmap, cache: settings.cache }
  const bytes = smallRunBytes(paths)
  const here = bytes === null ? null : files.hashFilesColumnsHere(paths, options, bytes)
  const { outcome, spec, joined } = here || await files.hashFilesColumns(paths, { ...options, onProgress: settings.track() })
  return new ColumnBatch({ backend, prefix: '', names: joined, paths, outcome, spec })
}

/** Every chunk of `chunks`, joined. */
async function wholeStdin (chunks) {
  const parts = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

async function hashStdin (api, { path, algorithm }, settings) {
  let size = 0
  async function * counted () {
    for await (const chunk of process.stdin) {
      size += chunk.length
      yield chunk
    }
  }
  try {
    // A git blob ID needs the length first: standard input is read whole, as git hash-object --stdin does.
    const sized = api[INTERNALS].options.algorithmInfo(algorithm).sized
    const options = { ...settings.spec, algorithm }
    const digest = sized ? await api.hash(await wholeStdin(counted()), options) : await api.hashStream(counted(), options)
    return new RecordBatch([{ path, algorithm, size, digest }])
  } catch (error) {
    return new RecordBatch([{ path, error }])
  }
}

/** What goes before a file's path under `dir`: `dir/`, without doubling a slash the user typed. */
function prefixOf (dir) {
  return dir.endsWith('/') ? dir : `${dir}/`
}

/** An API error about the directory as a batch, or a usage error for a bad --ignore. */
function dirFailure (error) {
  if (error.code === 'ERR_INVALID_ARG_VALUE') throw new UsageError(`invalid --ignore pattern: ${error.message}`)
  if (typeof error.path !== 'string') throw error
  return new RecordBatch([{ path: error.path, error }])
}

/** The options of a call over a directory's tree (--tree and -r alike). */
function treeOptions (algorithm, settings) {
  return {
    ...settings.spec,
    algorithm,
    mmap: settings.mmap,
    ignore: settings.ignore,
    gitignore: settings.gitignore,
    onProgress: settings.track(),
    cache: settings.cache
  }
}

/** --tree: one record with the directory's tree digest. */
async function hashTree (api, { path, algorithm }, settings) {
  try {
    const { files, digest } = await api.hashDirectory(path, treeOptions(algorithm, settings))
    return new RecordBatch([{ path, algorithm, size: files.reduce((sum, file) => sum + file.size, 0), digest }])
  } catch (error) {
    return dirFailure(error)
  }
}

/**
 * -r: every file under the directory, streamed (printed as it is hashed, in constant
 * memory), a batch at a time; an unreadable file fails only itself. With --cache, the walk
 * and every file hashed or answered from the cache are one backend call and one batch.
 */
async function * hashDirFiles (api, { path, algorithm }, settings) {
  const { files, backend } = api[INTERNALS]
  try {
    const { spec, batches } = files.treeBatches(path, treeOptions(algorithm, settings))
    for await (const { paths: names, files: outcome } of batches) {
      const paths = splitPaths(names, outcome.sizes.length)
      yield new ColumnBatch({ backend, prefix: prefixOf(path), names, paths, outcome, spec })
    }
  } catch (error) {
    yield dirFailure(error)
  }
}

async function failed (api, { path, error }) {
  return new RecordBatch([{ path, error }])
}

const HASH_ONE = { stdin: hashStdin, dir: hashTree, failed }

/**
 * @param {object} api the hashmill package
 * @param {{ kind: 'file'|'stdin'|'dir'|'failed', path: string | Buffer, algorithm: string, error?: Error }[]} inputs
 * @param {{ spec: object, mmap: boolean, tree: boolean, ignore: string[], gitignore: boolean, track: () => Function|undefined, cache?: any }} settings
 *   `spec`: the hashing options besides the algorithm (BLAKE3's key, context, outputLength)
 *   `track()` gives the onProgress callback for the next API call
 */
async function * hashInputs (api, inputs, settings) {
  for (const run of runsOf(inputs)) {
    const [first] = run
    if (first.kind === 'file') yield await hashFileRun(api, run, settings)
    else if (first.kind === 'dir' && !settings.tree) yield * hashDirFiles(api, first, settings)
    else yield await HASH_ONE[first.kind](api, first, settings)
  }
}

module.exports = { planInputs, hashInputs, noSuchFile, wholeStdin, STDIN }
