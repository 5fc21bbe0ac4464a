'use strict'
/**
 * Whole walks (`walkDirectory`, and the totals a hash with progress starts from) of a tree
 * larger than one step of the wasm backend's walker, whose files the workers stat apart
 * from the walk (lib/wasm/walk.js). Both backends list what an independent walk lists, in
 * path byte order, with the same sizes. On the wasm backend, a file removed between the
 * step that listed it and its stat, a directory removed before the walker reaches it, and
 * an abort mid-walk give the failure first in walk order (or the AbortError), leave no
 * job behind, and the pool works on; a tree's walk left early is ended, with the step
 * asked for ahead of it. The tree is changed from inside the pool the walk uses, between
 * a step's reply and what follows it: nothing depends on timing.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { each, backends } = require('./helpers/backends')
const { WorkerPool } = require('../lib/wasm/pool')
const { wasmModule } = require('../lib/wasm/module')
const { nodeHost } = require('../lib/wasm/node-host')
const { walkWithSizes, WALK_STEP_FILES } = require('../lib/wasm/walk')
const { createWasmFiles } = require('../lib/wasm/files')
const { createMainThread } = require('../lib/wasm/main-thread')
const { INTERNALS } = require('../lib/internals')

/** Subdirectories of `a/` in a tree. */
const SUBDIRS = 3
/** Files in each: more files than two of the walker's steps. */
const PER_SUBDIR = Math.ceil(WALK_STEP_FILES * 2 / SUBDIRS) + 7
/** Small steps over a small tree (`makeTree(root, 20)`): a.b, a/s0 and 11 files of a/s1 are the first. */
const SMALL_STEP = 32
/** The walk's default settings, as lib/files/options.js gives them. */
const SETTINGS = { ignore: [], gitignore: false, hidden: true, followSymlinks: false }

let dir

/** Every regular file under `root` (hidden ones too) as `{ path, size }`, sorted by path bytes: fs alone. */
function listIndependently (root) {
  const found = []
  const visit = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) visit(child)
      else if (entry.isFile()) found.push({ path: child, size: fs.statSync(path.join(root, child)).size })
    }
  }
  visit('')
  return found.sort((x, y) => Buffer.compare(Buffer.from(x.path), Buffer.from(y.path)))
}

/** A tree of `perSubdir` files in each of a/s0, a/s1, a/s2, and a few more around them. */
function makeTree (root, perSubdir) {
  for (let d = 0; d < SUBDIRS; d++) {
    const sub = path.join(root, 'a', `s${d}`)
    fs.mkdirSync(sub, { recursive: true })
    for (let i = 0; i < perSubdir; i++) fs.writeFileSync(path.join(sub, `f${i}`), Buffer.alloc((d * 31 + i) % 97, i))
  }
  // Names that sort differently as names and as paths, non-ASCII names, a hidden file.
  fs.writeFileSync(path.join(root, 'a.b'), 'x')
  fs.mkdirSync(path.join(root, 'z', 'été'), { recursive: true })
  for (const name of ['日本', 'b', 'été/x', '.hidden']) fs.writeFileSync(path.join(root, 'z', name), name)
  return root
}

