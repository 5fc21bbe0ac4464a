'use strict'
/**
 * Scenario "reference": what the blake3 crate does with no binding in between, on this
 * machine, for the bench's large input size: `update_rayon` (every core), one-thread
 * `update`, and a plain read pass over the buffer (the memory-bandwidth limit). Runs
 * core/examples/reference.rs, building it first if the binary is missing.
 */
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { ROOT } = require('../lib/hashmill')
const { largestSize } = require('../lib/config')
const { MiB, GiB, sizeLabel, digits3 } = require('../lib/units')

const RUNS = 5
const METRICS = [
  ['blake3UpdateRayon', 'Rust blake3 Hasher::update_rayon (all threads)'],
  ['blake3Update', 'Rust blake3 Hasher::update (1 thread)'],
  ['memoryRead', 'Rust memory read pass (bandwidth limit)']
]

function binaryPath () {
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target')
  return path.join(targetDir, 'release', 'examples', 'reference')
}

async function run ({ config }) {
  const binary = binaryPath()
  const notes = []
  if (!fs.existsSync(binary)) {
    notes.push('built the reference example (cargo build --release -p hashmill-core --example reference)')
    execFileSync('cargo', ['build', '--release', '-p', 'hashmill-core', '--example', 'reference'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  }
  const bytes = largestSize(config)
  const out = JSON.parse(execFileSync(binary, [String(bytes / MiB), String(RUNS)], { encoding: 'utf8' }))
  const group = String(bytes)
  const records = METRICS.map(([key, label]) => ({
    id: `reference/${group}/${key}`,
    scenario: 'reference',
    group,
    key,
    label,
    role: 'reference',
    bytes,
    bytesPerSecond: out[key] * GiB,
    runs: RUNS,
    threads: out.threads
  }))
  notes.push(`median of ${RUNS} runs in one process, ${out.threads} threads`)
  const table = {
    title: `Rust reference, ${sizeLabel(bytes)} in memory`,
    columns: ['implementation', 'GiB/s'],
    rows: records.map((r) => [r.label, digits3(r.bytesPerSecond / GiB)]),
    notes
  }
  return { records, tables: [table] }
}

module.exports = { name: 'reference', title: 'Rust reference speeds', run }
