'use strict'
/**
 * The CLI's standard output and error, made only when a run uses them. Node builds
 * `process.stdout` and `process.stderr`, and loads its stream modules, on first access:
 * 2 ms for a file, 4-5 ms for a pipe, of a ~80 ms start, which a run printing one line
 * does not need.
 *
 * stdout is written with `fs.writeSync` while the descriptor takes each write whole (files,
 * /dev/null, terminals, pipes in blocking mode). From the first write that would block
 * (EAGAIN: a pipe or terminal someone made non-blocking) on, the rest of the output goes
 * through `process.stdout`, in order. Windows always uses `process.stdout`, which writes a
 * console as text. A reader that went away (EPIPE: `hashmill * | head`) ends the run
 * quietly; any other write error (a full disk) is reported and the run exits with status 1.
 *
 * stderr is `process.stderr`, made on its first message. Whether it is a terminal (for the
 * progress bar) is answered without making it when fstat shows no character device.
 */
const fs = require('node:fs')
const { once } = require('node:events')

/** Whether descriptor `fd` is a character device (a terminal is one; so is /dev/null). */
function characterDevice (fd) {
  try {
    return fs.fstatSync(fd).isCharacterDevice()
  } catch {
    return false
  }
}

/**
 * @param {() => string} toolName the name messages are worded with (the personality's)
 */
function createStdio (toolName) {
  /** @type {NodeJS.WriteStream | null} stdout's stream, once writes go through it */
  let stream = null
  let direct = process.platform !== 'win32'

  /** Ends the run on a failed stdout write, as the error asks. */
  function failed (error) {
    if (error.code !== 'EPIPE') {
      const { strerror } = require('../fs-errors')
      process.stderr.write(`${toolName()}: write error: ${strerror(error)}\n`)
      process.exit(1)
    }
    process.exit()
  }

  /** process.stdout, with the run's handling of its errors. */
  function stdoutStream () {
    if (stream === null) {
      stream = process.stdout
      stream.on('error', failed)
    }
    return stream
  }

  /** Writes what it can of `bytes` at once; what is left once a write would block. */
  function writeDirect (bytes) {
    let at = 0
    try {
      while (at < bytes.length) at += fs.writeSync(1, bytes, at, bytes.length - at)
      return null
    } catch (error) {
      if (error.code !== 'EAGAIN') return failed(error)
      direct = false
      return bytes.subarray(at)
    }
  }

  const stdout = {
    /**
     * Writes `text`; false when the stream holds more than it wants (await `drain()`).
     * @param {string | Uint8Array} text
     */
    write (text) {
      const rest = direct ? writeDirect(typeof text === 'string' ? Buffer.from(text) : text) : text
      return rest === null || stdoutStream().write(rest)
    },
    /** Resolves once the stream wants more. */
    drain: () => once(stdoutStream(), 'drain').then(() => {})
  }

  const stderr = {
    /** @param {string} text */
    write: (text) => process.stderr.write(text),
    /** Whether stderr is a terminal; a file or pipe is told from fstat alone. */
    isTerminal () {
      if (process.platform !== 'win32' && !characterDevice(2)) return false
      return process.stderr.isTTY === true
    },
    /** The stream itself (the progress bar draws on it). */
    stream: () => process.stderr
  }

  return {
    stdout,
    stderr,
    /** Touched only to read a key: process.stdin costs a stream when first read. */
    get stdin () { return process.stdin }
  }
}

module.exports = { createStdio }
