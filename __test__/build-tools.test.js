'use strict'
/**
 * The hash cache (never a stale digest: same-size rewrites with the mtime set back, inode
 * swaps by rename, a cache file cut at every byte, two processes saving at once; when root,
 * a tmpfs and file systems with coarse timestamps: FAT and ext2 with 128-byte inodes) and
 * the drop-ins: hashmill/crypto case by case against node:crypto, and hashmill/webpack
 * against webpack's own xxhash64 in a real build.
 */
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const nodeCrypto = require('node:crypto')
const { execFileSync, spawn } = require('node:child_process')
const { each } = require('./helpers/backends')
const { commands } = require('../scripts/lib/commands')

const sha256 = (data) => nodeCrypto.createHash('sha256').update(data).digest('hex')
const tmpdir = (name, base = os.tmpdir()) => fs.mkdtempSync(path.join(base, `hashmill-${name}-`))

/** Rewrites `file` with same-size `data` and sets its timestamps back to what they were. */
function rewriteSameSize (file, data) {
  const st = fs.statSync(file)
  fs.writeFileSync(file, data)
  fs.utimesSync(file, st.atime, st.mtime)
}

async function tortureIn (dir, label) {
  for (const [kind, api] of each()) {
    const files = Array.from({ length: 20 }, (_, i) => path.join(dir, `${kind}-${i}.txt`))
    files.forEach((f, i) => fs.writeFileSync(f, `version 1 of ${i}`))
    // Old timestamps, so entries are safe once recorded.
    files.forEach((f) => fs.utimesSync(f, new Date(2020, 0, 1), new Date(2020, 0, 1)))
    const cacheFile = path.join(dir, `${kind}.cache`)
    const check = async (cache) => {
      const results = await api.hashFiles(files, { algorithm: 'sha256', cache })
      results.forEach((r, i) => assert.equal(r.digest, sha256(fs.readFileSync(files[i])), `${label} ${kind} ${files[i]}`))
      const tree = await api.hashDirectory(dir, { algorithm: 'sha256', cache, ignore: ['*.cache', '*.tmp', '*.probe'] })
      const plain = await api.hashDirectory(dir, { algorithm: 'sha256', ignore: ['*.cache', '*.tmp', '*.probe'] })
      assert.equal(tree.digest, plain.digest, `${label} ${kind} tree`)
    }
    let cache = await api.openHashCache(cacheFile)
    await check(cache)
    await cache.save()
    cache = await api.openHashCache(cacheFile)
    await check(cache)
    // Same size, timestamps set back: the ctime moved, so the entry no longer matches.
    rewriteSameSize(files[0], 'version 2 of 0')
    // A new inode by rename, with the old file's size and timestamps.
    fs.writeFileSync(files[1] + '.new', 'VERSION 1 of 1')
    fs.utimesSync(files[1] + '.new', new Date(2020, 0, 1), new Date(2020, 0, 1))
    fs.renameSync(files[1] + '.new', files[1])
    // A file written now, within the granularity: recorded, not trusted.
    fs.writeFileSync(files[2], 'version 2 of 2')
    await check(cache)
    rewriteSameSize(files[2], 'version 3 of 2')
    await check(cache)
    await cache.save()
    // The saved file cut at every 97th byte and flipped: an empty cache, correct digests.
    const saved = fs.readFileSync(cacheFile)
    for (let cut = 0; cut < saved.length; cut += 97) {
      fs.writeFileSync(cacheFile, saved.subarray(0, cut))
      await check(await api.openHashCache(cacheFile))
    }
    fs.writeFileSync(cacheFile, Buffer.concat([saved.subarray(0, 40), Buffer.from([saved[40] ^ 1]), saved.subarray(41)]))
    await check(await api.openHashCache(cacheFile))
  }
}

test('the cache never gives a stale digest', async () => {
  await tortureIn(tmpdir('cache'), 'disk')
})

