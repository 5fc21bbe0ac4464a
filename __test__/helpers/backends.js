'use strict'
/**
 * Loads hashmill once per backend in this process, through the real loader (index.js)
 * with HASHMILL_BACKEND forced, so every test can run against both and compare them.
 */
const path = require('node:path')

const INDEX = path.join(__dirname, '..', '..', 'index.js')

function loadWith (env) {
  const saved = {}
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key]
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  try {
    delete require.cache[INDEX]
    return require(INDEX)
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    delete require.cache[INDEX]
  }
}

const backends = {
  native: loadWith({ HASHMILL_BACKEND: 'native' }),
  wasm: loadWith({ HASHMILL_BACKEND: 'wasm' })
}

/**
 * Every algorithm but the git blob IDs, which stream only with their size declared up
 * front: the generic tests loop over these; __test__/git.test.js checks git's against git.
 */
const streamable = Object.freeze(backends.native.algorithms.filter((name) =>
  !backends.native[require('../../lib/internals').INTERNALS].options.table.byName.get(name).sized))

/** [['native', api], ['wasm', api]] for `for (const [kind, api] of each())`. */
function each () {
  return Object.entries(backends)
}

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
function randomBytes (length, seed = 1) {
  const out = Buffer.allocUnsafe(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

module.exports = { streamable, backends, each, loadWith, randomBytes, INDEX }
