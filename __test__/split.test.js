'use strict'
/**
 * One input over several wasm workers: large files read in ranges by two workers at once,
 * and large buffers in pieces (subtrees merged with blake3's hazmat API, CRCs combined),
 * for BLAKE3 (every mode) and the CRCs; the digests equal
 * independent implementations and the native backend at sizes around the piece and split
 * boundaries. A file whose size changes while its ranges are read gives ECHANGED, never a
 * digest (the change is made between the ranges and the final check, from inside the pool
 * the call uses), and an aborted split leaves no worker busy.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { backends, loadWith, randomBytes } = require('./helpers/backends')
const { loadPeers, peerDigests } = require('./helpers/peers')
const { settled } = require('./helpers/held')
const { WorkerPool } = require('../lib/wasm/pool')
const { wasmModule } = require('../lib/wasm/module')
const { nodeHost } = require('../lib/wasm/node-host')
const { createMainThread } = require('../lib/wasm/main-thread')
const { decodeFile } = require('../lib/wasm/replies')
const { pieceLength, hashFileInPieces } = require('../lib/wasm/split')
const { INTERNALS } = require('../lib/internals')

const MiB = 1024 * 1024
const native = backends.native
/** Two workers whatever the machine has, so files and buffers are split here too. */
const wasm = loadWith({ HASHMILL_BACKEND: 'wasm', HASHMILL_THREADS: '2' })

/** Around the split threshold (4 MiB) and the piece boundaries (1, 2, 4 MiB pieces). */
const SIZES = [4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 8 * MiB + 1023, 9 * MiB, 33 * MiB + 7]
const KEY = Buffer.alloc(32, 7)
const CASES = [
  ['blake3', {}],
  ['blake3', { key: KEY }],
  ['blake3', { outputLength: 100 }],
  ['crc32', {}],
  ['crc32c', {}],
  ['crc64nvme', {}]
]

let dir
let peers
const data = randomBytes(SIZES[SIZES.length - 1], 77)
const fileOf = (size) => path.join(dir, `f${size}.bin`)

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-split-'))
  for (const size of SIZES) fs.writeFileSync(fileOf(size), data.subarray(0, size))
  peers = await loadPeers()
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('wasm: one large file read in ranges by several workers', () => {
  it('the sizes used are split (the test checks the split path, not the ordinary one)', () => {
    const spec = { info: { parallel: true, combinable: false } }
    assert.equal(pieceLength(spec, SIZES[0], 2), 0)
    for (const size of SIZES.slice(1)) assert.ok(pieceLength(spec, size, 2) > 0, `${size} splits`)
  })

  for (const [algorithm, options] of CASES) {
    it(`${algorithm} ${JSON.stringify(Object.keys(options))}: hashFile and a one-path hashFiles equal the peers and native`, async () => {
      for (const size of SIZES) {
        const bytes = data.subarray(0, size)
        const expected = await peerDigests(peers, algorithm, bytes, options)
        const got = await wasm.hashFile(fileOf(size), { algorithm, ...options })
        for (const [peer, hex] of expected) assert.equal(got, hex, `${size} bytes vs ${peer}`)
        assert.equal(await native.hashFile(fileOf(size), { algorithm, ...options }), got, `${size} bytes vs native`)
        const [one] = await wasm.hashFiles([fileOf(size)], { algorithm, ...options })
        assert.deepEqual(one, { path: fileOf(size), size, digest: got })
      }
    })
  }

  it('derive-key BLAKE3 and progress: every byte and the one file are counted once', async () => {
    const reports = []
    const size = SIZES[SIZES.length - 1]
    const got = await wasm.hashFile(fileOf(size), { algorithm: 'blake3', context: 'hashmill split test', onProgress: (p) => reports.push(p) })
    assert.equal(got, native.hashSync(data.subarray(0, size), { algorithm: 'blake3', context: 'hashmill split test' }))
    assert.deepEqual(reports.at(-1), { bytesDone: size, bytesTotal: size, filesDone: 1, filesTotal: 1 })
  })

  it('algorithms that do not split still hash large files (one worker each)', async () => {
    const size = 9 * MiB
    for (const algorithm of ['sha256', 'xxh3', 'md5']) {
      assert.equal(await wasm.hashFile(fileOf(size), { algorithm }), native.hashSync(data.subarray(0, size), { algorithm }), algorithm)
    }
  })

  it('a missing path or a directory fails as on native', async () => {
    for (const target of [path.join(dir, 'missing'), dir]) {
      const [n, w] = await Promise.allSettled([native.hashFile(target), wasm.hashFile(target)])
      assert.equal(w.status, 'rejected')
      assert.equal(w.reason.code, n.reason.code)
    }
  })
})