/**
 * The torture test on a file system mounted for it by `mount(dir)` (root only), unmounted
 * afterwards, however it ends; skipped with one line where it cannot be mounted.
 */
async function tortureMounted (t, label, mount) {
  if (process.getuid && process.getuid() !== 0) return t.skip(`not root: no ${label} mount`)
  const dir = tmpdir(label)
  try {
    mount(path.join(dir, 'mnt'), dir)
  } catch (error) {
    return t.skip(`${label} cannot be mounted here: ${String(error.stderr || error.message).trim().split('\n')[0]}`)
  }
  try {
    await tortureIn(path.join(dir, 'mnt'), label)
  } finally {
    execFileSync('umount', [path.join(dir, 'mnt')])
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** A 32 MiB image file in `dir` made by `mkfs` (command and arguments) and loop-mounted at `mnt`. */
function loopMount (mnt, dir, mkfs) {
  const image = path.join(dir, 'fs.img')
  fs.mkdirSync(mnt)
  fs.writeFileSync(image, '')
  fs.truncateSync(image, 32 << 20)
  execFileSync(mkfs[0], [...mkfs.slice(1), image], { stdio: 'pipe' })
  execFileSync('mount', ['-o', 'loop', image, mnt], { stdio: 'pipe' })
}

test('the cache on a tmpfs (root only)', async (t) => {
  await tortureMounted(t, 'tmpfs', (mnt) => {
    fs.mkdirSync(mnt)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt], { stdio: 'pipe' })
  })
})

test('the cache on FAT, whose mtimes tick every 2 s (loop-mounted image, root only)', async (t) => {
  await tortureMounted(t, 'vfat', (mnt, dir) => {
    // mkfs.vfat is Debian's dosfstools.
    commands('build-tools.test').aptInstall(['dosfstools'])
    loopMount(mnt, dir, ['mkfs.vfat'])
  })
})

test('the cache on ext2 with 128-byte inodes, whose timestamps are whole seconds (loop-mounted image, root only)', async (t) => {
  await tortureMounted(t, 'ext2', (mnt, dir) => loopMount(mnt, dir, ['mkfs.ext2', '-q', '-F', '-I', '128']))
})

test('a save that cannot write loses nothing: the next one saves every entry', async () => {
  for (const [kind, api] of each()) {
    const dir = tmpdir(`cache-save-${kind}`)
    const file = path.join(dir, 'a.txt')
    fs.writeFileSync(file, 'a')
    fs.utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1))
    const cacheDir = path.join(dir, 'caches')
    fs.mkdirSync(cacheDir)
    const emptyFile = path.join(cacheDir, 'empty.cache')
    await (await api.openHashCache(emptyFile)).save()
    const cacheFile = path.join(cacheDir, 'c.cache')
    const cache = await api.openHashCache(cacheFile)
    const first = await api.hashFiles([file], { algorithm: 'sha256', cache })
    const emptySize = fs.statSync(emptyFile).size
    fs.rmSync(cacheDir, { recursive: true })
    await assert.rejects(cache.save(), { code: 'ENOENT' }, kind)
    fs.mkdirSync(cacheDir)
    await cache.save()
    assert.ok(fs.statSync(cacheFile).size > emptySize, `${kind}: the entry was saved`)
    assert.deepEqual(await api.hashFiles([file], { algorithm: 'sha256', cache: await api.openHashCache(cacheFile) }), first, kind)
  }
})

