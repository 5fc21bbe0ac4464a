'use strict'
/**
 * Test data: random buffers, large random files written in 16 MiB blocks (real blocks,
 * not sparse holes, and fast to make), and a tree of many small files.
 */
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { KiB, MiB } = require('./units')

const BLOCK_BYTES = 16 * MiB

/** `bytes` random bytes. */
function randomBuffer (bytes) {
  return crypto.randomFillSync(Buffer.allocUnsafe(bytes))
}

/** Writes `bytes` random bytes to `file`, one fresh 16 MiB random block at a time. */
function writeRandomFile (file, bytes) {
  const block = Buffer.allocUnsafe(BLOCK_BYTES)
  const fd = fs.openSync(file, 'w')
  try {
    for (let done = 0; done < bytes;) {
      const n = Math.min(BLOCK_BYTES, bytes - done)
      crypto.randomFillSync(block, 0, n)
      done += fs.writeSync(fd, block, 0, n)
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** Reads `file` once so it sits in the page cache. */
function warmPageCache (file) {
  const buffer = Buffer.allocUnsafe(BLOCK_BYTES)
  const fd = fs.openSync(file, 'r')
  try {
    while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Writes `count` files of 1 to 64 KiB under `dir` (100 subdirectories), sizes spread
 * evenly by a fixed stride. Returns the paths and the total bytes.
 */
function writeSmallFiles (dir, count) {
  const pool = randomBuffer(MiB + 64 * KiB)
  const files = []
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, String(i % 100).padStart(2, '0'))
    if (i < 100) fs.mkdirSync(sub, { recursive: true })
    const size = KiB + (i * 7919) % (63 * KiB + 1)
    const offset = (i * 4099) % MiB
    const file = path.join(sub, `${i}.bin`)
    fs.writeFileSync(file, pool.subarray(offset, offset + size))
    files.push(file)
    bytes += size
  }
  return { files, bytes }
}

module.exports = { randomBuffer, writeRandomFile, warmPageCache, writeSmallFiles }
