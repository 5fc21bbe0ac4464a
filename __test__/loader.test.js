'use strict'
/**
 * The loader (index.js / index.mjs), each case in a fresh child process with a clean
 * environment: backend choice, HASHMILL_* variables, the fallback warning and
 * `backend.fallbackErrors`, and a copy of the package without the local native build.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const crypto = require('node:crypto')
const { spawnSync } = require('node:child_process')
const { detectTarget } = require('../lib/platform')
const { backends } = require('./helpers/backends')

const ROOT = path.join(__dirname, '..')
const TARGET = detectTarget().target
const LOCAL_BUILD = `hashmill.${TARGET}.node`
const WARNING_CODE = 'HASHMILL_NATIVE_FALLBACK'

/** process.env without anything that could steer hashmill or the test runner. */
function cleanEnv (extra = {}) {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (key.startsWith('HASHMILL_') || key.startsWith('NODE_TEST') || key === 'NODE_OPTIONS') delete env[key]
  }
  return { ...env, ...extra }
}

/**
 * A child script that loads `entry` (twice, to check the warning is emitted once),
 * hashes with it, and prints a JSON report on exit.
 */
function probeScript (entry) {
  return `
    const out = { warnings: [] }
    process.on('warning', (w) => out.warnings.push({ name: w.name, code: w.code, message: w.message }))
    process.on('exit', () => process.stdout.write('\\n@@' + JSON.stringify(out)))
    const entry = ${JSON.stringify(entry)}
    const errorInfo = (e) => ({ name: e.name, code: e.code, message: e.message, candidate: e.candidate,
      errors: Array.isArray(e.errors) ? e.errors.map((x) => ({ code: x.code, message: x.message, candidate: x.candidate })) : undefined })
    let h
    try {
      h = require(entry)
      delete require.cache[require.resolve(entry)]
      const again = require(entry)
      out.secondKind = again.backend.kind
    } catch (e) {
      out.error = errorInfo(e)
    }
    if (h) {
      out.kind = h.backend.kind
      out.target = h.backend.target
      out.threads = h.backend.threads
      out.fallbackErrors = h.backend.fallbackErrors.map(errorInfo)
      const input = Buffer.alloc(300000)
      for (let i = 0; i < input.length; i++) input[i] = (i * 31 + 7) & 0xff
      out.digests = {}
      ;(async () => {
        for (const algorithm of ['blake3', 'sha256', 'xxh3', 'crc32']) {
          out.digests[algorithm] = { sync: h.hashSync(input, algorithm), async: await h.hash(input, algorithm) }
        }
      })().catch((e) => { out.hashError = errorInfo(e) })
    }
  `
}

function spawnNode (args, env, options = {}) {
  const result = spawnSync(process.execPath, args, {
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 30000,
    cwd: options.cwd || os.tmpdir()
  })
  assert.equal(result.error, undefined, `spawn failed: ${result.error}`)
  return result
}

/** Runs probeScript(entry) with `env`; returns the report plus stderr and status. */
function probe (entry, env = {}) {
  const result = spawnNode(['-e', probeScript(entry)], env)
  const marker = result.stdout.lastIndexOf('\n@@')
  assert.notEqual(marker, -1, `no report from the child. status ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`)
  const report = JSON.parse(result.stdout.slice(marker + 3))
  report.stderr = result.stderr
  report.status = result.status
  return report
}

/** How many hashmill fallback warnings Node printed on stderr. */
function stderrWarnings (stderr) {
  return stderr.split('\n').filter((line) => line.includes(`[${WARNING_CODE}]`))
}

/** The digests a child must report (from this process's native backend). */
function expectedDigests () {
  const input = Buffer.alloc(300000)
  for (let i = 0; i < input.length; i++) input[i] = (i * 31 + 7) & 0xff
  const out = {}
  for (const algorithm of ['blake3', 'sha256', 'xxh3', 'crc32']) {
    const d = backends.native.hashSync(input, algorithm)
    out[algorithm] = { sync: d, async: d }
  }
  return out
}

