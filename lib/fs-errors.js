'use strict'
/**
 * OS errors as users see them, worded from the code alone so both backends (whose OS
 * messages come from Rust's std or from Node's fs) say the same: for the API, like node:fs
 * (`ENOENT: no such file or directory, open 'x'`); for the CLI, as coreutils prints
 * glibc's strerror() (`No such file or directory`).
 */
const util = require('node:util')

/** libuv's table of codes and texts, made on first use (the CLI's start seldom needs it). */
let systemMessages = null

/** The OS's own text for an error code (`ENOENT` → 'no such file or directory'), as libuv has it. */
function systemMessage (code) {
  if (systemMessages === null) systemMessages = new Map([...util.getSystemErrorMap().values()])
  return systemMessages.get(code)
}

/** glibc's strerror() text where libuv words it differently. */
const STRERROR = {
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  EIO: 'Input/output error',
  ENAMETOOLONG: 'File name too long'
}

/**
 * A failed outcome (`{ code, message }` from a backend) as an Error like Node's fs errors:
 * `code`, `path`, and a message built from the code where the OS has one.
 * @param {{ code: string, message: string }} outcome
 * @param {string} path as shown to the user
 */
function fileError (outcome, path) {
  const text = systemMessage(outcome.code) || outcome.message
  return Object.assign(new Error(`${outcome.code}: ${text}, '${path}'`), { code: outcome.code, path })
}

/**
 * An error as `sha256sum` would word it: 'No such file or directory'.
 * @param {{ code?: string, message: string }} error
 */
function strerror (error) {
  const text = (error.code && (STRERROR[error.code] || systemMessage(error.code))) || null
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : error.message
}

module.exports = { fileError, strerror }
