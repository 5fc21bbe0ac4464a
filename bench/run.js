#!/usr/bin/env node
'use strict'
/**
 * hashmill's benchmark suite: `node bench/run.js [--quick] [--only scenario,...] [--out file]`.
 * Runs each scenario (bench/scenarios/) in its own child process, prints its tables,
 * evaluates the targets from this run's numbers, and writes the results JSON and the
 * throughput chart. See bench/README.md.
 *
 * This process never loads hashmill itself: the repository's native addon may be rebuilt
 * while the bench runs, and a scenario that crashes because of that is run again.
 */
const fs = require('node:fs')
const path = require('node:path')
const { parseArgs } = require('./lib/args')
const { configFor } = require('./lib/config')
const { runChild, retryCrashes } = require('./lib/child')
const { tempDir, removeTemp } = require('./lib/cleanup')
const { environmentLines } = require('./lib/environment')
const { evaluateTargets } = require('./lib/targets')
const { renderTable } = require('./lib/table')
const { targetsTable } = require('./lib/report')
const { renderChart } = require('./lib/chart')
const { clearProgress, PROGRESS_ENV } = require('./lib/progress')

/** In run order. */
const SCENARIOS = ['reference', 'memory', 'tiny', 'hasher', 'files', 'trees', 'bigtree', 'many', 'startup', 'upload', 'threads', 'eventloop', 'rss', 'buildtools']
const SCENARIO_TIMEOUT_MS = 30 * 60 * 1000
const CHILD_ENV = { [PROGRESS_ENV]: process.stderr.isTTY ? '1' : '0' }

function print (text = '') {
  clearProgress()
  process.stdout.write(`${text}\n`)
}

/** Runs one scenario in a child, in a temp directory removed afterwards, however it ends. */
async function runScenario (name, mode) {
  const notes = []
  try {
    const result = await retryCrashes(async () => {
      const tmp = tempDir(name)
      try {
        return await runChild('scenario', [name, mode, tmp], { env: CHILD_ENV, timeoutMs: SCENARIO_TIMEOUT_MS })
      } finally {
        removeTemp(tmp)
      }
    }, notes)
    return { status: 'ok', ...result, notes: [...notes, ...result.notes || []] }
  } catch (error) {
    return { status: 'error', error: error.message, notes, records: [], tables: [] }
  }
}

/** bench/results.json → bench/chart.svg, results-quick.json → chart-quick.svg. */
function chartPath (out) {
  const name = path.basename(out).replace(/\.json$/, '').replace(/^results/, 'chart')
  return path.join(path.dirname(out), `${name}.svg`)
}

async function main () {
  const args = parseArgs(process.argv.slice(2), SCENARIOS)
  const config = configFor(args.quick)
  const selected = args.only ? SCENARIOS.filter((s) => args.only.includes(s)) : SCENARIOS
  const startedAt = new Date()
  const loadNotes = []
  const environment = await retryCrashes(() => runChild('environment', [], { env: CHILD_ENV }), loadNotes)
  print(`hashmill bench, ${config.mode} mode, ${startedAt.toISOString()}`)
  for (const line of [...environmentLines(environment), ...environment.loadNotes, ...loadNotes]) print(line)
  print()

  const scenarios = {}
  for (const name of selected) {
    const start = Date.now()
    const result = await runScenario(name, config.mode)
    scenarios[name] = { ...result, seconds: (Date.now() - start) / 1000 }
    print(`== ${name} (${scenarios[name].seconds.toFixed(0)} s) ==`)
    for (const table of result.tables) print(`${renderTable(table)}\n`)
    if (result.status === 'error') print(`scenario failed: ${result.error}`)
    for (const note of result.notes) print(`note: ${note}`)
    if (result.notes.length || result.status === 'error') print()
  }

  const measurements = Object.values(scenarios).flatMap((s) => s.records)
  const targets = evaluateTargets(measurements, config)
  print(renderTable(targetsTable(targets, config.mode, Boolean(args.only))))

  const wallSeconds = (Date.now() - startedAt) / 1000
  const results = {
    schema: 'hashmill-bench/1',
    mode: config.mode,
    only: args.only,
    startedAt: startedAt.toISOString(),
    wallSeconds,
    config,
    environment,
    scenarios: Object.fromEntries(Object.entries(scenarios).map(([name, s]) => [name, {
      status: s.status,
      seconds: s.seconds,
      ...s.error ? { error: s.error } : {},
      notes: [...s.notes, ...s.tables.flatMap((t) => t.notes)]
    }])),
    measurements,
    targets
  }
  fs.writeFileSync(args.out, JSON.stringify(results, null, 2) + '\n')
  print(`\nwrote ${path.relative(process.cwd(), args.out)}`)
  const svg = renderChart(measurements, `${environment.cpuModel}, ${environment.availableParallelism} threads, Node ${environment.node}, ${config.mode} mode`)
  if (svg) {
    const file = chartPath(args.out)
    fs.writeFileSync(file, svg)
    print(`wrote ${path.relative(process.cwd(), file)}`)
  } else {
    print('no chart: the memory scenario did not run')
  }
  print(`wall time ${wallSeconds.toFixed(1)} s`)
  // No process.exit(): it could cut off output still queued for a pipe. Nothing here keeps
  // the event loop alive (hashmill is only loaded in children), so the process ends now.
  process.exitCode = Object.values(scenarios).some((s) => s.status === 'error') ? 1 : 0
}

main().catch((error) => {
  clearProgress()
  process.stderr.write(`${error.message}\n`)
  process.exitCode = 2
})
