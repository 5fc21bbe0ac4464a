'use strict'
/**
 * hashmill as b3sum (1.8): its options as clap reads them (anywhere among the files, `--`
 * ends them, no abbreviations), --keyed (the key on stdin), --derive-key, --length, --seek,
 * --num-threads, --no-mmap, --no-names, --raw, --tag, --check, --quiet; clap's usage
 * errors (exit 2), anyhow's `Error: ...` for a run that stops (exit 1), Rust's io::Error
 * text for files (`No such file or directory (os error 2)`), and its checking rules: exact
 * `<hex>  <name>` or `BLAKE3 (<name>) = <hex>` lines, lower-case hex, every other line an
 * error that fails the check.
 */
const { constants } = require('node:os')
const { getopt } = require('./getopt')
const { UsageError, defaults, operandsAt, hashmillVersion } = require('./personalities')
const { strerror } = require('../fs-errors')

/** @type {(import('./getopt').OptionSpec & { shown?: string })[]} */
const OPTIONS = [
  { name: 'keyed' },
  { name: 'derive-key', value: true, shown: '--derive-key <CONTEXT>' },
  { name: 'length', short: 'l', value: true, shown: '--length <LEN>' },
  { name: 'seek', value: true, shown: '--seek <SEEK>' },
  { name: 'num-threads', value: true, shown: '--num-threads <NUM>' },
  { name: 'no-mmap' },
  { name: 'no-names' },
  { name: 'raw' },
  { name: 'tag' },
  { name: 'check', short: 'c' },
  { name: 'quiet' },
  { name: 'help', short: 'h' },
  { name: 'version', short: 'V' }
]

/** Options --check cannot be used with, in clap's order. */
const CHECK_CONFLICTS = ['derive-key', 'keyed', 'length', 'raw', 'tag', 'no-names']
/** Each option's conflicts (clap makes them go both ways). */
const CONFLICTS = {
  check: CHECK_CONFLICTS,
  'derive-key': ['keyed', 'check'],
  keyed: ['derive-key', 'check'],
  ...Object.fromEntries(['length', 'raw', 'tag', 'no-names'].map((name) => [name, ['check']]))
}
/** Options whose values are numbers (u64 or usize). */
const NUMBERS = new Set(['length', 'seek', 'num-threads'])

const USAGE_LINE = 'Usage: b3sum [OPTIONS] [FILE]...'
const KEY_LENGTH = 32

/** How clap names an option in its errors. */
function shown (name) {
  const spec = OPTIONS.find((candidate) => candidate.name === name)
  return (spec && spec.shown) || `--${name}`
}

/** A clap usage error; `usage` adds the usage line (clap leaves it out for bad values). */
function clapError (message, usage = true) {
  return Object.assign(new UsageError(message), { usage })
}

/** A number as clap parses a u64/usize, or its error. */
function integer (name, text) {
  const reason = text === ''
    ? 'cannot parse integer from empty string'
    : !/^\+?[0-9]+$/.test(text)
        ? 'invalid digit found in string'
        : BigInt(text) >= 2n ** 64n ? 'number too large to fit in target type' : null
  if (reason) throw clapError(`invalid value '${text}' for '${shown(name)}': ${reason}`, false)
  return Number(text)
}

/** A getopt mistake as clap words it. */
function parseMistake (error) {
  if (error.kind === 'missing') return clapError(`a value is required for '${shown(error.spec.name)}' but none was supplied`, false)
  if (error.kind === 'unexpected') return clapError(`unexpected value '${error.value}' for '${shown(error.spec.name)}' found; no more were expected`)
  const similar = error.long ? OPTIONS.find((spec) => spec.name.startsWith(error.written.slice(2))) : undefined
  const tip = similar ? `a similar argument exists: '--${similar.name}'` : `to pass '${error.written}' as a value, use '-- ${error.written}'`
  return clapError(`unexpected argument '${error.written}' found\n\n  tip: ${tip}`)
}

/**
 * @param {string[]} argv
 * @param {(Buffer | null)[]} [raw]
 * @returns {import('./personalities').Settings}
 */
