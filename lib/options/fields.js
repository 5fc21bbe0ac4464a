'use strict'
/**
 * One validator per hashing option: each checks its value against the algorithm's facts
 * from the core's table (lib/algorithms.js) and throws the coded error users see.
 */
const errors = require('../errors')
const { toBytes } = require('../input')
const { ENCODINGS } = require('../encoding')

/** The longest string V8 makes (node:buffer's constants.MAX_STRING_LENGTH on 64-bit V8). */
const MAX_STRING_LENGTH = 2 ** 29 - 24
const DEFAULT_ALGORITHM = 'blake3'

/** @typedef {import('../algorithms').AlgorithmInfo} AlgorithmInfo */
/** @typedef {import('../algorithms').Table} Table */

/** The length of `bytes` bytes as a string in `encoding`. */
function encodedLength (encoding, bytes) {
  return encoding === 'hex' ? bytes * 2 : Math.ceil(bytes / 3) * 4
}

/** The most bytes whose `encoding` string still fits in V8's longest string. */
function maxStringOutput (encoding) {
  return encoding === 'hex' ? Math.floor(MAX_STRING_LENGTH / 2) : Math.floor(MAX_STRING_LENGTH / 4) * 3
}

/**
 * @param {Table} table
 * @param {unknown} value
 * @returns {AlgorithmInfo}
 */
function algorithmOf (table, value, name = 'algorithm') {
  if (value === undefined) return /** @type {AlgorithmInfo} */ (table.byName.get(DEFAULT_ALGORITHM))
  if (typeof value !== 'string') throw errors.invalidType(name, 'of type string', value)
  const info = table.byName.get(value) || table.byName.get(value.toLowerCase())
  if (!info) throw errors.unknownAlgorithm(name, value, [...table.byName.keys()])
  return info
}

/**
 * @param {Table} table
 * @param {AlgorithmInfo} info
 * @param {unknown} seed
 * @returns {bigint|undefined}
 */
function seedOf (table, info, seed) {
  if (seed === undefined) return undefined
  if (info.seedBits === 0) {
    const seeded = table.algorithms.filter((a) => a.seedBits).map((a) => a.name)
    throw errors.notSupported('seed', `is not supported by ${info.name}; only ${seeded.join(', ')} take a seed`)
  }
  const max = (1n << BigInt(info.seedBits)) - 1n
  const range = `an integer >= 0 and <= ${max} (2^${info.seedBits} - 1)`
  let value
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw errors.outOfRange('seed', `${range}; pass a bigint above 2^53`, seed)
    value = BigInt(seed)
  } else if (typeof seed === 'bigint') {
    value = seed
  } else {
    throw errors.invalidType('seed', 'of type number or bigint', seed)
  }
  if (value < 0n || value > max) throw errors.outOfRange('seed', range, seed)
  return value
}

/**
 * The declared input length of a git blob ID (required to stream one).
 * @param {Table} table
 * @param {AlgorithmInfo} info
 * @param {unknown} size
 * @param {boolean} stream whether the call streams (createHasher, hashStream)
 * @returns {bigint|undefined}
 */
function sizeOf (table, info, size, stream) {
  if (size === undefined) {
    if (stream && info.sized) throw errors.sizeRequired(info.name)
    return undefined
  }
  if (!info.sized) {
    const sized = table.algorithms.filter((a) => a.sized).map((a) => a.name)
    throw errors.notSupported('size', `is not supported by ${info.name}; only ${sized.join(', ')} declare the input's length`)
  }
  const range = 'an integer >= 0 and <= 2^64 - 1'
  if (typeof size === 'number') {
    if (!Number.isSafeInteger(size) || size < 0) throw errors.outOfRange('size', range, size)
    return BigInt(size)
  }
  if (typeof size !== 'bigint') throw errors.invalidType('size', 'of type number or bigint', size)
  if (size < 0n || size > 0xffffffffffffffffn) throw errors.outOfRange('size', range, size)
  return size
}

/**
 * @param {Table} table
 * @param {AlgorithmInfo} info
 * @param {unknown} value
 * @returns {number}
 */
