'use strict'
/**
 * Known-answer tests: the official BLAKE3 test vectors through every API, mode and split,
 * on both backends, plus published vectors for the other eleven algorithms and the
 * encodings of their digests.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const fs = require('node:fs')
const { Readable } = require('node:stream')
const { setImmediate: nextTurn } = require('node:timers/promises')
const { each } = require('./helpers/backends')

const VECTORS_FILE = path.join(__dirname, '..', 'vectors', 'blake3.json')
const vectors = JSON.parse(fs.readFileSync(VECTORS_FILE, 'utf8'))

/** Every split position is tried for inputs up to this length; a sample above it. */
const ALL_SPLITS_MAX = 8 * 1024 + 1
/** The official vectors give 131 bytes of output. */
const XOF_LEN = 131

/** The vectors' input: byte i is i % 251. */
function vectorInput (length) {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = i % 251
  return out
}

const MODES = [
  { name: 'hash', field: 'hash', opts: () => ({}) },
  { name: 'keyed_hash', field: 'keyed_hash', opts: () => ({ key: Buffer.from(vectors.key, 'ascii') }) },
  { name: 'derive_key', field: 'derive_key', opts: () => ({ context: vectors.context_string }) }
]

/** The split positions tried for an input of length n. */
function splitPositions (n) {
  if (n <= ALL_SPLITS_MAX) return Array.from({ length: n + 1 }, (_, i) => i)
  const points = [0, 1, 63, 64, 65, 1023, 1024, 1025, 8192, Math.floor(n / 2), n - 1025, n - 1024, n - 1, n]
  return [...new Set(points.filter((p) => p >= 0 && p <= n))].sort((a, b) => a - b)
}

/** Ways to cut an input into chunks for hashStream. */
function chunkings (input) {
  const n = input.length
  const plans = []
  for (const at of [0, 1, 1023, 1024, 1025, n - 1, n]) {
    if (at >= 0 && at <= n) plans.push({ name: `split@${at}`, chunks: [input.subarray(0, at), input.subarray(at)] })
  }
  for (const size of [1, 7, 64, 1000, 1024, 4096]) {
    if (n / size > 2048) continue // tiny chunks only for small inputs, to keep the suite fast
    const chunks = []
    for (let i = 0; i < n; i += size) chunks.push(input.subarray(i, i + size))
    plans.push({ name: `chunks of ${size}`, chunks })
  }
  plans.push({ name: 'no chunks / whole', chunks: n === 0 ? [] : [input] })
  return plans
}

function toStream (kind, chunks) {
  switch (kind) {
    case 'Readable': return Readable.from(chunks)
    case 'array': return chunks
    case 'ReadableStream':
      return new ReadableStream({
        start (controller) {
          for (const c of chunks) controller.enqueue(c)
          controller.close()
        }
      })
    case 'async generator':
      return (async function * () { for (const c of chunks) yield c })()
  }
  throw new Error(kind)
}

