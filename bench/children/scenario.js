'use strict'
/**
 * Runs one scenario in its own process (so a crash, a 1 GiB buffer or a warm pool never
 * carries over to the next) and prints its `{ records, tables, notes? }` as one JSON line.
 *
 *   node bench/children/scenario.js <name> <quick|full> <temp dir>
 */
const path = require('node:path')
const { configFor } = require('../lib/config')
const { progress } = require('../lib/progress')
const { childMain } = require('../lib/child-main')

childMain(async () => {
  const [name, mode, tmp] = process.argv.slice(2)
  const scenario = require(path.join(__dirname, '..', 'scenarios', `${name}.js`))
  return scenario.run({ config: configFor(mode === 'quick'), tmp, progress })
})
