'use strict'
/**
 * Functions whose modules load on their first call, so that loading hashmill (and the CLI's
 * start) does not pay for the parts a run never uses.
 */

/**
 * `build()` once, when first needed; its result after that.
 * @template T
 * @param {() => T} build
 * @returns {() => T}
 */
function once (build) {
  /** @type {{ value: T } | null} */
  let built = null
  return () => (built || (built = { value: build() })).value
}

/**
 * A function that builds the real one on its first call, then forwards every call to it.
 * @template {(...args: any[]) => any} F
 * @param {() => F} build
 * @returns {F}
 */
function onFirstCall (build) {
  const real = once(build)
  /** @type {any} */
  const forward = (...args) => real()(...args)
  return forward
}

module.exports = { once, onFirstCall }
