'use strict'
/**
 * `hashBlob(blob, options)`: the digest of a Blob or File, with `hash()`'s options and
 * `onProgress({ bytesDone, bytesTotal })`. How the bytes are read is the backend's: in
 * browsers the workers read their own slices of the Blob (lib/wasm/blobs.js), in Node and
 * workerd the calling thread reads it a chunk at a time, with no wait but the read itself,
 * and hands the chunks to an off-thread hasher (lib/parts.js). Memory stays bounded
 * whatever the Blob's size.
 */
const errors = require('./errors')
const { isBlob } = require('./input')
const { encode, asBuffer } = require('./encoding')
const { throwIfAborted } = require('./abort')
const { bytesProgress, checkCallback } = require('./progress')
const { hashRead, blobReader } = require('./parts')

const ASYNC = Object.freeze({ async: true, extraOptions: ['onProgress'] })
const ignoreBytes = () => {}

/**
 * `options` without `onProgress`, and `onProgress`.
 * @param {unknown} options
 */
function withoutProgress (options) {
  if (options === null || typeof options !== 'object' || !('onProgress' in options)) return { rest: options, onProgress: undefined }
  const { onProgress, ...rest } = /** @type {Record<string, unknown>} */ (options)
  return { rest, onProgress }
}

/**
 * @param {any} backend a backend: its own `hashBlob(spec, blob, signal, onBytes)` where it
 *   has one (browsers: the workers read the Blob), else the Blob is read here into an
 *   off-thread hasher
 * @param {ReturnType<import('./options').createOptions>} options
 */
function createHashBlob (backend, options) {
  /**
   * The digest of `blob`, off the main thread.
   * @param {unknown} blob a Blob or File
   * @param {unknown} [opts] `hash()`'s options and `onProgress`
   */
  return async function hashBlob (blob, opts) {
    const { rest, onProgress } = withoutProgress(opts)
    let spec = options.spec(rest, ASYNC)
    if (!isBlob(blob)) throw errors.invalidType('blob', 'an instance of Blob or File', blob)
    const { size } = /** @type {Blob} */ (blob)
    // A git blob ID states the length up front: a Blob knows its own.
    if (spec.info.sized && spec.size === undefined) spec = options.spec({ ...(typeof rest === 'string' ? { algorithm: rest } : /** @type {object} */ (rest)), size }, ASYNC)
    checkCallback(onProgress)
    throwIfAborted(spec.signal)
    const progress = onProgress ? bytesProgress(/** @type {any} */ (onProgress), size) : null
    try {
      const onBytes = progress ? progress.add : ignoreBytes
      const digest = await (backend.hashBlob
        ? backend.hashBlob(spec, blob, spec.signal, onBytes)
        : hashRead(backend, spec, size, blobReader(/** @type {Blob} */ (blob)), spec.signal, onBytes))
      if (progress) progress.finish()
      return encode(asBuffer(digest), spec.encoding)
    } catch (error) {
      throw errors.fromCore(error, backend.table.errors)
    } finally {
      if (progress) progress.stop()
    }
  }
}

module.exports = { createHashBlob }
