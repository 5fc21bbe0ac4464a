'use strict'
/**
 * Measurement records: what results.json stores and what targets, tables and the chart
 * read. A record is identified by `scenario/group/key`; `role` says whether it is
 * hashmill, a peer (counted for "ratio to the best peer"), a reference, or an overhead
 * measured only to correct another number.
 */

/**
 * @param {string} scenario
 * @param {string} group e.g. 'blake3/1048576' (contenders compared with each other)
 * @param {{ key: string, label: string, role: string, algorithm?: string }} contender
 * @param {{ secondsPerCall?: number, samples?: number[], callsPerBatch?: number, error?: string }} result
 * @param {number} bytes the bytes one call hashes
 * @param {object} [extra] more fields (files per call, ...)
 */
function makeRecord (scenario, group, contender, result, bytes, extra = {}) {
  const { key, label, role, algorithm } = contender
  const base = { id: `${scenario}/${group}/${key}`, scenario, group, key, label, role, algorithm, bytes, ...extra }
  if (!result || result.error) return { ...base, error: result ? result.error : 'not measured' }
  const { secondsPerCall, samples, callsPerBatch } = result
  return {
    ...base,
    secondsPerCall,
    callsPerSecond: 1 / secondsPerCall,
    bytesPerSecond: bytes / secondsPerCall,
    samples,
    callsPerBatch
  }
}

/** The records of one contest, in contender order. */
function contestRecords (scenario, group, contenders, results, bytes, extra) {
  return contenders.map((c) => makeRecord(scenario, group, c, results.get(c.key), bytes, extra))
}

/** The fastest measured peer among `records`, or undefined. */
function bestPeer (records) {
  let best
  for (const r of records) {
    if (r.role === 'peer' && !r.error && (!best || r.callsPerSecond > best.callsPerSecond)) best = r
  }
  return best
}

/** How many times faster `record` is than `basis` (same work per call). */
function speedup (record, basis) {
  if (!record || !basis || record.error || basis.error) return NaN
  return record.callsPerSecond / basis.callsPerSecond
}

module.exports = { makeRecord, contestRecords, bestPeer, speedup }
