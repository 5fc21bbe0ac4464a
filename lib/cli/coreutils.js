'use strict'
/**
 * hashmill as coreutils' md5sum, sha1sum, sha256sum, sha384sum or sha512sum (9.1): its
 * options read as getopt_long reads them (anywhere among the files, abbreviated, `--` ends
 * them), its refusals of meaningless combinations in its order, `-b` lines with `*`, `--tag`,
 * `-z`, checking with check-gnu.js, diagnostics that quote names as it does, and exit
 * status 1 for usage errors as for failures. hashmill's own command line (args.js) reads
 * these options the same way, with this module's `applyOption` and `refuseCombinations`.
 */
const { getopt } = require('./getopt')
const { UsageError, defaults, operandsAt, hashmillVersion } = require('./personalities')
const { strerror } = require('../fs-errors')
const { tagOf } = require('./format')

/** @type {import('./getopt').OptionSpec[]} */
const OPTIONS = [
  { name: 'binary', short: 'b' },
  { name: 'check', short: 'c' },
  { name: 'tag' },
  { name: 'text', short: 't' },
  { name: 'zero', short: 'z' },
  { name: 'ignore-missing' },
  { name: 'quiet' },
  { name: 'status' },
  { name: 'strict' },
  { name: 'warn', short: 'w' },
  { name: 'help' },
  { name: 'version' }
]

const GETOPT = { abbreviations: true, hyphenValues: true }

/**
 * The state coreutils keeps while it reads options: `binary` is -1 (not given), 0 (--text)
 * or 1 (--binary, and --tag); --quiet, --status and --warn undo one another.
 */
function initialState () {
  return { binary: -1, check: false, tag: false, zero: false, ignoreMissing: false, quiet: false, status: false, strict: false, warn: false }
}

/** Applies one of OPTIONS (but help and version) to `state`; false for any other name. */
function applyOption (state, name) {
  const quietness = { quiet: [true, false, false], status: [false, true, false], warn: [false, false, true] }[name]
  if (quietness) {
    [state.quiet, state.status, state.warn] = quietness
    return true
  }
  switch (name) {
    case 'binary': state.binary = 1; break
    case 'text': state.binary = 0; break
    case 'check': state.check = true; break
    case 'tag': state.tag = true; state.binary = 1; break
    case 'zero': state.zero = true; break
    case 'ignore-missing': state.ignoreMissing = true; break
    case 'strict': state.strict = true; break
    default: return false
  }
  return true
}

/** coreutils' refusals, in its order. */
function refuseCombinations (state) {
  if (state.tag && state.binary === 0) throw new UsageError('--tag does not support --text mode')
  if (state.zero && state.check) throw new UsageError('the --zero option is not supported when verifying checksums')
  if (state.tag && state.check) throw new UsageError('the --tag option is meaningless when verifying checksums')
  if (state.binary >= 0 && state.check) throw new UsageError('the --binary and --text options are meaningless when verifying checksums')
  for (const [key, option] of [['ignoreMissing', 'ignore-missing'], ['status', 'status'], ['warn', 'warn'], ['quiet', 'quiet'], ['strict', 'strict']]) {
    if (state[key] && !state.check) throw new UsageError(`the --${option} option is meaningful only when verifying checksums`)
  }
}

/** `state` into settings: the mode, the line layout and the check options. */
function settingsOf (state, algorithm) {
  const settings = defaults(algorithm)
  settings.mode = state.check ? 'check' : 'hash'
  settings.line.layout = state.tag ? 'tag' : state.binary === 1 ? 'binary' : 'gnu'
  settings.line.zero = state.zero
  const { quiet, status, strict, warn, ignoreMissing } = state
  Object.assign(settings.check, { quiet, status, strict, warn, ignoreMissing })
  return settings
}

