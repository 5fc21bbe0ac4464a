'use strict'
/**
 * hashMany() and hashManySync(): many inputs in one call. On both backends, for every
 * algorithm and mode and every encoding, each digest equals the one-by-one hashSync() of
 * the same input and the other backend's; every kind of input (strings ASCII and not, lone
 * surrogates, Buffers, other typed arrays, DataViews, ArrayBuffers, SharedArrayBuffers,
 * empty ones), batches that split (more work than one batch holds) and inputs hashed
 * alone (1 MiB and more) keep their order, in hex and bigint too (the backends write hex
 * text themselves); node:crypto checks the SHA-256 digests independently. Bad input is refused with a coded error naming the element; an abort
 * rejects with AbortError.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { inspect } = require('node:util')
const { backends, each, randomBytes } = require('./helpers/backends')
const { INTERNALS } = require('../lib/internals')

const ENCODINGS = ['hex', 'base64', 'base64url', 'buffer', 'bigint']
const MiB = 1024 * 1024

/** One input of each kind hashmill accepts, in a deterministic mix of lengths. */
function mixedInputs (count, seed) {
  const bytes = randomBytes(count * 97 + 4096, seed)
  const inputs = []
  for (let i = 0; i < count; i++) {
    const length = (i * 7919 + seed) % 301
    const slice = bytes.subarray(i * 97, i * 97 + length)
    switch (i % 9) {
      case 0: inputs.push(slice.toString('base64')); break
      case 1: inputs.push(`clé ${i} ✓ ${'𝄞'.repeat(i % 4)}`); break
      case 2: inputs.push(i % 2 ? '\ud800' : 'end\udfff'); break
      case 3: inputs.push(Buffer.from(slice)); break
      case 4: inputs.push(slice); break
      case 5: inputs.push(new Uint16Array(slice.buffer.slice(slice.byteOffset, slice.byteOffset + (length & ~1)))); break
      case 6: inputs.push(new DataView(bytes.buffer, bytes.byteOffset + i, length)); break
      case 7: {
        const shared = new SharedArrayBuffer(length)
        new Uint8Array(shared).set(slice)
        inputs.push(i % 2 ? shared : new Uint8Array(shared))
        break
      }
      default: inputs.push(length % 3 ? slice.buffer.slice(slice.byteOffset, slice.byteOffset + length) : '')
    }
  }
  return inputs
}

/** Options for every algorithm and mode: keyed, derive-key, XOF, seeds. */
function optionsOf (api) {
  const cases = api.algorithms.map((algorithm) => ({ algorithm }))
  cases.push({ algorithm: 'blake3', key: Buffer.alloc(32, 3) }, { algorithm: 'blake3', context: 'hashmill many test' },
    { algorithm: 'blake3', outputLength: 131 }, { algorithm: 'xxh3', seed: 12345n }, { algorithm: 'xxh3-128', seed: 2 ** 40 },
    { algorithm: 'xxh64', seed: 7 }, { algorithm: 'xxh32', seed: 0x9e3779b1 })
  return cases
}

/** A digest as comparable text. */
const show = (digest) => Buffer.isBuffer(digest) ? digest.toString('hex') : `${typeof digest}:${digest}`

