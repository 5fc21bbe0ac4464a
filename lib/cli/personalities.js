'use strict'
/**
 * Which command hashmill is being: its own (BLAKE3, every option), or a drop-in for
 * coreutils' md5sum/sha*sum, b3sum or xxhsum, each with that tool's options, default
 * algorithm, output, messages and exit codes. The personality comes from `--as NAME` as the
 * first argument, or else from the name hashmill was started by (a link named sha256sum).
 * Only the module of the personality in use is loaded. Also what every personality's
 * parser (args.js, coreutils.js, b3sum.js, xxhsum.js) fills in, whichever tool's syntax the
 * command line was written in: the same settings, which run.js carries out; and the error a
 * parser throws for a mistake.
 */
const path = require('node:path')

/**
 * @typedef {object} Tool a personality's command line and its wording
 * @property {string} name the command's name, first in its messages
 * @property {string} stdinName how standard input is named in its lines
 * @property {(argv: string[], raw?: (Buffer | null)[]) => import('./personalities').Settings} parse
 * @property {(api: any) => { stream: string, text: string }} help
 * @property {(api: any) => { stream: string, text: string }} version
 * @property {(error: any) => { text: string, status: number }} usageFailure a mistake on
 *   the command line (a UsageError)
 * @property {(error: Error) => { text: string, status: number }} failure a run that stops
 * @property {(path: string | Buffer, error: any) => string} fileError the stderr line for a
 *   file that could not be hashed
 * @property {(api: any, settings: import('./personalities').Settings, backend: any) => import('./check').Dialect} dialect
 *   how it checks checksum files
 */

/**
 * @typedef {object} Personality
 * @property {string} name the command's name, as its messages start
 * @property {() => { createTool: (chosen: Personality) => any }} load the module under
 *   lib/cli that implements its command line (a literal require, so bundlers follow it)
 * @property {string} algorithm what it hashes with by default
 */

const ARGS = () => require('./args')
const COREUTILS = () => require('./coreutils')
const B3SUM = () => require('./b3sum')
const XXHSUM = () => require('./xxhsum')

/** @type {Record<string, Omit<Personality, 'name'>>} */
const PERSONALITIES = {
  hashmill: { load: ARGS, algorithm: 'blake3' },
  md5sum: { load: COREUTILS, algorithm: 'md5' },
  sha1sum: { load: COREUTILS, algorithm: 'sha1' },
  sha256sum: { load: COREUTILS, algorithm: 'sha256' },
  sha384sum: { load: COREUTILS, algorithm: 'sha384' },
  sha512sum: { load: COREUTILS, algorithm: 'sha512' },
  b3sum: { load: B3SUM, algorithm: 'blake3' },
  xxhsum: { load: XXHSUM, algorithm: 'xxh64' },
  xxh32sum: { load: XXHSUM, algorithm: 'xxh32' },
  xxh64sum: { load: XXHSUM, algorithm: 'xxh64' },
  xxh128sum: { load: XXHSUM, algorithm: 'xxh3-128' }
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
  return chosen.load().createTool(chosen)
}

/**
 * A mistake on the command line. Each personality words it its own way and exits with its
 * own status for it (hashmill 2, coreutils 1, b3sum 2, xxhsum 1).
 */
class UsageError extends Error {}

/**
 * @typedef {object} LineSettings how a digest is printed
 * @property {'gnu'|'binary'|'tag'|'digest'|'raw'|'json'} layout `<hex>  <name>`,
 *   `<hex> *<name>`, `<TAG> (<name>) = <hex>`, `<hex>`, the bytes, or JSON
 * @property {boolean} zero lines end with NUL, names are not escaped (coreutils -z)
 * @property {boolean} verbatim names are never escaped (xxhsum)
 * @property {boolean} lossy names that are not UTF-8 are shown with U+FFFD (b3sum)
 * @property {boolean} reversed the digest's bytes in reverse order (xxhsum --little-endian)
 * @property {string} tagSuffix after the algorithm's tag (xxhsum's `_LE`)
 * @property {number} seek output bytes left out before the digest shown (b3sum --seek)
 * @property {number} [length] output bytes shown (b3sum --length; all of them if unset)
 */

/**
 * @typedef {object} CheckSettings how --check reports
 * @property {boolean} quiet no OK lines
 * @property {boolean} status nothing printed; the exit status tells
 * @property {boolean} strict improperly formatted lines fail the check
 * @property {boolean} warn a warning for each improperly formatted line
 * @property {boolean} ignoreMissing files that do not exist are skipped
 * @property {boolean} littleEndian digests in GNU lines are little-endian (xxhsum)
 */

/**
 * @typedef {object} Settings
 * @property {'hash'|'check'|'help'|'version'|'bench'} mode
 * @property {string} algorithm
 * @property {number} [outputLength] bytes of output (BLAKE3's XOF)
 * @property {string} [context] BLAKE3 derive-key mode
 * @property {boolean} keyed BLAKE3 keyed mode, the key read from standard input (b3sum)
 * @property {(string | Buffer)[]} operands FILEs, or CHECKFILEs with --check (none: stdin)
 * @property {LineSettings} line
 * @property {CheckSettings} check
 * @property {boolean} recursive
 * @property {boolean} tree
 * @property {string[]} ignore
 * @property {boolean} gitignore
 * @property {string} [cache] hashmill's hash cache file (--cache)
 * @property {boolean} mmap
 * @property {boolean} [progress]
 * @property {string} [threads]
 * @property {string} [backend]
 * @property {{ ids: number[], iterations: number, blockSize: number, quiet: boolean }} [bench] xxhsum -b
 */

/**
 * Settings with nothing asked for yet: hash `algorithm`, GNU lines.
 * @param {string} algorithm
 * @returns {Settings}
 */
function defaults (algorithm) {
  return {
    mode: 'hash',
    algorithm,
    keyed: false,
    operands: [],
    line: { layout: 'gnu', zero: false, verbatim: false, lossy: false, reversed: false, tagSuffix: '', seek: 0 },
    check: { quiet: false, status: false, strict: false, warn: false, ignoreMissing: false, littleEndian: false },
    recursive: false,
    tree: false,
    ignore: [],
    gitignore: false,
    mmap: true
  }
}

/** The operands at `indexes` of `argv`, as the raw bytes in `raw` where given. */
function operandsAt (argv, indexes, raw) {
  return indexes.map((i) => (raw && raw[i]) || argv[i])
}

/** hashmill's version, for --version (package.json is read only then). */
function hashmillVersion () {
  return require('../../package.json').version
}

module.exports = { choose, toolFor, NAMES, UsageError, defaults, operandsAt, hashmillVersion }
