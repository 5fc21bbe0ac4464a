'use strict'
/**
 * hashmill as xxhsum (0.8.1, Debian 12's): its hand-written command line (options first,
 * then files: the first operand ends the options; `-H0`..`-H3`, `-H32/64/128`, clusters such
 * as `-qc`, `-b`, `-i`, `-B` with their numbers attached), XXH64 by default (XXH32, XXH128
 * for links named xxh32sum, xxh128sum), `-H3` always BSD-style, --little-endian, names
 * never escaped and standard input named `stdin`; its messages (usage and help on stderr,
 * `Error: Could not open 'x': ...`), exit 1 for usage errors as for failures, and its
 * checking: GNU lines whose digest length says the algorithm (8, 16, 32 hex digits; also
 * newer xxhsum's `XXH3_<hex>` form), BSD lines by tag (`_LE` for little-endian), the
 * summary on stdout.
 */
const tty = require('node:tty')
const { UsageError, defaults, operandsAt, hashmillVersion } = require('./personalities')
const { strerror } = require('../fs-errors')

/** -H values: 0/32, 1/64, 2/128, 3. */
const H_VALUES = { 0: 'xxh32', 32: 'xxh32', 1: 'xxh64', 64: 'xxh64', 2: 'xxh3-128', 128: 'xxh3-128', 3: 'xxh3' }
/** xxhsum's -b ids: 1 to 28 (odd: a variant, even: the same unaligned); these by default. */
const BENCH_DEFAULT = [1, 3, 5, 11]
const BENCH_ALL = 99
const BENCH_VARIANTS = 29
/** XXH32 → 8 hex digits, and so on: what GNU lines' digest lengths mean. */
const BY_HEX_LENGTH = { 8: 'xxh32', 16: 'xxh64', 32: 'xxh3-128' }
const HEX = /^[0-9a-fA-F]+$/

/** A number as xxhsum reads one (digits, then K or M with an optional i and B). */
function readNumber (text, at) {
  const max = Math.floor(0xffffffff / 10) - 1
  let value = 0
  for (; at < text.length && text[at] >= '0' && text[at] <= '9'; at++) {
    if (value > max) throw new Error('Error: numeric value too large ')
    value = value * 10 + Number(text[at])
  }
  if (text[at] === 'K' || text[at] === 'M') {
    const maxK = 0xffffffff >>> 10
    const shifts = text[at] === 'M' ? 2 : 1
    for (let i = 0; i < shifts; i++) {
      if (value > maxK) throw new Error('Error: numeric value too large ')
      value *= 1024
    }
    at++
    if (text[at] === 'i') at++
    if (text[at] === 'B') at++
  }
  return { value, at }
}

/** Long options xxhsum knows, spelled out in full. */
const LONG = {
  '--check': (s) => { s.check = true },
  '--benchmark-all': (s) => { s.bench = BENCH_ALL },
  '--bench-all': (s) => { s.bench = BENCH_ALL },
  '--quiet': (s) => { s.logLevel-- },
  '--little-endian': (s) => { s.littleEndian = true },
  '--strict': (s) => { s.strict = true },
  '--status': (s) => { s.status = true },
  '--warn': (s) => { s.warn = true },
  '--tag': (s) => { s.tag = true }
}

/** One cluster of short options (`-qcH1`); 'help'/'version' when one of those ends the run. */
function readCluster (arg, s) {
  for (let at = 1; at < arg.length;) {
    const letter = arg[at++]
    if (letter === 'V') return 'version'
    if (letter === 'h') return 'help'
    if (letter === 'c') s.check = true
    else if (letter === 'w') s.warn = true
    else if (letter === 'q') s.logLevel--
    else if (letter === 'H') {
      const { value, at: next } = readNumber(arg, at)
      at = next
      if (!H_VALUES[value]) throw new UsageError('Wrong parameters')
      s.algorithm = H_VALUES[value]
      if (value === 3) s.tag = true
    } else if (letter === 'b') {
      do {
        if (arg[at] === ',') at++
        const { value, at: next } = readNumber(arg, at)
        at = next
        s.bench = value
        if (value < BENCH_VARIANTS) s.benchIds.add(value)
      } while (arg[at] === ',')
    } else if (letter === 'i' || letter === 'B') {
      const { value, at: next } = readNumber(arg, at)
      at = next
      s[letter === 'i' ? 'iterations' : 'blockSize'] = value
    } else {
      throw new UsageError('Wrong parameters')
    }
  }
  return null
}

