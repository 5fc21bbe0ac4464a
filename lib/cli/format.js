'use strict'
/**
 * The text hashmill prints and reads back, byte for byte as coreutils 9 does:
 *
 *   GNU   `<hex>  <name>`          (sha256sum, b3sum; `<hex> *<name>` is read too)
 *   BSD   `<TAG> (<name>) = <hex>` (--tag; TAG as coreutils/xxhsum write it: SHA256, XXH128)
 *   JSON  one object per line     (--json)
 *
 * A name holding `\`, LF or CR is escaped (`\\`, `\n`, `\r`) and its line starts with `\`.
 * --check verdicts escape only names holding LF, the one case that would split the line
 * (coreutils does the same, to keep its status output easy to process).
 */
const util = require('node:util')

/** Tags that are not simply the upper-cased algorithm name. */
const TAG_EXCEPTIONS = { 'xxh3-128': 'XXH128' }

/** glibc's strerror() text where libuv words it differently. */
const STRERROR = {
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  EIO: 'Input/output error',
  ENAMETOOLONG: 'File name too long'
}
const SYSTEM_MESSAGES = new Map([...util.getSystemErrorMap().values()])

const ESCAPES = { '\\': '\\\\', '\n': '\\n', '\r': '\\r' }
const UNESCAPES = { '\\\\': '\\', '\\n': '\n', '\\r': '\r' }

const GNU_LINE = /^\s*(?<mark>\\?)(?<digest>[0-9a-fA-F]+)[ \t][ *](?<name>.+)$/s
const BSD_LINE = /^\s*(?<mark>\\?)(?<tag>[A-Za-z0-9-]+) ?\((?<name>.*)\)\s*=\s*(?<digest>[0-9a-fA-F]+)$/s

/** The BSD tag of an algorithm: 'SHA256', 'BLAKE3', 'XXH128'. */
function tagOf (algorithm) {
  return TAG_EXCEPTIONS[algorithm] || algorithm.toUpperCase()
}

/** `{ mark, name }`: mark is `\` when the name holds a character `trigger` matches. */
function escapeName (name, trigger = /[\\\n\r]/) {
  if (!trigger.test(name)) return { mark: '', name }
  return { mark: '\\', name: name.replace(/[\\\n\r]/g, (c) => ESCAPES[c]) }
}

/** The name an escaped line stands for, or null if it holds an unknown escape. */
function unescapeName (text) {
  let valid = true
  const name = text.replace(/\\.?/gs, (e) => {
    if (!(e in UNESCAPES)) valid = false
    return UNESCAPES[e]
  })
  return valid ? name : null
}

/** An error as `sha256sum` would word it: 'No such file or directory'. */
function errorText (error) {
  const text = STRERROR[error.code] || SYSTEM_MESSAGES.get(error.code)
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : error.message
}

/**
 * One output line for a record `{ path, algorithm, size, digest }` or `{ path, error }`;
 * an error is a line only in JSON (stderr carries it otherwise).
 * @param {'gnu'|'tag'|'json'} style
 */
function formatRecord (record, style) {
  if (style === 'json') {
    const { path, algorithm, digest, size, error } = record
    const object = error ? { path, error: { code: error.code, message: errorText(error) } } : { path, algorithm, digest, size }
    return `${JSON.stringify(object)}\n`
  }
  if (record.error) return ''
  const { mark, name } = escapeName(record.path)
  return style === 'tag'
    ? `${mark}${tagOf(record.algorithm)} (${name}) = ${record.digest}\n`
    : `${mark}${record.digest}  ${name}\n`
}

/** A --check verdict line: `name: OK`, `name: FAILED`, `name: FAILED open or read`. */
function formatVerdict (path, verdict) {
  const { mark, name } = escapeName(path, /\n/)
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
  if (!match) return null
  const { mark, tag, name, digest } = match.groups
  const lineAlgorithm = tag === undefined ? algorithm : algorithms.find((a) => tagOf(a) === tag)
  const path = mark ? unescapeName(name) : name
  if (!lineAlgorithm || !path) return null
  return { algorithm: lineAlgorithm, digest: digest.toLowerCase(), path }
}

module.exports = { formatRecord, formatVerdict, parseChecksumLine, errorText }
