'use strict'
/**
 * The package layout (scripts/packages.js): the committed npm/<target>/ manifests are what
 * the generator makes, no package runs install scripts, and the main package's file list
 * holds the wasm fallback and the JS layer but no native build, tests or sources.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const pkgs = require('../scripts/packages')

const ROOT = path.join(__dirname, '..')

describe('packaging: platform packages', () => {
  for (const target of pkgs.NATIVE_TARGETS) {
    it(`npm/${target} is what scripts/packages.js generates`, () => {
      const committed = JSON.parse(fs.readFileSync(path.join(pkgs.packageDir(target), 'package.json'), 'utf8'))
      assert.deepEqual(committed, pkgs.platformManifest(target), 'run `node scripts/packages.js` after changing the version or the target list')
      assert.equal(fs.readFileSync(path.join(pkgs.packageDir(target), 'README.md'), 'utf8'), pkgs.platformReadme(target))
    })
  }

  it('os/cpu/libc fields are exact', () => {
    assert.deepEqual(pick(pkgs.platformManifest('linux-arm64-musl')), { os: ['linux'], cpu: ['arm64'], libc: ['musl'] })
    assert.deepEqual(pick(pkgs.platformManifest('linux-x64-gnu')), { os: ['linux'], cpu: ['x64'], libc: ['glibc'] })
    assert.deepEqual(pick(pkgs.platformManifest('darwin-arm64')), { os: ['darwin'], cpu: ['arm64'], libc: undefined })
    assert.deepEqual(pick(pkgs.platformManifest('win32-x64-msvc')), { os: ['win32'], cpu: ['x64'], libc: undefined })
  })
})

function pick ({ os, cpu, libc }) {
  return { os, cpu, libc }
}

describe('packaging: the main package', () => {
  it('lists each shipped platform package as an optionalDependency at its exact version', () => {
    const manifest = pkgs.mainManifest(['linux-x64-gnu', 'linux-arm64-gnu'])
    assert.deepEqual(manifest.optionalDependencies, {
      '@hashmill/linux-x64-gnu': manifest.version,
      '@hashmill/linux-arm64-gnu': manifest.version
    })
  })

  it('has no install scripts, and the check would catch one', () => {
    pkgs.assertNoInstallScripts(pkgs.mainManifest(pkgs.NATIVE_TARGETS))
    assert.throws(() => pkgs.assertNoInstallScripts({ name: 'x', scripts: { postinstall: 'node x.js' } }), /postinstall/)
  })

  it('npm pack takes the loader, the drop-ins\' entry points, lib/, the CLI and its one-file build, types, the wasm build and the web build, and nothing else', () => {
    const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0]
    const files = listing.files.map((f) => f.path)
    for (const required of ['index.js', 'index.mjs', 'index.d.ts', 'bin/hashmill.js', 'bin/hashmill.bundle.js', 'lib/api.js', 'lib/wasm/worker.js',
      'binding-wasm/pkg/hashmill_wasm.js', 'binding-wasm/pkg/hashmill_wasm_bg.wasm',
      'binding-wasm/pkg/main/hashmill_wasm.js', 'binding-wasm/pkg/main/hashmill_wasm_bg.wasm', 'LICENSE', 'README.md', 'package.json',
      'crypto.js', 'crypto.mjs', 'crypto.d.ts', 'webpack.js', 'webpack.mjs', 'webpack.d.ts',
      'web/hashmill.js', 'web/worker.js', 'web/workerd.js', 'web/hashmill.wasm']) {
      assert.ok(files.includes(required), `${required} missing from the package`)
    }
    const unexpected = files.filter((f) => !/^((index|crypto|webpack)\.(js|mjs|d\.ts)|bin\/|lib\/|binding-wasm\/pkg\/|web\/|LICENSE|README\.md|package\.json)/.test(f) || f.endsWith('.node'))
    assert.deepEqual(unexpected, [])
  })
})
