#!/usr/bin/env node
'use strict'
/**
 * `npm run lint` (part of `npm test`): every check that reads the code without running it.
 *
 * - rustfmt's check over the workspace (`cargo fmt --all -- --check`);
 * - clippy with every warning an error, on the host build (core with all its features, the
 *   napi addon, tests and examples) and on the wasm32 builds of the wasm binding (Node's
 *   workers' and calling thread's, and the slim one for browsers and workerd), whose cfg
 *   branches the host build never compiles;
 * - ESLint (neostandard, eslint.config.js) over all the JavaScript and TypeScript;
 * - the TypeScript compiler over lib/, index.js and bin/ (tsconfig.json: `checkJs` against
 *   their JSDoc types, strict null checks). index.d.ts is checked against real usage by
 *   __test__/types.test.js.
 */
const { execFileSync, spawnSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')

/** The command line running the npm package `name`'s executable `bin` with this Node. */
function npmBin (name, bin) {
  const manifest = require.resolve(`${name}/package.json`, { paths: [root] })
  const bins = require(manifest).bin
  return [process.execPath, path.join(path.dirname(manifest), typeof bins === 'string' ? bins : bins[bin])]
}

/** Adds rustfmt and clippy where the toolchain was installed without them (rustup's minimal profile). */
function ensureRustComponents () {
  const missing = ['fmt', 'clippy'].filter((tool) => spawnSync('cargo', [tool, '--version'], { stdio: 'ignore' }).status !== 0)
  if (missing.length) execFileSync('rustup', ['component', 'add', ...missing.map((tool) => tool === 'fmt' ? 'rustfmt' : tool)], { stdio: 'inherit' })
}

const runs = [
  ['cargo', 'fmt', '--all', '--', '--check'],
  ['cargo', 'clippy', '--workspace', '--all-targets', '--all-features', '--', '-D', 'warnings'],
  ['cargo', 'clippy', '--target', 'wasm32-unknown-unknown', '-p', 'hashmill-wasm', '--', '-D', 'warnings'],
  ['cargo', 'clippy', '--target', 'wasm32-unknown-unknown', '-p', 'hashmill-wasm', '--no-default-features', '--', '-D', 'warnings'],
  ['cargo', 'clippy', '--target', 'wasm32-unknown-unknown', '-p', 'hashmill-wasm', '--no-default-features', '--features', 'files', '--', '-D', 'warnings'],
  [...npmBin('eslint', 'eslint'), '.'],
  [...npmBin('typescript', 'tsc'), '-p', 'tsconfig.json']
]
ensureRustComponents()
for (const [command, ...args] of runs) {
  console.log(`$ ${[command, ...args].map((a) => path.isAbsolute(a) ? path.basename(a) : a).join(' ')}`)
  execFileSync(command, args, { cwd: root, stdio: 'inherit' })
}
