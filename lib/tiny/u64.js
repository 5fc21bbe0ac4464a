'use strict'
/**
 * 64-bit unsigned arithmetic on pairs of 32-bit halves, for the pure-JS xxHash of short
 * inputs (lib/tiny/xxh3.js, xxhash.js). No BigInt: a BigInt operation allocates, and these
 * run a few dozen times per call on the path where a call must cost ~100 ns.
 *
 * A value is two 32-bit halves `(h, l)`, held as int32: V8 keeps an int32 as a small
 * integer, while a number of 2^31 or more becomes a heap object whenever it is stored or
 * crosses a call that is not inlined, and allocating one per operation made these
 * functions several times slower. Arguments may be int32 or uint32. Every function returns
 * the low half of its result and leaves the high half in `high()`, read right after the
 * call. `mul128` also leaves the upper 64 bits of its product in `upperHigh()`/`upperLow()`.
 */

/** The result registers: [high half, mul128's upper high, mul128's upper low]. */
const R = new Int32Array(3)

/** The high half of the last result. */
function high () { return R[0] }
/** The high 64 bits of the last mul128 product, high half. */
function upperHigh () { return R[1] }
/** The high 64 bits of the last mul128 product, low half. */
function upperLow () { return R[2] }

/**
 * The full 64-bit product of two 32-bit words (as unsigned). Math.imul gives the low half;
 * the high half is summed from the 16-bit limbs' products, all in int32 arithmetic
 * (double arithmetic with Math.floor measured 2-3x slower here).
 */
function mul32 (a, b) {
  const a0 = a & 0xffff
  const a1 = a >>> 16
  const b0 = b & 0xffff
  const b1 = b >>> 16
  const p10 = Math.imul(a1, b0)
  const p01 = Math.imul(a0, b1)
  const middle = (Math.imul(a0, b0) >>> 16) + (p10 & 0xffff) + (p01 & 0xffff)
  R[0] = Math.imul(a1, b1) + (p10 >>> 16) + (p01 >>> 16) + (middle >>> 16)
  return Math.imul(a, b)
}

/** a + b (mod 2^64). */
function add (ah, al, bh, bl) {
  const low = (al + bl) | 0
  R[0] = ah + bh + ((low >>> 0) < (al >>> 0) ? 1 : 0)
  return low
}

/** a - b (mod 2^64). */
function sub (ah, al, bh, bl) {
  R[0] = ah - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)
  return (al - bl) | 0
}

/** a * b (mod 2^64). */
function mul (ah, al, bh, bl) {
  const low = mul32(al, bl)
  R[0] = R[0] + Math.imul(al, bh) + Math.imul(ah, bl)
  return low
}

/**
 * The full 128-bit product a * b: low 64 bits returned as usual, high 64 bits in upper*().
 * Schoolbook on 16-bit limbs: each limb product's halves go to two 16-bit columns, whose
 * sums (at most eight halves and a carry) stay far below 2^31. Register-only int32 work,
 * about twice as fast as four mul32() and carry compares.
 */
function mul128 (ah, al, bh, bl) {
  const a0 = al & 0xffff; const a1 = al >>> 16; const a2 = ah & 0xffff; const a3 = ah >>> 16
  const b0 = bl & 0xffff; const b1 = bl >>> 16; const b2 = bh & 0xffff; const b3 = bh >>> 16
  const p00 = Math.imul(a0, b0)
  const p01 = Math.imul(a0, b1); const p10 = Math.imul(a1, b0)
  const p02 = Math.imul(a0, b2); const p11 = Math.imul(a1, b1); const p20 = Math.imul(a2, b0)
  const p03 = Math.imul(a0, b3); const p12 = Math.imul(a1, b2); const p21 = Math.imul(a2, b1); const p30 = Math.imul(a3, b0)
  const p13 = Math.imul(a1, b3); const p22 = Math.imul(a2, b2); const p31 = Math.imul(a3, b1)
  const p23 = Math.imul(a2, b3); const p32 = Math.imul(a3, b2)
  const p33 = Math.imul(a3, b3)
  let c = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)
  const r1 = c & 0xffff
  c = (c >>> 16) + (p01 >>> 16) + (p10 >>> 16) + (p02 & 0xffff) + (p11 & 0xffff) + (p20 & 0xffff)
  const r2 = c & 0xffff
  c = (c >>> 16) + (p02 >>> 16) + (p11 >>> 16) + (p20 >>> 16) + (p03 & 0xffff) + (p12 & 0xffff) + (p21 & 0xffff) + (p30 & 0xffff)
  const r3 = c & 0xffff
  c = (c >>> 16) + (p03 >>> 16) + (p12 >>> 16) + (p21 >>> 16) + (p30 >>> 16) + (p13 & 0xffff) + (p22 & 0xffff) + (p31 & 0xffff)
  const r4 = c & 0xffff
  c = (c >>> 16) + (p13 >>> 16) + (p22 >>> 16) + (p31 >>> 16) + (p23 & 0xffff) + (p32 & 0xffff)
  const r5 = c & 0xffff
  c = (c >>> 16) + (p23 >>> 16) + (p32 >>> 16) + (p33 & 0xffff)
  R[1] = (((c >>> 16) + (p33 >>> 16)) << 16) | (c & 0xffff)
  R[2] = (r5 << 16) | r4
  R[0] = (r3 << 16) | r2
  return (r1 << 16) | (p00 & 0xffff)
}

/** XXH3's fold: the low 64 bits of the 128-bit product a * b, xor its high 64 bits. */
function mulFold (ah, al, bh, bl) {
  const low = mul128(ah, al, bh, bl)
  R[0] = R[0] ^ R[1]
  return low ^ R[2]
}

/** x ^ (x >>> n), for 0 < n < 64. */
function xorShift (h, l, n) {
  if (n >= 32) {
    R[0] = h
    return l ^ (h >>> (n - 32))
  }
  R[0] = h ^ (h >>> n)
  return l ^ ((l >>> n) | (h << (32 - n)))
}

/** x rotated left by n bits, for 0 < n < 64, n !== 32. */
function rotl (h, l, n) {
  if (n > 32) {
    const t = h
    h = l
    l = t
    n -= 32
  }
  R[0] = (h << n) | (l >>> (32 - n))
  return (l << n) | (h >>> (32 - n))
}

/** The bytes of a 32-bit word in reverse order. */
function swap32 (x) {
  return (x << 24) | ((x << 8) & 0xff0000) | ((x >>> 8) & 0xff00) | (x >>> 24)
}

/** The bytes of a 64-bit value in reverse order. */
function swap64 (h, l) {
  R[0] = swap32(l)
  return swap32(h)
}

/** The little-endian 32-bit word at `offset` of `bytes`. */
function readLE32 (bytes, offset) {
  return bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)
}

module.exports = { high, upperHigh, upperLow, mul32, add, sub, mul, mul128, mulFold, xorShift, rotl, swap32, swap64, readLE32 }
