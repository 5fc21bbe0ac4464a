'use strict'
/**
 * The hashmill command once its arguments are parsed and the package is loaded: answers
 * --help and --version, checks the algorithm, sets up output and the progress bar, then
 * prints digests in operand order (or verifies, with --check). Resolves to the exit status.
 */
const { usage, UsageError } = require('./args')
const { createFormat } = require('./format')
const { INTERNALS } = require('../internals')
const { createOutput } = require('./output')
const { createProgressBar, noProgressBar } = require('./progress-bar')
const { planInputs, hashInputs, STDIN } = require('./hashing')
const { version } = require('../../package.json')

/** How long a run goes before a terminal gets its progress bar. */
const PROGRESS_DELAY_MS = 300

/** --progress draws from the start; by default only on a terminal, and only for long runs. */
function progressBarFor (args, stderr) {
  if (args.progress === true) return createProgressBar(stderr, { delayMs: 0 })
  if (args.progress === undefined && stderr.isTTY) return createProgressBar(stderr, { delayMs: PROGRESS_DELAY_MS })
  return noProgressBar
}

/** Prints one line per file (or tree); true if every operand could be read. */
async function hashOperands (api, args, output, settings, format) {
  const operands = args.operands.length ? args.operands : [STDIN]
  const inputs = await planInputs(operands, args.algorithm, args.recursive || args.tree)
  let ok = true
  for await (const batch of hashInputs(api, inputs, settings)) {
    for (const { path, error } of batch.failures) {
      ok = false
      output.fileError(path, error)
    }
    await output.print(batch.text(args.style, format))
  }
  return ok
}

/**
 * @param {ReturnType<import('./args').parse>} args
 * @param {object} api the hashmill package, loaded after args set its environment
 * @param {{ stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream }} streams
 * @returns {Promise<number>} the exit status
 */
async function run (args, api, { stdout, stderr }) {
  if (args.help) {
    stdout.write(usage(api.algorithms))
    return 0
  }
  if (args.version) {
    const { kind, target, threads } = api.backend
    stdout.write(`hashmill ${version} (${kind} ${target}, ${threads} threads)\n`)
    return 0
  }
  if (!api.algorithms.includes(args.algorithm)) {
    throw new UsageError(`unknown algorithm '${args.algorithm}' (choose one of ${api.algorithms.join(', ')})`)
  }
  const bar = progressBarFor(args, stderr)
  const output = createOutput({ stdout, stderr, bar })
  const cache = args.cache === undefined ? undefined : await api.openHashCache(args.cache)
  const settings = { mmap: args.mmap, tree: args.tree, ignore: args.ignore, gitignore: args.gitignore, track: bar.track, cache }
  const format = createFormat(api[INTERNALS].backend)
  try {
    const ok = args.checkFiles
      ? await require('./check').check(api, args, output, settings, format)
      : await hashOperands(api, args, output, settings, format)
    if (cache) await cache.save()
    return ok ? 0 : 1
  } finally {
    bar.clear()
  }
}

module.exports = { run }
