'use strict'
/**
 * Scenario "trees": many small files, where the cost per file (system calls, allocations,
 * objects, crossings into the binding) is the work. A generated tree of `treeFiles` files
 * of 100 to 1,000 random bytes in `treeDirs` directories (full: 200,000 in 200; quick:
 * 20,000 in 20), page cache warm. One contest, in interleaved rounds, times whole
 * commands (`find | xargs sha256sum`, `find | xargs b3sum`, a parallel `cat` read pass,
 * `find -printf '%s %p\n'`, the CLI's `-r` and `node -e "walkDirectory"` on both
 * backends, and the floor of the wasm backend's file path: Node's own fs calls for every
 * file on one worker thread per CPU, with no hashing, children/fs-floor.js) together with
 * in-process calls (hashDirectory, walkDirectory, hashFiles,
 * hashTree) served by one long-lived child per backend (children/tree-calls.js); the
 * CLI's runs also give its peak RSS (GNU time). Then memory: each backend's hashDirectory
 * and hashFiles in a fresh child, peak RSS growth beyond what the result holds, per file
 * (children/tree-memory.js).
 */
const os = require('node:os')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { contest, describe } = require('../lib/measure')
const { contestRecords, speedup } = require('../lib/records')
const { treeMemoryRecord } = require('../lib/tree-memory')
const { removeTree } = require('../lib/cleanup')
const { startCallChild } = require('../lib/call-child')
const { command, shell, cli, canMeasurePeakRss, peakRss, GNU_TIME } = require('../lib/commands')
const { treeSubdir } = require('../lib/fixtures')
const { TREE_CALLS } = require('../lib/tree-calls')
const { writeTreeInParallel } = require('../lib/parallel-write')
const { findB3sum } = require('../lib/b3sum')
const { ROOT } = require('../lib/hashmill')
const { MiB, sizeLabel, count, ms, ratio } = require('../lib/units')

const KINDS = ['native', 'wasm']
/** Files per cat process in the read-only pass. */
const CAT_BATCH = 2000
const WALK_SCRIPT = `require(${JSON.stringify(ROOT)}).walkDirectory(process.argv[1])`
const FS_FLOOR = path.join(__dirname, '..', 'children', 'fs-floor.js')

/** The commands every hashmill figure is compared with (whole processes, one per call). */
function peerCommands (dir, b3sum) {
  const cpus = os.availableParallelism()
  const list = [
    { key: 'sha256sum', label: 'find | xargs -0 sha256sum (one thread)', role: 'peer', algorithm: 'sha256', fn: () => shell('find "$1" -type f -print0 | xargs -0 sha256sum > /dev/null', [dir]) },
    ...b3sum.binary ? [{ key: 'b3sum', label: 'find | xargs -0 b3sum', role: 'peer', algorithm: 'blake3', fn: () => shell('find "$1" -type f -print0 | xargs -0 "$2" > /dev/null', [dir, b3sum.binary]) }] : [],
    { key: 'cat', label: `find | xargs -0 -P${cpus} -n ${CAT_BATCH} cat > /dev/null (read only)`, role: 'reference', fn: () => shell(`find "$1" -type f -print0 | xargs -0 -P${cpus} -n ${CAT_BATCH} cat > /dev/null`, [dir]) },
    { key: 'find', label: "find -type f -printf '%s %p\\n' (stats every file)", role: 'reference', fn: () => shell('find "$1" -type f -printf \'%s %p\\n\' > /dev/null', [dir]) },
    { key: 'fs-floor', label: `node: readdir, then open/fstat/read/close each file on ${cpus} worker threads, no hashing (floor of the wasm file path)`, role: 'reference', fn: () => command(process.execPath, [FS_FLOOR, dir, String(cpus)]) }
  ]
  return list.map((c) => ({ async: true, warm: true, ...c }))
}

/** The in-process calls (lib/tree-calls.js) as the tables name them. */
const CALL_LABELS = {
  hashDirectory: `hashDirectory(DIR, '${TREE_CALLS.hashDirectory.algorithm}')`,
  walkDirectory: 'walkDirectory(DIR)',
  hashFiles: `hashFiles(paths, '${TREE_CALLS.hashFiles.algorithm}')`,
  hashTree: `for await of hashTree(DIR, '${TREE_CALLS.hashTree.algorithm}')`
}

