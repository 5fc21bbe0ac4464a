'use strict'
/**
 * Faults (issue #6), through the public API, each provoked at a moment the test knows:
 * - wasm workers killed mid-task (while blocked reading a FIFO the test holds, while their
 *   stream session waits for its source, or as they are handed a piece of a session pinned
 *   to them): only their own call fails, with ERR_HASHMILL_WORKER_FAILED; the pool replaces
 *   them; later calls succeed;
 * - AbortSignal fired during hash, hashFile, hashFiles, hashDirectory and hashStream on both
 *   backends, either at once (the work just handed out) or while the work is held mid-way
 *   (on a FIFO, a walk held on a FIFO `.gitignore`, a stream source that waits): every call
 *   rejects with AbortError before its work is let go; afterwards no worker is busy (no
 *   CPU is burnt, no wasm worker holds a ref), no file descriptor is left open and the next
 *   call is correct;
 * - a file truncated or deleted under hashFileSync (native mmap and read paths, wasm) once
 *   the hash is seen under way: ECHANGED, or the digest of the content, never a crash.
 * files.test.js covers async hashFile truncation; pool.test.js kills workers of a private
 * WorkerPool.
 *
 * To reach the workers, node:worker_threads' Worker is wrapped before hashmill loads: the
 * wrapper records each worker, whether the pool holds a ref on it (busy), the jobs posted to
 * it, and can kill it the moment a job is posted.
 */
const workerThreads = require('node:worker_threads')

/**
 * Every worker hashmill starts, with `busy` = ref'd by the pool (it refs while a job runs),
 * `ready` = it has said so (a worker that dies before that counts as a failed start, and
 * three in a row stop the pool for good: only ready workers are killed here), `job` = the
 * last job posted to it and `inputs` = the shared buffers its jobs hashed.
 */
const workers = new Set()
/** When set, called with each job posted and its worker: true kills the worker right there. */
let killWhen = null
workerThreads.Worker = class RecordedWorker extends workerThreads.Worker {
  constructor (...args) {
    super(...args)
    this.busy = false
    this.alive = true
    this.ready = false
    this.job = null
    this.inputs = new WeakSet()
    this.on('message', (message) => { if (message && message.ready) this.ready = true })
    workers.add(this)
    this.once('exit', () => { this.alive = false; workers.delete(this) })
  }

  postMessage (message, ...rest) {
    this.job = message
    if (message && message.buffer) this.inputs.add(message.buffer)
    super.postMessage(message, ...rest)
    if (killWhen && killWhen(message, this)) {
      killWhen = null
      this.terminate()
    }
  }

  ref () { this.busy = true; return super.ref() }
  unref () { this.busy = false; return super.unref() }
}

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const cp = require('node:child_process')
const { setTimeout: sleep } = require('node:timers/promises')
const { backends, each, randomBytes, INDEX } = require('./helpers/backends')
const { heldFifo, holdDirectory, pausedSource, sparseFile, settled, SETTLE_MS } = require('./helpers/held')

const MiB = 1024 * 1024
const GiB = 1024 * MiB
const wasm = backends.wasm
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex')
const fdCount = () => fs.readdirSync('/proc/self/fd').length
/** How soon an aborted call must reject: generous, as only correctness is asserted elsewhere. */
const PROMPT_MS = 2000

let dir
let files
let bigFile
let big
/** A fresh path for a FIFO or a tree, under `dir`. */
let freshCount = 0
const fresh = (label) => path.join(dir, 'held', `${label}-${++freshCount}`)
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-faults-'))
  fs.mkdirSync(path.join(dir, 'held'))
  big = randomBytes(48 * MiB, 99)
  bigFile = path.join(dir, 'big.bin')
  fs.writeFileSync(bigFile, big)
  files = Array.from({ length: 40 }, (_, i) => {
    const file = path.join(dir, `f${i}.bin`)
    fs.writeFileSync(file, big.subarray(i * MiB, (i + 2) * MiB))
    return file
  })
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

