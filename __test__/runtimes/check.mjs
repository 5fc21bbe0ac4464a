/**
 * Run by Deno and Bun in a project folder whose node_modules/hashmill is this repository
 * (runtimes.test.js), so `import 'hashmill'` resolves as it does for a user: prints the
 * report of report.mjs as JSON.
 *
 *   <runtime> check.mjs <vectors/blake3.json> <folder>
 */
import process from 'node:process'
import hashmill from 'hashmill'
import { runtimeReport } from './report.mjs'

const [vectorsFile, folder] = process.argv.slice(-2)
process.stdout.write(JSON.stringify(await runtimeReport(hashmill, vectorsFile, folder)))
