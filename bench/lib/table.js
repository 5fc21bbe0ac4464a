'use strict'
/**
 * Plain-text tables for the terminal. A table is `{ title, columns, rows, notes, align }`:
 * `columns` are header strings, `rows` arrays of cell strings; `align` is one letter per
 * column, `l` or `r` (default: the first column left, the others right).
 */

/** @param {{ title: string, columns: string[], rows: string[][], notes?: string[], align?: string }} table */
function renderTable ({ title, columns, rows, notes = [], align = 'l' + 'r'.repeat(columns.length - 1) }) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i] ?? '').length)))
  const line = (cells) => cells.map((cell, i) => {
    const text = String(cell ?? '')
    return align[i] === 'l' ? text.padEnd(widths[i]) : text.padStart(widths[i])
  }).join('  ').trimEnd()
  const out = [title, line(columns), widths.map((w) => '-'.repeat(w)).join('  ')]
  for (const row of rows) out.push(line(row))
  for (const note of notes) out.push(`  note: ${note}`)
  return out.join('\n')
}

module.exports = { renderTable }
