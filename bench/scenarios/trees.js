'use strict'
/**
 * Scenario "trees": many small files, where the cost per file (system calls, allocations,
 * objects, crossings into the binding) is the work. A generated tree of `treeFiles` files
 * of 100 to 1,000 random bytes in `treeDirs` directories (full: 200,000 in 200; quick:
 * 20,000 in 20), page cache warm. One contest, in interleaved rounds, times whole
 * commands (`find | xargs sha256sum`, `find | xargs b3sum`, a parallel `cat` read pass,
 * `find -printf '%s %p\n'`, the CLI's `-r` and `node -e "walkDirectory"` on both
 * backends) together with in-process calls (hashDirectory, walkDirectory, hashFiles,
 * hashTree) served by one long-lived child per backend (children/tree-calls.js). Then
 * memory: each backend's hashDirectory and hashFiles in a fresh child, peak RSS growth
 * beyond what the result holds, per file (children/tree-memory.js), and the CLI's peak RSS
 * with `-r` (GNU time).
 */
const os = require('node:os')
const path = require('node:path')
const { contest, describe } = require('../lib/measure')
const { contestRecords, speedup } = require('../lib/records')
const { runChild, retryCrashes } = require('../lib/child')
const { removeTree } = require('../lib/cleanup')
const { startCallChild } = require('../lib/call-child')
const { command, shell, cli, canMeasurePeakRss, peakRss, GNU_TIME } = require('../lib/commands')
const { writeTree } = require('../lib/fixtures')
const { findB3sum } = require('../lib/b3sum')
const { ROOT } = require('../lib/hashmill')
const { MiB, sizeLabel, count, ms, ratio } = require('../lib/units')

const KINDS = ['native', 'wasm']
/** Files per cat process in the read-only pass. */
const CAT_BATCH = 2000
const WALK_SCRIPT = `require(${JSON.stringify(ROOT)}).walkDirectory(process.argv[1])`

/** The commands every hashmill figure is compared with (whole processes, one per call). */
function peerCommands (dir, b3sum) {
  const cpus = os.availableParallelism()
  const list = [
    { key: 'sha256sum', label: 'find | xargs -0 sha256sum (one thread)', role: 'peer', algorithm: 'sha256', fn: () => shell('find "$1" -type f -print0 | xargs -0 sha256sum > /dev/null', [dir]) },
    ...b3sum.binary ? [{ key: 'b3sum', label: 'find | xargs -0 b3sum', role: 'peer', algorithm: 'blake3', fn: () => shell('find "$1" -type f -print0 | xargs -0 "$2" > /dev/null', [dir, b3sum.binary]) }] : [],
    { key: 'cat', label: `find | xargs -0 -P${cpus} -n ${CAT_BATCH} cat > /dev/null (read only)`, role: 'reference', fn: () => shell(`find "$1" -type f -print0 | xargs -0 -P${cpus} -n ${CAT_BATCH} cat > /dev/null`, [dir]) },
    { key: 'find', label: "find -type f -printf '%s %p\\n' (stats every file)", role: 'reference', fn: () => shell('find "$1" -type f -printf \'%s %p\\n\' > /dev/null', [dir]) }
  ]
  return list.map((c) => ({ async: true, warm: true, ...c }))
}

/** What each hashmill contender is compared with in the table (key suffix → peer key). */
const BASIS = { 'cli.sha256': 'sha256sum', 'cli.blake3': 'b3sum', hashDirectory: 'cat', walkDirectory: 'find', 'walkDirectory.process': 'find', hashFiles: 'sha256sum', hashTree: 'cat' }