const busyWorkers = () => [...workers].filter((w) => w.alive && w.busy).length

/** Measures 200 ms windows until one shows this process (nearly) idle; returns its CPU share. */
async function quietCpuShare () {
  const until = Date.now() + SETTLE_MS
  let share
  do {
    const before = process.cpuUsage()
    const started = performance.now()
    await sleep(200)
    const used = process.cpuUsage(before)
    share = (used.user + used.system) / 1000 / (performance.now() - started)
  } while (share >= 0.3 && Date.now() < until)
  return share
}

describe('wasm: a worker killed mid-task fails only its own call; the pool replaces it', () => {
  const TRIALS = 4
  const threads = wasm.backend.threads
  /** The first chunk of the stream victim, in shared memory. */
  let shared
  before(() => {
    shared = new Uint8Array(new SharedArrayBuffer(8 * MiB))
    shared.set(big.subarray(0, 8 * MiB))
  })

  /** One call per worker, so the pool is at full size and every worker has started (is ready). */
  const fillPool = () => Promise.all(Array.from({ length: threads }, (_, i) => wasm.hash(big.subarray(i, 2 * MiB + i), 'sha1')))

  /**
   * Each op: `other()` is a call of the same kind that must survive, with its digest
   * `want()`; `victim()` starts a call and kills its worker once it is provably mid-task,
   * resolving with { call, worker } (other calls are started in between by `others`).
   */
  const ops = {
    'hash (sha256, 24 MiB), killed as it is handed the first piece': {
      other: () => wasm.hash(big.subarray(0, 24 * MiB), 'sha256'),
      want: () => sha256(big.subarray(0, 24 * MiB)),
      async victim (others) {
        // 24 MiB outside shared memory is hashed as a session pinned to one worker (its
        // 'open' job is posted at once): that worker is killed as it is handed the first
        // piece, so whatever it has done by then, the rest of the call can only fail.
        let session
        let killed
        const worker = new Promise((resolve) => { killed = resolve })
        killWhen = (message, w) => {
          if (message.type === 'open' && session === undefined) session = message.session
          if (message.type !== 'update' || message.session !== session) return false
          killed(w)
          return true
        }
        const call = wasm.hash(big.subarray(0, 24 * MiB), 'sha256')
        assert.notEqual(session, undefined, 'the call opened its session at once')
        others()
        return { call, worker: await worker }
      }
    },
    'hashStream (sha512, 8 MiB then 12 MiB), killed while the stream waits for its source': {
      other: () => wasm.hashStream([big.subarray(0, 8 * MiB), big.subarray(8 * MiB, 20 * MiB), 'end'], 'sha512'),
      want: () => crypto.createHash('sha512').update(big.subarray(0, 20 * MiB)).update('end').digest('hex'),
      async victim (others) {
        // The first chunk lives in shared memory, which the pool hashes in place: the worker
        // whose jobs hashed it holds the session.
        const source = pausedSource([shared], [big.subarray(8 * MiB, 20 * MiB), 'end'])
        const call = wasm.hashStream(source.source, 'sha512')
        others()
        await source.paused
        const worker = [...workers].find((w) => w.alive && w.inputs.has(shared.buffer))
        assert.ok(worker, 'the worker holding the session was found')
        worker.terminate()
        source.resume()
        return { call, worker }
      }
    },
    'hashFile (md5), killed while it reads a FIFO': {
      other: () => wasm.hashFile(bigFile, { algorithm: 'md5', mmap: false }),
      want: () => crypto.createHash('md5').update(big).digest('hex'),
      async victim (others) {
        const fifo = heldFifo(fresh('kill'))
        const call = wasm.hashFile(fifo.path, { algorithm: 'md5', mmap: false })
        others()
        try {
          // The write waits until the worker has opened the FIFO; the worker then reads those
          // bytes and waits for more until end(): killed, it dies as it wakes.
          await fifo.write(big.subarray(0, 64 * 1024))
          const worker = [...workers].find((w) => w.alive && w.busy && w.job.type === 'files' && Buffer.from(w.job.paths).equals(Buffer.from(fifo.path)))
          assert.ok(worker, 'the worker reading the FIFO was found')
          worker.terminate()
          return { call, worker }
        } finally {
          fifo.end()
        }
      }
    }
  }

  let killed = 0
  for (const [label, op] of Object.entries(ops)) {
    it(`${label}: ${TRIALS} trials`, { timeout: 60000 }, async (t) => {
      const want = op.want()
      for (let trial = 0; trial < TRIALS; trial++) {
        await fillPool()
        const survivors = []
        const { call, worker } = await op.victim(() => {
          for (let i = 1; i < threads; i++) survivors.push(op.other())
        })
        assert.ok(worker.ready, `trial ${trial}: only a started worker is killed`)
        killed++
        const error = await call.then(() => assert.fail(`trial ${trial}: the killed call resolved`), (e) => e)
        assert.equal(error.code, 'ERR_HASHMILL_WORKER_FAILED', `trial ${trial}: ${error.message}`)
        assert.match(error.message, /worker/)
        for (const digest of await Promise.all(survivors)) assert.equal(digest, want, `trial ${trial}: a call on another worker is correct`)
        assert.equal(await op.other(), want, `trial ${trial}: the next call succeeds`)
      }
      assert.ok([...workers].filter((w) => w.alive).length <= threads, 'replacements, not extra workers')
      t.diagnostic(`${TRIALS} calls failed with ERR_HASHMILL_WORKER_FAILED; ${killed} workers killed so far`)
    })
  }

  it('after the kills: the pool is back to full size and every worker is idle', { timeout: 30000 }, async () => {
    await Promise.all(Array.from({ length: 4 }, (_, i) => wasm.hash(big.subarray(i, 2 * MiB + i), 'sha1')))
    assert.equal([...workers].filter((w) => w.alive).length, threads)
    assert.equal(await settled(busyWorkers, 0), 0)
  })
})

