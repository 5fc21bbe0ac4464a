'use strict'
/**
 * The tiny-input path (lib/tiny.js): hashSync and hash() of small inputs are hashed by a
 * wasm instance on the calling thread (or, for string-encoded SHA-2/SHA-1/MD5, by
 * node:crypto's crypto.hash), without the backend's own one-shot. Every length from 0 to
 * 320 bytes, every length within 64 bytes of each algorithm's native threshold, and longer
 * inputs the wasm backend still takes this way; random and all-0x00 / all-0xff inputs;
 * every seed kind and every encoding, on both backends, must equal
 * - the backend's own one-shot (the addon's Rust, or the wasm hasher), called directly and
 *   encoded by lib/encoding.js;
 * - independent peers: @node-rs/xxhash, xxhash-wasm, hash-wasm, @node-rs/crc32, node:crypto;
 * - the other backend's result, byte for byte.
 */
const { describe, it, before } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { backends, each, randomBytes, streamable } = require('./helpers/backends')
const { encode, asBuffer } = require('../lib/encoding')
const { INTERNALS } = require('../lib/internals')
const { loadPeers, peerDigests } = require('./helpers/peers')

const XXHASH = ['xxh3', 'xxh3-128', 'xxh64', 'xxh32']
const ENCODINGS = ['hex', 'base64', 'base64url', 'buffer', 'bigint']
const U64_MAX = 2n ** 64n - 1n
/** Every length up to this is tried. */
const ALL_LENGTHS_UP_TO = 320
/** Longer inputs that the wasm backend's tiny path still takes (its staging area is 1 MiB). */
const LONG_LENGTHS = [1000, 4095, 4096, 4097, 65536, 65537]

/** Seeds per algorithm: none, 0 as number and bigint, 1, max, a number above 2^32, random. */
function seedsOf (algorithm) {
  if (algorithm === 'xxh32') return [undefined, 0, 0n, 1, 0xffffffff, 0x9e3779b1, crypto.randomInt(2 ** 32)]
  if (!XXHASH.includes(algorithm)) return [undefined]
  const random = crypto.randomBytes(8).readBigUInt64BE()
  return [undefined, 0, 0n, 1, U64_MAX, 2n ** 63n, 0x1_0000_0001, random, random >> 32n]
}

/** The inputs of one length: random (reproducible from the length), all zero, all ones. */
function inputsOf (length) {
  return [
    ['random', randomBytes(length, length * 2654435761 + 7)],
    ['0x00', Buffer.alloc(length, 0x00)],
    ['0xff', Buffer.alloc(length, 0xff)]
  ]
}

/** A digest as comparable text (hex for buffers, decimal for bigints). */
function show (digest) {
  if (Buffer.isBuffer(digest)) return `buffer:${digest.toString('hex')}`
  return `${typeof digest}:${digest}`
}

const backendOf = (kind) => backends[kind][INTERNALS].backend

let peers
/** The native backend's tiny-path limit per algorithm name. */
const nativeLimits = new Map()
before(async () => {
  peers = await loadPeers()
  for (const [, api] of each()) await api.ready()
  const native = backendOf('native')
  const instance = native.tiny.instance()
  for (const info of native.table.algorithms) nativeLimits.set(info.name, native.tiny.maxBytes(info, instance))
})

/** Every length the test covers for `algorithm`. */
function lengthsOf (algorithm) {
  const limit = nativeLimits.get(algorithm)
  const around = Array.from({ length: 129 }, (_, i) => limit - 64 + i).filter((n) => n > ALL_LENGTHS_UP_TO)
  return [...Array.from({ length: ALL_LENGTHS_UP_TO + 1 }, (_, i) => i), ...around, ...LONG_LENGTHS]
}

/** The backend's own one-shot digest of `input` (no tiny path), encoded by lib/encoding.js. */
function backendDigest (kind, spec, input) {
  return encode(asBuffer(backendOf(kind).hashSync(spec, input)), spec.encoding, true)
}

describe('tiny path: every length, seed, encoding and input equals the backend, the peers and the other backend', () => {
  for (const algorithm of streamable) {
    it(algorithm, async () => {
      const digestLength = backendOf('native').table.byName.get(algorithm).digestLength
      const encodings = ENCODINGS.filter((e) => e !== 'bigint' || digestLength <= 8)
      for (const length of lengthsOf(algorithm)) {
        for (const [inputName, input] of inputsOf(length)) {
          for (const seed of seedsOf(algorithm)) {
            const where = `${algorithm} len=${length} input=${inputName}${seed === undefined ? '' : ` seed=${seed}`}`
            const references = await peerDigests(peers, algorithm, input, { seed })
            const expected = references[0][1]
            for (const [peer, digest] of references) assert.equal(digest, expected, `${peer} disagrees: ${where}`)
            for (const encoding of encodings) {
              const opts = seed === undefined ? { algorithm, encoding } : { algorithm, seed, encoding }
              const results = {}
              for (const [kind, api] of each()) {
                const got = api.hashSync(input, opts)
                const spec = api[INTERNALS].options.spec(opts, { async: false })
                assert.equal(show(got), show(backendDigest(kind, spec, input)), `${kind} hashSync vs its backend, ${encoding}: ${where}`)
                assert.equal(show(await api.hash(input, opts)), show(got), `${kind} hash() vs hashSync, ${encoding}: ${where}`)
                results[kind] = got
              }
              assert.equal(show(results.native), show(results.wasm), `native vs wasm, ${encoding}: ${where}`)
              if (encoding === 'hex') assert.equal(results.native, expected, `hashmill vs peers: ${where}`)
            }
          }
        }
      }
    })
  }
})

