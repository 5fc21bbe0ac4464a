'use strict'
/**
 * The tiny-input path of `hashSync` and of `hash()`'s inline work, for both backends: a
 * wasm instance on the calling thread, called through its staging area. The input is
 * written straight into the instance's memory (a string is encoded there, with no Buffer in
 * between), one call with two numbers hashes it, and the digest is encoded from the output
 * area: no allocation and no copy in any glue. That costs tens of nanoseconds, where a
 * Node-API call costs 150-300 ns before any hashing, so every small digest comes from the
 * one Rust core on either backend.
 *
 * Views are measured with `length`, not `byteLength`: for a Uint8Array they are equal, and
 * V8 inlines the first but calls a builtin for the second (~10 ns, most of a tiny call).
 *
 * SHA-2, SHA-1 and MD5 asked for in a string encoding go to `crypto.hash` (OpenSSL) up to
 * a size per algorithm instead, where its one-shot call is faster still.
 */
const { encode } = require('./encoding')
const { UTF8_MAX_PER_UNIT } = require('./input')

/** Digests the output area holds (binding-wasm `staging.rs`; every default length fits). */
const OUTPUT_BYTES = 64
/** Specs registered with the instance at once (binding-wasm `staging.rs` SPEC_SLOTS). */
const SPEC_SLOTS = 16
/** Specs longer than this (a long derive-key context) are not worth registering. */
const SPEC_MAX_BYTES = 4096
/** Digests up to this long are hex-encoded here, a 32-bit word at a time. */
const WORDS_HEX_MAX_BYTES = 16

/**
 * The largest input `crypto.hash` takes for an algorithm, from where the backends'
 * own one-shot (plus hex) became as fast on the bench machine (ns per call, OpenSSL/native):
 * sha256 32 B 1719/2122, 8 KiB 15435/13910; md5 32 B 1223/1436; sha512 and sha384 are
 * faster in OpenSSL per byte too (1 MiB: 2.6/3.4, 3.7/5.1 ms). So SHA-256 and SHA-1
 * (SHA-NI on both sides) and MD5 (the core's scheduled MD5 is as fast as OpenSSL's assembly)
 * go there up to 8 KiB, the others up to 64 KiB, past which a call's fixed cost is below
 * 1% either way.
 */
const CRYPTO_MAX_BYTES = { sha256: 8 << 10, sha1: 8 << 10, md5: 8 << 10 }
const CRYPTO_DEFAULT_MAX_BYTES = 64 << 10

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

/** A 32-bit word as 8 hex digits, in one string allocation. */
function hexWord (w) {
  const d = HEX_DIGITS
  return String.fromCharCode(d[w >>> 28], d[(w >>> 24) & 15], d[(w >>> 20) & 15], d[(w >>> 16) & 15],
    d[(w >>> 12) & 15], d[(w >>> 8) & 15], d[(w >>> 4) & 15], d[w & 15])
}

/**
 * @typedef {object} TinyInstance a wasm instance: wasm-bindgen glue, raw exports and memory
 * @property {any} glue
 * @property {any} exports
 * @property {WebAssembly.Memory} memory
 *
 * @typedef {object} TinyPlatform what the runtime offers
 * @property {(bytes: Uint8Array) => Buffer} view the bytes as `encode` takes them (a Buffer in Node)
 * @property {(target: Uint8Array, text: string) => number} writeUtf8 encodes `text` into
 *   `target`, returning the bytes written (as `Buffer.from(text)` encodes it)
 * @property {import('./openssl').OpenSsl | null} openssl node:crypto, where there is one
 *
 * @typedef {object} TinyBackend what the backend offers
 * @property {() => TinyInstance | null} instance the calling thread's instance, or null
 *   while none is ready
 * @property {(instance: TinyInstance, error: unknown) => undefined} trapped called when a
 *   call into `instance` threw: discards it if it trapped (and may throw)
 * @property {(info: import('./algorithms').AlgorithmInfo, instance: TinyInstance) => number} maxBytes
 *   the largest input to hash here, per algorithm
 */

/**
 * @param {TinyBackend & { platform: TinyPlatform }} how
 */
