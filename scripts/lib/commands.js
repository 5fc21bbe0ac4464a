'use strict'
/**
 * Running other programs from the build and test scripts, without a shell: each script
 * gets a `run` that says what it runs under the script's name, stops on failure, and an
 * `output` that returns what a command printed. Also what the tests on other platforms
 * (qemu, Wine) need: Debian packages, a package from the npm registry unpacked into a
 * folder (a Node binary for that platform), and the devDependencies' native binaries for
 * that platform (npm installed only the host's).
 */
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync, spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..', '..')

/**
 * @param {string} name the script's name, prefixed to what it logs
 */
function commands (name) {
  const log = (message) => process.stderr.write(`[${name}] ${message}\n`)

  /** Runs a command with inherited stdio from the repository root; throws if it fails. */
  function run (command, args, options = {}) {
    log(`${command} ${args.join(' ')}`)
    const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options })
    if (result.error) throw result.error
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`)
  }

  /** What a command prints on stdout; throws if it fails. */
  function output (command, args, options = {}) {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options })
  }

  /** What a command prints on stdout, or null if it cannot run or fails. */
  function tryOutput (command, args) {
    try {
      return output(command, args)
    } catch {
      return null
    }
  }

  /**
   * Unpacks the npm package `spec` (`name@version`) into `dir`: the tarball's package/
   * folder becomes `dir`. `options.env` may point npm at another registry or cache.
   */
  function npmUnpack (spec, dir, options = {}) {
    fs.mkdirSync(dir, { recursive: true })
    const packed = JSON.parse(output('npm', ['pack', spec, '--json', '--silent', '--pack-destination', dir], { cwd: dir, ...options }))
    const tarball = path.join(dir, packed[0].filename)
    run('tar', ['xzf', tarball, '-C', dir, '--strip-components=1'])
    fs.rmSync(tarball)
  }

  /**
   * Installs the Debian packages of `names` that are missing (apt-get; needs root);
   * `options` go to the runs (e.g. `stdio`).
   */
  function aptInstall (names, options = {}) {
    // eslint-disable-next-line no-template-curly-in-string -- dpkg-query's own format syntax
    const missing = names.filter((name) => tryOutput('dpkg-query', ['-W', '-f=${Status}', name]) !== 'install ok installed')
    if (missing.length === 0) return
    log(`installing ${missing.join(', ')} (apt-get)`)
    run('apt-get', ['update', '-qq'], options)
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { ...options, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }

  /**
   * Into `modules` (a node_modules folder for NODE_PATH), the `target` build (e.g.
   * linux-arm64-gnu) of each devDependency that ships per-platform binaries as
   * optionalDependencies (@node-rs/crc32, @node-rs/xxhash): the tests compare against them.
   */
  function peerBinaries (target, modules) {
    const { devDependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    for (const name of Object.keys(devDependencies)) {
      const manifest = path.join(ROOT, 'node_modules', name, 'package.json')
      if (!fs.existsSync(manifest)) continue
      const optional = JSON.parse(fs.readFileSync(manifest, 'utf8')).optionalDependencies || {}
      const binary = `${name}-${target}`
      if (!optional[binary] || fs.existsSync(path.join(modules, binary, 'package.json'))) continue
      log(`fetching ${binary}@${optional[binary]}, which the tests compare against`)
      npmUnpack(`${binary}@${optional[binary]}`, path.join(modules, binary))
    }
  }

  return { log, run, output, tryOutput, npmUnpack, aptInstall, peerBinaries }
}

module.exports = { commands }
