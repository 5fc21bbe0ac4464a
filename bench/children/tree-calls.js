'use strict'
/**
 * hashmill's calls on a whole tree, one backend, served to the "trees" scenario
 * (lib/call-child.js) so they are timed in the same rounds as the commands they are
 * compared with: `hashDirectory` (xxh3), `walkDirectory`, `hashFiles` (sha256) of every
 * file's path (listed once, sorted, before serving), and iterating `hashTree` (xxh3).
 * Results are dropped: only the time counts.
 *
 *   node bench/children/tree-calls.js <native|wasm> <dir>
 */
const { loadHashmill } = require('../lib/hashmill')
const { serveCalls } = require('../lib/call-child')
const { listFiles } = require('../lib/fixtures')

async function main () {
  const [kind, dir] = process.argv.slice(2)
  const api = await loadHashmill(kind)
  const paths = listFiles(dir)
  serveCalls({
    hashDirectory: async () => { await api.hashDirectory(dir, 'xxh3') },
    walkDirectory: async () => { await api.walkDirectory(dir) },
    hashFiles: async () => { await api.hashFiles(paths, 'sha256') },
    hashTree: async () => {
      let files = 0
      for await (const entry of api.hashTree(dir, 'xxh3')) files += entry.digest ? 1 : 0
      return files
    }
  }, { files: paths.length, threads: api.backend.threads })
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`, () => process.exit(1))
})
