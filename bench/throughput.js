#!/usr/bin/env node
'use strict'
/**
 * Throughput per algorithm, in GiB/s, for one large in-memory input: native `hashSync`
 * (one thread), native `hash()` (the rayon pool), wasm `hash()` with one worker, and
 * node:crypto where it has the algorithm. Median of several runs after a warm-up.
 *
 *   node bench/throughput.js [--size MiB] [--runs N]
 */
const crypto = require('node:crypto')
const path = require('node:path')

const INDEX = path.join(__dirname, '..', 'index.js')

function load (kind, threads) {
  process.env.HASHMILL_BACKEND = kind
  if (threads) process.env.HASHMILL_THREADS = String(threads)
  else delete process.env.HASHMILL_THREADS
  delete require.cache[INDEX]
  const api = require(INDEX)
  delete require.cache[INDEX]
  return api
}

function option (name, fallback) {
  const i = process.argv.indexOf(name)
  return i === -1 ? fallback : Number(process.argv[i + 1])
}

async function median (runs, fn) {
  await fn()
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    await fn()
    times.push(Number(process.hrtime.bigint() - start) / 1e9)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const NODE_NAMES = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha1: 'sha1', md5: 'md5' }

async function main () {
  const size = option('--size', 64) * 2 ** 20
  const runs = option('--runs', 5)
  const data = crypto.randomBytes(size)
  const native = load('native')
  const wasm1 = load('wasm', 1)
  const gib = size / 2 ** 30
  const rate = (seconds) => (gib / seconds).toFixed(2)
  console.log(`input ${size / 2 ** 20} MiB, median of ${runs}; ${native.backend.threads} threads; cpu: ${native.backend.cpuFeatures.join(' ')}`)
  console.log('algorithm  native-sync  native-hash()  wasm-1-worker  node:crypto   (GiB/s)')
  for (const algorithm of native.algorithms) {
    const row = [
      await median(runs, () => native.hashSync(data, { algorithm })),
      await median(runs, () => native.hash(data, { algorithm })),
      await median(runs, () => wasm1.hash(data, { algorithm }))
    ].map(rate)
    const nodeName = NODE_NAMES[algorithm]
    row.push(nodeName ? rate(await median(runs, () => crypto.createHash(nodeName).update(data).digest())) : '-')
    console.log(`${algorithm.padEnd(10)} ${row.map((v) => v.padStart(12)).join('  ')}`)
  }
  process.exit(0)
}

main()
