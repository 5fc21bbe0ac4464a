'use strict'
/**
 * bin/hashmill.js runs the CLI's one-file build (bin/hashmill.bundle.js, made by
 * `npm run build`) only while the files it was built from are as they were, and lib/ itself
 * otherwise: an edit to lib/ is never hidden by an old build, and an install that writes
 * the files in any order (pnpm) keeps the build. Checked on a copy of the
 * package's runtime files (timestamps kept), with Node's own module log (NODE_DEBUG=module)
 * saying which files were loaded. The rest of the CLI's tests run through the bundle.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { MODULE_LOG_ENV, loadedFiles } = require('../scripts/lib/module-log')

const ROOT = path.join(__dirname, '..')
const BUNDLE = path.join(ROOT, 'bin', 'hashmill.bundle.js')
/** What the CLI loads at run time, besides the platform's addon. */
const RUNTIME_FILES = ['bin', 'lib', 'index.js', 'package.json', 'binding-wasm/pkg']

describe('bin/hashmill.js and the one-file build', () => {
  let copy, input, expected
  before(() => {
    assert.ok(fs.existsSync(BUNDLE), 'bin/hashmill.bundle.js is missing: run `npm run build`')
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-launcher-'))
    const addons = fs.readdirSync(ROOT).filter((name) => /^hashmill\..+\.node$/.test(name))
    for (const file of [...RUNTIME_FILES, ...addons]) {
      fs.cpSync(path.join(ROOT, file), path.join(copy, file), { recursive: true, preserveTimestamps: true })
    }
    input = path.join(copy, 'input.bin')
    fs.writeFileSync(input, crypto.randomBytes(5000))
    expected = crypto.createHash('sha256').update(fs.readFileSync(input)).digest('hex')
  })
  after(() => fs.rmSync(copy, { recursive: true, force: true }))

  /** Runs the CLI of the copy (or of `root`) on `input` on `backend` (with `more` in its environment); returns its standard error. */
  function runLogged (backend, more = {}, root = copy) {
    const env = { ...process.env, ...MODULE_LOG_ENV, HASHMILL_BACKEND: backend, ...more }
    delete env.HASHMILL_NATIVE_PATH
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'hashmill.js'), '-a', 'sha256', input], { env, encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    assert.equal(result.stdout, `${expected}  ${input}\n`)
    return result.stderr
  }

  /** Runs the copy's CLI on `input` on `backend`; returns the files loaded for it (relative to the copy). */
  function run (backend) {
    return loadedFiles(runLogged(backend)).filter((file) => file.startsWith(copy)).map((file) => path.relative(copy, file))
  }

  /** Dates `file` (relative to the copy) `ms` after the bundle. */
  function dateAfterBundle (file, ms) {
    const built = fs.statSync(path.join(copy, 'bin', 'hashmill.bundle.js')).mtime
    const later = new Date(built.getTime() + ms)
    fs.utimesSync(path.join(copy, file), later, later)
  }

  const loadsSource = (loaded) => loaded.includes(path.join('lib', 'cli', 'main.js'))

  it('lists the size of each file it was built from, lib/cli/main.js among them', () => {
    const { inputs } = require(BUNDLE)
    for (const file of ['lib/cli/main.js', 'index.js', 'lib/api.js']) assert.ok(file in inputs, Object.keys(inputs).join(' '))
    for (const [input, size] of Object.entries(inputs)) assert.equal(fs.statSync(path.join(ROOT, input)).size, size, input)
  })

  for (const backend of ['native', 'wasm']) {
    it(`runs the bundle while it is current (${backend}): one small file loads nothing else of the package`, () => {
      const loaded = run(backend)
      assert.ok(loaded.includes(path.join('bin', 'hashmill.bundle.js')), loaded.join(' '))
      // Not even a wasm worker (lib/wasm/worker.js): a few small files are hashed on the main thread.
      assert.deepEqual(loaded.filter((file) => file === 'index.js' || file.startsWith('lib')), [])
    })
  }

  it('keeps the bundle when a file was written a moment after it, as an install may', () => {
    dateAfterBundle(path.join('lib', 'cli', 'format.js'), 1000)
    assert.ok(!loadsSource(run('native')))
  })

  it('runs lib/ itself once a file the bundle was built from was modified later', () => {
    dateAfterBundle(path.join('lib', 'cli', 'format.js'), 60_000)
    const loaded = run('native')
    assert.ok(loadsSource(loaded), loaded.join(' '))
    assert.ok(loaded.includes(path.join('lib', 'cli', 'format.js')), loaded.join(' '))
    dateAfterBundle(path.join('lib', 'cli', 'format.js'), 0)
    assert.ok(!loadsSource(run('native')))
  })

  it('runs lib/ itself once a file the bundle was built from changed size, whatever its date', () => {
    const file = path.join(copy, 'lib', 'cli', 'format.js')
    const { atime, mtime } = fs.statSync(file)
    fs.appendFileSync(file, '\n')
    fs.utimesSync(file, atime, mtime)
    const loaded = run('native')
    assert.ok(loadsSource(loaded), loaded.join(' '))
  })

  describe('on Node without module.enableCompileCache(), the build\'s compiled code kept between runs', { skip: typeof (/** @type {any} */ (require('node:module')).enableCompileCache) === 'function' && 'Node keeps compiled code itself' }, () => {
    let cacheRoot, keptDir
    before(() => {
      cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-code-cache-'))
      keptDir = path.join(cacheRoot, 'hashmill')
    })
    after(() => fs.rmSync(cacheRoot, { recursive: true, force: true }))

    /** A native run of the copy (or of `root`) with the cache in `cacheRoot`: how the launcher said it ran the build. */
    function howRun (more = {}, root = copy) {
      const lines = runLogged('native', { NODE_COMPILE_CACHE: cacheRoot, ...more }, root).split('\n').filter((line) => /^HASHMILL \d+: load /.test(line))
      assert.equal(lines.length, 1, lines.join('\n'))
      assert.ok(lines[0].includes(path.join(root, 'bin', 'hashmill.bundle.js')), lines[0])
      return lines[0].endsWith('compiled now') ? 'compiled' : lines[0].includes(`with the code kept in ${keptDir}`) ? 'kept' : lines[0]
    }
    const keptFiles = () => fs.existsSync(keptDir) ? fs.readdirSync(keptDir) : []
    /** The name of the file kept for the copy's build (the first test sees it made). */
    let ownName
    const keptFile = () => path.join(keptDir, ownName)

    it('compiles it the first time, keeps the code in a directory of its own, and runs with it next time', () => {
      assert.equal(howRun(), 'compiled')
      assert.equal(keptFiles().length, 1)
      ownName = keptFiles()[0]
      assert.match(ownName, new RegExp(`^${process.version.replaceAll('.', '\\.')}-${process.arch}-[0-9a-f]{8}\\.v8$`))
      assert.equal(fs.statSync(keptDir).mode & 0o777, 0o700)
      const written = fs.readFileSync(keptFile())
      assert.equal(howRun(), 'kept')
      assert.deepEqual(fs.readFileSync(keptFile()), written, 'code that was used is not written again')
    })

    it('keeps the code of two installs used in turn, each its own, until one is gone', () => {
      const second = `${copy}-second`
      fs.cpSync(copy, second, { recursive: true, preserveTimestamps: true })
      try {
        assert.equal(howRun(), 'kept')
        assert.equal(howRun({}, second), 'compiled')
        assert.equal(howRun(), 'kept')
        assert.equal(howRun({}, second), 'kept')
        assert.equal(keptFiles().length, 2)
        // A file that is not kept code, and one of another format, are not touched.
        fs.writeFileSync(path.join(keptDir, 'notes.txt'), 'x')
        fs.writeFileSync(path.join(keptDir, 'other.v8'), 'hashmill-code-cache-0\n')
      } finally {
        fs.rmSync(second, { recursive: true, force: true })
      }
      // The next code written (here: made under other V8 flags) removes what the gone install kept.
      assert.equal(howRun({ NODE_OPTIONS: '--jitless' }), 'compiled')
      assert.deepEqual(keptFiles().sort(), [ownName, 'notes.txt', 'other.v8'].sort())
      for (const name of ['notes.txt', 'other.v8']) fs.rmSync(path.join(keptDir, name))
      assert.equal(howRun(), 'compiled')
      assert.equal(howRun(), 'kept')
    })

    it('does not use the code kept for another build (same size, other date), and keeps the new one\'s', () => {
      assert.equal(howRun(), 'kept')
      dateAfterBundle(path.join('bin', 'hashmill.bundle.js'), 1000)
      assert.equal(howRun(), 'compiled')
      assert.equal(howRun(), 'kept')
    })

    it('compiles the build when V8 refuses the kept code (other V8 flags), and keeps the code it used', () => {
      assert.equal(howRun(), 'kept')
      assert.equal(howRun({ NODE_OPTIONS: '--jitless' }), 'compiled')
      assert.equal(howRun({ NODE_OPTIONS: '--jitless' }), 'kept')
      assert.equal(howRun(), 'compiled')
      assert.equal(howRun(), 'kept')
    })

    it('compiles the build when the kept code is damaged or cut short (never runs it), and writes it anew', () => {
      const good = fs.readFileSync(keptFile())
      /** `good` with 4 KiB from `at` changed (the data is written twice: in the first copy, then in the second). */
      const damagedAt = (at) => {
        const damaged = Buffer.from(good)
        for (let i = at; i < at + 4096; i++) damaged[i] ^= 0x5a
        return damaged
      }
      const cutShort = [good.subarray(0, good.length - 1), good.subarray(0, good.length >> 1), good.subarray(0, 10), Buffer.alloc(0)]
      for (const bad of [damagedAt(good.length >> 2), damagedAt(good.length - 4096), ...cutShort]) {
        fs.writeFileSync(keptFile(), bad)
        assert.equal(howRun(), 'compiled')
        assert.equal(howRun(), 'kept')
      }
    })

    it('uses no directory that others may write, none at all with NODE_DISABLE_COMPILE_CACHE=1, and runs when it cannot make one', () => {
      fs.chmodSync(keptDir, 0o777)
      try {
        for (const name of keptFiles()) fs.rmSync(path.join(keptDir, name))
        assert.equal(howRun(), 'compiled')
        assert.deepEqual(keptFiles(), [])
      } finally {
        fs.chmodSync(keptDir, 0o700)
      }
      fs.rmSync(keptDir, { recursive: true })
      assert.equal(howRun({ NODE_DISABLE_COMPILE_CACHE: '1' }), 'compiled')
      assert.ok(!fs.existsSync(keptDir))
      // A directory that cannot be made (a file is in the way) fails nothing either.
      const inTheWay = path.join(cacheRoot, 'a-file')
      fs.writeFileSync(inTheWay, '')
      assert.equal(howRun({ NODE_COMPILE_CACHE: inTheWay }), 'compiled')
    })
  })

  it('runs lib/ itself when there is no bundle', () => {
    fs.rmSync(path.join(copy, 'bin', 'hashmill.bundle.js'))
    const loaded = run('native')
    assert.ok(loadsSource(loaded), loaded.join(' '))
    assert.ok(!loaded.includes(path.join('bin', 'hashmill.bundle.js')))
  })
})