describe('BLAKE3 official test vectors', () => {
  it('the vectors file has the expected shape', () => {
    assert.equal(typeof vectors.key, 'string')
    assert.equal(Buffer.byteLength(vectors.key), 32)
    assert.equal(typeof vectors.context_string, 'string')
    assert.ok(vectors.cases.length >= 30, `only ${vectors.cases.length} cases`)
    for (const c of vectors.cases) {
      for (const field of ['hash', 'keyed_hash', 'derive_key']) {
        assert.equal(c[field].length, XOF_LEN * 2, `case ${c.input_len} ${field}`)
      }
    }
  })

  for (const [kind, api] of each()) {
    describe(`${kind} backend`, () => {
      for (const c of vectors.cases) {
        const n = c.input_len
        describe(`input_len ${n}`, () => {
          const input = vectorInput(n)

          it('hashSync and hash (131-byte and default 32-byte output)', async () => {
            for (const mode of MODES) {
              const expected = c[mode.field]
              const where = (call) => `${kind} blake3 ${mode.name} ${call} len=${n}`
              assert.equal(api.hashSync(input, { ...mode.opts(), outputLength: XOF_LEN }), expected, where('hashSync outputLength=131'))
              assert.equal(api.hashSync(input, mode.opts()), expected.slice(0, 64), where('hashSync default length'))
              assert.equal(api.hashSync(input, { ...mode.opts(), algorithm: 'blake3', outputLength: 32 }), expected.slice(0, 64), where('hashSync outputLength=32'))
              assert.equal(await api.hash(input, { ...mode.opts(), outputLength: XOF_LEN }), expected, where('hash outputLength=131'))
              assert.equal(await api.hash(input, mode.opts()), expected.slice(0, 64), where('hash default length'))
              const buf = api.hashSync(input, { ...mode.opts(), outputLength: XOF_LEN, encoding: 'buffer' })
              assert.ok(Buffer.isBuffer(buf), where('hashSync buffer encoding returns a Buffer'))
              assert.equal(buf.toString('hex'), expected, where('hashSync buffer encoding'))
              if (mode.name === 'hash') {
                assert.equal(api.hashSync(input), expected.slice(0, 64), where('hashSync with no options'))
                assert.equal(await api.hash(input), expected.slice(0, 64), where('hash with no options'))
                assert.equal(api.hashSync(input, 'blake3'), expected.slice(0, 64), where('hashSync algorithm string'))
              }
            }
          })

          it(`createHasher split at ${n <= ALL_SPLITS_MAX ? 'every position' : 'sampled positions'}`, async () => {
            const positions = splitPositions(n)
            for (const mode of MODES) {
              const expected = c[mode.field]
              const opts = { ...mode.opts(), outputLength: XOF_LEN }
              const bad = []
              // One hasher, reset() between splits (cheaper than a new one per split; a fresh
              // hasher per split is checked on a sample below).
              const reused = api.createHasher(opts)
              for (const at of positions) {
                const got = reused.reset().update(input.subarray(0, at)).update(input.subarray(at)).digest()
                if (got !== expected) bad.push(at)
              }
              assert.deepEqual(bad, [], `${kind} blake3 ${mode.name} createHasher (reset between splits) len=${n}: wrong digest when split at ${bad.slice(0, 20).join(', ')}${bad.length > 20 ? ', ...' : ''}`)
              for (const at of positions.filter((p, i) => i % 97 === 0 || p === n || p === 1024)) {
                // Let FinalizationRegistry callbacks run now and then: the wasm backend frees
                // main-thread hashers only through them.
                await nextTurn()
                const got = api.createHasher(opts).update(input.subarray(0, at)).update(input.subarray(at)).digest()
                assert.equal(got, expected, `${kind} blake3 ${mode.name} createHasher (fresh) len=${n} split at ${at}`)
              }
              // default output length, and a three-way split
              const h = api.createHasher(mode.opts())
              assert.equal(h.outputLength, 32)
              assert.equal(h.algorithm, 'blake3')
              const a = Math.floor(n / 3)
              const b = Math.floor((2 * n) / 3)
              h.update(input.subarray(0, a)).update(input.subarray(a, b)).update(input.subarray(b))
              assert.equal(h.digest(), expected.slice(0, 64), `${kind} blake3 ${mode.name} createHasher default length, 3 chunks, len=${n}`)
            }
          })

          it('hashStream over split chunks', async () => {
            const plans = chunkings(input)
            const sources = ['array', 'Readable', 'ReadableStream', 'async generator']
            for (const mode of MODES) {
              const expected = c[mode.field]
              for (const [i, plan] of plans.entries()) {
                const source = sources[i % sources.length]
                const got = await api.hashStream(toStream(source, plan.chunks), { ...mode.opts(), outputLength: XOF_LEN })
                assert.equal(got, expected, `${kind} blake3 ${mode.name} hashStream(${source}, ${plan.name}) len=${n}`)
              }
              const got = await api.hashStream(toStream('Readable', [input]), mode.opts())
              assert.equal(got, expected.slice(0, 64), `${kind} blake3 ${mode.name} hashStream default length len=${n}`)
            }
          })
        })
      }
    })
  }
})

