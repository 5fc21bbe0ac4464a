'use strict'
/**
 * XXH3-64 and XXH3-128 of inputs of at most 240 bytes, in plain JavaScript, for hashSync
 * of tiny inputs (lib/tiny/index.js): below a few hundred bytes a call into native or
 * wasm code costs more than the hash. Follows the XXH3 specification's short-input paths
 * (0, 1-3, 4-8, 9-16, 17-128, 129-240 bytes); longer inputs take the stripe loop and a
 * seed-derived secret, which only the backends implement.
 *
 * A seed is given as two uint32 halves. Results go to `out`, most significant 32-bit word
 * first: [high, low] for XXH3-64, [high64.high, high64.low, low64.high, low64.low] for
 * XXH3-128, i.e. the canonical (big-endian) digest bytes word by word.
 */
const { high, upperHigh, upperLow, mul32, add, sub, mul, mul128, mulFold, xorShift, rotl, swap32, swap64, readLE32 } = require('./u64')

/** The part of XXH3's default secret (kSecret) that inputs up to 240 bytes read. */
const SECRET = Buffer.from(
  'b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f' +
  'cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c' +
  '3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8' +
  'a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364' +
  'eac5ac8334d3ebc3', 'hex')

/** SECRET's little-endian 32-bit word at every byte offset (the 129-240 byte paths read unaligned). */
const S = Int32Array.from({ length: SECRET.length - 3 }, (_, offset) => readLE32(SECRET, offset))

// Primes as [high, low] halves.
const P64_1H = 0x9e3779b1 | 0; const P64_1L = 0x85ebca87 | 0
const P64_2H = 0xc2b2ae3d | 0; const P64_2L = 0x27d4eb4f | 0
const P64_3H = 0x165667b1 | 0; const P64_3L = 0x9e3779f9 | 0
const P64_4H = 0x85ebca77 | 0; const P64_4L = 0xc2b2ae63 | 0
const MX1H = 0x16566791 | 0; const MX1L = 0x9e3779f9 | 0
const MX2H = 0x9fb21c65 | 0; const MX2L = 0x1e98df25 | 0
const P32_2 = 0x85ebca77 | 0

/** XXH64's final mix (XXH3's 0- and 1-3-byte paths end with it). */
function avalancheXxh64 (h, l) {
  l = xorShift(h, l, 33); h = high()
  l = mul(h, l, P64_2H, P64_2L); h = high()
  l = xorShift(h, l, 29); h = high()
  l = mul(h, l, P64_3H, P64_3L); h = high()
  return xorShift(h, l, 32)
}

/** XXH3's final mix. */
function avalanche (h, l) {
  l = xorShift(h, l, 37); h = high()
  l = mul(h, l, MX1H, MX1L); h = high()
  return xorShift(h, l, 32)
}

/** XXH3's 4-8 byte mix (rrmxmx). */
function rrmxmx (h, l, length) {
  const rl49 = rotl(h, l, 49); const rh49 = high()
  const rl24 = rotl(h, l, 24); const rh24 = high()
  h = h ^ rh49 ^ rh24
  l = l ^ rl49 ^ rl24
  l = mul(h, l, MX2H, MX2L); h = high()
  l = l ^ ((h >>> 3) + length) // x ^= (x >> 35) + length: no carry, (x >> 35) < 2^29
  l = mul(h, l, MX2H, MX2L); h = high()
  return xorShift(h, l, 28)
}

/**
 * XXH3's 16-byte mix: the folded product of the input's two 64-bit words xor the secret's
 * at `s`, plus and minus the seed.
 */
function mix16 (bytes, i, s, seedH, seedL) {
  let l = add(S[s + 4], S[s], seedH, seedL)
  const ah = readLE32(bytes, i + 4) ^ high()
  const al = readLE32(bytes, i) ^ l
  l = sub(S[s + 12], S[s + 8], seedH, seedL)
  const bh = readLE32(bytes, i + 12) ^ high()
  const bl = readLE32(bytes, i + 8) ^ l
  return mulFold(ah, al, bh, bl)
}

/**
 * The 64-bit accumulators of the 17-240 byte paths, [acc0 high, acc0 low, acc1 high, acc1
 * low] (acc0 is XXH3-64's only one). Int32s, for the reason u64.js gives.
 */
const A = new Int32Array(4)

/** acc0 += mix16(...). */
function mixInto0 (bytes, i, s, seedH, seedL) {
  const l = mix16(bytes, i, s, seedH, seedL)
  A[1] = add(A[0], A[1], high(), l); A[0] = high()
}

/** acc1 += mix16(...). */
function mixInto1 (bytes, i, s, seedH, seedL) {
  const l = mix16(bytes, i, s, seedH, seedL)
  A[3] = add(A[2], A[3], high(), l); A[2] = high()
}

