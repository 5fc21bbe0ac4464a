'use strict'
/**
 * hashmill in the other JavaScript runtimes, each from an npm package (devDependencies):
 *
 * - workerd (Cloudflare Workers' runtime) on 127.0.0.1: a Worker bundled as wrangler
 *   bundles one (the `workerd` condition, the module imported precompiled), with no
 *   workers, must give Node's digests for the shared cases, its sync calls working
 *   without `ready()`;
 * - Deno and Bun, on both backends: `import hashmill from 'hashmill'` from a project's
 *   node_modules, the shared cases, the official BLAKE3 vectors and the file calls must
 *   give what Node gives, and `hash()` must leave the main thread free.
 *
 * A runtime that cannot run here is skipped, with one line saying why.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { spawn, spawnSync } = require('node:child_process')
const hashmill = require('..')
const { spawnAsync } = require('./helpers/spawn')

const ROOT = path.join(__dirname, '..')
const WORK = path.join(ROOT, 'target', 'runtimes')
const VECTORS = path.join(ROOT, 'vectors', 'blake3.json')
/** How long a runtime's run may take at most (a hang fails; this is not a speed bound). */
const RUN_LIMIT_MS = 5 * 60 * 1000

/** The executable npm installed for `name`, or null with the reason it cannot run. */
function runtimeBinary (name, versionArgs = ['--version']) {
  const bin = path.join(ROOT, 'node_modules', '.bin', name)
  if (!fs.existsSync(bin)) return { bin: null, reason: `node_modules/.bin/${name} is missing (npm ci installs the ${name} package)` }
  const version = spawnSync(bin, versionArgs, { encoding: 'utf8', timeout: 60000 })
  if (version.status !== 0) return { bin: null, reason: `${name} does not run here: ${(version.stderr || String(version.error)).trim().split('\n')[0]}` }
  return { bin, reason: null }
}

const runtimes = {
  workerd: runtimeBinary('workerd'),
  deno: runtimeBinary('deno'),
  bun: runtimeBinary('bun')
}
for (const [name, { reason }] of Object.entries(runtimes)) {
  if (reason) console.log(`# skipping the ${name} tests: ${reason}`)
}

/**
 * A project folder as a user has one: package.json naming hashmill, node_modules/hashmill
 * this repository, and the test's sources (browser/cases.mjs, runtimes/*.mjs).
 */
function prepareProject () {
  fs.rmSync(WORK, { recursive: true, force: true })
  fs.mkdirSync(path.join(WORK, 'node_modules'), { recursive: true })
  fs.symlinkSync(ROOT, path.join(WORK, 'node_modules', 'hashmill'), 'dir')
  fs.writeFileSync(path.join(WORK, 'package.json'), JSON.stringify({ name: 'runtime-test', private: true, type: 'module', dependencies: { hashmill: '*' } }))
  for (const dir of ['browser', 'runtimes']) {
    fs.mkdirSync(path.join(WORK, dir))
    for (const name of fs.readdirSync(path.join(__dirname, dir)).filter((n) => n.endsWith('.mjs'))) {
      fs.copyFileSync(path.join(__dirname, dir, name), path.join(WORK, dir, name))
    }
  }
}

/** A folder of files for the file calls: nested, a .gitignore, sizes around the chunk sizes. */
function makeFolder () {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-runtimes-'))
  const files = { 'a.txt': 'hello\n', empty: '', 'sub/b.bin': 70000, 'sub/deeper/c.bin': (1 << 20) + 3, 'ignored.log': 'not in the tree\n', '.gitignore': '*.log\n' }
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(folder, name)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, typeof content === 'number' ? crypto.randomBytes(content) : content)
  }
  return folder
}

/** Runs `command` and resolves to its stdout; rejects with its stderr when it fails. */
async function runToEnd (command, args, options) {
  const { status, stdout, stderr } = await spawnAsync(command, args, { ...options, limitMs: RUN_LIMIT_MS })
  if (status !== 0) throw new Error(`${path.basename(command)} exited with ${status}:\n${stderr.slice(-3000)}`)
  return stdout.toString()
}

/** Every case's result equals Node's. */
function assertSameResults (actual, wanted) {
  const mismatches = Object.keys(wanted).filter((key) => actual[key] !== wanted[key])
  const extra = Object.keys(actual).filter((key) => !(key in wanted))
  assert.deepEqual([...mismatches, ...extra].slice(0, 20), [], `${mismatches.length} cases differ from Node's, ${extra.length} are not Node's`)
}

/** A port free on 127.0.0.1 right now. */
function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}

const WORKERD_CONFIG = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ]
);

