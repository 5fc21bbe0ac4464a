'use strict'
/**
 * The wasm worker pool and async behaviour: exiting without an explicit close, many
 * concurrent calls, AbortSignal (running and queued), async context, a worker dying
 * mid-task, streaming with odd chunk sizes, and main-thread responsiveness.
 *
 * Whatever must still be running when the test acts is held there: workers blocked
 * reading a FIFO the test ends afterwards (helpers/held.js), or calls aborted in the very
 * step that starts them, before they could settle.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { AsyncLocalStorage } = require('node:async_hooks')
const { Readable } = require('node:stream')
const { setTimeout: sleep } = require('node:timers/promises')
const { backends, each, randomBytes } = require('./helpers/backends')
const { heldFifo, settled } = require('./helpers/held')
const { WorkerPool } = require('../lib/wasm/pool')
const { wasmModule } = require('../lib/wasm/module')
const { nodeHost } = require('../lib/wasm/node-host')
const { INTERNALS } = require('../lib/internals')

const ROOT = path.join(__dirname, '..')
const MiB = 1024 * 1024
const wasm = backends.wasm
const native = backends.native
/** How soon an aborted call must reject: generous, as only correctness is asserted elsewhere. */
const PROMPT_MS = 2000

/** FIFOs live under one temp dir, removed at the end. */
let fifoDir
let fifoCount = 0
const freshFifo = () => heldFifo(path.join(fifoDir, `fifo-${++fifoCount}`))
before(() => { fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-pool-')) })
after(() => fs.rmSync(fifoDir, { recursive: true, force: true }))

/** A big input in a SharedArrayBuffer: the wasm backend uses it in place (no copy per call). */
function sharedInput (length, seed) {
  const bytes = new Uint8Array(new SharedArrayBuffer(length))
  const block = randomBytes(MiB, seed)
  for (let offset = 0; offset < length; offset += block.length) bytes.set(block.subarray(0, Math.min(block.length, length - offset)), offset)
  return bytes
}

/** Resolves with the rejection of `promise` (fails if it resolves). */
function rejection (promise) {
  return promise.then(() => assert.fail('expected a rejection'), (error) => error)
}

function assertAbortError (error) {
  assert.equal(error.name, 'AbortError')
  assert.equal(error.code, 'ABORT_ERR')
}

function cleanEnv (extra) {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (key.startsWith('HASHMILL_') || key.startsWith('NODE_TEST') || key === 'NODE_OPTIONS') delete env[key]
  }
  return { ...env, ...extra }
}

describe('wasm pool: the process exits by itself', () => {
  const cases = [
    ['one await hash(bigBuffer)', 'await h.hash(big)'],
    ['a hashStream (session) and a hash', 'await h.hashStream([big.subarray(0, 3 << 20), "tail"]); await h.hash(big)'],
    ['an aborted hash', 'const c = new AbortController(); const p = h.hash(big, { signal: c.signal }); c.abort(); const e = await p.then(() => null, (e) => e); if (!e || e.code !== "ABORT_ERR") throw new Error("not aborted: " + e)'],
    ['many concurrent hashes', 'await Promise.all(Array.from({ length: 20 }, (_, i) => h.hash(big.subarray(i * 100000))))']
  ]
  for (const [label, body] of cases) {
    it(`${label}: exits within a few seconds with no explicit close`, { timeout: 30000 }, () => {
      const script = `
        const h = require(${JSON.stringify(ROOT)})
        if (h.backend.kind !== 'wasm') throw new Error('not wasm: ' + h.backend.kind)
        const big = Buffer.alloc(24 << 20)
        for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff
        ;(async () => {
          ${body}
          const done = Date.now()
          process.on('exit', () => console.log(JSON.stringify({ afterWork: Date.now() - done, digest: h.hashSync(big) })))
        })()
      `
      const started = Date.now()
      const result = spawnSync(process.execPath, ['-e', script], {
        env: cleanEnv({ HASHMILL_BACKEND: 'wasm' }),
        encoding: 'utf8',
        timeout: 20000,
        killSignal: 'SIGKILL'
      })
      const elapsed = Date.now() - started
      assert.equal(result.signal, null, `the child did not exit by itself within 20 s (killed by ${result.signal})`)
      assert.equal(result.status, 0, result.stderr)
      const report = JSON.parse(result.stdout)
      assert.ok(report.afterWork < 2000, `the child lingered ${report.afterWork} ms after its work was done`)
      assert.ok(elapsed < 10000, `the child took ${elapsed} ms`)
      const big = Buffer.alloc(24 << 20)
      for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff
      assert.equal(report.digest, native.hashSync(big))
    })
  }
})

describe('concurrent hash() calls', () => {
  const algorithms = ['blake3', 'sha256', 'xxh3', 'crc32c', 'md5', 'xxh3-128', 'sha512']
  // 20-700 KiB: on both sides of every algorithm's inline threshold.
  const inputs = Array.from({ length: 200 }, (_, i) => randomBytes((20 + (i * 7919) % 681) * 1024, i + 1))
  const expected = inputs.map((input, i) => native.hashSync(input, algorithms[i % algorithms.length]))

  for (const [kind, api] of each()) {
    it(`${kind}: 200 calls of 20–700 KiB all resolve correctly, in any order`, { timeout: 30000 }, async () => {
      const settled = []
      const digests = await Promise.all(inputs.map((input, i) =>
        api.hash(input, algorithms[i % algorithms.length]).then((d) => { settled.push(i); return d })))
      assert.equal(settled.length, 200)
      assert.deepEqual([...settled].sort((a, b) => a - b), inputs.map((_, i) => i))
      for (let i = 0; i < inputs.length; i++) assert.equal(digests[i], expected[i], `call ${i} (${algorithms[i % algorithms.length]}, ${inputs[i].length} bytes)`)
    })
  }

  it('wasm: concurrent calls with mixed options (seed, key, outputLength, buffer encoding)', { timeout: 30000 }, async () => {
    const key = Buffer.alloc(32, 0x5a)
    const optionSets = [{ algorithm: 'xxh3', seed: 2n ** 63n + 5n }, { key }, { context: 'pool test' }, { outputLength: 77 },
      { algorithm: 'xxh32', seed: 123 }, { algorithm: 'sha256', encoding: 'base64' }, { outputLength: 8, encoding: 'bigint' }]
    const calls = inputs.slice(0, 70).map((input, i) => [input, optionSets[i % optionSets.length]])
    const digests = await Promise.all(calls.map(([input, options]) => wasm.hash(input, options)))
    calls.forEach(([input, options], i) => assert.equal(digests[i], native.hashSync(input, options)))
    const buffers = await Promise.all(inputs.slice(0, 20).map((input) => wasm.hash(input, { encoding: 'buffer' })))
    buffers.forEach((b, i) => {
      assert.ok(Buffer.isBuffer(b))
      assert.equal(b.toString('hex'), native.hashSync(inputs[i]))
    })
  })
})

describe('AbortSignal', () => {
  const big64 = sharedInput(64 * MiB, 11)
  const big64Digest = native.hashSync(big64)

  it('wasm: aborting a running 64 MiB hash() rejects promptly, and the next calls succeed', { timeout: 30000 }, async () => {
    await wasm.hash(randomBytes(100 * 1024, 3)) // the pool is up and booted
    const controller = new AbortController()
    const reason = new Error('user gave up')
    const started = performance.now()
    // The call hands its pieces to the idle workers at once; it cannot settle before the
    // event loop turns, so the abort in the same step finds it running.
    const running = wasm.hash(big64, { signal: controller.signal })
    const abortedAt = performance.now()
    controller.abort(reason)
    const error = await rejection(running)
    const latency = performance.now() - abortedAt
    assertAbortError(error)
    assert.equal(error.cause, reason)
    assert.ok(latency < PROMPT_MS, `rejected ${latency.toFixed(1)} ms after abort()`)
    // The next calls succeed, big and small, and are correct.
    const next = performance.now()
    assert.equal(await wasm.hash(big64), big64Digest)
    const small = randomBytes(50 * 1024, 4)
    assert.equal(await wasm.hash(small, 'sha256'), native.hashSync(small, 'sha256'))
    assert.ok(performance.now() - started < 20000, `took ${(performance.now() - next).toFixed(0)} ms after the abort`)
  })

  it('wasm: aborting a queued hash() rejects at once, the running ones finish', { timeout: 30000 }, async () => {
    // Every worker reads a FIFO of its own until the test ends it: the hash() is queued
    // behind them, and the running calls cannot finish before the abort.
    const threads = wasm.backend.threads
    const order = []
    const fifos = Array.from({ length: threads }, freshFifo)
    const fed = randomBytes(50 * 1024, 12)
    const running = fifos.map((fifo, i) =>
      wasm.hashFile(fifo.path, 'sha256').then((d) => { order.push(`run${i}`); return d }))
    try {
      await Promise.all(fifos.map((fifo) => fifo.write(fed)))
      const controller = new AbortController()
      const queued = wasm.hash(big64, { signal: controller.signal })
      queued.catch(() => order.push('queued-rejected'))
      const abortedAt = performance.now()
      controller.abort()
      const error = await rejection(queued)
      const latency = performance.now() - abortedAt
      assertAbortError(error)
      assert.ok(latency < PROMPT_MS, `rejected ${latency.toFixed(1)} ms after abort()`)
    } finally {
      for (const fifo of fifos) fifo.end()
    }
    const digests = await Promise.all(running)
    for (const d of digests) assert.equal(d, native.hashSync(fed, 'sha256'))
    assert.equal(order[0], 'queued-rejected', `the queued job should reject before the running ones finish: ${order}`)
    assert.equal(await wasm.hash(big64.subarray(0, MiB + 1)), native.hashSync(big64.subarray(0, MiB + 1)))
  })

  it('wasm: aborting a hashStream mid-way rejects, and streams work afterwards', { timeout: 30000 }, async () => {
    const controller = new AbortController()
    async function * chunks () {
      for (let i = 0; i < 64; i++) {
        if (i === 8) controller.abort()
        yield big64.subarray(i * MiB, (i + 1) * MiB)
      }
    }
    assertAbortError(await rejection(wasm.hashStream(chunks(), { signal: controller.signal })))
    const pieces = [big64.subarray(0, 5 * MiB), 'x', big64.subarray(5 * MiB, 9 * MiB)]
    const all = Buffer.concat([Buffer.from(big64.subarray(0, 5 * MiB)), Buffer.from('x'), Buffer.from(big64.subarray(5 * MiB, 9 * MiB))])
    assert.equal(await wasm.hashStream(pieces), native.hashSync(all))
  })

  it('native: aborting a 256 MiB hash() rejects promptly, and the next calls succeed', { timeout: 30000 }, async () => {
    const big = Buffer.alloc(256 * MiB, 0x61)
    const controller = new AbortController()
    // handed to the thread pool at once, and not settled before the event loop turns
    const running = native.hash(big, { signal: controller.signal })
    const abortedAt = performance.now()
    controller.abort()
    const error = await rejection(running)
    const latency = performance.now() - abortedAt
    assertAbortError(error)
    assert.ok(latency < PROMPT_MS, `rejected ${latency.toFixed(1)} ms after abort()`)
    const part = big.subarray(0, 20 * MiB)
    assert.equal(await native.hash(part), native.hashSync(part))
    assert.equal(await native.hash(part, 'sha256'), native.hashSync(part, 'sha256'))
  })

  it('native: aborting one of several 64 MiB hashes leaves the others correct', { timeout: 30000 }, async () => {
    const controllers = [new AbortController(), new AbortController(), new AbortController()]
    const calls = controllers.map((c) => native.hash(big64, { signal: c.signal }))
    controllers[1].abort()
    const results = await Promise.allSettled(calls)
    assert.equal(results[0].value, big64Digest)
    assert.equal(results[1].status, 'rejected')
    assertAbortError(results[1].reason)
    assert.equal(results[2].value, big64Digest)
  })
})

describe('no abort listener is left behind', () => {
  const { getEventListeners } = require('node:events')
  for (const [kind, api] of each()) {
    it(`${kind}: hash, hashStream, failures and aborts remove their listeners`, { timeout: 30000 }, async () => {
      const controller = new AbortController()
      const { signal } = controller
      const count = () => getEventListeners(signal, 'abort').length
      await api.hash(randomBytes(100 * 1024, 1), { signal })
      assert.equal(count(), 0, 'after hash()')
      await Promise.all(Array.from({ length: 5 }, (_, i) => api.hash(randomBytes(50 * 1024, i + 2), { signal })))
      assert.equal(count(), 0, 'after concurrent hash()')
      await api.hashStream([randomBytes(100 * 1024, 1), randomBytes(3 * MiB, 2), 'x'], { signal })
      assert.equal(count(), 0, 'after hashStream()')
      await api.hashStream(Readable.from([randomBytes(3 * MiB, 3), randomBytes(10, 4)]), { signal })
      assert.equal(count(), 0, 'after hashStream(Readable)')
      await rejection(api.hashStream((async function * () { yield randomBytes(3 * MiB, 5); throw new Error('x') })(), { signal }))
      assert.equal(count(), 0, 'after a failed hashStream()')
      const other = new AbortController()
      const p = api.hash(randomBytes(4 * MiB, 6), { signal: other.signal })
      other.abort()
      await rejection(p)
      assert.equal(getEventListeners(other.signal, 'abort').length, 0, 'after an aborted hash()')
    })
  }
})

describe('AsyncLocalStorage context survives await', () => {
  const als = new AsyncLocalStorage()
  const input = randomBytes(600 * 1024, 21)
  for (const [kind, api] of each()) {
    it(`${kind}: hash() above the inline threshold keeps the store across await and .then()`, { timeout: 30000 }, async () => {
      const expected = native.hashSync(input)
      await als.run({ id: 'await' }, async () => {
        assert.equal(await api.hash(input), expected)
        assert.deepEqual(als.getStore(), { id: 'await' })
      })
      await als.run({ id: 'then' }, () => api.hash(input).then((d) => {
        assert.equal(d, expected)
        assert.deepEqual(als.getStore(), { id: 'then' })
      }))
    })
    it(`${kind}: 40 concurrent calls each see their own store`, { timeout: 30000 }, async () => {
      const seen = await Promise.all(Array.from({ length: 40 }, (_, i) => als.run({ i }, async () => {
        await api.hash(input.subarray(i), i % 2 ? 'sha256' : 'blake3')
        await api.hash(input.subarray(0, 17 * 1024 + i))
        return als.getStore().i
      })))
      assert.deepEqual(seen, Array.from({ length: 40 }, (_, i) => i))
    })
    it(`${kind}: hashStream and a rejected call keep the store`, { timeout: 30000 }, async () => {
      await als.run({ id: 'stream' }, async () => {
        await api.hashStream([input, input, randomBytes(2 * MiB, 9)])
        assert.deepEqual(als.getStore(), { id: 'stream' })
        const controller = new AbortController()
        const p = api.hash(sharedInput(16 * MiB, 5), { signal: controller.signal })
        controller.abort()
        await p.catch(() => {})
        assert.deepEqual(als.getStore(), { id: 'stream' })
      })
    })
  }
})

/** A spec as the pool's workers take it (lib/wasm/hashers.js `wire`), hashed by the core. */
function wireSpec (algorithm) {
  const backend = wasm[INTERNALS].backend
  const info = backend.table.byName.get(algorithm)
  return { bytes: backend.encodeSpec(info, info.digestLength), openssl: null }
}

describe('wasm pool: a worker dying mid-task', () => {
  const pools = []
  after(async () => { await Promise.all(pools.map((p) => p.destroy())) })

  /** A job message as lib/wasm/index.js builds it. */
  function hashJob (bytes, algorithm = 'blake3') {
    let range
    if (bytes.buffer instanceof SharedArrayBuffer) range = { buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength }
    else {
      const sab = new SharedArrayBuffer(bytes.byteLength)
      new Uint8Array(sab).set(bytes)
      range = { buffer: sab, offset: 0, length: bytes.byteLength }
    }
    return { type: 'hash', spec: wireSpec(algorithm), ...range }
  }
  /** A job hashing the file at `file` (a held FIFO blocks its worker in a read until it ends). */
  const filesJob = (file) => ({ type: 'files', paths: Buffer.from(file), spec: wireSpec('sha256') })
  const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')

  /** A pool of two workers; a cancelled job's worker is terminated only after `cancelGraceMs`. */
  async function newPool (cancelGraceMs) {
    const pool = new WorkerPool({ size: 2, module: wasmModule(), host: nodeHost, cancelGraceMs })
    pools.push(pool)
    const small = Buffer.from('abc')
    const warm = await Promise.all([pool.run(hashJob(small)), pool.run(hashJob(small))])
    for (const d of warm) assert.equal(hex(d), native.hashSync('abc'))
    assert.equal(pool.slots.size, 2)
    for (const slot of pool.slots) assert.equal(slot.booted, true)
    return pool
  }

  const big = sharedInput(256 * MiB, 31)
  const bigDigest = native.hashSync(big)

  it('terminating the worker rejects only its task with ERR_HASHMILL_WORKER_FAILED; later calls succeed', { timeout: 40000 }, async () => {
    const pool = await newPool()
    // Job A reads a FIFO: its worker is blocked until end(), and dies as it wakes.
    const fifo = freshFifo()
    const jobA = filesJob(fifo.path)
    const jobB = hashJob(big, 'blake3')
    const a = pool.run(jobA)
    const b = pool.run(jobB)
    let slotA
    try {
      await fifo.opened
      slotA = [...pool.slots].find((slot) => slot.job && slot.job.message === jobA)
      assert.ok(slotA, 'job A should be running on a worker')
      slotA.worker.terminate()
    } finally {
      fifo.end()
    }
    const [ra, rb] = await Promise.allSettled([a, b])
    assert.equal(ra.status, 'rejected')
    assert.equal(ra.reason.code, 'ERR_HASHMILL_WORKER_FAILED')
    assert.match(ra.reason.message, /worker/)
    assert.equal(rb.status, 'fulfilled', rb.reason && rb.reason.message)
    assert.equal(hex(rb.value), bigDigest)
    assert.equal(pool.broken, null)
    assert.ok(!pool.slots.has(slotA))
    // Later calls succeed, and the pool grows back to its size.
    const inputs = Array.from({ length: 6 }, (_, i) => randomBytes(300 * 1024 + i, 40 + i))
    const digests = await Promise.all(inputs.map((input) => pool.run(hashJob(input, 'sha256'))))
    digests.forEach((d, i) => assert.equal(hex(d), native.hashSync(inputs[i], 'sha256')))
    assert.equal(pool.slots.size, 2)
    assert.equal(hex(await pool.run(hashJob(big))), bigDigest)
  })

  it('terminating the worker holding a session fails that session only; new sessions work', { timeout: 40000 }, async () => {
    const pool = await newPool()
    const spec = wireSpec('blake3')
    const handle = await pool.openSession({ type: 'open', spec })
    // The session's worker is blocked reading a FIFO until end(); an update of the session
    // waits behind that job, so the worker dies with the update still to do.
    const fifo = freshFifo()
    const blocker = pool.run(filesJob(fifo.path), { slot: handle.slot })
    const update = pool.run({ type: 'update', session: handle.session, buffer: big.buffer, offset: 0, length: big.byteLength }, { slot: handle.slot })
    const other = pool.run(hashJob(big.subarray(0, 64 * MiB)))
    try {
      await fifo.opened
      handle.slot.worker.terminate()
    } finally {
      fifo.end()
    }
    assert.equal((await rejection(blocker)).code, 'ERR_HASHMILL_WORKER_FAILED')
    const error = await rejection(update)
    assert.equal(error.code, 'ERR_HASHMILL_WORKER_FAILED')
    const later = await rejection(pool.run({ type: 'digest', session: handle.session }, { slot: handle.slot }))
    assert.equal(later.code, 'ERR_HASHMILL_WORKER_FAILED')
    assert.equal(hex(await other), native.hashSync(big.subarray(0, 64 * MiB)))
    await pool.closeSession(handle)
    const fresh = await pool.openSession({ type: 'open', spec })
    await pool.run({ type: 'update', session: fresh.session, buffer: big.buffer, offset: 0, length: 3 * MiB }, { slot: fresh.slot })
    const digest = await pool.run({ type: 'digest', session: fresh.session }, { slot: fresh.slot })
    assert.equal(hex(digest), native.hashSync(big.subarray(0, 3 * MiB)))
    await pool.closeSession(fresh)
  })

  it('aborting a running job stops the worker cooperatively: same worker, free again at once', { timeout: 30000 }, async () => {
    // No termination for a minute: a worker free again before that stopped by itself.
    const pool = await newPool(60000)
    const controller = new AbortController()
    // The job reads a FIFO that stays open until the end of the test: it cannot finish, so
    // a worker free again has stopped mid-file, on the cancel.
    const fifo = freshFifo()
    const job = filesJob(fifo.path)
    const running = pool.run(job, { signal: controller.signal })
    try {
      await fifo.opened
      const slot = [...pool.slots].find((s) => s.job && s.job.message === job)
      assert.ok(slot, 'the job should be running')
      controller.abort()
      assertAbortError(await rejection(running))
      const before = [...pool.slots]
      // A worker blocked in a read gets a byte, then sees the cancel before its next read; one
      // that saw it first has stopped and closed the FIFO (EPIPE).
      await fifo.write(Buffer.from('x')).catch((error) => assert.equal(error.code, 'EPIPE'))
      assert.equal(hex(await pool.run(hashJob(Buffer.from('abc')), { slot })), native.hashSync('abc'))
      assert.equal(slot.dead, null, 'the worker stopped by itself, not after the grace period')
      assert.deepEqual([...pool.slots], before)
    } finally {
      fifo.end()
    }
  })

  it('the public wasm API keeps working after a pool of its own was wrecked', { timeout: 30000 }, async () => {
    const input = randomBytes(3 * MiB, 77)
    assert.equal(await wasm.hash(input), native.hashSync(input))
  })
})

describe('wasm hashStream with odd chunk sizes', () => {
  function pieces () {
    const out = []
    let seed = 100
    for (let i = 0; i < 2500; i++) out.push(randomBytes(1 + (i * 37) % 211, seed++))
    out.splice(300, 0, randomBytes(MiB + 17, seed++))
    out.splice(900, 0, randomBytes(3 * MiB, seed++))
    out.splice(901, 0, randomBytes(MiB, seed++))
    out.splice(1700, 0, 'a string chunk with ünïcödé', new Uint16Array([1, 2, 3]), new DataView(randomBytes(64, seed++).buffer, 8, 40))
    out.push(randomBytes(MiB - 1, seed++), randomBytes(2 * MiB + 3, seed++), 'end')
    return out
  }
  const bytesOf = (chunk) => typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)

  const chunks = pieces()
  const whole = Buffer.concat(chunks.map(bytesOf))
  const copies = chunks.map((c) => Buffer.from(bytesOf(c)))

  for (const options of [undefined, 'sha256', { algorithm: 'xxh3-128', seed: 99n }, { outputLength: 131 }, { context: 'odd chunks' }, 'crc32']) {
    it(`${JSON.stringify(options, (k, v) => typeof v === 'bigint' ? `${v}n` : v) || 'blake3'}: many tiny + a few > 1 MiB pieces match hashSync`, { timeout: 30000 }, async () => {
      const expected = wasm.hashSync(whole, options)
      assert.equal(expected, native.hashSync(whole, options))
      assert.equal(await wasm.hashStream(chunks, options), expected)
      assert.equal(await wasm.hashStream(Readable.from(chunks.map(bytesOf)), options), expected)
      chunks.forEach((c, i) => assert.ok(bytesOf(c).equals(copies[i]), `chunk ${i} was modified`))
    })
  }

  it('a web ReadableStream and an async generator with awaits between chunks', { timeout: 30000 }, async () => {
    const expected = native.hashSync(whole)
    let i = 0
    const web = new ReadableStream({
      pull (controller) {
        if (i < chunks.length) controller.enqueue(bytesOf(chunks[i++]))
        else controller.close()
      }
    })
    assert.equal(await wasm.hashStream(web), expected)
    async function * slow () {
      for (const [n, c] of chunks.entries()) {
        if (n % 500 === 0) await sleep(1)
        yield c
      }
    }
    assert.equal(await wasm.hashStream(slow()), expected)
  })

  it('several streams at once on the pool', { timeout: 30000 }, async () => {
    const expected = native.hashSync(whole, 'sha256')
    const results = await Promise.all(Array.from({ length: 5 }, () => wasm.hashStream(chunks, 'sha256')))
    for (const r of results) assert.equal(r, expected)
  })
})

