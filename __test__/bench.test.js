'use strict'
/**
 * The benchmark keeps working: a short run of six scenarios completes and writes its
 * measurements and target verdicts (the chart needs the memory scenario, so it is not
 * drawn here). It asserts that the bench runs, never how fast.
 */
const { it } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

it('bench/run.js --quick --only hasher,eventloop,upload,many,startup,trees runs and writes its results', { timeout: 300000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-bench-test-'))
  try {
    const out = path.join(dir, 'results.json')
    const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'bench', 'run.js'), '--quick', '--only', 'hasher,eventloop,upload,many,startup,trees', '--out', out], { encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr + run.stdout)
    const results = JSON.parse(fs.readFileSync(out, 'utf8'))
    assert.equal(results.mode, 'quick')
    assert.ok(results.measurements.length > 10, 'measurements recorded')
    assert.ok(results.targets.some((t) => t.status === 'PASS' || t.status === 'FAIL'), 'some target evaluated')
    // The floors the misses are weighed against ran too: the fs pass, the packing, the least CLI.
    for (const id of ['trees/20000/fs-floor', 'many/xxh3/buffers/floor', 'many/sha256/strings/floor', 'startup/cli/least', 'startup/cli/least-wasm']) {
      const floor = results.measurements.find((m) => m.id === id)
      assert.ok(floor && !floor.error && floor.secondsPerCall > 0, `${id} measured`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
