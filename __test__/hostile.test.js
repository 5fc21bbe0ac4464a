'use strict'
/**
 * Hostile input (issue #6): one TABLE of calls to the public functions (index.d.ts) with
 * wrong types, out-of-range numbers, huge outputLength, empty and > 4 GiB inputs, lone
 * surrogates, NUL bytes and non-UTF-8 names in paths, directories where files are expected,
 * files where directories are expected, symlink loops, /proc/self/mem (EIO) and /dev/null,
 * each with the code it must fail with or 'ok' (and then, where it matters, the value).
 * Run on both backends: a clear error or a correct result, never a crash, hang or silent
 * truncation. Then: every hashmill code in the table is documented in README's "Errors",
 * and a FIFO nobody writes to cannot hang a caller that passes a signal.
 *
 * Defined behaviour for strings: they are encoded as UTF-8 exactly like
 * Buffer.from(str, 'utf8'), so a lone surrogate becomes U+FFFD (EF BF BD), as in
 * node:crypto's hash.update(str).
 *
 * The > 4 GiB cases use zero-filled, lazily allocated ArrayBuffers (no RAM is touched); the
 * 4 GiB hashSync cases take ~0.3 s (native xxh3), ~0.1 s (native crc32), ~1.2 s (wasm xxh3).
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const cp = require('node:child_process')
const { getSystemErrorMap } = require('node:util')
const { each } = require('./helpers/backends')

const GiB4 = 2 ** 32
const ASYNC = new Set(['hash', 'hashStream', 'hashBlob', 'integrity', 'hashFile', 'hashFiles', 'hashDirectory', 'walkDirectory', 's3Checksum', 's3ETag'])
/** How long any one call may take before it counts as a hang. */
const HANG_MS = 15000
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex')
const detached = () => { const ab = new ArrayBuffer(8); structuredClone(ab, { transfer: [ab] }); return ab }

/** Fixtures, made once: a temp tree with odd entries, and the big lazily-allocated buffers. */
const fx = {}
before(() => {
  fx.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-hostile-'))
  fx.file = path.join(fx.dir, 'plain.txt')
  fs.writeFileSync(fx.file, 'plain')
  fx.loop = path.join(fx.dir, 'loop-a')
  fs.symlinkSync('loop-b', fx.loop)
  fs.symlinkSync('loop-a', path.join(fx.dir, 'loop-b'))
  fx.dangling = path.join(fx.dir, 'dangling')
  fs.symlinkSync('nowhere', fx.dangling)
  // A name that is not UTF-8 (0xff 0xfe): only reachable as a Buffer path.
  fx.latin1 = Buffer.concat([Buffer.from(fx.dir + '/'), Buffer.from([0x6e, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e])])
  fs.writeFileSync(fx.latin1, 'not utf-8')
  // 10,001 parts of 5 MiB, all holes: S3 would refuse it before a byte is read.
  fx.sparse = path.join(fx.dir, 'sparse.bin')
  fs.writeFileSync(fx.sparse, '')
  fs.truncateSync(fx.sparse, 10001 * 5 * 2 ** 20)
  fx.fifo = path.join(fx.dir, 'fifo')
  cp.execFileSync('mkfifo', [fx.fifo])
  // Zero-filled and lazily allocated: the pages are only mapped, never touched (but the last).
  // A File whose file changed after it was opened: reading it fails (as a picked File does).
  fx.changedFile = path.join(fx.dir, 'changed.bin')
  fs.writeFileSync(fx.changedFile, 'before')
  fx.changedBlob = fs.openAsBlob(fx.changedFile).then((blob) => {
    fs.writeFileSync(fx.changedFile, 'after, and longer')
    return blob
  })
  fx.view4g = new Uint8Array(GiB4)
  fx.view4g[GiB4 - 1] = 7
  fx.over4g = new ArrayBuffer(GiB4 + 1)
})
after(() => fs.rmSync(fx.dir, { recursive: true, force: true }))

