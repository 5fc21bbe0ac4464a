'use strict'
/**
 * Ways for a test to hold a hashmill call mid-flight until it lets go, so cancellation,
 * progress, worker-failure and truncation tests provoke their condition whatever the speed
 * of the machine:
 * - heldFifo: a FIFO the test writes: its reader waits for more bytes until end();
 * - holdDirectory: a tree whose walk waits on a FIFO `.gitignore` until a file it already
 *   listed has been swapped for a held FIFO, so hashDirectory is held mid-hash;
 * - pausedSource: a hashStream source that stops after its first chunks until resume();
 * - sparseFile: a file that takes no disk space, however large;
 * - settled: waits for something that follows a call's settling (a worker going idle, a file
 *   descriptor closing) without a fixed sleep.
 */
const fs = require('node:fs')
const path = require('node:path')
const util = require('node:util')
const cp = require('node:child_process')
const { setTimeout: sleep } = require('node:timers/promises')

const write = util.promisify(fs.write)

const openWriter = util.promisify(fs.open)
const closeFd = util.promisify(fs.close)
const turn = () => new Promise((resolve) => setImmediate(resolve))

/** Whether this process still has `file` open (a reader in one of its threads). */
function openHere (file) {
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) return true
    } catch {}
  }
  return false
}

/**
 * Makes a FIFO at `file` and opens its writing end, which completes only when a reader
 * opens it: `opened` then proves that the call under test has reached the FIFO. The reader
 * gets what write() writes and then waits for more, so the call is provably still running
 * until end().
 *
 * With `letThrough`, that many readers first get an empty file (end of file at once), one
 * after the other (each has closed the FIFO before the next open is waited for): a call
 * that reads the same file twice, as hashDirectory with onProgress walks twice (once to
 * count), is held on its second read.
 */
function heldFifo (file, { letThrough = 0 } = {}) {
  cp.execFileSync('mkfifo', [file])
  const absolute = path.resolve(file)
  let fd
  let ended = false
  const opened = (async () => {
    for (let i = 0; i < letThrough; i++) {
      await closeFd(await openWriter(file, fs.constants.O_WRONLY))
      while (openHere(absolute)) {
        if (ended) return
        await turn()
      }
    }
    const opening = await openWriter(file, fs.constants.O_WRONLY)
    if (ended) return closeFd(opening)
    fd = opening
  })()
  opened.catch(() => {})
  return {
    path: file,
    opened,
    /** Resolves once all of `bytes` are in the pipe (after a reader has opened it). */
    async write (bytes) {
      await opened
      for (let at = 0; at < bytes.length;) at += (await write(fd, bytes, at, bytes.length - at)).bytesWritten
    },
    /**
     * End of file for the reader. The FIFO is removed, so nothing opens it later and waits
     * forever; if no reader came, a reader of our own lets the pending open() through.
     */
    end () {
      if (ended) return
      ended = true
      if (fd === undefined) fs.closeSync(fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK))
      else fs.closeSync(fd)
      fs.unlinkSync(file)
    }
  }
}

/**
 * Holds `hashDirectory(dir, { gitignore: true })` mid-hash. Call it just before that call:
 * the walk then waits on a FIFO `.gitignore` in `dir/zz-held/` until `rel` (a regular file
 * that sorts before `zz-held`, so the walk has already listed it as a file to hash) has been
 * replaced by a held FIFO, which the hashing of those files then waits on. `swapped`
 * resolves with that FIFO. `letThrough`: walks to let past the gate first (see heldFifo:
 * with onProgress, a counting walk comes first).
 *
 * So that progress moves even if the FIFO is the first file a thread takes, its reader gets
 * one byte at once (and more never come until end()).
 */
function holdDirectory (dir, rel, { letThrough = 0 } = {}) {
  fs.mkdirSync(path.join(dir, 'zz-held'), { recursive: true })
  const gate = heldFifo(path.join(dir, 'zz-held', '.gitignore'), { letThrough })
  let fifo = null
  const swapped = gate.opened.then(() => {
    const file = path.join(dir, rel)
    fs.unlinkSync(file)
    fifo = heldFifo(file)
    gate.end()
    // The reader may already be gone (an abort stops it): a refused byte is no failure.
    fifo.write(Buffer.from('x')).catch(() => {})
    return fifo
  })
  return {
    swapped,
    end () {
      gate.end()
      if (fifo) fifo.end()
    }
  }
}

/**
 * A hashStream source that yields the chunks of `head`, then waits until resume() before
 * yielding those of `tail`. `paused` resolves once it waits: hashStream has then taken and
 * hashed every chunk of `head`, and the call is provably mid-stream.
 */
function pausedSource (head, tail = []) {
  let paused
  let resume
  const waiting = new Promise((resolve) => { paused = resolve })
  const gate = new Promise((resolve) => { resume = resolve })
  async function * chunks () {
    yield * head
    paused()
    await gate
    yield * tail
  }
  return { source: chunks(), paused: waiting, resume: () => resume() }
}

/** Creates (or replaces) `file` as a sparse file of `size` bytes of zeros: no disk space used. */
function sparseFile (file, size) {
  const fd = fs.openSync(file, 'w')
  try {
    fs.ftruncateSync(fd, size)
  } finally {
    fs.closeSync(fd)
  }
  return file
}

/** How long to wait for workers, CPU and file descriptors to settle: generous, never a verdict on speed. */
const SETTLE_MS = 10000

/**
 * Polls `count()` until it is at most `limit` (or `SETTLE_MS` passes); returns the last count,
 * so the caller asserts on the value and a slow machine only waits longer.
 * @param {() => number} count
 * @param {number} limit
 */
async function settled (count, limit) {
  const until = Date.now() + SETTLE_MS
  let value
  while ((value = count()) > limit && Date.now() < until) await sleep(20)
  return value
}

module.exports = { heldFifo, holdDirectory, pausedSource, sparseFile, settled, SETTLE_MS }
