#!/usr/bin/env node
'use strict'
/**
 * `npm run bench:browser`: hashmill's browser build in Chromium (Debian's, installed with
 * apt-get when missing and root), one page run, on a plain page (not cross-origin
 * isolated, as most pages are): 1 MiB against hash-wasm, xxhash-wasm and
 * `crypto.subtle.digest`; `hashBlob` of 256 MiB (a Blob in memory and a File on disk) and
 * `hash()` of 256 MiB with 2 workers against 1; the first-call cost from a cold page; the
 * bundle's size. Prints the machine, a table and the targets,
 * and writes bench/browser/results.json.
 *
 *   node bench/browser/run.js [--isolated]   (--isolated: a COOP/COEP page, SharedArrayBuffers)
 */
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { describeEnvironment } = require('../lib/environment')
const { browserProblems, launchBrowser } = require('../../scripts/lib/browsers')
const { startStaticServer } = require('../../scripts/lib/static-server')
const { sizeOf } = require('../../scripts/lib/web-bundle')
const { commands } = require('../../scripts/lib/commands')

const ROOT = path.join(__dirname, '..', '..')
const OUT = path.join(__dirname, 'results.json')
const LIMIT_MS = 20 * 60 * 1000
const COLD_RUNS = 5
/** The issue's targets: hashmill over the peer, as `label` over `peer` in `group`. */
const TARGETS = [
  { group: 'blake3 1 MiB', peer: 'hash-wasm blake3', threshold: 2 },
  { group: 'xxh64 1 MiB', peer: 'xxhash-wasm h64Raw', threshold: 1 },
  { group: 'xxh3 1 MiB', peer: 'hash-wasm xxhash3', threshold: 2 },
  { group: 'sha256 1 MiB', peer: 'hash-wasm sha256', threshold: 1 },
  { group: 'hashBlob blake3 256 MiB Blob', hashmill: '2 workers', peer: '1 worker', threshold: 1.7 }
]

const { log, run } = commands('bench:browser')
const { median } = require('../lib/measure')
const { rate } = require('../lib/units')

/**
 * Loads `url` in a fresh context of `browser` (picking `file` in its `#file` input) and
 * returns `window[key]` once the page set it.
 */
async function pageResult (browser, url, key, file) {
  const context = await browser.createBrowserContext()
  try {
    const page = await context.newPage()
    await page.goto(url)
    if (file) await /** @type {any} */ (await page.$('#file')).uploadFile(file)
    await page.waitForFunction((k) => /** @type {any} */ (globalThis)[k] !== undefined, { timeout: LIMIT_MS, polling: 250 }, key)
    return await page.evaluate((k) => /** @type {any} */ (globalThis)[k], key)
  } finally {
    await context.close()
  }
}

/** The table: each group's contenders, with the ratio to the group's peer. */
function table (records) {
  const lines = []
  for (const group of [...new Set(records.map((r) => r.group))]) {
    const rows = records.filter((r) => r.group === group)
    const target = TARGETS.find((t) => t.group === group)
    const basis = rows.find((r) => target && r.label === target.peer) || rows[0]
    lines.push(group)
    for (const r of rows) {
      const perCall = r.secondsPerCall >= 0.01 ? `${(r.secondsPerCall * 1000).toFixed(0)} ms` : `${(r.secondsPerCall * 1e6).toFixed(0)} µs`
      lines.push(`  ${r.label.padEnd(24)} ${rate(r.bytesPerSecond).padStart(12)} ${perCall.padStart(9)}/call  ×${(r.bytesPerSecond / basis.bytesPerSecond).toFixed(2)}`)
    }
  }
  return lines
}

/** Each target: the best hashmill contender of its group over its peer. */
function targets (records) {
  return TARGETS.map((t) => {
    const rows = records.filter((r) => r.group === t.group)
    const peer = rows.find((r) => r.label === t.peer)
    const ours = rows.filter((r) => r.role === 'hashmill' && (!t.hashmill || r.label === t.hashmill))
      .sort((a, b) => b.bytesPerSecond - a.bytesPerSecond)[0]
    const ratio = ours && peer ? ours.bytesPerSecond / peer.bytesPerSecond : NaN
    return { ...t, hashmill: ours && ours.label, ratio, status: ratio >= t.threshold ? 'PASS' : 'FAIL' }
  })
}

async function main (argv) {
  const mode = argv.includes('--isolated') ? 'isolated' : 'plain'
  const problem = browserProblems(['chromium']).chromium
  if (problem) throw new Error(problem)
  if (!fs.existsSync(path.join(ROOT, 'web', 'hashmill.js'))) run(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), '--web'])
  const server = await startStaticServer({ root: ROOT, mode })
  const browser = await launchBrowser('chromium')
  try {
    const version = await browser.version()
    const cold = []
    for (let i = 0; i < COLD_RUNS; i++) cold.push(await pageResult(browser, `${server.url}bench/browser/cold.html`, '__cold'))
    log('running the page (about a minute)')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-bench-')), 'file.bin')
    fs.writeFileSync(file, crypto.randomBytes(256 * 2 ** 20))
    let report
    try {
      report = await pageResult(browser, `${server.url}bench/browser/index.html`, '__bench', file)
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true })
    }
    if (report.failed) throw new Error(report.failed)
    const sizes = ['hashmill.js', 'worker.js', 'hashmill.wasm'].map(sizeOf)
    const environment = describeEnvironment({})
    const firstCall = {
      importMs: median(cold.map((c) => c.importMs)),
      readyMs: median(cold.map((c) => c.readyMs)),
      firstWorkerHashMs: median(cold.map((c) => c.firstWorkerHashMs))
    }
    const results = { mode, browser: version, cpu: environment.cpuModel, logicalCpus: environment.logicalCpus, hardwareConcurrency: report.hardwareConcurrency, records: report.records, targets: targets(report.records), roundTripMicros: report.roundTripMicros, firstCall, sizes }
    fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n')
    const lines = [
      `CPU: ${environment.cpuModel}; ${environment.logicalCpus} logical CPUs; ${version}, ${report.hardwareConcurrency} workers at most, ${mode} page (sharedMemory: ${report.backend.sharedMemory})`,
      '',
      ...table(report.records),
      '',
      `a round trip to a worker (an empty job): ${report.roundTripMicros.toFixed(0)} µs`,
      `first call, cold page (median of ${COLD_RUNS}): import ${firstCall.importMs.toFixed(1)} ms, ready() ${firstCall.readyMs.toFixed(1)} ms, first hash() on a worker ${firstCall.firstWorkerHashMs.toFixed(1)} ms`,
      `bundle: ${sizes.map((s) => `${s.name} ${(s.gzip / 1024).toFixed(1)} KiB`).join(' + ')} = ${(sizes.reduce((a, s) => a + s.gzip, 0) / 1024).toFixed(1)} KiB gzipped (target 200)`,
      '',
      'targets:',
      ...results.targets.map((t) => `  ${t.status}  ${t.group}: ${t.hashmill} ×${t.ratio.toFixed(2)} ${t.peer} (target ×${t.threshold})`)
    ]
    process.stdout.write(lines.join('\n') + `\n\nwritten: ${path.relative(ROOT, OUT)}\n`)
  } finally {
    await browser.close()
    await server.close()
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`[bench:browser] ${error.stack || error.message}\n`)
  process.exit(1)
})
