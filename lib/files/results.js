'use strict'
/**
 * The columns a backend returns for many files (sizes, one buffer of digests, the
 * failures; see binding-napi `files_task.rs`) as the results users see, one object per file:
 * `{ path, size, digest }`, or `{ path, error }` with the error worded like node:fs's.
 */
const { digestsBy, asBuffer } = require('../encoding')
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
  const digestAt = digestsBy(outcome.digests, spec.outputLength, spec.encoding)
  const failed = new Map(outcome.failures.map((failure) => [failure.index, failure]))
  const results = new Array(paths.length)
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]
    const failure = failed.get(i)
    results[i] = failure === undefined
      ? { path, size: outcome.sizes[i], digest: digestAt(i) }
      : { path, error: fileError(failure, errorPath(path)) }
  }
  return results
}

/**
 * The strings of NUL-separated byte strings (`count` of them), decoded as UTF-8 at once
 * and then split: a NUL byte is never part of a UTF-8 sequence, so each string decodes as
 * it would alone (a sequence cut short before a NUL becomes U+FFFD either way).
 * @param {Uint8Array} joined
 * @param {number} count
 */
function splitPaths (joined, count) {
  if (count === 0) return []
  const paths = asBuffer(joined).toString('utf8').split('\0', count)
  while (paths.length < count) paths.push('')
  return paths
}

module.exports = { fileResults, splitPaths }