test('two processes saving one cache at once leave a whole cache', async () => {
  const dir = tmpdir('cache-race')
  const file = path.join(dir, 'x')
  fs.writeFileSync(file, 'x')
  const cacheFile = path.join(dir, 'c.cache')
  // Each child loads hashmill, then waits for a byte on stdin: both start saving together,
  // however long either took to start.
  const script = `const h = require(${JSON.stringify(path.join(__dirname, '..'))});
    process.stdin.once('data', async () => { process.stdin.pause(); for (let i = 0; i < 20; i++) { const c = await h.openHashCache(${JSON.stringify(cacheFile)}); await h.hashFiles([${JSON.stringify(file)}], { cache: c }); await c.save() } })
    process.stdout.write('ready')`
  const children = [0, 1].map(() => spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }))
  const exits = children.map((child) => new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => code === 0 ? resolve() : reject(new Error(`exit ${code}`)))
  }))
  await Promise.all(children.map((child) => new Promise((resolve) => child.stdout.once('data', resolve))))
  for (const child of children) child.stdin.end('go')
  await Promise.all(exits)
  // A whole saved cache (hashmill-core cache.rs): its magic and version, then its check,
  // BLAKE3 in derive-key mode of all the bytes before it, cut to 16 bytes.
  const saved = fs.readFileSync(cacheFile)
  const [[, api]] = each()
  assert.deepEqual(saved.subarray(0, 12), Buffer.from('hmcache\0\x01\0\0\0', 'latin1'))
  const check = api.hashSync(saved.subarray(0, -16), { algorithm: 'blake3', context: 'hashmill 2026-12 hash cache check', encoding: 'buffer' })
  assert.deepEqual(saved.subarray(-16), check.subarray(0, 16))
  assert.deepEqual(fs.readdirSync(dir).sort(), ['c.cache', 'x'])
})

test('hashmill/crypto behaves as node:crypto', async () => {
  const crypto = require('../crypto')
  for (const algorithm of ['sha256', 'sha1', 'md5', 'sha512', 'SHA384']) {
    for (const encoding of ['hex', 'base64', 'base64url', 'latin1', 'binary', 'utf16le', 'ucs2', 'ascii', 'utf8', 'utf-8']) {
      const input = 'Tést ✓ \u00ff'
      const a = crypto.createHash(algorithm).update(input, encoding).update(Buffer.from([1, 2])).update(new Uint16Array([7]))
      const b = nodeCrypto.createHash(algorithm).update(input, encoding).update(Buffer.from([1, 2])).update(new Uint16Array([7]))
      assert.deepEqual(a.copy().digest(), b.copy().digest(), `${algorithm} ${encoding}`)
      assert.equal(a.digest(encoding), b.digest(encoding))
    }
    assert.equal(crypto.hash(algorithm, 'abc'), nodeCrypto.createHash(algorithm).update('abc').digest('hex'))
    assert.deepEqual(crypto.hash(algorithm, Buffer.from('abc'), 'buffer'), nodeCrypto.createHash(algorithm).update('abc').digest())
  }
  const h = crypto.createHash('sha256')
  h.digest()
  assert.throws(() => h.digest(), { code: 'ERR_CRYPTO_HASH_FINALIZED' })
  assert.throws(() => h.update('x'), { code: 'ERR_CRYPTO_HASH_FINALIZED' })
  assert.throws(() => h.copy(), { code: 'ERR_CRYPTO_HASH_FINALIZED' })
  assert.throws(() => crypto.createHash('sha257'), /Digest method not supported/)
  assert.throws(() => crypto.createHash('sha256').update(42), { code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => crypto.createHash(null), { code: 'ERR_INVALID_ARG_TYPE' })
  assert.equal(crypto.createHash('blake3', { outputLength: 8 }).digest('hex').length, 16)
  // The Transform interface: pipe a file in, read the digest.
  const file = path.join(tmpdir('crypto'), 'f')
  fs.writeFileSync(file, Buffer.alloc(300_000, 'z'))
  const piped = await new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256')
    fs.createReadStream(file).pipe(hash).on('data', resolve).on('error', reject)
  })
  assert.equal(piped.toString('hex'), sha256(fs.readFileSync(file)))
  const viaSetEncoding = crypto.createHash('md5')
  viaSetEncoding.setEncoding('hex')
  viaSetEncoding.end('abc')
  assert.equal(viaSetEncoding.read(), nodeCrypto.createHash('md5').update('abc').digest('hex'))
})

