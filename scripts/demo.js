#!/usr/bin/env node
'use strict'
/**
 * `npm run demo`: serves the demo page (examples/web/) on 127.0.0.1 under the strict
 * Content-Security-Policy of the browser tests, with the package's browser build (web/) at
 * /hashmill/, building it first if it is missing. Stops on Ctrl-C.
 *
 *   node scripts/demo.js [--port N]   (default: a free port)
 */
const fs = require('node:fs')
const path = require('node:path')
const { startStaticServer } = require('./lib/static-server')
const { commands } = require('./lib/commands')

const ROOT = path.join(__dirname, '..')
const { run } = commands('demo')

/**
 * Starts the demo's server; resolves to `{ url, close() }`.
 * @param {{ port?: number }} [how]
 */
function startDemo ({ port = 0 } = {}) {
  if (!fs.existsSync(path.join(ROOT, 'web', 'hashmill.js'))) run(process.execPath, [path.join(__dirname, 'build.js'), '--web'])
  return startStaticServer({
    root: path.join(ROOT, 'examples', 'web'),
    mode: 'csp',
    port,
    routes: { '/hashmill/': path.join(ROOT, 'web') }
  })
}

async function main (argv) {
  const at = argv.indexOf('--port')
  const port = at === -1 ? 0 : Number(argv[at + 1])
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port takes a port number; got ${argv[at + 1]}`)
  const server = await startDemo({ port })
  process.stdout.write(`hashmill demo: ${server.url}  (Ctrl-C stops it)\n`)
  const stop = () => server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`[demo] ${error.message}\n`)
    process.exit(1)
  })
}

module.exports = { startDemo }