/** One backend's contenders: the CLI and node -e walkDirectory as processes, the calls in `server`. */
function hashmillContenders (kind, dir, server) {
  const list = [
    ...['sha256', 'blake3'].map((algorithm) => ({ key: `${kind}.cli.${algorithm}`, label: `hashmill ${kind} -a ${algorithm} -r > /dev/null (whole process)`, algorithm, fn: () => command(...cli(kind, ['-a', algorithm, '-r', dir])) })),
    { key: `${kind}.walkDirectory.process`, label: `node -e "walkDirectory(DIR)" ${kind} (whole process)`, fn: () => command(process.execPath, ['-e', WALK_SCRIPT, dir], { env: { HASHMILL_BACKEND: kind } }) }
  ].map((c) => ({ warm: true, ...c }))
  if (server) {
    list.push(
      { key: `${kind}.hashDirectory`, label: `hashmill ${kind} hashDirectory(DIR, 'xxh3')`, algorithm: 'xxh3', fn: () => server.call('hashDirectory') },
      { key: `${kind}.walkDirectory`, label: `hashmill ${kind} walkDirectory(DIR)`, fn: () => server.call('walkDirectory') },
      { key: `${kind}.hashFiles`, label: `hashmill ${kind} hashFiles(paths, 'sha256')`, algorithm: 'sha256', fn: () => server.call('hashFiles') },
      { key: `${kind}.hashTree`, label: `hashmill ${kind} for await of hashTree(DIR, 'xxh3')`, algorithm: 'xxh3', fn: () => server.call('hashTree') }
    )
  }
  return list.map((c) => ({ role: 'hashmill', async: true, ...c }))
}

/** Starts the in-process call servers (one per backend); a backend that fails has a note and no calls. */
async function startServers (dir, notes) {
  const servers = {}
  for (const kind of KINDS) {
    try {
      servers[kind] = await startCallChild('tree-calls', [kind, dir])
    } catch (error) {
      notes.push(`hashmill ${kind} call child did not start: ${describe(error)}`)
    }
  }
  return servers
}

function timingTable (records, shape, rounds, notes) {
  const byKey = new Map(records.map((r) => [r.key, r]))
  const basisOf = (r) => byKey.get(BASIS[r.key.replace(/^(native|wasm)\./, '')])
  return {
    title: `${shape}, page cache warm: time per run (×: speed-up over the command named; > 1 is faster)`,
    columns: ['implementation', 'time', 'files/s', '×', 'compared with'],
    align: 'lrrrl',
    rows: records.map((r) => {
      if (r.error) return [r.label, 'error', '', '', '']
      const basis = r.role === 'hashmill' ? basisOf(r) : undefined
      return [r.label, ms(r.secondsPerCall), count(r.files / r.secondsPerCall), basis ? ratio(speedup(r, basis)) : '', basis ? basis.label : '']
    }),
    notes: [
      `one contest, ${rounds} interleaved rounds, median; commands are whole processes (start-up included) with stdout on /dev/null, ` +
        'timed from their first run (the tree is in the page cache; a new process has nothing else to warm)',
      'in-process calls run in one long-lived child per backend (call and reply over IPC, well under a millisecond) after a warm-up call each; their results are dropped',
      ...notes,
      ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
    ]
  }
}

/** Peak RSS growth beyond the results, per file, of one call in a fresh child per backend and call. */
async function callMemory (kind, call, dir, warmDir, notes) {
  const base = { id: `trees/memory/${kind}.${call}`, scenario: 'trees', group: 'memory', key: `${kind}.${call}`, label: `hashmill ${kind} ${call}`, role: 'hashmill', backend: kind }
  try {
    return { ...base, ...await retryCrashes(() => runChild('tree-memory', [kind, call, dir, warmDir], { execArgv: ['--expose-gc'] }), notes) }
  } catch (error) {
    return { ...base, error: describe(error) }
  }
}

/** The CLI's peak RSS with -r (GNU time), one run per backend and algorithm. */
async function cliRss (kind, algorithm, dir, tmp) {
  const base = { id: `trees/rss/${kind}.cli.${algorithm}`, scenario: 'trees', group: 'rss', key: `${kind}.cli.${algorithm}`, label: `hashmill ${kind} -a ${algorithm} -r (whole process)`, role: 'hashmill', algorithm, backend: kind }
  if (!canMeasurePeakRss()) return { ...base, error: `${GNU_TIME} is missing (Debian package time)` }
  try {
    return { ...base, peakBytes: await peakRss(tmp, ...cli(kind, ['-a', algorithm, '-r', dir])) }
  } catch (error) {
    return { ...base, error: describe(error) }
  }
}