describe('wasm: a file that changes while its ranges are read', () => {
  const pools = []
  after(async () => { await Promise.all(pools.map((p) => p.destroy())) })

  /** The real pool, but `between()` runs after the ranges and before the final size check. */
  function poolWith (between) {
    const pool = new WorkerPool({ size: 2, module: wasmModule(), host: nodeHost })
    pools.push(pool)
    return {
      runAll: (messages, options) => pool.runAll(messages, options),
      async run (message, options) {
        await between()
        return pool.run(message, options)
      },
      pool
    }
  }

  const specOf = (algorithm) => wasm[INTERNALS].options.spec({ algorithm }, { async: true })

  for (const [change, act] of [
    ['grows', (file) => fs.appendFileSync(file, 'more')],
    ['shrinks', (file) => fs.truncateSync(file, 5 * MiB)]
  ]) {
    for (const algorithm of ['blake3', 'crc64nvme']) {
      it(`${algorithm}: the file ${change} after its ranges were hashed: ECHANGED, no digest`, async () => {
        const file = path.join(dir, `changing-${change}-${algorithm}.bin`)
        const size = 9 * MiB
        fs.writeFileSync(file, data.subarray(0, size))
        const main = createMainThread(wasmModule)
        const spec = specOf(algorithm)
        const pool = poolWith(async () => act(file))
        const outcome = await hashFileInPieces(pool, main, decodeFile, spec, Buffer.from(file), size, pieceLength(spec, size, 2), undefined, undefined)
        assert.equal(outcome.code, 'ECHANGED')
        assert.equal(outcome.digest, undefined)
        assert.match(outcome.message, /changed/)
      })
    }
  }

  it('the file changed before its ranges were read: each range sees it, ECHANGED', async () => {
    const file = path.join(dir, 'changed-before.bin')
    fs.writeFileSync(file, data.subarray(0, 9 * MiB))
    const main = createMainThread(wasmModule)
    const spec = specOf('blake3')
    const pool = poolWith(async () => {})
    // The caller saw 9 MiB; the file has 9 MiB + 1 when the workers open it.
    fs.appendFileSync(file, 'x')
    const outcome = await hashFileInPieces(pool, main, decodeFile, spec, Buffer.from(file), 9 * MiB, 1 * MiB, undefined, undefined)
    assert.equal(outcome.code, 'ECHANGED')
  })

  it('an abort while the ranges are read rejects with AbortError and leaves no worker busy', async () => {
    const file = fileOf(33 * MiB + 7)
    const main = createMainThread(wasmModule)
    const spec = specOf('blake3')
    const pool = poolWith(async () => {})
    const controller = new AbortController()
    const call = hashFileInPieces(pool, main, decodeFile, spec, Buffer.from(file), 33 * MiB + 7, 1 * MiB, controller.signal, undefined)
    // The jobs were handed to the pool in this same step; none could have finished yet.
    controller.abort()
    await assert.rejects(call, { name: 'AbortError' })
    // The aborted ranges leave their workers once the workers see the cancel (how soon
    // depends on the machine, so wait for it); no worker was terminated to get there.
    const slots = [...pool.pool.slots]
    assert.equal(await settled(() => slots.filter((slot) => slot.job).length, 0), 0, 'a worker is still busy with an aborted range')
    assert.ok(slots.every((slot) => !slot.dead), 'a worker was terminated instead of stopping')
    // The pool is free for new work: both workers take a job and finish it.
    const replies = await pool.runAll([0, 1].map((i) => ({ type: 'fileRange', spec: spec.bytes, path: Buffer.from(file), offset: i * MiB, length: MiB, size: 33 * MiB + 7 })))
    assert.equal(replies.length, 2)
  })
})

describe('wasm: one large buffer in pieces', () => {
  const MODES = [{}, { key: Buffer.alloc(32, 9) }, { context: 'hashmill split test' }, { outputLength: 131 }, { outputLength: 7, encoding: 'bigint' }]
  const modesOf = (algorithm) => algorithm === 'blake3' ? MODES : [{}, { encoding: 'bigint' }]
  for (const threads of ['2', '3']) {
    it(`hash() with ${threads} workers equals native at split sizes: BLAKE3 in every mode, the CRCs`, async () => {
      const api = loadWith({ HASHMILL_BACKEND: 'wasm', HASHMILL_THREADS: threads })
      for (const size of SIZES) {
        const bytes = data.subarray(0, size)
        for (const algorithm of ['blake3', 'crc32', 'crc32c', 'crc64nvme']) {
          for (const options of modesOf(algorithm)) {
            assert.equal(await api.hash(bytes, { algorithm, ...options }), native.hashSync(bytes, { algorithm, ...options }), `${algorithm} ${size} ${JSON.stringify(options)}`)
          }
        }
      }
      const shared = new Uint8Array(new SharedArrayBuffer(5 * MiB + 3))
      shared.set(randomBytes(shared.length, 5))
      assert.equal(await api.hash(shared), native.hashSync(shared))
      assert.equal(await api.hash(shared, { algorithm: 'crc64nvme' }), native.hashSync(shared, { algorithm: 'crc64nvme' }))
    })
  }
})
