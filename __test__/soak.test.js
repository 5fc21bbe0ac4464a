'use strict'
/**
 * The short version of the differential soak (issue #6; `npm run soak` runs 100k inputs):
 * 3,000 random inputs up to 2 MiB through every API on both backends against node:crypto,
 * hash-wasm, xxhash-wasm, @node-rs/xxhash, @node-rs/crc32, b3sum and the official BLAKE3
 * vectors (see helpers/soak.js). A fixed seed, so a failure reproduces with
 * `node scripts/soak.js --seed <seed> --start <index> --count 1 --max-bytes 2097152`.
 */
const { describe, it, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { backends } = require('./helpers/backends')
const { runSoak, generateCase, edgeLengths } = require('./helpers/soak')

const SEED = 6061
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-soak-test-'))
after(() => fs.rmSync(tmpDir, { recursive: true, force: true }))

describe('differential soak', () => {
  it('3,000 random inputs on both backends: no mismatch', { timeout: 60000 }, async (t) => {
    const started = Date.now()
    const stats = await runSoak({ apis: backends, seed: SEED, count: 3000, maxBytes: 2 << 20, tmpDir })
    t.diagnostic(`${stats.cases} inputs, ${stats.calls} calls, ${(stats.bytes / 2 ** 20).toFixed(0)} MiB in ${Date.now() - started} ms; references ${JSON.stringify(stats.peers)}; derive-key: ${stats.deriveKeyReference}`)
    assert.deepEqual(stats.mismatches, [], 'mismatches (replay one with scripts/soak.js --seed --start --count 1)')
    assert.equal(stats.cases, 3000)
  })

  it('the generator covers every API, algorithm, edge length and mode, reproducibly', () => {
    const opts = { maxBytes: 2 << 20, thresholds: Object.values(backends.wasm.backend.inlineMaxBytes), poolBytes: 3 << 20 }
    const cases = Array.from({ length: 3000 }, (_, i) => generateCase(SEED, i, opts))
    assert.deepEqual(generateCase(SEED, 1234, opts), cases[1234], 'a case depends only on (seed, index)')
    const seen = (f) => new Set(cases.map(f))
    assert.equal(seen((c) => c.api).size, 7)
    assert.equal(seen((c) => c.options.algorithm).size, 14, '13 algorithms, and the vectors (no algorithm: BLAKE3)')
    for (const edge of [0, 1, 65536, 131072, 131073, 1048575, 1048576, 1048577]) {
      assert.ok(cases.some((c) => c.length === edge), `length ${edge} is drawn`)
    }
    assert.ok(cases.some((c) => c.vector && c.vector.mode === 'derive_key'), 'official derive-key vectors are drawn')
    assert.ok(cases.some((c) => c.options.key && !c.vector) && cases.some((c) => c.options.context !== undefined && !c.vector))
    assert.ok(cases.filter((c) => c.length <= 2).length > 100, 'edges are favoured')
    assert.ok(edgeLengths(8 << 20, []).includes((8 << 20) - 1))
  })

  it('the checker catches a backend that silently truncates its input', { timeout: 30000 }, async () => {
    const truncating = { ...backends.native, hash: (input, options) => backends.native.hash(Buffer.from(input).subarray(0, -1), options) }
    const stats = await runSoak({ apis: { truncating }, seed: SEED, count: 300, maxBytes: 64 << 10, tmpDir, maxMismatches: 5 })
    assert.ok(stats.mismatches.length >= 5, `${stats.mismatches.length} mismatches`)
    for (const m of stats.mismatches) assert.equal(m.api, 'hash')
  })
})
