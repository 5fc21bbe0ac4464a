'use strict'
/**
 * The Rust reference (core/examples/reference.rs, built when missing): what the blake3
 * crate and a plain memory read pass do with no binding in between. The reference scenario
 * prints all of it once; the memory scenario times one metric between its own rounds
 * (`selfTimed` contenders), so a target compares hashmill with it in the same minute of
 * a shared machine, not ten minutes apart.
 */
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { ROOT } = require('./hashmill')
const { MiB, GiB } = require('./units')

/** The reference's metrics, by key, with their labels. */
const METRICS = {
  blake3UpdateRayon: 'Rust blake3 Hasher::update_rayon (all threads)',
  blake3Update: 'Rust blake3 Hasher::update (1 thread)',
  memoryRead: 'Rust memory read pass (bandwidth limit)'
}

function binaryPath () {
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target')
  return path.join(targetDir, 'release', 'examples', 'reference')
}

/**
 * Runs the reference over `bytes` of memory, `runs` times each (and a warm-up run): GiB/s
 * per metric (only `metric`'s when given), and the threads it had.
 * @param {number} bytes
 * @param {number} runs
 * @param {string} [metric]
 * @param {string[]} [notes] where to say that the binary was built
 * @returns {Record<string, number>}
 */
function runReference (bytes, runs, metric, notes = []) {
  const binary = binaryPath()
  if (!fs.existsSync(binary)) {
    notes.push('built the reference example (cargo build --release -p hashmill-core --example reference)')
    execFileSync('cargo', ['build', '--release', '-p', 'hashmill-core', '--example', 'reference'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  }
  const args = [String(bytes / MiB), String(runs), ...(metric ? [metric] : [])]
  return JSON.parse(execFileSync(binary, args, { encoding: 'utf8' }))
}

/**
 * A contender for a contest of `bytes`-long inputs that is the reference's `metric`, timed
 * by the reference itself (one run after a warm-up, in its own process).
 * @param {keyof typeof METRICS} metric
 * @param {number} bytes
 */
function referenceContender (metric, bytes) {
  return {
    key: `rust.${metric}`,
    label: METRICS[metric],
    role: 'reference',
    selfTimed: true,
    call: () => bytes / (runReference(bytes, 1, metric)[metric] * GiB)
  }
}

module.exports = { METRICS, runReference, referenceContender }
