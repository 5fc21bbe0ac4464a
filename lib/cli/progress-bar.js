'use strict'
/**
 * The progress bar on stderr: percent, bytes, files, rate and ETA on one line, redrawn
 * in place with `\r`. It is fed by the API's `onProgress`; one bar spans every API call of
 * a run (`track()` hands out the callback for the next call, whose counts add to those of
 * the calls before). Nothing is drawn before `delayMs`, so quick runs never flash; `clear()`
 * blanks the line (before other output, and at the end) and the next report redraws it.
 */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
const BAR_WIDTH = 12
const ZERO = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 }

function formatBytes (n) {
  let unit = 0
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024
    unit++
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(1)} ${UNITS[unit]}`
}

function formatDuration (seconds) {
  const s = Math.ceil(seconds)
  const two = (n) => String(n).padStart(2, '0')
  const clock = `${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`
  return s >= 3600 ? `${Math.floor(s / 3600)}:${clock}` : clock
}

function add (a, b) {
  return {
    bytesDone: a.bytesDone + b.bytesDone,
    bytesTotal: a.bytesTotal + b.bytesTotal,
    filesDone: a.filesDone + b.filesDone,
    filesTotal: a.filesTotal + b.filesTotal
  }
}

/** The bar's text for counts `p` after `seconds`. */
function render (p, seconds) {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : p.filesDone / (p.filesTotal || 1)
  const filled = Math.round(fraction * BAR_WIDTH)
  const rate = seconds > 0 ? p.bytesDone / seconds : 0
  const remaining = Math.max(0, p.bytesTotal - p.bytesDone)
  const eta = remaining === 0 ? formatDuration(0) : rate > 0 ? formatDuration(remaining / rate) : '--:--'
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ` +
    `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}  ${p.filesDone}/${p.filesTotal} files  ` +
    `${formatBytes(Math.round(rate))}/s  ETA ${eta}`
}

/**
 * @param {NodeJS.WriteStream} stream stderr
 * @param {{ delayMs: number }} options
 */
function createProgressBar (stream, { delayMs }) {
  const started = Date.now()
  let finished = ZERO
  let current = ZERO
  let width = 0

  function draw () {
    const elapsed = Date.now() - started
    if (elapsed < delayMs) return
    const columns = (stream.columns || 80) - 1
    const line = render(add(finished, current), elapsed / 1000).slice(0, columns)
    stream.write(`\r${line.padEnd(width)}`)
    width = line.length
  }

  return {
    /** The onProgress callback for the next API call. */
    track () {
      finished = add(finished, current)
      current = ZERO
      return (progress) => {
        current = progress
        draw()
      }
    },
    clear () {
      if (width === 0) return
      stream.write(`\r${' '.repeat(width)}\r`)
      width = 0
    }
  }
}

module.exports = { createProgressBar }
