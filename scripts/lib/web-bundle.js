'use strict'
/**
 * The browser and workerd build (`node scripts/build.js --web`): esbuild bundles lib/'s
 * own modules into ES modules in web/, with two modules swapped for their web versions:
 * lib/runtime.js (Node's Buffer, inspect and OpenSSL) becomes lib/web/runtime.js, and
 * lib/wasm/glue.js becomes the glue of the slim module (binding-wasm without its `node`
 * feature). Nothing else differs: every behaviour stays written once, in lib/.
 *
 * - web/hashmill.js   the browser entry (lib/web/entry.mjs over lib/web/loader.mjs)
 * - web/worker.js     its module worker (lib/web/worker.js)
 * - web/workerd.js    the workerd entry (lib/web/entry.mjs over lib/web/loader-workerd.mjs),
 *                     importing the module precompiled
 * - web/hashmill.wasm the slim module
 *
 * The core's table is read from the slim module here and built in. A bundle that still
 * names Node's globals or modules fails the build.
 */
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const ROOT = path.join(__dirname, '..', '..')
const LIB = path.join(ROOT, 'lib')
const WEB_OUT = path.join(ROOT, 'web')
const WASM_NAME = 'hashmill.wasm'
/** Node's globals and modules, which no web bundle may use. */
const NODE_ONLY = /\bBuffer\.\w|\bprocess\.\w|\brequire\("node:|\bfrom "node:/

/**
 * Resolves lib/'s relative requires of the swapped modules to their web versions.
 * @param {Record<string, string>} swaps absolute path → absolute path
 * @returns {import('esbuild').Plugin}
 */
function swapPlugin (swaps) {
  return {
    name: 'hashmill-web-swaps',
    setup (build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        for (const candidate of [args.path, `${args.path}.js`]) {
          const swapped = swaps[path.resolve(args.resolveDir, candidate)]
          if (swapped) return { path: swapped }
        }
        return undefined
      })
    }
  }
}

/** The core's table (hashmill-core `table::json()`) as the slim module gives it. */
function tableJson (wasmDir) {
  const createGlue = require(path.join(wasmDir, 'hashmill_wasm.js'))
  const glue = createGlue()
  glue.initSync({ module: new WebAssembly.Module(fs.readFileSync(path.join(wasmDir, 'hashmill_wasm_bg.wasm'))) })
  return glue.tableJson()
}

/** `name: bytes (gzip bytes)` of a file in web/. */
function sizeOf (name) {
  const bytes = fs.readFileSync(path.join(WEB_OUT, name))
  return { name, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length }
}

/**
 * Writes web/ from lib/ and the slim module built into `wasmDir`; returns a line of sizes.
 * @param {string} wasmDir
 */
async function bundleWeb (wasmDir) {
  const esbuild = require('esbuild')
  fs.rmSync(WEB_OUT, { recursive: true, force: true })
  fs.mkdirSync(WEB_OUT, { recursive: true })
  const swaps = {
    [path.join(LIB, 'runtime.js')]: path.join(LIB, 'web', 'runtime.js'),
    [path.join(LIB, 'wasm', 'glue.js')]: path.join(wasmDir, 'hashmill_wasm.js')
  }
  const common = {
    bundle: true,
    format: /** @type {const} */ ('esm'),
    platform: /** @type {const} */ ('browser'),
    target: 'es2022',
    legalComments: /** @type {const} */ ('none'),
    logLevel: /** @type {const} */ ('warning'),
    outdir: WEB_OUT,
    define: { HASHMILL_WEB_TABLE: JSON.stringify(tableJson(wasmDir)) },
    plugins: [swapPlugin(swaps)]
  }
  await esbuild.build({ ...common, entryPoints: { hashmill: path.join(LIB, 'web', 'entry.mjs'), worker: path.join(LIB, 'web', 'worker.js') } })
  await esbuild.build({
    ...common,
    entryPoints: { workerd: path.join(LIB, 'web', 'entry.mjs') },
    external: [`./${WASM_NAME}`],
    plugins: [swapPlugin({ ...swaps, [path.join(LIB, 'web', 'loader.mjs')]: path.join(LIB, 'web', 'loader-workerd.mjs') })]
  })
  fs.copyFileSync(path.join(wasmDir, 'hashmill_wasm_bg.wasm'), path.join(WEB_OUT, WASM_NAME))
  for (const name of ['hashmill.js', 'worker.js', 'workerd.js']) {
    const found = NODE_ONLY.exec(fs.readFileSync(path.join(WEB_OUT, name), 'utf8'))
    if (found) throw new Error(`web/${name} uses Node's ${found[0]}: a module of lib/ it bundles is not runtime-neutral`)
  }
  return ['hashmill.js', 'worker.js', WASM_NAME].map(sizeOf)
    .map((s) => `${s.name} ${(s.bytes / 1024).toFixed(1)} KiB (${(s.gzip / 1024).toFixed(1)} KiB gzipped)`).join(', ')
}

module.exports = { bundleWeb, sizeOf }
