'use strict'
/**
 * Scenario "files": one large file with the page cache warm (hashFile: native mmap,
 * native read, wasm) against `b3sum` (spawned; reported raw and corrected for process
 * start-up, timed on an empty file) and against node:crypto streaming for SHA-256; then
 * many small files (hashFiles, hashDirectory) against batched fs.promises.readFile +
 * createHash.
 */
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { contest, median } = require('../lib/measure')
const { contestRecords, makeRecord } = require('../lib/records')
const { loadBackends } = require('../lib/backends')
const { writeRandomFile, warmPageCache, writeSmallFiles } = require('../lib/fixtures')
const { findB3sum } = require('../lib/b3sum')
const { roundsFor } = require('../lib/config')
const { MiB, sizeLabel, count, ms } = require('../lib/units')
const { RATE_COLUMNS, rateRows, errorNotes } = require('../lib/rows')

/** Files per Promise.all in the readFile baseline. */
const BATCH = 256
const STREAM_CHUNK = MiB

function backendsOf ({ native, wasm }) {
  return [['native', native], ['wasm', wasm]].filter(([, api]) => api)
}

function streamSha256 (file) {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256')
    fs.createReadStream(file, { highWaterMark: STREAM_CHUNK })
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject)
  })
}

/** The usual Node way: Promise.all over batches of readFile + createHash. */
async function readFileBaseline (files) {
  const digests = []
  for (let i = 0; i < files.length; i += BATCH) {
    digests.push(...await Promise.all(files.slice(i, i + BATCH).map(async (file) =>
      crypto.createHash('sha256').update(await fs.promises.readFile(file)).digest('hex'))))
  }
  return digests
}

function openFilesLimit () {
  try {
    return fs.readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\d+)/m)[1]
  } catch {
    return 'unknown'
  }
}

/** b3sum's time with its process start-up (timed on an empty file) taken off, per round. */
function startCorrected (raw, empty) {
  if (raw.error || empty.error) return raw.error ? raw : empty
  const samples = raw.samples.map((s, i) => Math.max(s - empty.samples[i], 1e-9))
  return { secondsPerCall: median(samples), samples, callsPerBatch: 1 }
}

async function largeFile ({ config, backends }, dir, rounds) {
  const file = path.join(dir, 'large.bin')
  const empty = path.join(dir, 'empty.bin')
  writeRandomFile(file, config.fileBytes)
  fs.writeFileSync(empty, '')
  warmPageCache(file)
  const bytes = config.fileBytes
  const b3sum = findB3sum(config.installB3sum)
  const notes = b3sum.note ? [b3sum.note] : []
  const hashmill = (algorithm) => backendsOf(backends).flatMap(([name, api]) => [
    { key: `${name}.hashFile`, label: `hashmill ${name} hashFile${name === 'native' ? ' (mmap)' : ''}`, fn: () => api.hashFile(file, algorithm) },
    ...name === 'native' ? [{ key: 'native.hashFile.noMmap', label: 'hashmill native hashFile (mmap: false)', fn: () => api.hashFile(file, { algorithm, mmap: false }) }] : []
  ]).map((c) => ({ role: 'hashmill', algorithm, async: true, ...c }))

  const blake3 = hashmill('blake3')
  if (b3sum.binary) {
    blake3.push({ key: 'b3sum.raw', label: 'b3sum (raw: includes process start)', role: 'peer', algorithm: 'blake3', fn: () => execFileSync(b3sum.binary, [file]) })
    blake3.push({ key: 'b3sum.empty', label: 'b3sum on an empty file', role: 'overhead', algorithm: 'blake3', fn: () => execFileSync(b3sum.binary, [empty]) })
  }
  const blake3Results = await contest(blake3, { minTime: 0, rounds })
  const blake3Records = contestRecords('files', `blake3/${bytes}`, blake3, blake3Results, bytes)
  if (b3sum.binary) {
    const corrected = { key: 'b3sum', label: 'b3sum (start-corrected)', role: 'peer', algorithm: 'blake3' }
    blake3Records.push(makeRecord('files', `blake3/${bytes}`, corrected, startCorrected(blake3Results.get('b3sum.raw'), blake3Results.get('b3sum.empty')), bytes))
    notes.push(`${b3sum.version}: process start-up (b3sum on an empty file, spawned from this process) ${ms(blake3Results.get('b3sum.empty').secondsPerCall || NaN)}`)
  }

  const sha256 = hashmill('sha256')
  sha256.push({ key: 'node.stream', label: `node:crypto createReadStream (${sizeLabel(STREAM_CHUNK)}) + createHash`, role: 'peer', algorithm: 'sha256', async: true, fn: () => streamSha256(file) })
  const shaRecords = contestRecords('files', `sha256/${bytes}`, sha256, await contest(sha256, { minTime: 0, rounds }), bytes)
  fs.rmSync(file)

  const shown = (records) => records.filter((r) => r.role !== 'overhead')
  return {
    records: [...blake3Records, ...shaRecords],
    table: {
      title: `One ${sizeLabel(bytes)} file, page cache warm (×: ratio to the best peer of the same algorithm)`,
      columns: [...RATE_COLUMNS, '× best peer'],
      rows: [
        ...rateRows(shown(blake3Records), { label: (r) => `blake3: ${r.label}` }),
        ...rateRows(shaRecords, { label: (r) => `sha256: ${r.label}` })
      ],
      notes: [...notes, ...errorNotes([...blake3Records, ...shaRecords])]
    }
  }
}

