'use strict'
/**
 * The core's table of facts (hashmill-core `table::json()`, exported by either binding):
 * every algorithm with what it accepts, the limits of the options, and the error codes the
 * core mints. lib/ reads them only from here, so nothing the core decides is restated in
 * JavaScript.
 */

/**
 * @typedef {object} AlgorithmInfo
 * @property {number} id the id the bindings use
 * @property {string} name
 * @property {number} digestLength bytes (BLAKE3's default output length)
 * @property {boolean} xof whether any output length may be asked for
 * @property {boolean} keyModes whether it has keyed and derive-key modes
 * @property {0|32|64} seedBits
 * @property {boolean} parallel whether one input can use several threads through its tree (BLAKE3)
 * @property {boolean} combinable whether digests of consecutive parts combine into the whole's (the CRCs)
 * @property {string|null} cryptoName its name in OpenSSL (node:crypto), if it has one
 * @property {number} speed bytes one thread of this build hashes per microsecond
 * @property {boolean} sized whether the digest covers the input's length (git blob IDs): a
 *   stream needs the `size` option
 *
 * @typedef {object} Table
 * @property {number} maxOutputLength
 * @property {number} keyLength
 * @property {{ changed: string, cancelled: string, pattern: string, spec: string, state: string, sizeMismatch: string }} errors
 * @property {{ minPartSize: number, maxPartSize: number, maxParts: number, algorithms: readonly string[], types: readonly string[] }} s3
 *   S3's upload rules (hashmill-core `s3.rs`)
 * @property {readonly AlgorithmInfo[]} algorithms
 * @property {ReadonlyMap<string, AlgorithmInfo>} byName
 */

/**
 * The table a binding's `tableJson()` returned, parsed and frozen.
 * @param {string} json
 * @returns {Table}
 */
function parseTable (json) {
  const table = JSON.parse(json)
  const algorithms = Object.freeze(table.algorithms.map((info) => Object.freeze(info)))
  return Object.freeze({
    maxOutputLength: table.maxOutputLength,
    keyLength: table.keyLength,
    errors: Object.freeze(table.errors),
    s3: Object.freeze({ ...table.s3, algorithms: Object.freeze(table.s3.algorithms), types: Object.freeze(table.s3.types) }),
    algorithms,
    byName: new Map(algorithms.map((info) => [info.name, info]))
  })
}

module.exports = { parseTable }
