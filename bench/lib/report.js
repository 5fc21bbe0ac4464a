'use strict'
/** The targets as a table: backend, target, the ratio or value measured, PASS/FAIL. */
const { MiB, rate, ratio, ms } = require('./units')

/** How a target's two measured sides are shown, by their unit. */
const SHOW = { 'bytes/s': rate, s: ms, bytes: (b) => `${(b / MiB).toFixed(1)} MiB` }

function measuredCell (t) {
  if (t.status === 'not run') return 'not run'
  if (t.status === 'error') return 'error'
  return t.unit === 'bytes/s' || t.unit === '×' ? ratio(t.value) : `${t.value.toFixed(1)} ${t.unit}`
}

function comparedCell (t) {
  if (t.measured) {
    const show = SHOW[t.measuredUnit || 'bytes/s']
    const [a, b] = Object.values(t.measured)
    const also = t.alsoRatio ? Object.entries(t.alsoRatio).map(([label, x]) => `; ${ratio(x)} vs ${label}`).join('') : ''
    const alsoValue = t.alsoValue ? Object.entries(t.alsoValue).map(([label, x]) => `; ${label}: ${ratio(x)}`).join('') : ''
    return `${show(a)} vs ${show(b)}${also}${alsoValue}`
  }
  return t.worst ? `worst: ${t.worst}` : (t.error || '').split('\n')[0].slice(0, 80)
}

/**
 * @param {object[]} targets from lib/targets.js
 * @param {string} mode 'quick' or 'full'
 * @param {boolean} partial only some scenarios ran: leave out the targets they do not measure
 */
function targetsTable (targets, mode, partial) {
  const counts = ['PASS', 'FAIL', 'error', 'not run'].map((s) => [s, targets.filter((t) => t.status === s).length]).filter(([, n]) => n)
  const notes = [counts.map(([s, n]) => `${n} ${s}`).join(', ')]
  if (mode === 'quick') notes.push('quick mode: targets are evaluated at the quick sizes shown (1 GiB → 64 MiB, 20,000 → 2,000 files, 200,000 → 20,000 files); only a full run measures them as stated')
  return {
    title: 'Targets (every ratio measured in this run)',
    columns: ['backend  target', 'measured', 'threshold', 'status', 'compared'],
    align: 'lrrll',
    rows: targets.filter((t) => !partial || t.status !== 'not run').map((t) => [`${t.backend.padEnd(7)}  ${t.description}`, measuredCell(t), t.threshold || '', t.status, comparedCell(t)]),
    notes
  }
}

module.exports = { targetsTable }