function parse (argv, raw) {
  const { options, operands, error } = getopt(argv, OPTIONS, { abbreviations: false, hyphenValues: false })
  // As clap: values are checked as they are read, then the usage as a whole.
  const given = new Map()
  for (const { spec, value } of options) {
    if (spec.name === 'help' || spec.name === 'version') return { ...defaults('blake3'), mode: spec.name }
    if (given.has(spec.name)) throw clapError(`the argument '${shown(spec.name)}' cannot be used multiple times`)
    given.set(spec.name, NUMBERS.has(spec.name) ? integer(spec.name, String(value)) : value === undefined ? true : value)
  }
  if (error) throw parseMistake(error)
  for (const name of given.keys()) {
    const other = (CONFLICTS[name] || []).find((candidate) => given.has(candidate))
    if (other) throw clapError(`the argument '${shown(name)}' cannot be used with '${shown(other)}'`)
  }
  // --quiet requires --check, unless an option --check cannot be used with is there
  if (given.has('quiet') && !given.has('check') && !CHECK_CONFLICTS.some((name) => given.has(name))) {
    throw clapError('the following required arguments were not provided:\n  --check')
  }
  if (given.has('keyed') && operands.length === 0) throw clapError('the following required arguments were not provided:\n  <FILE>...')
  const length = given.has('length') ? given.get('length') : KEY_LENGTH
  const seek = given.has('seek') ? given.get('seek') : 0
  const threads = given.has('num-threads') ? given.get('num-threads') : 0
  const settings = defaults('blake3')
  settings.mode = given.has('check') ? 'check' : 'hash'
  settings.operands = operandsAt(argv, operands, raw)
  settings.line.layout = given.has('raw') ? 'raw' : given.has('no-names') ? 'digest' : given.has('tag') ? 'tag' : 'gnu'
  settings.line.lossy = true
  settings.line.seek = seek
  settings.line.length = length
  settings.check.quiet = given.has('quiet')
  settings.keyed = given.has('keyed')
  settings.context = given.get('derive-key')
  settings.mmap = !given.has('no-mmap')
  settings.threads = threads > 0 ? String(threads) : undefined
  if (settings.line.layout === 'raw' && settings.operands.length > 1) {
    throw new Error('Only one filename can be provided when using --raw')
  }
  return settings
}

/** An OS error as Rust's io::Error shows it: `No such file or directory (os error 2)`. */
function ioError (error) {
  const number = error.code && constants.errno[error.code]
  return number ? `${strerror(error)} (os error ${number})` : strerror(error)
}

/**
 * @typedef {object} B3Line a check line as b3sum read it
 * @property {string} [problem] what b3sum says of a line it refuses
 * @property {string} [fatal] what ends the run (a line that is not UTF-8)
 * @property {string} [hex]
 * @property {string} [path] the file to open
 * @property {string} [shown] the name as verdicts show it (as written, with its `\\`)
 */

/**
 * b3sum's check line, or `{ problem }`.
 * @param {string} text
 * @returns {B3Line}
 */
function parseCheckLine (text) {
  const line = text.replace(/[\r\n]+$/, '')
  if (line === '') return { problem: 'Empty line' }
  const escaped = line.startsWith('\\')
  const body = escaped ? line.slice(1) : line
  let hex, name
  const gap = body.indexOf('  ')
  if (gap !== -1) {
    [hex, name] = [body.slice(0, gap), body.slice(gap + 2)]
  } else if (body.startsWith('BLAKE3 (') && body.lastIndexOf(') = ') >= 'BLAKE3 ('.length) {
    const end = body.lastIndexOf(') = ')
    ;[name, hex] = [body.slice('BLAKE3 ('.length, end), body.slice(end + 4)]
  } else {
    return { problem: 'Invalid check line format' }
  }
  if (hex.length !== 2 * KEY_LENGTH) return { problem: 'Invalid hash length' }
  if (!/^[0-9a-f]+$/.test(hex)) return { problem: 'Invalid hex' }
  const path = escaped ? unescapeB3(name) : name
  if (path === null) return { problem: 'Invalid backslash escape' }
  if (path === '') return { problem: 'empty file path' }
  if (path.includes('\0')) return { problem: 'Null character in path' }
  if (path.includes('\ufffd')) return { problem: 'Unicode replacement character in path' }
  return { hex, path, shown: escaped ? `\\${name}` : name }
}

/** b3sum's unescaping (`\\`, `\n`, `\r`; anything else after `\` is an error): null if bad. */
function unescapeB3 (text) {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      out += text[i]
      continue
    }
    const next = { '\\': '\\', n: '\n', r: '\r' }[text[++i]]
    if (next === undefined) return null
    out += next
  }
  return out
}