describe('BLAKE3 extendable output beyond the vectors', () => {
  const [[nativeKind, native], [wasmKind, wasm]] = each()
  const input = vectorInput(102400 + 7)
  const big = 100000

  for (const mode of MODES) {
    it(`${mode.name}: native and wasm agree on outputLength ${big} (all APIs)`, async () => {
      const opts = { ...mode.opts(), outputLength: big }
      const reference = native.hashSync(input, opts)
      assert.equal(reference.length, big * 2)
      for (const [kind, api] of [[nativeKind, native], [wasmKind, wasm]]) {
        const where = (name) => `${kind} blake3 ${mode.name} ${name} outputLength=${big} len=${input.length}`
        assert.equal(api.hashSync(input, opts), reference, where('hashSync'))
        assert.equal(await api.hash(input, opts), reference, where('hash'))
        const h = api.createHasher(opts)
        h.update(input.subarray(0, 5000)).update(input.subarray(5000))
        assert.equal(h.digest(), reference, where('createHasher'))
        assert.equal(await api.hashStream([input.subarray(0, 70000), input.subarray(70000)], opts), reference, where('hashStream'))
      }
      // The odd length and a length just past one 64-byte output block.
      for (const len of [big + 3, 16385, 16384 + 64]) {
        const a = native.hashSync(input, { ...mode.opts(), outputLength: len })
        const b = await wasm.hash(input, { ...mode.opts(), outputLength: len })
        assert.equal(b, a, `native vs wasm blake3 ${mode.name} outputLength=${len}`)
        assert.ok(reference.startsWith(a.slice(0, Math.min(a.length, reference.length))), `blake3 ${mode.name} outputLength=${len} is consistent with outputLength=${big}`)
      }
    })

    it(`${mode.name}: every shorter output is a prefix of a longer one, on both backends`, async () => {
      const long = native.hashSync(input, { ...mode.opts(), outputLength: big })
      for (const [kind, api] of each()) {
        for (const len of [1, 31, 32, 33, 63, 64, 65, 131, 1023, 1024, 1025, 16383, 16384, 16385, 65536]) {
          const got = api.hashSync(input, { ...mode.opts(), outputLength: len })
          assert.equal(got, long.slice(0, len * 2), `${kind} blake3 ${mode.name} outputLength=${len} should be the prefix of outputLength=${big}`)
        }
        assert.equal(await api.hash(input, mode.opts()), long.slice(0, 64), `${kind} blake3 ${mode.name} hash default 32 bytes is the prefix`)
      }
    })
  }

  it('hash-wasm agrees on outputs up to 16 KiB (plain and keyed)', async () => {
    const { blake3 } = require('hash-wasm')
    const key = Buffer.from(vectors.key, 'ascii')
    for (const len of [64, 1000, 4096, 16384]) {
      const plain = await blake3(input, len * 8)
      const keyed = await blake3(input, len * 8, key)
      for (const [kind, api] of each()) {
        assert.equal(api.hashSync(input, { outputLength: len }), plain, `${kind} blake3 hash outputLength=${len} vs hash-wasm`)
        assert.equal(await api.hash(input, { key, outputLength: len }), keyed, `${kind} blake3 keyed_hash outputLength=${len} vs hash-wasm`)
      }
    }
  })
})

