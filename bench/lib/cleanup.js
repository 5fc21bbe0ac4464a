'use strict'
/**
 * Everything the bench leaves behind is registered here (temporary directories, child
 * processes) and removed on every way out: normal exit, an exception, or a signal.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const paths = new Set()
const children = new Set()

function cleanupAll () {
  for (const child of children) {
    try { child.kill('SIGKILL') } catch {}
  }
  children.clear()
  for (const p of paths) fs.rmSync(p, { recursive: true, force: true })
  paths.clear()
}

process.on('exit', cleanupAll)
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(signal, () => {
    cleanupAll()
    process.exit(128 + number)
  })
}

/** A new temporary directory, removed at exit if not removed before. */
function tempDir (name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hashmill-bench-${name}-`))
  paths.add(dir)
  return dir
}

/** Removes a directory from tempDir() now. */
function removeTemp (dir) {
  fs.rmSync(dir, { recursive: true, force: true })
  paths.delete(dir)
}

/** Kills `child` at exit if it is still running then. */
function trackChild (child) {
  children.add(child)
  child.once('exit', () => children.delete(child))
}

module.exports = { tempDir, removeTemp, trackChild }
