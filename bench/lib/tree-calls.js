'use strict'
/**
 * hashmill's calls over a whole tree, as the "trees" and "bigtree" scenarios time and
 * measure them: each with the algorithm it is run with, how to run it on one backend's
 * API, and how many files its result covers. `hashFiles` gets every file's path.
 */
const TREE_CALLS = {
  hashDirectory: {
    algorithm: 'xxh3',
    run (api, dir) { return api.hashDirectory(dir, this.algorithm) },
    files: (result) => result.files.length
  },
  walkDirectory: {
    algorithm: null,
    run: (api, dir) => api.walkDirectory(dir),
    files: (result) => result.length
  },
  hashFiles: {
    algorithm: 'sha256',
    run (api, dir, paths) { return api.hashFiles(paths, this.algorithm) },
    files: (result) => result.length
  },
  hashTree: {
    algorithm: 'xxh3',
    /** Iterates to the end, holding nothing: the count of files hashed. */
    async run (api, dir) {
      let files = 0
      for await (const entry of api.hashTree(dir, this.algorithm)) files += entry.digest !== undefined ? 1 : 0
      return files
    },
    files: (result) => result
  }
}

module.exports = { TREE_CALLS }
