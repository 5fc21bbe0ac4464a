'use strict'
/**
 * The public API in Node, assembled once over whichever backend the loader chose: the API
 * every runtime has (lib/common-api.js) and what only Node has (files, S3, the AWS SDK
 * plug point, restored hashers, CRC combining). Every user-visible behaviour is decided in
 * lib/, so native and wasm cannot drift apart.
 */
const { createCommonApi } = require('./common-api')
const { createFileApi } = require('./files')
const { once, onFirstCall } = require('./lazy')
const { INTERNALS } = require('./internals')

/**
 * @param {object} backend from lib/native or lib/wasm
 * @param {{ fallbackErrors?: Error[] }} [load] what the loader recorded
 */
function createApi (backend, load = {}) {
  const common = createCommonApi(backend, load)
  const { options, digests, createHasher } = common

  const files = createFileApi(backend, options, digests)
  // Loaded when first called: most programs use none of them.
  const restoreHasher = onFirstCall(() => require('./state').createRestore(backend.hasherHandles, options, backend.table))
  const combine = onFirstCall(() => require('./combine').createCombine(backend, options))
  const s3 = once(() => require('./s3').createS3Api(backend, options))
  const awsChecksumAlgorithms = onFirstCall(() => require('./aws-sdk').createAwsChecksums(createHasher, backend.table.s3.algorithms))

  const { Hasher, algorithms, backend: backendInfo, ...calls } = common.api
  const api = {
    ...calls,
    ...files.api,
    restoreHasher,
    combine,
    s3Checksum: onFirstCall(() => s3().s3Checksum),
    s3ETag: onFirstCall(() => s3().s3ETag),
    awsChecksumAlgorithms,
    Hasher,
    algorithms,
    backend: backendInfo
  }
  // What the CLI and the tests use beyond the public API, out of sight of users.
  Object.defineProperty(api, INTERNALS, { value: Object.freeze({ backend, options, files: files.internals }) })
  return api
}

module.exports = { createApi }
