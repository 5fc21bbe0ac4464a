'use strict'
/**
 * The wasm instance the native backend hashes tiny inputs with on the calling thread
 * (lib/tiny.js): a call into it costs far less than a Node-API call. The module (the calling
 * thread's, lib/wasm/module.js) is compiled off the main thread when the first small digest
 * is asked for; until then (and after a trap, until a new instance is ready) those digests
 * go to the addon instead, with the same results. A synchronous loop never lets that
 * compile finish, so after SYNC_AFTER_CALLS calls without an instance it is compiled on the
 * calling thread (a few milliseconds, once), which the loop then more than wins back.
 */
const { mainModule, compileMainModule, createMainGlue } = require('../wasm/module')
const { instantiate, isTrap } = require('../wasm/instance')

const SYNC_AFTER_CALLS = 1000

function createTinyInstance () {
  /** @type {import('../wasm/instance').Instance | null} */
  let current = null
  /** @type {Promise<void> | null} */
  let starting = null
  let callsWithout = 0

  /** Starts compiling and instantiating, once; resolves when the instance is ready. */
  function ready () {
    if (current !== null) return Promise.resolve()
    if (starting === null) {
      starting = compileMainModule().then((module) => { current = current || instantiate(module, createMainGlue) }, (error) => {
        starting = null
        throw error
      })
      // Callers that do not wait (instance()) must not see it reject unhandled.
      starting.catch(() => {})
    }
    return starting
  }

  /** The instance, or null while it is not ready. */
  function instance () {
    if (current !== null) return current
    if (++callsWithout < SYNC_AFTER_CALLS) {
      ready()
      return null
    }
    current = instantiate(mainModule(), createMainGlue)
    return current
  }

  /** A trapped instance is never used again; the addon answers until a new one is ready. */
  function trapped (instance, error) {
    if (!isTrap(error)) throw error
    if (current === instance) {
      current = null
      starting = null
      callsWithout = 0
    }
    return undefined
  }

  return { instance, trapped, ready }
}

module.exports = { createTinyInstance }
