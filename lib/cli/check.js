'use strict'
/**
 * --check for every personality: reads each checksum file (a file, or `-` for standard
 * input), has the personality's dialect parse its lines, hashes the files they list in
 * parallel batches (hashing.js), and prints what the dialect says about each line, in line
 * order: verdicts on stdout, warnings on stderr (stdout written first, so the two stay in
 * order on one terminal). Dialects: check-gnu.js (coreutils and hashmill), b3sum.js,
 * xxhsum.js.
 */
const fs = require('node:fs')
const { hashInputs, noSuchFile, wholeStdin, STDIN } = require('./hashing')

/**
 * @typedef {object} Entry a well-formed line: a file and what its digest must be
 * @property {'file'|'stdin'} kind
 * @property {string | Buffer} path
 * @property {string} algorithm
 * @property {string} digest lower-case hex
 */

/**
 * @typedef {object} Item one line of a checksum file, as the dialect read it
 * @property {number} number its line number, from 1
 * @property {Entry} [entry] set for a well-formed line
 * @property {*} [line] whatever else the dialect keeps of it
 */

/**
 * @typedef {object} Said what a dialect prints at some point
 * @property {string | Buffer} [out] for stdout
 * @property {string} [err] for stderr
 * @property {boolean} [fatal] the run ends here (no more lines, files or closing words)
 */

/**
 * @typedef {object} Session a dialect reading one checksum file
 * @property {(bytes: Buffer) => Item[]} items its lines
 * @property {(item: Item) => Said} improper for a line without an entry
 * @property {(item: Item, record: { digest?: string, error?: any }) => Said} verdict for a
 *   line whose file was hashed (or could not be)
 * @property {() => Said & { ok: boolean }} finish after the last line
 */

/**
 * @typedef {object} Dialect
 * @property {(name: string | Buffer, fromStdin: boolean) => Session} open
 * @property {(name: string | Buffer, fromStdin: boolean, error: any) => Said} unreadable
 *   a checksum file that cannot be read
 * @property {() => Said} [end] after every checksum file
 */

async function readBytes (name) {
  return name === STDIN ? wholeStdin(process.stdin) : fs.promises.readFile(name)
}

/** Prints what dialects say, stdout's part first, so the two streams stay in order. */
function createSpeaker (output) {
  let pending = []
  const flush = async () => {
    if (pending.length === 0) return
    const text = Buffer.concat(pending.map((part) => Buffer.isBuffer(part) ? part : Buffer.from(part)))
    pending = []
    await output.print(text)
  }
  return {
    /** @param {Said} said */
    async say ({ out, err }) {
      if (out) pending.push(out)
      if (err) {
        await flush()
        output.stderr(err)
      }
    },
    flush
  }
}

/** What a dialect said that ends the whole run (b3sum's `Error: ...`). */
class Stop extends Error {}

/** Says `said`; a fatal one stops the run. */
async function sayOrStop (speaker, said) {
  await speaker.say(said)
  if (said.fatal) throw new Stop()
}

/** Verifies one checksum file; true if it passed. */
async function checkOne (api, name, dialect, speaker, settings) {
  const fromStdin = name === STDIN
  let bytes
  try {
    bytes = await readBytes(name)
  } catch (error) {
    await sayOrStop(speaker, dialect.unreadable(name, fromStdin, error))
    return false
  }
  const session = dialect.open(name, fromStdin)
  const items = session.items(bytes)
  const listed = items.filter((item) => item.entry)
  let next = 0
  const sayUpTo = async (item) => {
    for (; items[next] !== item; next++) await sayOrStop(speaker, session.improper(items[next]))
    next++
  }
  let index = 0
  const inputs = listed.map(({ entry }) => entry.path.length === 0 ? { ...entry, ...noSuchFile(entry.path, entry.algorithm) } : entry)
  for await (const batch of hashInputs(api, inputs, settings)) {
    for (const record of batch.records()) {
      const item = listed[index++]
      await sayUpTo(item)
      await speaker.say(session.verdict(item, record))
    }
    await speaker.flush()
  }
  for (; next < items.length; next++) await sayOrStop(speaker, session.improper(items[next]))
  const { ok, ...said } = session.finish()
  await speaker.say(said)
  return ok
}

/**
 * Verifies every checksum file in `args.operands` (standard input if none), in order.
 * @param {object} api the hashmill package
 * @param {import('./personalities').Settings} args
 * @param {Dialect} dialect
 * @param {{ print(text: string | Buffer): Promise<void>, stderr(text: string): void }} output
 * @param {object} settings what hashing.js needs (mmap, progress)
 * @returns {Promise<boolean>} true if all of them passed
 */
async function check (api, args, dialect, output, settings) {
  const speaker = createSpeaker(output)
  const names = args.operands.length ? args.operands : [STDIN]
  let ok = true
  try {
    for (const name of names) {
      if (!await checkOne(api, name, dialect, speaker, settings)) ok = false
    }
    if (dialect.end) await speaker.say(dialect.end())
  } catch (error) {
    if (!(error instanceof Stop)) throw error
    ok = false
  }
  await speaker.flush()
  return ok
}

module.exports = { check }
