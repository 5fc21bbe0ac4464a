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
 * Results that are handed out one at a time and may each outlive their batch (hashTree)
 * take strings of their own (`own`): the faster strings of many results at once are
 * slices of one text for the whole batch, which V8 keeps alive while any slice of it is.
 * @typedef {{ own?: boolean }} Strings
 */

/**
 * One result per path, in order.
 * @param {FilesOutcome} outcome
 * @param {string[]} paths as shown to the user
 * @param {import('../options').Spec} spec
 * @param {Strings & { errorPath?: (path: string) => string }} [options] `errorPath`: the
 *   path an error names (the full one, for a path relative to a tree's root)
 */
function fileResults (outcome, paths, spec, { errorPath = (path) => path, own = false } = {}) {
  const digestAt = digestsBy(outcome.digests, spec.outputLength, spec.encoding, own)
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
 * and then split (or, `own`, one by one): a NUL byte is never part of a UTF-8 sequence, so
 * each string decodes as it would alone (a sequence cut short before a NUL becomes U+FFFD
 * either way).
 * @param {Uint8Array} joined
 * @param {number} count
 * @param {Strings} [options]
 */
function splitPaths (joined, count, { own = false } = {}) {
  if (count === 0) return []
  const bytes = asBuffer(joined)
  if (!own) {
    const paths = bytes.toString('utf8').split('\0', count)
    while (paths.length < count) paths.push('')
    return paths
  }
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
