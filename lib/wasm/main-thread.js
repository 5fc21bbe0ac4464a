'use strict'
/**
 * The wasm backend's instance on the calling thread: synchronous calls, the tiny path,
 * hashers made by createHasher(), merging the pieces workers hashed, the manifest. It is
 * made on first use. A trap discards it for good: the next call gets a new instance, and a
 * hasher that lived in the old one fails with ERR_HASHMILL_WORKER_FAILED.
 */
const errors = require('../errors')
const { isTrap, trapMessage } = require('./instance')
const { wire, newHasher, newCoreHasher, restoredHasher } = require('./hashers')
const { createHandles } = require('../hasher')

/**
 * @param {() => import('./instance').Instance} newInstance makes a fresh instance of the
 *   calling thread's module
 */
function createMainThread (newInstance) {
  /** @type {import('./instance').Instance | null} */
  let instance = null
  let generation = 0

  /** The instance, made on first use. */
  function current () {
    if (instance === null) instance = newInstance()
    return instance
  }

  /**
   * After a call into `failed` threw `error`: a trap discards the instance for good.
   * @returns {never}
   */
  function trapped (failed, error) {
    if (!isTrap(error)) throw error
    const message = trapMessage(failed, error)
    if (failed === instance) {
      instance = null
      generation++
    }
    throw errors.workerFailed(`the main-thread wasm instance trapped: ${message}`, error)
  }

  /**
   * Runs `fn` on the instance; `owner` is the generation a hasher was made in.
   * @template T
   * @param {(instance: import('./instance').Instance) => T} fn
   * @returns {T}
   */
  function run (fn, owner = generation) {
    if (owner !== generation) {
      throw errors.workerFailed('this hasher belonged to a wasm instance that trapped and was discarded')
    }
    const now = current()
    try {
      return fn(now)
    } catch (error) {
      return trapped(now, error)
    }
  }

  /**
   * createHasher()'s hashers: a handle is an instance hasher marked with its generation.
   * Each generation has a registry of its own, whose tokens free only in its instance.
   * They are always the core's (not node:crypto's, whose state cannot be saved), so
   * `save()` works for every algorithm.
   * @type {import('../hasher').Handles | null}
   */
  let handles = null
  let handlesGeneration = -1

  function hasherHandles () {
    if (handlesGeneration === generation && handles !== null) return handles
    const owner = handlesGeneration = generation
    handles = createHandles({
      create: (spec) => run((now) => newCoreHasher(now, spec.bytes, owner), owner),
      update: (h, bytes) => run(() => h.update(bytes), owner),
      digest: (h) => run(() => h.digest(), owner),
      copy: (h) => run(() => h.copy(), owner),
      reset: (h) => run(() => h.reset(), owner),
      token: (h) => h.token,
      free: (token) => { if (owner === generation && instance !== null) instance.glue.hasherFree(token) },
      save: (h) => run(() => h.save(), owner),
      restore: (state) => run((now) => restoredHasher(now, state, owner), owner),
      options: (h) => run(() => h.options(), owner)
    }, run((now) => JSON.parse(now.glue.tableJson()).errors, owner))
    return handles
  }

  return {
    run,
    current,
    trapped,
    hasherHandles,

    /** Hashes `bytes` on this thread (a hasher fed through the staging area). */
    hashSync: (spec, bytes) => run((now) => {
      const hasher = newHasher(now, wire(spec))
      hasher.update(bytes)
      return hasher.digest()
    })
  }
}

module.exports = { createMainThread }
