'use strict'
/**
 * The compiled wasm module in Node: compiled once per process from the file next to the
 * glue and shared (the pool posts it to every worker, which does not recompile it). The
 * browser build fetches the same module instead (lib/web/loader.mjs) and workerd
 * imports it precompiled (lib/web/loader-workerd.mjs).
 */
const fs = require('node:fs')
const path = require('node:path')

const WASM_FILE = path.join(__dirname, '..', '..', 'binding-wasm', 'pkg', 'hashmill_wasm_bg.wasm')

/** @type {WebAssembly.Module | null} */
let compiled = null
/** @type {Promise<WebAssembly.Module> | null} */
let compiling = null

/** The compiled module (compiled on first use, synchronously). */
function wasmModule () {
  if (compiled === null) compiled = new WebAssembly.Module(fs.readFileSync(WASM_FILE))
  return compiled
}

/** The compiled module, compiled off the main thread if it is not yet. */
function compileModule () {
  if (compiled !== null) return Promise.resolve(compiled)
  if (compiling === null) {
    compiling = fs.promises.readFile(WASM_FILE).then((bytes) => WebAssembly.compile(bytes))
      .then((module) => { compiled = compiled || module; return compiled })
  }
  return compiling
}

module.exports = { wasmModule, compileModule }
