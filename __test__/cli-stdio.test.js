'use strict'
/**
 * The CLI's standard output and error (lib/cli/stdio.js), as child processes on both
 * backends: a run that prints a few lines makes neither `process.stdout` nor
 * `process.stderr` (a preloaded module records which getters ran); a descriptor that would
 * block (a non-blocking pipe, filled before it is read) still gets every byte, in order; a
 * reader that goes away ends the run quietly. Write errors are in cli-personalities.test.js.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn, spawnSync } = require('node:child_process')

const BIN = path.join(__dirname, '..', 'bin', 'hashmill.js')

/** Copies of a file named on the command line, so the output is much larger than any pipe's buffer. */
const COPIES = 20000

/**
 * A module preloaded into the CLI: wraps the getters of process.stdout and process.stderr
 * and writes the names of those that ran to the file in HASHMILL_TEST_TOUCHED at exit.
 */
const PRELOAD = `
const fs = require('node:fs')
const touched = new Set()
for (const name of ['stdout', 'stderr']) {
  const { get } = Object.getOwnPropertyDescriptor(process, name)
  Object.defineProperty(process, name, { configurable: true, enumerable: true, get () { touched.add(name); return get.call(process) } })
}
process.on('exit', () => fs.writeFileSync(process.env.HASHMILL_TEST_TOUCHED, JSON.stringify([...touched])))
`

/**
 * Python: runs the command with its stdout on a pipe made non-blocking, reads nothing until
 * the pipe is full (so the CLI's next write would block), then reads it all. Prints the
 * exit status, then the output.
 */
const NON_BLOCKING_READER = `
import fcntl, os, subprocess, sys, termios, array, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
capacity = fcntl.fcntl(w, 1032)  # F_GETPIPE_SZ
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
def queued():
    n = array.array('i', [0])
    fcntl.ioctl(r, termios.FIONREAD, n)
    return n[0]
# Wait for a state, not for a time: the pipe full, or the child gone (a failure then).
while queued() < capacity and child.poll() is None:
    time.sleep(0.001)
chunks = []
while True:
    chunk = os.read(r, 1 << 16)
    if not chunk:
        break
    chunks.append(chunk)
sys.stdout.buffer.write(b'%d\\n' % child.wait() + b''.join(chunks))
`

let dir
let preload

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-cli-stdio-'))
  fs.writeFileSync(path.join(dir, 'a.txt'), 'abc\n')
  preload = path.join(dir, 'preload.js')
  fs.writeFileSync(preload, PRELOAD)
})

after(() => fs.rmSync(dir, { recursive: true, force: true }))

function env (backend) {
  const copy = { ...process.env, HASHMILL_BACKEND: backend }
  delete copy.HASHMILL_THREADS
  return copy
}

/** The sha256sum line of a.txt. */
const LINE = 'edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb  a.txt\n'

for (const backend of ['native', 'wasm']) {
  describe(`CLI stdio, ${backend} backend`, () => {
    it('prints a line to a file with neither process.stdout nor process.stderr made', () => {
      const out = path.join(dir, `out-${backend}.txt`)
      const touched = path.join(dir, `touched-${backend}.json`)
      const fd = fs.openSync(out, 'w')
      try {
        const result = spawnSync(process.execPath, ['-r', preload, BIN, '-a', 'sha256', 'a.txt'], {
          cwd: dir, env: { ...env(backend), HASHMILL_TEST_TOUCHED: touched }, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8'
        })
        assert.equal(result.status, 0, result.stderr)
      } finally {
        fs.closeSync(fd)
      }
      assert.equal(fs.readFileSync(out, 'utf8'), LINE)
      assert.deepEqual(JSON.parse(fs.readFileSync(touched, 'utf8')), [])
    })

    it('a missing file still gets its message on stderr, after the lines before it', () => {
      const result = spawnSync(process.execPath, [BIN, '-a', 'sha256', 'a.txt', 'missing', 'a.txt'], { cwd: dir, env: env(backend), encoding: 'utf8' })
      assert.equal(result.status, 1)
      assert.equal(result.stdout, LINE + LINE)
      assert.equal(result.stderr, 'hashmill: missing: No such file or directory\n')
    })

    it('a pipe that would block gets every line, in order', () => {
      const args = [BIN, '-a', 'sha256', ...Array(COPIES).fill('a.txt')]
      const result = spawnSync('python3', ['-c', NON_BLOCKING_READER, process.execPath, ...args], { cwd: dir, env: env(backend), maxBuffer: 64 << 20 })
      assert.equal(result.status, 0, String(result.stderr))
      const [status, ...lines] = result.stdout.toString().split(/(?<=\n)/)
      assert.equal(status, '0\n', String(result.stderr))
      assert.equal(lines.length, COPIES)
      assert.ok(lines.every((line) => line === LINE))
    })

    it('a reader that goes away ends the run quietly', async () => {
      const child = spawn(process.execPath, [BIN, '-a', 'sha256', ...Array(COPIES).fill('a.txt')], { cwd: dir, env: env(backend), stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk) => { stderr += chunk })
      // The first output read, the pipe is closed with most of the output still to come.
      child.stdout.once('data', () => child.stdout.destroy())
      const status = await new Promise((resolve) => child.on('close', resolve))
      assert.equal(status, 0, stderr)
      assert.equal(stderr, '')
    })
  })
}
