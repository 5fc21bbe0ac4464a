'use strict'
/**
 * `restoreHasher(state)`: a Hasher continuing a state `hasher.save()` wrote. The core reads
 * and checks the bytes (hashmill-core `state.rs`: versioned, naming its spec, with its own
 * check) and says which options made the hasher, so the restored Hasher reports the same
 * algorithm and output length and digests with the same defaults.
 */
const errors = require('./errors')
const { toBytes } = require('./input')
const { hasherOf } = require('./hasher')

/** How a restored hasher's options are parsed (like createHasher's). */
const HASHER = Object.freeze({ async: false, name: 'state', encodingAtDigest: true })

/**
 * The options a spec's JSON (hashmill-core `Spec::options_json`) stands for.
 * @param {string} json
 */
function optionsOf (json) {
  const described = JSON.parse(json)
  const options = { algorithm: described.algorithm, outputLength: described.outputLength }
  if (described.seed !== null) options.seed = BigInt(described.seed)
  if (described.key !== null) options.key = Buffer.from(described.key, 'hex')
  if (described.context !== null) options.context = described.context
  return options
}

/**
 * @param {() => import('./hasher').Handles} currentHandles the backend's handles
 * @param {ReturnType<import('./options').createOptions>} options
 * @param {import('./algorithms').Table} table
 */
function createRestore (currentHandles, options, table) {
  /**
   * A Hasher that continues exactly where the saved one stopped.
   * @param {unknown} state what `hasher.save()` returned
   */
  function restoreHasher (state) {
    if (typeof state === 'string') throw errors.invalidType('state', 'an instance of Uint8Array (what hasher.save() returned)', state)
    const bytes = toBytes(state, 'state')
    const handles = currentHandles()
    let handle
    try {
      handle = handles.ops.restore(bytes)
    } catch (error) {
      const failure = errors.coreFailure(error)
      if (failure && failure.code === table.errors.state) throw errors.invalidState(failure.message)
      throw error
    }
    try {
      const spec = options.spec(optionsOf(handles.ops.options(handle)), HASHER)
      return hasherOf(handles, handle, spec, options.encodingOf)
    } catch (error) {
      const token = handles.ops.token(handle)
      if (token !== undefined) handles.ops.free(token)
      throw error
    }
  }

  return restoreHasher
}

module.exports = { createRestore }
