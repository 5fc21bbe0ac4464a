'use strict'
/**
 * XXH64 and XXH32 in plain JavaScript, for hashSync of tiny inputs (lib/tiny/index.js).
 * They handle any length, but only inputs below the thresholds in index.js come here:
 * above them the backends' native and wasm code is faster than a call's cost.
 *
 * A seed is given as two uint32 halves (XXH32 reads only the low one). Results go to `out`,
 * most significant 32-bit word first: the canonical (big-endian) digest word by word.
 */
const { high, add, sub, mul, rotl, xorShift, readLE32 } = require('./u64')

// XXH64's primes as [high, low] halves.
const P1H = 0x9e3779b1 | 0; const P1L = 0x85ebca87 | 0
const P2H = 0xc2b2ae3d | 0; const P2L = 0x27d4eb4f | 0
const P3H = 0x165667b1 | 0; const P3L = 0x9e3779f9 | 0
const P4H = 0x85ebca77 | 0; const P4L = 0xc2b2ae63 | 0
const P5H = 0x27d4eb2f | 0; const P5L = 0x165667c5 | 0
const P12L = add(P1H, P1L, P2H, P2L); const P12H = high() // PRIME64_1 + PRIME64_2

// XXH32's primes.
const Q1 = 0x9e3779b1 | 0
const Q2 = 0x85ebca77 | 0
const Q3 = 0xc2b2ae3d | 0
const Q4 = 0x27d4eb2f | 0
const Q5 = 0x165667b1 | 0

// XXH64's four lane accumulators (inputs of 32 bytes and more).
let v1H = 0; let v1L = 0; let v2H = 0; let v2L = 0; let v3H = 0; let v3L = 0; let v4H = 0; let v4L = 0

/** XXH64's round: rotl(acc + input * PRIME64_2, 31) * PRIME64_1, input read at `i`. */
function round64 (accH, accL, bytes, i) {
  let l = mul(readLE32(bytes, i + 4), readLE32(bytes, i), P2H, P2L)
  l = add(accH, accL, high(), l)
  l = rotl(high(), l, 31)
  return mul(high(), l, P1H, P1L)
}

/** XXH64's merge of lane `(vH, vL)` into the hash `(h, l)`: (h ^ round(0, v)) * PRIME64_1 + PRIME64_4. */
function merge64 (h, l, vH, vL) {
  let ml = mul(vH, vL, P2H, P2L)
  ml = rotl(high(), ml, 31)
  ml = mul(high(), ml, P1H, P1L)
  l = mul(h ^ high(), l ^ ml, P1H, P1L)
  return add(high(), l, P4H, P4L)
}

/**
 * XXH64 of `bytes` with the seed `(seedH, seedL)`.
 * @param {Uint8Array} bytes
 * @param {number} seedH
 * @param {number} seedL
 * @param {Uint32Array} out receives [high, low]
 */
function xxh64 (bytes, seedH, seedL, out) {
  const n = bytes.length
  let i = 0
  let h, l
  if (n >= 32) {
    v1L = add(seedH, seedL, P12H, P12L); v1H = high()
    v2L = add(seedH, seedL, P2H, P2L); v2H = high()
    v3H = seedH; v3L = seedL
    v4L = sub(seedH, seedL, P1H, P1L); v4H = high()
    for (; i + 32 <= n; i += 32) {
      v1L = round64(v1H, v1L, bytes, i); v1H = high()
      v2L = round64(v2H, v2L, bytes, i + 8); v2H = high()
      v3L = round64(v3H, v3L, bytes, i + 16); v3H = high()
      v4L = round64(v4H, v4L, bytes, i + 24); v4H = high()
    }
    l = rotl(v1H, v1L, 1); h = high()
    let t = rotl(v2H, v2L, 7)
    l = add(h, l, high(), t); h = high()
    t = rotl(v3H, v3L, 12)
    l = add(h, l, high(), t); h = high()
    t = rotl(v4H, v4L, 18)
    l = add(h, l, high(), t); h = high()
    l = merge64(h, l, v1H, v1L); h = high()
    l = merge64(h, l, v2H, v2L); h = high()
    l = merge64(h, l, v3H, v3L); h = high()
    l = merge64(h, l, v4H, v4L); h = high()
  } else {
    l = add(seedH, seedL, P5H, P5L); h = high()
  }
  l = add(h, l, 0, n); h = high()
  for (; i + 8 <= n; i += 8) {
    const kl = round64(0, 0, bytes, i)
    l = rotl(h ^ high(), l ^ kl, 27)
    l = mul(high(), l, P1H, P1L)
    l = add(high(), l, P4H, P4L); h = high()
  }
  if (i + 4 <= n) {
    const kl = mul(0, readLE32(bytes, i), P1H, P1L)
    l = rotl(h ^ high(), l ^ kl, 23)
    l = mul(high(), l, P2H, P2L)
    l = add(high(), l, P3H, P3L); h = high()
    i += 4
  }
  for (; i < n; i++) {
    const kl = mul(0, bytes[i], P5H, P5L)
    l = rotl(h ^ high(), l ^ kl, 11)
    l = mul(high(), l, P1H, P1L); h = high()
  }
  l = xorShift(h, l, 33); h = high()
  l = mul(h, l, P2H, P2L); h = high()
  l = xorShift(h, l, 29); h = high()
  l = mul(h, l, P3H, P3L); h = high()
  out[1] = xorShift(h, l, 32)
  out[0] = high()
}

/** XXH32's round: rotl(acc + input * PRIME32_2, 13) * PRIME32_1. */
function round32 (acc, input) {
  acc = (acc + Math.imul(input, Q2)) | 0
  return Math.imul((acc << 13) | (acc >>> 19), Q1)
}

/**
 * XXH32 of `bytes` with the seed `seedL`.
 * @param {Uint8Array} bytes
 * @param {number} seedH ignored (XXH32's seed is 32 bits)
 * @param {number} seedL
 * @param {Uint32Array} out receives [value]
 */
function xxh32 (bytes, seedH, seedL, out) {
  const n = bytes.length
  let i = 0
  let h
  if (n >= 16) {
    let a = (seedL + Q1 + Q2) | 0
    let b = (seedL + Q2) | 0
    let c = seedL | 0
    let d = (seedL - Q1) | 0
    for (; i + 16 <= n; i += 16) {
      a = round32(a, readLE32(bytes, i))
      b = round32(b, readLE32(bytes, i + 4))
      c = round32(c, readLE32(bytes, i + 8))
      d = round32(d, readLE32(bytes, i + 12))
    }
    h = (((a << 1) | (a >>> 31)) + ((b << 7) | (b >>> 25)) + ((c << 12) | (c >>> 20)) + ((d << 18) | (d >>> 14))) | 0
  } else {
    h = (seedL + Q5) | 0
  }
  h = (h + n) | 0
  for (; i + 4 <= n; i += 4) {
    h = (h + Math.imul(readLE32(bytes, i), Q3)) | 0
    h = Math.imul((h << 17) | (h >>> 15), Q4)
  }
  for (; i < n; i++) {
    h = (h + Math.imul(bytes[i], Q5)) | 0
    h = Math.imul((h << 11) | (h >>> 21), Q1)
  }
  h ^= h >>> 15
  h = Math.imul(h, Q2)
  h ^= h >>> 13
  h = Math.imul(h, Q3)
  h ^= h >>> 16
  out[0] = h
}

module.exports = { xxh64, xxh32 }