/** Public functions by name; `createHasher().update` and friends run the method on a fresh hasher. */
const CALLS = {
  hashSync: (api, args) => api.hashSync(...args),
  hash: (api, args) => api.hash(...args),
  createHasher: (api, args) => api.createHasher(...args),
  'createHasher().update': (api, args) => api.createHasher().update(...args),
  'createHasher().digest': (api, [options, ...args]) => api.createHasher(options).update('x').digest(...args),
  'digest() twice': (api) => { const h = api.createHasher(); h.digest(); return h.digest() },
  hashStream: (api, args) => api.hashStream(...args),
  hashBlob: (api, args) => args[0] instanceof Promise ? args[0].then((blob) => api.hashBlob(blob, ...args.slice(1))) : api.hashBlob(...args),
  integrity: (api, args) => api.integrity(...args),
  integritySync: (api, args) => api.integritySync(...args),
  hashFile: (api, args) => api.hashFile(...args),
  hashFileSync: (api, args) => api.hashFileSync(...args),
  hashFiles: (api, args) => api.hashFiles(...args),
  'hashFiles entry': async (api, args) => { const [r] = await api.hashFiles(...args); if (r.error) throw r.error; return r.digest },
  hashDirectory: (api, args) => api.hashDirectory(...args),
  walkDirectory: (api, args) => api.walkDirectory(...args),
  restoreHasher: (api, args) => api.restoreHasher(...args),
  'restoreHasher().digest': (api, args) => api.restoreHasher(...args).digest(),
  combine: (api, args) => api.combine(...args),
  s3Checksum: async (api, args) => (await api.s3Checksum(...args)).checksum,
  s3ETag: (api, args) => api.s3ETag(...args)
}

/**
 * The table: `args(fx)` builds fresh arguments; `expect` is an error code or 'ok'; `value`
 * (for 'ok') is what the call must return; `only` limits a slow case to one backend.
 */
