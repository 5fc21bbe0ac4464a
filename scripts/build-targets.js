#!/usr/bin/env node
'use strict'
/**
 * Cross-builds the napi addon for every native target this Linux x64 machine can build and
 * checks each binary: `npm run build:targets -- [target...]` (default: all of TARGETS). On
 * macOS and Windows it builds that OS's own targets with plain cargo (OWN_OS_TARGETS).
 * Output: npm/<target>/hashmill.<target>.node (gitignored; the per-platform packages).
 *
 * How: `cargo zigbuild` (zig as the C compiler and linker) into target/cross/, so the host
 * build in target/release is never touched. Linux gnu targets link against glibc
 * GLIBC_BASELINE, 2.17 (zig ships stubs for every version; Rust's std needs 2.17 anyway),
 * well below the 2.28 that Node 20's official builds need. musl targets are cdylibs, so
 * `-crt-static` (musl's libc linked dynamically).
 * win32-x64-msvc is built for x86_64-pc-windows-gnu: a DLL that imports nothing from Node
 * and finds every Node-API function in the host process at run time (napi's dyn-symbols,
 * which the msvc target always uses), so it loads in the official (MSVC) node.exe.
 *
 * Installs what is missing, saying so: the Rust targets (rustup), cargo-zigbuild with zig
 * (PyPI wheels, pinned) and Debian's musl, whose loader checks the host-arch musl build.
 * Targets build one at a time (release, lto = "fat").
 *
 * Exports buildTargets(names) -> [{ target, file, size, glibc, ... }] (scripts/pack-all.js
 * builds with it) and ZIGBUILD, the pinned PyPI versions (scripts/test-win32.js uses its zig).
 */
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { commands } = require('./lib/commands')

const ROOT = path.join(__dirname, '..')
const CROSS_DIR = path.join(ROOT, 'target', 'cross')
const GLIBC_BASELINE = '2.17'
const ZIGBUILD = { 'cargo-zigbuild': '0.24.0', ziglang: '0.17.1' }
/** This machine's CPU as the first part of a Rust triple. */
const HOST_CPU = { x64: 'x86_64', arm64: 'aarch64' }[process.arch]

/**
 * Every target this script builds. `triple` is the Rust target (cargo zigbuild gets gnu
 * triples with the glibc suffix, `.2.17`); `machine` what readelf or objdump must report;
 * `libc` which checks apply.
 */
const TARGETS = {
  'linux-x64-gnu': { triple: 'x86_64-unknown-linux-gnu', machine: 'Advanced Micro Devices X86-64', libc: 'gnu' },
  'linux-x64-musl': { triple: 'x86_64-unknown-linux-musl', machine: 'Advanced Micro Devices X86-64', libc: 'musl' },
  'linux-arm64-gnu': { triple: 'aarch64-unknown-linux-gnu', machine: 'AArch64', libc: 'gnu' },
  'linux-arm64-musl': { triple: 'aarch64-unknown-linux-musl', machine: 'AArch64', libc: 'musl' },
  'win32-x64-msvc': { triple: 'x86_64-pc-windows-gnu', machine: 'pei-x86-64', libc: 'windows' }
}

/**
 * Targets built with plain cargo on a machine of their own OS (the release workflow's macOS
 * and Windows runners): `triple` and the library file cargo writes. On Windows this replaces
 * the windows-gnu cross build of win32-x64-msvc with the msvc toolchain's own. Their checks
 * there are only that the file exists (readelf and objdump are Linux tools); the tests the
 * workflow runs next on the same OS load it.
 */
const OWN_OS_TARGETS = {
  darwin: {
    'darwin-x64': { triple: 'x86_64-apple-darwin', file: 'libhashmill_napi.dylib' },
    'darwin-arm64': { triple: 'aarch64-apple-darwin', file: 'libhashmill_napi.dylib' }
  },
  win32: {
    'win32-x64-msvc': { triple: 'x86_64-pc-windows-msvc', file: 'hashmill_napi.dll' },
    'win32-arm64-msvc': { triple: 'aarch64-pc-windows-msvc', file: 'hashmill_napi.dll' }
  }
}[process.platform] || {}

