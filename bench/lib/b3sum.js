'use strict'
/**
 * Finds the `b3sum` binary (PATH, then ~/.cargo/bin). When it is missing, full mode
 * installs it with `cargo install b3sum` (about three minutes); quick mode does without.
 */
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

function versionOf (binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

function locate () {
  for (const binary of ['b3sum', path.join(os.homedir(), '.cargo', 'bin', 'b3sum')]) {
    const version = versionOf(binary)
    if (version) return { binary, version }
  }
  return null
}

/**
 * @param {boolean} install whether to run `cargo install b3sum` if it is missing
 * @returns {{ binary: string, version: string } | { note: string }}
 */
function findB3sum (install) {
  const found = locate()
  if (found) return found
  if (!install) return { note: 'b3sum is not installed; --quick skips it (the full bench runs `cargo install b3sum`, ~3 min)' }
  process.stderr.write('b3sum not found: running `cargo install b3sum` (takes about 3 minutes)\n')
  try {
    execFileSync('cargo', ['install', 'b3sum'], { stdio: ['ignore', 2, 2] })
  } catch (error) {
    return { note: `b3sum is not installed and \`cargo install b3sum\` failed: ${error.message.split('\n')[0]}` }
  }
  return locate() || { note: '`cargo install b3sum` succeeded but b3sum is still not found (is ~/.cargo/bin missing?)' }
}

module.exports = { findB3sum }
