'use strict'
/** index.d.ts compiles against real usage (tsc --noEmit --strict on __test__/types/usage.ts). */
const { it } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

it('index.d.ts type-checks real usage under --strict', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  const usage = path.join(__dirname, 'types', 'usage.ts')
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--types', 'node',
    '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', usage], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stdout + result.stderr)
})
