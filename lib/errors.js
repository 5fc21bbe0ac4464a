'use strict'
/**
 * Every error hashmill throws is built here, so all messages read alike and every one
 * carries a `code`. Argument errors follow Node's own codes and wording
 * (`ERR_INVALID_ARG_TYPE`, `ERR_OUT_OF_RANGE`, ...); hashmill's own start with
 * `ERR_HASHMILL_`.
 */
const { inspect } = require('./runtime')

/** A short description of a received value, as Node's own messages give it. */
function describe (value) {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'function') return `function ${value.name || '<anonymous>'}`
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name
    return name ? `an instance of ${name}` : inspect(value, { depth: 0 })
  }
  const shown = inspect(value, { maxStringLength: 28 })
  return `type ${typeof value} (${shown})`
}

function withCode (error, code, extra) {
  error.code = code
  if (extra) Object.assign(error, extra)
  return error
}

/** `name` (an argument, or a property of one) has the wrong type. */
function invalidType (name, expected, value, kind = 'argument') {
  return withCode(new TypeError(
    `The "${name}" ${kind} must be ${expected}. Received ${describe(value)}`
  ), 'ERR_INVALID_ARG_TYPE')
}

/** `name` has the right type but a value that can never work. */
function invalidValue (name, value, reason) {
  return withCode(new TypeError(
    `The "${name}" argument ${reason}. Received ${inspect(value, { maxStringLength: 40, depth: 0 })}`
  ), 'ERR_INVALID_ARG_VALUE')
}

/** The `ignore` option's pattern the core could not parse (its message says which and why). */
function invalidPattern (ignore, message) {
  return invalidValue('ignore', ignore, `holds a pattern that is not valid gitignore syntax (${message})`)
}

/** A number or length outside its range. */
function outOfRange (name, range, value) {
  return withCode(new RangeError(
    `The value of "${name}" is out of range. It must be ${range}. Received ${inspect(value)}`
  ), 'ERR_OUT_OF_RANGE')
}

/** An algorithm name that does not exist; the message lists the ones that do. */
function unknownAlgorithm (name, value, valid) {
  return withCode(new TypeError(
    `The "${name}" argument must be one of ${valid.map((v) => `'${v}'`).join(', ')}. ` +
    `Received ${inspect(value, { maxStringLength: 40 })}`
  ), 'ERR_HASHMILL_UNKNOWN_ALGORITHM')
}

/** An option that exists, but not for this algorithm or call. */
function notSupported (option, why) {
  return withCode(new TypeError(`The "${option}" option ${why}`), 'ERR_HASHMILL_OPTION_NOT_SUPPORTED')
}

/** An option key hashmill does not know (most often a typo). */
function unknownOption (name, key, valid) {
  return withCode(new TypeError(
    `Unknown option "${key}" in "${name}". Valid options are: ${valid.join(', ')}`
  ), 'ERR_HASHMILL_UNKNOWN_OPTION')
}

/** A key of the wrong length. */
function invalidKeyLength (expected, received) {
  return withCode(new RangeError(
    `The "key" option must be exactly ${expected} bytes for keyed BLAKE3. Received ${received} bytes`
  ), 'ERR_HASHMILL_INVALID_KEY_LENGTH')
}

/** A Hasher used after `digest()`. */
function finalized (method) {
  return withCode(new Error(
    `Hasher.${method}() called after digest(); use copy() before digest() to keep going, or reset()`
  ), 'ERR_HASHMILL_HASHER_FINALIZED')
}

/** The operation was aborted through its AbortSignal. */
function aborted (signal) {
  const error = withCode(new Error('The operation was aborted'), 'ABORT_ERR')
  error.name = 'AbortError'
  if (signal && signal.reason !== undefined) error.cause = signal.reason
  return error
}

/** A worker of the wasm pool died or trapped while it ran this task. */
function workerFailed (reason, cause) {
  return withCode(new Error(`A hashmill wasm worker failed: ${reason}`), 'ERR_HASHMILL_WORKER_FAILED',
    cause === undefined ? undefined : { cause })
}

/** A sync call (or createHasher) before `ready()` resolved, where the module compiles asynchronously (browsers). */
function notReady () {
  return withCode(new Error('hashmill is not ready: await ready() once before the synchronous calls (hashSync, integritySync, createHasher); ' +
    'the WebAssembly module compiles asynchronously here'), 'ERR_HASHMILL_NOT_READY')
}

