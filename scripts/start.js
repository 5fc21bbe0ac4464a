#!/usr/bin/env node
'use strict'
/**
 * `npm start`: hashes every file under a path (default: this repository) with both
 * backends, prints `<digest>  <path>` lines (the sha256sum/b3sum format), checks the two
 * backends agree, and reports throughput. Replaced by the CLI once it exists.
 *
 *   node scripts/start.js [path] [--algorithm NAME]
 */
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const SKIP = new Set(['node_modules', 'target', '.git'])

function loadBackend (kind) {
  process.env.HASHMILL_BACKEND = kind
  const index = require.resolve('..')
  delete require.cache[index]
  const api = require('..')
  delete require.cache[index]
  return api
}

function * walk (dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    if (SKIP.has(entry.name)) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield * walk(full)
    else if (entry.isFile()) yield full
  }
}

function parseArgs (argv) {
  const args = { root: ROOT, algorithm: 'blake3' }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--algorithm' || argv[i] === '-a') args.algorithm = argv[++i]
    else args.root = path.resolve(argv[i])
  }
  return args
}

async function hashAll (api, files, algorithm) {
  const started = process.hrtime.bigint()
  let bytes = 0
  const digests = []
  for (const file of files) {
    const data = fs.readFileSync(file)
    bytes += data.byteLength
    digests.push(await api.hash(data, { algorithm }))
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return { digests, bytes, seconds }
}

async function main () {
  const { root, algorithm } = parseArgs(process.argv.slice(2))
  const files = fs.statSync(root).isDirectory() ? [...walk(root)] : [root]
  const results = {}
  for (const kind of ['native', 'wasm']) {
    results[kind] = await hashAll(loadBackend(kind), files, algorithm)
  }
  const { native, wasm } = results
  files.forEach((file, i) => {
    process.stdout.write(`${native.digests[i]}  ${path.relative(process.cwd(), file) || file}\n`)
  })
  const mismatches = files.filter((_, i) => native.digests[i] !== wasm.digests[i])
  const mib = native.bytes / 2 ** 20
  process.stderr.write(`\n${files.length} files, ${mib.toFixed(1)} MiB, ${algorithm}\n`)
  for (const [kind, r] of Object.entries(results)) {
    process.stderr.write(`  ${kind.padEnd(6)} ${(r.seconds * 1000).toFixed(1).padStart(8)} ms  ${(mib / r.seconds).toFixed(1).padStart(8)} MiB/s\n`)
  }
  if (mismatches.length) {
    process.stderr.write(`backends disagree on: ${mismatches.join(', ')}\n`)
    process.exitCode = 1
  } else {
    process.stderr.write('  native and wasm digests are identical\n')
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`)
  process.exit(2)
})
