'use strict'
/**
 * Running other programs from the build and test scripts, without a shell: each script
 * gets a `run` that says what it runs under the script's name, stops on failure, and an
 * `output` that returns what a command printed. Also `npmUnpack`, which fetches a package
 * from the npm registry into a folder (how the scripts get Node binaries and peer
 * libraries for other platforms).
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

  return { log, run, output, tryOutput, npmUnpack }
}

module.exports = { commands }
