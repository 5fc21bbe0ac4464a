'use strict'
/**
 * Options objects into the spec every call uses. This is the one place that decides which
 * option suits which algorithm (lib/options/fields.js, against the core's table), and the
 * spec it returns carries the binding's encoding of itself (`bytes`), made once, so a call
 * hands the backend one value instead of loose arguments. Common specs are parsed once
 * (lib/options/cache.js).
 */
const errors = require('../errors')
const fields = require('./fields')
const { createSpecCache } = require('./cache')

const SYNC_OPTIONS = ['algorithm', 'encoding', 'key', 'context', 'outputLength', 'seed', 'size']
const ASYNC_OPTIONS = [...SYNC_OPTIONS, 'signal']

/**
 * @typedef {object} Spec
 * @property {import('../algorithms').AlgorithmInfo} info
 * @property {number} outputLength
 * @property {bigint|undefined} seed
 * @property {Uint8Array|undefined} key
 * @property {string|undefined} context
 * @property {bigint|undefined} size the input's length, declared up front (git blob IDs)
 * @property {import('../encoding').Encoding} encoding
 * @property {AbortSignal|undefined} signal
 * @property {Uint8Array} bytes the binding's encoding of the spec (hashmill-core `Spec::to_bytes`)
 *
 * @typedef {object} ParseHow
 * @property {boolean} async whether the call is async (may take `signal`)
 * @property {string} [name] the argument's name in errors
 * @property {string[]} [extraOptions] options the caller handles itself, listed in the unknown-option message
 * @property {boolean} [encodingAtDigest] a default encoding is only checked when the digest is made
 * @property {boolean} [stream] the call streams, so a git blob ID needs its `size` up front
 */

/**
 * The validators for one table.
 * @param {import('../algorithms').Table} table
 * @param {(info: object, outputLength: number, seed?: bigint, key?: Uint8Array, context?: string, size?: bigint) => Uint8Array} encodeSpec
 */
function createOptions (table, encodeSpec) {
  /**
   * @param {unknown} options
   * @param {ParseHow} how
   * @returns {Spec}
   */
  function parse (options, how) {
    const argName = how.name || 'options'
    if (options === undefined || options === null) options = {}
    else if (typeof options === 'string') options = { algorithm: options }
    else if (typeof options !== 'object') throw errors.invalidType(argName, 'of type object or string', options)
    const given = /** @type {Record<string, any>} */ (options)
    const valid = how.async ? ASYNC_OPTIONS : SYNC_OPTIONS
    for (const key of Object.keys(given)) {
      if (valid.includes(key)) continue
      if (key === 'signal') throw errors.notSupported('signal', 'is only for async calls; synchronous calls cannot be aborted')
      throw errors.unknownOption(argName, key, [...valid, ...(how.extraOptions || [])])
    }
    const info = fields.algorithmOf(table, given.algorithm)
    const outputLength = fields.outputLengthOf(table, info, given.outputLength)
    const { key, context } = fields.keyModeOf(table, info, given.key, given.context)
    const seed = fields.seedOf(table, info, given.seed)
    const size = fields.sizeOf(table, info, given.size, how.stream === true)
    const signal = fields.signalOf(given.signal)
    // A Hasher may still choose its encoding in digest(), which checks it then.
    const encoding = given.encoding === undefined && how.encodingAtDigest ? 'hex' : fields.encodingOf(info, given.encoding, outputLength)
    const bytes = encodeSpec(info, outputLength, seed, key, context, size)
    return { info, outputLength, seed, key, context, size, encoding, signal, bytes }
  }

  const cache = createSpecCache((options, how) => Object.freeze(parse(options, how)))

  /**
   * Validates an options argument: `undefined`, an algorithm name, or an options object.
   * @param {unknown} options
   * @param {ParseHow} how
   * @returns {Spec}
   */
  function spec (options, how) {
    const cached = cache.lookup(options, how)
    if (cached === undefined) return parse(options, how)
    // A cached spec of a git blob ID has no size: a stream refuses it.
    if (how.stream && cached.info.sized) throw errors.sizeRequired(cached.info.name)
    return cached
  }

  /** @type {(info: import('../algorithms').AlgorithmInfo, encoding: unknown, outputLength: number) => import('../encoding').Encoding} */
  const encodingOf = (info, encoding, outputLength) => fields.encodingOf(info, encoding, outputLength)
  const algorithmInfo = (/** @type {unknown} */ value, name = 'algorithm') => fields.algorithmOf(table, value, name)

  return { spec, algorithmInfo, encodingOf, table, names: table.algorithms.map((info) => info.name) }
}

module.exports = { createOptions }