describe('AbortSignal mid-call leaves no worker busy and no file descriptor open', () => {
  const ROUNDS = 3
  for (const [kind, api] of each()) {
    /**
     * Each call, and when its signal fires: at once (the call has handed its work out and
     * cannot have settled, which takes a turn of the event loop), or once its work is
     * provably under way and held there until `release`.
     */
    const calls = {
      'hash (sha256, 48 MiB), at once': (signal) => ({ pending: api.hash(big, { algorithm: 'sha256', signal }) }),
      'hash (blake3, 40 MiB), at once': (signal) => ({ pending: api.hash(big.subarray(0, 40 * MiB), { signal }) }),
      'hashFile (sha512, mmap: false), at once': (signal) => ({ pending: api.hashFile(files[7], { algorithm: 'sha512', signal, mmap: false }) }),
      'hashFile (sha1), while it reads a FIFO': (signal) => {
        const fifo = heldFifo(fresh(kind))
        return { pending: api.hashFile(fifo.path, { algorithm: 'sha1', signal }), underWay: fifo.write(big.subarray(0, 64 * 1024)), release: fifo.end }
      },
      'hashFiles (md5, 40 files), at once': (signal) => ({ pending: api.hashFiles(files, { algorithm: 'md5', signal }) }),
      'hashFiles (md5, 40 files and a FIFO), while it reads the FIFO': (signal) => {
        const fifo = heldFifo(fresh(kind))
        return { pending: api.hashFiles([...files, fifo.path], { algorithm: 'md5', signal }), underWay: fifo.opened, release: fifo.end }
      },
      'hashDirectory (sha256), at once': (signal) => ({ pending: api.hashDirectory(dir, { algorithm: 'sha256', signal }) }),
      'hashDirectory (sha256), while its walk reads a FIFO .gitignore': (signal) => {
        const tree = fresh(kind)
        fs.mkdirSync(tree)
        fs.copyFileSync(files[0], path.join(tree, 'a.bin'))
        const gate = heldFifo(path.join(tree, '.gitignore'))
        return { pending: api.hashDirectory(tree, { algorithm: 'sha256', gitignore: true, signal }), underWay: gate.opened, release: gate.end }
      },
      'hashDirectory (sha256), while it hashes a file': (signal) => {
        const tree = fresh(kind)
        fs.mkdirSync(tree)
        for (const [i, name] of ['a.bin', 'b.bin', 'z-last.bin'].entries()) fs.copyFileSync(files[i], path.join(tree, name))
        const held = holdDirectory(tree, 'z-last.bin')
        return { pending: api.hashDirectory(tree, { algorithm: 'sha256', gitignore: true, signal }), underWay: held.swapped.then((fifo) => fifo.opened), release: held.end }
      },
      'hashStream (sha384), while its source waits': (signal) => {
        const source = pausedSource([big.subarray(0, 2 * MiB), big.subarray(2 * MiB, 4 * MiB)], [big.subarray(4 * MiB, 6 * MiB)])
        signal.addEventListener('abort', source.resume, { once: true })
        return { pending: api.hashStream(source.source, { algorithm: 'sha384', signal }), underWay: source.paused }
      }
    }

    it(`${kind}: ${ROUNDS} rounds of ${Object.keys(calls).length} aborts across hash, hashFile, hashFiles, hashDirectory, hashStream`, { timeout: 90000 }, async (t) => {
      await api.hashFiles(files.slice(0, 2)) // warm up: pools started, modules loaded
      const baselineFds = fdCount()
      let aborted = 0
      let slowest = 0
      for (let round = 0; round < ROUNDS; round++) {
        for (const [label, call] of Object.entries(calls)) {
          const where = `round ${round}, ${label}`
          const controller = new AbortController()
          const reason = new Error(where)
          const { pending, underWay, release = () => {} } = call(controller.signal)
          const outcome = pending.then(() => null, (error) => error)
          try {
            if (underWay) await underWay
            const abortedAt = performance.now()
            controller.abort(reason)
            // Released only after this: the rejection cannot have waited for the work.
            const error = await outcome
            const latency = performance.now() - abortedAt
            slowest = Math.max(slowest, latency)
            assert.ok(error, `${where}: resolved after abort()`)
            assert.equal(error.code, 'ABORT_ERR', `${where}: ${error.message}`)
            assert.equal(error.cause, reason, `${where}: the reason is the cause`)
            assert.ok(latency < PROMPT_MS, `${where}: rejected ${Math.round(latency)} ms after abort()`)
            aborted++
          } finally {
            release()
          }
        }
      }
      assert.equal(aborted, ROUNDS * Object.keys(calls).length)
      if (kind === 'wasm') assert.equal(await settled(busyWorkers, 0), 0, 'a wasm worker is still busy after every call settled')
      const share = await quietCpuShare()
      assert.ok(share < 0.3, `${Math.round(share * 100)}% CPU for ${SETTLE_MS} ms after the aborts: cancelled work is still running`)
      const fds = await settled(fdCount, baselineFds)
      assert.ok(fds <= baselineFds, `${fds} fds open, ${baselineFds} before`)
      const started = performance.now()
      assert.equal(await api.hash(big.subarray(0, 8 * MiB), 'sha256'), sha256(big.subarray(0, 8 * MiB)))
      const [r] = await api.hashFiles([files[0]], 'sha256')
      assert.equal(r.digest, sha256(big.subarray(0, 2 * MiB)))
      t.diagnostic(`${aborted} aborts, slowest rejection ${Math.round(slowest)} ms; idle CPU ${Math.round(share * 100)}%; next calls ${Math.round(performance.now() - started)} ms`)
    })
  }
})

