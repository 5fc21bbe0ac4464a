'use strict'
/**
 * Scenario "eventloop": how long the main thread stalls while `hash()` of one large
 * buffer runs, measured with `perf_hooks.monitorEventLoopDelay({ resolution: 1 })` over
 * several calls after a warm-up, for both backends, BLAKE3 and SHA-256. Reports the
 * delay histogram's p99 and max in ms and how long one call took.
 */
const { monitorEventLoopDelay } = require('node:perf_hooks')
const { loadBackends } = require('../lib/backends')
const { randomBuffer } = require('../lib/fixtures')
const { median, describe } = require('../lib/measure')
const { roundsFor } = require('../lib/config')
const { sizeLabel, ms } = require('../lib/units')

const ALGORITHMS = ['blake3', 'sha256']

/** Hashes `data` `rounds` times under the delay monitor (after one unmonitored warm-up). */
async function observe (api, data, algorithm, rounds) {
  await api.hash(data, algorithm)
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  const seconds = []
  histogram.enable()
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    await api.hash(data, algorithm)
    seconds.push((performance.now() - start) / 1000)
  }
  histogram.disable()
  return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, secondsPerCall: median(seconds) }
}

async function run ({ config, progress }) {
  const backends = await loadBackends()
  const bytes = config.bigBytes
  const rounds = roundsFor(config, bytes)
  const data = randomBuffer(bytes)
  const records = []
  for (const [kind, api] of [['native', backends.native], ['wasm', backends.wasm]]) {
    if (!api) continue
    for (const algorithm of ALGORITHMS) {
      progress(`eventloop: ${kind}, ${algorithm}`)
      const base = { id: `eventloop/${algorithm}/${kind}`, scenario: 'eventloop', group: algorithm, key: kind, label: `hashmill ${kind} hash() ${algorithm}`, role: 'hashmill', algorithm, backend: kind, bytes }
      try {
        records.push({ ...base, ...await observe(api, data, algorithm, rounds) })
      } catch (error) {
        records.push({ ...base, error: describe(error) })
      }
    }
  }
  const table = {
    title: `Event-loop delay while hash() of ${sizeLabel(bytes)} runs (monitorEventLoopDelay, resolution 1 ms)`,
    columns: ['implementation', 'p99', 'max', 'per call'],
    rows: records.map((r) => r.error ? [r.label, 'error', '', ''] : [r.label, `${r.p99Ms.toFixed(1)} ms`, `${r.maxMs.toFixed(1)} ms`, ms(r.secondsPerCall)]),
    notes: [`one histogram over ${rounds} calls after a warm-up`, ...backends.notes, ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error}`)]
  }
  return { records, tables: [table] }
}

module.exports = { name: 'eventloop', title: 'Event-loop delay', run }
