'use strict'
/**
 * Scenario "threads": BLAKE3 `hash()` of one large buffer with HASHMILL_THREADS = 1 … N
 * (N = os.availableParallelism()), both backends, then wasm `hashFile()` of a file of the
 * same size (page cache warm), each point in its own child process since the pools are
 * sized at load. Reports GiB/s and the speed-up over one thread.
 */
const os = require('node:os')
const path = require('node:path')
const { childResult } = require('../lib/child')
const { writeRandomFile, warmPageCache } = require('../lib/fixtures')
const { makeRecord } = require('../lib/records')
const { roundsFor } = require('../lib/config')
const { sizeLabel } = require('../lib/units')
const { RATE_COLUMNS, rateRows, errorNotes } = require('../lib/rows')

const ALGORITHM = 'blake3'

/** One child: `input` is a byte count (hash() of a random buffer) or `file:PATH` (hashFile()). */
function point (kind, threads, input, rounds, notes) {
  return childResult('hash-buffer', [kind, String(threads), input, ALGORITHM, String(rounds)], notes)
}

/** One curve, 1 … every thread: `call` is 'hash' or 'hashFile' (of `file`). */
async function curve (kind, call, file, { bytes, rounds, progress, notes }) {
  const max = os.availableParallelism()
  const mine = []
  for (let threads = 1; threads <= max; threads++) {
    progress(`threads: ${kind} ${call}, ${threads} of ${max}`)
    const contender = { key: `${kind}.threads${threads}`, label: `hashmill ${kind} ${call}(), HASHMILL_THREADS=${threads}`, role: 'hashmill', algorithm: ALGORITHM }
    const input = call === 'hash' ? String(bytes) : `file:${file}`
    const group = call === 'hash' ? kind : `hashFile-${kind}`
    mine.push(makeRecord('threads', group, contender, await point(kind, threads, input, rounds, notes), bytes, { backend: kind, threads }))
  }
  return mine
}

/** `tmp` is this scenario's own directory; run.js removes it afterwards, whatever happens. */
async function run ({ config, tmp, progress }) {
  const bytes = config.bigBytes
  const rounds = roundsFor(config, bytes)
  const how = { bytes, rounds, progress, notes: [] }
  const buffers = [await curve('native', 'hash', null, how), await curve('wasm', 'hash', null, how)]
  const file = path.join(tmp, 'threads.bin')
  progress(`threads: writing a ${sizeLabel(bytes)} file`)
  writeRandomFile(file, bytes)
  warmPageCache(file)
  const files = [await curve('wasm', 'hashFile', file, how)]
  const table = (curves, what) => ({
    title: `Thread scaling: ${ALGORITHM} ${what} of ${sizeLabel(bytes)} (×: speed-up over 1 thread of the same backend)`,
    columns: [...RATE_COLUMNS, '× 1 thread'],
    rows: curves.flatMap((mine) => rateRows(mine, { basis: mine[0] })),
    notes: [`each thread count in a fresh child process; median of ${rounds} after a warm-up`, ...errorNotes(curves.flat())]
  })
  const tables = [table(buffers, 'hash()'), table(files, 'hashFile() (page cache warm)')]
  tables[1].notes.push(...how.notes)
  return { records: [...buffers, ...files].flat(), tables }
}

module.exports = { name: 'threads', title: 'Thread scaling', run }
