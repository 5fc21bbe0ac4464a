'use strict'
/**
 * Where the numbers come from: CPU model and flags, cores, memory, OS, Node and OpenSSL,
 * hashmill's commit and backends (with the SIMD features the native code dispatches on),
 * and the versions of the peers.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { ROOT } = require('./hashmill')
const { GiB } = require('./units')

const PEERS = ['hash-wasm', 'xxhash-wasm', '@node-rs/xxhash', '@node-rs/crc32', '@aws-sdk/crc64-nvme']
/** CPU flags that matter to the hash code (as /proc/cpuinfo names them). */
const HASH_FLAGS = ['sse4_1', 'avx2', 'avx512f', 'avx512vl', 'sha_ni', 'pclmulqdq', 'vpclmulqdq']

function cpuInfo () {
  let text = ''
  try { text = fs.readFileSync('/proc/cpuinfo', 'utf8') } catch {}
  const field = (name) => (text.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm')) || [])[1]
  const flags = (field('flags') || '').split(/\s+/)
  return {
    model: field('model name') || (os.cpus()[0] || {}).model || 'unknown',
    hashFlags: text ? HASH_FLAGS.filter((f) => flags.includes(f)) : null
  }
}

function git (...args) {
  try { return execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() } catch { return null }
}

function versionOf (name) {
  try { return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version } catch { return null }
}

/** @param {{ native?: object, wasm?: object }} backends loaded hashmill APIs */
function describeEnvironment (backends) {
  const cpu = cpuInfo()
  const backend = (api) => api && (({ kind, target, threads, cpuFeatures, inlineMaxBytes }) =>
    ({ kind, target, threads, cpuFeatures: [...cpuFeatures], inlineMaxBytes }))(api.backend)
  return {
    cpuModel: cpu.model,
    cpuFlags: cpu.hashFlags,
    logicalCpus: os.cpus().length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: +(os.totalmem() / GiB).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    openssl: process.versions.openssl,
    hashmillCommit: git('rev-parse', '--short', 'HEAD'),
    hashmillDirty: !!git('status', '--porcelain'),
    native: backend(backends.native),
    wasm: backend(backends.wasm),
    peers: Object.fromEntries(PEERS.map((name) => [name, versionOf(name)]))
  }
}

/** The environment as the lines printed before the tables. */
function environmentLines (env) {
  const peers = Object.entries(env.peers).map(([n, v]) => `${n} ${v}`).join(', ')
  return [
    `CPU: ${env.cpuModel}; ${env.logicalCpus} logical CPUs (availableParallelism ${env.availableParallelism}); ${env.memoryGiB} GiB RAM`,
    `CPU flags: ${env.cpuFlags ? env.cpuFlags.join(' ') : 'unknown (no /proc/cpuinfo)'}`,
    `OS: ${env.os}; Node ${env.node}; OpenSSL ${env.openssl}`,
    `hashmill ${env.hashmillCommit || '?'}${env.hashmillDirty ? ' (uncommitted changes)' : ''}`,
    `  native: ${env.native ? `${env.native.target}, ${env.native.threads} threads, SIMD: ${env.native.cpuFeatures.join(' ')}` : 'not loaded'}`,
    `  wasm: ${env.wasm ? `${env.wasm.threads} workers, SIMD: ${env.wasm.cpuFeatures.join(' ')}` : 'not loaded'}`,
    `peers: ${peers}`
  ]
}

module.exports = { describeEnvironment, environmentLines }
