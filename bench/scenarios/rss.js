'use strict'
/**
 * Scenario "rss": peak resident memory while hashing a 4 GiB file with `mmap: false`,
 * native and wasm, each in a fresh child process that reports its VmHWM. The file is
 * written in 16 MiB random blocks (no sparse holes) and deleted afterwards. Skipped, with
 * a note, in quick mode or when the disk has less than 6 GiB free.
 */
const fs = require('node:fs')
const path = require('node:path')
const { runChild, retryCrashes } = require('../lib/child')
const { writeRandomFile } = require('../lib/fixtures')
const { describe } = require('../lib/measure')
const { GiB, MiB, sizeLabel, rate } = require('../lib/units')

const MIN_FREE_BYTES = 6 * GiB

const skipped = (note) => ({ records: [], tables: [], notes: [note] })

async function run ({ config, tmp, progress }) {
  const bytes = config.rssFileBytes
  if (!bytes) return skipped('skipped in --quick mode (it writes a 4 GiB file)')
  const stats = fs.statfsSync(tmp)
  const free = stats.bavail * stats.bsize
  if (free < MIN_FREE_BYTES) return skipped(`skipped: ${sizeLabel(free)} free in ${tmp}, needs ${sizeLabel(MIN_FREE_BYTES)}`)
  const file = path.join(tmp, 'rss.bin')
  progress(`rss: writing a ${sizeLabel(bytes)} file`)
  writeRandomFile(file, bytes)
  const records = []
  const notes = []
  try {
    for (const kind of ['native', 'wasm']) {
      progress(`rss: ${kind}`)
      const base = { id: `rss/${bytes}/${kind}`, scenario: 'rss', group: String(bytes), key: kind, label: `hashmill ${kind} hashFile (mmap: false)`, role: 'hashmill', algorithm: 'blake3', backend: kind, bytes }
      try {
        records.push({ ...base, ...await retryCrashes(() => runChild('file-rss', [kind, file]), notes) })
      } catch (error) {
        records.push({ ...base, error: describe(error) })
      }
    }
  } finally {
    fs.rmSync(file, { force: true })
  }
  const mib = (b) => `${(b / MiB).toFixed(0)} MiB`
  return {
    records,
    tables: [{
      title: `Peak RSS hashing a ${sizeLabel(bytes)} file with mmap: false (blake3)`,
      columns: ['implementation', 'peak RSS', 'RSS after load', 'throughput'],
      rows: records.map((r) => r.error ? [r.label, 'error', '', ''] : [r.label, mib(r.peakBytes), r.rssBeforeBytes ? mib(r.rssBeforeBytes) : '?', rate(bytes / r.seconds)]),
      notes: ['each backend in a fresh process; peak = VmHWM of the whole process (Node itself included)', ...notes, ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error}`)]
    }]
  }
}

module.exports = { name: 'rss', title: 'Peak RSS', run }