const worker :Workerd.Worker = (
  modules = [
    (name = "main.js", esModule = embed "worker.js"),
    (name = "hashmill.wasm", wasm = embed "hashmill.wasm")
  ],
  compatibilityDate = "2025-01-01"
);
`

/** Whether something accepts connections on `port` of 127.0.0.1 (nothing is sent). */
function accepts (port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

/** How many ports workerd is tried on before the test gives up. */
const WORKERD_PORT_TRIES = 5

/**
 * Starts workerd serving `dir`'s config on a free port of 127.0.0.1, once it listens. The
 * port is free when chosen but not held: should another process take it before workerd
 * binds it, workerd exits and another port is tried.
 * @param {string} dir
 * @param {(chunk: Buffer) => void} log workerd's stderr
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string }>}
 */
async function startWorkerd (dir, log) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/`
    const child = spawn(/** @type {string} */ (runtimes.workerd.bin), ['serve', 'config.capnp', `--socket-addr=http=127.0.0.1:${port}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr.on('data', log)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    for (let polls = 0; child.exitCode === null && child.signalCode === null; polls++) {
      if (await accepts(port)) return { child, url }
      if (polls > 600) {
        child.kill()
        throw new Error('workerd did not listen within a minute')
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 100))])
    }
    if (attempt === WORKERD_PORT_TRIES) throw new Error(`workerd exited (${child.exitCode ?? child.signalCode}) ${attempt} times before listening`)
  }
}

describe('workerd', { skip: runtimes.workerd.reason || false }, () => {
  let child
  let url
  let expected
  let logged = ''
  before(async () => {
    prepareProject()
    const dir = path.join(WORK, 'workerd')
    fs.mkdirSync(dir)
    // As wrangler bundles a Worker: the `workerd` condition, .wasm imports left as modules.
    await require('esbuild').build({
      entryPoints: [path.join(WORK, 'runtimes', 'workerd-worker.mjs')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      external: ['*.wasm'],
      outfile: path.join(dir, 'worker.js'),
      logLevel: 'warning'
    })
    fs.copyFileSync(path.join(ROOT, 'web', 'hashmill.wasm'), path.join(dir, 'hashmill.wasm'))
    fs.writeFileSync(path.join(dir, 'config.capnp'), WORKERD_CONFIG)
    ;({ child, url } = await startWorkerd(dir, (chunk) => { logged += chunk }))
    const { runCases } = await import('./browser/cases.mjs')
    expected = await runCases(hashmill, { quick: true })
  })
  after(() => { if (child) child.kill() })

  it('gives Node\'s digests for every case, inline, with sync calls working without ready()', async () => {
    const response = await fetch(url)
    const text = await response.text()
    assert.equal(response.status, 200, `${text.slice(0, 2000)}\n${logged.slice(-3000)}`)
    const report = JSON.parse(text)
    assert.equal(report.syncBeforeReady, hashmill.hashSync('abc'))
    assert.equal(report.backend.kind, 'wasm')
    assert.equal(report.backend.threads, 1)
    assert.equal(report.backend.sharedMemory, false)
    assertSameResults(report.results, expected)
  })
})

/** How each runtime runs check.mjs: Deno needs permissions, including FFI for the native addon. */
const COMMANDS = {
  deno: (bin) => [bin, ['run', '--allow-read', '--allow-env', '--allow-ffi', '--allow-sys', 'runtimes/check.mjs']],
  bun: (bin) => [bin, ['runtimes/check.mjs']]
}

for (const runtime of /** @type {const} */ (['deno', 'bun'])) {
  describe(runtime, { skip: runtimes[runtime].reason || false }, () => {
    let folder
    let expected
    before(async () => {
      prepareProject()
      folder = makeFolder()
      const { runtimeReport } = await import('./runtimes/report.mjs')
      expected = await runtimeReport(hashmill, VECTORS, folder)
    })
    after(() => { if (folder) fs.rmSync(folder, { recursive: true, force: true }) })

    for (const backend of ['native', 'wasm']) {
      it(`${backend} backend: the cases, the BLAKE3 vectors and the file calls give Node's results; hash() leaves the main thread`, async () => {
        const [command, args] = COMMANDS[runtime](/** @type {string} */ (runtimes[runtime].bin))
        const stdout = await runToEnd(command, [...args, VECTORS, folder], { cwd: WORK, env: { ...process.env, HASHMILL_BACKEND: backend } })
        const report = JSON.parse(stdout)
        assert.equal(report.backend, backend)
        assert.deepEqual(report.vectors, [])
        assertSameResults(report.results, expected.results)
        assert.deepEqual(report.files, expected.files)
        assert.ok(report.ticks > 0, 'no timer fired while hash() hashed 256 MiB: it ran on the main thread')
      })
    }
  })
}
