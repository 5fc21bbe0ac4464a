'use strict'
/**
 * Bad input, on both backends, for every API. Sync APIs must throw synchronously; async
 * APIs must return a rejected promise and never throw synchronously. Every error must be
 * of the right class, carry the documented `code` and name the offending argument.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const { Readable } = require('node:stream')
const { each, backends, randomBytes } = require('./helpers/backends')

/** Above every algorithm's inlineMaxBytes (at most 1 MiB), so hash() goes off-thread. */
const LARGE = randomBytes(1024 * 1024 + 4096, 7)
/** Above the wasm staging chunk (1 MiB), so hashStream() sends it to a worker at once. */
const HUGE = randomBytes(2 * 1024 * 1024, 8)

const ABC_BLAKE3 = '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85'
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'

/**
 * A matcher for assert.throws/rejects.
 * @param {{ type?: Function, code?: string, mentions?: (string|RegExp)[], name?: string }} want
 */
function matches (want) {
  return (error) => {
    if (want.type) {
      assert.ok(error instanceof want.type,
        `expected an instance of ${want.type.name}, got ${error && error.constructor && error.constructor.name}: ${error && error.message}`)
    }
    if (want.code) assert.equal(error.code, want.code, `wrong code; message: ${error.message}`)
    if (want.name) assert.equal(error.name, want.name)
    for (const m of want.mentions || []) {
      if (m instanceof RegExp) assert.match(error.message, m)
      else assert.ok(error.message.includes(m), `message ${JSON.stringify(error.message)} should mention ${JSON.stringify(m)}`)
    }
    return true
  }
}

/** `fn` must throw synchronously with `want`. */
function expectThrow (fn, want) {
  assert.throws(fn, matches(want))
}

/** `fn` must return a promise (not throw) that rejects with `want`. */
async function expectReject (fn, want) {
  let result
  assert.doesNotThrow(() => { result = fn() }, 'an async API threw synchronously')
  assert.ok(result instanceof Promise, 'an async API must return a promise')
  await assert.rejects(result, matches(want))
}

function expectError (mode, fn, want) {
  return mode === 'sync' ? expectThrow(fn, want) : expectReject(fn, want)
}

/** Every API that takes an options argument, as [label, mode, call(options), argument name]. */
function optionCalls (api) {
  return [
    ['hashSync', 'sync', (o) => api.hashSync('abc', o), 'options'],
    ['hash', 'async', (o) => api.hash('abc', o), 'options'],
    ['hash (off-thread size)', 'async', (o) => api.hash(LARGE, o), 'options'],
    ['createHasher', 'sync', (o) => api.createHasher(o), 'algorithmOrOptions'],
    ['hashStream', 'async', (o) => api.hashStream(['abc', LARGE], o), 'options']
  ]
}

/** Every API that takes input bytes, as [label, mode, call(input), argument name]. */
function inputCalls (api) {
  return [
    ['hashSync', 'sync', (v) => api.hashSync(v), 'input'],
    ['hash', 'async', (v) => api.hash(v), 'input'],
    ['hash with options', 'async', (v) => api.hash(v, { algorithm: 'sha256' }), 'input'],
    ['Hasher#update', 'sync', (v) => api.createHasher().update(v), 'input'],
    ['hashStream chunk', 'async', (v) => api.hashStream(['abc', v]), 'chunk'],
    ['integrity', 'async', (v) => api.integrity(v), 'input'],
    ['integritySync', 'sync', (v) => api.integritySync(v), 'input']
  ]
}

const WRONG_INPUTS = [
  ['a number', 42],
  ['an object', { length: 3 }],
  ['null', null],
  ['undefined', undefined],
  ['an array', [1, 2, 3]],
  ['a boolean', true]
]

