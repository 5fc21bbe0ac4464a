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

/** writeTree()'s subdirectory `d` of `dirs`: names of one width, so they sort as numbers. */
function treeSubdir (dir, d, dirs) {
  return path.join(dir, String(d).padStart(String(dirs - 1).length, '0'))
}

/**
 * Writes `count` files of `minBytes` to `maxBytes` random bytes under `dir`, file i in
 * subdirectory i % `dirs`, sizes spread evenly by a fixed stride, each a slice of one
 * random pool at its own offset. Only subdirectories `dirFrom` … `dirTo - 1` are written
 * when given (so several processes can share the work). Returns the bytes written and the
 * subdirectories.
 * @param {string} dir
 * @param {{ count: number, dirs: number, minBytes: number, maxBytes: number, dirFrom?: number, dirTo?: number, onFile?: (file: string) => void }} shape
 */
function writeTree (dir, { count, dirs, minBytes, maxBytes, dirFrom = 0, dirTo = dirs, onFile = () => {} }) {
  const pool = randomBuffer(MiB + maxBytes)
  const subs = Array.from({ length: dirs }, (_, d) => treeSubdir(dir, d, dirs))
  for (const sub of subs.slice(dirFrom, dirTo)) fs.mkdirSync(sub, { recursive: true })
  let bytes = 0
  for (let i = 0; i < count; i++) {
    if (i % dirs < dirFrom || i % dirs >= dirTo) continue
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

/** writeEmptyFiles()'s subdirectory `d`. */
function emptySubdir (dir, d) {
  return path.join(dir, `d${d}`)
}

/**
 * Adds empty files `from` … `to - 1` to a tree of `perDir` files per subdirectory (file i
 * in subdirectory floor(i / perDir)), so a tree can be grown in place.
 */
function writeEmptyFiles (dir, from, to, perDir) {
  for (let i = from; i < to; i++) {
    const sub = emptySubdir(dir, Math.floor(i / perDir))
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

module.exports = { randomBuffer, writeRandomFile, warmPageCache, writeTree, treeSubdir, writeSmallFiles, emptySubdir, writeEmptyFiles, listFiles }