/**
 * @param {string[]} argv
 * @param {(Buffer | null)[] | undefined} raw
 * @param {string} algorithm the personality's default
 * @returns {import('./personalities').Settings}
 */
function parse (argv, raw, algorithm) {
  const s = { algorithm, tag: false, littleEndian: false, check: false, strict: false, status: false, warn: false, logLevel: 2, bench: null, benchIds: new Set(), iterations: 3, blockSize: 100 * 1024 }
  let files = argv.length
  let explicitStdin = false
  /** @type {'help'|'version'|null} */
  let mode = null
  for (let i = 0; i < argv.length && !mode; i++) {
    const arg = argv[i]
    if (LONG[arg]) LONG[arg](s)
    else if (arg === '--help') mode = 'help'
    else if (arg === '--version') mode = 'version'
    else if (arg === '--') {
      files = i + 1
      break
    } else if (!arg.startsWith('-')) {
      files = i
      break
    } else if (arg === '-') explicitStdin = true
    else mode = readCluster(arg, s)
  }
  const settings = defaults(s.algorithm)
  if (mode) return { ...settings, mode }
  // xxhsum 0.8.1 reads standard input only when no file is named: a `-` among the files is
  // a file named -, as bytes so that nothing takes it for standard input.
  settings.operands = operandsAt(argv, argv.map((_, i) => i).slice(files), raw).map((name) => name === '-' ? Buffer.from(name) : name)
  if (s.bench !== null) {
    // As xxhsum: the last id read decides: 0 the default set, too large all of them.
    const ids = s.bench === 0
      ? BENCH_DEFAULT
      : s.bench >= BENCH_VARIANTS
        ? [...Array(BENCH_VARIANTS).keys()].slice(1)
        : [...s.benchIds].filter((id) => id > 0).sort((a, b) => a - b)
    return { ...settings, mode: 'bench', bench: { ids, iterations: s.iterations, blockSize: s.blockSize, quiet: s.logLevel < 2 } }
  }
  if (settings.operands.length === 0 && !explicitStdin && tty.isatty(0)) throw new UsageError('Wrong parameters')
  settings.mode = s.check ? 'check' : 'hash'
  settings.line = { ...settings.line, layout: s.tag ? 'tag' : 'gnu', verbatim: true, reversed: s.littleEndian, tagSuffix: s.littleEndian ? '_LE' : '' }
  Object.assign(settings.check, { quiet: s.logLevel < 2, status: s.status, strict: s.strict, warn: s.warn, littleEndian: s.littleEndian })
  return settings
}

/** The digest's hex in canonical (big-endian) order, from `hex` read `reversed` or not. */
function canonical (hex, reversed) {
  return reversed ? hex.match(/../g).reverse().join('') : hex
}

/** One line of a checksum file as xxhsum 0.8.1 reads it, or null if malformed. */
function parseCheckLine (line, littleEndian) {
  const space = line.indexOf(' ')
  if (space === -1 || space + 1 >= line.length) return null
  let hex, name, algorithm, reversed
  if (line[space + 1] === '(') {
    const last = line.lastIndexOf(' ')
    if (last - space < 5 || line.slice(last - 3, last) !== ') =') return null
    const tag = line.slice(0, space)
    ;[hex, name, reversed] = [line.slice(last + 1), line.slice(space + 2, last - 3), tag.includes('_LE')]
    algorithm = tag.startsWith('XXH128') ? 'xxh3-128' : tag.startsWith('XXH64') ? 'xxh64' : tag.startsWith('XXH32') ? 'xxh32' : tag.startsWith('XXH3') ? 'xxh3' : 'xxh64'
  } else {
    ;[hex, name, reversed] = [line.slice(0, space), line.slice(space + 2), littleEndian]
    algorithm = BY_HEX_LENGTH[hex.length] || 'xxh64'
    if (hex.startsWith('XXH3_')) [hex, algorithm] = [hex.slice(5), hex.length === 21 ? 'xxh3' : '']
  }
  const fits = { 8: ['xxh32'], 16: ['xxh64', 'xxh3'], 32: ['xxh3-128'] }[hex.length]
  if (!fits || !fits.includes(algorithm) || !HEX.test(hex)) return null
  return { algorithm, digest: canonical(hex.toLowerCase(), reversed), name }
}