/** Published test vectors: FIPS 180 examples, RFC 1321, CRC catalogue check values, xxHash. */
const FIXED = [
  ['sha256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['sha256', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['sha256', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['sha256', 'a'.repeat(1000000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ['sha384', 'abc', 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
  ['sha384', 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu', '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039'],
  ['sha512', 'abc', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ['sha512', 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu', '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909'],
  ['sha1', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ['sha1', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
  ['sha1', 'a'.repeat(1000000), '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
  ['md5', 'abc', '900150983cd24fb0d6963f7d28e17f72'],
  ['md5', '', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['md5', 'message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
  ['blake3', '', 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'],
  ['crc32', '123456789', 'cbf43926'],
  ['crc32', '', '00000000'],
  ['crc32c', '123456789', 'e3069283'],
  ['crc32c', '', '00000000'],
  ['xxh64', '', 'ef46db3751d8e999'],
  ['xxh32', '', '02cc5d05'],
  ['xxh3', '', '2d06800538d394c2'],
  ['xxh3-128', '', '99aa06d3014798d86001c324468d497f']
]

describe('fixed vectors for every algorithm', () => {
  for (const [kind, api] of each()) {
    describe(`${kind} backend`, () => {
      for (const [algorithm, text, expected] of FIXED) {
        const shown = text.length > 20 ? `${JSON.stringify(text.slice(0, 12))}... (${text.length} bytes)` : JSON.stringify(text)
        it(`${algorithm}(${shown}) = ${expected.slice(0, 16)}${expected.length > 16 ? '...' : ''}`, async () => {
          const where = (name) => `${kind} ${algorithm} ${name} len=${text.length}`
          assert.equal(api.hashSync(text, algorithm), expected, where('hashSync(string)'))
          assert.equal(api.hashSync(Buffer.from(text), { algorithm }), expected, where('hashSync(Buffer)'))
          assert.equal(await api.hash(text, { algorithm }), expected, where('hash'))
          assert.equal(api.createHasher(algorithm).update(text).digest(), expected, where('createHasher'))
          const half = Math.floor(text.length / 2)
          assert.equal(api.createHasher({ algorithm }).update(text.slice(0, half)).update(text.slice(half)).digest('hex'), expected, where('createHasher 2 updates'))
          assert.equal(await api.hashStream([text], algorithm), expected, where('hashStream'))
          const buf = api.hashSync(text, { algorithm, encoding: 'buffer' })
          assert.deepEqual(buf, Buffer.from(expected, 'hex'), where('buffer encoding'))
          assert.equal(api.hashSync(text, { algorithm, encoding: 'base64' }), Buffer.from(expected, 'hex').toString('base64'), where('base64 encoding'))
        })
      }

      it('xxHash and CRC digests are big-endian; bigint gives the value', async () => {
        const cases = [
          ['crc32', '123456789', 0xcbf43926n],
          ['crc32c', '123456789', 0xe3069283n],
          ['xxh64', '', 0xef46db3751d8e999n],
          ['xxh32', '', 0x02cc5d05n],
          ['xxh3', '', 0x2d06800538d394c2n]
        ]
        for (const [algorithm, text, value] of cases) {
          const where = (name) => `${kind} ${algorithm} ${name} len=${text.length}`
          const width = algorithm === 'xxh64' || algorithm === 'xxh3' ? 8 : 4
          const bytes = Buffer.alloc(width)
          if (width === 8) bytes.writeBigUInt64BE(value)
          else bytes.writeUInt32BE(Number(value))
          assert.equal(api.hashSync(text, { algorithm, encoding: 'bigint' }), value, where('hashSync bigint'))
          assert.equal(await api.hash(text, { algorithm, encoding: 'bigint' }), value, where('hash bigint'))
          assert.equal(await api.hashStream([text], { algorithm, encoding: 'bigint' }), value, where('hashStream bigint'))
          assert.equal(api.createHasher(algorithm).update(text).digest('bigint'), value, where('createHasher bigint'))
          assert.equal(api.createHasher({ algorithm, encoding: 'bigint' }).update(text).digest(), value, where('createHasher encoding option bigint'))
          assert.deepEqual(api.hashSync(text, { algorithm, encoding: 'buffer' }), bytes, where('buffer is big-endian'))
          assert.equal(api.hashSync(text, { algorithm }), bytes.toString('hex'), where('hex is big-endian'))
          assert.equal(api.hashSync(text, { algorithm, encoding: 'base64url' }), bytes.toString('base64url'), where('base64url'))
        }
        // The 128-bit xxh3 digest is big-endian too, and too wide for 'bigint'.
        const x128 = api.hashSync('', { algorithm: 'xxh3-128', encoding: 'buffer' })
        assert.equal(x128.length, 16)
        assert.equal(BigInt('0x' + x128.toString('hex')), 0x99aa06d3014798d86001c324468d497fn)
        assert.throws(() => api.hashSync('', { algorithm: 'xxh3-128', encoding: 'bigint' }), { code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' })
      })

      it('CRC and xxHash vectors match the peer libraries\' numeric values', () => {
        const nodeCrc = require('@node-rs/crc32')
        const nodeXx = require('@node-rs/xxhash')
        assert.equal(nodeCrc.crc32('123456789'), 0xcbf43926)
        assert.equal(nodeCrc.crc32c('123456789'), 0xe3069283)
        assert.equal(nodeXx.xxh64(''), 0xef46db3751d8e999n)
        assert.equal(nodeXx.xxh32(''), 0x02cc5d05)
        assert.equal(nodeXx.xxh3.xxh64(''), 0x2d06800538d394c2n)
        assert.equal(nodeXx.xxh3.xxh128(''), 0x99aa06d3014798d86001c324468d497fn)
        assert.equal(api.hashSync('123456789', { algorithm: 'crc32', encoding: 'bigint' }), BigInt(nodeCrc.crc32('123456789')), `${kind} crc32 vs @node-rs/crc32`)
      })
    })
  }
})
