'use strict'
/**
 * A generated web app for webpack 5 builds: `modules` ES modules of about 1-3 KiB (each
 * importing two earlier ones, every 25th loaded with `import()` so the build has several
 * chunks), and one production build of it with a given `output.hashFunction`, without
 * minifying (so hashing is a larger share of the build than with Terser) and without
 * webpack's cache (every build does all of its work).
 */
const fs = require('node:fs')
const path = require('node:path')

/** Writes the app's modules and its entry under `dir`. */
function writeApp (dir, modules) {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true })
  for (let i = 0; i < modules; i++) {
    const imports = [i - 1, Math.floor(i / 2) - 1].filter((j, k, all) => j >= 0 && all.indexOf(j) === k)
    const body = Array.from({ length: 4 + i % 12 }, (_, k) =>
      `export function f${i}_${k} (x) {\n  const label = ${JSON.stringify(`module ${i} function ${k} ✓`)}\n  return [label, x * ${k + 1}, ${imports.map((j) => `m${j}.f${j}_0(x)`).join(', ') || 'null'}]\n}\n`).join('\n')
    fs.writeFileSync(path.join(dir, 'src', `m${i}.js`), [
      ...imports.map((j) => i % 25 === 0 && j > 0 ? '' : `import * as m${j} from './m${j}.js'`).filter(Boolean),
      ...imports.filter((j) => i % 25 === 0 && j > 0).map((j) => `const m${j} = { f${j}_0: () => import('./m${j}.js') }`),
      body
    ].join('\n'))
  }
  fs.writeFileSync(path.join(dir, 'src', 'index.js'), `import { f${modules - 1}_0 } from './m${modules - 1}.js'\nconsole.log(f${modules - 1}_0(1))\n`)
}

/**
 * One build of the app in `dir` with `hashFunction` into `out`: resolves with its stats
 * (or rejects with the build's first error).
 */
function buildApp (webpack, dir, out, hashFunction) {
  return new Promise((resolve, reject) => {
    webpack({
      mode: 'production',
      context: dir,
      entry: './src/index.js',
      cache: false,
      devtool: false,
      output: { path: out, filename: '[name].[contenthash].js', chunkFilename: '[id].[contenthash].js', hashFunction },
      optimization: { minimize: false, realContentHash: true }
    }, (error, stats) => {
      if (error) return reject(error)
      if (stats.hasErrors()) return reject(new Error(String(stats.toJson({ all: false, errors: true }).errors[0].message)))
      resolve(stats)
    })
  })
}

module.exports = { writeApp, buildApp }
