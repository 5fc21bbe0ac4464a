'use strict'
/**
 * The file APIs (hashFile, hashFileSync, hashFiles, hashDirectory) on both backends, in
 * one process: digests against node:crypto and peer libraries, byte-identical results
 * between backends, errors that name the path and keep the OS code, special files
 * (/proc, FIFOs, symlink loops), the coreutils manifest against the real `sha256sum`,
 * gitignore rules against the real `git`, bounded file descriptors on a 20,000-file tree,
 * AbortSignal, onProgress, and files that change size while they are hashed.
 *
 * File contents come from `randomBytes(length, seed)`, so a failure reproduces from the
 * size and seed in its message. Everything lives under one temp dir removed at the end.
 *
 * Nothing here depends on the speed of the machine: aborts and progress reports happen
 * while a FIFO the test holds keeps the call mid-way (helpers/held.js), and the files
 * truncated under a hash are sparse and far too large for the hash to end first.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const cp = require('node:child_process')
const { isMainThread } = require('node:worker_threads')
const { pathToFileURL, fileURLToPath } = require('node:url')
const { setTimeout: sleep, setImmediate: nextTurn } = require('node:timers/promises')
const { backends, each, randomBytes, INDEX, streamable } = require('./helpers/backends')
const { heldFifo, holdDirectory, sparseFile } = require('./helpers/held')

const hashWasm = require('hash-wasm')
const nodeXxhash = require('@node-rs/xxhash')
const nodeCrc = require('@node-rs/crc32')

const KiB = 1024
const MiB = 1024 * KiB
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0
/** How soon an aborted call must reject: generous, as the held work proves it did not wait. */
const PROMPT_MS = 2000
const ALGORITHMS = [...streamable]
const BIG_ALGORITHMS = ['blake3', 'sha256', 'xxh3']

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-files-'))
after(() => fs.rmSync(ROOT, { recursive: true, force: true }))

