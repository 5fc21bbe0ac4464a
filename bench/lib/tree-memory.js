'use strict'
/**
 * The memory of one call over a whole tree (lib/tree-calls.js), measured in a fresh child
 * run with --expose-gc (children/tree-memory.js), as a record: `base` plus the child's
 * figures (files, seconds, rssBeforeBytes, peakBytes, peakGrowthBytes, retainedBytes,
 * bytesPerFileBeyondResults, peakSource), or `error`. A child killed by a crash signal is
 * run again (lib/child.js retryCrashes, with a note).
 */
const { runChild, retryCrashes } = require('./child')
const { describe } = require('./measure')

/**
 * @param {object} base the record's id, label, role, ...
 * @param {{ kind: string, call: string, dir: string, warmDir: string }} what
 * @param {string[]} notes
 */
async function treeMemoryRecord (base, { kind, call, dir, warmDir }, notes) {
  try {
    return { ...base, ...await retryCrashes(() => runChild('tree-memory', [kind, call, dir, warmDir], { execArgv: ['--expose-gc'] }), notes) }
  } catch (error) {
    return { ...base, error: describe(error) }
  }
}

module.exports = { treeMemoryRecord }