/** The lines as b3sum reads them (each with its LF), up to the first that is not UTF-8. */
function splitLines (bytes) {
  const lines = []
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start)
    end = end === -1 ? bytes.length : end + 1
    const text = bytes.toString('utf8', start, end)
    if (!Buffer.from(text).equals(bytes.subarray(start, end))) return { lines, invalid: true }
    lines.push(text)
    start = end
  }
  return { lines, invalid: false }
}

/** b3sum's --check, for check.js. */
function dialect (settings) {
  let failed = 0
  const fail = (said) => {
    failed++
    return said
  }
  return {
    open () {
      return {
        items (bytes) {
          const { lines, invalid } = splitLines(bytes)
          /** @type {{ number: number, line: B3Line, entry?: import('./check').Entry }[]} */
          const items = lines.map((text, i) => {
            const parsed = parseCheckLine(text)
            if (parsed.problem) return { number: i + 1, line: parsed }
            /** @type {import('./check').Entry} */
            const entry = { kind: parsed.path === '-' ? 'stdin' : 'file', path: String(parsed.path), algorithm: 'blake3', digest: String(parsed.hex) }
            return { number: i + 1, entry, line: parsed }
          })
          if (invalid) items.push({ number: lines.length + 1, line: { fatal: 'stream did not contain valid UTF-8' } })
          return items
        },
        improper ({ line }) {
          if (line.fatal) return { err: `Error: ${line.fatal}\n`, fatal: true }
          return fail({ err: `b3sum: ${line.problem}\n` })
        },
        verdict ({ line, entry }, record) {
          if (!entry) throw new Error('a verdict for a line without a file')
          if (record.error) return fail({ out: `${line.shown}: FAILED (${ioError(record.error)})\n` })
          if (record.digest !== entry.digest) return fail({ out: `${line.shown}: FAILED\n` })
          return settings.check.quiet ? {} : { out: `${line.shown}: OK\n` }
        },
        finish: () => ({ ok: failed === 0 })
      }
    },
    unreadable: (name, fromStdin, error) => ({ err: `Error: ${ioError(error)}\n`, fatal: true }),
    end: () => failed ? { err: `b3sum: WARNING: ${failed} computed checksum${failed === 1 ? '' : 's'} did NOT match\n` } : {}
  }
}

const HELP = `Hash files with BLAKE3, or check checksum files (b3sum, by hashmill)

${USAGE_LINE}

Arguments:
  [FILE]...  Files to hash, or checkfiles to check; none or - for standard input

Options:
      --keyed                  Use the keyed mode, reading the 32-byte key from stdin
      --derive-key <CONTEXT>   Use the key derivation mode, with the given context string
  -l, --length <LEN>           The number of output bytes, before hex encoding [default: 32]
      --seek <SEEK>            The starting output byte offset, before hex encoding [default: 0]
      --num-threads <NUM>      The maximum number of threads to use (0: one per core)
      --no-mmap                Read files instead of memory-mapping them
      --no-names               Omit filenames in the output
      --raw                    Write raw output bytes to stdout, rather than hex (one FILE)
      --tag                    Output BSD-style checksums: BLAKE3 ([FILE]) = [HASH]
  -c, --check                  Read BLAKE3 sums from the [FILE]s and check them
      --quiet                  Skip printing OK for each checked file (with --check)
  -h, --help                   Print help
  -V, --version                Print version
`

function createTool () {
  return {
    name: 'b3sum',
    stdinName: '-',
    parse,
    help: () => ({ stream: 'stdout', text: HELP }),
    version: () => ({ stream: 'stdout', text: `b3sum (hashmill) ${hashmillVersion()}\n` }),
    usageFailure (error) {
      const usage = error.usage ? `\n\n${USAGE_LINE}` : ''
      return { text: `error: ${error.message}${usage}\n\nFor more information, try '--help'.\n`, status: 2 }
    },
    failure: (error) => ({ text: `Error: ${error.message}\n`, status: 1 }),
    fileError: (path, error) => `b3sum: ${Buffer.isBuffer(path) ? path.toString() : path}: ${ioError(error)}\n`,
    dialect: (api, settings) => dialect(settings)
  }
}

module.exports = { createTool }
