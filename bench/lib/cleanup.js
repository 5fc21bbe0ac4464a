'use strict'
/**
 * Everything the bench leaves behind is registered here (temporary directories, child
 * processes) and removed on every way out: normal exit, an exception, or a signal. Trees
 * of many files can also be removed early, and fast, with removeTree().
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFile } = require('node:child_process')

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

/**
 * Removes a tree of many files now: one `rm -rf` per CPU over its top-level entries (Node
 * 20's fs.rmSync walks a tree in JavaScript, one file at a time), then what is left.
 */
async function removeTree (dir) {
  if (!fs.existsSync(dir)) return
  const entries = fs.readdirSync(dir).map((name) => path.join(dir, name))
  const size = Math.ceil(entries.length / os.availableParallelism())
  const shares = []
  for (let i = 0; i < entries.length; i += size) shares.push(entries.slice(i, i + size))
  await Promise.all(shares.map((share) => new Promise((resolve, reject) => {
    trackChild(execFile('rm', ['-rf', '--', ...share], (error) => (error ? reject(error) : resolve())))
  })))
  fs.rmSync(dir, { recursive: true, force: true })
}

module.exports = { tempDir, removeTemp, trackChild, removeTree }
