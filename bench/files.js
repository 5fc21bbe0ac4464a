#!/usr/bin/env node
'use strict'
/**
 * File throughput: one large file (native, wasm, the `b3sum` binary if installed, and
 * node:crypto streaming) and many small files (hashFiles against a Promise.all of
 * fs.readFile + crypto.createHash). Page cache warm; median of several runs.
 *
 *   node bench/files.js [--big-mib 1024] [--small 20000] [--runs 3]
 */
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const INDEX = path.join(__dirname, '..', 'index.js')
const BASELINE_BATCH = 256

function load (kind) {
  process.env.HASHMILL_BACKEND = kind
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

function writeRandomFile (file, bytes) {
  const fd = fs.openSync(file, 'w')
  const block = crypto.randomBytes(1 << 24)
  for (let done = 0; done < bytes; done += block.length) fs.writeSync(fd, block, 0, Math.min(block.length, bytes - done))
  fs.closeSync(fd)
}

function streamHash (file, algorithm) {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash(algorithm)
    fs.createReadStream(file, { highWaterMark: 1 << 20 }).on('data', (c) => h.update(c)).on('end', () => resolve(h.digest('hex'))).on('error', reject)
  })
}

function hasB3sum () {
  try { execFileSync('b3sum', ['--version'], { stdio: 'ignore' }); return true } catch { return false }
}

async function main () {
  const bigBytes = option('--big-mib', 1024) * 2 ** 20
  const smallCount = option('--small', 20000)
  const runs = option('--runs', 3)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-bench-'))
  try {
    const native = load('native')
    const wasm = load('wasm')
    const big = path.join(dir, 'big.bin')
    writeRandomFile(big, bigBytes)
    fs.readFileSync(big).fill(0) // warm the page cache
    const gib = bigBytes / 2 ** 30
    const line = (name, seconds) => console.log(`  ${name.padEnd(56)} ${(gib / seconds).toFixed(2).padStart(6)} GiB/s  (${(seconds * 1000).toFixed(0)} ms)`)
    console.log(`one ${bigBytes / 2 ** 20} MiB file, ${os.availableParallelism()} threads, median of ${runs}`)
    line('hashmill native hashFile blake3 (mmap)', await median(runs, () => native.hashFile(big)))
    line('hashmill native hashFile blake3 (no mmap)', await median(runs, () => native.hashFile(big, { mmap: false })))
    line('hashmill wasm hashFile blake3', await median(runs, () => wasm.hashFile(big)))
    if (hasB3sum()) line('b3sum (blake3 crate CLI, mmap + rayon)', await median(runs, () => execFileSync('b3sum', [big])))
    line('hashmill native hashFile sha256', await median(runs, () => native.hashFile(big, 'sha256')))
    line('hashmill wasm hashFile sha256', await median(runs, () => wasm.hashFile(big, 'sha256')))
    line('node:crypto createReadStream sha256', await median(runs, () => streamHash(big, 'sha256')))
    fs.rmSync(big)

    const files = []
    for (let i = 0; i < smallCount; i++) {
      const sub = path.join(dir, 'tree', String(i % 100))
      if (i < 100) fs.mkdirSync(sub, { recursive: true })
      const file = path.join(sub, `${i}.bin`)
      fs.writeFileSync(file, crypto.randomBytes(1024 + (i * 7919) % (63 * 1024)))
      files.push(file)
    }
    console.log(`\n${smallCount} files of 1-64 KiB, median of ${runs}`)
    const small = (name, seconds) => console.log(`  ${name.padEnd(56)} ${(smallCount / seconds).toFixed(0).padStart(7)} files/s  (${(seconds * 1000).toFixed(0)} ms)`)
    // One Promise.all over 20k readFile calls fails with EMFILE (each holds a descriptor),
    // so the baseline is a loop of Promise.all over batches of BASELINE_BATCH files.
    const baseline = await median(runs, async () => {
      for (let i = 0; i < files.length; i += BASELINE_BATCH) {
        await Promise.all(files.slice(i, i + BASELINE_BATCH).map(async (f) =>
          crypto.createHash('sha256').update(await fs.promises.readFile(f)).digest('hex')))
      }
    })
    small(`Promise.all readFile + createHash sha256 (batches of ${BASELINE_BATCH})`, baseline)
    for (const [name, api] of [['native', native], ['wasm', wasm]]) {
      for (const algorithm of ['sha256', 'blake3']) {
        const t = await median(runs, () => api.hashFiles(files, algorithm))
        small(`hashmill ${name} hashFiles ${algorithm}`, t)
        if (algorithm === 'sha256') console.log(`    ratio to baseline: ${(baseline / t).toFixed(2)}x`)
      }
    }
    const treeTime = await median(runs, () => native.hashDirectory(path.join(dir, 'tree')))
    small('hashmill native hashDirectory blake3', treeTime)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  process.exit(0)
}

main()
