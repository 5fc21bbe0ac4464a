'use strict'
/**
 * The tiny-input path of hashSync (and of hash()'s inline work, lib/api.js digestNow): a
 * call into the native addon or a wasm instance costs 150-300 ns before any hashing
 * (argument conversion, the digest coming back), more than hashing 32 bytes. Below a
 * measured size per algorithm the digest is computed here without crossing into either:
 *
 * - xxHash and CRC in plain JavaScript (xxh3.js, xxhash.js, crc.js), encoded straight
 *   from 32-bit words (no Buffer in between for 'hex' and 'bigint');
 * - SHA-2, SHA-1 and MD5 with node:crypto's one-shot `crypto.hash` (OpenSSL), for string
 *   encodings only: it returns them ready-made, while its 'buffer' output takes a slower
 *   path inside Node than the backends' own.
 *
 * Both backends use the same path, so their digests stay byte-identical;
 * __test__/tiny.test.js checks every length up to each threshold and beyond, every option.
 */
const crypto = require('node:crypto')
const { xxh3, xxh3_128 } = require('./xxh3')
const { xxh64, xxh32 } = require('./xxhash')
const { crc32, crc32c } = require('./crc')

/**
 * The largest input (bytes) each algorithm is hashed here, from the size where the native
 * one-shot (`hashSyncInto`, called directly) became as fast, on the 2-core Xeon VM of
 * bench/ under load from parallel builds (ns per call, here / native):
 *   xxh3      32 B 171/549, 96 B 598/632, 128 B 624/646, 160 B 935/838
 *   xxh3-128  16 B 224/933, 64 B 935/1145, 96 B 969/929, 128 B 1331/916
 *   xxh64     16 B 264/826, 32 B 880/974, 64 B 1313/934
 *   xxh32     240 B 352/1456, 512 B 778/898, 768 B 1414/1426, 1 KiB 1812/1592
 *   crc32     128 B 699/1313, 200 B 942/1165, 240 B 1033/952, 384 B 1358/775
 *   crc32c    128 B 604/1119, 200 B 955/1215, 240 B 990/994, 384 B 1722/1203
 * (xxHash figures predate u64.js's limb multiply, ~35% faster: these limits are conservative.)
 * The JavaScript XXH3 stops at 240 bytes in any case (longer inputs take XXH3's stripe
 * loop and a seed-derived secret, which only the backends implement).
 *
 * node:crypto's crypto.hash (hex) against the native one-shot plus hex encoding, same machine:
 *   sha256  32 B 1719/2122, 1 KiB 3021/3870; 8 KiB 15435/13910 (buffer output both: a tie)
 *   md5     32 B 1223/1436, 1 KiB 5474/6199
 *   sha512, sha384, md5: OpenSSL is also faster per byte (1 MiB: 2.6/3.4, 3.7/5.1, 3.9/4.7 ms)
 * So SHA-256 and SHA-1 (SHA-NI on both sides) go to node:crypto up to 8 KiB, where the two
 * meet; the others up to 64 KiB, beyond which a call's fixed cost is below 1% either way.
 */
const MAX_BYTES = {
  xxh3: 128,
  'xxh3-128': 64,
  xxh64: 16,
  xxh32: 512,
  crc32: 200,
  crc32c: 200,
  sha256: 8 * 1024,
  sha384: 64 * 1024,
  sha512: 64 * 1024,
  sha1: 8 * 1024,
  md5: 64 * 1024
}

/** Digest size in 32-bit words of the JavaScript hashes. */
const WORDS = { xxh3: 2, 'xxh3-128': 4, xxh64: 2, xxh32: 1, crc32: 1, crc32c: 1 }
const HASHES = { xxh3, 'xxh3-128': xxh3_128, xxh64, xxh32, crc32, crc32c }

/** node:crypto's one-shot digest (crypto.hash is Node >= 20.12 / 21.7). */
const opensslDigest = typeof crypto.hash === 'function'
  ? (name, bytes, encoding) => crypto.hash(name, bytes, encoding)
  : (name, bytes, encoding) => crypto.createHash(name).update(bytes).digest(encoding)

/** The words a JavaScript hash wrote, most significant first. */
const OUT = new Uint32Array(4)

/** 'bigint' of two words: one allocation, through a big-endian view. */
const PAIR = new DataView(new ArrayBuffer(8))

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

/** A word as 8 hex digits (one string allocation; a 256-entry table of pairs measured ~2x slower). */
function hexWord (w) {
  const d = HEX_DIGITS
  return String.fromCharCode(d[w >>> 28], d[(w >>> 24) & 15], d[(w >>> 20) & 15], d[(w >>> 16) & 15],
    d[(w >>> 12) & 15], d[(w >>> 8) & 15], d[(w >>> 4) & 15], d[w & 15])
}

/** The first `words` words of OUT as a Buffer (big-endian, the canonical digest bytes). */
function wordsBuffer (words) {
  const buffer = Buffer.allocUnsafe(words * 4)
  for (let i = 0; i < words; i++) buffer.writeUInt32BE(OUT[i], i * 4)
  return buffer
}

/** The first `words` words of OUT in `encoding` (options.js allows 'bigint' only up to 2 words). */
function encodeWords (words, encoding) {
  switch (encoding) {
    case 'hex': {
      let hex = hexWord(OUT[0])
      for (let i = 1; i < words; i++) hex += hexWord(OUT[i])
      return hex
    }
    case 'bigint':
      if (words === 1) return BigInt(OUT[0])
      PAIR.setUint32(0, OUT[0])
      PAIR.setUint32(4, OUT[1])
      return PAIR.getBigUint64(0)
    case 'buffer': return wordsBuffer(words)
    default: return wordsBuffer(words).toString(encoding)
  }
}

// The seed of the last seeded call as halves (converting a BigInt allocates; seeds repeat).
let lastSeed = 0n
let seedHigh = 0
let seedLow = 0

/**
 * The tiny path for one algorithm table (ids differ per build, names do not).
 * @param {import('../options').AlgorithmInfo[]} table
 * @returns {(spec: import('../options').Spec, bytes: Uint8Array) => string|Buffer|bigint|undefined}
 *   the encoded digest, or undefined when `bytes` is too long for this path (or the
 *   algorithm has none): then the backend hashes it
 */
function createTinyPath (table) {
  const paths = []
  for (const { id, name } of table) {
    if (MAX_BYTES[name] !== undefined) paths[id] = { name, maxBytes: MAX_BYTES[name], hash: HASHES[name], words: WORDS[name] }
  }

  return function tinyDigest (spec, bytes) {
    const path = paths[spec.info.id]
    if (path === undefined || bytes.byteLength > path.maxBytes) return undefined
    const hash = path.hash
    const encoding = spec.encoding
    if (hash === undefined) return encoding === 'buffer' ? undefined : opensslDigest(path.name, bytes, encoding)
    const seed = spec.seed
    if (seed === undefined) {
      hash(bytes, 0, 0, OUT)
    } else {
      if (seed !== lastSeed) {
        seedHigh = Number(seed >> 32n)
        seedLow = Number(BigInt.asUintN(32, seed))
        lastSeed = seed
      }
      hash(bytes, seedHigh, seedLow, OUT)
    }
    return encodeWords(path.words, encoding)
  }
}

module.exports = { createTinyPath, MAX_BYTES }
