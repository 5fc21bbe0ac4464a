'use strict'
/**
 * Turns every accepted input into a Uint8Array over exactly its bytes, without copying
 * binary data: strings become UTF-8, views keep their byte range, ArrayBuffers and
 * SharedArrayBuffers are viewed whole. The caller's memory is never detached or changed.
 */
const errors = require('./errors')
const runtime = require('./runtime')

const EXPECTED = 'of type string or an instance of Buffer, TypedArray, DataView, ArrayBuffer or SharedArrayBuffer'
const hasSharedArrayBuffer = typeof SharedArrayBuffer === 'function'
const MAX_VIEW_BYTES = runtime.MAX_VIEW_BYTES
/** UTF-8 takes at most 3 bytes per UTF-16 code unit: the most bytes a string becomes is 3 × its length. */
const UTF8_MAX_PER_UNIT = 3

/** Input too long for one view: hashmill refuses it instead of failing without a code. */
function tooLong (name, length) {
  return errors.outOfRange(name, `at most ${MAX_VIEW_BYTES} bytes in one call (the longest Uint8Array); hash longer data in parts with createHasher() or hashStream()`, length)
}

function isDetached (buffer) {
  if (typeof buffer.detached === 'boolean') return buffer.detached
  if (buffer.byteLength !== 0) return false
  try {
    // Constructing a view of a detached ArrayBuffer throws; of an empty one it does not.
    new Uint8Array(buffer) // eslint-disable-line no-new
    return false
  } catch {
    return true
  }
}

function detached (name) {
  return errors.invalidValue(name, '<detached ArrayBuffer>', 'must not be a detached ArrayBuffer')
}

/**
 * The bytes of `value`, as a Uint8Array that shares memory with it where it can.
 * @param {unknown} value
 * @param {string} name the argument name used in errors
 * @returns {Uint8Array}
 */
function toBytes (value, name) {
  // Most inputs: a Buffer. A detached one has length 0, so only empty ones need the
  // (slower) look at the underlying buffer. (`length` is byteLength for a Uint8Array, and
  // V8 inlines it.) The rest is a function of its own, so that this one stays small enough
  // for V8 to inline into every hot call.
  if (value instanceof Uint8Array && value.length !== 0) return value
  return otherToBytes(value, name)
}

/**
 * `toBytes()` of anything but a non-empty Uint8Array.
 * @param {unknown} value
 * @param {string} name
 * @returns {Uint8Array}
 */
function otherToBytes (value, name) {
  if (typeof value === 'string') return runtime.utf8(value)
  if (value instanceof Uint8Array) {
    if (isDetached(value.buffer)) throw detached(name)
    return value
  }
  if (ArrayBuffer.isView(value)) {
    // Check the buffer first: a DataView's byteLength getter throws once it is detached.
    if (isDetached(value.buffer)) throw detached(name)
    if (value.byteLength > MAX_VIEW_BYTES) throw tooLong(name, value.byteLength)
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  }
  if (value instanceof ArrayBuffer || (hasSharedArrayBuffer && value instanceof SharedArrayBuffer)) {
    if (isDetached(value)) throw detached(name)
    if (value.byteLength > MAX_VIEW_BYTES) throw tooLong(name, value.byteLength)
    return new Uint8Array(value)
  }
  throw errors.invalidType(name, EXPECTED, value)
}

/** Whether the bytes live in a SharedArrayBuffer (workers can then read them in place). */
function isShared (bytes) {
  return hasSharedArrayBuffer && bytes.buffer instanceof SharedArrayBuffer
}

/** Whether `value` is a Blob (or a File) of this realm. */
function isBlob (value) {
  return typeof Blob === 'function' && value instanceof Blob
}

module.exports = { toBytes, isShared, isBlob, UTF8_MAX_PER_UNIT }
