'use strict'
/**
 * The command line of bench/run.js: `[--quick] [--only scenario,...] [--out file]`.
 * Unknown arguments are an error, so a typo never runs the full 20-minute bench.
 */
const path = require('node:path')

const BENCH_DIR = path.join(__dirname, '..')

const USAGE = 'usage: node bench/run.js [--quick] [--only scenario,...] [--out bench/results.json]'

/** Where results go when --out is not given: partial runs never replace results.json. */
function defaultOut (quick, only) {
  if (quick) return path.join(BENCH_DIR, 'results-quick.json')
  if (only) return path.join(BENCH_DIR, 'results-only.json')
  return path.join(BENCH_DIR, 'results.json')
}

/**
 * @param {string[]} argv process.argv.slice(2)
 * @param {string[]} scenarioNames the valid names for --only
 * @returns {{ quick: boolean, only: string[] | null, out: string }}
 */
function parseArgs (argv, scenarioNames) {
  let quick = false
  let only = null
  let out = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined]
    const value = () => {
      const v = inline !== undefined ? inline : argv[++i]
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`)
      return v
    }
    if (flag === '--quick') quick = true
    else if (flag === '--only') only = value().split(',').map((s) => s.trim()).filter(Boolean)
    else if (flag === '--out') out = path.resolve(value())
    else if (flag === '--help' || flag === '-h') throw new Error(USAGE)
    else throw new Error(`unknown argument '${arg}'\n${USAGE}`)
  }
  const unknown = (only || []).filter((name) => !scenarioNames.includes(name))
  if (unknown.length) throw new Error(`unknown scenario '${unknown.join("', '")}'; valid: ${scenarioNames.join(', ')}`)
  return { quick, only, out: out || defaultOut(quick, only) }
}

module.exports = { parseArgs }