/** What a call gives: its value (Buffers and strings as they are) or its error's kind, code and message. */
function outcome (call) {
  try {
    const value = call()
    return { value: value instanceof Object && !Buffer.isBuffer(value) ? `an instance of ${value.constructor.name}` : value }
  } catch (error) {
    return { error: [error.name, error.code, error.message] }
  }
}

/**
 * The cases of Node's own test of createHash (test/parallel/test-crypto-hash.js) and the
 * rules behind them, each run on node:crypto and hashmill/crypto: same value, or same
 * error (kind, code and message), for every algorithm both have.
 */
function cryptoCases (algorithm) {
  const streamed = (c, feed) => { const h = c.createHash(algorithm); feed(h); return h.read() }
  return {
    'Test123, hex': (c) => c.createHash(algorithm).update('Test123').digest('hex'),
    'Test123, base64': (c) => c.createHash(algorithm).update('Test123').digest('base64'),
    'Test123, latin1': (c) => c.createHash(algorithm).update('Test123').digest('latin1'),
    'Test123, Buffer': (c) => c.createHash(algorithm).update('Test123').digest(),
    "Test123, 'buffer'": (c) => c.createHash(algorithm).update('Test123').digest('buffer'),
    'Test123 in two updates': (c) => c.createHash(algorithm).update('Test').update('123').digest('hex'),
    'stream: end(data)': (c) => streamed(c, (h) => h.end('Test123')),
    'stream: writes': (c) => streamed(c, (h) => { h.write('Te'); h.write('st'); h.write('123'); h.end() }),
    'stream: end() of nothing': (c) => streamed(c, (h) => h.end()),
    'stream: write of an empty string': (c) => streamed(c, (h) => { h.write(''); h.end() }),
    'stream: setEncoding': (c) => streamed(c, (h) => { h.setEncoding('hex'); h.end('abc') }),
    'stream: write with an encoding': (c) => streamed(c, (h) => { h.write('c3a9', 'hex'); h.end() }),
    'UTF-8 by default': (c) => c.createHash(algorithm).update('УТФ-8 text').digest('hex'),
    'latin1 input': (c) => c.createHash(algorithm).update('УТФ-8 text', 'latin1').digest('hex'),
    'input encodings in any case': (c) => c.createHash(algorithm).update('ÉTÉ', 'UTF-16LE').update('c3A9', 'HEX').update('é', 'Binary').digest('hex'),
    'an unknown input encoding is UTF-8': (c) => c.createHash(algorithm).update('é', 'nope').digest('hex'),
    'hex of odd length': (c) => c.createHash(algorithm).update('abc', 'hex'),
    'typed arrays and DataView': (c) => c.createHash(algorithm).update(new Uint16Array([1, 2])).update(new DataView(new ArrayBuffer(3))).update(new Float64Array([1.5])).digest('hex'),
    'an ArrayBuffer': (c) => c.createHash(algorithm).update(new ArrayBuffer(4)),
    'update() of nothing': (c) => c.createHash(algorithm).update(),
    'update(null)': (c) => c.createHash(algorithm).update(null),
    'update(1)': (c) => c.createHash(algorithm).update(1),
    'digest in ucs2': (c) => c.createHash(algorithm).update('a').digest('ucs2'),
    'digest in utf8': (c) => c.createHash(algorithm).update('a').digest('utf8'),
    'digest in HEX': (c) => c.createHash(algorithm).update('a').digest('HEX'),
    'digest in an unknown encoding is a Buffer': (c) => c.createHash(algorithm).update('a').digest('nope'),
    'digest(null), digest(0), digest("")': (c) => [null, 0, ''].map((e) => c.createHash(algorithm).digest(e).toString('hex')).join(),
    'digest with an encoding whose toString throws': (c) => c.createHash(algorithm).digest({ toString: () => { throw new Error('boom') } }),
    'digest twice': (c) => { const h = c.createHash(algorithm); h.digest(); return h.digest('hex') },
    'update after digest': (c) => { const h = c.createHash(algorithm); h.digest(); return h.update('x') },
    'update of bad data after digest': (c) => { const h = c.createHash(algorithm); h.digest(); return h.update(1) },
    'copy after digest': (c) => { const h = c.createHash(algorithm); h.digest(); return h.copy() },
    'copy goes on alone': (c) => { const h = c.createHash(algorithm).update('a'); const k = h.copy(); h.update('b'); return k.digest('hex') + h.digest('hex') },
    'digest after the stream ended': (c) => { const h = c.createHash(algorithm); h.end('abc'); h.read(); return h.digest('hex') },
    'outputLength of its own length': (c) => c.createHash(algorithm, { outputLength: c.createHash(algorithm).digest().length }).update('a').digest('hex'),
    'outputLength of another length': (c) => c.createHash(algorithm, { outputLength: 3 }),
    'outputLength 0': (c) => c.createHash(algorithm, { outputLength: 0 }),
    'outputLength -1': (c) => c.createHash(algorithm, { outputLength: -1 }),
    'outputLength 1.5': (c) => c.createHash(algorithm, { outputLength: 1.5 }),
    'outputLength 2^32': (c) => c.createHash(algorithm, { outputLength: 2 ** 32 }),
    "outputLength '32'": (c) => c.createHash(algorithm, { outputLength: '32' }),
    'outputLength null': (c) => c.createHash(algorithm, { outputLength: null }),
    'options null': (c) => c.createHash(algorithm, null).update('a').digest('hex'),
    'its name in upper case': (c) => c.createHash(algorithm.toUpperCase()).update('a').digest('hex'),
    'OpenSSL names': (c) => [`RSA-${algorithm.toUpperCase()}`, `${algorithm}WithRSAEncryption`].map((n) => c.createHash(n).update('a').digest('hex')).join(),
    'hash(): hex by default': (c) => c.hash(algorithm, 'Test123'),
    'hash(): a Buffer': (c) => c.hash(algorithm, Buffer.from('Test123'), 'buffer'),
    'hash(): BUFFER, base64, latin1, ucs2': (c) => ['BUFFER', 'base64', 'latin1', 'ucs2'].map((e) => String(c.hash(algorithm, 'x', e))).join(),
    'hash(): an unknown output encoding': (c) => c.hash(algorithm, 'x', 'nope'),
    'hash(): an output encoding not a string': (c) => c.hash(algorithm, 'x', 1),
    'hash(): no input': (c) => c.hash(algorithm),
    'hash(): an ArrayBuffer': (c) => c.hash(algorithm, new ArrayBuffer(2))
  }
}

