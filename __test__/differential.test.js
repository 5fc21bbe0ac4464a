'use strict'
/**
 * Differential tests: random inputs of many lengths (block, inline-threshold, threading and
 * wasm-chunk boundaries) hashed through every API on both backends and compared with
 * node:crypto and independent peer libraries; plus input types, buffer safety, keyed and
 * derive-key BLAKE3, Hasher.copy()/reset(), digest encodings and integrity strings.
 *
 * Inputs come from `randomBytes(length, seed)`, so a failure reproduces with the length
 * and seed in its message.
 */
const { describe, it, before } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { Readable } = require('node:stream')
const { backends, each, randomBytes, streamable } = require('./helpers/backends')

const hashWasm = require('hash-wasm')
const { loadPeers, peerDigests } = require('./helpers/peers')

const KiB = 1024
const MiB = 1024 * KiB

/** A tiny deterministic PRNG (xorshift32) for split points and lengths. */
function prng (seed) {
  let x = seed >>> 0 || 1
  return (bound) => {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    return bound === undefined ? x : x % bound
  }
}

/** The input for `length`: the seed is the length, so a message's len= is enough to reproduce. */
const inputSeed = (length) => (length * 2654435761 + 12345) >>> 0
const inputOf = (length) => randomBytes(length, inputSeed(length))

// ---------------------------------------------------------------------------------------
// Lengths

const FIXED_LENGTHS = [
  0, 1, 3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 239, 240, 241, 255, 256,
  1023, 1024, 1025, 4095, 4096, 4097, 16383, 16384, 16385,
  65535, 65536, 65537, 131071, 131072, 131073,
  MiB - 1, MiB, MiB + 1, 4 * MiB
]
// Around each backend's inline threshold (hash() hashes inputs up to it on the main thread).
// inlineMaxBytes is per algorithm: take each backend's smallest and largest threshold.
const THRESHOLD_LENGTHS = [...new Set(each().flatMap(([, api]) => {
  const values = Object.values(api.backend.inlineMaxBytes)
  return [Math.min(...values), Math.max(...values)].flatMap((t) => [t - 1, t, t + 1])
}))]
// A few random lengths (fixed seed, so they are the same on every run).
const RANDOM_LENGTHS = (() => {
  const next = prng(20240229)
  return [2 + next(60), 300 + next(700), 2000 + next(6000), 20000 + next(40000), 140000 + next(400000), 1200000 + next(1500000)]
})()
const LENGTHS = [...new Set([...FIXED_LENGTHS, ...THRESHOLD_LENGTHS, ...RANDOM_LENGTHS])].sort((a, b) => a - b)

// ---------------------------------------------------------------------------------------
// References from node:crypto and peer libraries

let peers
before(async () => { peers = await loadPeers() })

/** The agreed reference digest (asserting that the peers agree with each other first). */
async function reference (algorithm, input, seed, where) {
  const refs = await peerDigests(peers, algorithm, input, { seed })
  for (const [peer, digest] of refs.slice(1)) {
    assert.equal(digest, refs[0][1], `peer libraries disagree (${peer} vs ${refs[0][0]}) for ${where}`)
  }
  return refs[0][1]
}

/**
 * The seeds each algorithm is tested with (undefined = no seed option). Every seed goes
 * through every API; the first two also through every kind of stream source.
 */
const SEEDS = {
  xxh32: [undefined, 2654435761, 0, 0xffffffff],
  xxh64: [undefined, 0xfedcba9876543210n, 0, 123456789, 2n ** 53n + 1n, 2n ** 64n - 1n],
  xxh3: [undefined, 0xfedcba9876543210n, 0, 123456789, 2n ** 53n + 1n, 2n ** 64n - 1n],
  'xxh3-128': [undefined, 0xfedcba9876543210n, 0, 123456789, 2n ** 53n + 1n, 2n ** 64n - 1n]
}
const seedsOf = (algorithm) => SEEDS[algorithm] || [undefined]
const seedText = (seed) => (seed === undefined ? '' : ` seed=${typeof seed === 'bigint' ? seed + 'n' : seed}`)
const optionsOf = (algorithm, seed) => (seed === undefined ? { algorithm } : { algorithm, seed })

// ---------------------------------------------------------------------------------------
// Chunking and stream sources