describe('main thread responsiveness', () => {
  it('native: the event loop keeps ticking during hash() of 512 MiB blake3 (max gap < 100 ms)', { timeout: 40000 }, async () => {
    let big = Buffer.alloc(512 * MiB, 0x37)
    await sleep(20)
    let last = performance.now()
    let maxGap = 0
    let ticks = 0
    const timer = setInterval(() => {
      const now = performance.now()
      maxGap = Math.max(maxGap, now - last)
      last = now
      ticks++
    }, 5)
    const started = performance.now()
    const digest = await native.hash(big)
    const took = performance.now() - started
    clearInterval(timer)
    maxGap = Math.max(maxGap, performance.now() - last)
    assert.equal(digest, native.hashSync(big.subarray(0, 512 * MiB)))
    big = null
    assert.ok(maxGap < 100, `the event loop stalled for ${maxGap.toFixed(1)} ms (hash took ${took.toFixed(0)} ms, ${ticks} ticks)`)
  })
})

describe('wasm pool: workers that cannot start', () => {
  /** A valid module with no exports: every worker fails while starting. */
  const unusable = new WebAssembly.Module(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))

  it('three failed starts fail calls at once with ERR_HASHMILL_WORKER_FAILED, then the pool tries again', { timeout: 30000 }, async () => {
    const pool = new WorkerPool({ size: 1, module: unusable, host: nodeHost, bootRetryMs: 300 })
    try {
      const job = { type: 'hash', spec: wireSpec('blake3'), buffer: new SharedArrayBuffer(3), offset: 0, length: 3 }
      const first = await rejection(pool.run(job))
      assert.equal(first.code, 'ERR_HASHMILL_WORKER_FAILED')
      while (!pool.broken) await rejection(pool.run(job))
      const fast = await rejection(pool.run(job))
      assert.match(fast.message, /3 workers failed to start/)
      assert.match(fast.message, /tried again/)
      assert.equal(pool.slots.size, 0, 'no worker is started while the pool waits')
      pool.module = wasmModule()
      while (Date.now() < pool.retryBootAt) await sleep(10) // the retry time, by the pool's own clock
      const digest = await pool.run(job)
      assert.equal(Buffer.from(digest).toString('hex'), native.hashSync(Buffer.alloc(3)))
    } finally {
      await pool.destroy()
    }
  })
})

describe('wasm pool: a host that dismisses idle workers (browsers)', () => {
  it('terminates a worker left without work or sessions for idleMs, and starts a new one for the next job', { timeout: 40000 }, async () => {
    const pool = new WorkerPool({ size: 2, module: wasmModule(), host: { ...nodeHost, idleMs: 20 } })
    try {
      const spec = wireSpec('xxh3')
      const job = () => ({ type: 'hash', spec, buffer: new SharedArrayBuffer(3), offset: 0, length: 3 })
      await pool.run(job())
      const session = await pool.openSession({ type: 'open', spec })
      // The session holds its worker: only the other one may go.
      assert.equal(await settled(() => pool.slots.size, 1), 1, 'an idle worker was not dismissed')
      assert.ok(pool.slots.has(session.slot))
      await pool.closeSession(session)
      assert.equal(await settled(() => pool.slots.size, 0), 0, 'the last worker was not dismissed once its session closed')
      assert.equal(Buffer.from(await pool.run(job())).toString('hex'), native.hashSync(new Uint8Array(3), 'xxh3'))
    } finally {
      await pool.destroy()
    }
  })
})