test("hashmill/crypto answers Node's own createHash test cases as node:crypto does", () => {
  const crypto = require('../crypto')
  for (const algorithm of ['md5', 'sha1', 'sha256', 'sha384', 'sha512']) {
    for (const [name, call] of Object.entries(cryptoCases(algorithm))) {
      assert.deepEqual(outcome(() => call(crypto)), outcome(() => call(nodeCrypto)), `${algorithm}: ${name}`)
    }
  }
  const general = {
    'createHash() of nothing': (c) => c.createHash(),
    'createHash(1)': (c) => c.createHash(1),
    'an unknown algorithm': (c) => c.createHash('xyzzy'),
    'hash() of an unknown algorithm': (c) => c.hash('xyzzy', 'x'),
    'Hash without new': (c) => c.Hash('sha256') instanceof c.Hash,
    'new Hash': (c) => new c.Hash('sha256').update('a').digest('hex'),
    'a Hash is a Transform': (c) => c.createHash('sha256') instanceof require('node:stream').Transform
  }
  for (const [name, call] of Object.entries(general)) assert.deepEqual(outcome(() => call(crypto)), outcome(() => call(nodeCrypto)), name)
  // BLAKE3 is extendable (node:crypto has no BLAKE3: its 0-length output is checked here).
  assert.equal(crypto.createHash('blake3', { outputLength: 0 }).update('x').digest('hex'), '')
  assert.equal(crypto.createHash('blake3', { outputLength: 64 }).update('x').copy().digest('hex').slice(0, 16), crypto.createHash('blake3', { outputLength: 8 }).update('x').digest('hex'))
})

