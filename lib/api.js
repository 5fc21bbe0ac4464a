'use strict'
/**
 * The public API in Node, assembled once over whichever backend the loader chose: the API
 * every runtime has (lib/common-api.js) and what only Node has (files, many, the build
 * tools, S3, the AWS SDK plug point, restored hashers, CRC combining). Every user-visible
 * behaviour is decided in lib/, so native and wasm cannot drift apart. Each topic module
 * is loaded when one of its functions is first called, so loading hashmill (and the CLI's
 * start) pays only for what a program uses.
 */
const { createCommonApi } = require('./common-api')
const { once, onFirstCall } = require('./lazy')
const { INTERNALS } = require('./internals')

/**
 * @param {object} backend from lib/native or lib/wasm
 * @param {{ fallbackErrors?: Error[] }} [load] what the loader recorded
 */
function createApi (backend, load = {}) {
  const common = createCommonApi(backend, load)
  const { options, createHasher } = common
  const calls = common.api

  const files = once(() => require('./files').createFileApi(backend, options()))
  const many = once(() => require('./many').createMany(backend, options()))
  const openHashCache = onFirstCall(() => require('./build-tools/cache').createOpenHashCache(backend))
  const restoreHasher = onFirstCall(() => require('./state').createRestore(backend.hasherHandles, options(), backend.table))
  const combine = onFirstCall(() => require('./combine').createCombine(backend, options()))
  const s3 = once(() => require('./s3').createS3Api(backend, options()))
  const awsChecksumAlgorithms = onFirstCall(() => require('./aws-sdk').createAwsChecksums(createHasher, backend.table.s3.algorithms))

  const api = {
    hashSync: calls.hashSync,
    hash: calls.hash,
    createHasher: calls.createHasher,
    hashStream: calls.hashStream,
    hashBlob: calls.hashBlob,
    integrity: calls.integrity,
    integritySync: calls.integritySync,
    hashMany: onFirstCall(() => many().hashMany),
    hashManySync: onFirstCall(() => many().hashManySync),
    ready: calls.ready,
    hashFile: onFirstCall(() => files().api.hashFile),
    hashFileSync: onFirstCall(() => files().api.hashFileSync),
    hashFiles: onFirstCall(() => files().api.hashFiles),
    hashDirectory: onFirstCall(() => files().api.hashDirectory),
    hashTree: onFirstCall(() => files().api.hashTree),
    walkDirectory: onFirstCall(() => files().api.walkDirectory),
    gitWorkTree: onFirstCall(() => files().api.gitWorkTree),
    openHashCache,
    /** The class of openHashCache()'s caches (loaded when first asked for). */
    get HashCache () { return require('./build-tools/cache').HashCache },
    restoreHasher,
    combine,
    s3Checksum: onFirstCall(() => s3().s3Checksum),
    s3ETag: onFirstCall(() => s3().s3ETag),
    awsChecksumAlgorithms,
    /** The class every hasher is an instance of (loaded when first asked for). */
    get Hasher () { return calls.Hasher },
    algorithms: calls.algorithms,
    backend: calls.backend
  }
  // What the CLI and the tests use beyond the public API, out of sight of users.
  Object.defineProperty(api, INTERNALS, {
    value: Object.freeze({
      backend,
      get options () { return options() },
      get files () { return files().internals }
    })
  })
  return api
}

module.exports = { createApi }
