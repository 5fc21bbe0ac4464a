'use strict'
/**
 * The browser tests' page built by the bundlers users build with: Vite, webpack 5 and
 * esbuild, each resolving `import hashmill from 'hashmill'` through package.json's
 * `exports` (the `browser` condition) from a node_modules folder, as in a user's project.
 * Vite and webpack follow `new Worker(new URL('./worker.js', import.meta.url))` and
 * `new URL('./hashmill.wasm', import.meta.url)` and emit both files; esbuild leaves them
 * as they are, so the two files are copied beside its output, as README tells esbuild users.
 */
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..')
const PAGE = path.join(ROOT, '__test__', 'browser')
const WORK = path.join(ROOT, 'target', 'bundlers')
const SOURCES = ['entry.mjs', 'page.mjs', 'cases.mjs']
const HTML = '<!doctype html>\n<meta charset="utf-8">\n<title>hashmill bundled</title>\n<script type="module" src="./main.js"></script>\n'

/** A project folder whose node_modules/hashmill is this repository, with the page's sources. */
function prepareProject () {
  const src = path.join(WORK, 'src')
  fs.rmSync(WORK, { recursive: true, force: true })
  fs.mkdirSync(path.join(WORK, 'node_modules'), { recursive: true })
  fs.symlinkSync(ROOT, path.join(WORK, 'node_modules', 'hashmill'), 'dir')
  fs.mkdirSync(src)
  for (const name of SOURCES) fs.copyFileSync(path.join(PAGE, name), path.join(src, name))
  fs.writeFileSync(path.join(src, 'index.html'), HTML.replace('./main.js', './entry.mjs'))
  return src
}

async function buildVite (src, out) {
  const vite = await import('vite')
  await vite.build({
    root: src,
    logLevel: 'warn',
    configFile: false,
    build: { outDir: out, emptyOutDir: true, minify: false, target: 'es2022' },
    worker: { format: 'es' }
  })
}

function buildWebpack (src, out) {
  const webpack = require('webpack')
  return new Promise((resolve, reject) => {
    webpack({
      mode: 'production',
      target: 'web',
      context: src,
      entry: './entry.mjs',
      output: { path: out, filename: 'main.js', clean: true },
      optimization: { minimize: false },
      performance: { hints: false }
    }, (error, stats) => {
      if (error) return reject(error)
      if (stats && stats.hasErrors()) return reject(new Error(stats.toString('errors-only')))
      fs.writeFileSync(path.join(out, 'index.html'), HTML)
      resolve(undefined)
    })
  })
}

async function buildEsbuild (src, out) {
  const esbuild = require('esbuild')
  fs.mkdirSync(out, { recursive: true })
  await esbuild.build({ entryPoints: [path.join(src, 'entry.mjs')], bundle: true, format: 'esm', platform: 'browser', outfile: path.join(out, 'main.js'), logLevel: 'warning' })
  // What esbuild users copy: the worker and the module, beside the bundle.
  const web = path.join(WORK, 'node_modules', 'hashmill', 'web')
  for (const name of ['worker.js', 'hashmill.wasm']) fs.copyFileSync(path.join(web, name), path.join(out, name))
  fs.writeFileSync(path.join(out, 'index.html'), HTML)
}

const BUNDLERS = { vite: buildVite, webpack: buildWebpack, esbuild: buildEsbuild }

/**
 * Builds the page with every bundler; resolves to `{ [bundler]: folder to serve }`.
 */
async function buildTestBundles () {
  const src = prepareProject()
  const out = {}
  for (const [name, build] of Object.entries(BUNDLERS)) {
    out[name] = path.join(WORK, name)
    await build(src, out[name])
  }
  return out
}

module.exports = { buildTestBundles, BUNDLERS }