/** What each hashmill contender is compared with in the table (key suffix → peer key). */
const BASIS = { 'cli.sha256': 'sha256sum', 'cli.blake3': 'b3sum', 'as.sha256sum': 'sha256sum', 'as.b3sum': 'b3sum', hashDirectory: 'cat', walkDirectory: 'find', 'walkDirectory.process': 'find', hashFiles: 'sha256sum', hashTree: 'cat' }

/**
 * The CLI in the sha256sum and b3sum personalities, which take no -r (the tools have
 * none): fed by the same `find | xargs -0` as the tools, so one process per xargs batch.
 */
function personalityContenders (kind, dir) {
  return ['sha256sum', 'b3sum'].map((tool) => ({
    key: `${kind}.as.${tool}`,
    label: `find | xargs -0 hashmill ${kind} --as ${tool}`,
    algorithm: tool === 'b3sum' ? 'blake3' : 'sha256',
    fn: () => {
      const [file, args, options] = cli(kind, ['--as', tool])
      return shell('dir=$1; shift; find "$dir" -type f -print0 | xargs -0 "$@" > /dev/null', [dir, file, ...args], options)
    }
  }))
}

/** How many processes `find | xargs -0` starts on `dir` (a note: each pays a Node start). */
function xargsBatches (dir) {
  const out = execFileSync('sh', ['-c', 'find "$1" -type f -print0 | xargs -0 sh -c \'echo $#\' sh', 'sh', dir], { encoding: 'utf8' })
  return out.trim().split('\n').length
}

/**
 * The CLI's `-r` runs, whole processes: under GNU time where it is installed, so every timed
 * run also gives the process's peak RSS (collected in `peaks` by key; GNU time's own start
 * and exit cost about a millisecond against runs of seconds).
 */
function cliContenders (kind, dir, tmp, peaks) {
  return ['sha256', 'blake3'].map((algorithm) => {
    const key = `${kind}.cli.${algorithm}`
    const argv = cli(kind, ['-a', algorithm, '-r', dir])
    peaks.set(key, [])
    const fn = canMeasurePeakRss() ? async () => { peaks.get(key).push(await peakRss(tmp, ...argv)) } : () => command(...argv)
    return { key, label: `hashmill ${kind} -a ${algorithm} -r > /dev/null (whole process)`, algorithm, fn }
  })
}

/** One backend's contenders: the CLI and node -e walkDirectory as processes, the calls in `server`. */
function hashmillContenders (kind, { dir, tmp, peaks, server }) {
  const list = [
    ...cliContenders(kind, dir, tmp, peaks),
    ...kind === 'native' ? personalityContenders(kind, dir) : [],
    { key: `${kind}.walkDirectory.process`, label: `node -e "walkDirectory(DIR)" ${kind} (whole process)`, fn: () => command(process.execPath, ['-e', WALK_SCRIPT, dir], { env: { HASHMILL_BACKEND: kind } }) }
  ]
  if (server) {
    list.push(
      ...Object.entries(CALL_LABELS).map(([call, label]) => (
        { key: `${kind}.${call}`, label: `hashmill ${kind} ${label}`, algorithm: TREE_CALLS[call].algorithm, fn: () => server.call(call) }))
    )
  }
  return list.map((c) => ({ role: 'hashmill', async: true, warm: true, ...c }))
}

/**
 * Starts the in-process call servers (one per backend, each warmed up on `warmDir`); a
 * backend that fails has a note and no calls.
 */
async function startServers (dir, warmDir, notes) {
  const servers = {}
  for (const kind of KINDS) {
    try {
      servers[kind] = await startCallChild('tree-calls', [kind, dir, warmDir])
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
      'in-process calls run in one long-lived child per backend (call and reply over IPC, well under a millisecond), ' +
        'warmed up by one call each on one directory of the tree; their results are dropped',
      ...notes,
      ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
    ]
  }
}

