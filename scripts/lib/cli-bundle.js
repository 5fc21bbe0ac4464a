'use strict'
/**
 * The CLI's one-file build (`node scripts/build.js --cli`): esbuild bundles lib/cli/main.js
 * with every module of the package it loads into bin/hashmill.bundle.js, which
 * bin/hashmill.js runs. A start then reads and compiles one file instead of resolving and
 * compiling about 40 (Node >= 22.1 keeps that one file compiled on disk): 2.5-4 ms of what
 * the CLI costs over `node -e 0`.
 *
 * The bundle is lib/ unchanged, except that each module's `__dirname` stays its own
 * directory (lib/wasm finds its worker and the wasm files by it) and the relative requires
 * of the addon and of package.json point from bin/. Those, packages (the @hashmill/<target>
 * binaries) and the wasm glue stay outside, loaded as they are: package.json because
 * publishing rewrites it (scripts/pack-all.js). The bundle exports `{ inputs, main }`: the
 * size of each file it was made from, by path relative to the package root (so that
 * bin/hashmill.js can tell when lib/ has changed since), and the CLI's start.
 */
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..')
const OUT = path.join(ROOT, 'bin', 'hashmill.bundle.js')
const INPUTS_PLACEHOLDER = '"__HASHMILL_BUNDLE_INPUTS__"'
/** The name of the bundle's entry, written here rather than read from a file. */
const ENTRY_NAME = '<cli-bundle entry>'

/** `file` relative to the bundle's directory, as a require takes it. */
function fromBin (file) {
  const relative = path.relative(path.dirname(OUT), file).split(path.sep).join('/')
  return relative.startsWith('.') ? relative : `./${relative}`
}

/** Keeps each bundled module's `__dirname` its own, and leaves the addon and package.json outside. */
const ownPathsPlugin = {
  name: 'hashmill-own-paths',
  /** @param {import('esbuild').PluginBuild} build */
  setup (build) {
    // The addon, and the package's manifest, which publishing rewrites (pack-all.js).
    build.onResolve({ filter: /^\.\.?\/(.*\.node|(.*\/)?package\.json)$/ }, (args) => ({ path: fromBin(path.resolve(args.resolveDir, args.path)), external: true }))
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8')
      if (!/\b__dirname\b/.test(text)) return undefined
      const own = fromBin(path.dirname(args.path))
      return { contents: text.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${JSON.stringify(own)})`), loader: 'js' }
    })
  }
}

/** Writes bin/hashmill.bundle.js; returns its size and input count, for the build's log. */
async function bundleCli () {
  const esbuild = require('esbuild')
  const started = new Date()
  const result = await esbuild.build({
    stdin: {
      contents: `module.exports = { inputs: ${INPUTS_PLACEHOLDER}, main: () => require('./lib/cli/main.js') }`,
      resolveDir: ROOT,
      sourcefile: ENTRY_NAME
    },
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: '// Built from lib/ by scripts/lib/cli-bundle.js (npm run build); not to be edited.' },
    metafile: true,
    write: false,
    plugins: [ownPathsPlugin]
  })
  const files = Object.keys(result.metafile.inputs).filter((input) => input !== ENTRY_NAME).sort()
  /** @type {Record<string, number>} */
  const inputs = {}
  for (const file of files) inputs[file] = fs.statSync(path.join(ROOT, file)).size
  const text = result.outputFiles[0].text
  if (!text.includes(INPUTS_PLACEHOLDER)) throw new Error('cli-bundle: the entry\'s inputs placeholder is missing from the output')
  const temporary = `${OUT}.tmp`
  fs.writeFileSync(temporary, text.replace(INPUTS_PLACEHOLDER, JSON.stringify(inputs)))
  // Dated when the build started: a source edited while it ran reads as newer than the bundle.
  fs.utimesSync(temporary, started, started)
  fs.renameSync(temporary, OUT)
  return `${path.relative(ROOT, OUT)} ${(text.length / 1024).toFixed(1)} KiB from ${files.length} files`
}

module.exports = { bundleCli }
