'use strict'
/**
 * Writes one share of a generated tree (lib/parallel-write.js runs one per CPU, on
 * separate directories: creating files is system-call work that spreads over cores).
 * `spec` is JSON: `{ random: { count, dirs, minBytes, maxBytes, dirFrom, dirTo } }`
 * (lib/fixtures.js writeTree) or `{ empty: { from, to, perDir } }` (writeEmptyFiles).
 * Prints `{ bytes }`.
 *
 *   node bench/children/write-tree.js <dir> <spec>
 */
const { writeTree, writeEmptyFiles } = require('../lib/fixtures')
const { childMain } = require('../lib/child-main')

childMain(async () => {
  const [dir, json] = process.argv.slice(2)
  const spec = JSON.parse(json)
  if (spec.random) return { bytes: writeTree(dir, spec.random).bytes }
  writeEmptyFiles(dir, spec.empty.from, spec.empty.to, spec.empty.perDir)
  return { bytes: 0 }
})
