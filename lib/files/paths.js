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
 * A path as errors and results show it (as node:fs does).
 * @param {string | Buffer | URL} path
 * @returns {string}
 */
function displayPath (path) {
  if (path instanceof URL) return fileURLToPath(path)
  return Buffer.isBuffer(path) ? path.toString() : path
}

module.exports = { pathBytes, displayPath }
