'use strict'
/**
 * The independent implementations hashmill is checked against, one table for every test
 * and the soak: per algorithm, [peer name, (bytes, { seed, outputLength, key }) => hex or
 * a Promise of hex] — node:crypto, hash-wasm, xxhash-wasm, @node-rs/xxhash, @node-rs/crc32,
 * @aws-sdk/crc64-nvme (devDependencies). Digests are lowercase big-endian hex, hashmill's canonical form.
 */
const crypto = require('node:crypto')
const hashWasm = require('hash-wasm')
const nodeXxhash = require('@node-rs/xxhash')
const nodeCrc = require('@node-rs/crc32')
const loadXxhashWasm = require('xxhash-wasm')
const { Crc64Nvme } = require('@aws-sdk/crc64-nvme')

const hex = (n, bytes) => BigInt.asUintN(bytes * 8, BigInt(n)).toString(16).padStart(bytes * 2, '0')
const low32 = (seed) => Number(BigInt(seed ?? 0) & 0xffffffffn)
const high32 = (seed) => Number((BigInt(seed ?? 0) >> 32n) & 0xffffffffn)
const bigSeed = (seed) => BigInt(seed ?? 0)

/** The table; async because xxhash-wasm compiles its module first. */
async function loadPeers () {
  const xxhashWasm = await loadXxhashWasm()
  const nodeCrypto = (name) => [['node:crypto', (b) => crypto.createHash(name).update(b).digest('hex')]]
  return {
    sha256: nodeCrypto('sha256'),
    sha384: nodeCrypto('sha384'),
    sha512: nodeCrypto('sha512'),
    sha1: nodeCrypto('sha1'),
    md5: nodeCrypto('md5'),
    blake3: [['hash-wasm', (b, o) => hashWasm.blake3(b, (o.outputLength || 32) * 8, o.key || null)]],
    xxh32: [
      ['@node-rs/xxhash', (b, o) => hex(nodeXxhash.xxh32(b, Number(o.seed ?? 0)), 4)],
      ['xxhash-wasm', (b, o) => hex(xxhashWasm.h32Raw(b, Number(o.seed ?? 0)), 4)],
      ['hash-wasm', (b, o) => hashWasm.xxhash32(b, Number(o.seed ?? 0))]
    ],
    xxh64: [
      ['@node-rs/xxhash', (b, o) => hex(nodeXxhash.xxh64(b, bigSeed(o.seed)), 8)],
      ['xxhash-wasm', (b, o) => hex(xxhashWasm.h64Raw(b, bigSeed(o.seed)), 8)],
      ['hash-wasm', (b, o) => hashWasm.xxhash64(b, low32(o.seed), high32(o.seed))]
    ],
    xxh3: [
      ['@node-rs/xxhash', (b, o) => hex(nodeXxhash.xxh3.xxh64(b, bigSeed(o.seed)), 8)],
      ['hash-wasm', (b, o) => hashWasm.xxhash3(b, low32(o.seed), high32(o.seed))]
    ],
    'xxh3-128': [
      ['@node-rs/xxhash', (b, o) => hex(nodeXxhash.xxh3.xxh128(b, bigSeed(o.seed)), 16)],
      ['hash-wasm', (b, o) => hashWasm.xxhash128(b, low32(o.seed), high32(o.seed))]
    ],
    crc32: [['@node-rs/crc32', (b) => hex(nodeCrc.crc32(b), 4)], ['hash-wasm', (b) => hashWasm.crc32(b)]],
    crc32c: [['@node-rs/crc32', (b) => hex(nodeCrc.crc32c(b), 4)], ['hash-wasm', (b) => hashWasm.crc32(b, 0x82f63b78)]],
    crc64nvme: [['hash-wasm', (b) => hashWasm.crc64(b, '9a6c9329ac4bc9b5')], ['@aws-sdk/crc64-nvme', async (b) => {
      const crc = new Crc64Nvme()
      crc.update(b)
      return Buffer.from(await crc.digest()).toString('hex')
    }]]
  }
}

/** Every peer's hex digest of `bytes` for `algorithm`: [[peer, hex], ...]. */
async function peerDigests (peers, algorithm, bytes, options = {}) {
  const list = peers[algorithm]
  if (!list) throw new Error(`no peer implements ${algorithm}`)
  return Promise.all(list.map(async ([name, digest]) => [name, await digest(bytes, options)]))
}

module.exports = { loadPeers, peerDigests }
