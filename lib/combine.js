'use strict'
/**
 * `combine(algorithm, parts, options?)`: the CRC of a concatenation from the CRCs and byte
 * lengths of its consecutive parts, without the bytes (hashmill-core `crc_combine.rs`,
 * O(log length) per part). Digests come as the canonical bytes, hex or the value; they
 * cross into the binding joined, with the lengths as little-endian u64s.
 */
const errors = require('./errors')
const { encode, asBuffer } = require('./encoding')

const MAX_LENGTH = 2n ** 64n - 1n
const COMBINE_OPTIONS = ['encoding']

/**
 * The canonical digest bytes of `value` (Buffer or other view, hex string, bigint, or for
 * 32-bit CRCs a number).
 * @param {import('./algorithms').AlgorithmInfo} info
 * @param {unknown} value
 * @param {string} name for errors
 * @returns {Buffer}
 */
function digestBytes (info, value, name) {
  const length = info.digestLength
  const bits = BigInt(8 * length)
  if (typeof value === 'number' && length <= 4 && Number.isInteger(value)) value = BigInt(value)
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << bits) throw errors.outOfRange(name, `an integer >= 0 and < 2^${bits}`, value)
    const out = Buffer.alloc(8)
    out.writeBigUInt64BE(value)
    return out.subarray(8 - length)
  }
  if (typeof value === 'string') {
    if (value.length !== 2 * length || !/^[0-9a-fA-F]*$/.test(value)) {
      throw errors.invalidValue(name, value, `must be ${2 * length} hex digits (a ${info.name} digest)`)
    }
    return Buffer.from(value, 'hex')
  }
  if (ArrayBuffer.isView(value)) {
    if (value.byteLength !== length) throw errors.invalidValue(name, value, `must be ${length} bytes (a ${info.name} digest)`)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  }
  const number = length <= 4 ? ', number' : ''
  throw errors.invalidType(name, `a Buffer, TypedArray, hex string${number} or bigint ${info.name} digest`, value)
}

/**
 * A part length as a bigint.
 * @param {unknown} value
 * @param {string} name
 */
function lengthOf (value, name) {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw errors.outOfRange(name, 'an integer >= 0 and <= 2^53 - 1 (pass a bigint above)', value)
    return BigInt(value)
  }
  if (typeof value === 'bigint') {
    if (value < 0n || value > MAX_LENGTH) throw errors.outOfRange(name, 'an integer >= 0 and < 2^64', value)
    return value
  }
  throw errors.invalidType(name, 'of type number or bigint', value)
}

/**
 * Parts as they cross into the binding: the digests joined, the lengths as u64 LE.
 * @param {import('./algorithms').AlgorithmInfo} info
 * @param {unknown} parts
 * @param {string} name the argument's name
 */
function partBytes (info, parts, name) {
  if (!Array.isArray(parts)) throw errors.invalidType(name, 'an array of { digest, length }', parts)
  const digests = Buffer.alloc(parts.length * info.digestLength)
  const lengths = Buffer.alloc(parts.length * 8)
  parts.forEach((part, i) => {
    const where = `${name}[${i}]`
    if (part === null || typeof part !== 'object') throw errors.invalidType(where, 'an object { digest, length }', part)
    digestBytes(info, part.digest, `${where}.digest`).copy(digests, i * info.digestLength)
    lengths.writeBigUInt64LE(lengthOf(part.length, `${where}.length`), i * 8)
  })
  return { digests, lengths }
}

/**
 * @param {{ combineCrcs(id: number, digests: Uint8Array, lengths: Uint8Array): Uint8Array }} backend
 * @param {ReturnType<import('./options').createOptions>} options
 */
function createCombine (backend, options) {
  /**
   * The digest of the concatenation of `parts` (`[{ digest, length }]`, in order).
   * @param {unknown} algorithm crc32, crc32c or crc64nvme
   * @param {unknown} parts
   * @param {unknown} [opts] `{ encoding }` or an encoding name
   */
  function combine (algorithm, parts, opts) {
    const info = options.algorithmInfo(algorithm)
    if (!info.combinable) {
      const crcs = options.table.algorithms.filter((a) => a.combinable).map((a) => a.name).join(', ')
      throw errors.notSupported('algorithm', `'${info.name}' has no combine: digests of parts combine only for ${crcs}`)
    }
    const given = typeof opts === 'string' ? { encoding: opts } : opts === undefined ? {} : opts
    if (given === null || typeof given !== 'object') throw errors.invalidType('options', 'of type object or string', opts)
    for (const key of Object.keys(given)) if (!COMBINE_OPTIONS.includes(key)) throw errors.unknownOption('options', key, COMBINE_OPTIONS)
    const encoding = options.encodingOf(info, /** @type {{ encoding?: unknown }} */ (given).encoding, info.digestLength)
    const { digests, lengths } = partBytes(info, parts, 'parts')
    return encode(asBuffer(backend.combineCrcs(info.id, digests, lengths)), encoding)
  }

  return combine
}

module.exports = { createCombine, digestBytes }
