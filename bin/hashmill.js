#!/usr/bin/env node
'use strict'
/**
 * The `hashmill` command (lib/cli/main.js). It runs from the CLI's one-file build,
 * bin/hashmill.bundle.js (scripts/lib/cli-bundle.js), which starts faster than the ~40
 * modules it is made of: the package always ships it. A checkout runs it only while none of
 * the files it was built from is newer; otherwise (lib/ edited since `npm run build`, or no
 * build yet) it runs lib/ itself, so an edit is never hidden by an old build.
 */
// Node >= 22.1 keeps the compiled code on disk for the next run (as tsc does); older Node
// compiles it each time.
const { enableCompileCache } = /** @type {any} */ (require('node:module'))
if (typeof enableCompileCache === 'function') enableCompileCache()

const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const BUNDLE = path.join(__dirname, 'hashmill.bundle.js')

/** The one-file build, when it is there and no file it was built from is newer; else null. */
function currentBundle () {
  const built = fs.statSync(BUNDLE, { throwIfNoEntry: false })
  if (!built) return null
  const bundle = require(BUNDLE)
  for (const input of bundle.inputs) {
    const source = fs.statSync(path.join(ROOT, input), { throwIfNoEntry: false })
    if (!source || source.mtimeMs > built.mtimeMs) return null
  }
  return bundle
}

const bundle = currentBundle()
if (bundle) bundle.main()
else require('../lib/cli/main.js')
