'use strict'
/**
 * Runs a program to its end without blocking the test process (so tests with
 * `concurrency` overlap their children): resolves to `{ status, stdout, stderr }`, stdout
 * as bytes (checksum lines may hold any), stderr as text.
 */
const { spawn } = require('node:child_process')

/**
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string | Buffer }} [options]
 * @returns {Promise<{ status: number | null, stdout: Buffer, stderr: string }>}
 */
function spawnAsync (file, args, { cwd, env, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }))
    child.stdin.on('error', () => {}) // a program that exits without reading its input
    child.stdin.end(input)
  })
}

module.exports = { spawnAsync }