/** DLLs a Windows build may import: the OS and its C runtime, never MinGW's or Node's. */
const WINDOWS_SYSTEM_DLL = /^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|userenv|ws2_32|msvcrt|ucrtbase|api-ms-win-[a-z0-9-]+)\.dll$/i

const { log, run, output } = commands('build-targets')

function succeeds (command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

function compareVersions (a, b) {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0)
  }
  return 0
}

function ensureRustTargets (triples) {
  const installed = output('rustup', ['target', 'list', '--installed']).split('\n')
  const missing = triples.filter((t) => !installed.includes(t))
  if (missing.length === 0) return
  log(`installing the Rust standard library for ${missing.join(', ')} (rustup)`)
  run('rustup', ['target', 'add', ...missing])
}

/** Debian's `musl` (its loader checks the musl builds of the host's arch), if missing. */
function ensureMuslLoader (names) {
  const hostMusl = names.find((n) => TARGETS[n].libc === 'musl' && cpuOf(n) === HOST_CPU)
  if (!hostMusl || fs.existsSync(muslLoader(hostMusl)) || !fs.existsSync('/usr/bin/apt-get')) return
  if (process.getuid() !== 0) {
    log(`musl's loader ${muslLoader(hostMusl)} is missing and installing it needs root: its load check is skipped`)
    return
  }
  log('installing musl (apt-get; its dynamic loader checks the musl build)')
  run('apt-get', ['install', '-y', '-qq', 'musl'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

function ensureZigbuild () {
  if (succeeds('cargo-zigbuild', ['--version']) && succeeds('python3', ['-m', 'ziglang', 'version'])) return
  const pins = Object.entries(ZIGBUILD).map(([name, version]) => `${name}==${version}`)
  log(`installing ${pins.join(' and ')} (pip; prebuilt wheels of cargo-zigbuild and zig)`)
  run('python3', ['-m', 'pip', 'install', '--quiet', ...pins])
}

/**
 * An empty import library for `libnode`: napi-build insists on linking `-lnode` for the
 * windows-gnu target, but with dyn-symbols the addon references no Node symbol at link
 * time, so the link imports nothing from it (inspectBinary checks the import table).
 */
function libnodeStub () {
  const dir = path.join(CROSS_DIR, 'libnode-stub')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'libnode.a'), '!<arch>\n')
  fs.writeFileSync(path.join(dir, 'libnode.dll'), '') // napi-build only checks that it exists
  return dir
}

function cargoArgs (name) {
  const { triple, libc } = TARGETS[name]
  const args = ['zigbuild', '--release', '-p', 'hashmill-napi', '--target']
  if (libc === 'gnu') args.push(`${triple}.${GLIBC_BASELINE}`)
  else args.push(triple)
  if (libc === 'windows') args.push('--features', 'napi/dyn-symbols')
  return args
}

function cargoEnv (name) {
  const { triple, libc } = TARGETS[name]
  const env = { ...process.env, CARGO_TARGET_DIR: CROSS_DIR }
  const key = `CARGO_TARGET_${triple.toUpperCase().replace(/-/g, '_')}_RUSTFLAGS`
  if (libc === 'musl') env[key] = '-C target-feature=-crt-static'
  if (libc === 'windows') env.LIBNODE_PATH = libnodeStub()
  return env
}

function builtFile (name) {
  const { triple, libc } = TARGETS[name]
  const file = libc === 'windows' ? 'hashmill_napi.dll' : 'libhashmill_napi.so'
  return path.join(CROSS_DIR, triple, 'release', file)
}

/** The highest GLIBC_x.y version an ELF file requires, or null if it requires none. */
function maxGlibc (versionInfo) {
  const versions = [...new Set(versionInfo.match(/GLIBC_\d+(\.\d+)+/g) || [])].map((v) => v.slice(6))
  return versions.sort(compareVersions).pop() || null
}

function inspectElf (name, file) {
  const { machine, libc } = TARGETS[name]
  const header = output('readelf', ['-h', '-W', file])
  if (!header.includes(`Machine:                           ${machine}`)) throw new Error(`${file} is not a ${machine} ELF file`)
  const needed = [...output('readelf', ['-d', '-W', file]).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  const glibc = maxGlibc(output('readelf', ['-V', '-W', file]))
  const dynsyms = output('readelf', ['--dyn-syms', '-W', file])
  if (!/ GLOBAL +DEFAULT +\d+ napi_register_module_v1$/m.test(dynsyms)) throw new Error(`${file} does not export napi_register_module_v1`)
  if (libc === 'gnu') {
    if (!glibc) throw new Error(`${file} requires no GLIBC_ version: not a glibc build`)
    if (compareVersions(glibc, GLIBC_BASELINE) > 0) throw new Error(`${file} requires GLIBC_${glibc}, above the baseline ${GLIBC_BASELINE}`)
  } else {
    if (glibc) throw new Error(`${file} requires GLIBC_${glibc}: not a musl build`)
    // zig links musl cdylibs against `libc.so`: musl's loader takes any libc.so* name as itself.
    const foreign = needed.filter((lib) => !/^libc\.(musl-[a-z0-9_]+\.so\.1|so)$/.test(lib))
    if (foreign.length) throw new Error(`${file} needs ${foreign.join(', ')}; a musl build may need only musl's libc`)
    if (!needed.length) throw new Error(`${file} needs no libc at all: statically linked?`)
  }
  const muslResolved = libc === 'musl' ? resolveWithMusl(name, file) : null
  return { needed, glibc, muslResolved, stripped: !/\s\.symtab\s/.test(output('readelf', ['-S', '-W', file])) }
}

function cpuOf (name) {
  return TARGETS[name].triple.split('-')[0]
}

/** musl's dynamic loader for a target, e.g. /lib/ld-musl-x86_64.so.1 (Debian's `musl`). */
function muslLoader (name) {
  return `/lib/ld-musl-${cpuOf(name)}.so.1`
}

/**
 * Loads `file` with musl's own dynamic loader (`ld-musl --list`, like ldd) when this machine
 * has one that runs natively, and fails if any library or any symbol but Node-API's (which
 * node provides at run time) does not resolve against musl. Returns whether it could check.
 */
function resolveWithMusl (name, file) {
  if (cpuOf(name) !== HOST_CPU || !fs.existsSync(muslLoader(name))) return false
  const result = spawnSync(muslLoader(name), ['--list', file], { encoding: 'utf8' })
  const errors = `${result.stdout}\n${result.stderr}`.split('\n')
    .filter((line) => line.startsWith('Error') && !/: napi_\w+: symbol not found$/.test(line))
  if (result.error || errors.length) throw new Error(`musl's loader cannot load ${file}: ${result.error || errors.join('; ')}`)
  return true
}

function inspectPe (name, file) {
  const headers = output('objdump', ['-p', file])
  if (!headers.includes(`file format ${TARGETS[name].machine}`)) throw new Error(`${file} is not a ${TARGETS[name].machine} file`)
  const needed = [...headers.matchAll(/^\s*DLL Name: (\S+)$/gm)].map((m) => m[1])
  const foreign = needed.filter((dll) => !WINDOWS_SYSTEM_DLL.test(dll))
  if (foreign.length) throw new Error(`${file} imports ${foreign.join(', ')}; it may import only Windows' own DLLs`)
  if (!/\bnapi_register_module_v1\b/.test(headers)) throw new Error(`${file} does not export napi_register_module_v1`)
  return { needed, glibc: null, stripped: /no symbols/.test(output('objdump', ['-t', file])) }
}

/**
 * Checks one built binary for `target` and returns what it found:
 * { target, file, size, glibc (highest GLIBC_ version required, gnu only), needed (libraries
 * or DLLs), muslResolved (musl only: whether musl's loader resolved it), stripped }.
 * Throws if the binary is for the wrong machine, does not export the Node-API entry point,
 * requires a glibc above GLIBC_BASELINE (gnu), links anything but musl (musl), or imports
 * a DLL that is not Windows' own (win32).
 */
function inspectBinary (target, file) {
  if (!TARGETS[target]) throw new Error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(', ')}`)
  const found = TARGETS[target].libc === 'windows' ? inspectPe(target, file) : inspectElf(target, file)
  return { target, file, size: fs.statSync(file).size, ...found }
}

function describe (info) {
  const parts = [`${(info.size / 1048576).toFixed(2)} MiB (${info.size} bytes)`]
  if (info.glibc) parts.push(`highest GLIBC_ symbol ${info.glibc} (baseline ${GLIBC_BASELINE})`)
  parts.push(`needs ${info.needed.join(' ') || 'nothing'}`)
  if (info.muslResolved === true) parts.push(`resolves under ${muslLoader(info.target)}`)
  if (info.muslResolved === false) parts.push('not loaded by a musl loader (none runs here)')
  if (!info.stripped) parts.push('NOT stripped')
  return `${info.target}: ${path.relative(ROOT, info.file)}: ${parts.join(', ')}`
}

/** Copies a built library to npm/<target>/hashmill.<target>.node; returns that path. */
function place (name, built) {
  const dest = path.join(ROOT, 'npm', name, `hashmill.${name}.node`)
  fs.mkdirSync(path.dirname(dest), { recursive: true })
  // Copy, then rename into place: a process that has the old file loaded keeps working.
  fs.copyFileSync(built, `${dest}.tmp`)
  fs.renameSync(`${dest}.tmp`, dest)
  return dest
}

function buildTarget (name) {
  const own = OWN_OS_TARGETS[name]
  if (own) {
    run('cargo', ['build', '--release', '-p', 'hashmill-napi', '--target', own.triple], { env: { ...process.env, CARGO_TARGET_DIR: CROSS_DIR } })
    const file = place(name, path.join(CROSS_DIR, own.triple, 'release', own.file))
    return { target: name, file, size: fs.statSync(file).size, needed: [], glibc: null, stripped: true }
  }
  run('cargo', cargoArgs(name), { env: cargoEnv(name) })
  return inspectBinary(name, place(name, builtFile(name)))
}

/**
 * Builds and checks each target in `names`, one at a time. Default: every target this OS
 * builds (Linux: the zig cross builds; macOS and Windows: their own targets).
 */
function buildTargets (names = Object.keys(process.platform === 'linux' ? TARGETS : OWN_OS_TARGETS)) {
  const known = { ...TARGETS, ...OWN_OS_TARGETS }
  const unknown = names.filter((n) => !known[n])
  if (unknown.length) throw new Error(`cannot build ${unknown.join(', ')} here; this machine builds: ${Object.keys(known).join(', ')}`)
  ensureRustTargets(names.map((n) => known[n].triple))
  const crossBuilt = names.filter((n) => !OWN_OS_TARGETS[n])
  if (crossBuilt.length) {
    ensureZigbuild()
    ensureMuslLoader(crossBuilt)
  }
  const results = []
  for (const name of names) {
    const started = Date.now()
    const info = buildTarget(name)
    log(`${describe(info)} (built in ${Math.round((Date.now() - started) / 1000)} s)`)
    results.push(info)
  }
  return results
}

module.exports = { buildTargets, ZIGBUILD }

if (require.main === module) {
  try {
    const results = buildTargets(process.argv.length > 2 ? process.argv.slice(2) : undefined)
    for (const info of results) console.log(describe(info))
  } catch (error) {
    log(`failed: ${error.message}`)
    process.exit(1)
  }
}
