'use strict'
/**
 * Checksum files as coreutils' `sha256sum -c` reads them, for the coreutils personalities
 * and hashmill's own: GNU lines (`<hex>  <name>`, `<hex> *<name>`), BSD lines
 * (`SHA256 (<name>) = <hex>`, OpenSSL's `SHA256(<name>)= <hex>`), BSD-reversed lines
 * (`<hex> <name>`, only if the first well-formed line is one), a leading `\` for escaped
 * names, `#` comments, blank lines and CRLF endings; then its verdicts (`name: OK`,
 * `name: FAILED`, `name: FAILED open or read`), its warnings and its exit status, with
 * --quiet, --status, --strict, --warn and --ignore-missing. Lines are read as bytes, so any
 * file name a line holds is the one opened and printed.
 */
const { quotef } = require('./quote')
const { strerror } = require('../fs-errors')

/** coreutils' ISWHITE. */
const WHITE = /[ \t]/
const HEX = /^[0-9a-fA-F]+$/

/** The closing warnings: [count, singular, plural], worded as sha256sum's. */
const WARNINGS = [
  ['improper', 'line is improperly formatted', 'lines are improperly formatted'],
  ['unreadable', 'listed file could not be read', 'listed files could not be read'],
  ['mismatched', 'computed checksum did NOT match', 'computed checksums did NOT match']
]

/**
 * The lines of a checksum file as coreutils splits them: `#` lines skipped, the LF and one
 * CR before it dropped, empty lines skipped. Text is latin1 (one char per byte).
 * @param {Buffer} bytes
 */
function checksumLines (bytes) {
  const text = bytes.toString('latin1')
  const lines = []
  let start = 0
  for (let number = 1; start < text.length; number++) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    let line = text.slice(start, end)
    start = end + 1
    if (line.startsWith('#')) continue
    if (line.endsWith('\r')) line = line.slice(0, -1)
    if (line !== '') lines.push({ number, line })
  }
  return lines
}

/**
 * @typedef {object} GnuChecker
 * @property {string} name the command, first in messages
 * @property {(tag: string) => string | undefined} algorithmOfTag the algorithm a BSD line
 *   with this tag is of (undefined: not one this command reads)
 * @property {string} algorithm what GNU lines are of
 * @property {(algorithm: string) => number} hexLength
 * @property {string} tag what --warn calls the lines (`SHA256`)
 * @property {{ unescapeName(text: Uint8Array): Uint8Array | null | undefined, escapeName(name: Uint8Array): Uint8Array | null | undefined }} backend
 * @property {import('./personalities').CheckSettings} check
 */

/**
 * The dialect (see check.js) for one run.
 * @param {GnuChecker} checker
 * @returns {import('./check').Dialect}
 */
