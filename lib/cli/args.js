'use strict'
/**
 * The command line of `hashmill`: parses argv (node:util parseArgs) into one plain
 * settings object, refuses options that make no sense together the way sha256sum does,
 * and holds the help text. Knows nothing of the hashing package, so the caller can set
 * HASHMILL_THREADS / HASHMILL_BACKEND from the result before loading it.
 */
const { parseArgs } = require('node:util')

/** A mistake on the command line: exit status 2 and a hint to read --help. */
class UsageError extends Error {}

/** @type {import('node:util').ParseArgsConfig['options']} */
const OPTIONS = {
  algorithm: { type: 'string', short: 'a', default: 'blake3' },
  recursive: { type: 'boolean', short: 'r', default: false },
  tree: { type: 'boolean', default: false },
  check: { type: 'string', short: 'c' },
  quiet: { type: 'boolean', default: false },
  status: { type: 'boolean', default: false },
  tag: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  threads: { type: 'string', short: 'j' },
  backend: { type: 'string' },
  mmap: { type: 'boolean', default: true },
  ignore: { type: 'string', multiple: true, default: [] },
  gitignore: { type: 'boolean', default: false },
  cache: { type: 'string' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false }
}

const BACKENDS = ['native', 'wasm']

/** `--help`; `algorithms` comes from the loaded package so the list is never stale. */
function usage (algorithms) {
  return `Usage: hashmill [OPTION]... [FILE]...
  or:  hashmill -c CHECKFILE [CHECKFILE]...
Print or check checksums, in the format of sha256sum and b3sum (BLAKE3 by default).
With no FILE, or when FILE is -, read standard input.

  -a, --algorithm NAME  one of: ${algorithms.join(', ')}
  -r, --recursive       hash every file under each directory operand
      --tree            one digest per directory operand (of its sha256sum-style manifest)
      --ignore PATTERN  with -r/--tree: skip paths matching this gitignore pattern (repeatable)
      --gitignore       with -r/--tree: also honour .gitignore files
      --cache FILE      reuse digests of unchanged files from FILE and save them there
                        (hashmill's cache: a file rewritten since is always hashed again)
      --tag             print BSD-style lines: ALGO (FILE) = DIGEST
      --json            print one JSON object per line
  -c, --check FILE      verify the checksum lines in FILE (- is standard input)
      --quiet           with --check: do not print OK lines
      --status          with --check: print nothing; the exit status tells
  -j, --threads N       hash on N threads
      --backend KIND    native or wasm (default: native where available)
      --no-mmap         read files instead of memory-mapping them
      --progress        always show a progress bar on stderr (default: on a terminal,
                        for runs longer than a moment); --no-progress never shows it
  -h, --help            show this help
      --version         show the version, the backend in use and its thread count

Exit status: 0 if all went well, 1 if a file could not be read or did not match,
2 on a usage error.
`
}

/** The two lines a usage error prints on stderr. */
function usageHint (message) {
  return `hashmill: ${message}\nTry 'hashmill --help' for more information.\n`
}

/** parseArgs' own errors as one short line (its unknown-option text adds a paragraph). */
function rephrase (error) {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const quoted = /'([^']*)'/.exec(error.message)
    return new UsageError(`unknown option '${quoted ? quoted[1] : error.message}'`)
  }
  return new UsageError(error.message.charAt(0).toLowerCase() + error.message.slice(1))
}

/** Whether an option was given: a true flag or a non-empty list. */
function given (value) {
  return Array.isArray(value) ? value.length > 0 : Boolean(value)
}

/** Option pairs sha256sum also refuses, and the ones hashmill adds. */
function checkCombinations (values) {
  const verifying = values.check !== undefined
  const walking = values.recursive || values.tree
  for (const name of ['tag', 'json', 'recursive', 'tree']) {
    if (verifying && given(values[name])) throw new UsageError(`the --${name} option is meaningless when verifying checksums`)
  }
  for (const name of ['quiet', 'status']) {
    if (!verifying && given(values[name])) throw new UsageError(`the --${name} option is meaningful only when verifying checksums`)
  }
  for (const name of ['ignore', 'gitignore']) {
    if (!walking && given(values[name])) throw new UsageError(`the --${name} option is meaningful only with --recursive or --tree`)
  }
  for (const [a, b] of [['tag', 'json'], ['recursive', 'tree']]) {
    if (values[a] && values[b]) throw new UsageError(`the --${a} and --${b} options are mutually exclusive`)
  }
  checkBackendOptions(values)
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

/**
 * @typedef {object} Settings the command line, parsed
 * @property {string} algorithm
 * @property {boolean} recursive
 * @property {boolean} tree
 * @property {string} [check]
 * @property {boolean} quiet
 * @property {boolean} status
 * @property {boolean} tag
 * @property {boolean} json
 * @property {string} [threads]
 * @property {string} [backend]
 * @property {boolean} mmap
 * @property {string[]} ignore
 * @property {boolean} gitignore
 * @property {string} [cache]
 * @property {boolean} [progress]
 * @property {boolean} help
 * @property {boolean} version
 * @property {'gnu'|'tag'|'json'} style
 * @property {string[] | null} checkFiles
 * @property {string[]} operands
 */

/**
 * @param {string[]} argv the arguments after the script name
 * @returns {Settings} `operands` are FILEs, or the extra CHECKFILEs with --check
 */
function parse (argv) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, allowNegative: true })
  } catch (error) {
    throw error.code && error.code.startsWith('ERR_PARSE_ARGS_') ? rephrase(error) : error
  }
  const { positionals } = parsed
  const values = /** @type {any} */ (parsed.values)
  checkCombinations(values)
  return {
    ...values,
    style: values.json ? 'json' : values.tag ? 'tag' : 'gnu',
    checkFiles: values.check === undefined ? null : [values.check, ...positionals],
    operands: positionals
  }
}

module.exports = { parse, usage, usageHint, rephrase, checkBackendOptions, UsageError }
