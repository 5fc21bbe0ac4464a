'use strict'
/**
 * Runs a program to its end without blocking the test process (so tests with
 * `concurrency` overlap their children): resolves to `{ status, stdout, stderr }`, stdout
 * as bytes (checksum lines may hold any), stderr as text. With `limitMs`, a program still
 * running then is killed (its status is then null).
 */
const { spawn } = require('node:child_process')

/**
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string | Buffer, limitMs?: number }} [options]
 * @returns {Promise<{ status: number | null, stdout: Buffer, stderr: string }>}
 */
function spawnAsync (file, args, { cwd, env, input, limitMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    const out = []
    const err = []
    const timer = limitMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), limitMs)
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    child.on('error', (error) => { clearTimeout(timer); reject(error) })
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() })
    })
    child.stdin.on('error', () => {}) // a program that exits without reading its input
    child.stdin.end(input)
  })
}

module.exports = { spawnAsync }