function assertHealthy (report, kind) {
  assert.equal(report.error, undefined, `load failed: ${report.error && report.error.message}\n${report.stderr}`)
  assert.equal(report.hashError, undefined, `hashing failed: ${report.hashError && report.hashError.message}`)
  assert.equal(report.kind, kind)
  assert.equal(report.secondKind, kind)
  assert.equal(report.status, 0, report.stderr)
  assert.deepEqual(report.digests, expectedDigests())
}

let tmp
/** A copy of the package without the local native build. */
let copyDir
/** A copy of the package with a corrupt local native build. */
let corruptDir
let corruptFile

function copyPackage (dest) {
  fs.mkdirSync(dest, { recursive: true })
  for (const file of ['index.js', 'index.mjs', 'package.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dest, file))
  fs.cpSync(path.join(ROOT, 'lib'), path.join(dest, 'lib'), { recursive: true })
  fs.cpSync(path.join(ROOT, 'binding-wasm', 'pkg'), path.join(dest, 'binding-wasm', 'pkg'), { recursive: true })
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-loader-'))
  copyDir = path.join(tmp, 'no-native', 'hashmill')
  corruptDir = path.join(tmp, 'corrupt-native', 'hashmill')
  copyPackage(copyDir)
  copyPackage(corruptDir)
  corruptFile = path.join(corruptDir, LOCAL_BUILD)
  fs.writeFileSync(corruptFile, crypto.randomBytes(8192))
})

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

describe('loader: backend choice', { skip: TARGET ? false : 'no native target on this machine' }, () => {
  it('the local build exists (precondition)', () => {
    assert.ok(fs.existsSync(path.join(ROOT, LOCAL_BUILD)), `${LOCAL_BUILD} is missing; run node scripts/build.js`)
  })

  it('default: native, no fallback errors, nothing on stderr', () => {
    const report = probe(ROOT)
    assertHealthy(report, 'native')
    assert.equal(report.target, TARGET)
    assert.deepEqual(report.fallbackErrors, [])
    assert.deepEqual(report.warnings, [])
    assert.equal(report.stderr, '')
  })

  it('HASHMILL_BACKEND=wasm: wasm, no warning', () => {
    const report = probe(ROOT, { HASHMILL_BACKEND: 'wasm' })
    assertHealthy(report, 'wasm')
    assert.equal(report.target, 'wasm32-unknown-unknown')
    assert.deepEqual(report.fallbackErrors, [])
    assert.deepEqual(report.warnings, [])
    assert.equal(report.stderr, '')
  })

  it('HASHMILL_BACKEND=native: native', () => {
    const report = probe(ROOT, { HASHMILL_BACKEND: 'native' })
    assertHealthy(report, 'native')
    assert.deepEqual(report.fallbackErrors, [])
    assert.equal(report.stderr, '')
  })

  it('HASHMILL_BACKEND=auto and empty: native', () => {
    assertHealthy(probe(ROOT, { HASHMILL_BACKEND: 'auto' }), 'native')
    assertHealthy(probe(ROOT, { HASHMILL_BACKEND: '' }), 'native')
  })

  for (const value of ['bogus', '1', 'true', 'NATIVE', 'Wasm']) {
    it(`HASHMILL_BACKEND=${JSON.stringify(value)} throws ERR_HASHMILL_BACKEND listing native, wasm, auto`, () => {
      const report = probe(ROOT, { HASHMILL_BACKEND: value })
      assert.ok(report.error, `expected a load error, got backend ${report.kind}`)
      assert.equal(report.error.code, 'ERR_HASHMILL_BACKEND')
      for (const mode of ['native', 'wasm', 'auto']) assert.ok(report.error.message.includes(mode), report.error.message)
      assert.ok(report.error.message.includes(`'${value}'`), `message should quote the value: ${report.error.message}`)
    })
  }
})

describe('loader: HASHMILL_NATIVE_PATH', { skip: TARGET ? false : 'no native target on this machine' }, () => {
  it('a corrupt file: recorded in fallbackErrors with candidate, warned about once, the local build still loads', () => {
    const bad = path.join(tmp, 'x.node')
    fs.writeFileSync(bad, crypto.randomBytes(4096))
    const report = probe(ROOT, { HASHMILL_NATIVE_PATH: bad })
    assertHealthy(report, 'native')
    assert.equal(report.fallbackErrors.length, 1)
    const [failure] = report.fallbackErrors
    assert.equal(failure.candidate, bad)
    assert.ok(failure.message.includes(bad), failure.message)
    // The user pointed at a binary explicitly; ignoring it must not be silent.
    const warned = report.warnings.filter((w) => w.code === WARNING_CODE)
    assert.equal(warned.length, 1, `expected one ${WARNING_CODE} warning naming ${bad}; got ${JSON.stringify(report.warnings)}; stderr: ${JSON.stringify(report.stderr)}`)
    assert.ok(warned[0].message.includes(bad), warned[0].message)
    assert.ok(warned[0].message.includes(failure.message.split('\n')[0].replace(`${bad}: `, '')), `the warning should give the reason: ${warned[0].message}`)
    assert.equal(stderrWarnings(report.stderr).length, 1)
  })

  it('a corrupt file with HASHMILL_BACKEND=native still loads the local build', () => {
    const bad = path.join(tmp, 'y.node')
    fs.writeFileSync(bad, crypto.randomBytes(4096))
    const report = probe(ROOT, { HASHMILL_NATIVE_PATH: bad, HASHMILL_BACKEND: 'native' })
    assertHealthy(report, 'native')
    assert.equal(report.fallbackErrors.length, 1)
    assert.equal(report.fallbackErrors[0].candidate, bad)
  })

  it('a valid file is used', () => {
    const report = probe(ROOT, { HASHMILL_NATIVE_PATH: path.join(ROOT, LOCAL_BUILD) })
    assertHealthy(report, 'native')
    assert.deepEqual(report.fallbackErrors, [])
    assert.equal(report.stderr, '')
  })
})

describe('loader: a package copy without the local native build', { skip: TARGET ? false : 'no native target on this machine' }, () => {
  it('a corrupt hashmill.<target>.node: wasm, exactly one warning naming the file, the error in fallbackErrors', () => {
    const report = probe(corruptDir)
    assertHealthy(report, 'wasm')
    const local = report.fallbackErrors.find((e) => e.candidate === `./${LOCAL_BUILD}`)
    assert.ok(local, `fallbackErrors should hold the ./${LOCAL_BUILD} failure: ${JSON.stringify(report.fallbackErrors)}`)
    assert.ok(local.message.includes(corruptFile), local.message)
    assert.notEqual(local.code, 'MODULE_NOT_FOUND')
    assert.ok(report.fallbackErrors.some((e) => e.candidate === `@hashmill/${TARGET}`))
    const warned = report.warnings.filter((w) => w.code === WARNING_CODE)
    assert.equal(warned.length, 1, JSON.stringify(report.warnings))
    assert.equal(report.warnings.length, 1)
    assert.ok(warned[0].message.includes(corruptFile), warned[0].message)
    assert.ok(warned[0].message.includes('failed to load'), warned[0].message)
    assert.ok(!warned[0].message.includes('\n'), 'the warning is one line')
    assert.equal(stderrWarnings(report.stderr).length, 1, report.stderr)
  })

  it('no .node file at all: wasm, one one-line warning saying the platform package is not installed', () => {
    const report = probe(copyDir)
    assertHealthy(report, 'wasm')
    assert.deepEqual(report.fallbackErrors.map((e) => [e.candidate, e.code]),
      [[`./${LOCAL_BUILD}`, 'MODULE_NOT_FOUND'], [`@hashmill/${TARGET}`, 'MODULE_NOT_FOUND']])
    assert.equal(report.warnings.length, 1, JSON.stringify(report.warnings))
    const [warning] = report.warnings
    assert.equal(warning.code, WARNING_CODE)
    assert.ok(!warning.message.includes('\n'), 'the warning is one line')
    assert.ok(warning.message.includes(`@hashmill/${TARGET}`), warning.message)
    assert.match(warning.message, /not installed/)
    assert.equal(stderrWarnings(report.stderr).length, 1, report.stderr)
  })

  it('no .node file, HASHMILL_BACKEND=wasm: no warning', () => {
    const report = probe(copyDir, { HASHMILL_BACKEND: 'wasm' })
    assertHealthy(report, 'wasm')
    assert.deepEqual(report.warnings, [])
    assert.equal(report.stderr, '')
  })

  it('corrupt .node, HASHMILL_BACKEND=native: throws ERR_HASHMILL_BACKEND listing every attempt', () => {
    const report = probe(corruptDir, { HASHMILL_BACKEND: 'native' })
    assert.ok(report.error, `expected a load error, got backend ${report.kind}`)
    assert.equal(report.error.code, 'ERR_HASHMILL_BACKEND')
    assert.match(report.error.message, /HASHMILL_BACKEND=native/)
    assert.ok(report.error.message.includes(`./${LOCAL_BUILD}`), report.error.message)
    assert.ok(report.error.message.includes(corruptFile), report.error.message)
    assert.ok(report.error.message.includes(`@hashmill/${TARGET}`), report.error.message)
    assert.equal(report.error.errors.length, 2)
    assert.deepEqual(report.error.errors.map((e) => e.candidate), [`./${LOCAL_BUILD}`, `@hashmill/${TARGET}`])
    assert.equal(stderrWarnings(report.stderr).length, 0)
  })

  it('no .node file, HASHMILL_BACKEND=native: throws ERR_HASHMILL_BACKEND listing every attempt', () => {
    const report = probe(copyDir, { HASHMILL_BACKEND: 'native' })
    assert.ok(report.error)
    assert.equal(report.error.code, 'ERR_HASHMILL_BACKEND')
    assert.ok(report.error.message.includes(`./${LOCAL_BUILD}`), report.error.message)
    assert.ok(report.error.message.includes(`@hashmill/${TARGET}`), report.error.message)
    assert.equal(report.error.errors.length, 2)
  })
})

/**
 * A project with hashmill (no local build) and @hashmill/<target> installed beside it in
 * node_modules, as npm lays them out; `version` is the platform package's version.
 */
function installedLayout (name, version) {
  const modules = path.join(tmp, name, 'node_modules')
  copyPackage(path.join(modules, 'hashmill'))
  const platformDir = path.join(modules, '@hashmill', TARGET)
  fs.mkdirSync(platformDir, { recursive: true })
  fs.writeFileSync(path.join(platformDir, 'package.json'), JSON.stringify({ name: `@hashmill/${TARGET}`, version, main: LOCAL_BUILD }))
  fs.copyFileSync(path.join(ROOT, LOCAL_BUILD), path.join(platformDir, LOCAL_BUILD))
  return path.join(modules, 'hashmill')
}

describe('loader: the @hashmill/<target> platform package', { skip: TARGET ? false : 'no native target on this machine' }, () => {
  const ownVersion = require('../package.json').version

  it('at the same version: native from the package, no warning', () => {
    const report = probe(installedLayout('matching', ownVersion))
    assertHealthy(report, 'native')
    assert.deepEqual(report.fallbackErrors.map((e) => e.candidate), [`./${LOCAL_BUILD}`])
    assert.equal(report.stderr, '')
  })

  it('at another version: not loaded; wasm, one warning naming both versions', () => {
    const report = probe(installedLayout('mismatch', '0.0.1'))
    assertHealthy(report, 'wasm')
    const failure = report.fallbackErrors.find((e) => e.candidate === `@hashmill/${TARGET}`)
    assert.equal(failure.code, 'ERR_HASHMILL_BACKEND')
    assert.equal(report.warnings.length, 1, JSON.stringify(report.warnings))
    for (const text of ['0.0.1', ownVersion, 'reinstall']) assert.ok(report.warnings[0].message.includes(text), report.warnings[0].message)
    assert.equal(stderrWarnings(report.stderr).length, 1, report.stderr)
  })

  it('at another version with HASHMILL_BACKEND=native: throws, naming the mismatch', () => {
    const report = probe(installedLayout('mismatch-strict', '9.9.9'), { HASHMILL_BACKEND: 'native' })
    assert.equal(report.error.code, 'ERR_HASHMILL_BACKEND')
    assert.match(report.error.message, /version 9\.9\.9 but hashmill is/)
  })
})

describe('loader: HASHMILL_THREADS', () => {
  for (const backend of ['native', 'wasm']) {
    it(`HASHMILL_THREADS=1 gives backend.threads === 1 (${backend})`, () => {
      const report = probe(ROOT, { HASHMILL_BACKEND: backend, HASHMILL_THREADS: '1' })
      assertHealthy(report, backend)
      assert.equal(report.threads, 1)
    })
    it(`HASHMILL_THREADS=3 gives backend.threads === 3 (${backend})`, () => {
      const report = probe(ROOT, { HASHMILL_BACKEND: backend, HASHMILL_THREADS: '3' })
      assertHealthy(report, backend)
      assert.equal(report.threads, 3)
    })
    for (const value of ['0', 'abc', '-1', '1.5', '257']) {
      it(`HASHMILL_THREADS=${value} throws ERR_HASHMILL_BACKEND (${backend})`, () => {
        const report = probe(ROOT, { HASHMILL_BACKEND: backend, HASHMILL_THREADS: value })
        assert.ok(report.error, `expected a load error, got backend ${report.kind} with ${report.threads} threads`)
        assert.equal(report.error.code, 'ERR_HASHMILL_BACKEND')
        assert.match(report.error.message, /HASHMILL_THREADS/)
        assert.ok(report.error.message.includes(`'${value}'`), report.error.message)
      })
    }
  }
  it('HASHMILL_THREADS=abc throws in auto mode too', () => {
    const report = probe(ROOT, { HASHMILL_THREADS: 'abc' })
    assert.ok(report.error)
    assert.equal(report.error.code, 'ERR_HASHMILL_BACKEND')
  })
})

describe('loader: ESM entry', () => {
  const entry = path.join(ROOT, 'index.mjs')
  const esmScript = `
    import { createRequire } from 'node:module'
    import hashmill, { hash, hashSync, backend, algorithms, createHasher, hashStream, integrity, integritySync, Hasher } from ${JSON.stringify(entry)}
    const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(ROOT, 'index.js'))})
    const input = Buffer.from('hashmill esm entry')
    console.log(JSON.stringify({
      kind: backend.kind,
      digest: await hash(input),
      sha256: hashSync(input, 'sha256'),
      sameModule: hashmill === cjs && hash === cjs.hash && backend === cjs.backend,
      exports: [typeof createHasher, typeof hashStream, typeof integrity, typeof integritySync, typeof Hasher, Array.isArray(algorithms)]
    }))
  `
  for (const backend of ['native', 'wasm']) {
    it(`import from index.mjs works and matches CJS (${backend})`, () => {
      const result = spawnNode(['--input-type=module', '-e', esmScript], { HASHMILL_BACKEND: backend })
      assert.equal(result.status, 0, result.stderr)
      assert.equal(result.stderr, '')
      const report = JSON.parse(result.stdout)
      const input = Buffer.from('hashmill esm entry')
      assert.equal(report.kind, backend)
      assert.equal(report.digest, backends.native.hashSync(input))
      assert.equal(report.sha256, crypto.createHash('sha256').update(input).digest('hex'))
      assert.equal(report.sameModule, true, 'index.mjs must re-export the one CJS instance')
      assert.deepEqual(report.exports, ['function', 'function', 'function', 'function', 'function', true])
    })
  }
  it('the minimal form from the docs: node --input-type=module -e "import { hash, backend } ..."', () => {
    const script = `import { hash, backend } from ${JSON.stringify(entry)}; console.log(backend.kind, await hash('abc'))`
    const result = spawnNode(['--input-type=module', '-e', script], {})
    assert.equal(result.status, 0, result.stderr)
    const cjs = spawnNode(['-e', `require(${JSON.stringify(ROOT)}).hash('abc').then((d) => console.log(require(${JSON.stringify(ROOT)}).backend.kind, d))`], {})
    assert.equal(cjs.status, 0, cjs.stderr)
    assert.equal(result.stdout, cjs.stdout)
    assert.equal(result.stdout.trim(), `native ${backends.native.hashSync('abc')}`)
  })
})