/** A getopt mistake as glibc's getopt_long words it. */
function getoptMessage (error) {
  switch (error.kind) {
    case 'unknown': return error.long ? `unrecognized option '${error.written}'` : `invalid option -- '${error.written.slice(1)}'`
    case 'ambiguous': return `option '${error.written}' is ambiguous; possibilities:${error.candidates.map((spec) => ` '--${spec.name}'`).join('')}`
    case 'missing': return error.long ? `option '${error.written}' requires an argument` : `option requires an argument -- '${error.written.slice(1)}'`
    default: return `option '${error.written}' doesn't allow an argument`
  }
}

/**
 * Reads a command line with getopt and hands each option to `apply` in order; stops at
 * --help or --version (the tools act on them as they meet them).
 * @returns {{ mode?: 'help'|'version', operands: number[] }}
 */
function readOptions (argv, specs, apply) {
  const { options, operands, error } = getopt(argv, specs, GETOPT)
  for (const { spec, value } of options) {
    if (spec.name === 'help' || spec.name === 'version') return { mode: spec.name, operands }
    apply(spec.name, value)
  }
  if (error) throw new UsageError(getoptMessage(error))
  return { operands }
}

/** The standard-input note and check options, worded once for this and hashmill's help. */
const CHECK_HELP = `
The following five options are useful only when verifying checksums:
      --ignore-missing  skip files that do not exist instead of failing them
      --quiet           print no OK line for each file that checks out
      --status          print nothing; the exit status tells
      --strict          fail on improperly formatted checksum lines too
  -w, --warn            warn about each improperly formatted checksum line
`

/**
 * @param {import('./personalities').Personality} personality
 */
function createTool ({ name, algorithm }) {
  const tag = tagOf(algorithm)
  return {
    name,
    stdinName: '-',
    /**
     * @param {string[]} argv
     * @param {(Buffer | null)[]} [raw] the arguments' bytes where they are not UTF-8
     */
    parse (argv, raw) {
      const state = initialState()
      const { mode, operands } = readOptions(argv, OPTIONS, (option) => applyOption(state, option))
      const settings = settingsOf(state, algorithm)
      if (mode) return { ...settings, mode }
      refuseCombinations(state)
      settings.operands = operandsAt(argv, operands, raw)
      return settings
    },
    help (api) {
      const bits = api.hashSync('', algorithm).length * 4
      return {
        stream: 'stdout',
        text: `Usage: ${name} [OPTION]... [FILE]...
Print or check ${tag} (${bits}-bit) checksums, computed by hashmill.

With no FILE, or when FILE is -, read standard input.
  -b, --binary          mark lines with '*' (binary mode; the bytes read are the same)
  -c, --check           read checksums from the FILEs and check them
      --tag             print BSD-style lines: ${tag} (FILE) = DIGEST
  -t, --text            mark lines with ' ' (text mode, the default)
  -z, --zero            end each line with NUL, not newline, and do not escape names
${CHECK_HELP}
      --help     display this help and exit
      --version  output version information and exit

A line is the checksum, a space, '*' or ' ' (binary or text mode), and the FILE name;
a name holding a backslash, newline or carriage return is escaped and its line starts
with a backslash. Exit status: 0 if all went well, 1 otherwise.
`
      }
    },
    version () {
      return { stream: 'stdout', text: `${name} (hashmill) ${hashmillVersion()}\n` }
    },
    usageFailure (error) {
      return { text: `${name}: ${error.message}\nTry '${name} --help' for more information.\n`, status: 1 }
    },
    failure (error) {
      return { text: `${name}: ${error.message}\n`, status: 1 }
    },
    fileError (path, error) {
      const { quotef } = require('./quote')
      return `${name}: ${quotef(path)}: ${strerror(error)}\n`
    },
    dialect (api, settings, backend) {
      const { gnuDialect } = require('./check-gnu')
      return gnuDialect({
        name,
        algorithm,
        tag,
        algorithmOfTag: (candidate) => candidate === tag ? algorithm : undefined,
        hexLength: () => api.hashSync('', algorithm).length,
        backend,
        check: settings.check
      })
    }
  }
}

module.exports = { createTool, OPTIONS, CHECK_HELP, initialState, applyOption, refuseCombinations, settingsOf, readOptions }
