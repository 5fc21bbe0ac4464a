'use strict'
/**
 * Loads hashmill with one backend in this process: sets HASHMILL_BACKEND (and
 * HASHMILL_THREADS, or clears it for the default), re-requires index.js, then puts the
 * environment back. The lib/ modules stay cached, but each load builds its own backend
 * (the wasm pool is sized at load; the native rayon pool is one per process, which is why
 * thread counts are measured in child processes).
 *
 * The repository may be mid-rebuild while the bench runs, which can briefly break loading:
 * a failed load is retried every few seconds for up to three minutes.
 */
const path = require('node:path')
const { setTimeout: sleep } = require('node:timers/promises')

const ROOT = path.join(__dirname, '..', '..')
const INDEX = path.join(ROOT, 'index.js')
const RETRY_MS = 5000
const GIVE_UP_MS = 180000

function withEnv (vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  const set = (values) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  set(vars)
  try {
    return fn()
  } finally {
    set(saved)
  }
}

function loadOnce (kind, threads) {
  return withEnv({ HASHMILL_BACKEND: kind, HASHMILL_THREADS: threads ? String(threads) : undefined }, () => {
    delete require.cache[INDEX]
    try {
      return require(INDEX)
    } finally {
      delete require.cache[INDEX]
    }
  })
}

/**
 * @param {'native' | 'wasm'} kind
 * @param {number} [threads] HASHMILL_THREADS; default: hashmill's own default
 */
async function loadHashmill (kind, threads) {
  const start = Date.now()
  for (;;) {
    try {
      return loadOnce(kind, threads)
    } catch (error) {
      if (Date.now() - start > GIVE_UP_MS) throw error
      process.stderr.write(`hashmill (${kind}) did not load (${String(error.message).split('\n')[0]}); retrying in ${RETRY_MS / 1000} s\n`)
      await sleep(RETRY_MS)
    }
  }
}

module.exports = { loadHashmill, ROOT }
