'use strict'
/** Byte sizes and how numbers are shown: sizes (`64 KiB`), rates (`3.21 GiB/s`), counts (`1.2M`). */

const KiB = 1024
const MiB = 1024 * KiB
const GiB = 1024 * MiB

/** `32 B`, `64 KiB`, `1 GiB` (whole units where possible). */
function sizeLabel (bytes) {
  for (const [unit, name] of [[GiB, 'GiB'], [MiB, 'MiB'], [KiB, 'KiB']]) {
    if (bytes >= unit) return `${+(bytes / unit).toFixed(bytes % unit ? 1 : 0)} ${name}`
  }
  return `${bytes} B`
}

/** About three significant digits: 3.21, 32.1, 321, 3210. */
function digits3 (x) {
  if (!Number.isFinite(x)) return String(x)
  if (x >= 100) return x.toFixed(0)
  if (x >= 10) return x.toFixed(1)
  return x.toFixed(2)
}

/** A count with k/M/G suffix: 1.23M. */
function count (x) {
  for (const [unit, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
    if (x >= unit) return digits3(x / unit) + suffix
  }
  return digits3(x)
}

/** Bytes per second as GiB/s from 1 GiB/s on, else MiB/s. */
function rate (bytesPerSecond) {
  if (bytesPerSecond >= GiB) return `${digits3(bytesPerSecond / GiB)} GiB/s`
  return `${digits3(bytesPerSecond / MiB)} MiB/s`
}

/** A ratio: `×1.23`. */
function ratio (x) {
  return Number.isFinite(x) ? `×${x.toFixed(2)}` : '-'
}

/** Milliseconds with sensible precision. */
function ms (seconds) {
  const x = seconds * 1000
  return `${x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3)} ms`
}

module.exports = { KiB, MiB, GiB, sizeLabel, digits3, count, rate, ratio, ms }