function outputLengthOf (table, info, value) {
  if (value === undefined) return info.digestLength
  if (typeof value !== 'number') throw errors.invalidType('outputLength', 'of type number', value)
  if (!info.xof) {
    if (value === info.digestLength) return value
    const xof = table.algorithms.filter((a) => a.xof).map((a) => a.name).join(', ')
    throw errors.notSupported('outputLength', `must be ${info.digestLength} for ${info.name}, which has a fixed-size digest; only ${xof} has extendable output. Received ${value}`)
  }
  if (!Number.isInteger(value) || value < 1 || value > table.maxOutputLength) {
    throw errors.outOfRange('outputLength', `an integer >= 1 and <= ${table.maxOutputLength}`, value)
  }
  return value
}

/**
 * The BLAKE3 mode: `{}`, `{ key }` (a copy) or `{ context }`.
 * @param {Table} table
 * @param {AlgorithmInfo} info
 * @returns {{ key?: Uint8Array, context?: string }}
 */
function keyModeOf (table, info, key, context) {
  if (key === undefined && context === undefined) return {}
  const which = key !== undefined ? 'key' : 'context'
  if (!info.keyModes) {
    const keyed = table.algorithms.filter((a) => a.keyModes).map((a) => a.name).join(', ')
    throw errors.notSupported(which, `is not supported by ${info.name}; only ${keyed} has keyed and derive-key modes`)
  }
  if (key !== undefined && context !== undefined) {
    throw errors.notSupported('key', 'cannot be combined with "context": a BLAKE3 hash is either keyed or derive-key')
  }
  if (context !== undefined) {
    if (typeof context !== 'string') throw errors.invalidType('context', 'of type string', context)
    return { context }
  }
  if (typeof key === 'string') throw errors.invalidType('key', `an instance of Buffer, TypedArray, DataView or ArrayBuffer (${table.keyLength} bytes)`, key)
  const bytes = toBytes(key, 'key')
  if (bytes.byteLength !== table.keyLength) throw errors.invalidKeyLength(table.keyLength, bytes.byteLength)
  return { key: Uint8Array.prototype.slice.call(bytes) }
}

/**
 * @param {AlgorithmInfo} info
 * @param {unknown} encoding
 * @param {number} outputLength
 * @returns {import('../encoding').Encoding}
 */
function encodingOf (info, encoding = 'hex', outputLength, name = 'encoding') {
  if (typeof encoding !== 'string') throw errors.invalidType(name, 'of type string', encoding)
  if (!ENCODINGS.includes(encoding)) {
    throw errors.invalidValue(name, encoding, `must be one of ${ENCODINGS.map((e) => `'${e}'`).join(', ')}`)
  }
  if (encoding !== 'buffer' && encoding !== 'bigint' && encodedLength(encoding, outputLength) > MAX_STRING_LENGTH) {
    throw errors.outOfRange('outputLength', `at most ${maxStringOutput(encoding)} bytes for encoding '${encoding}' (the longest string V8 can make); use encoding 'buffer' for more`, outputLength)
  }
  if (encoding === 'bigint' && outputLength > 8) {
    throw errors.notSupported('encoding', `'bigint' is only available for digests of at most 64 bits; ${info.name} gives ${outputLength * 8} bits here`)
  }
  return /** @type {import('../encoding').Encoding} */ (encoding)
}

/** Whether `value` looks like an AbortSignal (any realm's). */
function isAbortSignal (value) {
  return value !== null && typeof value === 'object' && typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function'
}

/**
 * The `signal` option: an AbortSignal or undefined.
 * @param {unknown} value
 * @returns {AbortSignal | undefined}
 */
function signalOf (value) {
  if (value !== undefined && !isAbortSignal(value)) throw errors.invalidType('signal', 'an instance of AbortSignal', value)
  return /** @type {AbortSignal | undefined} */ (value)
}

/**
 * The options argument of a call whose options are all its own (not hashing options):
 * nothing (undefined or null) is no options; anything else must be an object naming only
 * `valid` options.
 * @param {unknown} options
 * @param {string[]} valid
 * @returns {Record<string, unknown>}
 */
function optionsObject (options, valid) {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object') throw errors.invalidType('options', 'of type object', options)
  for (const key of Object.keys(options)) if (!valid.includes(key)) throw errors.unknownOption('options', key, valid)
  return /** @type {Record<string, unknown>} */ (options)
}

module.exports = { algorithmOf, sizeOf, seedOf, outputLengthOf, keyModeOf, encodingOf, signalOf, optionsObject }
