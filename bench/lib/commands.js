'use strict'
/**
 * Whole processes, for timing commands from start to exit: `command()` runs a program
 * (or `shell()` a sh script with its operands as $1, $2, ...) with stdout on /dev/null and
 * resolves when it exits 0; otherwise it rejects with the exit status and the tail of
 * stderr. `peakRss()` runs one under /usr/bin/time for its peak resident set (VmHWM).
 * Every child is killed if the bench exits first.
 */
const fs = require('node:fs')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { trackChild } = require('./cleanup')
const { ROOT } = require('./hashmill')

const KiB = 1024
const GNU_TIME = '/usr/bin/time'
const CLI = path.join(ROOT, 'bin', 'hashmill.js')

/**
 * @param {string} file the program
 * @param {string[]} args
 * @param {{ env?: object }} [options] env: variables to add
 * @returns {Promise<void>}
 */
function command (file, args, { env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    trackChild(child)
    let stderr = ''
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2000) })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) return resolve()
      const tail = stderr.trim().split('\n').slice(-2).join(' | ')
      reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${signal ? `killed by ${signal}` : `exit code ${code}`}${tail ? `; ${tail}` : ''}`))
    })
  })
}

/** Runs `sh -c script` with `operands` as $1, $2, ... (no quoting to get wrong). */
function shell (script, operands, options) {
  return command('sh', ['-c', script, 'sh', ...operands], options)
}

/** `node bin/hashmill.js ...args` with HASHMILL_BACKEND=`kind`: [file, args, options] for command(). */
function cli (kind, args) {
  return [process.execPath, [CLI, ...args], { env: { HASHMILL_BACKEND: kind } }]
}

/** Whether peakRss() can measure here. */
function canMeasurePeakRss () {
  return fs.existsSync(GNU_TIME)
}

/**
 * Runs a command once under GNU time and returns its peak RSS in bytes (`%M`, the maximum
 * resident set of the process, which is what the kernel keeps as its VmHWM). GNU time
 * writes it to a file in `tmp` (the scenario's own directory).
 */
async function peakRss (tmp, file, args, options) {
  const out = path.join(tmp, 'peak-rss.txt')
  try {
    await command(GNU_TIME, ['-f', '%M', '-o', out, file, ...args], options)
    return Number(fs.readFileSync(out, 'utf8').trim().split('\n').pop()) * KiB
  } finally {
    fs.rmSync(out, { force: true })
  }
}

module.exports = { command, shell, cli, canMeasurePeakRss, peakRss, GNU_TIME }
