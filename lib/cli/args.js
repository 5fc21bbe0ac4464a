'use strict'
/**
 * The command line of `hashmill` itself: coreutils' options read the way sha256sum reads
 * them (coreutils.js), b3sum's (keyed, derive-key, length, seek, no-names, raw, num-threads)
 * and hashmill's own (-a, -r, --tree, --json, -j, --backend, --ignore, --gitignore,
 * --progress). Knows nothing of the hashing package, so the caller can set
 * HASHMILL_THREADS / HASHMILL_BACKEND from the result before loading it. Usage errors exit
 * with status 2.
 */
const coreutils = require('./coreutils')
const { UsageError, operandsAt, hashmillVersion } = require('./personalities')
const { strerror } = require('../fs-errors')

/** @type {import('./getopt').OptionSpec[]} */
const OPTIONS = [
  ...coreutils.OPTIONS.filter((spec) => spec.name !== 'help'),
  { name: 'help', short: 'h' },
  { name: 'algorithm', short: 'a', value: true },
  { name: 'recursive', short: 'r' },
  { name: 'tree' },
  { name: 'json' },
  { name: 'threads', short: 'j', value: true },
  { name: 'num-threads', value: true },
  { name: 'backend', value: true },
  { name: 'mmap' },
  { name: 'no-mmap' },
  { name: 'ignore', value: true },
  { name: 'gitignore' },
  { name: 'cache', value: true },
  { name: 'progress' },
  { name: 'no-progress' },
  { name: 'keyed' },
  { name: 'derive-key', value: true },
  { name: 'length', short: 'l', value: true },
  { name: 'seek', value: true },
  { name: 'no-names' },
  { name: 'raw' }
]

const BACKENDS = ['native', 'wasm']

/** `--help`; `algorithms` comes from the loaded package so the list is never stale. */
function usage (algorithms) {
  return `Usage: hashmill [OPTION]... [FILE]...
  or:  hashmill -c [OPTION]... [CHECKFILE]...
  or:  hashmill --as TOOL [TOOL'S OPTIONS]... [FILE]...
Print or check checksums, in the format of sha256sum and b3sum (BLAKE3 by default).
With no FILE, or when FILE is -, read standard input.

  -a, --algorithm NAME  one of: ${algorithms.join(', ')}
  -r, --recursive       hash every file under each directory operand
      --tree            one digest per directory operand (of its sha256sum-style manifest)
      --ignore PATTERN  with -r/--tree: skip paths matching this gitignore pattern (repeatable)
      --gitignore       with -r/--tree: also honour .gitignore files
      --cache FILE      reuse digests of unchanged files from FILE and save them there
                        (hashmill's cache: a file rewritten since is always hashed again)
  -b, --binary          mark lines with '*' (binary mode, as sha256sum -b)
  -t, --text            mark lines with ' ' (the default)
      --tag             print BSD-style lines: ALGO (FILE) = DIGEST
  -z, --zero            end each line with NUL, not newline, and do not escape names
      --json            print one JSON object per line
      --no-names        print the digests alone
      --raw             write the digest's bytes (one FILE only)
  -l, --length N        BLAKE3: N bytes of output (default 32)
      --seek N          BLAKE3: skip the first N bytes of output
      --keyed           BLAKE3: keyed mode, the 32-byte key read from standard input
      --derive-key CONTEXT  BLAKE3: key derivation mode with this context string
  -c, --check           read checksums from the FILEs and check them
${coreutils.CHECK_HELP}
  -j, --threads N       hash on N threads (also --num-threads N)
      --backend KIND    native or wasm (default: native where available)
      --no-mmap         read files instead of memory-mapping them
      --progress        always show a progress bar on stderr (default: on a terminal,
                        for runs longer than a moment); --no-progress never shows it
  -h, --help            show this help
      --version         show the version, the backend in use and its thread count

  --as TOOL (first) or a link to hashmill named TOOL: behave as TOOL, one of md5sum,
  sha1sum, sha256sum, sha384sum, sha512sum, b3sum, xxhsum, xxh32sum, xxh64sum, xxh128sum.

Exit status: 0 if all went well, 1 if a file could not be read or did not match,
2 on a usage error.
`
}

/** -j/--threads and --backend, which every subcommand takes. */
function checkBackendOptions (values) {
  if (values.threads !== undefined && !/^[1-9][0-9]*$/.test(values.threads)) {
    throw new UsageError(`invalid thread count '${values.threads}'`)
  }
  if (values.backend !== undefined && !BACKENDS.includes(values.backend)) {
    throw new UsageError(`invalid backend '${values.backend}' (choose native or wasm)`)
  }
}

/** parseArgs' own errors as one short line (its unknown-option text adds a paragraph). */
function rephrase (error) {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const quoted = /'([^']*)'/.exec(error.message)
    return new UsageError(`unknown option '${quoted ? quoted[1] : error.message}'`)
  }
  return new UsageError(error.message.charAt(0).toLowerCase() + error.message.slice(1))
}

/** A --length or --seek value: a count of bytes (a length of at least 1). */
function byteCount (name, text) {
  const least = name === 'length' ? 1 : 0
  if (!/^[0-9]+$/.test(text) || Number(text) < least) throw new UsageError(`invalid --${name} '${text}' (a number of bytes, at least ${least})`)
  return Number(text)
}

