'use strict'
/**
 * The options of the file calls: their own (`mmap`, `onProgress`, for walks `ignore`,
 * `gitignore`, `hidden`, `followSymlinks`, and where a call has them `cache` and `format`)
 * split from the hashing options, which go to lib/options like every other call's.
 */
const errors = require('../errors')
const { checkCallback } = require('../progress')

const FILE_OPTIONS = ['mmap', 'onProgress']
const WALK_OPTIONS = ['ignore', 'gitignore', 'hidden', 'followSymlinks']
/** hashDirectory's formats: the coreutils manifest, or git's tree. */
const FORMATS = ['manifest', 'git']

function booleanOption (options, name, fallback) {
  const value = options[name]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw errors.invalidType(name, 'of type boolean', value)
  return value
}

/**
 * @typedef {object} WalkSettings
 * @property {string[]} ignore
 * @property {boolean} gitignore
 * @property {boolean} hidden
 * @property {boolean} followSymlinks
 *
 * @typedef {object} FileSettings
 * @property {import('../options').Spec} spec
 * @property {boolean} mmap
 * @property {import('../progress').OnProgress | undefined} onProgress
 * @property {WalkSettings} [walk]
 * @property {import('../build-tools/cache').HashCache} [cache] the HashCache given, checked
 * @property {'manifest'|'git'} format
 */

/** The walk options of `given`. @returns {WalkSettings} */
function walkSettings (given) {
  const ignore = given.ignore === undefined ? [] : given.ignore
  if (!Array.isArray(ignore) || !ignore.every((p) => typeof p === 'string')) {
    throw errors.invalidType('ignore', 'an array of strings (gitignore patterns)', ignore)
  }
  return {
    ignore,
    gitignore: booleanOption(given, 'gitignore', false),
    hidden: booleanOption(given, 'hidden', true),
    followSymlinks: booleanOption(given, 'followSymlinks', false)
  }
}

/**
 * @param {{ spec: Function }} validators lib/options
 * @param {unknown} options
 * @param {{ async: boolean, walk?: boolean, only?: string[], cache?: boolean, format?: boolean }} how
 *   `only`: the hashing options allowed (walkDirectory takes none but `signal`); `cache`,
 *   `format`: whether the call takes those options
 * @returns {FileSettings}
 */
function parseFileOptions (validators, options, { async, walk = false, only, cache = false, format = false }) {
  if (options === undefined || options === null) options = {}
  if (typeof options === 'string' && !only) options = { algorithm: options }
  if (typeof options !== 'object') throw errors.invalidType('options', 'of type object', options)
  const given = /** @type {Record<string, unknown>} */ (options)
  if (only) {
    const valid = [...only, ...WALK_OPTIONS]
    for (const key of Object.keys(given)) if (!valid.includes(key)) throw errors.unknownOption('options', key, valid)
  }
  const own = [...FILE_OPTIONS, ...(walk ? WALK_OPTIONS : []), ...(cache ? ['cache'] : []), ...(format ? ['format'] : [])]
  const chosenFormat = given.format === undefined ? 'manifest' : given.format
  if (format && !FORMATS.includes(/** @type {any} */ (chosenFormat))) {
    throw errors.invalidValue('format', chosenFormat, `must be one of ${FORMATS.map((f) => `'${f}'`).join(', ')}`)
  }
  // git's tree IDs are git blob IDs: the algorithm defaults to git-sha1.
  if (chosenFormat === 'git' && given.algorithm === undefined) options = { ...given, algorithm: 'git-sha1' }
  const hashOptions = {}
  const fileOptions = {}
  for (const [key, value] of Object.entries(/** @type {Record<string, unknown>} */ (options))) {
    if (own.includes(key)) fileOptions[key] = value
    else hashOptions[key] = value
  }
  if (hashOptions.size !== undefined) throw errors.notSupported('size', "is for streams: a file's size is read from the file")
  const spec = validators.spec(hashOptions, { async, extraOptions: own })
  checkCallback(fileOptions.onProgress)
  // The cache's module loads only for calls that bring one.
  if (fileOptions.cache !== undefined) require('../build-tools/cache').checkCache(fileOptions.cache)
  if (!async && fileOptions.onProgress !== undefined) {
    throw errors.notSupported('onProgress', 'is only for async calls')
  }
  return {
    spec,
    mmap: booleanOption(fileOptions, 'mmap', true),
    onProgress: /** @type {import('../progress').OnProgress | undefined} */ (fileOptions.onProgress),
    walk: walk ? walkSettings(fileOptions) : undefined,
    cache: /** @type {import('../build-tools/cache').HashCache | undefined} */ (fileOptions.cache),
    format: /** @type {'manifest'|'git'} */ (chosenFormat)
  }
}

module.exports = { parseFileOptions }
