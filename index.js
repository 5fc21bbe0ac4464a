'use strict'
/**
 * hashmill's loader: chooses the backend when the package is loaded, then exports the
 * API built over it (lib/api.js). Order: HASHMILL_NATIVE_PATH → the local build
 * ./hashmill.<target>.node → the @hashmill/<target> package → the wasm fallback.
 * `HASHMILL_BACKEND=native|wasm|auto` forces a choice. Every failed attempt is kept in
 * `backend.fallbackErrors`. A platform package must be at hashmill's exact version. The
 * require strings are literal so bundlers can follow them.
 */
const path = require('node:path')
const { detectTarget } = require('./lib/platform')
const { createApi } = require('./lib/api')
const { backendError } = require('./lib/errors')

const MODES = ['auto', 'native', 'wasm']
const OWN_VERSION = require('./package.json').version
const WARNING_CODE = 'HASHMILL_NATIVE_FALLBACK'

function backendMode (env) {
  const raw = env.HASHMILL_BACKEND
  if (raw === undefined || raw === '') return 'auto'
  if (!MODES.includes(raw)) {
    throw backendError(`HASHMILL_BACKEND must be one of ${MODES.join(', ')}; got '${raw}'`)
  }
  return raw
}

function requireLocalBuild (target) {
  switch (target) {
    case 'linux-x64-gnu': return require('./hashmill.linux-x64-gnu.node')
    case 'linux-x64-musl': return require('./hashmill.linux-x64-musl.node')
    case 'linux-arm64-gnu': return require('./hashmill.linux-arm64-gnu.node')
    case 'linux-arm64-musl': return require('./hashmill.linux-arm64-musl.node')
    case 'darwin-x64': return require('./hashmill.darwin-x64.node')
    case 'darwin-arm64': return require('./hashmill.darwin-arm64.node')
    case 'win32-x64-msvc': return require('./hashmill.win32-x64-msvc.node')
    case 'win32-arm64-msvc': return require('./hashmill.win32-arm64-msvc.node')
  }
}

/**
 * A platform package loads only at exactly hashmill's own version: a binary from another
 * release may lack functions lib/ calls, or differ in behaviour, and fail far from the cause.
 */
function versionChecked (manifest, load) {
  if (manifest.version !== OWN_VERSION) {
    throw backendError(`${manifest.name} is version ${manifest.version} but hashmill is ${OWN_VERSION}; ` +
      'reinstall hashmill so that npm installs the matching platform package')
  }
  return load()
}

function requirePackage (target) {
  switch (target) {
    case 'linux-x64-gnu': return versionChecked(require('@hashmill/linux-x64-gnu/package.json'), () => require('@hashmill/linux-x64-gnu'))
    case 'linux-x64-musl': return versionChecked(require('@hashmill/linux-x64-musl/package.json'), () => require('@hashmill/linux-x64-musl'))
    case 'linux-arm64-gnu': return versionChecked(require('@hashmill/linux-arm64-gnu/package.json'), () => require('@hashmill/linux-arm64-gnu'))
    case 'linux-arm64-musl': return versionChecked(require('@hashmill/linux-arm64-musl/package.json'), () => require('@hashmill/linux-arm64-musl'))
    case 'darwin-x64': return versionChecked(require('@hashmill/darwin-x64/package.json'), () => require('@hashmill/darwin-x64'))
    case 'darwin-arm64': return versionChecked(require('@hashmill/darwin-arm64/package.json'), () => require('@hashmill/darwin-arm64'))
    case 'win32-x64-msvc': return versionChecked(require('@hashmill/win32-x64-msvc/package.json'), () => require('@hashmill/win32-x64-msvc'))
    case 'win32-arm64-msvc': return versionChecked(require('@hashmill/win32-arm64-msvc/package.json'), () => require('@hashmill/win32-arm64-msvc'))
  }
}

/** Whether `error` only says the candidate is not there (as opposed to there but broken). */
function isAbsent (error, request) {
  return error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(request)
}

function loadNative (target, env, failures) {
  const candidates = []
  if (env.HASHMILL_NATIVE_PATH) {
    const file = path.resolve(env.HASHMILL_NATIVE_PATH)
    candidates.push({ name: file, load: () => require(file), explicit: true })
  }
  if (target) {
    candidates.push({ name: `./hashmill.${target}.node`, load: () => requireLocalBuild(target) })
    candidates.push({ name: `@hashmill/${target}`, load: () => requirePackage(target) })
  }
  for (const candidate of candidates) {
    try {
      return { binding: candidate.load(), candidate }
    } catch (error) {
      error.candidate = candidate.name
      error.present = candidate.explicit || !isAbsent(error, candidate.name.replace(/^\.\//, ''))
      failures.push(error)
    }
  }
  return null
}

function warnOnce (message) {
  const key = Symbol.for('hashmill.fallbackWarned')
  if (globalThis[key]) return
  globalThis[key] = true
  process.emitWarning(message, { code: WARNING_CODE })
}

/** `candidate: first line of the error` for each binary that exists but failed to load. */
function brokenBinaries (failures) {
  return failures.filter((e) => e.present).map((e) => `${e.candidate}: ${String(e.message).split('\n')[0]}`).join('; ')
}

function fallbackWarning (detected, failures) {
  const reasons = brokenBinaries(failures)
  if (reasons) {
    return `hashmill: the native binary failed to load (${reasons}); using the slower wasm fallback. ` +
      'Reinstall hashmill, or set HASHMILL_BACKEND=wasm to choose wasm explicitly.'
  }
  return `hashmill: no native binary for ${detected.target} (@hashmill/${detected.target} is not installed, ` +
    'e.g. after --omit=optional); using the slower wasm fallback. Set HASHMILL_BACKEND=wasm to choose it explicitly.'
}

function load (env = process.env) {
  const mode = backendMode(env)
  const detected = detectTarget()
  const failures = []
  if (mode !== 'wasm') {
    if (!detected.target) {
      failures.push(backendError(`hashmill has no native binary for ${detected.description}`))
    }
    const native = loadNative(detected.target, env, failures)
    if (native) {
      const reasons = brokenBinaries(failures)
      if (reasons) warnOnce(`hashmill: a native binary failed to load (${reasons}); loaded ${native.candidate.name} instead.`)
      const { createNativeBackend } = require('./lib/native')
      return createApi(createNativeBackend(native.binding, detected.target || detected.description), { fallbackErrors: failures })
    }
    if (mode === 'native') {
      const list = failures.map((e) => `  - ${e.candidate || 'target'}: ${String(e.message).split('\n')[0]}`).join('\n')
      throw backendError(`HASHMILL_BACKEND=native, but no native binary loaded:\n${list}`, { errors: failures, cause: failures[0] })
    }
  }
  let wasm
  try {
    wasm = require('./lib/wasm').createWasmBackend()
  } catch (error) {
    failures.push(error)
    throw backendError(`hashmill could not load any backend: ${error.message}`, { errors: failures, cause: error })
  }
  if (mode === 'auto' && detected.target) warnOnce(fallbackWarning(detected, failures))
  return createApi(wasm, { fallbackErrors: failures })
}

module.exports = load()
