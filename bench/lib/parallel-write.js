'use strict'
/**
 * Generates the big trees with one child per CPU (children/write-tree.js), each on its own
 * directories, since creating files is system-call work that spreads over cores: a tree
 * of random files (lib/fixtures.js writeTree) or a range of empty files
 * (writeEmptyFiles). Returns the bytes written and the seconds taken.
 */
const os = require('node:os')
const { runChild } = require('./child')

/** `[from, to)` split into one contiguous share per CPU, on multiples of `unit`. */
function shares (from, to, unit) {
  const units = Math.ceil((to - from) / unit)
  const step = Math.ceil(units / Math.min(os.availableParallelism(), units)) * unit
  const list = []
  for (let start = from; start < to; start += step) list.push([start, Math.min(start + step, to)])
  return list
}

async function inParallel (dir, specs) {
  const start = performance.now()
  const results = await Promise.all(specs.map((spec) => runChild('write-tree', [dir, JSON.stringify(spec)])))
  return { bytes: results.reduce((sum, r) => sum + r.bytes, 0), seconds: (performance.now() - start) / 1000 }
}

/** writeTree(dir, shape) with its directories shared out. */
function writeTreeInParallel (dir, shape) {
  return inParallel(dir, shares(0, shape.dirs, 1).map(([dirFrom, dirTo]) => ({ random: { ...shape, dirFrom, dirTo } })))
}

/** Empty files `from` … `to - 1`, `perDir` per directory, whole directories per child. */
function writeEmptyFilesInParallel (dir, from, to, perDir) {
  return inParallel(dir, shares(from, to, perDir).map(([a, b]) => ({ empty: { from: a, to: b, perDir } })))
}

module.exports = { writeTreeInParallel, writeEmptyFilesInParallel }
