'use strict'
/**
 * Instances of the wasm build, in any runtime: each call to `instantiate` gives a fresh,
 * independent instance of a compiled module (lib/wasm/module.js in Node) with its own
 * memory and glue.
 *
 * Input reaches an instance through its staging area (binding-wasm `staging.rs`):
 * JavaScript writes a chunk straight into the instance's memory and the instance hashes it
 * in place. The area never moves; its views are remade only when memory grows.
 */
const createGlue = require('./glue')

/**
 * @typedef {object} Instance
 * @property {any} glue the wasm-bindgen glue bound to this instance
 * @property {any} exports the module's raw exports (for calls that take and give only numbers)
 * @property {WebAssembly.Memory} memory
 * @property {number} capacity the staging area's size in bytes
 * @property {number} staging the staging area's address (it never moves)
 */

/**
 * A fresh instance of `module`, through the glue wasm-bindgen made for it: by default
 * lib/wasm/glue.js's (Node's workers' module; the web build's one module), or `glueFor`.
 * @param {WebAssembly.Module} module
 * @param {() => any} [glueFor] the glue factory of another build
 * @returns {Instance}
 */
function instantiate (module, glueFor = createGlue) {
  const glue = glueFor()
  const exports = glue.initSync({ module })
  // Allocates the area (growing memory), so take it before any view of memory is made.
  const staging = glue.stagingPointer()
  return { glue, exports, memory: exports.memory, capacity: glue.stagingCapacity(), staging }
}

/** A view of the first `length` bytes of the staging area (valid until memory grows). */
function stage (instance, length) {
  return new Uint8Array(instance.memory.buffer, instance.staging, length)
}

/**
 * Feeds `bytes` through the staging area, a staging area's worth at a time:
 * `consume(length)` hashes what was staged; `beforeChunk` runs first each time.
 * @param {Instance} instance
 * @param {Uint8Array} bytes
 * @param {(length: number) => void} consume
 * @param {() => void} [beforeChunk]
 */
function feed (instance, bytes, consume, beforeChunk) {
  const chunk = instance.capacity
  for (let offset = 0; offset < bytes.byteLength; offset += chunk) {
    if (beforeChunk) beforeChunk()
    const part = bytes.subarray(offset, offset + chunk)
    stage(instance, part.byteLength).set(part)
    consume(part.byteLength)
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

module.exports = { instantiate, stage, feed, isTrap, trapMessage }
