'use strict'
/**
 * Which command hashmill is being: its own (BLAKE3, every option), or a drop-in for
 * coreutils' md5sum/sha*sum, b3sum or xxhsum, each with that tool's options, default
 * algorithm, output, messages and exit codes. The personality comes from `--as NAME` as the
 * first argument, or else from the name hashmill was started by (a link named sha256sum).
 * Only the module of the personality in use is loaded.
 */
const path = require('node:path')

/**
 * @typedef {object} Tool a personality's command line and its wording
 * @property {string} name the command's name, first in its messages
 * @property {string} stdinName how standard input is named in its lines
 * @property {(argv: string[], raw?: (Buffer | null)[]) => import('./settings').Settings} parse
 * @property {(api: any) => { stream: string, text: string }} help
 * @property {(api: any) => { stream: string, text: string }} version
 * @property {(error: any) => { text: string, status: number }} usageFailure a mistake on
 *   the command line (a UsageError)
 * @property {(error: Error) => { text: string, status: number }} failure a run that stops
 * @property {(path: string | Buffer, error: any) => string} fileError the stderr line for a
 *   file that could not be hashed
 * @property {(api: any, settings: import('./settings').Settings, backend: any) => import('./check').Dialect} dialect
 *   how it checks checksum files
 */

/**
 * @typedef {object} Personality
 * @property {string} name the command's name, as its messages start
 * @property {string} module the module under lib/cli that implements its command line
 * @property {string} algorithm what it hashes with by default
 */

/** @type {Record<string, Omit<Personality, 'name'>>} */
const PERSONALITIES = {
  hashmill: { module: './args', algorithm: 'blake3' },
  md5sum: { module: './coreutils', algorithm: 'md5' },
  sha1sum: { module: './coreutils', algorithm: 'sha1' },
  sha256sum: { module: './coreutils', algorithm: 'sha256' },
  sha384sum: { module: './coreutils', algorithm: 'sha384' },
  sha512sum: { module: './coreutils', algorithm: 'sha512' },
  b3sum: { module: './b3sum', algorithm: 'blake3' },
  xxhsum: { module: './xxhsum', algorithm: 'xxh64' },
  xxh32sum: { module: './xxhsum', algorithm: 'xxh32' },
  xxh64sum: { module: './xxhsum', algorithm: 'xxh64' },
  xxh128sum: { module: './xxhsum', algorithm: 'xxh3-128' }
}

const NAMES = Object.keys(PERSONALITIES)

/** The personality called `name`, or undefined. */
function personality (name) {
  const found = Object.hasOwn(PERSONALITIES, name) ? PERSONALITIES[name] : undefined
  return found && { name, ...found }
}

/**
 * The personality a command line asks for, and its arguments without `--as NAME`.
 * @param {string} script the path hashmill was started by (process.argv[1])
 * @param {string[]} argv the arguments after it
 * @returns {{ personality: Personality, argv: string[], skipped: number } | { unknown: string }}
 *   `skipped`: how many leading arguments `--as` took; `unknown`: an --as name nobody has
 */
function choose (script, argv) {
  const [first, second] = argv
  if (first === '--as' || (first !== undefined && first.startsWith('--as='))) {
    const inline = first !== '--as'
    const name = inline ? first.slice('--as='.length) : second
    const chosen = name === undefined ? undefined : personality(name)
    if (!chosen) return { unknown: name === undefined ? '' : name }
    const skipped = inline ? 1 : 2
    return { personality: chosen, argv: argv.slice(skipped), skipped }
  }
  const invoked = path.basename(script || '').replace(/\.js$/, '')
  const chosen = personality(invoked) || /** @type {Personality} */ (personality('hashmill'))
  return { personality: chosen, argv, skipped: 0 }
}

/**
 * The personality's command line (its module's `createTool`), loaded now.
 * @param {Personality} chosen
 * @returns {Tool}
 */
function toolFor (chosen) {
  return require(chosen.module).createTool(chosen)
}

module.exports = { choose, toolFor, NAMES }
