#!/usr/bin/env node
'use strict'
/**
 * The `hashmill` command (lib/cli/main.js). It runs from the CLI's one-file build,
 * bin/hashmill.bundle.js (scripts/lib/cli-bundle.js), which starts faster than the ~40
 * modules it is made of; the package ships it. It runs lib/ itself instead when there is
 * no build, or when a file the build was made from has changed since: its size differs, or
 * it was modified more than INSTALL_WINDOW_MS after the build. So an edit to lib/ (or a
 * patch to an installed copy) is never hidden by an old build, while an install that
 * writes the package's files in any order, a few milliseconds apart (pnpm), keeps it.
 */
// Node >= 22.1 keeps the compiled code on disk for the next run (as tsc does); on older Node
// bin/code-cache.js keeps the build's. Told from the version, so older Node does not load
// node:module (0.5 ms) to find out.
const [major, minor] = process.versions.node.split('.').map(Number)
const nodeKeepsCode = major > 22 || (major === 22 && minor >= 1)
if (nodeKeepsCode) /** @type {any} */ (require('node:module')).enableCompileCache()

const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const BUNDLE = path.join(__dirname, 'hashmill.bundle.js')
/** How long after the build a file may be written and still count as the one it was built from. */
const INSTALL_WINDOW_MS = 5000

/** The one-file build, when it is there and made from the files as they are; else null. */
function currentBundle () {
  const built = fs.statSync(BUNDLE, { throwIfNoEntry: false })
  if (!built) return null
  const bundle = nodeKeepsCode ? require(BUNDLE) : require('./code-cache').runWithKeptCode(BUNDLE, built, require)
  for (const [input, size] of Object.entries(bundle.inputs)) {
    // The inputs are relative paths with '/', which every OS's fs takes after ROOT and '/'.
    const source = fs.statSync(`${ROOT}/${input}`, { throwIfNoEntry: false })
    if (!source || source.size !== size || source.mtimeMs > built.mtimeMs + INSTALL_WINDOW_MS) return null
  }
  return bundle
}

const bundle = currentBundle()
if (bundle) bundle.main()
else require('../lib/cli/main.js')
