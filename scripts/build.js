#!/usr/bin/env node
'use strict'
/**
 * Builds both backends, the CLI's one-file build and the browser/workerd bundles (release)
 * from a fresh clone, installing what is missing first: npm packages (`npm ci`), the wasm32
 * target (rustup) and wasm-bindgen-cli at exactly the version of the `wasm-bindgen` crate in
 * Cargo.lock.
 * `npm start` and `npm test` run this.
 *
 *   node scripts/build.js [--native] [--wasm] [--cli] [--web]   (default: all four)
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { detectTarget } = require('../lib/platform')
const { commands } = require('./lib/commands')

const ROOT = path.join(__dirname, '..')
const WASM_TARGET = 'wasm32-unknown-unknown'
const WASM_OUT = path.join(ROOT, 'binding-wasm', 'pkg')
const MAIN_WASM_OUT = path.join(WASM_OUT, 'main')
/** Where the slim module for browsers and workerd is built (web-bundle.js copies it into web/). */
const WEB_WASM_OUT = path.join(ROOT, 'target', 'web-wasm')

const { log, run, tryOutput } = commands('build')

/** Whether node_modules was installed from the current package-lock.json (npm writes its own copy there). */
function nodeModulesCurrent () {
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json')
  const lock = path.join(ROOT, 'package-lock.json')
  if (!fs.existsSync(installed)) return false
  return !fs.existsSync(lock) || fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs
}

function ensureNodeModules () {
  if (nodeModulesCurrent()) return
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(npm, fs.existsSync(path.join(ROOT, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'])
}

function ensureWasmTarget () {
  const installed = tryOutput('rustup', ['target', 'list', '--installed'])
  if (installed !== null && installed.split('\n').includes(WASM_TARGET)) return
  run('rustup', ['target', 'add', WASM_TARGET])
}

/** The wasm-bindgen crate version pinned in Cargo.lock (the CLI must match it exactly). */
function wasmBindgenVersion () {
  const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8')
  const match = /\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)
  if (!match) throw new Error('Cargo.lock has no wasm-bindgen package')
  return match[1]
}

function cargoBin (name) {
  const home = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo')
  const file = path.join(home, 'bin', process.platform === 'win32' ? `${name}.exe` : name)
  return fs.existsSync(file) ? file : name
}

function ensureWasmBindgen () {
  const version = wasmBindgenVersion()
  const found = tryOutput(cargoBin('wasm-bindgen'), ['--version'])
  if (found && found.trim() === `wasm-bindgen ${version}`) return cargoBin('wasm-bindgen')
  log(`installing wasm-bindgen-cli ${version} (found: ${found ? found.trim() : 'none'}); this takes a few minutes once`)
  // Not --locked: the CLI's own lockfile names a crate version the registry lacks.
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', version, '--force'])
  return cargoBin('wasm-bindgen')
}

/** The cdylib file name cargo writes for the napi crate on this OS. */
function cdylibName () {
  if (process.platform === 'win32') return 'hashmill_napi.dll'
  if (process.platform === 'darwin') return 'libhashmill_napi.dylib'
  return 'libhashmill_napi.so'
}

function buildNative () {
  const { target, description } = detectTarget()
  if (!target) {
    log(`no native target for ${description}; skipping the native build`)
    return
  }
  run('cargo', ['build', '--release', '-p', 'hashmill-napi'])
  const built = path.join(ROOT, 'target', 'release', cdylibName())
  const dest = path.join(ROOT, `hashmill.${target}.node`)
  // Copy, then rename into place: overwriting a .node file that a running process has
  // loaded would crash that process.
  fs.copyFileSync(built, `${dest}.tmp`)
  fs.renameSync(`${dest}.tmp`, dest)
  log(`native: ${path.relative(ROOT, dest)}`)
}

/**
 * wasm-bindgen's no-modules glue is a classic script defining `wasm_bindgen`, whose
 * evaluation owns one instance. It is wrapped into a CommonJS factory so that each call
 * evaluates a fresh copy (lib/wasm/glue.js), in Node and in the web bundles alike.
 */
function wrapGlue (file) {
  const glue = fs.readFileSync(file, 'utf8')
  fs.writeFileSync(file, `module.exports = function createGlue () {\n${glue}\nreturn wasm_bindgen\n}\n`)
}

/**
 * Builds binding-wasm (`cargo` flags: the features) and runs wasm-bindgen on it into
 * `outDir`: `<name>.js` (the glue factory) and `<name>_bg.wasm`.
 * @param {string[]} cargoFlags
 * @param {string} outDir
 * @param {string[]} [bindgenFlags]
 */
function buildWasmModule (cargoFlags, outDir, bindgenFlags = []) {
  ensureWasmTarget()
  const wasmBindgen = ensureWasmBindgen()
  run('cargo', ['build', '--release', '--target', WASM_TARGET, '-p', 'hashmill-wasm', ...cargoFlags])
  const built = path.join(ROOT, 'target', WASM_TARGET, 'release', 'hashmill_wasm.wasm')
  run(wasmBindgen, ['--target', 'no-modules', '--no-typescript', ...bindgenFlags, '--out-dir', outDir, built])
  wrapGlue(path.join(outDir, 'hashmill_wasm.js'))
}

/**
 * Node's two modules: the whole one its workers run (binding-wasm/pkg/), and the calling
 * thread's (binding-wasm/pkg/main/: the `files` feature alone, no walker or build tools),
 * which compiles in a fraction of the time.
 */
function buildWasm () {
  buildWasmModule([], WASM_OUT)
  buildWasmModule(['--no-default-features', '--features', 'files'], MAIN_WASM_OUT)
  for (const dir of [WASM_OUT, MAIN_WASM_OUT]) log(`wasm: ${path.relative(ROOT, dir)}/hashmill_wasm.js + hashmill_wasm_bg.wasm`)
}

/**
 * The browser and workerd build: the slim module (no `node` feature: no fs bridge, walker
 * or tree calls; no name section), then the ES module bundles of lib/ (scripts/lib/web-bundle.js).
 */
async function buildWeb () {
  buildWasmModule(['--no-default-features'], WEB_WASM_OUT, ['--remove-name-section', '--remove-producers-section'])
  const { bundleWeb } = require('./lib/web-bundle')
  const sizes = await bundleWeb(WEB_WASM_OUT)
  log(`web: ${sizes}`)
}

/** bin/hashmill.bundle.js, the CLI as one file (scripts/lib/cli-bundle.js). */
async function buildCli () {
  const { bundleCli } = require('./lib/cli-bundle')
  log(`cli: ${await bundleCli()}`)
}

async function main (argv) {
  const only = new Set(argv.filter((a) => a.startsWith('--')))
  ensureNodeModules()
  if (only.size === 0 || only.has('--native')) buildNative()
  if (only.size === 0 || only.has('--wasm')) buildWasm()
  if (only.size === 0 || only.has('--cli')) await buildCli()
  if (only.size === 0 || only.has('--web')) await buildWeb()
}

main(process.argv.slice(2)).catch((error) => {
  log(`failed: ${error.message}`)
  process.exit(1)
})
