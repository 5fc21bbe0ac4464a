'use strict'
/**
 * wasm-bindgen's glue as a factory: each call evaluates a fresh copy, which holds one
 * instance (scripts/build.js wraps the no-modules glue so). The browser and workerd build
 * bundles the glue of the slim module (binding-wasm without its `node` feature) in this
 * module's place.
 */
const path = require('node:path')

/** Build output, loaded by path (the type check does not read generated code). */
const GLUE_FILE = path.join(__dirname, '..', '..', 'binding-wasm', 'pkg', 'hashmill_wasm.js')

/** @type {() => any} */
const createGlue = require(GLUE_FILE)

module.exports = createGlue
