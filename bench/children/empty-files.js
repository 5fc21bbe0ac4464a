'use strict'
/**
 * Adds empty files `from` … `to - 1` to a tree of `perDir` files per directory
 * (lib/fixtures.js writeEmptyFiles); the "bigtree" scenario runs one per CPU on separate
 * directories, since creating files is system-call work that spreads over cores.
 *
 *   node bench/children/empty-files.js <dir> <from> <to> <perDir>
 */
const { writeEmptyFiles } = require('../lib/fixtures')
const { childMain } = require('../lib/child-main')

childMain(async () => {
  const [dir, from, to, perDir] = process.argv.slice(2)
  writeEmptyFiles(dir, Number(from), Number(to), Number(perDir))
  return {}
})
