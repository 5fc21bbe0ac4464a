'use strict'
/**
 * File names in coreutils' diagnostics (`sha256sum: 'a b': No such file or directory`): a
 * name a shell would read as it is stays bare; any other is quoted as a shell word, 'like
 * this', with `'\''` for a quote, `'$'\n''` for control characters and octal escapes for
 * bytes that are not printable (gnulib's quotef, shell-escape style, with `:` quoted too).
 * A name holding a quote but nothing else special is written "in double quotes" instead.
 *
 * Bytes from 0x80 up are printable in a UTF-8 locale when they form valid UTF-8, and never
 * in the C locale, as the C library's isprint/iswprint decide for coreutils.
 */

/** Bytes that make a name need quoting wherever they are. */
const SPECIAL = new Set(Buffer.from('\t\n\r !"$&()*;<=>?[\\^`|\':'))
/**
 * Names that go in "double quotes" when they hold a quote: nothing but letters, digits,
 * space, the quote, `%+,-./:]_@`, printable non-ASCII, and `#` or `~` first.
 */
const DOUBLE_QUOTABLE = /^[#~]?[ '\w%+,\-./:\]@\u0080-\uffff]*$/
/** Control characters written as `$'\n'` inside single quotes. */
const C_ESCAPES = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' }

/** Whether the environment's locale is a UTF-8 one (LC_ALL, then LC_CTYPE, then LANG). */
function utf8Locale (env) {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || ''
  return /utf-?8/i.test(locale)
}

/**
 * The name in pieces: runs of printable bytes (`text`) and single bytes that are not
 * (`byte`), so both quoting passes see the same characters.
 * @param {Buffer} bytes
 * @param {boolean} utf8
 */
function pieces (bytes, utf8) {
  const out = []
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    const length = b < 0x80 ? 1 : utf8 ? utf8Length(bytes, i) : 0
    if (length === 0 || b < 0x20 || b === 0x7f) {
      out.push({ byte: b })
      i++
    } else {
      out.push({ text: bytes.toString('utf8', i, i + length) })
      i += length
    }
  }
  return out
}

/** The length of the valid UTF-8 sequence at `i`, or 0. */
function utf8Length (bytes, i) {
  const b = bytes[i]
  const length = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0
  if (length === 0 || i + length > bytes.length) return 0
  const text = bytes.toString('utf8', i, i + length)
  return text.length > 0 && !text.includes('\ufffd') ? length : 0
}

/** Whether a name is fine bare: not empty, nothing special, `#`/`~` not first, no lone `{`/`}`. */
function bare (bytes, parts) {
  if (bytes.length === 0) return false
  if (parts.some((part) => part.byte !== undefined)) return false
  if (bytes.length === 1 && (bytes[0] === 0x7b || bytes[0] === 0x7d)) return false
  if (bytes[0] === 0x23 || bytes[0] === 0x7e) return false
  return !bytes.some((b) => SPECIAL.has(b))
}

/** The name as one shell word in single quotes (`$'...'` for what cannot be in them). */
function singleQuoted (parts) {
  let out = "'"
  let escaping = false
  for (const part of parts) {
    if (part.byte !== undefined) {
      if (!escaping) out += "'$'"
      escaping = true
      const letter = C_ESCAPES[part.byte]
      out += letter ? `\\${letter}` : `\\${part.byte.toString(8).padStart(3, '0')}`
      continue
    }
    for (const char of part.text) {
      if (char === "'") {
        out += "'\\''"
      } else {
        if (escaping) out += "''"
        out += char
      }
      escaping = false
    }
  }
  return `${out}'`
}

/**
 * A file name as coreutils' messages show it.
 * @param {string | Buffer} name
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
function quotef (name, env = process.env) {
  const bytes = Buffer.isBuffer(name) ? name : Buffer.from(name)
  const parts = pieces(bytes, utf8Locale(env))
  if (bare(bytes, parts)) return bytes.toString()
  const text = parts.every((part) => part.text !== undefined) ? parts.map((part) => part.text).join('') : null
  if (text !== null && text.includes("'") && DOUBLE_QUOTABLE.test(text)) return `"${text}"`
  return singleQuoted(parts)
}

module.exports = { quotef }