/** A fresh directory under ROOT. */
let dirCounter = 0
function freshDir (label) {
  const dir = path.join(ROOT, `${label}-${++dirCounter}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

/** Writes `content` at `dir/rel`, creating parent directories; returns the full path. */
function put (dir, rel, content) {
  const full = path.join(dir, rel)
  fs.mkdirSync(path.dirname(full), { recursive: true })
  fs.writeFileSync(full, content)
  return full
}

/** Deterministic content of `size` bytes, made fast: a random MiB repeated, each MiB stamped. */
function bigContent (size, seed) {
  const block = randomBytes(Math.min(size, MiB), seed)
  const out = Buffer.allocUnsafe(size)
  for (let at = 0, i = 0; at < size; at += MiB, i++) {
    block.copy(out, at, 0, Math.min(MiB, size - at))
    if (size - at >= 8) out.writeUInt32LE((i * 2654435761 + seed) >>> 0, at)
  }
  return out
}

const fdCount = () => fs.readdirSync('/proc/self/fd').length

/** Samples the open-fd count every `everyMs` ms; the returned stop() gives the maximum. */
function sampleFds (everyMs = 3) {
  let max = fdCount()
  const timer = setInterval(() => { max = Math.max(max, fdCount()) }, everyMs)
  return () => { clearInterval(timer); return Math.max(max, fdCount()) }
}

/** Waits until the fd count is back to at most `baseline` (or `ms` passed); returns it. */
async function settledFds (baseline, ms = 10000) {
  const until = Date.now() + ms
  let count = fdCount()
  while (count > baseline && Date.now() < until) {
    await sleep(20)
    count = fdCount()
  }
  return count
}

// ---------------------------------------------------------------------------------------
// References: node:crypto where it has the algorithm, peer libraries otherwise.

const hex32 = (n) => (n >>> 0).toString(16).padStart(8, '0')
const hex64 = (n) => BigInt.asUintN(64, n).toString(16).padStart(16, '0')
const hex128 = (n) => BigInt.asUintN(128, n).toString(16).padStart(32, '0')

/** The hex digest of `bytes`; `opts` may hold seed (xxHash), key / outputLength (BLAKE3). */
async function reference (algorithm, bytes, opts = {}) {
  const seed = opts.seed === undefined ? undefined : BigInt(opts.seed)
  switch (algorithm) {
    case 'sha256': case 'sha384': case 'sha512': case 'sha1': case 'md5':
      return crypto.createHash(algorithm).update(bytes).digest('hex')
    case 'blake3':
      return hashWasm.blake3(bytes, 8 * (opts.outputLength || 32), opts.key || null)
    case 'xxh32': return hex32(nodeXxhash.xxh32(bytes, seed === undefined ? undefined : Number(seed)))
    case 'xxh64': return hex64(nodeXxhash.xxh64(bytes, seed))
    case 'xxh3': return hex64(nodeXxhash.xxh3.xxh64(bytes, seed))
    case 'xxh3-128': return hex128(nodeXxhash.xxh3.xxh128(bytes, seed))
    case 'crc32': return hex32(nodeCrc.crc32(bytes))
    case 'crc32c': return hex32(nodeCrc.crc32c(bytes))
    case 'crc64nvme': return hashWasm.crc64(bytes, '9a6c9329ac4bc9b5')
  }
  throw new Error(`no reference for ${algorithm}`)
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex')

/** Byte order of UTF-8 paths, as the manifest sorts them. */
const byBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** Asserts an fs-style error: `code`, `path` (a string equal to `where`), the path in the message. */
function assertFsError (error, code, where, context) {
  assert.ok(error instanceof Error, `${context}: expected an Error, got ${error}`)
  assert.equal(error.code, code, `${context}: wrong code (message: ${error.message})`)
  assert.equal(typeof error.path, 'string', `${context}: error.path should be a string, got ${typeof error.path}: ${error.path}`)
  assert.equal(error.path, where, `${context}: error.path`)
  assert.ok(error.message.includes(where), `${context}: message ${JSON.stringify(error.message)} should name ${JSON.stringify(where)}`)
  assert.ok(error.message.startsWith(`${code}:`), `${context}: message should start with the code: ${error.message}`)
}

/** Runs `fn` (sync or async) and returns what it threw or rejected with. */
async function caught (fn, context) {
  try {
    await fn()
  } catch (error) {
    return error
  }
  assert.fail(`${context}: expected an error, got a result`)
}

/** Matcher for assert.throws / rejects by code. */
const withCode = (code, extra = {}) => (error) => {
  assert.equal(error.code, code, `wrong code; message: ${error.message}`)
  if (extra.type) assert.ok(error instanceof extra.type, `expected ${extra.type.name}, got ${error.constructor.name}`)
  if (extra.mentions) assert.ok(error.message.includes(extra.mentions), `message ${JSON.stringify(error.message)} should mention ${JSON.stringify(extra.mentions)}`)
  return true
}

// =======================================================================================

describe('hashFile and hashFileSync on generated files', () => {
  const SMALL_SIZES = [0, 1, 16 * KiB - 1, 16 * KiB, 16 * KiB + 1, 128 * KiB - 1, 128 * KiB, 128 * KiB + 1, MiB - 1, MiB, MiB + 1]
  const FEW_MIB_SIZES = [3 * MiB + 5, 8 * MiB]
  const dir = freshDir('sizes')
  /** size → { path, content, seed } */
  const files = new Map()
  const seedOf = (size) => (size * 2654435761 + 99) >>> 0

  before(() => {
    for (const size of [...SMALL_SIZES, ...FEW_MIB_SIZES]) {
      const content = size <= 2 * MiB ? randomBytes(size, seedOf(size)) : bigContent(size, seedOf(size))
      files.set(size, { path: put(dir, `file-${size}.bin`, content), content, seed: seedOf(size) })
    }
  })

  it('every algorithm, sizes 0 B to 1 MiB + 1 (around the 1 MiB mmap threshold and read chunk), async and sync, mmap on and off', async () => {
    for (const algorithm of ALGORITHMS) {
      for (const size of SMALL_SIZES) {
        const { path: file, content, seed } = files.get(size)
        const expected = await reference(algorithm, content)
        for (const [kind, api] of each()) {
          const where = (how) => `${kind} ${algorithm} ${how} size=${size} (seed ${seed})`
          assert.equal(await api.hashFile(file, algorithm), expected, where('hashFile'))
          assert.equal(await api.hashFile(file, { algorithm, mmap: false }), expected, where('hashFile mmap:false'))
          assert.equal(api.hashFileSync(file, algorithm), expected, where('hashFileSync'))
          assert.equal(api.hashFileSync(file, { algorithm, mmap: false }), expected, where('hashFileSync mmap:false'))
        }
      }
    }
  })

  it('a few MiB: every algorithm async (mmap on and off), blake3/sha256/xxh3 sync', async () => {
    for (const size of FEW_MIB_SIZES) {
      const { path: file, content, seed } = files.get(size)
      for (const algorithm of ALGORITHMS) {
        const expected = await reference(algorithm, content)
        for (const [kind, api] of each()) {
          const where = (how) => `${kind} ${algorithm} ${how} size=${size} (seed ${seed})`
          assert.equal(await api.hashFile(file, algorithm), expected, where('hashFile'))
          assert.equal(await api.hashFile(file, { algorithm, mmap: false }), expected, where('hashFile mmap:false'))
          if (BIG_ALGORITHMS.includes(algorithm)) {
            assert.equal(api.hashFileSync(file, algorithm), expected, where('hashFileSync'))
            assert.equal(api.hashFileSync(file, { algorithm, mmap: false }), expected, where('hashFileSync mmap:false'))
          }
        }
      }
    }
  })

  it('a 64 MiB file: blake3, sha256, xxh3, mmap on and off, async and sync', { timeout: 30000 }, async () => {
    const size = 64 * MiB
    const content = bigContent(size, 64)
    const file = put(freshDir('big'), 'big.bin', content)
    try {
      for (const algorithm of BIG_ALGORITHMS) {
        const expected = await reference(algorithm, content)
        for (const [kind, api] of each()) {
          const where = (how) => `${kind} ${algorithm} ${how} size=64 MiB`
          assert.equal(await api.hashFile(file, algorithm), expected, where('hashFile'))
          assert.equal(await api.hashFile(file, { algorithm, mmap: false }), expected, where('hashFile mmap:false'))
          if (algorithm !== 'sha256' || kind === 'native') {
            assert.equal(api.hashFileSync(file, algorithm), expected, where('hashFileSync'))
            assert.equal(api.hashFileSync(file, { algorithm, mmap: false }), expected, where('hashFileSync mmap:false'))
          }
        }
      }
      const [result] = await backends.native.hashFiles([file], 'blake3')
      assert.equal(result.size, size)
    } finally {
      fs.rmSync(file)
    }
  })

  it('BLAKE3 keyed, derive-key and outputLength; xxHash seeds; digest encodings', async () => {
    const key = randomBytes(32, 0x6b6579)
    const context = 'hashmill files.test.js 2024 derive-key context ✓'
    for (const size of [0, 1, 16 * KiB + 1, MiB + 1, 3 * MiB + 5]) {
      const { path: file, content } = files.get(size)
      const checks = [
        [{ key }, await reference('blake3', content, { key })],
        [{ outputLength: 100 }, await reference('blake3', content, { outputLength: 100 })],
        [{ outputLength: 7 }, await reference('blake3', content, { outputLength: 7 })],
        [{ key, outputLength: 64 }, await reference('blake3', content, { key, outputLength: 64 })],
        // derive-key: no peer has it; hashSync (tested against vectors elsewhere) is the reference
        [{ context }, backends.native.hashSync(content, { context })],
        [{ context, outputLength: 48 }, backends.native.hashSync(content, { context, outputLength: 48 })],
        [{ algorithm: 'xxh3', seed: 0xfedcba9876543210n }, await reference('xxh3', content, { seed: 0xfedcba9876543210n })],
        [{ algorithm: 'xxh64', seed: 12345 }, await reference('xxh64', content, { seed: 12345 })],
        [{ algorithm: 'xxh32', seed: 2654435761 }, await reference('xxh32', content, { seed: 2654435761 })],
        [{ algorithm: 'xxh3-128', seed: 7n }, await reference('xxh3-128', content, { seed: 7n })]
      ]
      assert.notEqual(checks[4][1], await reference('blake3', content), 'derive-key differs from the plain hash')
      for (const [kind, api] of each()) {
        for (const [opts, expected] of checks) {
          const where = (how) => `${kind} ${how} ${JSON.stringify(opts, (k, v) => typeof v === 'bigint' ? `${v}n` : k === 'key' ? 'key' : v)} size=${size}`
          assert.equal(await api.hashFile(file, opts), expected, where('hashFile'))
          assert.equal(await api.hashFile(file, { ...opts, mmap: false }), expected, where('hashFile mmap:false'))
          assert.equal(api.hashFileSync(file, opts), expected, where('hashFileSync'))
          const [many] = await api.hashFiles([file], opts)
          assert.equal(many.digest, expected, where('hashFiles'))
        }
        const hex = await reference('sha256', content)
        const buf = await api.hashFile(file, { algorithm: 'sha256', encoding: 'buffer' })
        assert.ok(Buffer.isBuffer(buf), `${kind} encoding buffer gives a Buffer`)
        assert.equal(buf.toString('hex'), hex, `${kind} encoding buffer size=${size}`)
        assert.equal(api.hashFileSync(file, { algorithm: 'sha256', encoding: 'base64' }), Buffer.from(hex, 'hex').toString('base64'), `${kind} base64 size=${size}`)
        assert.equal(await api.hashFile(file, { algorithm: 'crc32', encoding: 'bigint' }), BigInt('0x' + await reference('crc32', content)), `${kind} bigint size=${size}`)
      }
    }
  })

  it('file: URL, Buffer and relative paths', async () => {
    const { path: file, content } = files.get(MiB + 1)
    const expected = await reference('sha256', content)
    const url = pathToFileURL(file)
    const relative = path.relative(process.cwd(), file)
    for (const [kind, api] of each()) {
      for (const [label, p] of [['URL', url], ['Buffer', Buffer.from(file)], ['relative', relative], ['URL string', url.href]]) {
        if (label === 'URL string') {
          // a string is a path, never a URL: 'file:///…' names a (missing) relative path
          const error = await caught(() => api.hashFile(p, 'sha256'), `${kind} ${label}`)
          assert.equal(error.code, 'ENOENT', `${kind}: a file: URL given as a string is a relative path`)
          continue
        }
        assert.equal(await api.hashFile(p, 'sha256'), expected, `${kind} hashFile(${label})`)
        assert.equal(api.hashFileSync(p, 'sha256'), expected, `${kind} hashFileSync(${label})`)
      }
      const results = await api.hashFiles([url, Buffer.from(file), relative], 'sha256')
      assert.deepEqual(results, [
        { path: file, size: MiB + 1, digest: expected },
        { path: file, size: MiB + 1, digest: expected },
        { path: relative, size: MiB + 1, digest: expected }
      ], `${kind} hashFiles echoes each path as a string`)
    }
  })

  it('names with spaces, unicode, newlines, carriage returns and backslashes', async () => {
    const names = ['with space.txt', '  leading and trailing  ', 'ünïcödé 日本語 😀.bin', 'new\nline', 'carriage\rreturn', 'back\\slash\\', 'tab\there', "quote'\"s", '-dash', '#hash', '*?[glob]']
    const d = freshDir('names')
    const entries = names.map((name, i) => {
      const content = randomBytes(100 + i * 1000, 500 + i)
      return { name, full: put(d, name, content), content }
    })
    for (const [kind, api] of each()) {
      for (const { name, full, content } of entries) {
        const expected = await reference('sha256', content)
        assert.equal(await api.hashFile(full, 'sha256'), expected, `${kind} hashFile(${JSON.stringify(name)})`)
        assert.equal(api.hashFileSync(full, 'sha256'), expected, `${kind} hashFileSync(${JSON.stringify(name)})`)
        assert.equal(await api.hashFile(pathToFileURL(full), 'sha256'), expected, `${kind} hashFile(URL of ${JSON.stringify(name)})`)
      }
      const results = await api.hashFiles(entries.map((e) => e.full), 'sha256')
      assert.deepEqual(results.map((r) => r.path), entries.map((e) => e.full), `${kind} hashFiles paths`)
      for (const [i, r] of results.entries()) {
        assert.equal(r.digest, await reference('sha256', entries[i].content), `${kind} hashFiles ${JSON.stringify(entries[i].name)}`)
      }
    }
  })
})

// =======================================================================================

describe('errors name the path and keep the OS code', () => {
  const dir = freshDir('errors')
  const good = put(dir, 'good.txt', 'good')
  const missing = path.join(dir, 'missing', 'nothing.txt')
  const throughFile = path.join(good, 'child')
  const loopA = path.join(dir, 'loop-a')
  const loopB = path.join(dir, 'loop-b')
  fs.symlinkSync('loop-b', loopA)
  fs.symlinkSync('loop-a', loopB)

  const cases = [
    ['ENOENT', missing],
    ['EISDIR', dir],
    ['ENOTDIR', throughFile],
    ['ELOOP', loopA]
  ]

  for (const [kind, api] of each()) {
    it(`${kind}: ENOENT, EISDIR, ENOTDIR, ELOOP from hashFile, hashFileSync and hashFiles`, async () => {
      for (const [code, p] of cases) {
        assertFsError(await caught(() => api.hashFile(p), `${kind} hashFile ${code}`), code, p, `${kind} hashFile ${code}`)
        assertFsError(await caught(() => api.hashFile(p, { algorithm: 'sha256', mmap: false }), `${kind} hashFile mmap:false ${code}`), code, p, `${kind} hashFile mmap:false ${code}`)
        assert.throws(() => api.hashFileSync(p), (error) => { assertFsError(error, code, p, `${kind} hashFileSync ${code}`); return true })
        assertFsError(await caught(() => api.hashFile(Buffer.from(p)), `${kind} hashFile(Buffer) ${code}`), code, p, `${kind} hashFile(Buffer) ${code}`)
        const [entry] = await api.hashFiles([p])
        assert.equal(entry.path, p)
        assert.equal(entry.digest, undefined)
        assertFsError(entry.error, code, p, `${kind} hashFiles ${code}`)
      }
    })

    it(`${kind}: an error for a file: URL names the path as a string, like node:fs`, async () => {
      const url = pathToFileURL(missing)
      const nodeError = await caught(() => fs.promises.readFile(url), 'node:fs')
      assert.equal(nodeError.path, fileURLToPath(url), 'node:fs reference')
      assertFsError(await caught(() => api.hashFile(url), `${kind} hashFile(URL)`), 'ENOENT', missing, `${kind} hashFile(URL)`)
      assert.throws(() => api.hashFileSync(url), (error) => { assertFsError(error, 'ENOENT', missing, `${kind} hashFileSync(URL)`); return true })
      const [entry] = await api.hashFiles([url])
      assertFsError(entry.error, 'ENOENT', missing, `${kind} hashFiles([URL])`)
    })

    it(`${kind}: EACCES on an unreadable file and directory`, { skip: IS_ROOT && 'running as root: permissions cannot deny reads' }, async () => {
      const d = freshDir('eacces')
      const secret = put(d, 'secret.txt', 'secret')
      const closedDir = path.join(d, 'closed')
      put(closedDir, 'inside.txt', 'x')
      fs.chmodSync(secret, 0o000)
      fs.chmodSync(closedDir, 0o000)
      try {
        assertFsError(await caught(() => api.hashFile(secret), 'hashFile'), 'EACCES', secret, `${kind} hashFile EACCES`)
        assert.throws(() => api.hashFileSync(secret), (error) => { assertFsError(error, 'EACCES', secret, `${kind} hashFileSync EACCES`); return true })
        const [entry] = await api.hashFiles([secret])
        assertFsError(entry.error, 'EACCES', secret, `${kind} hashFiles EACCES`)
        // the walk reads 'closed' (sorted before 'secret.txt') and fails there, naming it
        assertFsError(await caught(() => api.hashDirectory(d), 'hashDirectory'), 'EACCES', closedDir, `${kind} hashDirectory EACCES`)
        // an unreadable file listed by the walk fails the tree, naming the file
        const d2 = freshDir('eacces-file')
        const secret2 = put(d2, 'b/secret.txt', 'secret')
        put(d2, 'a.txt', 'a')
        fs.chmodSync(secret2, 0o000)
        assertFsError(await caught(() => api.hashDirectory(d2), 'hashDirectory'), 'EACCES', secret2, `${kind} hashDirectory unreadable file`)
        // with gitignore: true an unreadable .gitignore is an error too, not silently ignored
        const d3 = freshDir('eacces-gitignore')
        const gi = put(d3, 'sub/.gitignore', '*.txt\n')
        put(d3, 'sub/x.txt', 'x')
        fs.chmodSync(gi, 0o000)
        assertFsError(await caught(() => api.hashDirectory(d3, { gitignore: true }), 'hashDirectory gitignore'), 'EACCES', gi, `${kind} hashDirectory unreadable .gitignore`)
      } finally {
        fs.chmodSync(secret, 0o644)
        fs.chmodSync(closedDir, 0o755)
      }
    })

    it(`${kind}: invalid paths, wrong types, unknown and misplaced options`, async () => {
      // NUL bytes and empty paths
      for (const bad of [`${good}\0x`, Buffer.from(`${good}\0`), '']) {
        const shown = JSON.stringify(String(bad))
        await assert.rejects(api.hashFile(bad), withCode('ERR_INVALID_ARG_VALUE', { type: TypeError }), `${kind} hashFile(${shown})`)
        assert.throws(() => api.hashFileSync(bad), withCode('ERR_INVALID_ARG_VALUE', { type: TypeError }), `${kind} hashFileSync(${shown})`)
        await assert.rejects(api.hashFiles([good, bad]), withCode('ERR_INVALID_ARG_VALUE', { mentions: 'paths[1]' }), `${kind} hashFiles([good, ${shown}])`)
        await assert.rejects(api.hashDirectory(bad), withCode('ERR_INVALID_ARG_VALUE'), `${kind} hashDirectory(${shown})`)
      }
      // wrong types: async APIs reject, never throw synchronously
      for (const bad of [undefined, null, 42, {}, [good], Symbol('x'), new Uint8Array(3)]) {
        let promise
        assert.doesNotThrow(() => { promise = api.hashFile(bad) }, `${kind} hashFile threw synchronously`)
        await assert.rejects(promise, withCode('ERR_INVALID_ARG_TYPE', { type: TypeError, mentions: '"path"' }), `${kind} hashFile(${String(bad)})`)
        assert.throws(() => api.hashFileSync(bad), withCode('ERR_INVALID_ARG_TYPE', { mentions: '"path"' }), `${kind} hashFileSync(${String(bad)})`)
        await assert.rejects(api.hashDirectory(bad), withCode('ERR_INVALID_ARG_TYPE', { mentions: '"dir"' }), `${kind} hashDirectory(${String(bad)})`)
        await assert.rejects(api.hashFiles([good, bad]), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'paths[1]' }), `${kind} hashFiles([good, ${String(bad)}])`)
      }
      for (const bad of [good, undefined, null, 3, { length: 1, 0: good }, new Set([good])]) {
        await assert.rejects(api.hashFiles(bad), withCode('ERR_INVALID_ARG_TYPE', { mentions: '"paths"' }), `${kind} hashFiles(${String(bad)})`)
      }
      // options of the wrong type
      await assert.rejects(api.hashFile(good, 42), withCode('ERR_INVALID_ARG_TYPE'), `${kind} hashFile options 42`)
      assert.throws(() => api.hashFileSync(good, true), withCode('ERR_INVALID_ARG_TYPE'), `${kind} hashFileSync options true`)
      await assert.rejects(api.hashFile(good, { mmap: 'no' }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'mmap' }))
      assert.throws(() => api.hashFileSync(good, { mmap: 1 }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'mmap' }))
      await assert.rejects(api.hashDirectory(dir, { ignore: '*.log' }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'ignore' }))
      await assert.rejects(api.hashDirectory(dir, { ignore: ['ok', 3] }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'ignore' }))
      for (const flag of ['gitignore', 'hidden', 'followSymlinks']) {
        await assert.rejects(api.hashDirectory(dir, { [flag]: 'yes' }), withCode('ERR_INVALID_ARG_TYPE', { mentions: flag }), `${kind} ${flag}: 'yes'`)
      }
      await assert.rejects(api.hashFile(good, { algorithm: 'sha3' }), withCode('ERR_HASHMILL_UNKNOWN_ALGORITHM'))
      await assert.rejects(api.hashFile(good, { signal: 'nope' }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'signal' }))
      // unknown options, including walk options on file APIs
      await assert.rejects(api.hashFile(good, { mmmap: false }), withCode('ERR_HASHMILL_UNKNOWN_OPTION', { mentions: 'mmmap' }))
      assert.throws(() => api.hashFileSync(good, { bogus: 1 }), withCode('ERR_HASHMILL_UNKNOWN_OPTION', { mentions: 'bogus' }))
      await assert.rejects(api.hashFiles([good], { ignore: ['x'] }), withCode('ERR_HASHMILL_UNKNOWN_OPTION', { mentions: 'ignore' }))
      await assert.rejects(api.hashFile(good, { followSymlinks: true }), withCode('ERR_HASHMILL_UNKNOWN_OPTION', { mentions: 'followSymlinks' }))
      await assert.rejects(api.hashDirectory(dir, { gitIgnore: true }), withCode('ERR_HASHMILL_UNKNOWN_OPTION', { mentions: 'gitIgnore' }))
      // onProgress must be a function
      for (const bad of ['fn', 1, {}, null]) {
        await assert.rejects(api.hashFile(good, { onProgress: bad }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'onProgress' }), `${kind} hashFile onProgress ${bad}`)
        await assert.rejects(api.hashFiles([good], { onProgress: bad }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'onProgress' }))
        await assert.rejects(api.hashDirectory(dir, { onProgress: bad }), withCode('ERR_INVALID_ARG_TYPE', { mentions: 'onProgress' }))
      }
      // onProgress and signal are for async calls only
      assert.throws(() => api.hashFileSync(good, { onProgress: () => {} }), withCode('ERR_HASHMILL_OPTION_NOT_SUPPORTED', { mentions: 'onProgress' }))
      assert.throws(() => api.hashFileSync(good, { signal: new AbortController().signal }), withCode('ERR_HASHMILL_OPTION_NOT_SUPPORTED', { mentions: 'signal' }))
      // and none of that touched the file system in a way that breaks the next call
      assert.equal(await api.hashFile(good, 'sha256'), sha256('good'))
    })

    it(`${kind}: /proc files (size 0 but with content) hash what they read`, async () => {
      assert.equal(fs.statSync('/proc/self/status').size, 0, 'precondition: /proc reports size 0')
      const status = await api.hashFile('/proc/self/status', 'sha256')
      assert.match(status, /^[0-9a-f]{64}$/)
      assert.notEqual(status, sha256(''), `${kind}: /proc/self/status is not empty`)
      assert.match(api.hashFileSync('/proc/self/status', { algorithm: 'sha256', mmap: true }), /^[0-9a-f]{64}$/)
      const [entry] = await api.hashFiles(['/proc/self/status'])
      assert.ok(entry.size > 100, `${kind}: hashFiles reports the bytes read (${entry.size})`)
      // stable /proc files: exactly their content
      for (const file of ['/proc/version', '/proc/self/cmdline', '/proc/self/environ']) {
        const content = fs.readFileSync(file)
        for (const algorithm of ['sha256', 'blake3', 'xxh3']) {
          const expected = await reference(algorithm, content)
          assert.equal(await api.hashFile(file, algorithm), expected, `${kind} hashFile ${file} ${algorithm}`)
          assert.equal(api.hashFileSync(file, algorithm), expected, `${kind} hashFileSync ${file} ${algorithm}`)
        }
        const [one] = await api.hashFiles([file], 'sha256')
        assert.equal(one.size, content.length, `${kind} ${file} size`)
      }
    })
  }

  describe('FIFOs', () => {
    /** The bytes the writer writes: chunks of odd sizes, with pauses, so reads come back short. */
    const CHUNKS = [1, 4095, 65537, 300000, 1 << 20, 77777, 3]
    const expected = Buffer.concat(CHUNKS.map((n, i) => randomBytes(n, 0xf1f0 + i)))
    const writerScript = (fifo) => `
      const fs = require('node:fs')
      const randomBytes = ${randomBytes.toString()}
      setTimeout(() => process.exit(3), 20000).unref()
      fs.open(${JSON.stringify(fifo)}, 'w', async (err, fd) => {
        if (err) { console.error(err); process.exit(2) }
        for (const [i, n] of ${JSON.stringify(CHUNKS)}.entries()) {
          fs.writeSync(fd, randomBytes(n, 0xf1f0 + i))
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
        fs.closeSync(fd)
      })`

    function makeFifo (label) {
      const fifo = path.join(freshDir('fifo'), `${label} fifo`)
      cp.execFileSync('mkfifo', [fifo])
      return fifo
    }

    /** Ends a hang: kills the writer, then opens and closes the FIFO so a blocked reader sees EOF. */
    function unblock (fifo, writer) {
      writer.kill('SIGKILL')
      try { fs.closeSync(fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK)) } catch {}
    }

    for (const [kind, api] of each()) {
      for (const algorithm of ['sha256', 'blake3']) {
        it(`${kind}: hashFile on a FIFO fed by another process (${algorithm})`, { timeout: 20000 }, async () => {
          const fifo = makeFifo(`${kind}-${algorithm}`)
          const writer = cp.spawn(process.execPath, ['-e', writerScript(fifo)], { stdio: 'ignore' })
          const exited = new Promise((resolve) => writer.on('exit', resolve))
          let timer
          const hang = new Promise((resolve, reject) => {
            timer = setTimeout(() => {
              unblock(fifo, writer)
              reject(new Error(`${kind}: hashFile on a FIFO hung for 10 s`))
            }, 10000)
          })
          try {
            const digest = await Promise.race([api.hashFile(fifo, algorithm), hang])
            assert.equal(digest, await reference(algorithm, expected), `${kind} ${algorithm} FIFO digest`)
            assert.equal(await exited, 0, 'the writer finished')
          } finally {
            clearTimeout(timer)
            writer.kill()
          }
        })
      }

      it(`${kind}: hashFileSync and hashFiles on a FIFO (in a child process, killed after 15 s)`, { timeout: 40000 }, async () => {
        const fifo = makeFifo(`${kind}-sync`)
        // The child starts the writer, then blocks its own main thread in hashFileSync.
        const script = `
          const cp = require('node:child_process')
          const api = require(${JSON.stringify(INDEX)})
          const fifo = ${JSON.stringify(fifo)}
          const out = {}
          cp.spawn(process.execPath, ['-e', ${JSON.stringify(writerScript(fifo))}], { stdio: 'ignore' })
          out.sync = api.hashFileSync(fifo, 'sha256')
          cp.spawn(process.execPath, ['-e', ${JSON.stringify(writerScript(fifo))}], { stdio: 'ignore' })
          api.hashFiles([fifo], 'sha256').then(([r]) => {
            out.files = r
            process.stdout.write(JSON.stringify(out))
          })`
        const child = cp.spawnSync(process.execPath, ['-e', script], {
          env: { ...process.env, HASHMILL_BACKEND: kind },
          timeout: 15000,
          encoding: 'utf8'
        })
        if (child.error || child.status !== 0) unblock(fifo, { kill () {} })
        assert.equal(child.error, undefined, `${kind}: the child hung or failed: ${child.error} ${child.stderr}`)
        assert.equal(child.status, 0, `${kind}: child exit ${child.status} signal ${child.signal}: ${child.stderr}`)
        const out = JSON.parse(child.stdout)
        const want = sha256(expected)
        assert.equal(out.sync, want, `${kind} hashFileSync on a FIFO`)
        assert.deepEqual(out.files, { path: fifo, size: expected.length, digest: want }, `${kind} hashFiles on a FIFO`)
      })
    }
  })
})

// =======================================================================================

describe('hashFiles', () => {
  const dir = freshDir('many')

  for (const [kind, api] of each()) {
    it(`${kind}: one result per path in input order; a bad path never fails the batch`, async () => {
      const a = put(dir, 'a.txt', randomBytes(5000, 1))
      const b = put(dir, 'b.txt', randomBytes(20000, 2))
      const c = put(dir, 'c.txt', Buffer.alloc(0))
      const missing = path.join(dir, 'missing.txt')
      const paths = [b, missing, a, dir, c, a, path.join(a, 'x'), b]
      const results = await api.hashFiles(paths, 'sha256')
      assert.equal(results.length, paths.length)
      assert.deepEqual(results.map((r) => r.path), paths, `${kind}: input order`)
      const ok = (p) => ({ path: p, size: fs.statSync(p).size, digest: sha256(fs.readFileSync(p)) })
      for (const i of [0, 2, 4, 5, 7]) assert.deepEqual(results[i], ok(paths[i]), `${kind} result ${i}`)
      for (const [i, code] of [[1, 'ENOENT'], [3, 'EISDIR'], [6, 'ENOTDIR']]) {
        assert.deepEqual(Object.keys(results[i]).sort(), ['error', 'path'], `${kind} result ${i} shape`)
        assertFsError(results[i].error, code, paths[i], `${kind} result ${i}`)
      }
      // all bad
      const bad = await api.hashFiles([missing, dir])
      assert.deepEqual(bad.map((r) => r.error.code), ['ENOENT', 'EISDIR'])
    })

    it(`${kind}: an empty array gives []`, async () => {
      assert.deepEqual(await api.hashFiles([]), [])
      assert.deepEqual(await api.hashFiles([], { algorithm: 'sha256', onProgress: () => assert.fail('no progress for no files') }), [])
    })
  }

  it('2,000 small files equal node:crypto on both backends, byte-identical between backends', { timeout: 30000 }, async () => {
    const d = freshDir('two-thousand')
    const entries = []
    for (let i = 0; i < 2000; i++) {
      const content = randomBytes(i % 97 === 0 ? 0 : 1 + (i * 7919) % 9000, 1000 + i)
      entries.push({ full: put(d, `sub${i % 7}/f${i}.bin`, content), content })
    }
    const paths = entries.map((e) => e.full)
    const results = {}
    for (const algorithm of ['sha256', 'md5', 'sha1']) {
      const expected = entries.map((e) => ({ path: e.full, size: e.content.length, digest: crypto.createHash(algorithm).update(e.content).digest('hex') }))
      for (const [kind, api] of each()) {
        const got = await api.hashFiles(paths, { algorithm })
        const wrong = got.map((r, i) => (JSON.stringify(r) === JSON.stringify(expected[i]) ? -1 : i)).filter((i) => i >= 0)
        assert.deepEqual(wrong, [], `${kind} ${algorithm}: wrong results at ${wrong.slice(0, 10)}`)
        results[kind] = got
      }
      assert.deepEqual(results.native, results.wasm, `${algorithm}: backends differ`)
    }
    // blake3 (buffer encoding): identical bytes from both backends
    const native = await backends.native.hashFiles(paths, { encoding: 'buffer' })
    const wasm = await backends.wasm.hashFiles(paths, { encoding: 'buffer' })
    assert.deepEqual(native, wasm, 'blake3 buffers differ between backends')
  })
})

// =======================================================================================

describe('a 20,000-file tree: correct, and open file descriptors stay bounded', { timeout: 60000 }, () => {
  const FILES = 20000
  let dir
  let entries
  let expectedManifest

  before(() => {
    dir = freshDir('tree20k')
    const pool = randomBytes(256 * KiB, 20000)
    entries = []
    const made = new Set()
    for (let i = 0; i < FILES; i++) {
      const size = 1024 + ((i * 2654435761) >>> 0) % (3 * 1024 + 1)
      const at = (i * 4099) % (pool.length - size)
      const content = Buffer.from(pool.subarray(at, at + size))
      content.writeUInt32LE(i, 0)
      const rel = `d${i % 20}/e${Math.floor(i / 20) % 10}/${i % 3 === 0 ? 'deeper/' : ''}f${i}.bin`
      const parent = path.join(dir, path.dirname(rel))
      if (!made.has(parent)) { fs.mkdirSync(parent, { recursive: true }); made.add(parent) }
      fs.writeFileSync(path.join(dir, rel), content)
      entries.push({ rel, size, digest: sha256(content) })
    }
    entries.sort((a, b) => byBytes(a.rel, b.rel))
    expectedManifest = entries.map((e) => `${e.digest}  ${e.rel}\n`).join('')
  })

  const results = {}
  for (const [kind, api] of each()) {
    it(`${kind}: hashDirectory and hashFiles`, async (t) => {
      // warm up (the wasm pool starts its workers lazily; workers own fds of their own)
      await api.hashFiles(entries.slice(0, 64).map((e) => path.join(dir, e.rel)))
      const baseline = fdCount()

      let stop = sampleFds()
      const started = Date.now()
      const tree = await api.hashDirectory(dir, { algorithm: 'sha256' })
      const treeMs = Date.now() - started
      let max = stop()
      assert.ok(max < baseline + 64, `${kind} hashDirectory: up to ${max} open fds (baseline ${baseline})`)
      assert.equal(tree.files.length, FILES)
      assert.equal(tree.manifest, expectedManifest, `${kind}: manifest`)
      assert.equal(tree.digest, sha256(tree.manifest))
      assert.deepEqual(tree.files, entries.map((e) => ({ path: e.rel, size: e.size, digest: e.digest })))
      results[kind] = tree

      const paths = entries.map((e) => path.join(dir, e.rel))
      stop = sampleFds()
      const many = await api.hashFiles(paths, { algorithm: 'sha256', mmap: false })
      max = stop()
      assert.ok(max < baseline + 64, `${kind} hashFiles: up to ${max} open fds (baseline ${baseline})`)
      const wrong = many.map((r, i) => (r.digest === entries[i].digest && r.size === entries[i].size && r.path === paths[i] ? -1 : i)).filter((i) => i >= 0)
      assert.deepEqual(wrong, [], `${kind} hashFiles wrong at ${wrong.slice(0, 10)}`)

      assert.ok(await settledFds(baseline) <= baseline, `${kind}: fds left open after the tree`)
      t.diagnostic(`${kind}: 20,000 files: hashDirectory ${treeMs} ms; max fds ${max} (baseline ${baseline})`)
    })
  }

  for (const [kind, api] of each()) {
    it(`${kind}: one AbortSignal on a 20,000-path hashFiles call raises no MaxListenersExceededWarning`, async () => {
      const warnings = []
      const onWarning = (w) => warnings.push(`${w.name}: ${w.message}`)
      process.on('warning', onWarning)
      try {
        const controller = new AbortController()
        const results = await api.hashFiles(entries.map((e) => path.join(dir, e.rel)), { algorithm: 'xxh3', signal: controller.signal })
        assert.equal(results.length, FILES)
        await sleep(20) // warnings are emitted on a later tick
      } finally {
        process.off('warning', onWarning)
      }
      assert.deepEqual(warnings.filter((w) => w.includes('MaxListeners')), [], `${kind}: one signal should add one abort listener per call`)
    })
  }

  for (const [kind] of each()) {
    it(`${kind}: a result kept from hashTree holds its own strings, not its batch's text`, () => {
      // One result kept per batch of 4096: were its strings slices of one text per batch,
      // each would keep ~330 KB alive (4096 hex digests and paths). What they hold is the
      // heap given back when they are let go, after two runs made what a run makes once.
      const script = `(async () => {
        const h = require(${JSON.stringify(INDEX)})
        const run = async (kept) => { let i = 0; for await (const r of h.hashTree(${JSON.stringify(dir)}, 'sha256')) if (i++ % 4096 === 0) kept.push(r) }
        await run([])
        await run([])
        const kept = []
        await run(kept)
        global.gc(); global.gc()
        const holding = process.memoryUsage().heapUsed
        const count = kept.length
        kept.length = 0
        global.gc(); global.gc()
        process.stdout.write(JSON.stringify({ kept: count, held: holding - process.memoryUsage().heapUsed }))
      })()`
      const out = JSON.parse(cp.execFileSync(process.execPath, ['--expose-gc', '-e', script], { env: { ...process.env, HASHMILL_BACKEND: kind } }).toString())
      assert.equal(out.kept, Math.ceil(FILES / 4096))
      assert.ok(out.held < 512 * KiB, `${kind}: ${out.kept} results held ${out.held} bytes`)
    })
  }

  for (const [kind, api] of each()) {
    it(`${kind}: hashTree yields hashDirectory's files in its order, with bounded fds; leaving the loop early stops it`, async () => {
      const baseline = fdCount()
      const stop = sampleFds()
      const yielded = []
      for await (const file of api.hashTree(dir, { algorithm: 'sha256' })) yielded.push(file)
      const max = stop()
      assert.ok(max < baseline + 64, `${kind} hashTree: up to ${max} open fds (baseline ${baseline})`)
      assert.deepEqual(yielded, entries.map((e) => ({ path: e.rel, size: e.size, digest: e.digest })))

      // Whatever the full run started (pool workers own fds) is running now.
      const before = fdCount()
      let taken = 0
      for await (const file of api.hashTree(dir, 'xxh3')) {
        assert.equal(file.path, entries[taken].rel)
        if (++taken === 100) break
      }
      assert.ok(await settledFds(before) <= before, `${kind}: fds left open after leaving hashTree's loop`)
      assert.equal((await api.hashTree(dir, 'xxh3').next()).value.path, entries[0].rel, 'a new hashTree starts from the beginning')
    })

    it(`${kind}: hashTree with an AbortSignal aborted mid-iteration rejects with AbortError`, async () => {
      const controller = new AbortController()
      let seen = 0
      await assert.rejects(async () => {
        for await (const file of api.hashTree(dir, { algorithm: 'xxh3', signal: controller.signal })) {
          assert.ok(file.digest)
          if (++seen === 10) controller.abort()
        }
      }, { name: 'AbortError' })
      assert.ok(seen >= 10 && seen < FILES, `${kind}: ${seen} files before the abort took effect`)
    })
  }

  it('both backends give the identical tree result (blake3 too)', async () => {
    assert.deepEqual(results.native, results.wasm)
    const [n, w] = await Promise.all([backends.native.hashDirectory(dir), backends.wasm.hashDirectory(dir)])
    assert.deepEqual(n, w)
    assert.equal(n.digest, backends.native.hashSync(n.manifest))
  })
})

