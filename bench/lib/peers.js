'use strict'
/**
 * The peers hashmill is compared with, per algorithm: node:crypto, hash-wasm,
 * xxhash-wasm, @node-rs/xxhash, @node-rs/crc32 and @aws-sdk/crc64-nvme (the AWS SDK's own,
 * pure JS; all devDependencies). One table for
 * one-shot calls and one for streaming hashers; a peer without the algorithm is absent.
 */
const crypto = require('node:crypto')

const NODE_ALGORITHMS = ['sha256', 'sha384', 'sha512', 'sha1', 'md5']
const CRC32C_POLY = 0x82f63b78
/** hash-wasm's crc64 takes the reflected polynomial: CRC-64/NVME's. */
const CRC64_NVME_POLY = '9a6c9329ac4bc9b5'

/** hash-wasm per algorithm: [one-shot function, streaming factory, extra arguments]. */
const HASH_WASM = {
  blake3: ['blake3', 'createBLAKE3', []],
  sha256: ['sha256', 'createSHA256', []],
  sha384: ['sha384', 'createSHA384', []],
  sha512: ['sha512', 'createSHA512', []],
  sha1: ['sha1', 'createSHA1', []],
  md5: ['md5', 'createMD5', []],
  xxh3: ['xxhash3', 'createXXHash3', []],
  'xxh3-128': ['xxhash128', 'createXXHash128', []],
  xxh64: ['xxhash64', 'createXXHash64', []],
  xxh32: ['xxhash32', 'createXXHash32', []],
  crc32: ['crc32', 'createCRC32', []],
  crc32c: ['crc32', 'createCRC32', [CRC32C_POLY]],
  crc64nvme: ['crc64', 'createCRC64', [CRC64_NVME_POLY]]
}

const XXHASH_WASM = { xxh32: 'h32Raw', xxh64: 'h64Raw' }
/** git blob IDs: node:crypto over git's header and the bytes, as `git hash-object` hashes them. */
const GIT_BLOB = { 'git-sha1': 'sha1', 'git-sha256': 'sha256' }
const NODE_RS_XXHASH = { xxh32: ['xxh32'], xxh64: ['xxh64'], xxh3: ['xxh3', 'xxh64'], 'xxh3-128': ['xxh3', 'xxh128'] }
const NODE_RS_CRC32 = { crc32: 'crc32', crc32c: 'crc32c' }

async function loadPeers () {
  return {
    hashWasm: require('hash-wasm'),
    xxhashWasm: await require('xxhash-wasm')(),
    nodeRsXxhash: require('@node-rs/xxhash'),
    nodeRsCrc32: require('@node-rs/crc32'),
    Crc64Nvme: require('@aws-sdk/crc64-nvme').Crc64Nvme
  }
}

/**
 * One-shot peers of `algorithm`: `{ key, label, async, call(data) }`.
 * @param {string} algorithm
 * @param {Awaited<ReturnType<typeof loadPeers>>} peers
 */
function oneShotPeers (algorithm, peers) {
  const list = []
  if (NODE_ALGORITHMS.includes(algorithm)) {
    if (typeof crypto.hash === 'function') {
      list.push({ key: 'node.hash', label: 'node:crypto crypto.hash', call: (d) => crypto.hash(algorithm, d) })
    }
    list.push({ key: 'node.createHash', label: 'node:crypto createHash', call: (d) => crypto.createHash(algorithm).update(d).digest('hex') })
  }
  if (GIT_BLOB[algorithm]) {
    const name = GIT_BLOB[algorithm]
    list.push({ key: 'node.createHash', label: `node:crypto createHash('${name}') over 'blob <size>\\0' and the bytes`, call: (d) => crypto.createHash(name).update(`blob ${d.length}\0`).update(d).digest('hex') })
  }
  if (HASH_WASM[algorithm]) {
    const [fn, , args] = HASH_WASM[algorithm]
    const label = `hash-wasm ${fn}${args.length ? `(data, 0x${args[0].toString(16)})` : ''}`
    list.push({ key: 'hash-wasm', label, async: true, call: (d) => peers.hashWasm[fn](d, ...args) })
  }
  if (XXHASH_WASM[algorithm]) {
    const name = XXHASH_WASM[algorithm]
    list.push({ key: 'xxhash-wasm', label: `xxhash-wasm ${name}`, call: (d) => peers.xxhashWasm[name](d) })
  }
  if (NODE_RS_XXHASH[algorithm]) {
    const names = NODE_RS_XXHASH[algorithm]
    const f = names.reduce((o, n) => o[n], peers.nodeRsXxhash)
    list.push({ key: '@node-rs/xxhash', label: `@node-rs/xxhash ${names.join('.')}`, call: (d) => f(d) })
  }
  if (NODE_RS_CRC32[algorithm]) {
    const name = NODE_RS_CRC32[algorithm]
    list.push({ key: '@node-rs/crc32', label: `@node-rs/crc32 ${name}`, call: (d) => peers.nodeRsCrc32[name](d) })
  }
  if (algorithm === 'crc64nvme') {
    list.push({ key: '@aws-sdk/crc64-nvme', label: '@aws-sdk/crc64-nvme Crc64Nvme', async: true, call: (d) => awsSdkCrc64(peers, [d]) })
  }
  return list.map((p) => ({ role: 'peer', algorithm, async: false, ...p }))
}

/** The AWS SDK's CRC-64/NVME of `chunks`, as the SDK computes it (update, then digest). */
function awsSdkCrc64 (peers, chunks) {
  const crc = new peers.Crc64Nvme()
  for (const chunk of chunks) crc.update(chunk)
  return crc.digest()
}

/**
 * Streaming peers of `algorithm`: `{ key, label, digest(chunks) }`, where digest feeds
 * every chunk to a fresh state and returns the digest. hash-wasm's hasher is created once
 * and reset with init(), as its documentation recommends.
 */
async function streamingPeers (algorithm, peers) {
  const list = []
  if (NODE_ALGORITHMS.includes(algorithm)) {
    list.push({
      key: 'node.createHash',
      label: 'node:crypto createHash',
      digest: (chunks) => {
        const h = crypto.createHash(algorithm)
        for (const chunk of chunks) h.update(chunk)
        return h.digest('hex')
      }
    })
  }
  const [, factory, args] = HASH_WASM[algorithm]
  const hasher = await peers.hashWasm[factory](...args)
  list.push({
    key: 'hash-wasm',
    label: `hash-wasm ${factory}(${args.map((a) => `0x${a.toString(16)}`).join('')})`,
    digest: (chunks) => {
      hasher.init()
      for (const chunk of chunks) hasher.update(chunk)
      return hasher.digest()
    }
  })
  if (algorithm === 'crc64nvme') {
    list.push({ key: '@aws-sdk/crc64-nvme', label: '@aws-sdk/crc64-nvme Crc64Nvme', async: true, digest: (chunks) => awsSdkCrc64(peers, chunks) })
  }
  return list.map((p) => ({ role: 'peer', algorithm, ...p }))
}

module.exports = { loadPeers, oneShotPeers, streamingPeers }
