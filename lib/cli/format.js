'use strict'
/**
 * The text hashmill prints and reads back, byte for byte as coreutils 9 does:
 *
 *   GNU   `<hex>  <name>`          (sha256sum, b3sum; `<hex> *<name>` is read too)
 *   BSD   `<TAG> (<name>) = <hex>` (--tag; TAG as coreutils/xxhsum write it: SHA256, XXH128)
 *   JSON  one object per line     (--json)
 *
 * A name holding `\`, LF or CR is escaped (`\\`, `\n`, `\r`) and its line starts with `\`,
 * by hashmill-core's own escaping (the one tree manifests use), reached through the
 * backend. --check verdicts escape only names holding LF, the one case that would split the
 * line (coreutils does the same, to keep its status output easy to process).
 */
const { strerror } = require('../fs-errors')

/** Tags that are not simply the upper-cased algorithm name. */
const TAG_EXCEPTIONS = { 'xxh3-128': 'XXH128' }

const GNU_LINE = /^\s*(?<mark>\\?)(?<digest>[0-9a-fA-F]+)[ \t][ *](?<name>.+)$/s
const BSD_LINE = /^\s*(?<mark>\\?)(?<tag>[A-Za-z0-9-]+) ?\((?<name>.*)\)\s*=\s*(?<digest>[0-9a-fA-F]+)$/s

/** The BSD tag of an algorithm: 'SHA256', 'BLAKE3', 'XXH128'. */
function tagOf (algorithm) {
  return TAG_EXCEPTIONS[algorithm] || algorithm.toUpperCase()
}

/**
 * The formatter for one backend.
 * @param {{ escapeName(name: Uint8Array): Uint8Array | null | undefined, unescapeName(text: Uint8Array): Uint8Array | null | undefined }} backend
 */
function createFormat (backend) {
  /** `{ mark, name }`: mark is `\` when the name was escaped. */
  function escaped (name, onlyNewline = false) {
    if (onlyNewline && !name.includes('\n')) return { mark: '', name }
    const text = backend.escapeName(Buffer.from(name))
    return text ? { mark: '\\', name: Buffer.from(text).toString() } : { mark: '', name }
  }

  /** The name an escaped line stands for, or null if it holds an unknown escape. */
  function unescaped (text) {
    const name = backend.unescapeName(Buffer.from(text))
    return name ? Buffer.from(name).toString() : null
  }

  /**
   * One output line for a record `{ path, algorithm, size, digest }` or `{ path, error }`;
   * an error is a line only in JSON (stderr carries it otherwise).
   * @param {'gnu'|'tag'|'json'} style
   */
  function formatRecord (record, style) {
    if (style === 'json') {
      const { path, algorithm, digest, size, error } = record
      const object = error ? { path, error: { code: error.code, message: strerror(error) } } : { path, algorithm, digest, size }
      return `${JSON.stringify(object)}\n`
    }
    if (record.error) return ''
    const { mark, name } = escaped(record.path)
    return style === 'tag'
      ? `${mark}${tagOf(record.algorithm)} (${name}) = ${record.digest}\n`
      : `${mark}${record.digest}  ${name}\n`
  }

  /** A --check verdict line: `name: OK`, `name: FAILED`, `name: FAILED open or read`. */
  function formatVerdict (path, verdict) {
    const { mark, name } = escaped(path, true)
    return `${mark}${name}: ${verdict}\n`
  }

  /**
   * Reads one checksum line (no line ending) in GNU or BSD form.
   * @param {string} line
   * @param {string} algorithm what GNU lines are taken to be
   * @param {readonly string[]} algorithms every name, to look BSD tags up
   * @returns {{ algorithm: string, digest: string, path: string } | null} null if malformed
   */
  function parseChecksumLine (line, algorithm, algorithms) {
    const match = BSD_LINE.exec(line) || GNU_LINE.exec(line)
    if (!match || !match.groups) return null
    const { mark, tag, name, digest } = match.groups
    const lineAlgorithm = tag === undefined ? algorithm : algorithms.find((a) => tagOf(a) === tag)
    const path = mark ? unescaped(name) : name
    if (!lineAlgorithm || !path) return null
    return { algorithm: lineAlgorithm, digest: digest.toLowerCase(), path }
  }

  return { formatRecord, formatVerdict, parseChecksumLine }
}

module.exports = { createFormat, tagOf }