/** A Blob whose bytes could not be read (a File changed or removed since it was picked). */
function blobUnreadable (cause) {
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
  return withCode(new Error(`The Blob could not be read (${reason}); a File changed or removed since it was picked cannot be read`),
    'ERR_HASHMILL_BLOB_UNREADABLE', { cause })
}

/** Bytes that are not a hasher state this hashmill can continue (`reason`: the core's). */
function invalidState (reason) {
  return withCode(new TypeError(`The "state" argument is not a hasher state hashmill can continue: ${reason}`),
    'ERR_HASHMILL_INVALID_STATE')
}

/** A git blob ID streamed without its length first (`size`). */
function sizeRequired (algorithm) {
  return withCode(new TypeError(
    `The "size" option is required to stream ${algorithm}: a git object ID covers a header holding the length, ` +
    'so it must be known before the first byte (hash(), hashFile() and hashFiles() know it)'
  ), 'ERR_HASHMILL_SIZE_REQUIRED')
}

/** A git blob ID given another number of bytes than its declared `size` (`reason`: the core's). */
function sizeMismatch (reason) {
  return withCode(new RangeError(`The input does not have the length the "size" option declared: ${reason}`),
    'ERR_HASHMILL_SIZE_MISMATCH')
}

/**
 * `error` as users see it: a core failure lib/ words itself (a size mismatch), else unchanged.
 * @param {unknown} error
 * @param {{ sizeMismatch: string }} codes the core's table `errors`
 */
function fromCore (error, codes) {
  const failure = coreFailure(error)
  if (failure && failure.code === codes.sizeMismatch) return sizeMismatch(failure.message)
  return error
}

/** A part size S3 refuses (`limits`: the core's table `s3`). */
function s3PartSize (value, limits) {
  return withCode(new RangeError(
    `The "partSize" option is out of range. S3 takes parts of ${limits.minPartSize} (5 MiB) to ${limits.maxPartSize} (5 GiB) bytes; ` +
    `only the last part may be smaller. Received ${inspect(value)}`
  ), 'ERR_HASHMILL_S3_PART_SIZE')
}

/** More parts than S3 allows in one upload. */
function s3TooManyParts (parts, partSize, limits) {
  return withCode(new RangeError(
    `An upload in parts of ${partSize} bytes would have ${parts} parts; S3 takes at most ${limits.maxParts}. Use a larger "partSize"`
  ), 'ERR_HASHMILL_S3_TOO_MANY_PARTS')
}

/** An algorithm S3 has no checksum for. */
function s3Algorithm (value, limits) {
  return withCode(new TypeError(
    `The "algorithm" option must be one of ${limits.algorithms.map((a) => `'${a}'`).join(', ')} (the checksums S3 offers). ` +
    `Received ${inspect(value, { maxStringLength: 40 })}`
  ), 'ERR_HASHMILL_S3_ALGORITHM')
}

/** A checksum type S3 does not offer for this algorithm and kind of upload. */
function s3ChecksumType (type, algorithm, multipart) {
  const why = !multipart
    ? 'a single-part upload has only a FULL_OBJECT checksum (give "partSize" for a multipart upload)'
    : type === 'COMPOSITE'
      ? `S3 offers only FULL_OBJECT checksums of ${algorithm} for multipart uploads`
      : `S3 offers only COMPOSITE checksums of ${algorithm} for multipart uploads (FULL_OBJECT is for the CRCs)`
  return withCode(new TypeError(`The "type" option '${type}' is not available here: ${why}`), 'ERR_HASHMILL_S3_CHECKSUM_TYPE')
}

/**
 * The code and message of an error a binding threw for the core (`CODE\nmessage`, see
 * binding-napi `errors.rs`), or null for any other error.
 * @param {unknown} error
 * @returns {{ code: string, message: string } | null}
 */
function coreFailure (error) {
  const text = error instanceof Error ? error.message : ''
  const match = /^([A-Z][A-Z0-9_]+)\n/.exec(text)
  return match ? { code: match[1], message: text.slice(match[0].length) } : null
}

/** The backend could not be loaded or chosen. */
function backendError (message, extra) {
  return withCode(new Error(message), 'ERR_HASHMILL_BACKEND', extra)
}

module.exports = {
  invalidType,
  invalidValue,
  invalidPattern,
  outOfRange,
  unknownAlgorithm,
  notSupported,
  invalidKeyLength,
  unknownOption,
  finalized,
  aborted,
  workerFailed,
  backendError,
  notReady,
  blobUnreadable,
  invalidState,
  sizeRequired,
  sizeMismatch,
  fromCore,
  s3PartSize,
  s3TooManyParts,
  s3Algorithm,
  s3ChecksumType,
  coreFailure
}
