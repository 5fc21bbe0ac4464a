'use strict'
/**
 * The floor of the wasm backend's file path (scenario "trees"): what Node's own fs costs
 * for a tree, with no hashing and no wasm. The main thread lists the tree as the walk does
 * (readdirSync with file types); `threads` worker_threads then each open, fstat, read and
 * close their share of the files, the system calls the wasm backend's file loop makes per
 * file through node:fs (lib/wasm/fs-bridge.js). Timed as a whole process, start included,
 * like the CLI it bounds. Prints nothing.
 *
 *   node bench/children/fs-floor.js <dir> <threads>
 */
const fs = require('node:fs')
const path = require('node:path')
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads')

/** Bytes a read asks for: the wasm backend's staging area. */
const READ_BYTES = 1 << 20

/** Every regular file under `dir`, depth first. */
function listFiles (dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) listFiles(full, out)
    else if (entry.isFile()) out.push(full)
  }
  return out
}

/** Opens, stats, reads to the end and closes each file of `paths`. */
function readEach (paths) {
  const buffer = Buffer.allocUnsafe(READ_BYTES)
  for (const file of paths) {
    const fd = fs.openSync(file, 'r')
    const size = fs.fstatSync(fd).size
    let total = 0
    for (let n; total < size && (n = fs.readSync(fd, buffer, 0, READ_BYTES, null)) > 0;) total += n
    fs.closeSync(fd)
  }
}

if (isMainThread) {
  const [dir, threads] = [process.argv[2], Number(process.argv[3])]
  const files = listFiles(dir)
  for (let k = 0; k < threads; k++) {
    const share = files.filter((_, i) => i % threads === k)
    new Worker(__filename, { workerData: share }).on('error', (error) => { throw error })
  }
} else {
  readEach(workerData)
  parentPort.close()
}