function createTinyPath ({ instance: currentInstance, trapped, maxBytes, platform }) {
  const { view, writeUtf8, openssl } = platform
  /** The instance the views below look into, its limits, and which spec each slot holds. */
  let current = null
  /** @type {(number|undefined)[]} */
  let limits = []
  let slots = []
  let nextSlot = 0
  let staging = view(new Uint8Array(0))
  let output = staging
  let words = new DataView(new ArrayBuffer(0))

  /** Remakes the views: for a new instance, or when memory grew (which empties old views). */
  function refresh (instance) {
    if (instance !== current) {
      current = instance
      limits = []
      slots = []
    }
    // Asking for the areas may allocate them (and grow memory): ask before taking the buffer.
    const { glue } = instance
    const stagingPointer = glue.stagingPointer()
    const outputPointer = glue.outputPointer()
    const memory = instance.memory.buffer
    staging = view(new Uint8Array(memory, stagingPointer, glue.stagingCapacity()))
    output = view(new Uint8Array(memory, outputPointer, OUTPUT_BYTES))
    words = new DataView(memory, outputPointer, OUTPUT_BYTES)
  }

  /** The largest input for `info` on the current instance, computed once per algorithm. */
  function limitOf (info) {
    const limit = limits[info.id] = Math.min(maxBytes(info, current), current.glue.stagingCapacity())
    // Asking the backend may have called into the instance and grown its memory.
    if (output.length === 0) refresh(current)
    return limit
  }

  /** Registers `spec` in the next slot (through the staging area); returns the slot. */
  function register (spec) {
    const slot = nextSlot
    nextSlot = (nextSlot + 1) % SPEC_SLOTS
    staging.set(spec.bytes)
    current.glue.registerSpec(slot, spec.bytes.length)
    if (output.length === 0) refresh(current)
    slots[slot] = spec
    return slot
  }

  /** The `length`-byte digest in the output area, in `encoding`. */
  function encodeOutput (length, encoding) {
    if (encoding === 'hex' && length <= WORDS_HEX_MAX_BYTES && length % 4 === 0) {
      let hex = hexWord(words.getUint32(0))
      for (let at = 4; at < length; at += 4) hex += hexWord(words.getUint32(at))
      return hex
    }
    if (encoding === 'bigint' && length === 8) return words.getBigUint64(0)
    if (encoding === 'bigint' && length === 4) return BigInt(words.getUint32(0))
    return encode(output.subarray(0, length), encoding, true)
  }

  /**
   * Per algorithm id: the OpenSSL name to hash small inputs with (null where OpenSSL does not
   * have it), and the largest input that goes there; both resolved on first use.
   * @type {(string | null)[]}
   */
  const cryptoNames = []
  /** @type {number[]} */
  const cryptoMaxBytes = []
  /** @type {((name: string, data: Uint8Array | string, encoding: string) => string) | null} */
  let cryptoHash = null

  /** Resolves `info`'s OpenSSL route; returns its name. */
  function resolveCrypto (info) {
    const name = openssl === null ? null : openssl.nameOf(info)
    cryptoMaxBytes[info.id] = name === null ? -1 : (CRYPTO_MAX_BYTES[name] || CRYPTO_DEFAULT_MAX_BYTES)
    if (name !== null && cryptoHash === null) cryptoHash = /** @type {import('./openssl').OpenSsl} */ (openssl).oneShot()
    return (cryptoNames[info.id] = name)
  }

  /**
   * The encoded digest of `input` (bytes or a string), or undefined when it is not tiny
   * for `spec` (or no instance is ready): then the backend hashes it. Kept short, with the
   * staging work in a function of its own, so that V8 inlines the whole hot call into
   * `hashSync` within its inlining budget.
   * @param {import('./options').Spec} spec
   * @param {Uint8Array | string} input
   */
  function digest (spec, input) {
    const info = spec.info
    const encoding = spec.encoding
    const length = typeof input === 'string' ? input.length * UTF8_MAX_PER_UNIT : input.length
    let name = cryptoNames[info.id]
    if (name === undefined) name = resolveCrypto(info)
    if (length <= cryptoMaxBytes[info.id] && encoding !== 'buffer' && encoding !== 'bigint') {
      return /** @type {Function} */ (cryptoHash)(name, input, encoding)
    }
    return digestStaged(spec, input, length)
  }

  /**
   * `digest()` through the wasm instance's staging area.
   * @param {import('./options').Spec} spec
   * @param {Uint8Array | string} input
   * @param {number} length the most bytes `input` takes
   */
  function digestStaged (spec, input, length) {
    // A declared size is checked by the backend, which words a mismatch as an error.
    if (spec.outputLength > OUTPUT_BYTES || spec.bytes.length > SPEC_MAX_BYTES || spec.size !== undefined) return undefined
    const instance = currentInstance()
    if (instance === null) return undefined
    try {
      if (instance !== current || output.length === 0) refresh(instance)
      const limit = limits[spec.info.id]
      if (length > (limit === undefined ? limitOf(spec.info) : limit)) return undefined
      let slot = slots.indexOf(spec)
      if (slot === -1) slot = register(spec)
      const written = typeof input === 'string' ? writeUtf8(staging, input) : (staging.set(input), length)
      const n = instance.exports.hashStaged(slot, written) >>> 0
      if (output.length === 0) refresh(instance)
      return encodeOutput(n, spec.encoding)
    } catch (error) {
      current = null
      return trapped(instance, error)
    }
  }

  return { digest }
}

module.exports = { createTinyPath, OUTPUT_BYTES }