/** The CLI's peak RSS with -r: the largest over its timed runs. */
function cliRssRecords (timed, peaks) {
  return [...peaks].map(([key, values]) => {
    const run = timed.find((r) => r.key === key)
    const base = { id: `trees/rss/${key}`, scenario: 'trees', group: 'rss', key, label: `${run.label.replace(' > /dev/null', '')}, peak of ${values.length} runs`, role: 'hashmill', algorithm: run.algorithm }
    if (!canMeasurePeakRss()) return { ...base, error: `${GNU_TIME} is missing (Debian package time)` }
    if (run.error || values.length === 0) return { ...base, error: run.error || 'not measured' }
    return { ...base, peakBytes: Math.max(...values), runs: values.length }
  })
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
      `hashDirectory with ${TREE_CALLS.hashDirectory.algorithm}, hashFiles with ${TREE_CALLS.hashFiles.algorithm} over every path (listed before the baseline); CLI: peak RSS of the whole process (GNU time %M) over its timed runs`,
      ...notes,
      ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
    ]
  }
}

/** The contest: commands and in-process calls in the same rounds. Returns its records and the CLI's peak RSS records. */
async function timings ({ config, dir, warmDir, files, bytes, tmp, progress, notes }) {
  const b3sum = findB3sum(config.installB3sum)
  if (b3sum.note) notes.push(b3sum.note)
  const servers = await startServers(dir, warmDir, notes)
  const peaks = new Map()
  try {
    const contenders = [...peerCommands(dir, b3sum), ...KINDS.flatMap((kind) => hashmillContenders(kind, { dir, tmp, peaks, server: servers[kind] }))]
    progress(`trees: ${contenders.length} contenders, ${config.treeRounds} rounds`)
    const results = await contest(contenders, { minTime: 0, rounds: config.treeRounds })
    const records = contestRecords('trees', String(files), contenders, results, bytes, { files })
    return { records, rss: cliRssRecords(records, peaks) }
  } finally {
    for (const server of Object.values(servers)) server.close()
  }
}

/** Each backend's calls in fresh children. */
async function memory ({ dir, warmDir, progress, notes }) {
  const records = []
  for (const kind of KINDS) {
    for (const call of ['hashDirectory', 'hashFiles']) {
      progress(`trees: memory, ${kind} ${call}`)
      const base = { id: `trees/memory/${kind}.${call}`, scenario: 'trees', group: 'memory', key: `${kind}.${call}`, label: `hashmill ${kind} ${call}`, role: 'hashmill', backend: kind }
      records.push(await treeMemoryRecord(base, { kind, call, dir, warmDir }, notes))
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
    const { bytes, seconds } = await writeTreeInParallel(dir, { count: files, dirs: config.treeDirs, minBytes: config.treeMinBytes, maxBytes: config.treeMaxBytes })
    // Written just now, so in the page cache; flushed so that writeback does not run under the timings.
    await command('sync', ['-f', dir])
    const shape = `${files.toLocaleString('en-US')} files of ${config.treeMinBytes}-${config.treeMaxBytes.toLocaleString('en-US')} random bytes in ${config.treeDirs} directories (${sizeLabel(bytes)})`
    const timingNotes = [
      `tree written in ${seconds.toFixed(1)} s (one process per CPU)`,
      `find | xargs -0 starts ${xargsBatches(dir)} processes on this tree (the --as personalities, like the tools, take no -r): each pays a Node start`
    ]
    const memoryNotes = []
    const warmDir = treeSubdir(dir, 0, config.treeDirs)
    const timed = await timings({ config, dir, warmDir, files, bytes, tmp, progress, notes: timingNotes })
    const held = [...await memory({ dir, warmDir, progress, notes: memoryNotes }), ...timed.rss]
    return {
      records: [...timed.records, ...held],
      tables: [timingTable(timed.records, shape, config.treeRounds, timingNotes), memoryTable(held, shape, memoryNotes)]
    }
  } finally {
    progress('trees: removing the tree')
    await removeTree(dir)
  }
}

module.exports = { name: 'trees', title: 'Many small files', run }
