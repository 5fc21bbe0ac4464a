'use strict'
/**
 * Reads a command line the way GNU getopt_long does (coreutils' sha256sum, hashmill's own
 * options) or clap does (b3sum): options anywhere among the operands unless `--` ends them,
 * `-` an operand, short options grouped (`-bt`) with a value attached or next (`-l8`,
 * `-l 8`), long ones with `=VALUE` or the next argument as value, and, for getopt, long
 * names abbreviated to any unique prefix (`--stat` for `--status`). node:util parseArgs does
 * neither the abbreviations nor getopt's diagnostics, which the tools' test suites check.
 *
 * Mistakes are thrown as an `OptionError` carrying what went wrong; each tool words it.
 */

/**
 * @typedef {object} OptionSpec
 * @property {string} name the long name, without `--`; the key results use
 * @property {string} [short] its one-letter form
 * @property {boolean} [value] whether it takes a value
 */

/**
 * @typedef {object} Grammar
 * @property {boolean} abbreviations long names may be shortened to a unique prefix (getopt)
 * @property {boolean} hyphenValues a value may start with `-` (getopt: `--length -1`); clap
 *   takes such an argument for an option instead
 */

/**
 * What the command line got wrong: `kind` is 'unknown' (an option nobody knows, as
 * written: `--foo=1`, `-x`), 'ambiguous' (a prefix of several long names, in
 * `candidates`), 'missing' (an option without its value) or 'unexpected' (a value given
 * to an option that takes none); `option` names the option as the user wrote it
 * (`--st`, `-x`) or, for 'missing'/'unexpected', its spec (and `value`, the one given).
 */
class OptionError extends Error {
  /**
   * @param {'unknown'|'ambiguous'|'missing'|'unexpected'} kind
   * @param {string} written the option as written (`--foo`, `-x`)
   * @param {{ spec?: OptionSpec, candidates?: OptionSpec[], long?: boolean, value?: string }} [details]
   */
  constructor (kind, written, details = {}) {
    super(`${kind} option ${written}`)
    this.kind = kind
    this.written = written
    this.spec = details.spec
    this.candidates = details.candidates || []
    this.value = details.value
    this.long = details.long !== undefined ? details.long : written.startsWith('--')
  }
}

/** The spec for `--name` as written (before any `=`), or a thrown OptionError. */
function findLong (specs, name, written, grammar) {
  const exact = specs.find((spec) => spec.name === name)
  if (exact) return exact
  const prefixed = grammar.abbreviations && name !== '' ? specs.filter((spec) => spec.name.startsWith(name)) : []
  if (prefixed.length === 1) return prefixed[0]
  if (prefixed.length > 1) throw new OptionError('ambiguous', `--${name}`, { candidates: prefixed })
  throw new OptionError('unknown', written)
}

/**
 * @param {readonly string[]} argv
 * @param {readonly OptionSpec[]} specs
 * @param {Grammar} grammar
 * @returns {{ options: { spec: OptionSpec, value: string | undefined }[], operands: number[], error?: OptionError }}
 *   the options in the order given, the indexes in `argv` of the operands (so a caller
 *   holding the arguments' raw bytes can use those), and the first mistake, if any, with
 *   the options before it (the tools act on a --help given before a mistake)
 */
function getopt (argv, specs, grammar) {
  const options = []
  const operands = []
  try {
    scan(argv, specs, grammar, options, operands)
  } catch (error) {
    if (!(error instanceof OptionError)) throw error
    return { options, operands, error }
  }
  return { options, operands }
}

/** getopt's loop: fills `options` and `operands`, throws at the first mistake. */
function scan (argv, specs, grammar, options, operands) {
  /** A value-less option clap read on past: reported if nothing after it is wrong. */
  let missing = null
  /** The argument after `i` as `spec`'s value, or undefined if it cannot be one. */
  const valueAfter = (i, spec, written) => {
    const next = argv[i + 1]
    if (next !== undefined && (grammar.hyphenValues || !next.startsWith('-') || next === '-')) return next
    if (next === undefined || grammar.hyphenValues) throw new OptionError('missing', written, { spec })
    // clap reads the option that follows as one
    missing = missing || new OptionError('missing', written, { spec })
    return undefined
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      for (let j = i + 1; j < argv.length; j++) operands.push(j)
      break
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=')
      const name = arg.slice(2, equals === -1 ? undefined : equals)
      const spec = findLong(specs, name, arg, grammar)
      if (equals !== -1 && !spec.value) throw new OptionError('unexpected', `--${spec.name}`, { spec, value: arg.slice(equals + 1) })
      if (!spec.value || equals !== -1) {
        options.push({ spec, value: spec.value ? arg.slice(equals + 1) : undefined })
        continue
      }
      const value = valueAfter(i, spec, `--${spec.name}`)
      if (value !== undefined) {
        options.push({ spec, value })
        i++
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      for (let at = 1; at < arg.length; at++) {
        const spec = specs.find((candidate) => candidate.short === arg[at])
        if (!spec) throw new OptionError('unknown', `-${arg[at]}`)
        if (!spec.value) {
          options.push({ spec, value: undefined })
          continue
        }
        const attached = arg.slice(at + 1)
        const value = attached !== '' ? attached : valueAfter(i, spec, `-${arg[at]}`)
        if (value !== undefined) options.push({ spec, value })
        if (attached === '' && value !== undefined) i++
        break
      }
    } else {
      operands.push(i)
    }
  }
  if (missing) throw missing
}

module.exports = { getopt, OptionError }