/** What the options beyond coreutils' set, as given (the last of each wins, --ignore adds). */
function collect (state, extra, name, value) {
  if (coreutils.applyOption(state, name)) return
  const flag = { mmap: ['mmap', true], 'no-mmap': ['mmap', false], progress: ['progress', true], 'no-progress': ['progress', false] }[name]
  if (flag) extra[flag[0]] = flag[1]
  else if (name === 'ignore') extra.ignore.push(value)
  else if (name === 'num-threads') extra.threads = value === '0' ? undefined : value
  else extra[name] = value === undefined ? true : value
}

/** Refusals beyond coreutils': options that make no sense together or alone. */
function refuseExtras (state, extra) {
  const verifying = state.check
  const walking = extra.recursive || extra.tree
  for (const name of ['json', 'recursive', 'tree', 'no-names', 'raw', 'keyed', 'derive-key', 'length', 'seek']) {
    if (verifying && extra[name] !== undefined) throw new UsageError(`the --${name} option is meaningless when verifying checksums`)
  }
  for (const name of ['ignore', 'gitignore']) {
    const given = name === 'ignore' ? extra.ignore.length > 0 : extra.gitignore
    if (!walking && given) throw new UsageError(`the --${name} option is meaningful only with --recursive or --tree`)
  }
  const layouts = ['tag', 'json', 'no-names', 'raw'].filter((name) => name === 'tag' ? state.tag : extra[name])
  if (layouts.length > 1) throw new UsageError(`the --${layouts[0]} and --${layouts[1]} options are mutually exclusive`)
  // JSON shows the whole output; a window of it (--seek) is for checksum lines
  for (const [a, b] of [['recursive', 'tree'], ['keyed', 'derive-key'], ['json', 'seek'], ['json', 'zero']]) {
    const given = (name) => name === 'zero' ? state.zero : extra[name] !== undefined
    if (given(a) && given(b)) throw new UsageError(`the --${a} and --${b} options are mutually exclusive`)
  }
  const algorithm = extra.algorithm || 'blake3'
  for (const name of ['keyed', 'derive-key', 'length', 'seek']) {
    if (extra[name] !== undefined && algorithm !== 'blake3') throw new UsageError(`the --${name} option is meaningful only with BLAKE3`)
  }
  checkBackendOptions(extra)
}

/**
 * @param {string[]} argv the arguments after the script name
 * @param {(Buffer | null)[]} [raw] the arguments' bytes where they are not UTF-8
 * @returns {import('./personalities').Settings}
 */
function parse (argv, raw) {
  const state = coreutils.initialState()
  const extra = { ignore: [] }
  const { mode, operands } = coreutils.readOptions(argv, OPTIONS, (name, value) => collect(state, extra, name, value))
  const settings = coreutils.settingsOf(state, extra.algorithm || 'blake3')
  if (mode) {
    checkBackendOptions(extra)
    return { ...settings, mode, threads: extra.threads, backend: extra.backend }
  }
  coreutils.refuseCombinations(state)
  refuseExtras(state, extra)
  settings.operands = operandsAt(argv, operands, raw)
  if (extra.raw && settings.operands.length > 1) throw new UsageError('only one FILE can be given with --raw')
  if (extra.keyed && settings.operands.length === 0) throw new UsageError('--keyed reads the key from standard input: give FILE operands')
  const seek = extra.seek === undefined ? 0 : byteCount('seek', extra.seek)
  const length = extra.length === undefined ? undefined : byteCount('length', extra.length)
  const layout = extra.raw ? 'raw' : extra['no-names'] ? 'digest' : extra.json ? 'json' : settings.line.layout
  return {
    ...settings,
    line: { ...settings.line, layout, seek, length },
    keyed: Boolean(extra.keyed),
    context: extra['derive-key'],
    recursive: Boolean(extra.recursive),
    tree: Boolean(extra.tree),
    ignore: extra.ignore,
    gitignore: Boolean(extra.gitignore),
    cache: extra.cache,
    mmap: extra.mmap !== false,
    progress: extra.progress,
    threads: extra.threads,
    backend: extra.backend
  }
}

/** hashmill's own personality. */
function createTool () {
  return {
    name: 'hashmill',
    stdinName: '-',
    parse,
    help: (api) => ({ stream: 'stdout', text: usage(api.algorithms) }),
    version (api) {
      const { kind, target, threads } = api.backend
      return { stream: 'stdout', text: `hashmill ${hashmillVersion()} (${kind} ${target}, ${threads} threads)\n` }
    },
    usageFailure: (error) => ({ text: `hashmill: ${error.message}\nTry 'hashmill --help' for more information.\n`, status: 2 }),
    failure (error) {
      // The backend asked for (--backend, -j) cannot start: as much a usage error as a bad flag.
      return { text: `hashmill: ${error.message}\n`, status: error.code === 'ERR_HASHMILL_BACKEND' ? 2 : 1 }
    },
    fileError: (path, error) => `hashmill: ${path}: ${strerror(error)}\n`,
    dialect (api, settings, backend) {
      const { gnuDialect } = require('./check-gnu')
      const { tagOf } = require('./format')
      const { table } = backend
      return gnuDialect({
        name: 'hashmill',
        algorithm: settings.algorithm,
        tag: tagOf(settings.algorithm),
        algorithmOfTag: (tag) => api.algorithms.find((name) => tagOf(name) === tag),
        hexLength: (algorithm) => table.byName.get(algorithm).digestLength * 2,
        backend,
        check: settings.check
      })
    }
  }
}

module.exports = { parse, createTool, rephrase, checkBackendOptions, UsageError }
