'use strict'
/**
 * Scenario "tiny": a 32-byte one-shot call, where nearly all the cost is the call itself,
 * each contender in a process of its own (children/tiny-call.js): hashmill's `hashSync` on
 * both backends, in the encodings a peer's return value matches, and every synchronous
 * peer of the algorithm. In the `memory` contest hashmill's 32-byte calls measured ~80 ns
 * slower than in a process of their own, the Node-API peers' not: there one timing loop, one
 * closure and one hashmill per backend serve every algorithm, size and encoding, so V8 can
 * inline none of them at those call sites, which costs a call made mostly of JavaScript
 * (hashmill's tiny path, ~100 ns) and not a call into native code.
 * An application calls its hash function from its own call sites, as each process here does.
 * `tinyPasses` passes run every contender's process in turn; the figure is the median of
 * its processes' medians, since a whole process now and then runs its calls up to ~1.7
 * times slower than the next one of the same contender.
 */
const { childResult } = require('../lib/child')
const { loadPeers, oneShotPeers } = require('../lib/peers')
const { makeRecord, bestPeer, speedup } = require('../lib/records')
const { median } = require('../lib/measure')
const { count, ratio } = require('../lib/units')
const { errorNotes } = require('../lib/rows')

const BYTES = 32
/** hashmill's encodings per algorithm: the default (hex) or the peers' kind of value. */
const ENCODINGS = { xxh3: ['bigint'], crc32: ['bigint', 'buffer'], sha256: [null] }

async function contenders (algorithm) {
  const hashmill = ['native', 'wasm'].flatMap((kind) => ENCODINGS[algorithm].map((encoding) => ({
    key: encoding ? `${kind}.hashSync.${encoding}` : `${kind}.hashSync`,
    label: `hashmill ${kind} hashSync${encoding ? ` ${encoding}` : ''}`,
    role: 'hashmill',
    backend: kind
  })))
  const peers = oneShotPeers(algorithm, await loadPeers()).filter((p) => !p.async)
    .map(({ key, label }) => ({ key, label, role: 'peer' }))
  return [...hashmill, ...peers].map((c) => ({ ...c, algorithm }))
}

function sample (contender, config, notes) {
  return childResult('tiny-call', [contender.key, contender.algorithm, String(BYTES), String(config.rounds), String(config.minTime)], notes)
}

async function run ({ config, progress }) {
  const records = []
  const tables = []
  const notes = []
  for (const algorithm of Object.keys(ENCODINGS)) {
    const list = await contenders(algorithm)
    const found = new Map(list.map((c) => [c.key, { samples: [], error: undefined }]))
    for (let pass = 1; pass <= config.tinyPasses; pass++) {
      progress(`tiny: ${algorithm}, pass ${pass} of ${config.tinyPasses}`)
      for (const c of list) {
        const result = await sample(c, config, notes)
        const into = found.get(c.key)
        if (result.error) into.error = result.error
        else into.samples.push(result.secondsPerCall)
      }
    }
    const mine = list.map((c) => {
      const { samples, error } = found.get(c.key)
      const result = error ? { error } : { secondsPerCall: median(samples), samples }
      return makeRecord('tiny', `${algorithm}/${BYTES}`, c, result, BYTES, c.backend ? { backend: c.backend } : {})
    })
    records.push(...mine)
    const peer = bestPeer(mine)
    tables.push({
      title: `${algorithm}: one-shot call on ${BYTES} B, each contender in a process of its own (×: ratio to the best peer)`,
      columns: ['implementation', 'ns per call', 'calls/s', '× best peer'],
      rows: mine.map((r) => r.error
        ? [r.label, 'error', '', '']
        : [r.label, (r.secondsPerCall * 1e9).toFixed(0), count(r.callsPerSecond), ratio(speedup(r, peer))]),
      notes: [
        `${config.tinyPasses} passes over fresh processes, each the median of ${config.rounds} rounds after a warm-up; median of the passes`,
        ...errorNotes(mine)
      ]
    })
  }
  if (notes.length) tables[tables.length - 1].notes.push(...notes)
  return { records, tables }
}

module.exports = { name: 'tiny', title: 'Tiny inputs, one call site each', run }
