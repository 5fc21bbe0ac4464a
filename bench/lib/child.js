'use strict'
/**
 * Runs a bench script (bench/children/*.js) in a fresh Node process and returns the JSON
 * object it prints as its last line of stdout. The child's stderr is passed through
 * (progress, warnings). At the deadline the child gets SIGTERM (so it can clean up its
 * own children), then SIGKILL; it is also killed if the bench exits first. Children that
 * load the native addon can crash when a concurrent rebuild replaces it: retryCrashes()
 * runs them again.
 */
const path = require('node:path')
const { spawn } = require('node:child_process')
const { setTimeout: sleep } = require('node:timers/promises')
const { trackChild } = require('./cleanup')
const { describe } = require('./measure')

const CHILDREN = path.join(__dirname, '..', 'children')
const KILL_GRACE_MS = 5000
const ATTEMPTS = 3
const CRASH_SIGNALS = ['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGABRT']
const RETRY_WAIT_MS = 10000

/** A failed child: `signal` is set when it was killed (a crash, or the deadline). */
class ChildError extends Error {
  constructor (message, signal) {
    super(message)
    this.signal = signal
  }
}

/**
 * @param {string} name a file in bench/children/, without .js
 * @param {string[]} args
 * @param {{ env?: object, timeoutMs?: number, execArgv?: string[] }} [options] env: variables
 *   to add; execArgv: Node options (e.g. --expose-gc)
 */
function runChild (name, args, { env = {}, timeoutMs = 600000, execArgv = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, path.join(CHILDREN, `${name}.js`), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    trackChild(child)
    let stdout = ''
    let stderrTail = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => {
      process.stderr.write(d)
      stderrTail = (stderrTail + d).slice(-2000)
    })
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref()
    }, timeoutMs)
    child.on('error', (error) => { clearTimeout(timer); reject(error) })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const last = stdout.trim().split('\n').pop()
      if (code === 0 && last) {
        try { return resolve(JSON.parse(last)) } catch {}
      }
      const why = signal ? `killed by ${signal}` : code === 0 ? 'no JSON result line on stdout' : `exit code ${code}`
      const lines = stderrTail.replace(/\r[^\n]*/g, '').trim().split('\n').slice(-3).join(' | ')
      reject(new ChildError(`${name} ${args.join(' ')}: ${why}${lines ? `; ${lines}` : ''}`, signal))
    })
  })
}

/**
 * Runs `run` again (after a pause) when the child it started was killed by a crash signal:
 * a native addon rebuilt under a running process can do that. Each retry adds a note.
 */
async function retryCrashes (run, notes) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if (!CRASH_SIGNALS.includes(error.signal) || attempt === ATTEMPTS) throw error
      notes.push(`attempt ${attempt} was killed by ${error.signal} (a concurrent rebuild of the native addon can do that); ran it again`)
      await sleep(RETRY_WAIT_MS)
    }
  }
}

/**
 * The `result` a child script prints, the child run again if it crashed; a failure as
 * `{ error }`, so that one failed point does not end its scenario.
 * @param {string} name a file in bench/children/, without .js
 * @param {string[]} args
 * @param {string[]} notes where crashes are noted
 */
async function childResult (name, args, notes) {
  try {
    const { result } = await retryCrashes(() => runChild(name, args), notes)
    return result
  } catch (error) {
    return { error: describe(error) }
  }
}

module.exports = { runChild, retryCrashes, childResult, CHILDREN }