before(() => {
  dir = makeTree(fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-walk-')), PER_SUBDIR)
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('a walk of more files than one step', () => {
  for (const [kind, api] of each()) {
    it(`${kind}: walkDirectory lists what fs lists, in path byte order, with their sizes`, async () => {
      const expected = listIndependently(dir)
      assert.ok(expected.length > 2 * WALK_STEP_FILES, `${expected.length} files`)
      assert.deepEqual(await api.walkDirectory(dir), expected)
    })

    it(`${kind}: a hash with progress starts from the walk's totals`, async () => {
      const expected = listIndependently(dir)
      const reports = []
      await api.hashDirectory(dir, { algorithm: 'xxh3', onProgress: (report) => reports.push(report) })
      assert.ok(reports.length > 0)
      for (const report of reports) {
        assert.equal(report.filesTotal, expected.length)
        assert.equal(report.bytesTotal, expected.reduce((sum, file) => sum + file.size, 0))
      }
    })
  }
})

describe('wasm: a walk whose files the workers stat', () => {
  /** @type {WorkerPool} */
  let pool
  before(() => { pool = new WorkerPool({ size: 2, module: wasmModule(), host: nodeHost }) })
  after(() => pool.destroy())

  /**
   * The pool, with `afterStep(n)` run when the walker's step `n` (from 1) has replied and
   * before the walk goes on from it. A step's reply is also held until every stat job
   * asked for before it has settled and been seen by the walk, so when the walk stops
   * after a failed stat does not depend on which worker is faster.
   */
  function poolWith (afterStep) {
    const seen = { steps: 0 }
    const statJobs = []
    return {
      seen,
      openSession: (...args) => pool.openSession(...args),
      closeSession: (...args) => pool.closeSession(...args),
      async run (message, how) {
        const reply = pool.run(message, how)
        if (message.type === 'walkSizes') statJobs.push(reply.catch(() => {}))
        if (message.type !== 'walkNext') return reply
        const step = await reply
        await afterStep(++seen.steps)
        await Promise.all(statJobs)
        // Every promise callback of those jobs runs before an immediate does.
        await new Promise(setImmediate)
        return step
      }
    }
  }

  /** Runs `fn` on a small tree of its own (`name`), removed after. */
  async function withSmallTree (name, fn) {
    const root = makeTree(path.join(dir, '..', `${path.basename(dir)}-${name}`), 20)
    try {
      await fn(root)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  }

  /** That no job is queued, once every worker has finished the job it had. */
  async function assertIdle () {
    const probe = { type: 'walkNext', session: -1, maxFiles: 1 }
    await Promise.all([...pool.slots].map((slot) => pool.run(probe, { slot }).catch(() => {})))
    assert.equal(pool.queue.length, 0)
    for (const slot of pool.slots) assert.deepEqual([slot.job, slot.queue.length], [null, 0])
  }

  const walkOf = (root, custom, signal) => walkWithSizes(custom, Buffer.from(root), SETTINGS, false, signal, SMALL_STEP)

  it('sizes stat\'ed apart from the walk are the sizes fs gives', async () => {
    const custom = poolWith(() => {})
    const walked = await walkWithSizes(custom, Buffer.from(dir), SETTINGS, false)
    const expected = listIndependently(dir)
    assert.equal(custom.seen.steps, Math.ceil((expected.length + 1) / WALK_STEP_FILES))
    assert.equal(walked.files, expected.length)
    assert.deepEqual(Array.from(walked.sizes), expected.map((file) => file.size))
    assert.equal(walked.bytes, expected.reduce((sum, file) => sum + file.size, 0))
    assert.deepEqual(walked.paths.toString('utf8').split('\0'), expected.map((file) => file.path))
  })

  it('a file removed after its step and before its stat: ENOENT at its directory, and the walk stops', async () => {
    await withSmallTree('gone-file', async (root) => {
      const custom = poolWith((step) => { if (step === 1) fs.rmSync(path.join(root, 'a', 's0', 'f5')) })
      const failure = await walkOf(root, custom)
      assert.deepEqual([failure.code, failure.path.toString()], ['ENOENT', 'a/s0'])
      // The walker's second step was under way when the stat failed; no third was asked for.
      assert.equal(custom.seen.steps, 2)
      await assertIdle()
    })
  })

  it('a directory removed before the walker reaches it: the walk\'s own failure, at that directory', async () => {
    await withSmallTree('gone-dir', async (root) => {
      const failure = await walkOf(root, poolWith((step) => { if (step === 1) fs.rmSync(path.join(root, 'z'), { recursive: true }) }))
      assert.deepEqual([failure.code, failure.path.toString()], ['ENOENT', 'z'])
      await assertIdle()
    })
  })

  it('of a file gone in the first step and a directory gone in the second, the file\'s failure is reported: the first in walk order', async () => {
    await withSmallTree('gone-both', async (root) => {
      const failure = await walkOf(root, poolWith((step) => {
        if (step !== 1) return
        // a/s2 is listed in the second step, under way when the stat fails.
        fs.rmSync(path.join(root, 'a', 's2'), { recursive: true })
        fs.rmSync(path.join(root, 'a', 's0', 'f5'))
      }))
      assert.deepEqual([failure.code, failure.path.toString()], ['ENOENT', 'a/s0'])
      await assertIdle()
    })
  })

  it('an abort after the first step rejects with AbortError, leaves no job behind, and the pool works on', async () => {
    const controller = new AbortController()
    const custom = poolWith((step) => { if (step === 1) controller.abort() })
    await withSmallTree('aborted', async (root) => {
      await assert.rejects(walkOf(root, custom, controller.signal), { name: 'AbortError', code: 'ABORT_ERR' })
      await assertIdle()
      assert.equal((await walkOf(root, poolWith(() => {}))).files, listIndependently(root).length)
    })
  })

  it('a tree left after its first step ends its walk session, and the step asked for ahead', async () => {
    await withSmallTree('left', async (root) => {
      const files = createWasmFiles(() => pool, 2, createMainThread(wasmModule))
      const spec = backends.wasm[INTERNALS].options.spec({ algorithm: 'xxh3' }, { async: true })
      const cursor = files.openTree(Buffer.from(root), spec, SETTINGS, {}, undefined, null)
      const first = await cursor.next(SMALL_STEP)
      assert.deepEqual([first.files.sizes.length, first.done], [SMALL_STEP, false])
      cursor.close()
      // The session is closed once its handle settles: every promise callback runs first.
      await new Promise(setImmediate)
      await assertIdle()
      for (const slot of pool.slots) assert.equal(slot.sessions.size, 0)
    })
  })
})
