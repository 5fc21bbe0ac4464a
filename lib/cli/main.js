'use strict'
/**
 * The `hashmill` command (and `hashmill s3`, lib/cli/s3.js), or a drop-in for md5sum,
 * sha*sum, b3sum or xxhsum when started as `hashmill --as NAME` or through a link of that
 * name (lib/cli/personalities.js): parses the arguments in that personality's syntax, sets
 * the environment the package reads when it loads (threads, --backend), loads it, runs, and
 * sets the exit status the personality gives. Runs when loaded; bin/hashmill.js loads it
 * (or its one-file build).
 */
const { choose, toolFor, NAMES, UsageError } = require('./personalities')
const { createStdio } = require('./stdio')

/**
 * The arguments' bytes where Node's UTF-8 decoding of argv lost them (a file name that is
 * not UTF-8), read back from /proc/self/cmdline on Linux; null elsewhere.
 * @param {string[]} argv
 * @returns {(Buffer | null)[] | undefined}
 */
function rawArguments (argv) {
  if (!argv.some((arg) => arg.includes('\ufffd'))) return undefined
  let cmdline
  try {
    cmdline = require('node:fs').readFileSync('/proc/self/cmdline')
  } catch {
    return undefined
  }
  const all = []
  for (let start = 0; start < cmdline.length;) {
    const end = cmdline.indexOf(0, start)
    all.push(cmdline.subarray(start, end === -1 ? cmdline.length : end))
    start = end === -1 ? cmdline.length : end + 1
  }
  const tail = all.slice(all.length - argv.length)
  return argv.map((arg, i) => tail[i] && !tail[i].equals(Buffer.from(arg)) ? tail[i] : null)
}

/** Prints `error` as `tool` words it and gives the exit status it stands for. */
function report (tool, error) {
  const { text, status } = error instanceof UsageError ? tool.usageFailure(error) : tool.failure(error)
  process.stderr.write(text)
  return status
}

/** The personality's command line, parsed; the package loaded; the run's exit status. */
async function main (script, argv, hold) {
  const chosen = choose(script, argv)
  const personality = 'unknown' in chosen ? null : chosen.personality
  if (!personality) {
    throw new UsageError(`unknown personality '${/** @type {{ unknown: string }} */ (chosen).unknown}' for --as (choose one of ${NAMES.join(', ')})`)
  }
  const rest = /** @type {{ argv: string[], skipped: number }} */ (chosen)
  if (personality.name === 'hashmill' && rest.argv[0] === 's3') {
    const s3 = require('./s3')
    return start(s3.parse(rest.argv.slice(1)), (args, api) => s3.run(args, api, stdio))
  }
  const tool = hold.tool = toolFor(personality)
  const raw = rawArguments(argv)
  const args = tool.parse(rest.argv, raw && raw.slice(rest.skipped))
  return start(args, (args, api) => require('./run').run(tool, args, api, stdio))
}

/** Sets the environment the package reads from `args`, loads it and runs `go`. */
function start (args, go) {
  if (args.threads !== undefined) process.env.HASHMILL_THREADS = args.threads
  if (args.backend !== undefined) process.env.HASHMILL_BACKEND = args.backend
  return go(args, require('../../index.js'))
}

/** The personality's tool once known; until then mistakes are worded as hashmill's own. */
/** @type {{ tool: import('./personalities').Tool | null }} */
const hold = { tool: null }
const toolInUse = () => hold.tool || (hold.tool = require('./args').createTool())

const stdio = createStdio(() => toolInUse().name)

main(process.argv[1], process.argv.slice(2), hold).then(
  (status) => { process.exitCode = status },
  (error) => { process.exitCode = report(toolInUse(), error) }
)
