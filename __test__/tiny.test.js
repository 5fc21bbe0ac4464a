'use strict'
/**
 * The tiny-input path (lib/tiny/): hashSync and hash() of inputs up to each algorithm's
 * threshold are computed in JavaScript or node:crypto without entering the backend. Every
 * length from 0 to the threshold + 64, random and all-0x00 / all-0xff inputs, every seed
 * kind and every encoding, on both backends, must equal
 * - the backend's own Rust implementation, called directly (lib/backends/*.js hashSync,
 *   which the tiny path never touches), encoded by lib/encoding.js;
 * - independent peers: @node-rs/xxhash, xxhash-wasm, hash-wasm, @node-rs/crc32, node:crypto;
 * - the other backend's result, byte for byte.
 *
 * SHA-2/SHA-1/MD5 thresholds are kilobytes and their tiny path has no length-dependent
 * code (one node:crypto call), so they are checked at every length up to 1 KiB and at
 * every length within 64 bytes of the threshold.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const path = require('node:path')
const { backends, each, randomBytes } = require('./helpers/backends')
const { createOptions } = require('../lib/options')
const { encode, asBuffer } = require('../lib/encoding')
const { MAX_BYTES } = require('../lib/tiny')
const { createNativeBackend } = require('../lib/backends/native')
const { createWasmBackend } = require('../lib/backends/wasm')

const { loadPeers, peerDigests } = require('./helpers/peers')

const XXHASH = ['xxh3', 'xxh3-128', 'xxh64', 'xxh32']
const OPENSSL = ['sha256', 'sha384', 'sha512', 'sha1', 'md5']
const ENCODINGS = ['hex', 'base64', 'base64url', 'buffer', 'bigint']
const U64_MAX = 2n ** 64n - 1n

/** Seeds per algorithm: none, 0 as number and bigint, 1, max, a number above 2^32, random. */
function seedsOf (algorithm) {
  if (algorithm === 'xxh32') return [undefined, 0, 0n, 1, 0xffffffff, 0x9e3779b1, crypto.randomInt(2 ** 32)]
  if (!XXHASH.includes(algorithm)) return [undefined]
  const random = crypto.randomBytes(8).readBigUInt64BE()
  return [undefined, 0, 0n, 1, U64_MAX, 2n ** 63n, 0x1_0000_0001, random, random >> 32n]
}

/** Every length the test covers for `algorithm`. */
function lengthsOf (algorithm) {
  const threshold = MAX_BYTES[algorithm]
  const upTo = (n) => Array.from({ length: n + 1 }, (_, i) => i)
  if (!OPENSSL.includes(algorithm)) return upTo(threshold + 64)
  return [...upTo(1024), ...upTo(128).map((i) => threshold - 64 + i)]
}

/** The inputs of one length: random (reproducible from the length), all zero, all ones. */
function inputsOf (length) {
  return [
    ['random', randomBytes(length, length * 2654435761 + 7)],
    ['0x00', Buffer.alloc(length, 0x00)],
    ['0xff', Buffer.alloc(length, 0xff)]
  ]
}

let peers

/**
 * The bare backends the public APIs are built on, created here again so their hashSync
 * (Rust: the native addon's one-shot, or the wasm instance) is called with nothing in front.
 */
const bare = {}
before(async () => {
  peers = await loadPeers()
  const native = backends.native.backend
  const binary = process.env.HASHMILL_NATIVE_PATH || path.join(__dirname, '..', `hashmill.${native.target}.node`)
  bare.native = createNativeBackend(require(binary), native.target)
  bare.wasm = createWasmBackend()
})
after(() => bare.wasm && bare.wasm.destroy())

/** The bare backend's digest of `input`, encoded by lib/encoding.js (not lib/tiny/). */
function backendDigest (kind, spec, input) {
  return encode(asBuffer(bare[kind].hashSync(spec, input)), spec.encoding)
}

/** A digest as comparable text (hex for buffers, decimal for bigints). */
function show (digest) {
  if (Buffer.isBuffer(digest)) return `buffer:${digest.toString('hex')}`
  return `${typeof digest}:${digest}`
}

const ALGORITHMS = Object.keys(MAX_BYTES)

describe('tiny path: every length, seed, encoding and input equals the backend, the peers and the other backend', () => {
  for (const algorithm of ALGORITHMS) {
    it(`${algorithm} (threshold ${MAX_BYTES[algorithm]} bytes)`, async () => {
      const options = { native: createOptions(bare.native.algorithmTable), wasm: createOptions(bare.wasm.algorithmTable) }
      const digestLength = bare.native.algorithmTable.find((info) => info.name === algorithm).digestLength
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
                const spec = options[kind].spec(opts, { async: false })
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
    for (const algorithm of ALGORITHMS) {
      for (const [kind, api] of each()) {
        for (const length of [0, 3, 8, 17, 33, 100, 129, 200]) {
          const expected = api.hashSync(plain.subarray(5, 5 + length), algorithm)
          assert.equal(api.hashSync(new Uint8Array(sab, 5, length), algorithm), expected, `${kind} ${algorithm} shared len=${length}`)
          assert.equal(api.hashSync(new DataView(plain.buffer, plain.byteOffset + 5, length), algorithm), expected, `${kind} ${algorithm} DataView len=${length}`)
        }
        const text = 'héllo \ud800 wörld'
        assert.equal(api.hashSync(text, algorithm), api.hashSync(Buffer.from(text, 'utf8'), algorithm), `${kind} ${algorithm} string`)
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
})
