'use strict'
/**
 * Where the command's text goes: results to stdout, waiting for 'drain' when the pipe is
 * full so a run over many files never buffers its whole output; messages to stderr, worded
 * by the personality. Both first erase the progress bar, which may share the terminal.
 */
const { once } = require('node:events')

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

  /** Writes `text` (whole lines) to stderr. */
  function error (text) {
    if (text.length === 0) return
    bar.clear()
    stderr.write(text)
  }

  return { print, stderr: error }
}

module.exports = { createOutput }
