#!/usr/bin/env node
'use strict'
/**
 * `npm run soak`: the differential soak of issue #6. Hashes N random inputs (lengths up to
 * --max-bytes, edges favoured; random algorithms, options, APIs and chunkings) on the
 * chosen backends and compares every digest with node:crypto and the peer libraries
 * (see __test__/helpers/soak.js). Prints inputs tried, bytes hashed, mismatches and the
 * seed; exits 1 on any mismatch.
 *
 *   node scripts/soak.js [--count 100000] [--seed S] [--start I] [--max-bytes 8388608]
 *                        [--backend native|wasm|both] [--concurrency 4]
 *
 * A mismatch line names its case index: `--seed S --start I --count 1` replays it alone.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { backends } = require('../__test__/helpers/backends')
const { runSoak } = require('../__test__/helpers/soak')

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    start: { type: 'string', default: '0' },
    'max-bytes': { type: 'string', default: String(8 << 20) },
    backend: { type: 'string', default: 'both' },
    concurrency: { type: 'string', default: '4' }
  }
})

function integer (name, min, max = Number.MAX_SAFE_INTEGER) {
  const n = Number(values[name])
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}; got '${values[name]}'`)
    process.exit(2)
  }
  return n
}

if (!['native', 'wasm', 'both'].includes(values.backend)) {
  console.error(`--backend must be native, wasm or both; got '${values.backend}'`)
  process.exit(2)
}
const seed = values.seed === undefined ? (Date.now() ^ process.pid) >>> 0 : integer('seed', 0, 2 ** 32 - 1)
const apis = values.backend === 'both' ? backends : { [values.backend]: backends[values.backend] }
const count = integer('count', 1)
const mib = (n) => `${(n / 2 ** 20).toFixed(0)} MiB`

async function main () {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-soak-'))
  const started = Date.now()
  console.log(`soak: seed ${seed}, ${count} inputs from #${values.start}, up to ${values['max-bytes']} bytes, backends ${Object.keys(apis).join('+')}`)
  let stats
  try {
    stats = await runSoak({
      apis,
      seed,
      count,
      start: integer('start', 0),
      maxBytes: integer('max-bytes', 0, 256 << 20),
      concurrency: integer('concurrency', 1, 64),
      tmpDir,
      onProgress: (s) => console.log(`  ${s.cases} inputs, ${mib(s.bytes)}, ${s.mismatches.length} mismatches, ${((Date.now() - started) / 1000).toFixed(0)} s`)
    })
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true })
  }
  for (const m of stats.mismatches) console.log('MISMATCH', JSON.stringify(m))
  console.log(`inputs tried: ${stats.cases}; calls: ${stats.calls}; bytes hashed: ${stats.bytes} (${mib(stats.bytes)}); mismatches: ${stats.mismatches.length}`)
  console.log(`references: ${Object.entries(stats.peers).map(([k, v]) => `${k} ${v}`).join(', ')}, official BLAKE3 vectors; derive-key: ${stats.deriveKeyReference}`)
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s; reproduce with: node scripts/soak.js --seed ${seed} --count ${count} --max-bytes ${values['max-bytes']} --backend ${values.backend}`)
  if (stats.mismatches.length) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