/** Detached buffers and views over them, made fresh for every use. */
function detachedInputs () {
  const make = (view) => () => {
    const ab = new ArrayBuffer(32)
    const value = view(ab)
    structuredClone(ab, { transfer: [ab] })
    assert.equal(ab.byteLength, 0, 'the ArrayBuffer should be detached')
    return value
  }
  return [
    ['a detached ArrayBuffer', make((ab) => ab)],
    ['a Uint8Array over a detached ArrayBuffer', make((ab) => new Uint8Array(ab))],
    ['a Float64Array (offset 8) over a detached ArrayBuffer', make((ab) => new Float64Array(ab, 8, 2))],
    ['a Buffer over a detached ArrayBuffer', make((ab) => Buffer.from(ab, 4, 8))],
    ['a DataView over a detached ArrayBuffer', make((ab) => new DataView(ab, 2, 8))]
  ]
}

/** Option cases that every options-taking API must refuse: [label, options, want(argName)]. */
function badOptionCases (api) {
  const algorithmList = api.algorithms.map((a) => `'${a}'`)
  const range = (name) => ({ type: RangeError, code: 'ERR_OUT_OF_RANGE', mentions: [`"${name}"`] })
  const notSupported = (name) => ({ type: TypeError, code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', mentions: [`"${name}"`] })
  return [
    ['unknown algorithm', { algorithm: 'sha3-256' },
      () => ({ type: TypeError, code: 'ERR_HASHMILL_UNKNOWN_ALGORITHM', mentions: ['"algorithm"', 'sha3-256', ...algorithmList] })],
    ['unknown algorithm as a string argument', 'whirlpool',
      () => ({ type: TypeError, code: 'ERR_HASHMILL_UNKNOWN_ALGORITHM', mentions: ['"algorithm"', 'whirlpool', ...algorithmList] })],
    ['algorithm of the wrong type', { algorithm: 256 },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"algorithm"'] })],
    ['options of the wrong type', 42,
      (arg) => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: [`"${arg}"`] })],
    ['unknown option key', { algoritm: 'sha256' },
      (arg) => ({ type: TypeError, code: 'ERR_HASHMILL_UNKNOWN_OPTION', mentions: ['"algoritm"', `"${arg}"`, 'algorithm', 'encoding', 'outputLength', 'seed'] })],
    ['key with sha256', { algorithm: 'sha256', key: Buffer.alloc(32) }, () => notSupported('key')],
    ['context with sha256', { algorithm: 'sha256', context: 'app v1' }, () => notSupported('context')],
    ['seed with sha256', { algorithm: 'sha256', seed: 1 }, () => notSupported('seed')],
    ['seed with blake3', { seed: 1n }, () => notSupported('seed')],
    ['outputLength 20 with sha256', { algorithm: 'sha256', outputLength: 20 }, () => notSupported('outputLength')],
    ['key and context together', { key: Buffer.alloc(32), context: 'app v1' },
      () => ({ type: TypeError, code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', mentions: ['"key"', '"context"'] })],
    ['a 31-byte key', { key: Buffer.alloc(31) },
      () => ({ type: RangeError, code: 'ERR_HASHMILL_INVALID_KEY_LENGTH', mentions: ['"key"', '32', '31'] })],
    ['a 33-byte key', { key: new Uint8Array(33) },
      () => ({ type: RangeError, code: 'ERR_HASHMILL_INVALID_KEY_LENGTH', mentions: ['"key"', '32', '33'] })],
    ['a string key', { key: 'k'.repeat(32) },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"key"'] })],
    ['a number key', { key: 32 },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"key"'] })],
    ['a detached key', { key: (() => { const ab = new ArrayBuffer(32); structuredClone(ab, { transfer: [ab] }); return ab })() },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_VALUE', mentions: ['"key"', 'detached'] })],
    ['a context that is not a string', { context: 5 },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"context"'] })],
    ['negative outputLength', { outputLength: -1 }, () => range('outputLength')],
    ['zero outputLength', { outputLength: 0 }, () => range('outputLength')],
    ['fractional outputLength', { outputLength: 16.5 }, () => range('outputLength')],
    ['NaN outputLength', { outputLength: NaN }, () => range('outputLength')],
    ['Infinity outputLength', { outputLength: Infinity }, () => range('outputLength')],
    ['huge outputLength (2**30 + 1)', { outputLength: 2 ** 30 + 1 }, () => range('outputLength')],
    ['outputLength as a string', { outputLength: '32' },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"outputLength"'] })],
    ['negative number seed', { algorithm: 'xxh64', seed: -1 }, () => range('seed')],
    ['negative bigint seed', { algorithm: 'xxh3', seed: -1n }, () => range('seed')],
    ['seed 2**32 for xxh32', { algorithm: 'xxh32', seed: 2 ** 32 }, () => range('seed')],
    ['seed 2n**32n for xxh32', { algorithm: 'xxh32', seed: 2n ** 32n }, () => range('seed')],
    ['seed 2n**64n for xxh64', { algorithm: 'xxh64', seed: 2n ** 64n }, () => range('seed')],
    ['seed 2n**64n for xxh3-128', { algorithm: 'xxh3-128', seed: 2n ** 64n }, () => range('seed')],
    ['unsafe-integer number seed (2**53)', { algorithm: 'xxh64', seed: 2 ** 53 }, () => range('seed')],
    ['fractional number seed', { algorithm: 'xxh3', seed: 1.5 }, () => range('seed')],
    ['NaN seed', { algorithm: 'xxh3', seed: NaN }, () => range('seed')],
    ['seed as a string', { algorithm: 'xxh3', seed: '1' },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"seed"'] })],
    ["encoding 'bigint' for sha256", { algorithm: 'sha256', encoding: 'bigint' }, () => notSupported('encoding')],
    ["encoding 'bigint' for blake3 (32-byte output)", { encoding: 'bigint' }, () => notSupported('encoding')],
    ["encoding 'bigint' for xxh3-128", { algorithm: 'xxh3-128', encoding: 'bigint' }, () => notSupported('encoding')],
    ['a bad encoding name', { encoding: 'latin1' },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_VALUE', mentions: ['"encoding"', 'latin1', "'hex'", "'base64'", "'buffer'"] })],
    ['encoding of the wrong type', { encoding: 16 },
      () => ({ type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"encoding"'] })]
  ]
}

for (const [kind, api] of each()) {
  describe(`errors (${kind} backend)`, () => {
    it(`is really the ${kind} backend`, () => {
      assert.equal(api.backend.kind, kind)
    })

    describe('wrong input types', () => {
      for (const [label, mode, call, arg] of inputCalls(api)) {
        for (const [what, value] of WRONG_INPUTS) {
          it(`${label}: ${what} → TypeError ERR_INVALID_ARG_TYPE`, async () => {
            await expectError(mode, () => call(value), { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: [`"${arg}"`] })
          })
        }
      }
    })

    describe('detached ArrayBuffers are refused, never hashed as empty', () => {
      for (const [label, mode, call, arg] of inputCalls(api)) {
        for (const [what, make] of detachedInputs()) {
          it(`${label}: ${what} → ERR_INVALID_ARG_VALUE`, async () => {
            await expectError(mode, () => call(make()), { type: TypeError, code: 'ERR_INVALID_ARG_VALUE', mentions: [`"${arg}"`, 'detached'] })
          })
        }
      }
      it('a zero-length view of a live ArrayBuffer is fine (hashes empty)', () => {
        const empty = api.hashSync('')
        assert.equal(api.hashSync(new Uint8Array(new ArrayBuffer(8), 8, 0)), empty)
        assert.equal(api.hashSync(new ArrayBuffer(0)), empty)
        assert.equal(api.hashSync(new DataView(new ArrayBuffer(4), 4)), empty)
      })
    })

    describe('bad options', () => {
      for (const [label, options, want] of badOptionCases(api)) {
        for (const [call, mode, fn, arg] of optionCalls(api)) {
          it(`${call}: ${label}`, async () => {
            await expectError(mode, () => fn(options), want(arg))
          })
        }
      }
    })

    describe('valid edge options are accepted', () => {
      it("encoding 'bigint' works for blake3 with outputLength 8", async () => {
        const hex = api.hashSync('abc', { outputLength: 8 })
        const big = api.hashSync('abc', { outputLength: 8, encoding: 'bigint' })
        assert.equal(typeof big, 'bigint')
        assert.equal(big, BigInt('0x' + hex))
        assert.equal(await api.hash(LARGE, { outputLength: 8, encoding: 'bigint' }), BigInt('0x' + api.hashSync(LARGE, { outputLength: 8 })))
        assert.equal(api.createHasher({ outputLength: 8 }).update('abc').digest('bigint'), big)
        assert.equal(await api.hashStream(['a', 'bc'], { outputLength: 8, encoding: 'bigint' }), big)
      })
      it('the largest seeds are accepted and agree across backends', async () => {
        const cases = [
          { algorithm: 'xxh32', seed: 2 ** 32 - 1 },
          { algorithm: 'xxh64', seed: 2n ** 64n - 1n },
          { algorithm: 'xxh3', seed: 2n ** 64n - 1n },
          { algorithm: 'xxh3-128', seed: 2n ** 64n - 1n },
          { algorithm: 'xxh64', seed: Number.MAX_SAFE_INTEGER }
        ]
        for (const options of cases) {
          const expected = backends.native.hashSync(LARGE, options)
          assert.equal(api.hashSync(LARGE, options), expected)
          assert.equal(await api.hash(LARGE, options), expected)
        }
      })
      it('outputLength 2**30 is not rejected by validation (createHasher)', () => {
        assert.equal(api.createHasher({ outputLength: 2 ** 30 }).outputLength, 2 ** 30)
      })
    })

    describe('signal', () => {
      it('hashSync with a signal → ERR_HASHMILL_OPTION_NOT_SUPPORTED', () => {
        expectThrow(() => api.hashSync('abc', { signal: new AbortController().signal }),
          { type: TypeError, code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', mentions: ['"signal"'] })
      })
      it('createHasher with a signal → ERR_HASHMILL_OPTION_NOT_SUPPORTED', () => {
        expectThrow(() => api.createHasher({ signal: new AbortController().signal }),
          { type: TypeError, code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', mentions: ['"signal"'] })
      })
      const notSignals = [['a plain object', {}], ['an object with aborted: false', { aborted: false }],
        ['a string', 'abort'], ['an EventTarget', new EventTarget()], ['an AbortController', new AbortController()]]
      for (const [what, signal] of notSignals) {
        for (const [label, fn] of [
          ['hash', () => api.hash('abc', { signal })],
          ['hash (off-thread size)', () => api.hash(LARGE, { signal })],
          ['hashStream', () => api.hashStream(['abc'], { signal })]
        ]) {
          it(`${label}: ${what} as signal → ERR_INVALID_ARG_TYPE`, async () => {
            await expectReject(fn, { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"signal"'] })
          })
        }
      }
      for (const [label, fn] of [
        ['hash', (signal) => api.hash('abc', { signal })],
        ['hash (off-thread size)', (signal) => api.hash(LARGE, { signal })],
        ['hash (64 KiB sha256)', (signal) => api.hash(LARGE, { algorithm: 'sha256', signal })],
        ['hashStream', (signal) => api.hashStream(['abc', HUGE], { signal })],
        ['hashStream of a Readable', (signal) => api.hashStream(Readable.from([HUGE]), { signal })]
      ]) {
        it(`${label}: an already-aborted signal rejects with AbortError, cause = reason`, async () => {
          const controller = new AbortController()
          const reason = new Error('stop right there')
          controller.abort(reason)
          await expectReject(() => fn(controller.signal), { code: 'ABORT_ERR', name: 'AbortError' })
          await fn(controller.signal).catch((error) => {
            assert.equal(error.cause, reason)
          })
        })
      }
      it('AbortSignal.abort() without a reason: cause is the default DOMException', async () => {
        const signal = AbortSignal.abort()
        const error = await api.hash(LARGE, { signal }).then(() => assert.fail('should reject'), (e) => e)
        assert.equal(error.name, 'AbortError')
        assert.equal(error.code, 'ABORT_ERR')
        assert.equal(error.cause, signal.reason)
      })
    })

    describe('Hasher lifecycle', () => {
      const finalized = (method) => ({ code: 'ERR_HASHMILL_HASHER_FINALIZED', type: Error, mentions: [`${method}()`] })
      it('digest() twice → ERR_HASHMILL_HASHER_FINALIZED', () => {
        const h = api.createHasher().update('abc')
        assert.equal(h.digest(), ABC_BLAKE3)
        expectThrow(() => h.digest(), finalized('digest'))
        expectThrow(() => h.digest('buffer'), finalized('digest'))
      })
      it('update() after digest() → ERR_HASHMILL_HASHER_FINALIZED', () => {
        const h = api.createHasher('sha256').update('abc')
        h.digest()
        expectThrow(() => h.update('more'), finalized('update'))
      })
      it('copy() after digest() → ERR_HASHMILL_HASHER_FINALIZED', () => {
        const h = api.createHasher('sha256')
        h.digest()
        expectThrow(() => h.copy(), finalized('copy'))
      })
      it('reset() after digest() makes the hasher usable again, keeping its options', () => {
        const key = Buffer.alloc(32, 0x42)
        const h = api.createHasher({ key }).update('abc')
        const first = h.digest()
        assert.equal(h.reset(), h)
        assert.equal(h.update('abc').digest(), first)
        assert.equal(first, api.hashSync('abc', { key }))
        const s = api.createHasher('sha256')
        s.update('junk').digest()
        assert.equal(s.reset().update('abc').digest(), ABC_SHA256)
      })
      it('digest() with a bad encoding → ERR_INVALID_ARG_VALUE, and the hasher is not consumed', () => {
        const h = api.createHasher().update('abc')
        expectThrow(() => h.digest('utf16le'), { type: TypeError, code: 'ERR_INVALID_ARG_VALUE', mentions: ['"encoding"'] })
        expectThrow(() => h.digest('bigint'), { type: TypeError, code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', mentions: ['"encoding"'] })
        assert.equal(h.digest(), ABC_BLAKE3)
      })
      it('a failed update() leaves the state untouched', () => {
        const h = api.createHasher('sha256').update('a')
        expectThrow(() => h.update(123), { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"input"'] })
        assert.equal(h.update('bc').digest(), ABC_SHA256)
      })
      it('createHasher: unknown algorithm names the valid ones', () => {
        expectThrow(() => api.createHasher('sha3'), {
          type: TypeError, code: 'ERR_HASHMILL_UNKNOWN_ALGORITHM', mentions: ['"algorithm"', ...api.algorithms.map((a) => `'${a}'`)]
        })
      })
    })

    describe('hashStream sources', () => {
      const notSources = [['a string', 'abc'], ['a number', 42], ['null', null], ['undefined', undefined], ['a plain object', { a: 1 }]]
      for (const [what, source] of notSources) {
        it(`${what} as source → TypeError ERR_INVALID_ARG_TYPE naming "source"`, async () => {
          await expectReject(() => api.hashStream(source), { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"source"'] })
        })
      }
      it('a source yielding a number → TypeError naming "chunk"', async () => {
        async function * gen () { yield 'abc'; yield HUGE; yield 42 }
        await expectReject(() => api.hashStream(gen()), { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"chunk"'] })
        await expectReject(() => api.hashStream(Readable.from(['abc', 42], { objectMode: true })),
          { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"chunk"'] })
      })

      const boom = () => Object.assign(new Error('disk on fire'), { code: 'EBOOM' })
      const failing = [
        ['an async generator that throws', (error) => (async function * () { yield 'abc'; yield HUGE; throw error })()],
        ['a sync generator that throws', (error) => (function * () { yield 'abc'; yield LARGE; throw error })()],
        ['a Readable destroyed with an error', (error) => {
          let n = 0
          return new Readable({
            read () {
              if (n++ < 3) this.push(n === 2 ? HUGE : Buffer.from('chunk'))
              else this.destroy(error)
            }
          })
        }],
        ['a Readable.from(generator) that throws', (error) => Readable.from((async function * () { yield Buffer.from('x'); yield HUGE; throw error })())],
        ['a web ReadableStream that errors', (error) => {
          let n = 0
          return new ReadableStream({
            pull (controller) {
              if (n++ < 2) controller.enqueue(n === 1 ? new Uint8Array(HUGE) : new Uint8Array([1, 2, 3]))
              else controller.error(error)
            }
          })
        }]
      ]
      for (const [what, make] of failing) {
        it(`${what} mid-way → rejects with that very error`, async () => {
          const error = boom()
          await expectReject(() => api.hashStream(make(error)), { code: 'EBOOM' })
          await api.hashStream(make(error)).then(() => assert.fail('should reject'), (e) => assert.equal(e, error))
        })
      }
    })

    describe('integrity', () => {
      for (const [label, mode, fn] of [
        ['integrity', 'async', (a) => api.integrity('abc', a)],
        ['integritySync', 'sync', (a) => api.integritySync('abc', a)]
      ]) {
        it(`${label}: md5 → ERR_HASHMILL_UNKNOWN_ALGORITHM listing the SRI algorithms`, async () => {
          await expectError(mode, () => fn('md5'), {
            type: TypeError, code: 'ERR_HASHMILL_UNKNOWN_ALGORITHM', mentions: ['"algorithm"', "'sha256'", "'sha384'", "'sha512'"]
          })
        })
        it(`${label}: blake3 → ERR_HASHMILL_UNKNOWN_ALGORITHM`, async () => {
          await expectError(mode, () => fn('blake3'), { type: TypeError, code: 'ERR_HASHMILL_UNKNOWN_ALGORITHM', mentions: ['"algorithm"'] })
        })
        it(`${label}: a non-string algorithm → ERR_INVALID_ARG_TYPE`, async () => {
          await expectError(mode, () => fn({ algorithm: 'sha256' }), { type: TypeError, code: 'ERR_INVALID_ARG_TYPE', mentions: ['"algorithm"'] })
        })
      }
    })
  })
}

describe('after all those errors, both backends still work', () => {
  for (const [kind, api] of each()) {
    it(`${kind}: known vectors, sync and async, one-shot and streaming`, async () => {
      assert.equal(api.hashSync('abc'), ABC_BLAKE3)
      assert.equal(await api.hash('abc'), ABC_BLAKE3)
      assert.equal(api.hashSync('abc', 'sha256'), ABC_SHA256)
      assert.equal(await api.hash('abc', { algorithm: 'sha256' }), ABC_SHA256)
      assert.equal(api.createHasher('sha256').update('a').update('bc').digest(), ABC_SHA256)
      assert.equal(await api.hashStream(['a', 'b', 'c'], 'sha256'), ABC_SHA256)
      assert.equal(api.integritySync('abc', 'sha256'), 'sha256-' + Buffer.from(ABC_SHA256, 'hex').toString('base64'))
      assert.equal(await api.integrity('abc', 'sha256'), 'sha256-' + Buffer.from(ABC_SHA256, 'hex').toString('base64'))
      const expected = backends.native.hashSync(HUGE)
      assert.equal(await api.hash(HUGE), expected)
      assert.equal(api.hashSync(HUGE), expected)
      assert.equal(await api.hashStream([HUGE.subarray(0, 1000), HUGE.subarray(1000)]), expected)
      const results = await Promise.all(Array.from({ length: 8 }, () => api.hash(LARGE, 'xxh3')))
      for (const r of results) assert.equal(r, backends.native.hashSync(LARGE, 'xxh3'))
    })
  }
})