function memoryTable (records, shape, notes) {
  const mib = (b) => `${(b / MiB).toFixed(1)} MiB`
  return {
    title: `Memory on ${shape}`,
    columns: ['implementation', 'files', 'peak RSS', 'peak growth', 'held by result', 'beyond result / file'],
    rows: records.map((r) => {
      if (r.error) return [r.label, 'error', '', '', '', '']
      if (r.group === 'rss') return [r.label, '', mib(r.peakBytes), '', '', '']
      return [r.label, count(r.files), mib(r.peakBytes), mib(r.peakGrowthBytes), mib(r.retainedBytes), `${r.bytesPerFileBeyondResults.toFixed(0)} B`]
    }),
    notes: [
      'calls: a fresh child per backend and call, after a warm-up call on one directory of the tree and a full GC; ' +
        'peak growth = VmHWM (reset just before the call) minus VmRSS then; held by result = V8 heap + external growth after a full GC with the result held',
      'hashDirectory with xxh3, hashFiles with sha256 over every path (listed before the baseline); CLI: peak RSS of the whole process (GNU time %M)',
      ...notes,
      ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
    ]
  }
}

/** The contest: commands and in-process calls in the same rounds. */
async function timings ({ config, dir, files, bytes, progress, notes }) {
  const b3sum = findB3sum(config.installB3sum)
  if (b3sum.note) notes.push(b3sum.note)
  const servers = await startServers(dir, notes)
  try {
    const contenders = [...peerCommands(dir, b3sum), ...KINDS.flatMap((kind) => hashmillContenders(kind, dir, servers[kind]))]
    progress(`trees: ${contenders.length} contenders, ${config.treeRounds} rounds`)
    const results = await contest(contenders, { minTime: 0, rounds: config.treeRounds })
    return contestRecords('trees', String(files), contenders, results, bytes, { files })
  } finally {
    for (const server of Object.values(servers)) server.close()
  }
}

/** Each backend's calls in fresh children, then the CLI's peak RSS. */
async function memory ({ dir, warmDir, tmp, progress, notes }) {
  const records = []
  for (const kind of KINDS) {
    for (const call of ['hashDirectory', 'hashFiles']) {
      progress(`trees: memory, ${kind} ${call}`)
      records.push(await callMemory(kind, call, dir, warmDir, notes))
    }
    for (const algorithm of ['sha256', 'blake3']) {
      progress(`trees: CLI peak RSS, ${kind} ${algorithm}`)
      records.push(await cliRss(kind, algorithm, dir, tmp))
    }
  }
  const peakSources = [...new Set(records.filter((r) => r.peakSource).map((r) => r.peakSource))]
  if (peakSources.some((s) => !s.startsWith('VmHWM reset'))) notes.push(`peak: ${peakSources.join('; ')}`)
  return records
}

/** `tmp` is this scenario's own directory; the tree is removed at the end, also on failure (and run.js removes `tmp`). */
async function run ({ config, tmp, progress }) {
  const dir = path.join(tmp, 'tree')
  const files = config.treeFiles
  try {
    progress(`trees: writing ${files} files`)
    const start = performance.now()
    const { bytes, subdirs } = writeTree(dir, { count: files, dirs: config.treeDirs, minBytes: config.treeMinBytes, maxBytes: config.treeMaxBytes })
    // Written just now, so in the page cache; flushed so that writeback does not run under the timings.
    await command('sync', ['-f', dir])
    const shape = `${files.toLocaleString('en-US')} files of ${config.treeMinBytes}-${config.treeMaxBytes.toLocaleString('en-US')} random bytes in ${config.treeDirs} directories (${sizeLabel(bytes)})`
    const timingNotes = [`tree written in ${((performance.now() - start) / 1000).toFixed(1)} s`]
    const memoryNotes = []
    const timed = await timings({ config, dir, files, bytes, progress, notes: timingNotes })
    const held = await memory({ dir, warmDir: subdirs[0], tmp, progress, notes: memoryNotes })
    return {
      records: [...timed, ...held],
      tables: [timingTable(timed, shape, config.treeRounds, timingNotes), memoryTable(held, shape, memoryNotes)]
    }
  } finally {
    progress('trees: removing the tree')
    await removeTree(dir)
  }
}

module.exports = { name: 'trees', title: 'Many small files', run }
