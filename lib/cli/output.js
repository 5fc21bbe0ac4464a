'use strict'
/**
 * Where the command's text goes: results to stdout, waiting for 'drain' when the pipe is
 * full so a run over many files never buffers its whole output; `hashmill: ...` messages
 * to stderr. Both first erase the progress bar, which may share the terminal.
 */
const { once } = require('node:events')
const { strerror } = require('../fs-errors')

/**
 * @param {{ stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, bar: { clear(): void } }} streams
 */
function createOutput ({ stdout, stderr, bar }) {
  /** Writes `text` (one batch of lines, a string or bytes) to stdout. */
  async function print (text) {
    if (text.length === 0) return
    bar.clear()
    if (!stdout.write(text)) await once(stdout, 'drain')
  }

  /** `hashmill: <message>` on stderr. */
  function warn (message) {
    bar.clear()
    stderr.write(`hashmill: ${message}\n`)
  }

  /** `hashmill: <path>: No such file or directory` on stderr. */
  function fileError (path, error) {
    warn(`${path}: ${strerror(error)}`)
  }

  return { print, warn, fileError }
}

module.exports = { createOutput }
