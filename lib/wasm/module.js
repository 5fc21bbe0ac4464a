'use strict'
/**
 * The compiled wasm modules in Node, each compiled once per process from the files next to
 * their glue: the whole module the pool's workers run (the pool posts it to every worker,
 * which does not recompile it), and the calling thread's, built without the walker and the
 * build tools (binding-wasm's `files` feature), which compiles in about half the time. The
 * browser build fetches its own module instead (lib/web/loader.mjs) and workerd imports it
 * precompiled (lib/web/loader-workerd.mjs).
 */
const fs = require('node:fs')
const path = require('node:path')

const PKG = path.join(__dirname, '..', '..', 'binding-wasm', 'pkg')

/**
 * A module file compiled on first use: synchronously by `get()`, or off the main thread by
 * `compile()` if it is not compiled yet.
 * @param {string} file
 */
function compiledOnce (file) {
  /** @type {WebAssembly.Module | null} */
  let compiled = null
  /** @type {Promise<WebAssembly.Module> | null} */
  let compiling = null
  return {
    get () {
      if (compiled === null) compiled = new WebAssembly.Module(fs.readFileSync(file))
      return compiled
    },
    /** @returns {Promise<WebAssembly.Module>} */
    compile () {
      if (compiled !== null) return Promise.resolve(compiled)
      if (compiling === null) {
        compiling = fs.promises.readFile(file).then((bytes) => WebAssembly.compile(bytes))
          .then((module) => { compiled = compiled || module; return compiled })
      }
      return compiling
    }
  }
}

const workers = compiledOnce(path.join(PKG, 'hashmill_wasm_bg.wasm'))
const callingThread = compiledOnce(path.join(PKG, 'main', 'hashmill_wasm_bg.wasm'))

/** The glue of the calling thread's module (lib/wasm/glue.js is the workers'). */
const createMainGlue = /** @type {() => any} */ (require(path.join(PKG, 'main', 'hashmill_wasm.js')))

module.exports = {
  /** The workers' module (compiled on first use, synchronously). */
  wasmModule: workers.get,
  /** The calling thread's module, compiled on first use, synchronously. */
  mainModule: callingThread.get,
  /** The calling thread's module, compiled off the main thread if it is not yet. */
  compileMainModule: callingThread.compile,
  createMainGlue
}
