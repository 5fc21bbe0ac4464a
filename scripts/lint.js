#!/usr/bin/env node
'use strict'
/**
 * `npm run lint`: clippy with every warning an error, on the host build (core with all its
 * features, the napi addon, tests and examples) and on the wasm32 build of the wasm binding,
 * whose cfg branches the host build never compiles. Part of `npm test`.
 */
const { execFileSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')
const runs = [
  ['clippy', '--workspace', '--all-targets', '--all-features', '--', '-D', 'warnings'],
  ['clippy', '--target', 'wasm32-unknown-unknown', '-p', 'hashmill-wasm', '--', '-D', 'warnings']
]
for (const args of runs) {
  console.log(`$ cargo ${args.join(' ')}`)
  execFileSync('cargo', args, { cwd: root, stdio: 'inherit' })
}
