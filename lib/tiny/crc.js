'use strict'
/**
 * CRC-32 (ISO-HDLC, as zlib and PNG) and CRC-32C (Castagnoli, as iSCSI and ext4) in plain
 * JavaScript, slicing by 8, for hashSync of tiny inputs (lib/tiny/index.js). The backends'
 * carry-less-multiply code is far faster on long inputs, but below the thresholds in
 * index.js the call into it costs more than this loop.
 *
 * Same signature as the other tiny hashes, `(bytes, seedH, seedL, out)`; CRCs take no seed.
 * The value goes to out[0].
 */

/** The eight slicing tables of a reflected polynomial, 256 entries each, built on first use. */
function slicingTables (polynomial) {
  const t = new Int32Array(8 * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ polynomial : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 256; k < 8 * 256; k += 256) t[k + n] = (t[k - 256 + n] >>> 8) ^ t[t[k - 256 + n] & 0xff]
  }
  return t
}

/** The reflected CRC of `bytes` with tables `t` (initial value and final xor all ones). */
function crc (t, bytes) {
  const n = bytes.length
  let c = -1
  let i = 0
  for (; i + 8 <= n; i += 8) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)
    c = t[1792 + (c & 0xff)] ^ t[1536 + ((c >>> 8) & 0xff)] ^ t[1280 + ((c >>> 16) & 0xff)] ^ t[1024 + (c >>> 24)] ^
      t[768 + bytes[i + 4]] ^ t[512 + bytes[i + 5]] ^ t[256 + bytes[i + 6]] ^ t[bytes[i + 7]]
  }
  for (; i < n; i++) c = (c >>> 8) ^ t[(c ^ bytes[i]) & 0xff]
  return ~c
}

let crc32Tables = null
let crc32cTables = null

/** CRC-32 of `bytes` into out[0]. */
function crc32 (bytes, seedH, seedL, out) {
  out[0] = crc(crc32Tables || (crc32Tables = slicingTables(0xedb88320)), bytes)
}

/** CRC-32C of `bytes` into out[0]. */
function crc32c (bytes, seedH, seedL, out) {
  out[0] = crc(crc32cTables || (crc32cTables = slicingTables(0x82f63b78)), bytes)
}

module.exports = { crc32, crc32c }
