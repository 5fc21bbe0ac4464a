'use strict'
/**
 * S3 on loopback for the tests: moto's server (`python -m moto.server`, from the venv of
 * python-venv.js) listening on 127.0.0.1 on a port the OS picks, which the server prints
 * once its socket is bound. `stop()` ends it; so does this process's exit, whatever way it
 * ends, so no server outlives a failed test run.
 */
const { spawn } = require('node:child_process')
const { once } = require('node:events')

const LISTENING = /Running on http:\/\/127\.0\.0\.1:(\d+)/

/**
 * @param {string} python the venv's python, with moto[server] installed
 * @returns {Promise<{ endpoint: string, stop(): Promise<void> }>}
 */
async function startMoto (python) {
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'ignore', 'pipe'] })
  const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') }
  process.on('exit', kill)
  let said = ''
  try {
    const port = await new Promise((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        said += chunk
        const match = LISTENING.exec(said)
        if (match) resolve(Number(match[1]))
      })
      child.once('error', reject)
      child.once('exit', (code, signal) => reject(new Error(`moto exited (${signal || code}) before listening:\n${said}`)))
    })
    child.stderr.resume()
    return {
      endpoint: `http://127.0.0.1:${port}`,
      async stop () {
        process.off('exit', kill)
        if (child.exitCode !== null || child.signalCode !== null) return
        const exited = once(child, 'exit')
        child.kill('SIGTERM')
        await exited
      }
    }
  } catch (error) {
    kill()
    process.off('exit', kill)
    throw error
  }
}

module.exports = { startMoto }
