'use strict'
/**
 * The JavaScript's lint (`npm run lint`, part of `npm test`): neostandard, the maintained
 * successor of JavaScript Standard Style the code is written in. Build output and
 * third-party code are not linted.
 */
const neostandard = require('neostandard')

module.exports = [
  { ignores: ['binding-wasm/pkg/**', 'target/**', 'core/fuzz/**', 'dist/**', 'npm/**/*.node'] },
  ...neostandard({ ts: true })
]
