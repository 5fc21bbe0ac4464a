'use strict'
/**
 * The throughput chart: one panel per algorithm (BLAKE3, XXH3), throughput against input
 * size on log–log axes (32 B … 1 GiB), one line per implementation of the memory
 * scenario; hashmill solid, peers dashed. Plain SVG, written by hand.
 */
const { GiB, sizeLabel } = require('./units')

const ALGORITHMS = ['blake3', 'xxh3']
const X_TICKS = [32, 1024, 64 * 1024, 1024 ** 2, 64 * 1024 ** 2, GiB]
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79']
const WIDTH = 1000
const PANEL = { height: 400, left: 80, right: 640, top: 50, bottom: 340 }
const LEGEND_X = 665

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const text = (x, y, body, attrs = '') => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escape(body)}</text>`
const line = (x1, y1, x2, y2, attrs) => `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attrs}/>`

/** `0.001`, `0.1`, `10` for a power of ten. */
const decadeLabel = (exp) => (exp < 0 ? (10 ** exp).toFixed(-exp) : String(10 ** exp))

/** One implementation's points, by contender key, in size order. */
function seriesOf (records, algorithm) {
  const series = new Map()
  for (const r of records) {
    if (r.scenario !== 'memory' || r.algorithm !== algorithm || r.error) continue
    if (!series.has(r.key)) series.set(r.key, { label: r.label, role: r.role, points: [] })
    series.get(r.key).points.push([r.bytes, r.bytesPerSecond / GiB])
  }
  for (const s of series.values()) s.points.sort((a, b) => a[0] - b[0])
  return [...series.values()]
}

function panel (algorithm, series, offsetY) {
  const values = series.flatMap((s) => s.points.map((p) => p[1]))
  const lo = Math.floor(Math.log10(Math.min(...values)))
  const hi = Math.max(Math.ceil(Math.log10(Math.max(...values))), lo + 1)
  const top = offsetY + PANEL.top
  const bottom = offsetY + PANEL.bottom
  const x = (bytes) => PANEL.left + (Math.log2(bytes / X_TICKS[0]) / Math.log2(GiB / X_TICKS[0])) * (PANEL.right - PANEL.left)
  const y = (gibs) => bottom - ((Math.log10(gibs) - lo) / (hi - lo)) * (bottom - top)
  const out = [text(PANEL.left, offsetY + 30, `${algorithm.toUpperCase()}: one-shot throughput by input size`, 'font-size="16" font-weight="bold"')]
  for (let e = lo; e <= hi; e++) {
    out.push(line(PANEL.left, y(10 ** e), PANEL.right, y(10 ** e), 'stroke="#ddd"'))
    out.push(text(PANEL.left - 8, y(10 ** e) + 4, decadeLabel(e), 'text-anchor="end"'))
  }
  for (const t of X_TICKS) {
    out.push(line(x(t), top, x(t), bottom, 'stroke="#ddd"'))
    out.push(text(x(t), bottom + 18, sizeLabel(t), 'text-anchor="middle"'))
  }
  out.push(`<rect x="${PANEL.left}" y="${top}" width="${PANEL.right - PANEL.left}" height="${bottom - top}" fill="none" stroke="#444"/>`)
  out.push(text((PANEL.left + PANEL.right) / 2, bottom + 40, 'input size (log scale)', 'text-anchor="middle"'))
  out.push(text(20, (top + bottom) / 2, 'throughput, GiB/s (log scale)', `text-anchor="middle" transform="rotate(-90 20 ${((top + bottom) / 2).toFixed(1)})"`))
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]
    const dash = s.role === 'peer' ? ' stroke-dasharray="6 4"' : ''
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`)
    for (const p of s.points) out.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${color}"/>`)
    const ly = top + 10 + i * 22
    out.push(line(LEGEND_X, ly, LEGEND_X + 30, ly, `stroke="${color}" stroke-width="2"${dash}`))
    out.push(text(LEGEND_X + 38, ly + 4, s.label))
  })
  return out
}

/**
 * @param {object[]} records every record of the run (the memory scenario's are used)
 * @param {string} subtitle e.g. the CPU, Node version and mode
 * @returns {string | null} the SVG, or null when the memory scenario has no data
 */
function renderChart (records, subtitle) {
  const panels = ALGORITHMS.map((a) => [a, seriesOf(records, a)]).filter(([, s]) => s.length)
  if (panels.length === 0) return null
  const height = 40 + panels.length * PANEL.height
  const body = panels.flatMap(([a, s], i) => panel(a, s, 30 + i * PANEL.height))
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    text(PANEL.left, 24, `hashmill benchmark: ${subtitle}`, 'font-size="13" fill="#444"'),
    ...body,
    '</svg>',
    ''
  ].join('\n')
}

module.exports = { renderChart }
