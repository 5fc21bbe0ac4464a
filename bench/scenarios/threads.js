'use strict'
/**
 * Scenario "threads": BLAKE3 `hash()` of one large buffer with HASHMILL_THREADS = 1 … N
 * (N = os.availableParallelism()), both backends, each point in its own child process
 * since the pools are sized at load. Reports GiB/s and the speed-up over one thread.
 */
const os = require('node:os')
const { runChild, retryCrashes } = require('../lib/child')
const { makeRecord } = require('../lib/records')
const { roundsFor } = require('../lib/config')
const { sizeLabel } = require('../lib/units')
const { RATE_COLUMNS, rateRows, errorNotes } = require('../lib/rows')
const { describe } = require('../lib/measure')

const ALGORITHM = 'blake3'

async function point (kind, threads, bytes, rounds, notes) {
  try {
    const args = [kind, String(threads), String(bytes), ALGORITHM, String(rounds)]
    const { result } = await retryCrashes(() => runChild('hash-buffer', args), notes)
    return result
  } catch (error) {
    return { error: describe(error) }
  }
}

async function run ({ config, progress }) {
  const bytes = config.bigBytes
  const rounds = roundsFor(config, bytes)
  const max = os.availableParallelism()
  const records = []
  const rows = []
  const notes = []
  for (const kind of ['native', 'wasm']) {
    const mine = []
    for (let threads = 1; threads <= max; threads++) {
      progress(`threads: ${kind}, ${threads} of ${max}`)
      const contender = { key: `${kind}.threads${threads}`, label: `hashmill ${kind} hash(), HASHMILL_THREADS=${threads}`, role: 'hashmill', algorithm: ALGORITHM }
      mine.push(makeRecord('threads', kind, contender, await point(kind, threads, bytes, rounds, notes), bytes, { backend: kind, threads }))
    }
    rows.push(...rateRows(mine, { basis: mine[0] }))
    records.push(...mine)
  }
  const table = {
    title: `Thread scaling: ${ALGORITHM} hash() of ${sizeLabel(bytes)} (×: speed-up over 1 thread of the same backend)`,
    columns: [...RATE_COLUMNS, '× 1 thread'],
    rows,
    notes: [`each thread count in a fresh child process; median of ${rounds} after a warm-up`, ...notes, ...errorNotes(records)]
  }
  return { records, tables: [table] }
}

module.exports = { name: 'threads', title: 'Thread scaling', run }
