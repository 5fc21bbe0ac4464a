'use strict'
/**
 * One-shot digests for the whole API: on the calling thread (the tiny path for small
 * inputs, else the backend's own one-shot), or off it for anything a trip to the pool is
 * worth (lib/inline.js decides). `hashSync`, `hash()`, `integrity*()` and the tree digest
 * of `hashDirectory` all come through here.
 */
const { toBytes } = require('./input')
const { encode, asBuffer } = require('./encoding')
const { throwIfAborted } = require('./abort')
const { fromCore } = require('./errors')

/**
 * @param {object} backend see lib/native and lib/wasm
 * @param {{ digest(spec: import('./options').Spec, input: Uint8Array | string): any }} tiny lib/tiny.js
 */
function createDigests (backend, tiny) {
  const inlineMaxBytes = backend.inlineMaxBytes

  /**
   * The encoded digest of `input` (a string, or bytes already checked by toBytes), on the
   * calling thread.
   * @param {import('./options').Spec} spec
   * @param {Uint8Array | string} input
   */
  function digestNow (spec, input) {
    const tinyDigest = tiny.digest(spec, input)
    if (tinyDigest !== undefined) return tinyDigest
    const bytes = typeof input === 'string' ? toBytes(input, 'input') : input
    // The backend may answer in a scratch buffer: encode() copies a 'buffer' result.
    try {
      return encode(asBuffer(backend.hashSync(spec, bytes)), spec.encoding, true)
    } catch (error) {
      throw fromCore(error, backend.table.errors)
    }
  }

  /**
   * The encoded digest of `bytes`: inline when small, else off the main thread.
   * @param {import('./options').Spec} spec
   * @param {Uint8Array} bytes
   */
  async function digestAsync (spec, bytes) {
    throwIfAborted(spec.signal)
    if (bytes.length <= inlineMaxBytes[spec.info.name]) return digestNow(spec, bytes)
    try {
      return encode(asBuffer(await backend.hashAsync(spec, bytes, spec.signal)), spec.encoding)
    } catch (error) {
      throw fromCore(error, backend.table.errors)
    }
  }

  return { digestNow, digestAsync }
}

module.exports = { createDigests }
