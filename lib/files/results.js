'use strict'
/**
 * The columns a backend returns for many files (sizes, one buffer of digests, the
 * failures; see binding-napi `files_task.rs`) as the results users see, one object per file:
 * `{ path, size, digest }`, or `{ path, error }` with the error worded like node:fs's.
 */
const { encodeAt, asBuffer } = require('../encoding')
const { fileError } = require('../fs-errors')

/**
 * @typedef {object} FilesOutcome
 * @property {Float64Array} sizes
 * @property {Uint8Array} digests each `outputLength` bytes, concatenated
 * @property {{ index: number, code: string, message: string }[]} failures
 */

/**
 * One result per path, in order.
 * @param {FilesOutcome} outcome
 * @param {string[]} paths as shown to the user
 * @param {import('../options').Spec} spec
 * @param {(path: string) => string} [errorPath] the path an error names (the full one, for a
 *   path relative to a tree's root)
 */
function fileResults (outcome, paths, spec, errorPath = (path) => path) {
  const digests = asBuffer(outcome.digests)
  const failed = new Map(outcome.failures.map((failure) => [failure.index, failure]))
  const results = new Array(paths.length)
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]
    const failure = failed.get(i)
    results[i] = failure === undefined
      ? { path, size: outcome.sizes[i], digest: encodeAt(digests, i, spec.outputLength, spec.encoding) }
      : { path, error: fileError(failure, errorPath(path)) }
  }
  return results
}

/**
 * The strings of NUL-separated byte strings (`count` of them).
 * @param {Uint8Array} joined
 * @param {number} count
 */
function splitPaths (joined, count) {
  const bytes = asBuffer(joined)
  const paths = new Array(count)
  let start = 0
  for (let i = 0; i < count; i++) {
    let end = bytes.indexOf(0, start)
    if (end === -1) end = bytes.length
    paths[i] = bytes.toString('utf8', start, end)
    start = end + 1
  }
  return paths
}

module.exports = { fileResults, splitPaths }
