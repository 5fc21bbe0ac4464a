'use strict'
/**
 * hashmill's calls on a whole tree, one backend, served to the "trees" scenario
 * (lib/call-child.js) so they are timed in the same rounds as the commands they are
 * compared with (lib/tree-calls.js: `hashDirectory`, `walkDirectory`, `hashFiles` of every
 * file's path, listed once, sorted, before serving, and iterating `hashTree`).
 * Each call first runs once on `warmDir` (a small part of the tree), so pools, lazily
 * loaded modules and compiled code are in place. Results are dropped: only the time counts.
 *
 *   node bench/children/tree-calls.js <native|wasm> <dir> <warmDir>
 */
const { loadHashmill } = require('../lib/hashmill')
const { serveCalls } = require('../lib/call-child')
const { listFiles } = require('../lib/fixtures')
const { TREE_CALLS } = require('../lib/tree-calls')

/** The calls on `dir`, whose files are `paths`, each resolving to nothing (no result crosses over IPC). */
function callsOn (api, dir, paths) {
  return Object.fromEntries(Object.entries(TREE_CALLS).map(([name, call]) => [name, async () => { await call.run(api, dir, paths) }]))
}

async function main () {
  const [kind, dir, warmDir] = process.argv.slice(2)
  const api = await loadHashmill(kind)
  for (const call of Object.values(callsOn(api, warmDir, listFiles(warmDir)))) await call()
  const paths = listFiles(dir)
  serveCalls(callsOn(api, dir, paths), { files: paths.length, threads: api.backend.threads })
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`, () => process.exit(1))
})