const TABLE = [
  // wrong types where errors.test.js does not already cover them
  { call: 'hashSync', args: () => [Symbol('x')], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashSync', args: () => [10n], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashSync', args: () => [new Map()], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashSync', args: () => [new String('boxed')], expect: 'ERR_INVALID_ARG_TYPE' }, // eslint-disable-line no-new-wrappers -- a boxed string is the hostile input
  { call: 'hash', args: () => [() => 'x'], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hash', args: () => ['x', ['sha256']], expect: 'ERR_HASHMILL_UNKNOWN_OPTION' },
  { call: 'hashSync', args: () => ['x', { algorithm: 'SHA256' }], expect: 'ok', value: sha256('x') },
  { call: 'hashSync', args: () => ['x', { algorithm: 'sha-256' }], expect: 'ERR_HASHMILL_UNKNOWN_ALGORITHM' },
  // options are read like Node's own: inherited properties count, unknown own keys do not pass
  { call: 'hashSync', args: () => ['x', { __proto__: { algorithm: 'md5' } }], expect: 'ok', value: crypto.createHash('md5').update('x').digest('hex') },
  { call: 'hashSync', args: () => ['x', Object.assign(Object.create(null), { algorithm: 'sha256' })], expect: 'ok', value: sha256('x') },
  { call: 'hashSync', args: () => ['x', { algorithm: 'sha256', toString: 1 }], expect: 'ERR_HASHMILL_UNKNOWN_OPTION' },
  { call: 'createHasher().update', args: () => [detached()], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'createHasher().digest', args: () => [undefined, 'utf8'], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'createHasher().digest', args: () => [undefined, 42], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'digest() twice', args: () => [], expect: 'ERR_HASHMILL_HASHER_FINALIZED' },
  { call: 'hashStream', args: () => [new Promise(() => {})], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashStream', args: () => [[new Set([1])]], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'integritySync', args: () => ['x', 'SHA384'], expect: 'ERR_HASHMILL_UNKNOWN_ALGORITHM' },
  { call: 'walkDirectory', args: () => [42], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'walkDirectory', args: (f) => [f.dir, { algorithm: 'sha256' }], expect: 'ERR_HASHMILL_UNKNOWN_OPTION' },
  { call: 'walkDirectory', args: (f) => [f.dir, { hidden: 1 }], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashFiles', args: (f) => [[f.file, 7]], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashFiles', args: (f) => [new Set([f.file])], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashFile', args: (f) => [f.file, { signal: {} }], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashDirectory', args: (f) => [f.dir, { ignore: [null] }], expect: 'ERR_INVALID_ARG_TYPE' },
  // out-of-range numbers, huge outputLength
  { call: 'hashSync', args: () => ['x', { outputLength: 2 ** 30 }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hash', args: () => ['x', { outputLength: 2 ** 30, encoding: 'base64' }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashSync', args: () => ['x', { outputLength: 2 ** 31 }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashSync', args: () => ['x', { outputLength: Number.MAX_VALUE }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashSync', args: () => ['x', { outputLength: -0 }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashSync', args: () => ['x', { outputLength: 32n }], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'createHasher().digest', args: () => [{ outputLength: 2 ** 30 }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'createHasher', args: () => [{ outputLength: 2 ** 30 }], expect: 'ok' },
  { call: 'hashSync', args: () => ['x', { outputLength: 2 ** 20 * 64, encoding: 'buffer' }], expect: 'ok' },
  { call: 'hashSync', args: () => ['x', { algorithm: 'xxh3', seed: 2n ** 64n }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashSync', args: () => ['x', { algorithm: 'xxh3', seed: -0 }], expect: 'ok' },
  { call: 'hashSync', args: () => ['x', { algorithm: 'xxh32', seed: Number.MAX_SAFE_INTEGER }], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashSync', args: () => ['x', { algorithm: 'xxh64', seed: Infinity }], expect: 'ERR_OUT_OF_RANGE' },
  // empty and > 4 GiB inputs
  { call: 'hashSync', args: () => [new Uint8Array(0), 'sha256'], expect: 'ok', value: sha256('') },
  { call: 'hash', args: () => [new ArrayBuffer(0), 'sha256'], expect: 'ok', value: sha256('') },
  { call: 'hashStream', args: () => [[], 'sha256'], expect: 'ok', value: sha256('') },
  { call: 'hashStream', args: () => [['', new Uint8Array(0), new DataView(new ArrayBuffer(0))], 'sha256'], expect: 'ok', value: sha256('') },
  { call: 'hashSync', args: (f) => [f.view4g, 'xxh3'], expect: 'ok', value: '3811f71845ff16de' },
  { call: 'hashSync', args: (f) => [f.view4g, 'crc32'], expect: 'ok', value: '4c667a2e', only: 'native' },
  { call: 'hash', args: (f) => [f.view4g, 'xxh3'], expect: 'ok', value: '3811f71845ff16de', only: 'native' },
  { call: 'hashSync', args: (f) => [f.over4g, 'xxh3'], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hash', args: (f) => [new DataView(f.over4g)], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'createHasher().update', args: (f) => [f.over4g], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'hashStream', args: (f) => [['x', f.over4g]], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'integritySync', args: (f) => [new DataView(f.over4g, 0)], expect: 'ERR_OUT_OF_RANGE' },
  // strings with lone surrogates: UTF-8 as Buffer.from(str, 'utf8') makes it (U+FFFD)
  { call: 'hashSync', args: () => ['a\ud800b', 'sha256'], expect: 'ok', value: sha256(Buffer.from([0x61, 0xef, 0xbf, 0xbd, 0x62])) },
  { call: 'hash', args: () => ['\udc00', 'sha256'], expect: 'ok', value: sha256(Buffer.from([0xef, 0xbf, 0xbd])) },
  { call: 'createHasher().update', args: () => ['\udc00\ud800'], expect: 'ok' },
  { call: 'hashStream', args: () => [['\ud83e', '\udd80'], 'sha256'], expect: 'ok', value: sha256(Buffer.from([0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd])) },
  { call: 'hashSync', args: () => ['\ud83e\udd80', 'sha256'], expect: 'ok', value: sha256(Buffer.from([0xf0, 0x9f, 0xa6, 0x80])) },
  { call: 'integritySync', args: () => ['\ud800', 'sha256'], expect: 'ok', value: 'sha256-' + crypto.createHash('sha256').update('\ud800').digest('base64') },
  // paths: NUL bytes, empty, non-UTF-8 names, wrong kinds of file
  { call: 'hashFile', args: (f) => [`${f.file}\0.txt`], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'hashFileSync', args: (f) => [Buffer.from(`${f.file}\0`)], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'hashFile', args: () => [new URL('file:///tmp/a%00b')], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'hashFile', args: () => [new URL('https://example.com/x')], expect: 'ERR_INVALID_URL_SCHEME' },
  { call: 'walkDirectory', args: () => ['\0'], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'hashDirectory', args: () => [Buffer.alloc(0)], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'hashFileSync', args: (f) => [f.latin1, 'sha256'], expect: 'ok', value: sha256('not utf-8') },
  { call: 'hashFile', args: (f) => [f.latin1, 'sha256'], expect: 'ok', value: sha256('not utf-8') },
  { call: 'hashFiles entry', args: (f) => [[f.latin1], 'sha256'], expect: 'ok', value: sha256('not utf-8') },
  { call: 'hashFile', args: (f) => [f.latin1.toString()], expect: 'ENOENT' },
  { call: 'hashFile', args: (f) => [f.dir], expect: 'EISDIR' },
  { call: 'hashFileSync', args: (f) => [f.dir, { mmap: false }], expect: 'EISDIR' },
  { call: 'hashFiles entry', args: (f) => [[f.dir]], expect: 'EISDIR' },
  { call: 'hashDirectory', args: (f) => [f.file], expect: 'ENOTDIR' },
  { call: 'walkDirectory', args: (f) => [f.file], expect: 'ENOTDIR' },
  { call: 'hashFile', args: (f) => [path.join(f.file, 'x')], expect: 'ENOTDIR' },
  { call: 'hashFile', args: (f) => [f.loop], expect: 'ELOOP' },
  { call: 'hashFileSync', args: (f) => [f.loop], expect: 'ELOOP' },
  { call: 'hashDirectory', args: (f) => [f.loop], expect: 'ELOOP' },
  { call: 'hashFile', args: (f) => [f.dangling], expect: 'ENOENT' },
  { call: 'walkDirectory', args: (f) => [f.dir, { followSymlinks: true }], expect: 'ok' },
  // EIO from the kernel: reading /proc/self/mem at offset 0 (never mapped)
  { call: 'hashFile', args: () => ['/proc/self/mem'], expect: 'EIO' },
  { call: 'hashFile', args: () => ['/proc/self/mem', { mmap: false }], expect: 'EIO' },
  { call: 'hashFileSync', args: () => ['/proc/self/mem'], expect: 'EIO' },
  { call: 'hashFiles entry', args: () => [['/proc/self/mem']], expect: 'EIO' },
  { call: 'hashFile', args: () => ['/dev/null', 'sha256'], expect: 'ok', value: sha256('') },
  // saved states, combine and S3 (issue #13): garbage, detached and huge inputs, odd files
  { call: 'restoreHasher', args: () => [new Uint8Array(0)], expect: 'ERR_HASHMILL_INVALID_STATE' },
  { call: 'restoreHasher', args: () => [new Uint8Array(1 << 20).fill(0xff)], expect: 'ERR_HASHMILL_INVALID_STATE' },
  { call: 'restoreHasher', args: () => [detached()], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 'restoreHasher', args: (f) => [f.over4g], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'restoreHasher', args: () => ['hmst'], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'restoreHasher().digest', args: () => [Buffer.from('aG1zdAEOAAEAIAAAAAAAAAAAAAAAAAAAAAAAAAAoAAAAZ+YJaoWuZ7ty8248OvVPpX9SDlGMaAWbq9mDHxnN4FsAAAAAAAAAAOkUh7RWHsBfOIUUmHWXfSI=', 'base64')], expect: 'ERR_HASHMILL_INVALID_STATE' },
  { call: 'combine', args: () => ['crc32', Array.from({ length: 100000 }, () => ({ digest: 0, length: 0 }))], expect: 'ok', value: '00000000' },
  { call: 'combine', args: () => ['crc64nvme', [{ digest: 'ae8b14860a799888', length: 2n ** 64n - 1n }]], expect: 'ok', value: 'ae8b14860a799888' },
  { call: 'combine', args: () => ['crc32', [{ digest: 'cbf43926', length: Infinity }]], expect: 'ERR_OUT_OF_RANGE' },
  { call: 'combine', args: () => ['crc32', [{ digest: '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000', length: 1 }]], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 's3Checksum', args: (f) => [f.fifo], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 's3Checksum', args: (f) => [f.loop], expect: 'ELOOP' },
  { call: 's3ETag', args: (f) => [f.dir], expect: 'EISDIR' },
  { call: 's3Checksum', args: (f) => [f.over4g], expect: 'ERR_OUT_OF_RANGE' },
  { call: 's3Checksum', args: () => ['/proc/self/mem'], expect: 'EIO' },
  { call: 's3Checksum', args: () => ['/proc/self/status'], expect: 'ECHANGED' },
  { call: 's3Checksum', args: () => ['/dev/null'], expect: 'ERR_INVALID_ARG_VALUE' },
  { call: 's3Checksum', args: (f) => [f.sparse, { partSize: 5 << 20 }], expect: 'ERR_HASHMILL_S3_TOO_MANY_PARTS' },
  { call: 's3Checksum', args: () => [new Uint8Array(0), { partSize: Number.MAX_SAFE_INTEGER }], expect: 'ERR_HASHMILL_S3_PART_SIZE' },
  { call: 's3Checksum', args: () => [new Uint8Array(0), { partSize: NaN }], expect: 'ERR_HASHMILL_S3_PART_SIZE' },
  { call: 's3ETag', args: () => [new Blob([]), { partSize: 5 << 20 }], expect: 'ok', value: '"59adb24ef3cdbe0297f05b395827453f-1"' },
  { call: 's3Checksum', args: () => [new ArrayBuffer(0), { algorithm: 'crc64nvme', partSize: 5 << 20, type: 'COMPOSITE' }], expect: 'ERR_HASHMILL_S3_CHECKSUM_TYPE' },
  { call: 's3Checksum', args: () => [new ArrayBuffer(0), { algorithm: 'md5' }], expect: 'ERR_HASHMILL_S3_ALGORITHM' },
  { call: 's3Checksum', args: (f) => [f.view4g, { partSize: 5 << 20, algorithm: 'crc32' }], expect: 'ok', value: 'YwZhBw==-820', only: 'native' },
  { call: 'hashFileSync', args: () => ['/dev/null', { algorithm: 'sha256', mmap: true }], expect: 'ok', value: sha256('') },
  { call: 'hashBlob', args: () => [new Uint8Array(3)], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashBlob', args: () => ['a string'], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashBlob', args: () => [new Blob(['x']), { onProgress: 'yes' }], expect: 'ERR_INVALID_ARG_TYPE' },
  { call: 'hashBlob', args: () => [new Blob(['x']), { onprogress: () => {} }], expect: 'ERR_HASHMILL_UNKNOWN_OPTION' },
  { call: 'hashBlob', args: () => [new Blob(['x']), { algorithm: 'sha256', key: new Uint8Array(32) }], expect: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' },
  { call: 'hashBlob', args: () => [new Blob([]), { algorithm: 'sha256' }], expect: 'ok', value: sha256('') },
  { call: 'hashBlob', args: () => [new File(['plain'], 'plain.txt'), 'sha256'], expect: 'ok', value: sha256('plain') },
  { call: 'hashBlob', args: (f) => [f.changedBlob], expect: 'ERR_HASHMILL_BLOB_UNREADABLE' }
]

/** Runs one table row: the error's code, or 'ok' with the value; fails on a hang or a sync throw from an async API. */
async function outcome (api, row) {
  const isAsync = ASYNC.has(row.call.split(' ')[0].replace('()', ''))
  let result
  try {
    result = CALLS[row.call](api, row.args(fx))
  } catch (error) {
    assert.ok(!isAsync, `${row.call} threw synchronously: ${error.message}`)
    return { code: error.code, error }
  }
  if (!(result instanceof Promise)) return { code: 'ok', value: result }
  let timer
  const hang = new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error(`hung for ${HANG_MS} ms`)), HANG_MS) })
  try {
    return { code: 'ok', value: await Promise.race([result, hang]) }
  } catch (error) {
    if (error.message.startsWith('hung for')) throw error
    return { code: error.code, error }
  } finally {
    clearTimeout(timer)
  }
}

const label = (row) => `${row.call}(${row.args.toString().replace(/^\(f?\) => /, '').slice(0, 90)}) → ${row.expect}`

for (const [kind, api] of each()) {
  describe(`hostile input (${kind})`, () => {
    for (const row of TABLE) {
      if (row.only && row.only !== kind) continue
      it(label(row), { timeout: HANG_MS + 5000 }, async () => {
        const got = await outcome(api, row)
        assert.equal(got.code, row.expect, got.error ? `${got.error.name}: ${got.error.message}` : `returned ${String(got.value).slice(0, 80)}`)
        if (got.error) {
          assert.ok(got.error instanceof Error, 'an Error')
          assert.ok(got.error.message.length > 10, 'with a message')
          if (/^E[A-Z]+$/.test(got.code)) assert.ok(got.error.path, 'an OS error names the path')
        } else if ('value' in row && row.value !== undefined) {
          assert.equal(got.value, row.value)
        }
      })
    }

    it('strings hash exactly as Buffer.from(str, "utf8") encodes them, surrogates included', () => {
      for (const s of ['\ud800', '\udfff', 'x\udbff\udbff', '\udc00\ud800', '\ud83d\ude00', 'é\u0000\uffff']) {
        assert.equal(api.hashSync(s), api.hashSync(Buffer.from(s, 'utf8')), JSON.stringify(s))
        assert.equal(api.createHasher('sha256').update(s).digest(), crypto.createHash('sha256').update(s).digest('hex'), JSON.stringify(s))
      }
    })

    it('a FIFO nobody writes to: hashFile waits for a writer like `cat` does; a signal ends the wait at once, and the pool is free once the FIFO is closed', { timeout: 20000 }, async () => {
      // Nothing writes to the FIFO, so the call is still waiting whenever the timeout fires.
      const signal = AbortSignal.timeout(200)
      let abortedAt
      signal.addEventListener('abort', () => { abortedAt = performance.now() })
      const error = await api.hashFile(fx.fifo, { signal }).then(() => assert.fail('resolved'), (e) => e)
      assert.equal(error.code, 'ABORT_ERR')
      assert.ok(performance.now() - abortedAt < 2000, `rejected ${Math.round(performance.now() - abortedAt)} ms after the abort`)
      // The thread blocked in open() is freed by a writer coming and going (it then reads EOF);
      // opening for writing fails with ENXIO until that thread has reached open().
      for (const until = Date.now() + 10000; ;) {
        try {
          fs.closeSync(fs.openSync(fx.fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK))
          break
        } catch (e) {
          if (e.code !== 'ENXIO' || Date.now() > until) throw e
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
      const again = await Promise.all(Array.from({ length: api.backend.threads * 2 }, () => api.hashFile(fx.file, 'sha256')))
      for (const d of again) assert.equal(d, sha256('plain'))
    })
  })
}

describe('README "Errors" documents every hashmill code in the table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### Errors'), readme.indexOf('## Upload checksums'))
  const systemCodes = new Set([...getSystemErrorMap().values()].map(([name]) => name))
  const codes = [...new Set(TABLE.map((row) => row.expect).filter((code) => code !== 'ok'))]
  it(`${codes.length} distinct codes: ERR_* (and ECHANGED) are in README, the rest are OS errno names`, () => {
    for (const code of codes) {
      if (code.startsWith('ERR_') || !systemCodes.has(code)) assert.ok(section.includes(`\`${code}\``), `${code} is not in README's Errors section`)
    }
    assert.ok(TABLE.length >= 80, `${TABLE.length} rows`)
  })
})
