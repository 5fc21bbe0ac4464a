'use strict'
/**
 * How many threads hashmill uses: `HASHMILL_THREADS` if set, else
 * `os.availableParallelism()`. Both backends read it from here (the native rayon pool
 * and the wasm worker pool), so the setting means the same everywhere.
 */
const os = require('node:os')
const errors = require('./errors')

const MAX_THREADS = 256

function defaultThreads () {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {number}
 */
function threadCount (env = process.env) {
  const raw = env.HASHMILL_THREADS
  if (raw === undefined || raw === '') return defaultThreads()
  const n = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw errors.backendError(`HASHMILL_THREADS must be an integer from 1 to ${MAX_THREADS}; got '${raw}'`)
  }
  return n
}

module.exports = { threadCount }
