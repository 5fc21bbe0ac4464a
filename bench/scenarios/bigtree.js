'use strict'
/**
 * Scenario "bigtree": whether hashTree's memory stays flat as a tree grows. Peak RSS of a
 * fresh child iterating `hashTree` over a tree of `bigTreeBaseFiles` empty files
 * (200,000, 1,000 per directory), then over the same tree grown in place to `bigTreeFiles`
 * (2 million), both backends (children/tree-memory.js). The files are created by one child
 * per CPU and removed as soon as they are measured, also on failure (and run.js removes
 * the scenario's directory afterwards in any case). Full mode only; skipped with a
 * note when the file system lacks the inodes or the space.
 */
const fs = require('node:fs')
const path = require('node:path')
const { treeMemoryRecord } = require('../lib/tree-memory')
const { TREE_CALLS } = require('../lib/tree-calls')
const { removeTree } = require('../lib/cleanup')
const { emptySubdir } = require('../lib/fixtures')
const { writeEmptyFilesInParallel } = require('../lib/parallel-write')
const { GiB, MiB, sizeLabel, ratio } = require('../lib/units')

const PER_DIR = 1000
const KINDS = ['native', 'wasm']
/** Directory blocks and the journal need room even for empty files. */
const MIN_FREE_BYTES = 2 * GiB
const INODE_MARGIN = 1.1

const skipped = (note) => ({ records: [], tables: [], notes: [note] })

function measure (kind, files, dir, notes) {
  const base = { id: `bigtree/${files}/${kind}`, scenario: 'bigtree', group: String(files), key: kind, label: `hashmill ${kind} hashTree, ${files.toLocaleString('en-US')} empty files`, role: 'hashmill', algorithm: TREE_CALLS.hashTree.algorithm, backend: kind }
  return treeMemoryRecord(base, { kind, call: 'hashTree', dir, warmDir: emptySubdir(dir, 0) }, notes)
}

async function run ({ config, tmp, progress }) {
  const total = config.bigTreeFiles
  const baseFiles = config.bigTreeBaseFiles
  if (!total) return skipped('skipped in --quick mode (it creates 2 million files)')
  const stats = fs.statfsSync(tmp)
  const free = stats.bavail * stats.bsize
  if (stats.ffree < total * INODE_MARGIN) return skipped(`skipped: ${stats.ffree.toLocaleString('en-US')} free inodes in ${tmp}, needs ${Math.ceil(total * INODE_MARGIN).toLocaleString('en-US')}`)
  if (free < MIN_FREE_BYTES) return skipped(`skipped: ${sizeLabel(free)} free in ${tmp}, needs ${sizeLabel(MIN_FREE_BYTES)}`)
  const dir = path.join(tmp, 'tree')
  const records = []
  const notes = []
  try {
    let files = 0
    for (const size of [baseFiles, total]) {
      progress(`bigtree: creating empty files up to ${size}`)
      const { seconds } = await writeEmptyFilesInParallel(dir, files, size, PER_DIR)
      notes.push(`${(size - files).toLocaleString('en-US')} empty files created in ${seconds.toFixed(1)} s (one process per CPU)`)
      files = size
      for (const kind of KINDS) {
        progress(`bigtree: ${kind} hashTree over ${size} files`)
        records.push(await measure(kind, size, dir, notes))
      }
    }
  } finally {
    progress('bigtree: removing the tree')
    const start = performance.now()
    await removeTree(dir)
    notes.push(`tree removed in ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
  const mib = (b) => `${(b / MiB).toFixed(1)} MiB`
  const byKey = (kind, files) => records.find((r) => r.key === kind && r.group === String(files) && !r.error)
  return {
    records,
    tables: [{
      title: `hashTree over empty files, ${PER_DIR.toLocaleString('en-US')} per directory: peak RSS (×: over the same backend on ${baseFiles.toLocaleString('en-US')} files)`,
      columns: ['implementation', 'peak RSS', 'RSS before', 'peak growth', 'time', '×'],
      rows: records.map((r) => {
        if (r.error) return [r.label, 'error', '', '', '', '']
        const basis = byKey(r.key, baseFiles)
        return [r.label, mib(r.peakBytes), mib(r.rssBeforeBytes), mib(r.peakGrowthBytes), `${r.seconds.toFixed(1)} s`, basis ? ratio(r.peakBytes / basis.peakBytes) : '']
      }),
      notes: [
        'a fresh child per point, after a warm-up iteration over one directory and a full GC; peak = VmHWM of the child during the iteration (reset just before it, so its RSS before is included)',
        ...notes,
        ...records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
      ]
    }]
  }
}

module.exports = { name: 'bigtree', title: 'hashTree on 2 million files', run }
