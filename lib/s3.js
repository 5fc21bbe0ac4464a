'use strict'
/**
 * `s3Checksum()` and `s3ETag()`: what S3 computes and returns for an object uploaded in one
 * PUT or in parts of `partSize` bytes, from a file, bytes or a Blob, in one pass with the
 * parts hashed in parallel. S3's rules (part sizes, part count, which checksum type each
 * algorithm has, how the object-level value follows from the parts) are the core's
 * (hashmill-core `s3.rs`); this module reads the input, words the errors and formats the
 * results as S3 shows them: checksums in base64 as the `x-amz-checksum-*` headers carry
 * them (COMPOSITE ones with `-<parts>`), the ETag hex and quoted.
 */
const fs = require('node:fs')
const errors = require('./errors')
const { toBytes, isBlob } = require('./input')
const { asBuffer } = require('./encoding')
const { throwIfAborted } = require('./abort')
const { fileError } = require('./fs-errors')
const { optionsObject, signalOf } = require('./options/fields')
const { pathBytes, displayPath } = require('./files/paths')
const { hashPartsRead, partSizes, blobReader } = require('./parts')

const CHECKSUM_OPTIONS = ['algorithm', 'partSize', 'type', 'signal']
const ETAG_OPTIONS = ['partSize', 'signal']
const DEFAULT_ALGORITHM = 'crc64nvme'

/**
 * @param {object} backend
 * @param {ReturnType<import('./options').createOptions>} validators
 */
