'use strict'
/**
 * The npm packages hashmill publishes, described once: the main package `hashmill` and one
 * `@hashmill/<target>` package per native target (the napi-rs layout). The platform
 * packages' manifests are derived from the target name (`linux-arm64-musl` → os linux,
 * cpu arm64, libc musl), so they cannot drift from the loader's target list
 * (lib/platform.js). `node scripts/packages.js` rewrites npm/<target>/package.json and
 * README.md; a test checks the committed files equal what this module generates.
 */
const fs = require('node:fs')
const path = require('node:path')
const { NATIVE_TARGETS } = require('../lib/platform')

const root = path.join(__dirname, '..')
const rootManifest = () => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))

/** Lifecycle scripts npm runs on install; hashmill has none, in any package. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare']

const OS_NAMES = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }
const LIBC_NAMES = { gnu: 'glibc', musl: 'musl', msvc: null }

const binaryName = (target) => `hashmill.${target}.node`
const packageName = (target) => `@hashmill/${target}`
const packageDir = (target) => path.join(root, 'npm', target)

/** Human words for a target: "Linux arm64 (musl)". */
function describeTarget (target) {
  const [os, cpu, abi] = target.split('-')
  const libc = abi && LIBC_NAMES[abi]
  return `${OS_NAMES[os]} ${cpu}${libc ? ` (${libc})` : ''}`
}

/** package.json of `@hashmill/<target>`: just the binary, with exact os/cpu/libc fields. */
function platformManifest (target) {
  const [os, cpu, abi] = target.split('-')
  const main = rootManifest()
  const manifest = {
    name: packageName(target),
    version: main.version,
    description: `hashmill's native addon for ${describeTarget(target)}. Install hashmill, not this package.`,
    license: main.license,
    main: binaryName(target),
    files: [binaryName(target)],
    os: [os],
    cpu: [cpu]
  }
  if (os === 'linux') manifest.libc = [LIBC_NAMES[abi]]
  manifest.engines = main.engines
  return manifest
}

function platformReadme (target) {
  return `# ${packageName(target)}\n\nThe native addon of [hashmill](https://www.npmjs.com/package/hashmill) for ` +
    `${describeTarget(target)}.\nInstall \`hashmill\`; npm picks this package when it matches the machine.\n`
}

/**
 * package.json of `hashmill` as published: the repository's, plus an optionalDependency on
 * each platform package shipped with it, at exactly the same version.
 */
function mainManifest (targets) {
  const manifest = rootManifest()
  manifest.optionalDependencies = Object.fromEntries(targets.map((t) => [packageName(t), manifest.version]))
  return manifest
}

/** Throws if a manifest would run code on install. */
function assertNoInstallScripts (manifest) {
  const found = INSTALL_SCRIPTS.filter((name) => manifest.scripts && manifest.scripts[name])
  if (found.length) throw new Error(`${manifest.name} has install scripts (${found.join(', ')}); hashmill must have none`)
}

/** Writes npm/<target>/package.json and README.md for every target. */
function writePlatformPackages () {
  for (const target of NATIVE_TARGETS) {
    fs.mkdirSync(packageDir(target), { recursive: true })
    fs.writeFileSync(path.join(packageDir(target), 'package.json'), JSON.stringify(platformManifest(target), null, 2) + '\n')
    fs.writeFileSync(path.join(packageDir(target), 'README.md'), platformReadme(target))
  }
}

if (require.main === module) writePlatformPackages()

module.exports = {
  NATIVE_TARGETS,
  binaryName,
  packageName,
  packageDir,
  platformManifest,
  platformReadme,
  mainManifest,
  assertNoInstallScripts
}
