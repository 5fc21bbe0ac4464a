'use strict'
/**
 * Faults (issue #6), through the public API: wasm workers killed at random moments while
 * they hash (only their own call fails, with ERR_HASHMILL_WORKER_FAILED; the pool replaces
 * them; later calls succeed); AbortSignal fired after random delays during hash, hashFile,
 * hashFiles, hashDirectory and hashStream on both backends, after which no worker is busy
 * (no CPU is burnt, no wasm worker holds a ref), no file descriptor is left open and the
 * next call is correct; and a file truncated or deleted under hashFileSync (native mmap and
 * read paths, wasm), which gives ECHANGED or a digest of a real version, never a wrong
 * digest or a crash. files.test.js covers async hashFile truncation; pool.test.js kills
 * workers of a private WorkerPool.
 *
 * To reach the workers, node:worker_threads' Worker is wrapped before hashmill loads: the
 * wrapper only records each worker and whether the pool holds a ref on it (busy).
 */
const workerThreads = require('node:worker_threads')

/**
 * Every worker hashmill starts, with `busy` = ref'd by the pool (it refs while a job runs)
 * and `ready` = it has said so (a worker that dies before that counts as a failed start,
 * and three in a row stop the pool for good: only ready workers are killed here).
 */
const workers = new Set()
workerThreads.Worker = class RecordedWorker extends workerThreads.Worker {
  constructor (...args) {
    super(...args)
    this.busy = false
    this.alive = true
    this.ready = false
    this.on('message', (message) => { if (message && message.ready) this.ready = true })
    workers.add(this)
    this.once('exit', () => { this.alive = false; workers.delete(this) })
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

const MiB = 1024 * 1024
const wasm = backends.wasm
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex')
const fdCount = () => fs.readdirSync('/proc/self/fd').length

/** A deterministic PRNG for delays, so a failing trial can be replayed. */
function delays (seed) {
  let x = seed
  return (max) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % max }
}

let dir
let files
let bigFile
let big
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-faults-'))
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

/** Waits until nothing hashmill started is still working, then returns the CPU share of an idle window. */
async function idleCpuShare (windowMs = 300) {
  await sleep(50)
  const before = process.cpuUsage()
  const started = performance.now()
  await sleep(windowMs)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / (performance.now() - started)
}

/** Polls until no live worker is busy (or `ms` passes); returns the busy count. */
async function busyWorkers (ms = 3000) {
  const until = Date.now() + ms
  let busy
  while ((busy = [...workers].filter((w) => w.alive && w.busy).length) > 0 && Date.now() < until) await sleep(10)
  return busy
}

describe('wasm: a worker killed mid-task fails only its own call; the pool replaces it', () => {
  const ops = {
    'hash (sha256, 24 MiB)': () => wasm.hash(big.subarray(0, 24 * MiB), 'sha256'),
    'hashStream (sha512, 3 chunks)': () => wasm.hashStream([big.subarray(0, 8 * MiB), big.subarray(8 * MiB, 20 * MiB), 'end'], 'sha512'),
    'hashFile (md5, 48 MiB)': () => wasm.hashFile(bigFile, { algorithm: 'md5', mmap: false })
  }
  const expected = {
    'hash (sha256, 24 MiB)': () => sha256(big.subarray(0, 24 * MiB)),
    'hashStream (sha512, 3 chunks)': () => crypto.createHash('sha512').update(big.subarray(0, 20 * MiB)).update('end').digest('hex'),
    'hashFile (md5, 48 MiB)': () => crypto.createHash('md5').update(big).digest('hex')
  }
  let killed = 0
  for (const [label, op] of Object.entries(ops)) {
    it(`${label}: 8 trials, killed after a random delay while busy`, { timeout: 60000 }, async (t) => {
      const want = expected[label]()
      const next = delays(label.length)
      let failures = 0
      for (let trial = 0; trial < 8; trial++) {
        // one call per worker, so a kill hits exactly one of them
        const calls = Array.from({ length: wasm.backend.threads }, () => op().then((d) => ({ d }), (e) => ({ e })))
        await sleep(1 + next(15))
        const victim = [...workers].find((w) => w.alive && w.busy && w.ready)
        if (victim) { victim.terminate(); killed++ }
        const outcomes = await Promise.all(calls)
        for (const o of outcomes) {
          if (o.e) {
            assert.equal(o.e.code, 'ERR_HASHMILL_WORKER_FAILED', `trial ${trial}: ${o.e.message}`)
            assert.match(o.e.message, /worker/)
            failures++
          } else {
            assert.equal(o.d, want, `trial ${trial}: a call that survived is correct`)
          }
        }
        assert.ok(outcomes.filter((o) => o.e).length <= 1, `trial ${trial}: one kill failed ${outcomes.filter((o) => o.e).length} calls`)
        assert.equal(await op(), want, `trial ${trial}: the next call succeeds`)
      }
      assert.ok(failures >= 4, `only ${failures} of 8 kills landed mid-task`)
      assert.ok([...workers].filter((w) => w.alive).length <= wasm.backend.threads, 'replacements, not extra workers')
      t.diagnostic(`${failures} calls failed with ERR_HASHMILL_WORKER_FAILED; ${killed} workers killed so far`)
    })
  }

  it('after the kills: the pool is back to full size and every worker is idle', { timeout: 30000 }, async () => {
    await Promise.all(Array.from({ length: 4 }, (_, i) => wasm.hash(big.subarray(i, 2 * MiB + i), 'sha1')))
    assert.equal([...workers].filter((w) => w.alive).length, wasm.backend.threads)
    assert.equal(await busyWorkers(), 0)
  })
})

describe('AbortSignal at random moments leaves no worker busy and no file descriptor open', () => {
  for (const [kind, api] of each()) {
    it(`${kind}: 60 aborts across hash, hashFile, hashFiles, hashDirectory, hashStream`, { timeout: 90000 }, async (t) => {
      await api.hashFiles(files.slice(0, 2)) // warm up: pools started, modules loaded
      const baselineFds = fdCount()
      const calls = [
        (signal) => api.hash(big, { algorithm: 'sha256', signal }),
        (signal) => api.hash(big.subarray(0, 40 * MiB), { signal }),
        (signal) => api.hashFile(files[7], { algorithm: 'sha512', signal, mmap: false }),
        (signal) => api.hashFile(files[8], { algorithm: 'sha1', signal }),
        (signal) => api.hashFiles(files, { algorithm: 'md5', signal }),
        (signal) => api.hashDirectory(dir, { algorithm: 'sha256', signal }),
        (signal) => api.hashStream((async function * () { for (let i = 0; i < 24; i++) yield big.subarray(i * 2 * MiB, (i + 1) * 2 * MiB) })(), { algorithm: 'sha384', signal })
      ]
      const next = delays(kind.length * 7)
      const outcomes = { aborted: 0, finished: 0 }
      for (let trial = 0; trial < 60; trial++) {
        const controller = new AbortController()
        const call = calls[trial % calls.length]
        const pending = call(controller.signal)
        await sleep(next(60))
        const abortedAt = performance.now()
        controller.abort()
        try {
          await pending
          outcomes.finished++
        } catch (error) {
          assert.equal(error.code, 'ABORT_ERR', `trial ${trial}: ${error.message}`)
          assert.ok(performance.now() - abortedAt < 300, `trial ${trial}: rejected ${Math.round(performance.now() - abortedAt)} ms after abort()`)
          outcomes.aborted++
        }
      }
      assert.ok(outcomes.aborted >= 30, `only ${outcomes.aborted} of 60 aborts landed mid-call`)
      if (kind === 'wasm') assert.equal(await busyWorkers(), 0, 'a wasm worker is still busy after every call settled')
      const share = await idleCpuShare()
      assert.ok(share < 0.3, `${Math.round(share * 100)}% CPU in an idle window: cancelled work is still running`)
      let fds = fdCount()
      for (let i = 0; i < 50 && fds > baselineFds; i++) { await sleep(20); fds = fdCount() }
      assert.ok(fds <= baselineFds, `${fds} fds open, ${baselineFds} before`)
      const started = performance.now()
      assert.equal(await api.hash(big.subarray(0, 8 * MiB), 'sha256'), sha256(big.subarray(0, 8 * MiB)))
      const [r] = await api.hashFiles([files[0]], 'sha256')
      assert.equal(r.digest, sha256(big.subarray(0, 2 * MiB)))
      t.diagnostic(`${JSON.stringify(outcomes)}; idle CPU ${Math.round(share * 100)}%; next calls ${Math.round(performance.now() - started)} ms`)
    })
  }
})

describe('hashFileSync on a file truncated or deleted by another process mid-hash', () => {
  // The child truncates (or unlinks) the file from a thread of its own while its main
  // thread is inside hashFileSync: a crash (SIGBUS on a mapped page) would kill the child.
  const SIZE = 192 * MiB
  function child (kind, action, mmap, file) {
    const script = `
      const { Worker } = require('node:worker_threads')
      const api = require(${JSON.stringify(INDEX)})
      const flag = new Int32Array(new SharedArrayBuffer(4))
      new Worker(\`
        const { workerData } = require('node:worker_threads')
        Atomics.wait(workerData, 0, 0)
        setTimeout(() => require('node:fs').${action === 'truncate' ? 'truncateSync' : 'unlinkSync'}(${JSON.stringify(file)}${action === 'truncate' ? `, ${SIZE / 2}` : ''}), 30)\`,
        { eval: true, workerData: flag })
      Atomics.store(flag, 0, 1); Atomics.notify(flag, 0)
      let out
      try { out = { digest: api.hashFileSync(${JSON.stringify(file)}, { algorithm: 'sha256', mmap: ${mmap} }) } }
      catch (e) { out = { code: e.code, message: e.message } }
      process.stdout.write(JSON.stringify(out))
      process.exit(0)`
    return cp.spawnSync(process.execPath, ['-e', script], { env: { ...process.env, HASHMILL_BACKEND: kind }, encoding: 'utf8', timeout: 60000 })
  }
  let content
  let digests
  before(() => {
    content = Buffer.alloc(SIZE)
    for (let at = 0; at < SIZE; at += MiB) big.copy(content, at, at % (40 * MiB), at % (40 * MiB) + MiB)
    digests = { old: sha256(content), half: sha256(content.subarray(0, SIZE / 2)) }
  })
  for (const [kind] of each()) {
    for (const mmap of kind === 'native' ? [true, false] : [false]) {
      for (const action of ['truncate', 'unlink']) {
        it(`${kind}, mmap ${mmap}: ${action} mid-hash → ${action === 'truncate' ? 'ECHANGED (or a real version)' : 'the digest of the content (the open file keeps it)'}`, { timeout: 90000 }, async (t) => {
          const file = path.join(dir, `changing-${kind}-${mmap}-${action}.bin`)
          fs.writeFileSync(file, content)
          const result = child(kind, action, mmap, file)
          assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr.slice(0, 300)}`)
          assert.equal(result.status, 0, result.stderr.slice(0, 300))
          const out = JSON.parse(result.stdout)
          const what = out.code || (out.digest === digests.old ? 'old' : out.digest === digests.half ? 'half' : `WRONG ${out.digest}`)
          t.diagnostic(`${kind} mmap ${mmap} ${action}: ${what}`)
          if (action === 'unlink') assert.equal(what, 'old')
          else assert.ok(['ECHANGED', 'old', 'half'].includes(what), what)
          if (out.code) assert.match(out.message, /changed size/)
          fs.rmSync(file, { force: true })
        })
      }
    }
  }
})