function gnuDialect (checker) {
  const { name: command, check, backend } = checker
  // -1 until the first well-formed GNU line says whether lines are BSD-reversed (1) or
  // not (0), for the rest of the run, as coreutils does.
  let reversed = -1

  /** The name an escaped line's text stands for, or null. */
  function unescape (text) {
    const name = backend.unescapeName(Buffer.from(text, 'latin1'))
    return name ? Buffer.from(name).toString('latin1') : null
  }

  /** `TAG (name) = hex` from after the tag's `(`; null if malformed. */
  function bsdRest (rest, escaped) {
    const close = rest.lastIndexOf(')')
    if (close === -1) return null
    let name = rest.slice(0, close)
    if (escaped && (name = unescape(name)) === null) return null
    const match = /^[ \t]*=[ \t]*(.*)$/s.exec(rest.slice(close + 1))
    return match ? { name, digest: match[1] } : null
  }

  /** `{ algorithm, digest, name }` (name in latin1) for a well-formed line, else null. */
  function parseLine (s) {
    let i = 0
    while (WHITE.test(s[i] || '')) i++
    const escaped = s[i] === '\\'
    if (escaped) i++
    const tag = /^[A-Za-z0-9-]+/.exec(s.slice(i))
    const bsdAlgorithm = tag && checker.algorithmOfTag(tag[0])
    if (bsdAlgorithm) {
      i += tag[0].length
      if (s[i] === ' ') i++
      if (s[i] !== '(') return null
      const bsd = bsdRest(s.slice(i + 1), escaped)
      if (!bsd || bsd.digest.length !== checker.hexLength(bsdAlgorithm) || !HEX.test(bsd.digest)) return null
      return { algorithm: bsdAlgorithm, digest: bsd.digest, name: bsd.name }
    }
    const algorithm = checker.algorithm
    const hexLength = checker.hexLength(algorithm)
    if (s.length - i < hexLength + 2 + (s[i] === '\\' ? 1 : 0)) return null
    const digest = s.slice(i, i + hexLength)
    i += hexLength
    if (!WHITE.test(s[i] || '') || !HEX.test(digest)) return null
    i++
    if (s.length - i === 1 || (s[i] !== ' ' && s[i] !== '*')) {
      if (reversed === 0) return null
      reversed = 1
    } else if (reversed !== 1) {
      reversed = 0
      i++
    }
    const name = escaped ? unescape(s.slice(i)) : s.slice(i)
    return name === null ? null : { algorithm, digest, name }
  }

  /** A name read from a line as what opens it: a string where it is UTF-8, else bytes. */
  function pathOf (latin1) {
    const bytes = Buffer.from(latin1, 'latin1')
    const text = bytes.toString('utf8')
    return Buffer.from(text).equals(bytes) ? text : bytes
  }

  /** The name as a verdict line shows it: escaped (and the line marked) only if it holds LF. */
  function shown (latin1) {
    const bytes = Buffer.from(latin1, 'latin1')
    if (check.status || !latin1.includes('\n')) return bytes
    return Buffer.concat([Buffer.from('\\'), Buffer.from(backend.escapeName(bytes) || bytes)])
  }

  const warn = (message) => `${command}: ${message}\n`

  return {
    open (file, fromStdin) {
      const fileName = fromStdin ? quotef('standard input') : quotef(file)
      const counts = { proper: 0, improper: 0, unreadable: 0, mismatched: 0, matched: 0 }
      return {
        items (bytes) {
          return checksumLines(bytes).map(({ number, line }) => {
            const parsed = parseLine(line)
            if (!parsed || (fromStdin && parsed.name === '-')) return { number }
            counts.proper++
            const path = pathOf(parsed.name)
            /** @type {import('./check').Entry} */
            const entry = { kind: path === '-' ? 'stdin' : 'file', path, algorithm: parsed.algorithm, digest: parsed.digest.toLowerCase() }
            return { number, entry, line: parsed.name }
          })
        },
        improper ({ number }) {
          counts.improper++
          return check.warn ? { err: warn(`${fileName}: ${number}: improperly formatted ${checker.tag} checksum line`) } : {}
        },
        verdict (item, record) {
          const entry = /** @type {import('./check').Entry} */ (item.entry)
          const said = (verdict) => check.status ? {} : { out: Buffer.concat([shown(item.line), Buffer.from(`: ${verdict}\n`)]) }
          if (record.error) {
            if (check.ignoreMissing && record.error.code === 'ENOENT') return {}
            counts.unreadable++
            return { ...said('FAILED open or read'), err: warn(`${quotef(entry.path)}: ${strerror(record.error)}`) }
          }
          if (record.digest !== entry.digest) {
            counts.mismatched++
            return said('FAILED')
          }
          counts.matched++
          return check.quiet ? {} : said('OK')
        },
        finish () {
          let err = ''
          if (counts.proper === 0) {
            err = warn(`${fileName}: no properly formatted checksum lines found`)
          } else if (!check.status) {
            for (const [key, one, many] of WARNINGS) {
              if (counts[key]) err += warn(`WARNING: ${counts[key]} ${counts[key] === 1 ? one : many}`)
            }
            if (check.ignoreMissing && counts.matched === 0) err += warn(`${fileName}: no file was verified`)
          }
          const ok = counts.matched > 0 && counts.mismatched === 0 && counts.unreadable === 0 &&
            (!check.strict || counts.improper === 0)
          return { err, ok }
        }
      }
    },
    unreadable (file, fromStdin, error) {
      return { err: warn(`${fromStdin ? quotef('standard input') : quotef(file)}: ${strerror(error)}`) }
    }
  }
}

module.exports = { gnuDialect }
