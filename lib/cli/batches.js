'use strict'
/**
 * What the CLI prints, a batch at a time: either the backend's columns for many files
 * (their lines are written by hashmill-core in one call, with no JS object per file), or a
 * few records (`{ path, algorithm, size, digest }` / `{ path, error }`, for standard input,
 * trees and failures). Both give the same things: the failures (for stderr), the records
 * (for --check and --json), and the text for stdout.
 */
const { fileError } = require('../fs-errors')
const { encodeAt, asBuffer } = require('../encoding')
const { descriptorOf, jsonLine, recordLines } = require('./format')

/** A batch of records. */
class RecordBatch {
  constructor (records) {
    this.list = records
  }

  get failures () { return this.list.filter((record) => record.error) }
  records () { return this.list }
  /**
   * @param {import('./personalities').LineSettings} line
   * @param {{ formatLines: Function }} backend writes the lines (columns carry their own)
   */
  text (line, backend) { return recordLines(backend, this.list, line) }
}

/** The columns of `count` files named `prefix` + each of the NUL-separated `names`. */
class ColumnBatch {
  /**
   * @param {object} batch
   * @param {any} batch.backend
   * @param {string} batch.prefix
   * @param {Buffer} batch.names
   * @param {string[]} batch.paths the names as strings
   * @param {import('../files/results').FilesOutcome} batch.outcome
   * @param {import('../options').Spec} batch.spec
   */
  constructor ({ backend, prefix, names, paths, outcome, spec }) {
    this.backend = backend
    this.prefix = prefix
    this.names = names
    this.paths = paths
    this.outcome = outcome
    this.spec = spec
  }

  get failures () {
    return this.outcome.failures.map(({ index, code, message }) => {
      const path = this.prefix + this.paths[index]
      return { path, error: fileError({ code, message }, path) }
    })
  }

  records () {
    const { outcome, spec, prefix } = this
    const digests = asBuffer(outcome.digests)
    const failed = new Map(this.failures.map((record, i) => [outcome.failures[i].index, record]))
    return this.paths.map((name, i) => failed.get(i) ||
      { path: prefix + name, algorithm: spec.info.name, size: outcome.sizes[i], digest: encodeAt(digests, i, spec.outputLength, 'hex') })
  }

  /** @param {import('./personalities').LineSettings} line */
  text (line) {
    if (line.layout === 'json') return this.records().map(jsonLine).join('')
    const { backend, outcome, spec } = this
    const skip = outcome.failures.map((failure) => failure.index)
    return asBuffer(backend.formatLines(this.names, outcome.digests, spec.outputLength, Buffer.from(this.prefix), descriptorOf(line, spec.info.name), skip))
  }
}

module.exports = { RecordBatch, ColumnBatch }
