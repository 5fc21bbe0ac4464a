'use strict'
/**
 * What a command line asks for, whichever tool's syntax it was written in: every
 * personality's parser (args.js, coreutils.js, b3sum.js, xxhsum.js) fills the same
 * settings, which run.js carries out. Also the error a parser throws for a mistake.
 */

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

module.exports = { UsageError, defaults, operandsAt }