/** Cuts `input` at `pieces - 1` random points (repeats allowed, so some chunks are empty). */
function randomChunks (input, seed, pieces) {
  const next = prng(seed)
  const cuts = []
  for (let i = 0; i < pieces - 1; i++) cuts.push(next(input.length + 1))
  cuts.sort((a, b) => a - b)
  const chunks = []
  let from = 0
  for (const cut of [...cuts, input.length]) {
    chunks.push(input.subarray(from, cut))
    from = cut
  }
  return chunks
}

/** How many pieces to cut an input of length n into: more for small inputs, few for big. */
const piecesFor = (n) => (n <= 4096 ? 1 + Math.min(n, 24) : n <= 200000 ? 8 : 5)

const describeChunks = (chunks) => `[${chunks.map((c) => c.byteLength).join(',')}]`

const SOURCES = {
  'Readable.from': (chunks) => Readable.from(chunks),
  ReadableStream: (chunks) => new ReadableStream({
    start (controller) {
      for (const c of chunks) controller.enqueue(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
      controller.close()
    }
  }),
  'async generator': (chunks) => (async function * () {
    // a mix of input types: DataView, Uint8Array, Buffer, ArrayBuffer copies
    for (const [i, c] of chunks.entries()) {
      switch (i % 4) {
        case 0: yield new DataView(c.buffer, c.byteOffset, c.byteLength); break
        case 1: yield new Uint8Array(c.buffer, c.byteOffset, c.byteLength); break
        case 2: yield c; break
        default: yield c.buffer.slice(c.byteOffset, c.byteOffset + c.byteLength)
      }
    }
  })(),
  array: (chunks) => chunks
}

/**
 * Checks every API of one backend against `expected` for one input.
 * `opts` are the hashmill options; `where` names the backend, algorithm and length.
 */
async function checkAllApis (api, input, opts, expected, where, splitSeed, { streams = true } = {}) {
  assert.equal(api.hashSync(input, opts), expected, `${where('hashSync')}`)
  assert.equal(await api.hash(input, opts), expected, `${where('hash')}`)

  const pieces = piecesFor(input.length)
  const chunks = randomChunks(input, splitSeed, pieces)
  const h = api.createHasher(opts)
  for (const c of chunks) h.update(c)
  assert.equal(h.digest(), expected, `${where('createHasher')} chunks=${describeChunks(chunks)}`)

  if (!streams) {
    const streamChunks = randomChunks(input, splitSeed + 1, pieces)
    assert.equal(await api.hashStream(streamChunks, opts), expected, `${where('hashStream(array)')} chunks=${describeChunks(streamChunks)}`)
    return
  }
  for (const [i, [name, make]] of Object.entries(SOURCES).entries()) {
    const streamChunks = randomChunks(input, splitSeed + 1 + i, pieces)
    const got = await api.hashStream(make(streamChunks), opts)
    assert.equal(got, expected, `${where(`hashStream(${name})`)} chunks=${describeChunks(streamChunks)}`)
  }
}

// ---------------------------------------------------------------------------------------

describe('every algorithm and API against node:crypto and peer libraries', () => {
  const algorithms = streamable
  it('both backends offer the same 13 algorithms', () => {
    assert.deepEqual([...backends.wasm.algorithms], [...backends.native.algorithms])
    assert.deepEqual([...algorithms].sort(), ['blake3', 'crc32', 'crc32c', 'md5', 'sha1', 'sha256', 'sha384', 'sha512', 'xxh3', 'xxh3-128', 'xxh32', 'xxh64', 'crc64nvme'].sort())
  })

  for (const n of LENGTHS) {
    describe(`length ${n}`, () => {
      let pristine
      before(() => { pristine = inputOf(n) })

      for (const algorithm of algorithms) {
        it(algorithm, async () => {
          // A private copy per test, so a bug that detaches or changes it fails one test only.
          const input = Buffer.from(pristine)
          for (const [index, seed] of seedsOf(algorithm).entries()) {
            const expected = await reference(algorithm, input, seed, `${algorithm}${seedText(seed)} len=${n}`)
            for (const [kind, api] of each()) {
              const where = (name) => `${kind} ${algorithm}${seedText(seed)} ${name} len=${n} (input seed ${inputSeed(n)})`
              await checkAllApis(api, input, optionsOf(algorithm, seed), expected, where, n ^ 0x5eed, { streams: index < 2 })
            }
          }
          if (algorithm === 'blake3') {
            // Longer XOF output: no peer reference here, but both backends and all APIs agree.
            const opts = { outputLength: 200 }
            const expected = backends.native.hashSync(input, opts)
            assert.equal(expected.slice(0, 64), await reference('blake3', input, undefined, `blake3 len=${n}`), `native blake3 outputLength=200 prefix len=${n}`)
            for (const [kind, api] of each()) {
              await checkAllApis(api, input, opts, expected, (name) => `${kind} blake3 outputLength=200 ${name} len=${n}`, n ^ 0xb1a)
            }
          }
          if (SEEDS[algorithm]) {
            // number and bigint seeds are the same seed
            const a = backends.native.hashSync(input, { algorithm, seed: 123456789 })
            for (const [kind, api] of each()) {
              assert.equal(api.hashSync(input, { algorithm, seed: 123456789n }), a, `${kind} ${algorithm} seed 123456789n vs 123456789 hashSync len=${n}`)
              assert.equal(await api.hash(input, { algorithm, seed: 123456789n }), a, `${kind} ${algorithm} seed 123456789n vs 123456789 hash len=${n}`)
            }
          }
        })
      }
    })
  }

  describe('beyond 16 MiB (the native async slice size)', () => {
    const n = 16 * MiB + 5
    let input
    before(() => { input = inputOf(n) })
    for (const algorithm of ['blake3', 'sha256', 'xxh3', 'crc32c']) {
      it(algorithm, async () => {
        const expected = await reference(algorithm, input, undefined, `${algorithm} len=${n}`)
        for (const [kind, api] of each()) {
          const where = (name) => `${kind} ${algorithm} ${name} len=${n}`
          assert.equal(api.hashSync(input, algorithm), expected, where('hashSync'))
          assert.equal(await api.hash(input, algorithm), expected, where('hash'))
          const chunks = randomChunks(input, 77, 4)
          assert.equal(await api.hashStream(Readable.from(chunks), algorithm), expected, `${where('hashStream')} chunks=${describeChunks(chunks)}`)
        }
      })
    }
  })
})

// ---------------------------------------------------------------------------------------

describe('concurrent calls each get their own result', () => {
  const { setTimeout: sleep } = require('node:timers/promises')
  for (const [kind, api] of each()) {
    it(`${kind}: hash() and hashStream() of 12 inputs at once`, async () => {
      const algorithms = streamable
      const inputs = algorithms.map((_, i) => inputOf(20000 + i * 130001))
      const expected = await Promise.all(inputs.map((input, i) => reference(algorithms[i], input, undefined, `${algorithms[i]} len=${input.length}`)))
      const where = (what, i) => `${kind} ${algorithms[i]} concurrent ${what} len=${inputs[i].length}`
      const hashed = await Promise.all(inputs.map((input, i) => api.hash(input, algorithms[i])))
      hashed.forEach((got, i) => assert.equal(got, expected[i], where('hash', i)))
      const streamed = await Promise.all(inputs.map((input, i) => api.hashStream((async function * () {
        const size = 30000 + i * 7919
        for (let at = 0; at < input.length; at += size) {
          await sleep(i % 3)
          yield input.subarray(at, at + size)
        }
      })(), algorithms[i])))
      streamed.forEach((got, i) => assert.equal(got, expected[i], where('hashStream(async generator with delays)', i)))
      const mixed = await Promise.all(inputs.flatMap((input, i) => [
        api.hash(input, algorithms[i]),
        api.hashStream(randomChunks(input, i, 6), algorithms[i])
      ]))
      mixed.forEach((got, j) => assert.equal(got, expected[j >> 1], where(j % 2 ? 'hashStream' : 'hash', j >> 1)))
    })
  }
})

// ---------------------------------------------------------------------------------------

describe('streaming: every split position and tiny updates, every algorithm', () => {
  // 2300 bytes: past XXH3's 1024-byte blocks and 256-byte buffer, SHA-512's 128-byte
  // blocks, BLAKE3's 1024-byte chunks and the CRC SIMD folding widths.
  const n = 2300
  const input = inputOf(n)
  const { setImmediate: nextTurn } = require('node:timers/promises')

  for (const algorithm of streamable) {
    it(algorithm, async () => {
      const seeds = SEEDS[algorithm] ? [undefined, SEEDS[algorithm][3]] : [undefined]
      for (const seed of seeds) {
        const opts = optionsOf(algorithm, seed)
        const expected = await reference(algorithm, input, seed, `${algorithm}${seedText(seed)} len=${n}`)
        for (const [kind, api] of each()) {
          const where = (what) => `${kind} ${algorithm}${seedText(seed)} createHasher ${what} len=${n}`
          const bad = []
          for (let at = 0; at <= n; at++) {
            if (at % 256 === 255) await nextTurn() // let wasm hashers be finalized
            const got = api.createHasher(opts).update(input.subarray(0, at)).update(input.subarray(at)).digest()
            if (got !== expected) bad.push(at)
          }
          assert.deepEqual(bad, [], where(`split in two at ${bad.slice(0, 20).join(', ')}${bad.length > 20 ? ', ...' : ''}`))
          // updates of 1, 2, ... 67 bytes, over and over
          const h = api.createHasher(opts)
          for (let at = 0, size = 1; at < n; at += size, size = size % 67 + 1) h.update(input.subarray(at, at + size))
          assert.equal(h.digest(), expected, where('updates of 1..67 bytes'))
          // one byte at a time
          const one = api.createHasher(opts)
          for (let at = 0; at < n; at++) one.update(input.subarray(at, at + 1))
          assert.equal(one.digest(), expected, where('one byte at a time'))
          // empty updates in between change nothing
          const empty = api.createHasher(opts).update('').update(input.subarray(0, 100)).update(new Uint8Array(0)).update(input.subarray(100)).update(new ArrayBuffer(0))
          assert.equal(empty.digest(), expected, where('with empty updates'))
        }
      }
    })
  }
})

// ---------------------------------------------------------------------------------------

/** `bytes` placed at `offset` inside a larger buffer filled with junk around it. */
function embedded (Buffer_, bytes, offset, tail = 24) {
  const store = new Buffer_(offset + bytes.length + tail)
  const all = new Uint8Array(store)
  all.fill(0xa5)
  all.set(bytes, offset)
  return store
}

/** Every input type holding exactly `bytes` (length a multiple of 8). */
function inputForms (bytes) {
  const n = bytes.length
  const ab = embedded(ArrayBuffer, bytes, 16)
  const sab = embedded(SharedArrayBuffer, bytes, 24)
  const exactAb = new ArrayBuffer(n)
  new Uint8Array(exactAb).set(bytes)
  const exactSab = new SharedArrayBuffer(n)
  new Uint8Array(exactSab).set(bytes)
  return [
    ['Buffer', Buffer.from(bytes)],
    ['Uint8Array', new Uint8Array(bytes)],
    ['Uint8Array view (byteOffset 16)', new Uint8Array(ab, 16, n)],
    ['Buffer view (byteOffset 16)', Buffer.from(ab, 16, n)],
    ['Uint16Array view (byteOffset 16)', new Uint16Array(ab, 16, n / 2)],
    ['Float64Array view (byteOffset 16)', new Float64Array(ab, 16, n / 8)],
    ['DataView (byteOffset 16)', new DataView(ab, 16, n)],
    ['ArrayBuffer', exactAb],
    ['SharedArrayBuffer', exactSab],
    ['Uint8Array over SharedArrayBuffer (byteOffset 24)', new Uint8Array(sab, 24, n)],
    ['Int32Array over SharedArrayBuffer (byteOffset 24)', new Int32Array(sab, 24, n / 4)],
    ['DataView over SharedArrayBuffer (byteOffset 24)', new DataView(sab, 24, n)]
  ]
}

/** hashSync, hash, createHasher and hashStream of `input` all give `expected`. */
async function checkInput (api, input, opts, expected, where) {
  assert.equal(api.hashSync(input, opts), expected, where('hashSync'))
  assert.equal(await api.hash(input, opts), expected, where('hash'))
  assert.equal(api.createHasher(opts).update(input).digest(), expected, where('createHasher'))
  assert.equal(await api.hashStream([input], opts), expected, where('hashStream'))
}

describe('every input type gives the digest of exactly its bytes', () => {
  const sizes = [
    [40, null],
    [24000, null], // above both inline thresholds
    [2 * MiB + 24, ['blake3', 'sha256', 'xxh3', 'crc32c']] // above the wasm chunk size
  ]
  for (const [n, only] of sizes) {
    it(`${n} bytes, ${only ? only.join('/') : 'all algorithms'}`, async () => {
      const bytes = randomBytes(n, 4242 + n)
      const forms = inputForms(bytes)
      for (const algorithm of only || streamable) {
        const expected = await reference(algorithm, bytes, undefined, `${algorithm} len=${n}`)
        for (const [kind, api] of each()) {
          for (const [form, input] of forms) {
            await checkInput(api, input, { algorithm }, expected, (name) => `${kind} ${algorithm} ${name}(${form}) len=${n}`)
          }
        }
      }
    })
  }

  it('strings are UTF-8 (multi-byte, astral, lone surrogates as EF BF BD)', async () => {
    const cases = [
      ['', Buffer.alloc(0)],
      ['hello', Buffer.from('68656c6c6f', 'hex')],
      ['héllo wörld ✓ 𝄞 日本語', Buffer.from('68c3a96c6c6f2077c3b6726c6420e29c9320f09d849e20e697a5e69cace8aa9e', 'hex')],
      ['\uD800', Buffer.from([0xef, 0xbf, 0xbd])],
      ['a\uDC00b', Buffer.from([0x61, 0xef, 0xbf, 0xbd, 0x62])],
      ['x\uD83D', Buffer.from([0x78, 0xef, 0xbf, 0xbd])],
      ['é😀'.repeat(4000), null], // 24000 bytes of UTF-8, above the inline thresholds
      ['ß'.repeat(600000), null] // 1.2 MB of UTF-8, above the wasm chunk size
    ]
    for (const [text, bytes] of cases) {
      const utf8 = bytes || Buffer.from(text, 'utf8')
      if (bytes) assert.deepEqual(Buffer.from(text, 'utf8'), bytes, 'the test table itself')
      for (const algorithm of text.length > 100 ? ['blake3', 'sha256', 'xxh64', 'crc32'] : streamable) {
        const expected = await reference(algorithm, utf8, undefined, `${algorithm} string`)
        for (const [kind, api] of each()) {
          await checkInput(api, text, { algorithm }, expected, (name) => `${kind} ${algorithm} ${name}(string ${JSON.stringify(text.slice(0, 12))}) len=${utf8.length}`)
        }
      }
    }
  })

  it('a pooled Buffer.from(string) and a slice of it', async () => {
    const pooled = Buffer.from('hashmill hashes exactly the bytes of a pooled Buffer')
    const slice = pooled.subarray(9, 40)
    for (const [name, input] of [['pooled Buffer', pooled], ['slice of pooled Buffer', slice]]) {
      assert.ok(input.buffer.byteLength > input.byteLength, `${name} is a view into a larger pool`)
      const copy = Buffer.from(input) // a private copy of the same bytes
      const poolSize = input.buffer.byteLength
      for (const algorithm of streamable) {
        const expected = await reference(algorithm, copy, undefined, `${algorithm} ${name}`)
        for (const [kind, api] of each()) {
          await checkInput(api, input, { algorithm }, expected, (call) => `${kind} ${algorithm} ${call}(${name}) len=${input.length}`)
          assert.equal(input.buffer.byteLength, poolSize, `${kind} ${algorithm} left the Buffer pool intact`)
          assert.deepEqual(Buffer.from(input), copy, `${kind} ${algorithm} did not change ${name}`)
        }
      }
    }
  })
})

// ---------------------------------------------------------------------------------------

describe('the caller\'s buffer is never detached or changed', () => {
  // Multiples of 8 (for the Float64Array form), all above an inline threshold.
  const sizes = [...new Set([...each().map(([, api]) => Math.max(...Object.values(api.backend.inlineMaxBytes)) + 8), 16 * KiB + 8, 200000, MiB + 16])].sort((a, b) => a - b)
  const forms = (bytes) => {
    const n = bytes.length
    const ab = embedded(ArrayBuffer, bytes, 8)
    const sab = embedded(SharedArrayBuffer, bytes, 8)
    return [
      ['Buffer', Buffer.from(bytes)],
      ['Uint8Array view (byteOffset 8)', new Uint8Array(ab, 8, n)],
      ['Float64Array view (byteOffset 8)', new Float64Array(embedded(ArrayBuffer, bytes, 8), 8, n / 8)],
      ['ArrayBuffer', new Uint8Array(bytes).buffer],
      ['SharedArrayBuffer view', new Uint8Array(sab, 8, n)]
    ]
  }
  const isBufferObject = (input) => input instanceof ArrayBuffer || input instanceof SharedArrayBuffer
  const lengthsOf = (input) => ({
    byteLength: input.byteLength,
    storeLength: isBufferObject(input) ? input.byteLength : input.buffer.byteLength
  })
  const bytesOf = (input) => Buffer.from(isBufferObject(input)
    ? new Uint8Array(input)
    : new Uint8Array(input.buffer, input.byteOffset, input.byteLength))
  const describeState = (input) => ({ ...lengthsOf(input), bytes: bytesOf(input) })
  const checkUnchanged = (input, before, where) => {
    // lengths first: reading a detached buffer's contents would throw a less useful error
    const now = lengthsOf(input)
    assert.equal(now.byteLength, before.byteLength, `${where}: byteLength changed (detached?)`)
    assert.equal(now.storeLength, before.storeLength, `${where}: .buffer.byteLength changed (detached?)`)
    assert.ok(bytesOf(input).equals(before.bytes), `${where}: contents changed`)
  }

  for (const n of sizes) {
    it(`${n} bytes`, async () => {
      const bytes = randomBytes(n, 99 + n)
      for (const [kind, api] of each()) {
        for (const [form, input] of forms(bytes)) {
          const before = describeState(input)
          for (const algorithm of ['blake3', 'sha256', 'xxh3']) {
            const where = (name) => `${kind} ${algorithm} ${name}(${form}) len=${n}`
            const expected = api.hashSync(bytes, algorithm)
            const pending = api.hash(input, { algorithm })
            checkUnchanged(input, before, `${where('hash')} while pending`)
            assert.equal(await pending, expected, where('hash'))
            checkUnchanged(input, before, `${where('hash')} after await`)
            // Several calls over the same memory at once.
            const all = await Promise.all([api.hash(input, algorithm), api.hash(input, algorithm), api.hashStream([input, input], algorithm)])
            checkUnchanged(input, before, `${where('concurrent hash')} after await`)
            assert.deepEqual(all.slice(0, 2), [expected, expected], where('concurrent hash'))
            assert.equal(all[2], api.hashSync(Buffer.concat([bytes, bytes]), algorithm), where('hashStream of the input twice'))
            const stream = await api.hashStream(Readable.from([input]), algorithm)
            assert.equal(stream, expected, where('hashStream'))
            checkUnchanged(input, before, `${where('hashStream')} after await`)
          }
          if (n >= 1000) {
            assert.equal(await api.integrity(input), 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64'), `${kind} integrity(${form}) len=${n}`)
            checkUnchanged(input, before, `${kind} integrity(${form}) len=${n} after await`)
          }
        }
      }
    })
  }
})

// ---------------------------------------------------------------------------------------

describe('keyed and derive-key BLAKE3 agree across backends and APIs', () => {
  const lengths = [0, 1, 65, 1024, 1025, 8193, 16385, 131073, MiB + 1]
  const contexts = ['hashmill 2024-01-01 12:00:00 differential test context', 'ünïcödé ✓ 😀 context', '']

  for (const n of lengths) {
    it(`length ${n}`, async () => {
      const input = inputOf(n)
      const key = randomBytes(32, 31337 + n)
      // keyed: against hash-wasm, with the key in several forms
      const keyed = await hashWasm.blake3(input, 256, key)
      const keyAb = new Uint8Array(key).buffer
      const keyForms = [['Buffer', key], ['ArrayBuffer', keyAb], ['DataView', new DataView(keyAb)], ['Uint32Array', new Uint32Array(keyAb)]]
      for (const [kind, api] of each()) {
        for (const [form, k] of keyForms) {
          const where = (name) => `${kind} blake3 keyed(key ${form}) ${name} len=${n}`
          if (form === 'Buffer') await checkAllApis(api, input, { key: k }, keyed, where, n + 5)
          else assert.equal(api.hashSync(input, { key: k }), keyed, where('hashSync'))
        }
        assert.notEqual(api.hashSync(input, { key: randomBytes(32, 1) }), keyed, `${kind} blake3 a different key gives a different digest len=${n}`)
      }
      // keyed with a long output: both backends agree, and the 32-byte digest is the prefix
      const keyedLong = backends.native.hashSync(input, { key, outputLength: 300 })
      assert.equal(keyedLong.slice(0, 64), keyed, `native blake3 keyed outputLength=300 prefix len=${n}`)
      for (const [kind, api] of each()) {
        await checkAllApis(api, input, { key, outputLength: 300 }, keyedLong, (name) => `${kind} blake3 keyed outputLength=300 ${name} len=${n}`, n + 6)
      }
      // derive-key: no peer implements it; both backends and every API agree
      const seen = new Set()
      for (const context of contexts) {
        for (const outputLength of [32, 77]) {
          const opts = { context, outputLength }
          const expected = backends.native.hashSync(input, opts)
          seen.add(expected)
          for (const [kind, api] of each()) {
            await checkAllApis(api, input, opts, expected, (name) => `${kind} blake3 derive_key(context ${JSON.stringify(context.slice(0, 10))}, outputLength ${outputLength}) ${name} len=${n}`, n + 7)
          }
        }
      }
      assert.equal(seen.size, contexts.length * 2, `derive-key outputs differ per context and length, len=${n}`)
      assert.ok(!seen.has(backends.native.hashSync(input)), `derive-key differs from plain hash, len=${n}`)
    })
  }
})

// ---------------------------------------------------------------------------------------

/** Per algorithm, the options that make its hasher stateful beyond the input. */
function statefulOptions (algorithm) {
  switch (algorithm) {
    case 'blake3': return [{}, { key: randomBytes(32, 5) }, { context: 'hashmill copy/reset context' }, { outputLength: 100 }]
    case 'xxh32': return [{ seed: 2654435761 }]
    case 'xxh64': case 'xxh3': case 'xxh3-128': return [{ seed: 0xfedcba9876543210n }, { seed: 7 }]
    default: return [{}]
  }
}
const optsText = (opts) => JSON.stringify(opts, (k, v) => (typeof v === 'bigint' ? `${v}n` : k === 'key' ? '<32 bytes>' : v))

describe('Hasher.copy() and reset()', () => {
  const a = randomBytes(1000, 11)
  const b = randomBytes(70000, 12)
  const x = randomBytes(5, 13)
  const y = randomBytes(MiB + 300, 14)
  const cat = (...parts) => Buffer.concat(parts)

  for (const algorithm of streamable) {
    it(algorithm, () => {
      for (const extra of statefulOptions(algorithm)) {
        const opts = { algorithm, ...extra }
        for (const [kind, api] of each()) {
          const where = (what) => `${kind} ${algorithm} ${optsText(extra)} createHasher ${what} (parts a=${a.length} b=${b.length} x=${x.length} y=${y.length})`
          const want = (bytes) => api.hashSync(bytes, opts)
          assert.equal(want(cat(a, b)), backends.native.hashSync(cat(a, b), opts), where('native and wasm hashSync agree on a+b'))

          // copy() gives independent states
          const h = api.createHasher(opts).update(a)
          const c = h.copy()
          assert.equal(c.algorithm, algorithm)
          assert.equal(c.outputLength, h.outputLength)
          h.update(b)
          c.update(x)
          const c2 = c.copy()
          c2.update(y)
          assert.equal(c.digest(), want(cat(a, x)), where('copy after a, then update the copy with x: a+x'))
          assert.equal(c2.digest(), want(cat(a, x, y)), where('copy of a copy: a+x+y'))
          const h2 = h.copy()
          assert.equal(h.digest(), want(cat(a, b)), where('original after copy: a+b'))
          assert.equal(h2.digest('hex'), want(cat(a, b)), where('copy right before digest: a+b'))
          assert.throws(() => h.update(x), { code: 'ERR_HASHMILL_HASHER_FINALIZED' }, where('update after digest'))
          assert.throws(() => h.copy(), { code: 'ERR_HASHMILL_HASHER_FINALIZED' }, where('copy after digest'))

          // reset() forgets the input but keeps key / context / seed / outputLength
          h.reset()
          assert.equal(h.update(x).digest(), want(x), where('reset after digest, then update: x'))
          const r = api.createHasher(opts).update(y)
          r.reset()
          assert.equal(r.digest(), want(Buffer.alloc(0)), where('update y, reset, then digest: empty'))
          const r2 = api.createHasher(opts).update(b).reset().update(a).update(b)
          assert.equal(r2.digest(), want(cat(a, b)), where('update b, reset, update a, b: a+b'))
          if (extra.seed || extra.key || extra.context) {
            assert.notEqual(want(cat(a, b)), api.hashSync(cat(a, b), algorithm), where('the option changes the digest (so reset() is seen to keep it)'))
          }
          // reset on a copy leaves the original alone
          const o = api.createHasher(opts).update(a)
          const oc = o.copy().reset()
          o.update(b)
          oc.update(b)
          assert.equal(o.digest(), want(cat(a, b)), where('original after resetting its copy: a+b'))
          assert.equal(oc.digest(), want(b), where('reset copy, then b: b'))
        }
      }
    })
  }
})

// ---------------------------------------------------------------------------------------

describe('digest encodings are consistent with each other', () => {
  const input = randomBytes(3000, 21)
  const bigInput = randomBytes(40000, 22)
  for (const algorithm of streamable) {
    it(algorithm, async () => {
      for (const [kind, api] of each()) {
        for (const data of [input, bigInput]) {
          const where = (what) => `${kind} ${algorithm} ${what} len=${data.length}`
          const buf = api.hashSync(data, { algorithm, encoding: 'buffer' })
          assert.ok(Buffer.isBuffer(buf), where('buffer encoding gives a Buffer'))
          const length = api.createHasher(algorithm).outputLength
          assert.equal(buf.length, length, where('buffer length = outputLength'))
          const expected = {
            hex: buf.toString('hex'),
            base64: buf.toString('base64'),
            base64url: buf.toString('base64url'),
            buffer: buf
          }
          if (length <= 8) expected.bigint = BigInt('0x' + buf.toString('hex'))
          assert.ok(!/[+/=]/.test(expected.base64url), where('base64url has no + / ='))
          for (const [encoding, value] of Object.entries(expected)) {
            assert.deepEqual(api.hashSync(data, { algorithm, encoding }), value, where(`hashSync encoding=${encoding}`))
            assert.deepEqual(await api.hash(data, { algorithm, encoding }), value, where(`hash encoding=${encoding}`))
            assert.deepEqual(await api.hashStream([data], { algorithm, encoding }), value, where(`hashStream encoding=${encoding}`))
            assert.deepEqual(api.createHasher(algorithm).update(data).digest(encoding), value, where(`createHasher digest(${encoding})`))
            assert.deepEqual(api.createHasher({ algorithm, encoding }).update(data).digest(), value, where(`createHasher({ encoding: ${encoding} }).digest()`))
          }
          assert.equal(api.hashSync(data, algorithm), expected.hex, where('hex is the default'))
          assert.equal(api.createHasher(algorithm).update(data).digest(), expected.hex, where('digest() defaults to hex'))
          if (length > 8) {
            assert.throws(() => api.hashSync(data, { algorithm, encoding: 'bigint' }), { code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' }, where('bigint refused above 64 bits'))
          }
          // two calls never share the returned Buffer
          const again = api.hashSync(data, { algorithm, encoding: 'buffer' })
          again[0] ^= 0xff
          assert.equal(api.hashSync(data, { algorithm, encoding: 'buffer' }).toString('hex'), expected.hex, where('mutating a returned Buffer changes nothing'))
        }
      }
    })
  }

  it('blake3 bigint works up to 8 bytes of output', async () => {
    for (const [kind, api] of each()) {
      const long = api.hashSync(input, { outputLength: 9, encoding: 'buffer' })
      for (const outputLength of [1, 5, 8]) {
        const value = BigInt('0x' + long.subarray(0, outputLength).toString('hex'))
        assert.equal(api.hashSync(input, { outputLength, encoding: 'bigint' }), value, `${kind} blake3 outputLength=${outputLength} bigint`)
        assert.equal(await api.hash(input, { outputLength, encoding: 'bigint' }), value, `${kind} blake3 outputLength=${outputLength} bigint (hash)`)
      }
      assert.throws(() => api.hashSync(input, { outputLength: 9, encoding: 'bigint' }), { code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' })
    }
  })
})

// ---------------------------------------------------------------------------------------

describe('integrity() and integritySync()', () => {
  for (const n of [0, 3, 100, 20000, 300000, MiB + 1]) {
    it(`length ${n}`, async () => {
      const input = inputOf(n)
      for (const [kind, api] of each()) {
        for (const algorithm of [undefined, 'sha256', 'sha384', 'sha512']) {
          const name = algorithm || 'sha384'
          const expected = `${name}-${crypto.createHash(name).update(input).digest('base64')}`
          const where = (what) => `${kind} ${what}(${algorithm === undefined ? '' : algorithm}) len=${n}`
          assert.equal(await api.integrity(input, algorithm), expected, where('integrity'))
          assert.equal(api.integritySync(input, algorithm), expected, where('integritySync'))
          if (n <= 300000) {
            const text = input.toString('latin1')
            const fromText = `${name}-${crypto.createHash(name).update(text, 'utf8').digest('base64')}`
            assert.equal(await api.integrity(text, algorithm), fromText, where('integrity of a string'))
            assert.equal(api.integritySync(text, algorithm), fromText, where('integritySync of a string'))
          }
        }
      }
    })
  }
})