for (const [kind, api] of each()) {
  describe(`${kind}: hashMany and hashManySync`, () => {
    const inputs = mixedInputs(400, kind === 'native' ? 11 : 13)

    it('every algorithm and mode: each digest equals hashSync of the same input, sync and async', async () => {
      for (const options of optionsOf(api)) {
        const one = inputs.map((input) => api.hashSync(input, options))
        assert.deepEqual(api.hashManySync(inputs, options), one, inspect(options))
        assert.deepEqual(await api.hashMany(inputs, options), one, `${inspect(options)} async`)
      }
    })

    it('every encoding; buffer gives one packed Buffer', async () => {
      for (const algorithm of ['xxh3', 'crc32', 'sha256', 'xxh32']) {
        for (const encoding of ENCODINGS.filter((e) => e !== 'bigint' || algorithm !== 'sha256')) {
          const one = inputs.map((input) => api.hashSync(input, { algorithm, encoding }))
          const many = api.hashManySync(inputs, { algorithm, encoding })
          const later = await api.hashMany(inputs, { algorithm, encoding })
          if (encoding === 'buffer') {
            assert.ok(Buffer.isBuffer(many))
            assert.equal(show(many), show(Buffer.concat(one)), `${algorithm} ${encoding}`)
            assert.equal(show(later), show(many))
          } else {
            assert.deepEqual(many.map(show), one.map(show), `${algorithm} ${encoding}`)
            assert.deepEqual(later.map(show), one.map(show), `${algorithm} ${encoding} async`)
          }
        }
      }
    })

    it('SHA-256 digests equal node:crypto for random Buffers and strings', async () => {
      const random = Array.from({ length: 3000 }, (_, i) => i % 2 ? randomBytes(i % 200, i + 1) : `key:${i}:${'x'.repeat(i % 70)}`)
      const expected = random.map((input) => crypto.createHash('sha256').update(input).digest('hex'))
      assert.deepEqual(api.hashManySync(random, 'sha256'), expected)
      assert.deepEqual(await api.hashMany(random, 'sha256'), expected)
    })

    it('lists of strings only: packed as ASCII when they are, and right when one anywhere is not', async () => {
      // Past several of the runs packAscii joins at a time (1,024 strings), so a
      // non-ASCII string lands first, last, and on each side of a run's edge. The
      // characters take 2, 3 and 4 bytes of UTF-8, one is a lone surrogate, and U+0141's
      // low byte is 'A' (what a Latin-1 write of it would give).
      const keys = Array.from({ length: 3000 }, (_, i) => `key:${i}:${'x'.repeat(i % 37)}`)
      const lists = [keys]
      for (const odd of ['é', '€', '𝄞', '\ud800', 'Ł']) {
        for (const at of [0, 1023, 1024, 2047, 2999]) lists.push(keys.map((key, i) => i === at ? `${key}${odd}` : key))
      }
      for (const list of lists) {
        const expected = list.map((input) => crypto.createHash('sha256').update(input).digest('hex'))
        assert.deepEqual(api.hashManySync(list, 'sha256'), expected)
        assert.deepEqual(await api.hashMany(list, 'sha256'), expected)
      }
    })

    it('a large batch, split into several, and inputs of 1 MiB or more hashed alone keep their order', async () => {
      // 1.1M inputs (more work than one batch holds) among which two large ones.
      const many = Array.from({ length: 1_100_000 }, (_, i) => i % 1000 === 0 ? Buffer.from([i & 0xff, i >> 8 & 0xff]) : '')
      many[5] = randomBytes(MiB, 5)
      many[700_000] = randomBytes(3 * MiB + 1, 7)
      const expected = Buffer.alloc(8 * many.length)
      many.forEach((input, i) => expected.set(api.hashSync(input, { algorithm: 'xxh3', encoding: 'buffer' }), 8 * i))
      assert.ok(api.hashManySync(many, { algorithm: 'xxh3', encoding: 'buffer' }).equals(expected))
      assert.ok((await api.hashMany(many, { algorithm: 'xxh3', encoding: 'buffer' })).equals(expected))
      const blake3 = await api.hashMany([many[700_000], 'a', many[5]], 'blake3')
      assert.deepEqual(blake3, [many[700_000], 'a', many[5]].map((input) => api.hashSync(input, 'blake3')))
    })

    it('hex and bigint digests of inputs at the batch limits: one under 1 MiB, hashed alone, and ASCII runs past a batch', async () => {
      // An input that fills a wasm staging run by itself, one hashed alone, and 70 MiB of
      // ASCII strings (more than one batch holds, so the run is cut) with a non-ASCII one after.
      const ascii = Array.from({ length: 70 }, (_, i) => String.fromCharCode(97 + i % 26).repeat(MiB - i))
      const limits = ['a', randomBytes(MiB - 5, 21), 'b', randomBytes(MiB, 22), ...ascii, 'clé', 'z']
      for (const [algorithm, encoding] of [['sha256', 'hex'], ['blake3', 'hex'], ['xxh3', 'bigint'], ['xxh3', 'hex']]) {
        const options = { algorithm, encoding }
        const one = limits.map((input) => api.hashSync(input, options))
        assert.deepEqual(api.hashManySync(limits, options), one, `${algorithm} ${encoding}`)
        assert.deepEqual(await api.hashMany(limits, options), one, `${algorithm} ${encoding} async`)
      }
    })

    it('hashMany hashes a batch too small for a trip off the thread on it, and a larger one off it', async () => {
      const { backend } = api[INTERNALS]
      const { hashManySync, hashManyAsync } = backend
      const calls = []
      backend.hashManySync = (...args) => { calls.push('here'); return hashManySync.apply(backend, args) }
      backend.hashManyAsync = (...args) => { calls.push('off'); return hashManyAsync.apply(backend, args) }
      try {
        for (const [algorithm, bytes] of [['xxh3', 100], ['sha256', 100], ['xxh3', 2 * backend.inlineMaxBytes.xxh3], ['sha256', 2 * backend.inlineMaxBytes.sha256]]) {
          const inputs = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(bytes / 10))
          calls.length = 0
          assert.deepEqual(await api.hashMany(inputs, algorithm), inputs.map((input) => api.hashSync(input, algorithm)))
          assert.deepEqual(calls, [bytes > backend.inlineMaxBytes[algorithm] ? 'off' : 'here'], `${algorithm}, ${bytes} bytes`)
        }
      } finally {
        backend.hashManySync = hashManySync
        backend.hashManyAsync = hashManyAsync
      }
    })

    it('an empty list gives an empty result', async () => {
      assert.deepEqual(api.hashManySync([]), [])
      assert.deepEqual(await api.hashMany([], 'sha256'), [])
      assert.equal(api.hashManySync([], { encoding: 'buffer' }).length, 0)
    })

    it('bad input is refused with a coded error naming it', async () => {
      for (const bad of [undefined, 'abc', Buffer.from('abc'), new Set(['a']), { length: 1, 0: 'a' }]) {
        assert.throws(() => api.hashManySync(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"inputs"/ })
        await assert.rejects(api.hashMany(bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"inputs"/ })
      }
      for (const element of [1, null, {}, [1]]) {
        assert.throws(() => api.hashManySync(['a', Buffer.alloc(3), element]), { code: 'ERR_INVALID_ARG_TYPE', message: /"inputs\[2\]"/ })
      }
      const detached = new ArrayBuffer(8)
      structuredClone(detached, { transfer: [detached] })
      assert.throws(() => api.hashManySync(['a', detached]), { code: 'ERR_INVALID_ARG_VALUE', message: /"inputs\[1\]"/ })
      assert.throws(() => api.hashManySync(['a'], { algorithm: 'nope' }), { code: 'ERR_HASHMILL_UNKNOWN_ALGORITHM' })
      assert.throws(() => api.hashManySync(['a'], { signal: AbortSignal.abort() }), { code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' })
    })

    it('an aborted signal rejects with AbortError, before or during the call', async () => {
      const inputs = Array.from({ length: 200_000 }, (_, i) => `input ${i}`)
      await assert.rejects(api.hashMany(inputs, { signal: AbortSignal.abort() }), { name: 'AbortError' })
      const controller = new AbortController()
      const call = api.hashMany(inputs, { algorithm: 'sha256', signal: controller.signal })
      // Aborted in the same step the work was handed over: it cannot have settled yet.
      controller.abort()
      await assert.rejects(call, { name: 'AbortError' })
    })
  })
}

describe('hashMany: both backends give the same bytes', () => {
  it('for every algorithm and mode on one mixed list', async () => {
    const inputs = mixedInputs(300, 21)
    for (const options of optionsOf(backends.native)) {
      const native = backends.native.hashManySync(inputs, { ...options, encoding: 'buffer' })
      const wasm = await backends.wasm.hashMany(inputs, { ...options, encoding: 'buffer' })
      assert.equal(show(wasm), show(native), inspect(options))
    }
  })
})

describe('hashMany: the addon checks the buffer an async batch is written into', () => {
  const addon = require(`../hashmill.${backends.native.backend.target}.node`)
  const spec = backends.native[INTERNALS].options.spec({ algorithm: 'sha256' }, { async: true }).bytes
  const data = Buffer.from('abcdef')
  const ends = new Uint32Array([2, 6])

  it('writes one digest per input into it', async () => {
    const out = Buffer.alloc(64)
    await addon.hashManyAsync(spec, data, ends, false, out)
    assert.equal(show(out), show(Buffer.concat(['ab', 'cdef'].map((x) => crypto.createHash('sha256').update(x).digest()))))
  })

  it('refuses one of the wrong length, or one sharing bytes with the inputs', () => {
    assert.throws(() => addon.hashManyAsync(spec, data, ends, false, Buffer.alloc(63)), /output buffer has the wrong length/)
    assert.throws(() => addon.hashManyAsync(spec, data, ends, true, Buffer.alloc(64)), /output buffer has the wrong length/)
    const shared = Buffer.alloc(100)
    assert.throws(() => addon.hashManyAsync(spec, shared.subarray(0, 6), ends, false, shared.subarray(4, 68)), /output buffer overlaps the input/)
    const words = new Uint32Array(20)
    words.set([2, 6])
    assert.throws(() => addon.hashManyAsync(spec, data, words.subarray(0, 2), false, Buffer.from(words.buffer, 4, 64)), /output buffer overlaps the input/)
  })
})
