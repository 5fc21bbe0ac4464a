'use strict'
/**
 * A one-line progress indicator on stderr, shown only when the bench's stderr is a
 * terminal (run.js passes that down to its children in HASHMILL_BENCH_TTY), so logs and
 * pipes get only the report.
 */

const ENV = 'HASHMILL_BENCH_TTY'

function progress (text) {
  if (process.env[ENV] === '1') process.stderr.write(`\r\x1b[K${text}`)
}

/** Clears the progress line (in the process that owns the terminal). */
function clearProgress () {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
}

module.exports = { progress, clearProgress, PROGRESS_ENV: ENV }
