#!/usr/bin/env node
'use strict'
/**
 * The `hashmill` command (and `hashmill s3`, lib/cli/s3.js): parses the arguments, sets
 * the environment the package reads when it loads (-j, --backend), loads it, runs, and
 * sets the exit status (0 ok, 1 a file unreadable or not matching, 2 usage).
 */
// Node >= 22.1 keeps the compiled code of hashmill's modules on disk for the next run (as
// tsc does); older Node compiles them each time.
const { enableCompileCache } = /** @type {any} */ (require('node:module'))
if (typeof enableCompileCache === 'function') enableCompileCache()

const { parse, usageHint, UsageError } = require('../lib/cli/args')

/** Prints `error` and gives the exit status it stands for. */
function report (error) {
  if (error instanceof UsageError) {
    process.stderr.write(usageHint(error.message))
    return 2
  }
  process.stderr.write(`hashmill: ${error.message}\n`)
  // The backend asked for (--backend, -j) cannot start: as much a usage error as a bad flag.
  return error.code === 'ERR_HASHMILL_BACKEND' ? 2 : 1
}

async function main (argv) {
  const command = argv[0] === 's3' ? require('../lib/cli/s3') : null
  const args = command ? command.parse(argv.slice(1)) : parse(argv)
  if (args.threads !== undefined) process.env.HASHMILL_THREADS = args.threads
  if (args.backend !== undefined) process.env.HASHMILL_BACKEND = args.backend
  const api = require('../index.js')
  const { run } = command || require('../lib/cli/run')
  return run(args, api, process)
}

// A reader that went away (`hashmill * | head`) just ends the run.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error
  process.exit()
})

main(process.argv.slice(2)).then(
  (status) => { process.exitCode = status },
  (error) => { process.exitCode = report(error) }
)