describe('tiny path: input views', () => {
  it('reads exactly the bytes of views at odd offsets, shared memory and strings', () => {
    const sab = new SharedArrayBuffer(300)
    const shared = new Uint8Array(sab)
    shared.set(randomBytes(300, 99))
    const plain = Buffer.from(shared)
    for (const algorithm of streamable) {
      for (const [kind, api] of each()) {
        for (const length of [0, 3, 8, 17, 33, 100, 129, 200]) {
          const expected = api.hashSync(plain.subarray(5, 5 + length), algorithm)
          assert.equal(api.hashSync(new Uint8Array(sab, 5, length), algorithm), expected, `${kind} ${algorithm} shared len=${length}`)
          assert.equal(api.hashSync(new DataView(plain.buffer, plain.byteOffset + 5, length), algorithm), expected, `${kind} ${algorithm} DataView len=${length}`)
        }
        for (const text of ['héllo \ud800 wörld', '', 'x'.repeat(1000), '\u{1f600}'.repeat(500), 'é'.repeat(20000)]) {
          assert.equal(api.hashSync(text, algorithm), api.hashSync(Buffer.from(text, 'utf8'), algorithm), `${kind} ${algorithm} string of ${text.length}`)
        }
      }
    }
  })

  it('gives a new Buffer for every call with encoding "buffer"', () => {
    for (const [kind, api] of each()) {
      const a = api.hashSync('a', { algorithm: 'xxh3', encoding: 'buffer' })
      const b = api.hashSync('b', { algorithm: 'xxh3', encoding: 'buffer' })
      assert.notEqual(a.toString('hex'), b.toString('hex'), kind)
      assert.equal(a.toString('hex'), api.hashSync('a', 'xxh3'), kind)
    }
  })

  it('keeps working across more specs than the instance has slots, and keyed specs made per call', () => {
    for (const [kind, api] of each()) {
      for (let round = 0; round < 3; round++) {
        for (let seed = 0; seed < 40; seed++) {
          assert.equal(api.hashSync('abc', { algorithm: 'xxh64', seed }), api.hashSync(Buffer.from('abc'), { algorithm: 'xxh64', seed }), `${kind} seed ${seed}`)
        }
      }
      const key = randomBytes(32, 5)
      const want = crypto.createHash('sha256').update('x').digest('hex')
      for (let i = 0; i < 50; i++) {
        assert.equal(api.hashSync('abc', { key }), api.hashSync('abc', { key: Buffer.from(key) }), `${kind} keyed ${i}`)
        assert.equal(api.hashSync('x', 'sha256'), want)
      }
    }
  })

  it('reads a reused options object afresh on every call, however it was changed in between', () => {
    for (const [kind, api] of each()) {
      /** @type {any} */
      const options = { algorithm: 'sha256' }
      const sha256 = crypto.createHash('sha256').update('abc').digest('hex')
      assert.equal(api.hashSync('abc', options), sha256, kind)
      options.algorithm = 'md5'
      assert.equal(api.hashSync('abc', options), crypto.createHash('md5').update('abc').digest('hex'), kind)
      options.algorithm = 'sha256'
      options.encoding = 'base64'
      assert.equal(api.hashSync('abc', options), Buffer.from(sha256, 'hex').toString('base64'), kind)
      delete options.encoding
      assert.equal(api.hashSync('abc', options), sha256, kind)
      options.seed = 1
      assert.throws(() => api.hashSync('abc', options), { name: 'TypeError', message: /seed/ }, kind)
      delete options.seed
      options.level = 1
      assert.throws(() => api.hashSync('abc', options), { name: 'TypeError', code: 'ERR_HASHMILL_UNKNOWN_OPTION' }, kind)
      delete options.level
      assert.equal(api.hashSync('abc', options), sha256, kind)
      const inherited = Object.create({ outputLength: 16 })
      inherited.algorithm = 'sha256'
      assert.throws(() => api.hashSync('abc', inherited), { name: 'TypeError', message: /outputLength/ }, kind)
    }
  })
})