function createS3Api (backend, validators) {
  const table = validators.table
  const limits = table.s3

  /** The core's answer, or its S3 refusal worded for the user. */
  function s3Rule (call, context) {
    try {
      return call()
    } catch (error) {
      const failure = errors.coreFailure(error)
      switch (failure && failure.code) {
        case 'ERR_HASHMILL_S3_PART_SIZE': throw errors.s3PartSize(context.partSize, limits)
        case 'ERR_HASHMILL_S3_TOO_MANY_PARTS': throw errors.s3TooManyParts(Math.ceil(context.size / context.partSize), context.partSize, limits)
        case 'ERR_HASHMILL_S3_ALGORITHM': throw errors.s3Algorithm(context.algorithm, limits)
        case 'ERR_HASHMILL_S3_CHECKSUM_TYPE': throw errors.s3ChecksumType(context.type, context.algorithm, context.multipart)
        default: throw error
      }
    }
  }

  /** @param {unknown} value @returns {number | undefined} */
  function partSizeOf (value) {
    if (value === undefined) return undefined
    if (typeof value !== 'number') throw errors.invalidType('partSize', 'of type number', value)
    if (!Number.isSafeInteger(value)) throw errors.s3PartSize(value, limits)
    return value
  }

  /**
   * What is to be hashed: a file (a path string or `file:` URL), bytes, or a Blob.
   * @param {unknown} input
   */
  async function sourceOf (input) {
    if (typeof input === 'string' || input instanceof URL) {
      const path = pathBytes(input, 'input')
      const shown = displayPath(input)
      const stat = await fs.promises.stat(path).catch((error) => { throw fileError(error, shown) })
      if (stat.isDirectory()) throw fileError({ code: 'EISDIR', message: 'Is a directory' }, shown)
      if (!stat.isFile()) throw errors.invalidValue('input', shown, 'must be a regular file (S3 objects have a size)')
      return { kind: 'file', path, shown, size: stat.size }
    }
    if (isBlob(input)) return { kind: 'blob', blob: /** @type {Blob} */ (input), size: /** @type {Blob} */ (input).size }
    if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) {
      const bytes = toBytes(input, 'input')
      return { kind: 'bytes', bytes, size: bytes.byteLength }
    }
    throw errors.invalidType('input', 'a path (string or file: URL), or an instance of Buffer, TypedArray, DataView, ArrayBuffer or Blob', input)
  }

  /**
   * The digests of the parts of `source`, joined, for parts of `partLength` bytes.
   * @param {import('./options').Spec} spec
   */
  async function partDigests (spec, source, partLength, signal) {
    if (source.kind === 'bytes') return asBuffer(await backend.hashParts(spec, source.bytes, partLength, signal))
    if (source.kind === 'blob') {
      return hashPartsRead(backend, spec, partSizes(source.size, partLength), blobReader(source.blob), signal, backend.threads)
    }
    const outcome = await backend.hashFileParts(spec, source.path, partLength, signal)
    if (outcome.code) throw fileError(outcome, source.shown)
    if (outcome.size !== source.size) {
      throw fileError({ code: table.errors.changed, message: 'file changed size while it was hashed' }, source.shown)
    }
    return asBuffer(outcome.digest)
  }

  /**
   * Hashes `input` in the parts S3 would have: the object-level value and each part's.
   * @param {import('./options').Spec} spec the parts' algorithm
   * @param {{ partSize: number | undefined, size: number }} layout
   * @param {string | undefined} type for the object-level value
   */
  async function hashUpload (spec, source, layout, type, signal) {
    const multipart = layout.partSize !== undefined
    const partLength = multipart ? /** @type {number} */ (layout.partSize) : Math.max(source.size, 1)
    const digests = await partDigests(spec, source, partLength, signal)
    throwIfAborted(signal)
    const sizes = partSizes(source.size, partLength)
    const lengths = Buffer.alloc(8 * sizes.length)
    sizes.forEach((size, i) => lengths.writeBigUInt64LE(BigInt(size), 8 * i))
    const object = asBuffer(backend.s3ObjectDigest(spec.info.id, type, multipart, digests, lengths))
    const length = spec.info.digestLength
    const parts = sizes.map((size, i) => ({ size, digest: digests.subarray(i * length, (i + 1) * length) }))
    return { object, parts: multipart ? parts : [], count: sizes.length, multipart }
  }

  /** The spec of `algorithm` with its canonical digest bytes. */
  const specOf = (algorithm) => validators.spec({ algorithm, encoding: 'buffer' }, { async: true })

  /** The layout of `source` in parts of `partSize`, as S3 allows it. */
  function layoutOf (source, partSize, algorithm) {
    s3Rule(() => backend.s3Parts(source.size, partSize), { size: source.size, partSize, algorithm })
    return { size: source.size, partSize }
  }

  /**
   * What S3 reports as the checksum of `input` uploaded with `options`.
   * @param {unknown} input a path, bytes or a Blob
   * @param {unknown} [options] `{ algorithm, partSize, type, signal }`
   */
  async function s3Checksum (input, options) {
    const given = optionsObject(options, CHECKSUM_OPTIONS)
    const algorithm = given.algorithm === undefined ? DEFAULT_ALGORITHM : given.algorithm
    const info = validators.algorithmInfo(algorithm)
    const partSize = partSizeOf(given.partSize)
    const wanted = given.type
    if (wanted !== undefined && (typeof wanted !== 'string' || !limits.types.includes(wanted))) {
      throw errors.invalidValue('type', wanted, `must be one of ${limits.types.map((t) => `'${t}'`).join(', ')}`)
    }
    const signal = signalOf(given.signal)
    const multipart = partSize !== undefined
    const type = s3Rule(() => backend.s3ChecksumType(info.id, multipart, wanted), { algorithm: info.name, type: wanted, multipart })
    throwIfAborted(signal)
    const source = await sourceOf(input)
    const layout = layoutOf(source, partSize, info.name)
    const upload = await hashUpload(specOf(info.name), source, layout, type, signal)
    const suffix = upload.multipart && type === 'COMPOSITE' ? `-${upload.count}` : ''
    return {
      algorithm: info.name,
      type,
      checksum: upload.object.toString('base64') + suffix,
      size: source.size,
      parts: upload.parts.map((part, i) => ({ partNumber: i + 1, size: part.size, checksum: part.digest.toString('base64') }))
    }
  }

  /**
   * The ETag S3 gives `input` uploaded in one PUT, or in parts of `partSize` bytes: quoted,
   * as S3 returns it.
   * @param {unknown} input a path, bytes or a Blob
   * @param {unknown} [options] `{ partSize, signal }`
   */
  async function s3ETag (input, options) {
    const given = optionsObject(options, ETAG_OPTIONS)
    const partSize = partSizeOf(given.partSize)
    const signal = signalOf(given.signal)
    throwIfAborted(signal)
    const source = await sourceOf(input)
    const layout = layoutOf(source, partSize, 'md5')
    const upload = await hashUpload(specOf('md5'), source, layout, 'COMPOSITE', signal)
    return `"${upload.object.toString('hex')}${upload.multipart ? `-${upload.count}` : ''}"`
  }

  return { s3Checksum, s3ETag }
}

module.exports = { createS3Api }
