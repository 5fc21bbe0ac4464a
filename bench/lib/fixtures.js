'use strict'
/**
 * Test data: random buffers, large random files written in 16 MiB blocks (real blocks,
 * not sparse holes, and fast to make), and trees of many small random files or of empty
 * files.
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
 * Writes `count` files of `minBytes` to `maxBytes` random bytes under `dir`, file i in
 * subdirectory i % `dirs`, sizes spread evenly by a fixed stride, each a slice of one
 * random pool at its own offset. Returns the total bytes and the subdirectories.
 * @param {string} dir
 * @param {{ count: number, dirs: number, minBytes: number, maxBytes: number, onFile?: (file: string) => void }} shape
 */
function writeTree (dir, { count, dirs, minBytes, maxBytes, onFile = () => {} }) {
  const pool = randomBuffer(MiB + maxBytes)
  const width = String(dirs - 1).length
  const subs = Array.from({ length: dirs }, (_, d) => path.join(dir, String(d).padStart(width, '0')))
  for (const sub of subs) fs.mkdirSync(sub, { recursive: true })
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const size = minBytes + (i * 7919) % (maxBytes - minBytes + 1)
    const offset = (i * 4099) % MiB
    const file = path.join(subs[i % dirs], `${i}.bin`)
    fs.writeFileSync(file, pool.subarray(offset, offset + size))
    onFile(file)
    bytes += size
  }
  return { bytes, subdirs: subs }
}

/**
 * Writes `count` files of 1 to 64 KiB under `dir` (100 subdirectories). Returns the paths
 * and the total bytes.
 */
function writeSmallFiles (dir, count) {
  const files = []
  const { bytes } = writeTree(dir, { count, dirs: 100, minBytes: KiB, maxBytes: 64 * KiB, onFile: (file) => files.push(file) })
  return { files, bytes }
}

/**
 * Adds empty files `from` … `to - 1` to a tree of `perDir` files per subdirectory (file i
 * in subdirectory floor(i / perDir)), so a tree can be grown in place.
 */
function writeEmptyFiles (dir, from, to, perDir) {
  for (let i = from; i < to; i++) {
    const sub = path.join(dir, `d${Math.floor(i / perDir)}`)
    if (i === from || i % perDir === 0) fs.mkdirSync(sub, { recursive: true })
    fs.closeSync(fs.openSync(path.join(sub, `${i}`), 'w'))
  }
}

/** Every regular file under `dir`, sorted (the trees here have ASCII names: by bytes). */
function listFiles (dir) {
  const files = []
  const dirs = [dir]
  while (dirs.length) {
    const at = dirs.pop()
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name)
      if (entry.isDirectory()) dirs.push(full)
      else if (entry.isFile()) files.push(full)
    }
  }
  return files.sort()
}

module.exports = { randomBuffer, writeRandomFile, warmPageCache, writeTree, writeSmallFiles, writeEmptyFiles, listFiles }
