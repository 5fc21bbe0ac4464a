'use strict'
/**
 * Table rows for throughput records: implementation, rate, time per call, and the ratio
 * to a basis (by default the best peer of the same records).
 */
const { bestPeer, speedup } = require('./records')
const { rate, ms, ratio } = require('./units')

const RATE_COLUMNS = ['implementation', 'throughput', 'per call']

/**
 * @param {object[]} records the records of one comparison
 * @param {{ label?: (r: object) => string, basis?: object, extra?: (r: object) => string[] }} [how]
 */
function rateRows (records, { label = (r) => r.label, basis = bestPeer(records), extra = () => [] } = {}) {
  return records.map((r) => r.error
    ? [label(r), 'error', '', '', ...extra(r).map(() => '')]
    : [label(r), rate(r.bytesPerSecond), ms(r.secondsPerCall), ratio(speedup(r, basis)), ...extra(r)])
}

/** Notes naming every failed record with the first line of its error. */
function errorNotes (records) {
  return records.filter((r) => r.error).map((r) => `${r.label}: ${r.error.split('\n')[0]}`)
}

module.exports = { RATE_COLUMNS, rateRows, errorNotes }