/** Starts the accumulators of a 17-240 byte input: acc0 = length * PRIME64_1, acc1 = 0. */
function startAccumulators (length) {
  A[1] = mul(0, length, P64_1H, P64_1L); A[0] = high()
  A[2] = 0; A[3] = 0
}

/** The 64-bit little-endian word at `i` plus the one at `i + 8` (XXH3-128's cross term). */
function sum16 (bytes, i) {
  return add(readLE32(bytes, i + 4), readLE32(bytes, i), readLE32(bytes, i + 12), readLE32(bytes, i + 8))
}

/** XXH3-128's 32-byte mix of the 16 bytes at `a` and the 16 at `b` into acc0 and acc1. */
function mix32 (bytes, a, b, s, seedH, seedL) {
  mixInto0(bytes, a, s, seedH, seedL)
  mixInto1(bytes, b, s + 16, seedH, seedL)
  let l = sum16(bytes, b)
  A[0] = A[0] ^ high(); A[1] = A[1] ^ l
  l = sum16(bytes, a)
  A[2] = A[2] ^ high(); A[3] = A[3] ^ l
}

/**
 * XXH3-64 of `bytes` (at most 240 bytes long) with the seed `(seedH, seedL)`.
 * @param {Uint8Array} bytes
 * @param {number} seedH
 * @param {number} seedL
 * @param {Uint32Array} out receives [high, low]
 */
function xxh3 (bytes, seedH, seedL, out) {
  const n = bytes.length
  let h, l
  if (n <= 16) {
    if (n > 8) {
      l = add(S[28] ^ S[36], S[24] ^ S[32], seedH, seedL)
      const lowH = readLE32(bytes, 4) ^ high()
      const lowL = readLE32(bytes, 0) ^ l
      l = sub(S[44] ^ S[52], S[40] ^ S[48], seedH, seedL)
      const highH = readLE32(bytes, n - 4) ^ high()
      const highL = readLE32(bytes, n - 8) ^ l
      l = swap64(lowH, lowL); h = high()
      l = add(h, l, 0, n); h = high()
      l = add(h, l, highH, highL); h = high()
      const fl = mulFold(lowH, lowL, highH, highL)
      l = add(h, l, high(), fl); h = high()
      l = avalanche(h, l)
    } else if (n >= 4) {
      const msH = seedH ^ swap32(seedL)
      l = sub(S[12] ^ S[20], S[8] ^ S[16], msH, seedL)
      h = high() ^ readLE32(bytes, 0)
      l = rrmxmx(h, l ^ readLE32(bytes, n - 4), n)
    } else if (n > 0) {
      const combined = bytes[n - 1] | (n << 8) | (bytes[0] << 16) | (bytes[n >> 1] << 24)
      l = add(0, S[0] ^ S[4], seedH, seedL)
      l = avalancheXxh64(high(), l ^ combined)
    } else {
      l = avalancheXxh64(seedH ^ S[60] ^ S[68], seedL ^ S[56] ^ S[64])
    }
  } else {
    startAccumulators(n)
    if (n <= 128) {
      if (n > 32) {
        if (n > 64) {
          if (n > 96) {
            mixInto0(bytes, 48, 96, seedH, seedL)
            mixInto0(bytes, n - 64, 112, seedH, seedL)
          }
          mixInto0(bytes, 32, 64, seedH, seedL)
          mixInto0(bytes, n - 48, 80, seedH, seedL)
        }
        mixInto0(bytes, 16, 32, seedH, seedL)
        mixInto0(bytes, n - 32, 48, seedH, seedL)
      }
      mixInto0(bytes, 0, 0, seedH, seedL)
      mixInto0(bytes, n - 16, 16, seedH, seedL)
    } else {
      for (let i = 0; i < 128; i += 16) mixInto0(bytes, i, i, seedH, seedL)
      A[1] = avalanche(A[0], A[1]); A[0] = high()
      for (let i = 128; i + 16 <= n; i += 16) mixInto0(bytes, i, i - 125, seedH, seedL)
      mixInto0(bytes, n - 16, 119, seedH, seedL)
    }
    l = avalanche(A[0], A[1])
  }
  out[0] = high()
  out[1] = l
}

/** XXH3-128's finish of a 17-240 byte input: writes the digest to `out`. */
function finishMedium (n, seedH, seedL, out) {
  let l = add(A[0], A[1], A[2], A[3])
  out[3] = avalanche(high(), l); out[2] = high()
  l = mul(A[0], A[1], P64_1H, P64_1L); let h = high()
  const t = mul(A[2], A[3], P64_4H, P64_4L)
  l = add(h, l, high(), t); h = high()
  const d = sub(0, n, seedH, seedL)
  const u = mul(high(), d, P64_2H, P64_2L)
  l = add(h, l, high(), u); h = high()
  l = avalanche(h, l)
  l = sub(0, 0, high(), l) // negate
  out[0] = high(); out[1] = l
}

