'use strict'
/**
 * Scenario "upload": upload checksums, native backend, one file of `fileBytes` (1 GiB;
 * quick: 64 MiB) with the page cache warm. `hashFile` crc64nvme and crc32c with
 * HASHMILL_THREADS=1 and with every thread (each in a fresh child: the pool is sized at
 * load, and the CRCs split one large input across it and combine); then, in one contest,
 * `s3Checksum` (8 MiB parts, FULL_OBJECT crc64nvme and every part's checksum, one pass)
 * against one `hashFile` crc64nvme of the same file, and `s3ETag` against `hashFile` md5.
 * The one-thread in-memory speeds and the AWS SDK's own CRC-64/NVME are in "memory".
 */
const os = require('node:os')
const path = require('node:path')
const { childResult } = require('../lib/child')
const { contest } = require('../lib/measure')
const { makeRecord, contestRecords } = require('../lib/records')
const { loadBackends } = require('../lib/backends')
const { writeRandomFile, warmPageCache } = require('../lib/fixtures')
const { roundsFor } = require('../lib/config')
const { MiB, sizeLabel } = require('../lib/units')
const { RATE_COLUMNS, rateRows, errorNotes } = require('../lib/rows')

const PART_SIZE = 8 * MiB

function threadPoint (threads, file, algorithm, rounds, notes) {
  return childResult('hash-buffer', ['native', String(threads), `file:${file}`, algorithm, String(rounds)], notes)
}

async function run ({ config, tmp, progress }) {
  const bytes = config.fileBytes
  const rounds = roundsFor(config, bytes)
  const file = path.join(tmp, 'upload.bin')
  writeRandomFile(file, bytes)
  warmPageCache(file)
  const notes = []
  const records = []
  const tables = []

  const max = os.availableParallelism()
  for (const algorithm of ['crc64nvme', 'crc32c']) {
    const mine = []
    for (const threads of [1, max]) {
      progress(`upload: hashFile ${algorithm}, ${threads} thread(s)`)
      const contender = { key: `native.threads${threads}`, label: `hashmill native hashFile ${algorithm}, HASHMILL_THREADS=${threads}`, role: 'hashmill', algorithm }
      mine.push(makeRecord('upload', `hashFile/${algorithm}`, contender, await threadPoint(threads, file, algorithm, rounds, notes), bytes, { threads }))
    }
    tables.push({
      title: `hashFile ${algorithm} of ${sizeLabel(bytes)}, page cache warm (×: speed-up over 1 thread)`,
      columns: [...RATE_COLUMNS, '× 1 thread'],
      rows: rateRows(mine, { basis: mine[0] }),
      notes: ['each thread count in a fresh child process']
    })
    records.push(...mine)
  }

  const { native, notes: loadNotes } = await loadBackends()
  notes.push(...loadNotes)
  if (native) {
    progress('upload: s3Checksum and s3ETag against hashFile')
    const contenders = [
      { key: 'native.hashFile.crc64nvme', label: 'hashmill native hashFile crc64nvme', fn: () => native.hashFile(file, 'crc64nvme') },
      { key: 'native.s3Checksum', label: `hashmill native s3Checksum crc64nvme, ${sizeLabel(PART_SIZE)} parts, FULL_OBJECT`, fn: () => native.s3Checksum(file, { algorithm: 'crc64nvme', partSize: PART_SIZE }) },
      { key: 'native.hashFile.md5', label: 'hashmill native hashFile md5', fn: () => native.hashFile(file, 'md5') },
      { key: 'native.s3ETag', label: `hashmill native s3ETag, ${sizeLabel(PART_SIZE)} parts`, fn: () => native.s3ETag(file, { partSize: PART_SIZE }) }
    ].map((c) => ({ role: 'hashmill', async: true, ...c }))
    const results = await contest(contenders, { minTime: 0, rounds })
    const mine = contestRecords('upload', 's3', contenders, results, bytes)
    tables.push({
      title: `S3 upload values of ${sizeLabel(bytes)} against one hashFile (×: ratio to hashFile crc64nvme)`,
      columns: [...RATE_COLUMNS, '× hashFile'],
      rows: rateRows(mine, { basis: mine[0] }),
      notes: [...notes, ...errorNotes([...records, ...mine])]
    })
    records.push(...mine)
  }
  return { records, tables }
}

module.exports = { name: 'upload', title: 'Upload checksums', run }