// =======================================================================================

describe('hashDirectory', () => {
  /** What coreutils sha256sum prints for `rels` (sorted by UTF-8 bytes), run in `dir`. */
  function coreutils (dir, rels) {
    const sorted = [...rels].sort(byBytes)
    if (sorted.length === 0) return ''
    return cp.execFileSync('sha256sum', ['--', ...sorted], { cwd: dir }).toString()
  }

  /** Relative paths of every regular file under `dir` (not following symlinks). */
  function regularFiles (dir, rel = '') {
    const out = []
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) out.push(...regularFiles(dir, child))
      else if (entry.isFile()) out.push(child)
    }
    return out
  }

  const paths = (result) => result.files.map((f) => f.path)

  /** hashDirectory on both backends; asserts they agree; returns the native result. */
  async function both (dir, opts, label) {
    const native = await backends.native.hashDirectory(dir, opts)
    const wasm = await backends.wasm.hashDirectory(dir, opts)
    assert.deepEqual(wasm, native, `${label}: backends differ`)
    return native
  }

  it('the manifest is exactly what coreutils sha256sum prints; the digest is the hash of the manifest', async () => {
    const dir = freshDir('manifest')
    const names = [
      'plain.txt', 'with space.txt', ' leading space', 'ünïcödé 日本語 😀.txt', 'back\\slash', 'new\nline', 'both\\and\nnewline',
      'sub/nested/deep.bin', 'sub/a.txt', 'sub.txt', 'sub-x', 'sub/ü/z', 'Z', 'a', '_under', '~tilde',
      'empty', 'sub/empty-too', 'emptydir-sibling/x', '.hidden', '.config/settings'
    ]
    for (const [i, name] of names.entries()) put(dir, name, name.startsWith('empty') || name.endsWith('empty-too') ? '' : randomBytes(10 + i * 777, 300 + i))
    fs.mkdirSync(path.join(dir, 'emptydir/also-empty'), { recursive: true })
    const rels = regularFiles(dir)
    assert.equal(rels.length, names.length)
    const expected = coreutils(dir, rels)
    assert.ok(expected.includes('\\') && expected.split('\n').some((l) => l.startsWith('\\')), 'precondition: coreutils escaped some names')

    for (const [kind, api] of each()) {
      const result = await api.hashDirectory(dir, { algorithm: 'sha256' })
      assert.equal(result.manifest, expected, `${kind}: manifest differs from sha256sum`)
      assert.equal(result.digest, sha256(Buffer.from(result.manifest)), `${kind}: digest is sha256 of the manifest bytes`)
      assert.equal(result.digest, api.hashSync(result.manifest, 'sha256'), `${kind}: digest equals hashSync(manifest)`)
      assert.deepEqual(paths(result), [...rels].sort(byBytes), `${kind}: files sorted by path bytes`)
      for (const f of result.files) {
        const content = fs.readFileSync(path.join(dir, f.path))
        assert.equal(f.size, content.length, `${kind} size of ${JSON.stringify(f.path)}`)
        assert.equal(f.digest, sha256(content), `${kind} digest of ${JSON.stringify(f.path)}`)
      }
      // other algorithms: same lines with their digests; the digest hashes the manifest with that algorithm
      for (const opts of [{}, { algorithm: 'xxh3' }, { algorithm: 'md5' }, { algorithm: 'blake3', outputLength: 40 }, { key: randomBytes(32, 9) }, { context: 'tree ctx' }]) {
        const r = await api.hashDirectory(dir, opts)
        const lines = r.files.map((f) => {
          const escaped = /[\\\n\r]/.test(f.path)
          const name = f.path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
          return `${escaped ? '\\' : ''}${f.digest}  ${name}\n`
        }).join('')
        assert.equal(r.manifest, lines, `${kind} ${JSON.stringify(opts)} manifest`)
        const hashOpts = { ...opts }
        assert.equal(r.digest, api.hashSync(r.manifest, hashOpts), `${kind} ${JSON.stringify(opts)} digest = hashSync(manifest)`)
        for (const f of r.files) assert.equal(f.digest, api.hashFileSync(path.join(dir, f.path), hashOpts), `${kind} ${JSON.stringify(opts)} ${JSON.stringify(f.path)}`)
      }
      // encodings apply to the tree digest and every file digest
      const b64 = await api.hashDirectory(dir, { algorithm: 'sha256', encoding: 'base64' })
      assert.equal(b64.digest, Buffer.from(result.digest, 'hex').toString('base64'))
      assert.equal(b64.manifest, expected, `${kind}: the manifest is hex whatever the encoding`)
      const buf = await api.hashDirectory(dir, { algorithm: 'sha256', encoding: 'buffer', mmap: false })
      assert.ok(Buffer.isBuffer(buf.digest))
      assert.equal(buf.digest.toString('hex'), result.digest)
    }
    await both(dir, { algorithm: 'sha256' }, 'sha256')
    await both(dir, {}, 'blake3')
    // the dir given as URL, Buffer, with a trailing slash and relatively: the same result
    const want = await backends.native.hashDirectory(dir, 'sha256')
    for (const [kind, api] of each()) {
      for (const d of [pathToFileURL(dir), Buffer.from(dir), `${dir}/`, path.relative(process.cwd(), dir)]) {
        assert.deepEqual(await api.hashDirectory(d, 'sha256'), want, `${kind} hashDirectory(${d})`)
      }
    }
  })

  it('an empty directory: files [], empty manifest, digest of the empty manifest', async () => {
    const dir = freshDir('empty')
    fs.mkdirSync(path.join(dir, 'only/empty/dirs'), { recursive: true })
    for (const [kind, api] of each()) {
      for (const algorithm of ['sha256', 'blake3', 'crc32']) {
        const r = await api.hashDirectory(dir, { algorithm })
        assert.deepEqual(r, { digest: await reference(algorithm, Buffer.alloc(0)), files: [], manifest: '' }, `${kind} ${algorithm}`)
      }
      assert.equal((await api.hashDirectory(dir, 'sha256')).digest, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    }
  })

  it('hidden: false skips dot files and dot directories (default includes them)', async () => {
    const dir = freshDir('hidden')
    for (const rel of ['visible.txt', '.env', '.config/app.json', 'src/.cache/x', 'src/main.js', 'src/.keep', 'a.b/c']) put(dir, rel, rel)
    assert.deepEqual(paths(await both(dir, {}, 'hidden default')), ['.config/app.json', '.env', 'a.b/c', 'src/.cache/x', 'src/.keep', 'src/main.js', 'visible.txt'])
    assert.deepEqual(paths(await both(dir, { hidden: true }, 'hidden true')), ['.config/app.json', '.env', 'a.b/c', 'src/.cache/x', 'src/.keep', 'src/main.js', 'visible.txt'])
    const r = await both(dir, { hidden: false, algorithm: 'sha256' }, 'hidden false')
    assert.deepEqual(paths(r), ['a.b/c', 'src/main.js', 'visible.txt'])
    assert.equal(r.manifest, coreutils(dir, paths(r)))
  })

  it('ignore patterns: *.log, build/ (directories only), negation !keep.log, anchors and **', async () => {
    const dir = freshDir('ignore')
    const all = ['app.js', 'x.log', 'keep.log', 'sub/y.log', 'sub/keep.log', 'build/out.js', 'sub/build/out.js', 'other/build', 'docs/a/b/draft.md', 'docs/draft.md', 'top.tmp', 'sub/top.tmp', 'src/main.c']
    for (const rel of all) put(dir, rel, rel)
    const r = await both(dir, { ignore: ['*.log', 'build/', '!keep.log'], algorithm: 'sha256' }, 'ignore')
    assert.deepEqual(paths(r), ['app.js', 'docs/a/b/draft.md', 'docs/draft.md', 'keep.log', 'other/build', 'src/main.c', 'sub/keep.log', 'sub/top.tmp', 'top.tmp'])
    assert.equal(r.manifest, coreutils(dir, paths(r)))
    assert.equal(r.digest, sha256(r.manifest))
    const r2 = await both(dir, { ignore: ['/top.tmp', 'docs/**/draft.md', 'src/'] }, 'anchored')
    assert.deepEqual(paths(r2), ['app.js', 'build/out.js', 'keep.log', 'other/build', 'sub/build/out.js', 'sub/keep.log', 'sub/top.tmp', 'sub/y.log', 'x.log'])
    // everything ignored: an empty tree, not an error
    assert.deepEqual(await both(dir, { ignore: ['*'], algorithm: 'sha256' }, 'all'), { digest: sha256(''), files: [], manifest: '' })
  })

  it('an invalid pattern ([z-a]) is ERR_INVALID_ARG_VALUE', async () => {
    const dir = freshDir('badpattern')
    put(dir, 'a.txt', 'a')
    for (const [kind, api] of each()) {
      await assert.rejects(api.hashDirectory(dir, { ignore: ['*.log', '[z-a]'] }), withCode('ERR_INVALID_ARG_VALUE', { type: TypeError, mentions: '[z-a]' }), kind)
    }
  })

  it('gitignore: true honours nested .gitignore files and .git/info/exclude with git\'s precedence, and skips .git', async (t) => {
    const dir = freshDir('gitignore')
    put(dir, '.gitignore', '*.log\nbuild/\n/root-only.txt\n!important.log\ntmp*\ndocs/**/draft.md\n# a comment\n\\#hash\n*.o\n')
    put(dir, '.git/HEAD', 'ref: refs/heads/main\n')
    put(dir, '.git/config', '[core]\n')
    put(dir, '.git/info/exclude', 'secret*\n')
    put(dir, 'a/.gitignore', '!keep.log\n*.bak\n/local.txt\n')
    put(dir, 'a/b/.gitignore', '*.txt\n!b-keep.txt\n*.log\n!*.o\n')
    const all = [
      'x.log', 'important.log', 'build/out.js', 'a/build/out.js', 'build2/out.js', 'root-only.txt', 'a/root-only.txt',
      'a/keep.log', 'a/other.log', 'a/x.bak', 'a/local.txt', 'a/b/local.txt', 'a/b/note.txt', 'a/b/b-keep.txt',
      'a/b/keep.log', 'secret.txt', 'a/secret2', 'tmpfile', 'a/tmpdir/x', 'docs/a/b/draft.md', 'docs/draft.md',
      'docs/x/final.md', '#hash', 'plain', 'a/b/c/deep.txt', 'a/b/c/deep.bin', 'c/build', 'x.o', 'a/b/y.o', 'a/b/c/z.o'
    ]
    for (const rel of all) put(dir, rel, rel)
    const expected = [
      '.gitignore', 'a/.gitignore', 'a/b/.gitignore', 'a/b/b-keep.txt', 'a/b/c/deep.bin', 'a/b/c/z.o', 'a/b/y.o',
      'a/keep.log', 'a/root-only.txt', 'build2/out.js', 'c/build', 'docs/x/final.md', 'important.log', 'plain'
    ]
    let git = null
    try {
      const fakeGit = path.join(dir, '.git')
      cp.execFileSync('git', ['init', '-q', dir + '-git'], { stdio: 'ignore' })
      fs.cpSync(dir, dir + '-git', { recursive: true, filter: (src) => src !== fakeGit && !src.startsWith(fakeGit + path.sep) })
      fs.mkdirSync(path.join(dir + '-git', '.git', 'info'), { recursive: true })
      fs.writeFileSync(path.join(dir + '-git', '.git', 'info', 'exclude'), 'secret*\n')
      git = cp.execFileSync('git', ['ls-files', '-z', '--others', '--exclude-standard'], { cwd: dir + '-git' }).toString().split('\0').filter(Boolean).sort(byBytes)
    } catch (error) {
      t.diagnostic(`git not usable, using the fixed expectation: ${error.message}`)
    }
    if (git) assert.deepEqual(git, expected, 'precondition: real git agrees with the fixed expectation')
    const r = await both(dir, { gitignore: true, algorithm: 'sha256' }, 'gitignore')
    assert.deepEqual(paths(r), expected)
    assert.equal(r.manifest, coreutils(dir, expected))
    // explicit ignore patterns win over .gitignore files
    const r2 = await both(dir, { gitignore: true, ignore: ['plain', '!x.log'] }, 'gitignore + ignore')
    assert.deepEqual(paths(r2), [...expected.filter((p) => p !== 'plain'), 'x.log'].sort(byBytes))
    // without gitignore, .git and every file is included
    const r3 = await both(dir, {}, 'no gitignore')
    assert.ok(paths(r3).includes('.git/HEAD') && paths(r3).includes('x.log') && paths(r3).length === all.length + 6)
  })

  it('symlinks: skipped by default, followed with followSymlinks: true; loops finish and list each real file once', { timeout: 20000 }, async () => {
    const outside = freshDir('outside')
    put(outside, 'o.txt', 'outside file')
    const dir = freshDir('links')
    put(dir, 'real/file.txt', 'real file')
    put(dir, 'real/deeper/d.txt', 'deeper file')
    put(dir, 'top.txt', 'top')
    fs.symlinkSync('top.txt', path.join(dir, 'link-to-file'))
    fs.symlinkSync('real', path.join(dir, 'link-to-dir'))
    fs.symlinkSync(outside, path.join(dir, 'link-outside'))
    fs.symlinkSync('nowhere', path.join(dir, 'dangling'))
    fs.symlinkSync('self-loop', path.join(dir, 'self-loop'))
    fs.symlinkSync('..', path.join(dir, 'real', 'loop'))
    fs.symlinkSync('.', path.join(dir, 'real', 'deeper', 'dot'))
    fs.symlinkSync('/dev/null', path.join(dir, 'devnull'))
    cp.execFileSync('mkfifo', [path.join(dir, 'a fifo')])

    const byDefault = await both(dir, { algorithm: 'sha256' }, 'default')
    assert.deepEqual(paths(byDefault), ['real/deeper/d.txt', 'real/file.txt', 'top.txt'], 'symlinks (and the FIFO) are skipped by default')
    assert.deepEqual(paths(await both(dir, { followSymlinks: false }, 'false')), paths(byDefault))

    const followed = await both(dir, { algorithm: 'sha256', followSymlinks: true }, 'follow')
    assert.deepEqual(paths(followed), [
      'link-outside/o.txt', 'link-to-dir/deeper/d.txt', 'link-to-dir/file.txt', 'link-to-file',
      'real/deeper/d.txt', 'real/file.txt', 'top.txt'
    ], 'followed links are listed under their own names; loops and dangling links are skipped')
    const digestOf = (r, p) => r.files.find((f) => f.path === p).digest
    assert.equal(digestOf(followed, 'link-to-file'), sha256('top'))
    assert.equal(digestOf(followed, 'link-outside/o.txt'), sha256('outside file'))
    assert.equal(followed.manifest, coreutils(dir, paths(followed)), 'sha256sum follows the same links')

    // a loop with no other link: each real file exactly once
    const loopDir = freshDir('loop')
    put(loopDir, 'f1', 'one')
    put(loopDir, 'dir/f2', 'two')
    put(loopDir, 'dir/sub/f3', 'three')
    fs.symlinkSync('..', path.join(loopDir, 'dir', 'loop'))
    fs.symlinkSync('../..', path.join(loopDir, 'dir', 'sub', 'up2'))
    for (const [kind, api] of each()) {
      const started = Date.now()
      const r = await api.hashDirectory(loopDir, { followSymlinks: true, algorithm: 'sha256' })
      assert.ok(Date.now() - started < 5000, `${kind}: a symlink loop took ${Date.now() - started} ms`)
      assert.deepEqual(paths(r), ['dir/f2', 'dir/sub/f3', 'f1'], `${kind}: each real file once`)
    }
  })

  for (const [kind, api] of each()) {
    it(`${kind}: hashTree yields { path, error } for a file gone between the walk and its hash, and goes on`, async () => {
      const dir = freshDir('tree-gone')
      for (const name of ['a.bin', 'b.bin', 'c.bin', 'zz-last.bin']) put(dir, name, name)
      // The walk reads zz-held/.gitignore (a FIFO) after it has listed a, b and c; b is
      // deleted while it waits there, before anything is hashed.
      fs.mkdirSync(path.join(dir, 'zz-held'))
      const gate = heldFifo(path.join(dir, 'zz-held', '.gitignore'))
      gate.opened.then(() => { fs.unlinkSync(path.join(dir, 'b.bin')); gate.end() })
      const yielded = []
      try {
        for await (const file of api.hashTree(dir, { algorithm: 'sha256', gitignore: true })) yielded.push(file)
      } finally {
        gate.end()
      }
      assert.deepEqual(yielded.map((f) => f.path), ['a.bin', 'b.bin', 'c.bin', 'zz-last.bin'])
      assert.equal(yielded[0].digest, sha256('a.bin'))
      assert.equal(yielded[1].error.code, 'ENOENT')
      assert.equal(yielded[1].error.path, path.join(dir, 'b.bin'))
      assert.equal(yielded[3].digest, sha256('zz-last.bin'))
    })
  }

  it('a missing dir is ENOENT and a file given as dir is ENOTDIR, naming the path', async () => {
    const dir = freshDir('direrrors')
    const file = put(dir, 'file.txt', 'x')
    const missing = path.join(dir, 'missing')
    for (const [kind, api] of each()) {
      assertFsError(await caught(() => api.hashDirectory(missing), kind), 'ENOENT', missing, `${kind} missing dir`)
      assertFsError(await caught(() => api.hashDirectory(Buffer.from(missing)), kind), 'ENOENT', missing, `${kind} missing dir (Buffer)`)
      assertFsError(await caught(() => api.hashDirectory(pathToFileURL(missing)), kind), 'ENOENT', missing, `${kind} missing dir (URL)`)
      assertFsError(await caught(() => api.hashDirectory(file), kind), 'ENOTDIR', file, `${kind} file as dir`)
      assertFsError(await caught(() => api.hashDirectory(path.join(file, 'x')), kind), 'ENOTDIR', path.join(file, 'x'), `${kind} path through a file`)
    }
  })
})

