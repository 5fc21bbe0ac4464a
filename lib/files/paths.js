'use strict'
/**
 * Path arguments: a string, a Buffer (any bytes but NUL, for names that are not UTF-8) or a
 * `file:` URL, as node:fs takes them; they cross into the backends as bytes.
 */
const { fileURLToPath } = require('node:url')
const errors = require('../errors')

/**
 * A path argument as bytes, refusing NUL bytes and the empty path.
 * @param {unknown} value
 * @param {string} name the argument's name in errors
 * @returns {Buffer}
 */
function pathBytes (value, name) {
  let bytes
  if (typeof value === 'string') bytes = Buffer.from(value)
  else if (Buffer.isBuffer(value)) bytes = value
  else if (value instanceof URL) bytes = Buffer.from(fileURLToPath(value))
  else throw errors.invalidType(name, 'of type string or an instance of Buffer or URL', value)
  if (bytes.length === 0) throw errors.invalidValue(name, value, 'must not be empty')
  if (bytes.includes(0)) throw errors.invalidValue(name, value, 'must not contain null bytes')
  return bytes
}

/**
 * Many path arguments as one buffer of NUL-separated bytes (how lists of paths cross into
 * the backends), checked as pathBytes checks one, with no Buffer per path in between.
 * @param {unknown[]} values
 * @param {string} name the list's name in errors (`paths` → `paths[3]`)
 * @returns {Buffer}
 */
function joinedPaths (values, name) {
  const parts = values.map((value, i) => {
    if (typeof value !== 'string') return pathBytes(value, `${name}[${i}]`)
    if (value.length === 0) throw errors.invalidValue(`${name}[${i}]`, value, 'must not be empty')
    if (value.includes('\0')) throw errors.invalidValue(`${name}[${i}]`, value, 'must not contain null bytes')
    return value
  })
  let length = Math.max(0, parts.length - 1)
  for (const part of parts) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length
  const joined = Buffer.allocUnsafe(length)
  let at = 0
  for (const [i, part] of parts.entries()) {
    if (i > 0) joined[at++] = 0
    at += typeof part === 'string' ? joined.write(part, at) : part.copy(joined, at)
  }
  return joined
}

/**
 * A path as errors and results show it (as node:fs does).
 * @param {string | Buffer | URL} path
 * @returns {string}
 */
function displayPath (path) {
  if (path instanceof URL) return fileURLToPath(path)
  return Buffer.isBuffer(path) ? path.toString() : path
}

module.exports = { pathBytes, joinedPaths, displayPath }