describe('hashFileSync on a file truncated or deleted by another process mid-hash', () => {
  // The child's main thread is inside hashFileSync while a thread of its own watches /proc
  // until the hash is under way (the file mapped, or its read offset past 0: both come after
  // the size is taken), then truncates or unlinks the file. A crash (SIGBUS on a mapped
  // page) would kill the child. The truncated file is sparse and 1 TiB long, which no machine
  // hashes in the moment the watcher takes to act: the only right outcome is ECHANGED.
  const TRUNCATED_SIZE = 1024 * GiB
  const TRUNCATED_TO = 8 * MiB
  const UNLINKED_SIZE = 256 * MiB
  const watcher = `
    const fs = require('node:fs')
    const { workerData: { file, action, state } } = require('node:worker_threads')
    const underWay = () => {
      if (fs.readFileSync('/proc/self/maps', 'utf8').includes(file)) return true
      return fs.readdirSync('/proc/self/fd').some((fd) => {
        try {
          return fs.readlinkSync('/proc/self/fd/' + fd) === file && /^pos:\\s*[1-9]/m.test(fs.readFileSync('/proc/self/fdinfo/' + fd, 'utf8'))
        } catch { return false }
      })
    }
    Atomics.store(state, 0, 1)
    Atomics.notify(state, 0)
    const until = Date.now() + 30000
    while (!underWay()) {
      if (Date.now() > until) process.exit(1)
      Atomics.wait(state, 2, 0, 1)
    }
    if (action === 'truncate') fs.truncateSync(file, ${TRUNCATED_TO})
    else fs.unlinkSync(file)
    Atomics.store(state, 1, 1)`
  function child (kind, action, mmap, file) {
    const script = `
      const { Worker } = require('node:worker_threads')
      const api = require(${JSON.stringify(INDEX)})
      const state = new Int32Array(new SharedArrayBuffer(12))
      new Worker(${JSON.stringify(watcher)}, { eval: true, workerData: { file: ${JSON.stringify(file)}, action: ${JSON.stringify(action)}, state } })
      Atomics.wait(state, 0, 0) // until the watcher watches
      let out
      try { out = { digest: api.hashFileSync(${JSON.stringify(file)}, { algorithm: 'sha256', mmap: ${mmap} }) } }
      catch (e) { out = { code: e.code, message: e.message } }
      out.acted = Atomics.load(state, 1) === 1
      process.stdout.write(JSON.stringify(out))
      process.exit(0)`
    return cp.spawnSync(process.execPath, ['-e', script], { env: { ...process.env, HASHMILL_BACKEND: kind }, encoding: 'utf8', timeout: 60000 })
  }
  let unlinkedDigest
  before(() => {
    const zeros = crypto.createHash('sha256')
    const block = Buffer.alloc(MiB)
    for (let at = 0; at < UNLINKED_SIZE; at += MiB) zeros.update(block)
    unlinkedDigest = zeros.digest('hex')
  })
  for (const [kind] of each()) {
    for (const mmap of kind === 'native' ? [true, false] : [false]) {
      for (const action of ['truncate', 'unlink']) {
        it(`${kind}, mmap ${mmap}: ${action} mid-hash → ${action === 'truncate' ? 'ECHANGED' : 'the digest of the content (the open file keeps it)'}`, { timeout: 90000 }, async (t) => {
          const file = sparseFile(path.join(dir, `changing-${kind}-${mmap}-${action}.bin`), action === 'truncate' ? TRUNCATED_SIZE : UNLINKED_SIZE)
          try {
            const result = child(kind, action, mmap, file)
            assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr.slice(0, 300)}`)
            assert.equal(result.status, 0, result.stderr.slice(0, 300))
            const out = JSON.parse(result.stdout)
            assert.ok(out.acted, `the watcher did not see the hash under way before it ended: ${result.stdout.slice(0, 300)}`)
            const what = out.code || (out.digest === unlinkedDigest ? 'the content' : `WRONG ${out.digest}`)
            t.diagnostic(`${kind} mmap ${mmap} ${action}: ${what}`)
            if (action === 'unlink') assert.equal(what, 'the content')
            else {
              assert.equal(what, 'ECHANGED')
              assert.match(out.message, /changed size/)
            }
          } finally {
            fs.rmSync(file, { force: true })
          }
        })
      }
    }
  }
})