/**
 * XXH3-128 of `bytes` (at most 240 bytes long) with the seed `(seedH, seedL)`.
 * @param {Uint8Array} bytes
 * @param {number} seedH
 * @param {number} seedL
 * @param {Uint32Array} out receives the four words of the canonical digest
 */
function xxh3_128 (bytes, seedH, seedL, out) {
  const n = bytes.length
  let h, l
  if (n > 16) {
    startAccumulators(n)
    if (n <= 128) {
      if (n > 32) {
        if (n > 64) {
          if (n > 96) mix32(bytes, 48, n - 64, 96, seedH, seedL)
          mix32(bytes, 32, n - 48, 64, seedH, seedL)
        }
        mix32(bytes, 16, n - 32, 32, seedH, seedL)
      }
      mix32(bytes, 0, n - 16, 0, seedH, seedL)
    } else {
      for (let i = 0; i < 128; i += 32) mix32(bytes, i, i + 16, i, seedH, seedL)
      A[1] = avalanche(A[0], A[1]); A[0] = high()
      A[3] = avalanche(A[2], A[3]); A[2] = high()
      for (let i = 128; i + 32 <= n; i += 32) mix32(bytes, i, i + 16, i - 125, seedH, seedL)
      l = sub(0, 0, seedH, seedL)
      mix32(bytes, n - 16, n - 32, 103, high(), l)
    }
    finishMedium(n, seedH, seedL, out)
  } else if (n > 8) {
    // val1 = ((secret[32] ^ secret[40]) - seed) ^ first ^ last, val2 = ((secret[48] ^ secret[56]) + seed) ^ last
    const lastH = readLE32(bytes, n - 4)
    const lastL = readLE32(bytes, n - 8)
    l = sub(S[36] ^ S[44], S[32] ^ S[40], seedH, seedL)
    const v1H = high() ^ readLE32(bytes, 4) ^ lastH
    const v1L = l ^ readLE32(bytes, 0) ^ lastL
    l = add(S[52] ^ S[60], S[48] ^ S[56], seedH, seedL)
    const v2H = high() ^ lastH
    const v2L = l ^ lastL
    // m = v1 * PRIME64_1 (128 bits); low = m.low + (n - 1) << 54; high = m.high + v2.high << 32 + v2.low * PRIME32_2
    let lowL = mul128(v1H, v1L, P64_1H, P64_1L)
    let lowH = (high() + ((n - 1) << 22)) | 0
    l = mul32(v2L, P32_2)
    l = add(upperHigh(), upperLow(), (high() + v2H) | 0, l); h = high()
    // low ^= swap64(high); then (high:low) * PRIME64_2 (mod 2^128)
    lowL = lowL ^ swap64(h, l); lowH = lowH ^ high()
    const qL = mul128(lowH, lowL, P64_2H, P64_2L)
    const qH = high()
    const cross = mul(h, l, P64_2H, P64_2L)
    const upL = add(upperHigh(), upperLow(), high(), cross)
    out[1] = avalanche(high(), upL); out[0] = high()
    out[3] = avalanche(qH, qL); out[2] = high()
  } else if (n >= 4) {
    const msH = seedH ^ swap32(seedL)
    l = add(S[20] ^ S[28], S[16] ^ S[24], msH, seedL)
    const keyH = high() ^ readLE32(bytes, n - 4)
    const keyL = l ^ readLE32(bytes, 0)
    const ml = mul128(keyH, keyL, P64_1H, (P64_1L + n * 4) | 0)
    const mh = high()
    // high = m.high + (m.low << 1); low = m.low ^ (high >> 3)
    l = add(upperHigh(), upperLow(), (mh << 1) | (ml >>> 31), ml << 1); h = high()
    let lh = mh ^ (h >>> 3)
    let ll = ml ^ ((l >>> 3) | (h << 29))
    ll = xorShift(lh, ll, 35); lh = high()
    ll = mul(lh, ll, MX2H, MX2L); lh = high()
    out[3] = xorShift(lh, ll, 28); out[2] = high()
    out[1] = avalanche(h, l); out[0] = high()
  } else if (n > 0) {
    const combined = bytes[n - 1] | (n << 8) | (bytes[0] << 16) | (bytes[n >> 1] << 24)
    l = add(0, S[0] ^ S[4], seedH, seedL)
    out[3] = avalancheXxh64(high(), l ^ combined); out[2] = high()
    const swapped = swap32(combined)
    l = sub(0, S[8] ^ S[12], seedH, seedL)
    out[1] = avalancheXxh64(high(), l ^ ((swapped << 13) | (swapped >>> 19))); out[0] = high()
  } else {
    out[3] = avalancheXxh64(seedH ^ S[68] ^ S[76], seedL ^ S[64] ^ S[72]); out[2] = high()
    out[1] = avalancheXxh64(seedH ^ S[84] ^ S[92], seedL ^ S[80] ^ S[88]); out[0] = high()
  }
}

module.exports = { xxh3, xxh3_128 }