// =======================================================================================

describe('AbortSignal and onProgress on a big tree (200 files of 1 MiB)', { timeout: 60000 }, () => {
  let dir
  let paths
  const firstDigests = []

  before(() => {
    dir = freshDir('bigtree')
    const block = randomBytes(MiB, 4242)
    paths = []
    for (let i = 0; i < 200; i++) {
      block.writeUInt32LE(i, 0)
      paths.push(put(dir, `part${Math.floor(i / 50)}/f${String(i).padStart(3, '0')}.bin`, block))
      if (i < 3) firstDigests.push(sha256(block))
    }
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  for (const [kind, api] of each()) {
    /**
     * The call under test, held mid-way by a FIFO the test ends after the abort: hashFiles
     * of the tree's files and, last, a FIFO; hashDirectory of a small tree whose last file
     * is swapped for a FIFO once the walk has listed it.
     */
    const heldCall = {
      hashFiles () {
        const fifo = heldFifo(path.join(freshDir('abort-fifo'), 'held'))
        return { start: (opts) => api.hashFiles([...paths, fifo.path], opts), release: fifo.end }
      },
      hashDirectory () {
        const tree = freshDir('abort-tree')
        for (const [i, p] of paths.slice(0, 8).entries()) fs.copyFileSync(p, path.join(tree, `f${i}.bin`))
        fs.copyFileSync(paths[8], path.join(tree, 'z-last.bin'))
        // onProgress makes hashDirectory count the tree with a walk of its own first.
        const held = holdDirectory(tree, 'z-last.bin', { letThrough: 1 })
        return { start: (opts) => api.hashDirectory(tree, { ...opts, gitignore: true }), release: held.end }
      }
    }

    for (const which of ['hashFiles', 'hashDirectory']) {
      it(`${kind}: aborting ${which} from the first onProgress call, while a FIFO holds it mid-way, rejects at once, leaks no fds, and later calls work`, async (t) => {
        await api.hashFiles(paths.slice(0, 8), { algorithm: 'sha256', mmap: false }) // warm up
        const baseline = fdCount()
        const controller = new AbortController()
        const reason = new Error('stop, please')
        let abortedAt = 0
        let atAbort
        let calls = 0
        const opts = {
          algorithm: 'sha512',
          signal: controller.signal,
          onProgress (p) {
            calls++
            if (abortedAt) return
            atAbort = p
            abortedAt = performance.now()
            controller.abort(reason)
          }
        }
        const { start, release } = heldCall[which]()
        const started = performance.now()
        let error
        let rejectedAt
        try {
          error = await caught(() => start(opts), `${kind} ${which}`)
          rejectedAt = performance.now()
        } finally {
          release() // only now can the work finish: the rejection did not wait for it
        }
        assert.ok(abortedAt > 0, `${kind} ${which}: onProgress was never called`)
        assert.ok(atAbort.filesDone < atAbort.filesTotal, `${kind} ${which}: the abort came mid-way (${JSON.stringify(atAbort)})`)
        assert.equal(error.name, 'AbortError', `${kind} ${which}: ${error.message}`)
        assert.equal(error.code, 'ABORT_ERR')
        assert.equal(error.cause, reason, 'the abort reason is the cause')
        assert.ok(rejectedAt - abortedAt < PROMPT_MS, `${kind} ${which}: rejected ${Math.round(rejectedAt - abortedAt)} ms after abort()`)
        const callsAtReject = calls
        const count = await settledFds(baseline)
        assert.ok(count <= baseline, `${kind} ${which}: ${count} fds open after the abort settled, baseline ${baseline}`)
        await sleep(250)
        assert.equal(calls, callsAtReject, `${kind} ${which}: onProgress called after the promise settled`)
        // later calls still work, with and without signals
        const later = await api.hashFiles(paths.slice(0, 3), { algorithm: 'sha256', signal: new AbortController().signal })
        assert.deepEqual(later.map((r) => r.digest), firstDigests, `${kind}: hashFiles after an abort`)
        assert.equal(await api.hashFile(paths[0], 'sha256'), firstDigests[0])
        assert.equal(api.hashFileSync(paths[1], 'sha256'), firstDigests[1])
        t.diagnostic(`${kind} ${which}: aborted at ${JSON.stringify(atAbort)} after ${Math.round(abortedAt - started)} ms; rejected in ${Math.round(rejectedAt - abortedAt)} ms`)
      })
    }

    it(`${kind}: an already-aborted signal rejects at once, without touching the files`, async () => {
      const controller = new AbortController()
      const reason = new Error('already')
      controller.abort(reason)
      const calls = [
        () => api.hashFile(paths[0], { signal: controller.signal }),
        () => api.hashFile(path.join(dir, 'missing'), { signal: controller.signal }),
        () => api.hashFiles(paths, { signal: controller.signal, onProgress: () => assert.fail('progress after abort') }),
        () => api.hashFiles([], { signal: controller.signal }),
        () => api.hashDirectory(dir, { signal: controller.signal, onProgress: () => assert.fail('progress after abort') }),
        () => api.hashDirectory(path.join(dir, 'missing'), { signal: controller.signal })
      ]
      for (const [i, call] of calls.entries()) {
        // settled before the event loop turns: no file was opened, no thread was asked
        const error = await Promise.race([caught(call, `${kind} call ${i}`), nextTurn().then(() => assert.fail(`${kind} call ${i} did not reject at once`))])
        assert.equal(error.name, 'AbortError', `${kind} call ${i}: ${error.message}`)
        assert.equal(error.code, 'ABORT_ERR', `${kind} call ${i}`)
        assert.equal(error.cause, reason, `${kind} call ${i}: cause`)
      }
      // AbortSignal.timeout fires while the walk is held on a FIFO .gitignore
      const tree = freshDir('timeout')
      put(tree, 'a.txt', 'a')
      const gate = heldFifo(path.join(tree, '.gitignore'))
      try {
        const timedOut = await caught(() => api.hashDirectory(tree, { algorithm: 'sha512', gitignore: true, signal: AbortSignal.timeout(30) }), `${kind} timeout`)
        assert.equal(timedOut.code, 'ABORT_ERR', `${kind} AbortSignal.timeout`)
      } finally {
        gate.end()
      }
    })

    it(`${kind}: onProgress at most ~10 times a second, monotonic, on the main thread, final call complete`, async () => {
      const calls = []
      const check = (label, totals) => {
        const list = calls.splice(0)
        assert.ok(list.length >= 1, `${label}: at least one call`)
        for (const [i, { p, at, main }] of list.entries()) {
          assert.ok(main, `${label}: call ${i} on the main thread`)
          assert.deepEqual(Object.keys(p).sort(), ['bytesDone', 'bytesTotal', 'filesDone', 'filesTotal'])
          for (const v of Object.values(p)) assert.ok(Number.isSafeInteger(v) && v >= 0, `${label}: ${JSON.stringify(p)}`)
          assert.equal(p.bytesTotal, totals.bytesTotal, `${label}: bytesTotal`)
          assert.equal(p.filesTotal, totals.filesTotal, `${label}: filesTotal`)
          assert.ok(p.bytesDone <= p.bytesTotal && p.filesDone <= p.filesTotal, `${label}: never past the total ${JSON.stringify(p)}`)
          if (i > 0) {
            const prev = list[i - 1]
            assert.ok(p.bytesDone >= prev.p.bytesDone && p.filesDone >= prev.p.filesDone, `${label}: monotonic ${JSON.stringify(prev.p)} -> ${JSON.stringify(p)}`)
            assert.ok(p.bytesDone > prev.p.bytesDone || p.filesDone > prev.p.filesDone, `${label}: a call only when something moved`)
            // every call but the final one comes from the 100 ms timer; allow timer jitter
            if (i < list.length - 1) assert.ok(at - prev.at >= 70, `${label}: calls ${i - 1} and ${i} only ${Math.round(at - prev.at)} ms apart`)
          }
        }
        const lastAt = list[list.length - 1].at - list[0].at
        assert.ok(list.length <= Math.ceil(lastAt / 100) + 2, `${label}: ${list.length} calls in ${Math.round(lastAt)} ms`)
        const last = list[list.length - 1].p
        assert.equal(last.bytesDone, last.bytesTotal, `${label}: final bytesDone`)
        assert.equal(last.filesDone, last.filesTotal, `${label}: final filesDone`)
        return list
      }
      const onProgress = (p) => calls.push({ p, at: performance.now(), main: isMainThread })

      // A FIFO last in the list holds the call until it has been opened and a timer report
      // has come, so there is at least one report before the final one.
      const fifo = heldFifo(path.join(freshDir('progress-fifo'), 'held'))
      let reported
      const report = new Promise((resolve) => { reported = resolve })
      Promise.all([fifo.opened, report]).then(fifo.end, () => {})
      let results
      try {
        results = await api.hashFiles([...paths.slice(0, 100), fifo.path], { algorithm: 'sha512', onProgress: (p) => { onProgress(p); reported() } })
      } finally {
        fifo.end()
      }
      assert.ok(results.slice(0, 100).every((r) => r.size === MiB))
      assert.deepEqual(results[100], { path: fifo.path, size: 0, digest: crypto.createHash('sha512').digest('hex') })
      const list = check(`${kind} hashFiles`, { bytesTotal: 100 * MiB, filesTotal: 101 })
      assert.ok(list.length >= 2, `${kind} hashFiles: only ${list.length} calls`)

      await api.hashDirectory(dir, { algorithm: 'sha512', mmap: false, onProgress })
      check(`${kind} hashDirectory`, { bytesTotal: 200 * MiB, filesTotal: 200 })

      await api.hashFile(paths[5], { algorithm: 'sha256', onProgress })
      check(`${kind} hashFile`, { bytesTotal: MiB, filesTotal: 1 })

      // an empty file: one final call with zeros done and zero total
      const empty = put(freshDir('progress-empty'), 'empty', '')
      await api.hashFile(empty, { onProgress })
      const e = calls.splice(0)
      assert.ok(e.length <= 1)
      if (e.length) assert.deepEqual(e[0].p, { bytesDone: 0, bytesTotal: 0, filesDone: 1, filesTotal: 1 })

      await sleep(250)
      assert.equal(calls.length, 0, `${kind}: onProgress called after the promises settled`)
    })

    it(`${kind}: onProgress with failing paths: bytesTotal counts only what is hashed, so the final call is complete`, async () => {
      // Failed paths count as done files; a directory or a missing path has no bytes to hash.
      const calls = []
      const subject = [paths[0], path.join(dir, 'missing'), dir, paths[1]]
      const results = await api.hashFiles(subject, { algorithm: 'sha256', onProgress: (p) => calls.push(p) })
      assert.deepEqual(results.map((r) => r.error ? r.error.code : r.size), [MiB, 'ENOENT', 'EISDIR', MiB])
      const last = calls[calls.length - 1]
      assert.equal(last.filesDone, 4)
      assert.equal(last.filesTotal, 4)
      assert.equal(last.bytesDone, 2 * MiB, `${kind}: bytesDone ${JSON.stringify(last)}`)
      assert.equal(last.bytesTotal, last.bytesDone, `${kind}: the final call should be complete, got ${JSON.stringify(last)} (the directory's st_size counted in bytesTotal?)`)
    })
  }
})

// =======================================================================================

describe('a file that changes size while it is hashed is reported, never silently mis-hashed', { timeout: 90000 }, () => {
  // A sparse 1 TiB file: no disk used, and far more than any machine hashes before the first
  // progress report, from which it is truncated below what was already hashed.
  const SIZE = 1024 * 1024 * MiB
  /** How long a hash whose truncation went unnoticed runs before it is aborted (a failure). */
  const UNNOTICED_MS = 20000
  let dir
  let file

  before(() => {
    dir = freshDir('changing')
    file = path.join(dir, 'shrinking.bin')
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  /**
   * An onProgress that, on the first report of a hash under way (bytes hashed, so the size
   * was taken before), truncates `target` below what was hashed; `at()` is that report. Also
   * run in a child process, from its source.
   */
  function truncateUnderWay (fs, target) {
    let at
    return {
      onProgress (p) {
        if (at !== undefined || p.bytesDone === 0 || p.bytesDone >= p.bytesTotal) return
        at = p
        fs.truncateSync(target, Math.floor(p.bytesDone / 2))
      },
      at: () => at
    }
  }

  for (const [kind, api] of each()) {
    it(`${kind}: mmap: false, sha256, truncated mid-hash → ECHANGED`, async (t) => {
      sparseFile(file, SIZE)
      const truncating = truncateUnderWay(fs, file)
      const error = await caught(() => api.hashFile(file, { algorithm: 'sha256', mmap: false, onProgress: truncating.onProgress, signal: AbortSignal.timeout(UNNOTICED_MS) }), kind)
      const at = truncating.at()
      assert.ok(at, `${kind}: no progress report showed the hash under way`)
      assertFsError(error, 'ECHANGED', file, `${kind} ECHANGED`)
      assert.match(error.message, /changed size/)
      t.diagnostic(`${kind}: truncated at ${JSON.stringify(at)}: ${error.message}`)
    })

    it(`${kind}: default options (mmap), truncated mid-hash → ECHANGED, not a crash (run in a child process)`, async (t) => {
      // A truncated memory map faults (SIGBUS) on the pages past the new end; that must not
      // take the whole process down. The child truncates the file from its own main thread.
      const script = `
        const fs = require('node:fs')
        const api = require(${JSON.stringify(INDEX)})
        const truncating = (${truncateUnderWay})(fs, ${JSON.stringify(file)})
        api.hashFile(${JSON.stringify(file)}, { algorithm: 'sha256', onProgress: truncating.onProgress }).then(
          (digest) => process.stdout.write(JSON.stringify({ digest, at: truncating.at() })),
          (error) => process.stdout.write(JSON.stringify({ code: error.code, message: error.message, at: truncating.at() })))`
      sparseFile(file, SIZE)
      const child = cp.spawnSync(process.execPath, ['-e', script], { env: { ...process.env, HASHMILL_BACKEND: kind }, timeout: UNNOTICED_MS, encoding: 'utf8' })
      assert.equal(child.signal, null, `${kind}: the process was killed by ${child.signal} while hashing a file truncated under it (hashFile with default mmap: true). stderr: ${child.stderr.slice(0, 300)}`)
      assert.equal(child.status, 0, `${kind}: child exit ${child.status}: ${child.stderr}`)
      const out = JSON.parse(child.stdout)
      assert.ok(out.at, `${kind}: no progress report showed the hash under way`)
      assert.equal(out.code, 'ECHANGED', `${kind}: ${out.message || `a digest: ${out.digest}`}`)
      assert.match(out.message, /changed size/)
      t.diagnostic(`${kind}: truncated at ${JSON.stringify(out.at)}: ${out.message}`)
    })
  }
})

describe('walkDirectory', () => {
  for (const [kind, api] of require('./helpers/backends').each()) {
    it(`${kind}: lists exactly the files hashDirectory hashes, with the same options`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-walk-'))
      try {
        fs.mkdirSync(path.join(dir, 'sub'))
        fs.writeFileSync(path.join(dir, 'a.txt'), 'a')
        fs.writeFileSync(path.join(dir, 'sub', 'b.log'), 'bb')
        fs.writeFileSync(path.join(dir, '.hidden'), 'h')
        const options = { ignore: ['*.log'], hidden: false }
        const listed = await api.walkDirectory(dir, options)
        const hashed = await api.hashDirectory(dir, options)
        assert.deepEqual(listed, hashed.files.map(({ path, size }) => ({ path, size })))
        assert.deepEqual(listed, [{ path: 'a.txt', size: 1 }])
        await assert.rejects(api.walkDirectory(dir, { algorithm: 'sha256' }), { code: 'ERR_HASHMILL_UNKNOWN_OPTION' })
        await assert.rejects(api.walkDirectory(path.join(dir, 'missing')), { code: 'ENOENT' })
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