test('hashmill/webpack: objects fed in turns, strings and Buffers of every size, give the built-in xxhash64\'s digests', () => {
  const createHash = require('webpack/lib/util/createHash')
  const XxHash64 = require('../webpack').xxhash64
  const random = nodeCrypto.randomBytes(200 * 1024)
  // Short ASCII (encoded a character at a time), short strings with 2-, 3- and 4-byte
  // characters and a lone surrogate, long strings and Buffers, some larger than the shared
  // 48 KiB buffer, hex and latin1 strings, and empty ones.
  const inputs = [
    'a', '', 'x'.repeat(63), `${'y'.repeat(62)}é`, 'é✓𝄞', '\ud800', `${'z'.repeat(40)}€tail`,
    'w'.repeat(5000), 'v'.repeat(16 * 1024 + 1), '✓'.repeat(17 * 1024), random.subarray(0, 3), random.subarray(0, 49 * 1024),
    random.subarray(7, 100_007), Buffer.alloc(0), ['6869', 'hex'], ['\u00e9t\u00e9', 'latin1']
  ]
  const feed = (hash, input) => Array.isArray(input) ? hash.update(input[0], input[1]) : hash.update(input)
  for (let round = 0; round < 40; round++) {
    // Three objects at a time, fed in turns (each takes the shared buffer from the last).
    const ours = [0, 1, 2].map(() => new XxHash64())
    const theirs = [0, 1, 2].map(() => createHash('xxhash64'))
    for (let step = 0; step < 6; step++) {
      for (let k = 0; k < 3; k++) {
        if ((round + k + step) % 3 === 0) continue
        const input = inputs[(round * 7 + step * 3 + k) % inputs.length]
        feed(ours[k], input)
        feed(theirs[k], input)
      }
    }
    for (let k = 0; k < 3; k++) {
      const encoding = ['hex', 'base64', undefined][k]
      const mine = ours[k].digest(encoding)
      const built = theirs[k].digest(encoding)
      assert.deepEqual(mine, built, `round ${round}, object ${k}, ${encoding}`)
    }
  }
})

test("webpack builds with hashmill's xxhash64 emit what the built-in does", { timeout: 120_000 }, async () => {
  const webpack = require('webpack')
  const hashes = require('../webpack')
  const dir = tmpdir('webpack')
  const modules = 300
  for (let i = 0; i < modules; i++) {
    const next = i + 1 < modules ? `import v${i + 1} from './m${i + 1}.js'\n` : ''
    fs.writeFileSync(path.join(dir, `m${i}.js`), `${next}export default ${JSON.stringify(`module ${i} ✓`)} + ${next ? `v${i + 1}` : "''"}\n`)
  }
  fs.writeFileSync(path.join(dir, 'index.js'), "import m from './m0.js'\nimport('./m150.js').then(console.log)\nconsole.log(m)\n")
  const build = (hashFunction) => new Promise((resolve, reject) => {
    webpack({
      mode: 'production',
      context: dir,
      entry: './index.js',
      output: { path: path.join(dir, `out-${typeof hashFunction === 'string' ? hashFunction : 'hashmill'}`), filename: '[name].[contenthash].js', chunkFilename: '[id].[contenthash].js', hashFunction },
      optimization: { realContentHash: true }
    }, (error, stats) => error ? reject(error) : resolve(stats))
  })
  const builtIn = await build('xxhash64')
  const ours = await build(hashes.xxhash64)
  assert.equal(ours.hash, builtIn.hash)
  const names = (stats) => Object.keys(stats.compilation.assets).sort()
  assert.deepEqual(names(ours), names(builtIn))
  const blake3 = await build(hashes.blake3)
  assert.notEqual(blake3.hash, builtIn.hash)
  assert.equal(names(blake3).length, names(builtIn).length)
})
