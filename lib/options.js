'use strict'
/**
 * Validation of user options into a spec the backends consume. This is the one place that
 * knows which option suits which algorithm; it reads that from the core's algorithm table
 * (exported by either binding), so a rule written in Rust is never restated here.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { ENCODINGS } = require('./encoding')
const { MAX_STRING_LENGTH } = require('node:buffer').constants

/** The largest XOF output hashmill produces in one call (hashmill-core's MAX_OUTPUT_LEN). */
const MAX_OUTPUT_LENGTH = 2 ** 30
const KEY_LENGTH = 32
const DEFAULT_ALGORITHM = 'blake3'

const SYNC_OPTIONS = ['algorithm', 'encoding', 'key', 'context', 'outputLength', 'seed']
const ASYNC_OPTIONS = [...SYNC_OPTIONS, 'signal']

function isAbortSignal (value) {
  return value !== null && typeof value === 'object' && typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function'
}

/**
 * @typedef {object} AlgorithmInfo
 * @property {number} id
 * @property {string} name
 * @property {number} digestLength
 * @property {boolean} xof
 * @property {boolean} keyModes
 * @property {0|32|64} seedBits
 * @property {boolean} parallel
 *
 * @typedef {object} Spec
 * @property {AlgorithmInfo} info
 * @property {number} outputLength
 * @property {bigint|undefined} seed
 * @property {Uint8Array|undefined} key
 * @property {string|undefined} context
 * @property {string} encoding
 * @property {AbortSignal|undefined} signal
 */

/** The length of `bytes` bytes as a string in `encoding`. */
function encodedLength (encoding, bytes) {
  return encoding === 'hex' ? bytes * 2 : Math.ceil(bytes / 3) * 4
}

/** The most bytes whose `encoding` string still fits in V8's longest string. */
function maxStringOutput (encoding) {
  return encoding === 'hex' ? Math.floor(MAX_STRING_LENGTH / 2) : Math.floor(MAX_STRING_LENGTH / 4) * 3
}

