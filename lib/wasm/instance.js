'use strict'
/**
 * Loading the wasm build: the `WebAssembly.Module` is compiled once per process and
 * shared (the pool posts it to every worker, which does not recompile it); each call to
 * `instantiate` gives a fresh, independent instance with its own memory and glue.
 *
 * Input reaches an instance through its staging area: JavaScript writes (or `fs.readSync`s)
 * a chunk straight into the instance's memory and `updateStaged` hashes it in place.
 */
const fs = require('node:fs')
const path = require('node:path')

const WASM_FILE = path.join(__dirname, '..', '..', 'binding-wasm', 'pkg', 'hashmill_wasm_bg.wasm')

/** Bytes hashmill feeds an instance per call: its memory stays this small whatever the input. */
const CHUNK_BYTES = 1 << 20

let compiled = null

/** The compiled module (compiled on first use, synchronously). */
function wasmModule () {
  if (compiled === null) compiled = new WebAssembly.Module(fs.readFileSync(WASM_FILE))
  return compiled
}

/** A new glue closure: wasm-bindgen's glue holds one instance, so a new one needs a new copy. */
function freshGlue () {
  const id = require.resolve('../../binding-wasm/pkg/hashmill_wasm.js')
  delete require.cache[id]
  return require('../../binding-wasm/pkg/hashmill_wasm.js')
}

/**
 * A fresh instance of `module`.
 * @param {WebAssembly.Module} module
 * @returns {{ glue: any, memory: WebAssembly.Memory }}
 */
function instantiate (module) {
  const glue = freshGlue()
  const exports = glue.initSync({ module })
  return { glue, memory: exports.memory }
}

/** A view of `length` bytes of the instance's staging area (valid until the next call into it). */
function stage (instance, length) {
  const pointer = instance.glue.stagingPointer(length)
  return new Uint8Array(instance.memory.buffer, pointer, length)
}

/** Feeds `bytes` to a WasmHasher through the staging area, calling `beforeChunk` first each time. */
function feed (instance, hasher, bytes, beforeChunk) {
  for (let offset = 0; offset < bytes.byteLength; offset += CHUNK_BYTES) {
    if (beforeChunk) beforeChunk()
    const chunk = bytes.subarray(offset, offset + CHUNK_BYTES)
    stage(instance, chunk.byteLength).set(chunk)
    hasher.updateStaged(chunk.byteLength)
  }
}

/** Whether an error means the instance trapped and must never be used again. */
function isTrap (error) {
  return error instanceof WebAssembly.RuntimeError
}

/** The panic message the instance recorded before trapping, if it can still be read. */
function trapMessage (instance, error) {
  let panic = ''
  try { panic = instance.glue.lastPanicMessage() } catch {}
  return panic ? `${error.message} (${panic})` : error.message
}

module.exports = { wasmModule, instantiate, stage, feed, isTrap, trapMessage, CHUNK_BYTES }
