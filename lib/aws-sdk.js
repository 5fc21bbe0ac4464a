'use strict'
/**
 * hashmill as the AWS SDK for JavaScript v3's checksums. The SDK's flexible-checksums
 * middleware (package @aws-sdk/checksums, `selectChecksumAlgorithmFunction`) takes each
 * algorithm's constructor from the client's `checksumAlgorithms` option before its own
 * (pure-JS CRCs, and `config.sha1`/`config.sha256`), for request checksums and for the
 * validation of responses; a constructor makes objects with the smithy `Checksum`
 * interface: `update(chunk)`, `digest(): Promise<Uint8Array>`, `reset()`, `copy()`.
 *
 *   new S3Client({ checksumAlgorithms: awsChecksumAlgorithms() })
 */
const errors = require('./errors')

/**
 * @param {(algorithm: string) => import('./hasher').Hasher} createHasher
 * @param {readonly string[]} algorithms the ones S3 offers (the core's table)
 */
function createAwsChecksums (createHasher, algorithms) {
  /** A smithy `ChecksumConstructor` for `algorithm`, over a streaming Hasher. */
  function checksumConstructor (algorithm) {
    return class HashmillChecksum {
      #hasher = createHasher(algorithm)

      /** @param {unknown} [secret] an HMAC key, which these checksums do not take */
      constructor (secret) {
        if (secret !== undefined) throw errors.notSupported('secret', `is not supported: hashmill's ${algorithm} checksum has no HMAC mode`)
      }

      get digestLength () { return this.#hasher.outputLength }

      /** @param {Uint8Array} chunk */
      update (chunk) { this.#hasher.update(chunk) }

      /** The digest of everything so far (the checksum can go on). */
      async digest () { return /** @type {Buffer} */ (this.#hasher.copy().digest('buffer')) }

      reset () { this.#hasher = createHasher(algorithm) }

      copy () {
        const copy = new HashmillChecksum()
        copy.#hasher = this.#hasher.copy()
        return copy
      }
    }
  }

  /**
   * The SDK's `checksumAlgorithms` option: a constructor for each checksum S3 offers, by
   * the SDK's names (`CRC64NVME`, `CRC32`, `CRC32C`, `SHA1`, `SHA256`).
   */
  function awsChecksumAlgorithms () {
    return Object.fromEntries(algorithms.map((name) => [name.toUpperCase(), checksumConstructor(name)]))
  }

  return awsChecksumAlgorithms
}

module.exports = { createAwsChecksums }