/** Builds the validators for one algorithm table. */
function createOptions (table) {
  const byName = new Map(table.map((info) => [info.name, info]))
  const names = table.map((info) => info.name)

  function algorithmInfo (value, name = 'algorithm') {
    if (value === undefined) return byName.get(DEFAULT_ALGORITHM)
    if (typeof value !== 'string') throw errors.invalidType(name, 'of type string', value)
    const info = byName.get(value) || byName.get(value.toLowerCase())
    if (!info) throw errors.unknownAlgorithm(name, value, names)
    return info
  }

  function seedOf (info, seed) {
    if (seed === undefined) return undefined
    if (info.seedBits === 0) {
      throw errors.notSupported('seed', `is not supported by ${info.name}; only ${names.filter((n) => byName.get(n).seedBits).join(', ')} take a seed`)
    }
    const max = (1n << BigInt(info.seedBits)) - 1n
    const range = `an integer >= 0 and <= ${max} (2^${info.seedBits} - 1)`
    if (typeof seed === 'number') {
      if (!Number.isSafeInteger(seed)) throw errors.outOfRange('seed', `${range}; pass a bigint above 2^53`, seed)
      seed = BigInt(seed)
    } else if (typeof seed !== 'bigint') {
      throw errors.invalidType('seed', 'of type number or bigint', seed)
    }
    if (seed < 0n || seed > max) throw errors.outOfRange('seed', range, seed)
    return seed
  }

  function outputLengthOf (info, value) {
    if (value === undefined) return info.digestLength
    if (typeof value !== 'number') throw errors.invalidType('outputLength', 'of type number', value)
    if (!info.xof) {
      if (value === info.digestLength) return value
      throw errors.notSupported('outputLength', `must be ${info.digestLength} for ${info.name}, which has a fixed-size digest; only blake3 has extendable output. Received ${value}`)
    }
    if (!Number.isInteger(value) || value < 1 || value > MAX_OUTPUT_LENGTH) {
      throw errors.outOfRange('outputLength', `an integer >= 1 and <= ${MAX_OUTPUT_LENGTH}`, value)
    }
    return value
  }

  function keyModeOf (info, key, context) {
    if (key === undefined && context === undefined) return {}
    const which = key !== undefined ? 'key' : 'context'
    if (!info.keyModes) {
      throw errors.notSupported(which, `is not supported by ${info.name}; only blake3 has keyed and derive-key modes`)
    }
    if (key !== undefined && context !== undefined) {
      throw errors.notSupported('key', 'cannot be combined with "context": a BLAKE3 hash is either keyed or derive-key')
    }
    if (context !== undefined) {
      if (typeof context !== 'string') throw errors.invalidType('context', 'of type string', context)
      return { context }
    }
    if (typeof key === 'string') throw errors.invalidType('key', 'an instance of Buffer, TypedArray, DataView or ArrayBuffer (32 bytes)', key)
    const bytes = toBytes(key, 'key')
    if (bytes.byteLength !== KEY_LENGTH) {
      throw errors.invalidKeyLength(KEY_LENGTH, bytes.byteLength)
    }
    return { key: Uint8Array.prototype.slice.call(bytes) }
  }

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
    return encoding
  }

  /**
   * Specs of the common, hot cases, parsed once: options given as nothing or an algorithm
   * name (per mode), and objects that set nothing but `algorithm` and `encoding` (one Map
   * per algorithm, by encoding; such objects are valid in every mode). Looked up without
   * building a key string: parsing every call cost more than a tiny hash (lib/tiny/).
   */
  const byAlgorithmName = { sync: new Map(), async: new Map() }
  const byAlgorithmAndEncoding = new Map()

  /**
   * Validates an options argument.
   * @param {unknown} options `undefined`, an algorithm name, or an options object
   * @param {{ async: boolean, name?: string, extraOptions?: string[], encodingAtDigest?: boolean }} how
   *   extraOptions: options the caller handles itself, listed in the unknown-option message;
   *   encodingAtDigest: a default encoding is only checked when the digest is made
   * @returns {Spec}
   */
  function spec (options, how) {
    if (options === undefined || typeof options === 'string') {
      const cache = how.async ? byAlgorithmName.async : byAlgorithmName.sync
      let found = cache.get(options)
      if (found === undefined) {
        found = Object.freeze(parse(options, how))
        cache.set(options, found)
      }
      return found
    }
    if (options !== null && typeof options === 'object') {
      const found = algorithmAndEncodingSpec(options, how)
      if (found !== undefined) return found
    }
    return parse(options, how)
  }

  /**
   * The cached spec of an options object whose only enumerable properties are `algorithm`
   * and `encoding`, strings or absent, with no other option reachable on it; undefined
   * for any other object, which parse() then handles (and rejects if it must).
   */
  function algorithmAndEncodingSpec (options, how) {
    for (const key in options) {
      if (key !== 'algorithm' && key !== 'encoding') return undefined
    }
    const { algorithm, encoding } = options
    if ((algorithm !== undefined && typeof algorithm !== 'string') || (encoding !== undefined && typeof encoding !== 'string') ||
      options.outputLength !== undefined || options.seed !== undefined || options.key !== undefined ||
      options.context !== undefined || options.signal !== undefined) return undefined
    let byEncoding = byAlgorithmAndEncoding.get(algorithm)
    if (byEncoding === undefined) {
      byEncoding = new Map()
      byAlgorithmAndEncoding.set(algorithm, byEncoding)
    }
    let found = byEncoding.get(encoding)
    if (found === undefined) {
      found = Object.freeze(parse({ algorithm, encoding }, how))
      byEncoding.set(encoding, found)
    }
    return found
  }

  function parse (options, how) {
    const argName = how.name || 'options'
    if (options === undefined || options === null) options = {}
    else if (typeof options === 'string') options = { algorithm: options }
    else if (typeof options !== 'object') throw errors.invalidType(argName, 'of type object or string', options)
    const valid = how.async ? ASYNC_OPTIONS : SYNC_OPTIONS
    for (const key of Object.keys(options)) {
      if (!valid.includes(key)) {
        if (key === 'signal') throw errors.notSupported('signal', 'is only for async calls; synchronous calls cannot be aborted')
        throw errors.unknownOption(argName, key, [...valid, ...(how.extraOptions || [])])
      }
    }
    const info = algorithmInfo(options.algorithm)
    const outputLength = outputLengthOf(info, options.outputLength)
    const { key, context } = keyModeOf(info, options.key, options.context)
    const signal = options.signal
    if (signal !== undefined && !isAbortSignal(signal)) throw errors.invalidType('signal', 'an instance of AbortSignal', signal)
    return {
      info,
      outputLength,
      seed: seedOf(info, options.seed),
      key,
      context,
      // A Hasher may still choose its encoding in digest(), which checks it then.
      encoding: options.encoding === undefined && how.encodingAtDigest ? 'hex' : encodingOf(info, options.encoding, outputLength),
      signal
    }
  }

  return { spec, algorithmInfo, encodingOf, names }
}

module.exports = { createOptions }
