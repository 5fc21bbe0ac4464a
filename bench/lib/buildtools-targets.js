'use strict'
/**
 * The build-tool targets (issue #14) and the sizes the "buildtools" scenario measures them
 * at: a repository of `fileCount` files (20,000; quick: 2,000), the cache over the same
 * number of files, a webpack app of 300 modules (quick: 100). Each target is a ratio of
 * two records of one contest, in lib/targets.js's form.
 */

/** The sizes of the buildtools scenario in this mode. */
function buildToolSizes (config) {
  return { repoFiles: config.fileCount, webpackModules: config.mode === 'quick' ? 100 : 300 }
}

/** @param {object} config the mode's settings (lib/config.js) */
function buildToolTargets (config) {
  const { repoFiles: n, webpackModules: m } = buildToolSizes(config)
  const ratio = (id, description, min, left, right) => ({ id, backend: 'native', description, min, left, right })
  const cache = (algorithm, key) => `buildtools/cache/${algorithm}/${config.fileCount}/native.${key}`
  return [
    ratio('native-gitworktree-clean', `gitWorkTree, clean repository of ${n} files ≥ 5× git ls-files + status + hash-object spawned`, 5,
      `buildtools/gitWorkTree/clean/${n}/native.gitWorkTree`, `buildtools/gitWorkTree/clean/${n}/git`),
    ratio('native-gitworktree-fresh', `gitWorkTree, ${n} files with no usable stat data ≥ 1.5× git hash-object --stdin-paths`, 1.5,
      `buildtools/gitWorkTree/fresh/${n}/native.gitWorkTree`, `buildtools/gitWorkTree/fresh/${n}/git`),
    ratio('native-cache-unchanged', `hashDirectory ${config.fileCount} files (blake3) with a cache, nothing changed ≥ 20× the first run`, 20,
      cache('blake3', 'unchanged'), cache('blake3', 'first')),
    ratio('native-cache-changed', `hashDirectory ${config.fileCount} files (blake3) with a cache, 1% changed ≥ 10× the first run`, 10,
      cache('blake3', 'changed'), cache('blake3', 'first')),
    ratio('webpack-xxhash64', `webpack build of ${m} modules, hashmill/webpack xxhash64 ≥ 1.0× built-in 'xxhash64'`, 1.0,
      `buildtools/webpack/${m}/hashmill.xxhash64`, `buildtools/webpack/${m}/webpack.xxhash64`),
    ratio('webpack-blake3', `webpack build of ${m} modules, hashmill/webpack blake3 ≥ 0.9× built-in 'xxhash64'`, 0.9,
      `buildtools/webpack/${m}/hashmill.blake3`, `buildtools/webpack/${m}/webpack.xxhash64`)
  ]
}

module.exports = { buildToolSizes, buildToolTargets }