/** xxhsum's --check, for check.js. */
function dialect (settings) {
  const { check } = settings
  return {
    open (file, fromStdin) {
      const fileName = fromStdin ? 'stdin' : String(file)
      const counts = { proper: 0, improper: 0, unreadable: 0, mismatched: 0 }
      return {
        items (bytes) {
          const text = bytes.toString('latin1')
          const lines = text.split('\n')
          if (lines[lines.length - 1] === '') lines.pop()
          return lines.map((line, i) => {
            const parsed = parseCheckLine(line, check.littleEndian)
            if (!parsed) return { number: i + 1 }
            counts.proper++
            const path = Buffer.from(parsed.name, 'latin1')
            /** @type {import('./check').Entry} */
            const entry = { kind: parsed.name === 'stdin' ? 'stdin' : 'file', path, algorithm: parsed.algorithm, digest: parsed.digest }
            return { number: i + 1, entry, line: path }
          })
        },
        improper ({ number }) {
          counts.improper++
          return check.warn ? { err: `${fileName}:${number}: Error: Improperly formatted checksum line.\n` } : {}
        },
        verdict ({ number, line, entry }, record) {
          if (record.error) {
            counts.unreadable++
            if (check.status) return {}
            return { out: Buffer.concat([Buffer.from(`${fileName}:${number}: Could not open or read '`), line, Buffer.from(`': ${strerror(record.error)}.\n`)]) }
          }
          const ok = record.digest === entry.digest
          if (!ok) counts.mismatched++
          if (check.status || (ok && check.quiet)) return {}
          return { out: Buffer.concat([line, Buffer.from(`: ${ok ? 'OK' : 'FAILED'}\n`)]) }
        },
        finish () {
          let out = ''
          const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`
          if (counts.proper === 0) return { err: `${fileName}: no properly formatted xxHash checksum lines found\n`, ok: false }
          if (!check.status) {
            if (counts.improper) out += `${plural(counts.improper, 'line is', 'lines are')} improperly formatted\n`
            if (counts.unreadable) out += `${plural(counts.unreadable, 'listed file', 'listed files')} could not be read\n`
            if (counts.mismatched) out += `${plural(counts.mismatched, 'computed checksum', 'computed checksums')} did NOT match\n`
          }
          return { out, ok: counts.mismatched === 0 && counts.unreadable === 0 && (!check.strict || counts.improper === 0) }
        }
      }
    },
    unreadable: (file, fromStdin, error) => ({ err: `Error: Could not open '${fromStdin ? 'stdin' : file}': ${strerror(error)}\n` })
  }
}

/** The short usage, which a usage error prints too; `name` as the tool was called. */
function usage (name, algorithm) {
  const h = { xxh32: 0, xxh64: 1, 'xxh3-128': 2 }[algorithm]
  return `${name} (hashmill) ${hashmillVersion()}
Print or verify checksums using fast non-cryptographic algorithm xxHash

Usage: ${name} [options] [files]

When no filename provided or when '-' is provided, uses stdin as input.
Options:
  -H#         algorithm selection: 0,1,2,3 or 32,64,128 (default: ${h})
  -c, --check read xxHash checksum from [files] and check them
  -h, --help  display a long help page about advanced options
`
}

/** --help: the usage and the rest of the options. */
function help (name, algorithm) {
  return `${usage(name, algorithm)}Advanced :
  -V, --version        Display version information
      --tag            Produce BSD-style checksum lines
      --little-endian  Checksum values use little endian convention (default: big endian)
  -b                   Run benchmark
  -b#                  Bench only algorithm variant #
  -i#                  Number of times to run the benchmark (default: 3)
  -q, --quiet          Don't display version header in benchmark mode

The following four options are useful only when verifying checksums (-c):
  -q, --quiet          Don't print OK for each successfully verified file
      --status         Don't output anything, status code shows success
      --strict         Exit non-zero for improperly formatted checksum lines
      --warn           Warn about improperly formatted checksum lines
`
}

/** @param {import('./personalities').Personality} personality */
function createTool ({ name, algorithm }) {
  return {
    name,
    stdinName: 'stdin',
    parse: (argv, raw) => parse(argv, raw, algorithm),
    help: () => ({ stream: 'stderr', text: help(name, algorithm) }),
    version: () => ({ stream: 'stderr', text: `${name} (hashmill) ${hashmillVersion()}\n` }),
    usageFailure: (error) => ({ text: `${error.message}\n\n${usage(name, algorithm)}`, status: 1 }),
    failure: (error) => ({ text: `${error.message}\n`, status: 1 }),
    fileError (path, error) {
      const shown = Buffer.isBuffer(path) ? path.toString() : path
      if (error.code === 'EISDIR') return `xxhsum: ${shown}: Is a directory \n`
      return `Error: Could not open '${shown}': ${strerror(error)}. \n`
    },
    dialect: (api, settings) => dialect(settings)
  }
}

module.exports = { createTool }
