'use strict'
/**
 * Specs of the common, hot cases, parsed once: options given as nothing or an algorithm
 * name (per sync/async mode), and objects whose only options are `algorithm` and
 * `encoding` (valid in every mode). They are looked up without building a key string:
 * parsing on every call costs more than hashing a small input. A cached spec does not
 * depend on how it was asked for beyond sync/async: the other parse settings only change
 * the wording of errors, and only valid specs are cached.
 */

/**
 * @param {(options: unknown, how: import('./index').ParseHow) => import('./index').Spec} parse
 *   parses and freezes a spec (only called for the cases above)
 */
function createSpecCache (parse) {
  const byAlgorithmName = { sync: new Map(), async: new Map() }
  /** @type {Map<unknown, Map<unknown, import('./index').Spec>>} */
  const byAlgorithmAndEncoding = new Map()
  /** The pair asked for last, and its spec. */
  let last = { algorithm: /** @type {unknown} */ (undefined), encoding: /** @type {unknown} */ (undefined), spec: /** @type {import('./index').Spec | undefined} */ (undefined) }

  /** Whether `options` sets no enumerable option but `algorithm` and `encoding`, both strings or absent. */
  function onlyAlgorithmAndEncoding (options) {
    for (const key in options) {
      if (key !== 'algorithm' && key !== 'encoding') return false
    }
    const { algorithm, encoding } = options
    return (algorithm === undefined || typeof algorithm === 'string') &&
      (encoding === undefined || typeof encoding === 'string') &&
      // Inherited options would be read by parse() too: only plain objects qualify.
      options.outputLength === undefined && options.seed === undefined && options.key === undefined &&
      options.context === undefined && options.signal === undefined
  }

  /**
   * The cached spec for `options`, or undefined when they are not a cached case (or not
   * valid: parse() then throws, and nothing is cached).
   * @param {unknown} options
   * @param {import('./index').ParseHow} how
   */
  function lookup (options, how) {
    if (options === undefined || typeof options === 'string') {
      const cache = how.async ? byAlgorithmName.async : byAlgorithmName.sync
      let found = cache.get(options)
      if (found === undefined) {
        found = parse(options, how)
        cache.set(options, found)
      }
      return found
    }
    if (options === null || typeof options !== 'object' || !onlyAlgorithmAndEncoding(options)) return undefined
    const { algorithm, encoding } = /** @type {{ algorithm?: string, encoding?: string }} */ (options)
    // Most programs ask for one pair over and over: two comparisons instead of two lookups.
    if (algorithm === last.algorithm && encoding === last.encoding && last.spec !== undefined) return last.spec
    let byEncoding = byAlgorithmAndEncoding.get(algorithm)
    if (byEncoding === undefined) {
      byEncoding = new Map()
      byAlgorithmAndEncoding.set(algorithm, byEncoding)
    }
    let found = byEncoding.get(encoding)
    if (found === undefined) {
      found = parse({ algorithm, encoding }, how)
      byEncoding.set(encoding, found)
    }
    last = { algorithm, encoding, spec: found }
    return found
  }

  return { lookup }
}

module.exports = { createSpecCache }
