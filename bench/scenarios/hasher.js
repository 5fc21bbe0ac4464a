'use strict'
/**
 * Scenario "hasher": streaming with `createHasher()` on both backends, 64 KiB updates
 * over 64 MiB, every algorithm, against node:crypto `createHash` and hash-wasm's
 * `createXXX()` (created once, reset with `init()`). Each call is a fresh state, every
 * update, and the digest.
 */
const { contest } = require('../lib/measure')
const { contestRecords } = require('../lib/records')
const { loadPeers, streamingPeers } = require('../lib/peers')
const { loadBackends } = require('../lib/backends')
const { randomBuffer } = require('../lib/fixtures')
const { roundsFor } = require('../lib/config')
const { sizeLabel } = require('../lib/units')
const { RATE_COLUMNS, rateRows, errorNotes } = require('../lib/rows')

function hashmillHashers (algorithm, { native, wasm }) {
  return [['native', native], ['wasm', wasm]].filter(([, api]) => api).map(([name, api]) => ({
    key: `${name}.createHasher`,
    label: `hashmill ${name} createHasher`,
    role: 'hashmill',
    algorithm,
    digest: (chunks) => {
      const h = api.createHasher(algorithm)
      for (const chunk of chunks) h.update(chunk)
      return h.digest()
    }
  }))
}

async function run ({ config, progress }) {
  const backends = await loadBackends()
  const peers = await loadPeers()
  const { hasherBytes: bytes, hasherChunk: chunk } = config
  const data = randomBuffer(bytes)
  const chunks = []
  for (let i = 0; i < bytes; i += chunk) chunks.push(data.subarray(i, i + chunk))
  const records = []
  const rows = []
  const api = backends.native || backends.wasm
  // git blob IDs stream only with their size declared: createHasher() benches the others.
  const algorithmTable = api[require('../../lib/internals').INTERNALS].options.table
  for (const algorithm of api.algorithms.filter((name) => !algorithmTable.byName.get(name).sized)) {
    progress(`hasher: ${algorithm}`)
    const contenders = [...hashmillHashers(algorithm, backends), ...await streamingPeers(algorithm, peers)]
    const bound = contenders.map((c) => ({ ...c, fn: () => c.digest(chunks) }))
    const results = await contest(bound, { minTime: config.minTime, rounds: roundsFor(config, bytes) })
    const mine = contestRecords('hasher', algorithm, contenders, results, bytes)
    rows.push(...rateRows(mine, { label: (r) => `${algorithm}: ${r.label}` }))
    records.push(...mine)
  }
  const table = {
    title: `Streaming: ${sizeLabel(chunk)} updates over ${sizeLabel(bytes)} (×: ratio to the best peer)`,
    columns: [...RATE_COLUMNS, '× best peer'],
    rows,
    notes: [...backends.notes, ...errorNotes(records)]
  }
  return { records, tables: [table] }
}

module.exports = { name: 'hasher', title: 'Streaming hashers', run }
