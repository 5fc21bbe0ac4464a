'use strict'
/**
 * Scenario "reference": what the blake3 crate does with no binding in between, on this
 * machine, for the bench's large input size: `update_rayon` (every core), one-thread
 * `update`, and a plain read pass over the buffer (the memory-bandwidth limit), from
 * bench/lib/rust-reference.js. The targets compare with the same metrics timed again
 * between the memory scenario's rounds.
 */
const { largestSize } = require('../lib/config')
const { GiB, sizeLabel, digits3 } = require('../lib/units')
const { METRICS, runReference } = require('../lib/rust-reference')

const RUNS = 5

async function run ({ config }) {
  const notes = []
  const bytes = largestSize(config)
  const out = runReference(bytes, RUNS, undefined, notes)
  const group = String(bytes)
  const records = Object.entries(METRICS).map(([key, label]) => ({
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
