'use strict'
/**
 * --check: reads checksum files (GNU lines, escaped or not, with or without the `*` binary
 * mark, and BSD --tag lines), hashes the files they name, and prints a verdict per line as
 * `sha256sum -c` does, then its warnings on stderr. GNU lines are of the -a algorithm, BSD
 * lines of their tag's; a digest of the wrong length makes the line improperly formatted.
 * Blank lines and `#` comments are skipped, a CR before the LF is dropped (as coreutils).
 * --quiet drops the OK lines; --status prints nothing at all.
 */
const fs = require('node:fs')
const { hashInputs, STDIN } = require('./hashing')

/** Verdicts that fail the check, and the count each one adds to. */
const FAILURES = { 'FAILED open or read': 'unreadable', FAILED: 'mismatched' }

/** The closing warnings: [count, singular, plural], worded as sha256sum's. */
const WARNINGS = [
  ['improper', 'line is improperly formatted', 'lines are improperly formatted'],
  ['unreadable', 'listed file could not be read', 'listed files could not be read'],
  ['mismatched', 'computed checksum did NOT match', 'computed checksums did NOT match']
]

async function readText (name) {
  if (name !== STDIN) return fs.promises.readFile(name, 'utf8')
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

function checksumLines (text) {
  return text.split('\n')
    .map((line) => line.endsWith('\r') ? line.slice(0, -1) : line)
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/**
 * The well-formed lines as hashing inputs carrying their expected digest, and how many
 * lines were not well-formed.
 */
function parseChecksums (format, text, algorithm, algorithms, digestLengths) {
  const entries = []
  let improper = 0
  for (const line of checksumLines(text)) {
    const entry = format.parseChecksumLine(line, algorithm, algorithms)
    if (entry && entry.digest.length === digestLengths[entry.algorithm]) {
      entries.push({ ...entry, kind: entry.path === STDIN ? 'stdin' : 'file' })
    } else {
      improper++
    }
  }
  return { entries, improper }
}

function verdictOf (record, expected) {
  if (record.error) return 'FAILED open or read'
  return record.digest === expected ? 'OK' : 'FAILED'
}

/** Verifies one checksum file; true if every listed file was read and matched. */
async function checkFile (api, name, { args, output, settings, format, digestLengths }) {
  const say = !args.status
  const shown = name === STDIN ? "'standard input'" : name
  let text
  try {
    text = await readText(name)
  } catch (error) {
    if (say) output.fileError(shown, error)
    return false
  }
  const { entries, improper } = parseChecksums(format, text, args.algorithm, api.algorithms, digestLengths)
  if (entries.length === 0) {
    if (say) output.warn(`${shown}: no properly formatted checksum lines found`)
    return false
  }
  const counts = { improper, unreadable: 0, mismatched: 0 }
  let next = 0
  for await (const batch of hashInputs(api, entries, settings)) {
    let lines = ''
    for (const record of batch.records()) {
      const verdict = verdictOf(record, entries[next++].digest)
      if (FAILURES[verdict]) counts[FAILURES[verdict]]++
      if (record.error && say) output.fileError(record.path, record.error)
      if (say && !(verdict === 'OK' && args.quiet)) lines += format.formatVerdict(record.path, verdict)
    }
    await output.print(lines)
  }
  for (const [key, one, many] of WARNINGS) {
    if (say && counts[key]) output.warn(`WARNING: ${counts[key]} ${counts[key] === 1 ? one : many}`)
  }
  return counts.unreadable === 0 && counts.mismatched === 0
}

/**
 * Verifies every file in `args.checkFiles`, in order.
 * @returns {Promise<boolean>} true if all of them passed
 */
async function check (api, args, output, settings, format) {
  const digestLengths = Object.fromEntries(api.algorithms.map((a) => [a, api.hashSync('', a).length]))
  let ok = true
  for (const name of args.checkFiles) {
    if (!await checkFile(api, name, { args, output, settings, format, digestLengths })) ok = false
  }
  return ok
}

module.exports = { check }
