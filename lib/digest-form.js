'use strict'
/**
 * How a `hashMany` batch's digests are written into its output (lib/many.js), the same on
 * both backends: as their bytes, or as hex text when the caller asked for hex. The backend
 * writes the hex itself as it hashes (hashmill-core `Written::Hex`), because V8's own hex
 * encoding of the bytes afterwards costs more than SHA-256 of a small input.
 */
const runtime = require('./runtime')

/**
 * @typedef {object} Form
 * @property {boolean} hex each digest as hex text (ASCII) instead of its bytes
 * @property {number} width the bytes one digest takes in the output
 */

/**
 * The form a call's digests take in its output.
 * @param {{ encoding: string, outputLength: number }} spec
 * @returns {Form}
 */
function formOf (spec) {
  const hex = spec.encoding === 'hex'
  return { hex, width: hex ? 2 * spec.outputLength : spec.outputLength }
}

/**
 * Writes one digest hashed by itself (not in a batch) into its slot, in `form`.
 * @param {Uint8Array} slot `form.width` bytes
 * @param {Uint8Array} digest
 * @param {Form} form
 */
function putDigest (slot, digest, form) {
  if (form.hex) runtime.writeUtf8(slot, runtime.text(digest, 'hex'))
  else slot.set(digest)
}

module.exports = { formOf, putDigest }
