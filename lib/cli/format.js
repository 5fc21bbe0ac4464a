'use strict'
/**
 * The text hashmill prints for digests. Checksum lines in every tool's format are written
 * by hashmill-core (`tree::LineFormat`, reached through the backend's `formatLines`), which
 * this module only names with a descriptor built from the settings:
 *
 *   gnu     `<hex>  <name>`          (sha256sum, b3sum, xxhsum; `binary`: `<hex> *<name>`)
 *   tag     `<TAG> (<name>) = <hex>` (--tag; TAG as coreutils/b3sum/xxhsum write it)
 *   digest  `<hex>`                  (b3sum --no-names)   raw: the bytes (b3sum --raw)
 *   json    one object per line      (--json; written here, it is no checksum line)
 *
 * with modifiers: `zero` (coreutils -z), `verbatim` (xxhsum: names never escaped), `lossy`
 * (b3sum: names that are not UTF-8 with U+FFFD),
 * `reversed` (xxhsum --little-endian), `seek:N`/`length:N` (b3sum's output window).
 */
const { strerror } = require('../fs-errors')

/** Tags that are not simply the upper-cased algorithm name. */
const TAG_EXCEPTIONS = { 'xxh3-128': 'XXH128' }

/** The BSD tag of an algorithm: 'SHA256', 'BLAKE3', 'XXH128'. */
function tagOf (algorithm) {
  return TAG_EXCEPTIONS[algorithm] || algorithm.toUpperCase()
}

/**
 * The core's descriptor of a line format (hashmill-core `LineFormat::parse`).
 * @param {import('./personalities').LineSettings} line
 * @param {string} algorithm
 */
function descriptorOf (line, algorithm) {
  const parts = [line.layout === 'tag' ? `tag:${tagOf(algorithm)}${line.tagSuffix}` : line.layout]
  if (line.zero) parts.push('zero')
  if (line.verbatim) parts.push('verbatim')
  if (line.lossy) parts.push('lossy')
  if (line.reversed) parts.push('reversed')
  if (line.seek) parts.push(`seek:${line.seek}`)
  if (line.length !== undefined) parts.push(`length:${line.length}`)
  return parts.join(',')
}

/**
 * One --json line for a record `{ path, algorithm, size, digest }` or `{ path, error }`.
 * @param {{ path: string | Buffer, algorithm?: string, digest?: any, size?: number, error?: any }} record
 */
function jsonLine ({ path, algorithm, digest, size, error }) {
  const shown = Buffer.isBuffer(path) ? path.toString() : path
  const object = error ? { path: shown, error: { code: error.code, message: strerror(error) } } : { path: shown, algorithm, digest, size }
  return `${JSON.stringify(object)}\n`
}

/**
 * The lines of records (`{ path, algorithm, digest }`, hex digests; errors print nothing
 * here, stderr carries them), one core call per record, through `backend`.
 * @param {{ formatLines: Function }} backend
 * @param {any[]} records
 * @param {import('./personalities').LineSettings} line
 */
function recordLines (backend, records, line) {
  if (line.layout === 'json') return records.map(jsonLine).join('')
  const parts = records.filter((record) => !record.error).map((record) => {
    const digest = Buffer.from(record.digest, 'hex')
    const name = Buffer.isBuffer(record.path) ? record.path : Buffer.from(record.path)
    return Buffer.from(backend.formatLines(name, digest, digest.length, Buffer.alloc(0), descriptorOf(line, record.algorithm), []))
  })
  return Buffer.concat(parts)
}

module.exports = { tagOf, descriptorOf, jsonLine, recordLines }
