'use strict'
/**
 * A command once its arguments are parsed (by the personality's `tool`) and the package is
 * loaded: answers --help and --version, checks the algorithm and BLAKE3's output options,
 * reads a --keyed key, sets up output and the progress bar, then prints digests in operand
 * order or verifies checksum files (check.js), its output through createOutput. Resolves
 * to the exit status.
 */
const { UsageError } = require('./personalities')
const { INTERNALS } = require('../internals')
const { planInputs, hashInputs, STDIN } = require('./hashing')

/** @typedef {ReturnType<import('./stdio').createStdio>} Stdio */

/**
 * Where the command's text goes: results to stdout, waiting for 'drain' when the pipe is
 * full so a run over many files never buffers its whole output; messages to stderr, worded
 * by the personality. Both first erase the progress bar, which may share the terminal.
 * @param {{ stdout: Stdio['stdout'], stderr: Stdio['stderr'], bar: { clear(): void } }} streams
 */
function createOutput ({ stdout, stderr, bar }) {
  return {
    /** Writes `text` (one batch of lines, a string or bytes) to stdout. */
    async print (text) {
      if (text.length === 0) return
      bar.clear()
      if (!stdout.write(text)) await stdout.drain()
    },
    /** Writes `text` (whole lines) to stderr. */
    stderr (text) {
      if (text.length === 0) return
      bar.clear()
      stderr.write(text)
    }
  }
}

/** How long a run goes before a terminal gets its progress bar. */
const PROGRESS_DELAY_MS = 300

/**
 * No progress bar (a pipe, --no-progress, the tools' personalities): no callbacks, so the
 * API skips its progress work.
 */
const noProgressBar = { track () {}, clear () {} }

/**
 * --progress draws from the start; by default only on a terminal, and only for long runs.
 * @param {{ progress?: boolean }} args
 * @param {Stdio['stderr']} stderr
 */
function progressBarFor (args, stderr) {
  const delayMs = args.progress === true ? 0 : args.progress === undefined && stderr.isTerminal() ? PROGRESS_DELAY_MS : null
  return delayMs === null ? noProgressBar : require('./progress-bar').createProgressBar(stderr.stream(), { delayMs })
}

/**
 * The hashing options besides the algorithm: BLAKE3's derive-key context and its output
 * length (--seek N --length M hash N + M bytes and show the last M, so an XOF window is
 * never longer than the core's largest output); `line` with the window to show, if any.
 */
function specOf (args, table) {
  const { line } = args
  const spec = args.context === undefined ? {} : { context: args.context }
  if (!line.seek && line.length === undefined) return { spec, line }
  const length = line.length === undefined ? table.byName.get(args.algorithm).digestLength : line.length
  const outputLength = Math.max(1, line.seek + length)
  if (outputLength > table.maxOutputLength) {
    throw new Error(`--seek plus --length must be at most ${table.maxOutputLength} bytes here`)
  }
  const windowed = line.seek > 0 || length === 0
  return { spec: { ...spec, outputLength }, line: windowed ? { ...line, length } : { ...line, length: undefined } }
}

/** b3sum --keyed: exactly `length` key bytes from standard input. */
async function readKey (stdin, length) {
  const chunks = []
  let size = 0
  for await (const chunk of stdin) {
    chunks.push(chunk)
    size += chunk.length
    if (size > length) throw new Error(`read more than ${length} key bytes from stdin`)
  }
  if (size < length) throw new Error(`expected ${length} key bytes from stdin, found ${size}`)
  return Buffer.concat(chunks)
}

/** Prints one line per file (or tree); true if every operand could be read. */
async function hashOperands (api, tool, args, output, settings) {
  const operands = args.operands.length ? args.operands : [STDIN]
  const planned = await planInputs(operands, args.algorithm, args.recursive || args.tree)
  // Standard input is named as the tool names it; with --keyed it holds the key instead.
  const inputs = planned.map((input) => input.kind !== 'stdin'
    ? input
    : settings.spec.key
      ? { ...input, kind: 'failed', error: new Error('Cannot open `-` in keyed mode') }
      : { ...input, path: tool.stdinName })
  const { backend } = api[INTERNALS]
  let ok = true
  for await (const batch of hashInputs(api, inputs, settings)) {
    for (const { path, error } of batch.failures) {
      ok = false
      output.stderr(tool.fileError(path, error))
    }
    await output.print(batch.text(settings.line, backend))
  }
  return ok
}

/**
 * @param {ReturnType<import('./args').createTool>} tool the personality
 * @param {import('./personalities').Settings} args
 * @param {object} api the hashmill package, loaded after args set its environment
 * @param {Stdio} streams lib/cli/stdio.js
 * @returns {Promise<number>} the exit status
 */
async function run (tool, args, api, streams) {
  const { stdout, stderr } = streams
  if (args.mode === 'help' || args.mode === 'version') {
    const { stream, text } = tool[args.mode](api)
    ;(stream === 'stdout' ? stdout : stderr).write(text)
    return 0
  }
  if (args.mode === 'bench') return require('./xxhsum-bench').bench(api, args, tool.name, stderr)
  if (!api.algorithms.includes(args.algorithm)) {
    throw new UsageError(`unknown algorithm '${args.algorithm}' (choose one of ${api.algorithms.join(', ')})`)
  }
  const { backend } = api[INTERNALS]
  const { spec, line } = specOf(args, backend.table)
  if (args.keyed) spec.key = await readKey(streams.stdin, backend.table.keyLength)
  const bar = progressBarFor(args, stderr)
  const output = createOutput({ stdout, stderr, bar })
  const cache = args.cache === undefined ? undefined : await api.openHashCache(args.cache)
  const settings = { spec, line, mmap: args.mmap, tree: args.tree, ignore: args.ignore, gitignore: args.gitignore, track: bar.track, cache }
  try {
    const ok = args.mode === 'check'
      ? await require('./check').check(api, args, tool.dialect(api, args, backend), output, settings)
      : await hashOperands(api, tool, args, output, settings)
    if (cache) await cache.save()
    return ok ? 0 : 1
  } finally {
    bar.clear()
  }
}

module.exports = { run }