async function smallFiles ({ config, backends, progress }, dir, rounds) {
  const tree = path.join(dir, 'tree')
  const { files, bytes } = writeSmallFiles(tree, config.fileCount)
  const contenders = [
    { key: 'readFile', label: `Promise.all over batches of ${BATCH} readFile + createHash (sha256)`, role: 'peer', fn: () => readFileBaseline(files) },
    ...['sha256', 'blake3'].flatMap((algorithm) => backendsOf(backends).map(([name, api]) => (
      { key: `${name}.hashFiles.${algorithm}`, label: `hashmill ${name} hashFiles (${algorithm})`, role: 'hashmill', fn: () => api.hashFiles(files, algorithm) }))),
    ...backendsOf(backends).map(([name, api]) => (
      { key: `${name}.hashDirectory.sha256`, label: `hashmill ${name} hashDirectory (sha256)`, role: 'hashmill', fn: () => api.hashDirectory(tree, 'sha256') }))
  ].map((c) => ({ async: true, ...c }))
  progress(`files: ${files.length} small files`)
  const results = await contest(contenders, { minTime: 0, rounds })
  const records = contestRecords('files', `small/${files.length}`, contenders, results, bytes, { files: files.length })
  return {
    records,
    table: {
      title: `${files.length} files of 1-64 KiB (${sizeLabel(bytes)}), page cache warm (×: ratio to the readFile baseline)`,
      columns: [...RATE_COLUMNS, '× baseline', 'files/s'],
      rows: rateRows(records, { extra: (r) => [count(r.callsPerSecond * r.files)] }),
      notes: [
        `the baseline runs Promise.all over batches of ${BATCH} files: one Promise.all over all ${files.length} readFile calls ` +
          `holds a descriptor per pending read and fails with EMFILE (open-files limit here: ${openFilesLimit()})`,
        'hashDirectory also walks the tree and builds the manifest',
        ...errorNotes(records)
      ]
    }
  }
}

/** `tmp` is this scenario's own directory; run.js removes it afterwards, whatever happens. */
async function run ({ config, tmp, progress }) {
  const backends = await loadBackends()
  const ctx = { config, backends, progress }
  progress(`files: one ${sizeLabel(config.fileBytes)} file`)
  const large = await largeFile(ctx, tmp, roundsFor(config, config.fileBytes))
  large.table.notes.push(...backends.notes)
  const small = await smallFiles(ctx, tmp, config.rounds)
  return { records: [...large.records, ...small.records], tables: [large.table, small.table] }
}

module.exports = { name: 'files', title: 'Files', run }
