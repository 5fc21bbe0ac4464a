'use strict'
/**
 * Scenario "startup": what the CLI costs before it hashes anything. Whole processes,
 * `hashmill -a sha256 FILE` on one small file with HASHMILL_BACKEND=native and =wasm,
 * against `node -e 0` (the floor any Node CLI starts from), the least a Node program
 * doing the same job does (read the file, node:crypto's SHA-256, one line to stdout), and
 * that program compiling the wasm module the wasm CLI hashes with on the calling thread
 * besides (what any program using a wasm build pays: Node keeps no compiled wasm between
 * processes), over `startupRounds` interleaved rounds (full: 30). Notes whether the CLI ran
 * from its one-file build.
 */
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { MODULE_LOG_ENV, loadedFiles } = require('../../scripts/lib/module-log')
const { contest } = require('../lib/measure')
const { contestRecords, speedup } = require('../lib/records')
const { command, cli } = require('../lib/commands')
const { randomBuffer } = require('../lib/fixtures')
const { ms, ratio } = require('../lib/units')

const FILE_BYTES = 1024
/** The same job in the fewest lines of Node: what any Node CLI pays beyond `node -e 0`. */
const LEAST_SCRIPT = "const f = process.argv[1]; process.stdout.write(require('node:crypto').createHash('sha256').update(require('node:fs').readFileSync(f)).digest('hex') + '  ' + f + '\\n')"
/** The module the wasm backend's calling thread runs (lib/wasm/module.js), which the wasm CLI compiles. */
const CALLING_THREAD_WASM = path.join(__dirname, '..', '..', 'binding-wasm', 'pkg', 'main', 'hashmill_wasm_bg.wasm')
/** LEAST_SCRIPT after compiling that module, as a wasm build must before it hashes. */
const LEAST_WASM_SCRIPT = `new WebAssembly.Module(require('node:fs').readFileSync(process.argv[2])); ${LEAST_SCRIPT}`

/**
 * Whether the CLI runs from its one-file build (bin/hashmill.bundle.js), by Node's module
 * log: after an edit to lib/ without `npm run build` it runs lib/ itself, which is slower.
 */
function runsBundle () {
  const [file, args, { env }] = cli('native', ['--version'])
  const { stderr } = spawnSync(file, args, { env: { ...process.env, ...env, ...MODULE_LOG_ENV }, encoding: 'utf8' })
  return loadedFiles(stderr).some((loaded) => path.basename(loaded) === 'hashmill.bundle.js')
}

async function run ({ config, tmp, progress }) {
  const file = path.join(tmp, 'small.bin')
  fs.writeFileSync(file, randomBuffer(FILE_BYTES))
  const contenders = [
    { key: 'node', label: 'node -e 0', role: 'reference', fn: () => command(process.execPath, ['-e', '0']) },
    { key: 'least', label: 'node -e "readFileSync, node:crypto SHA-256, one line out" FILE', role: 'reference', fn: () => command(process.execPath, ['-e', LEAST_SCRIPT, file]) },
    { key: 'least-wasm', label: `the same, after compiling the wasm calling thread's module (${Math.round(fs.statSync(CALLING_THREAD_WASM).size / 1000)} KB)`, role: 'reference', fn: () => command(process.execPath, ['-e', LEAST_WASM_SCRIPT, file, CALLING_THREAD_WASM]) },
    ...['native', 'wasm'].map((kind) => ({ key: `${kind}.cli`, label: `hashmill -a sha256 FILE, HASHMILL_BACKEND=${kind}`, role: 'hashmill', algorithm: 'sha256', fn: () => command(...cli(kind, ['-a', 'sha256', file])) }))
  ].map((c) => ({ async: true, ...c }))
  const bundled = runsBundle()
  progress(`startup: ${config.startupRounds} rounds`)
  const results = await contest(contenders, { minTime: 0, rounds: config.startupRounds })
  const records = contestRecords('startup', 'cli', contenders, results, FILE_BYTES)
  const node = records[0]
  return {
    records,
    tables: [{
      title: `CLI start: whole processes on one ${FILE_BYTES}-byte file (×: time over node -e 0)`,
      columns: ['command', 'median', 'fastest', '× node -e 0'],
      rows: records.map((r) => r.error
        ? [r.label, 'error', '', '']
        : [r.label, ms(r.secondsPerCall), ms(Math.min(...r.samples)), ratio(1 / speedup(r, node))]),
      notes: [
        `${config.startupRounds} interleaved rounds after a warm-up run each, median; stdout on /dev/null; Node ${process.version}`,
        bundled ? 'the CLI ran from its one-file build (bin/hashmill.bundle.js)' : 'the CLI ran from lib/, not its one-file build: run `npm run build` first for the figures users get',
        ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
      ]
    }]
  }
}

module.exports = { name: 'startup', title: 'CLI start', run }
