'use strict'
/**
 * The JavaScript's lint (`npm run lint`, part of `npm test`): neostandard, the maintained
 * successor of JavaScript Standard Style the code is written in. Build output and
 * third-party code are not linted.
 */
const neostandard = require('neostandard')

module.exports = [
  { ignores: ['binding-wasm/pkg/**', 'bin/hashmill.bundle.js', 'target/**', 'core/fuzz/**', 'dist/**', 'npm/**/*.node', 'web/**'] },
  ...neostandard({ ts: true }),
  // Code that runs in browsers (and the web build's define of the core's table).
  {
    files: ['lib/web/**', '__test__/browser/**'],
    languageOptions: { globals: { Worker: 'readonly', location: 'readonly', HASHMILL_WEB_TABLE: 'readonly' } }
  }
]
