#!/usr/bin/env node
'use strict'
/**
 * `npm run pack:all`: builds every native binary this machine can build
 * (scripts/build-targets.js), assembles the platform packages and the main package, and
 * writes their tarballs (`npm pack`) into dist/, ready to publish as they are (the CLI's
 * one-file build is made again first, from the lib/ being packed). The main
 * package lists exactly the platform packages packed beside it as optionalDependencies.
 *
 *   --no-build           pack the binaries already in npm/<target>/ (the release workflow
 *                        downloads them there from its build matrix)
 *   --local-build        take the host target's binary from the local build
 *                        (./hashmill.<target>.node, made by `npm run build`) — for tests
 *   --out <dir>          where to write the tarballs (default dist/)
 *
 * dist/publish-order.txt lists the tarballs platform packages first, so the main package
 * is published last and never points at a version that is not there yet.
 *
 * Packages are staged under target/pack/, never in the work tree, so a failed run leaves
 * nothing half-written behind. Prints each tarball's packed and unpacked size.
 */
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { detectTarget } = require('../lib/platform')
const pkgs = require('./packages')
const { buildTargets } = require('./build-targets')
const { bundleCli } = require('./lib/cli-bundle')

const root = path.join(__dirname, '..')
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const PUBLISH_ORDER = 'publish-order.txt'

function parseArgs (argv) {
  const options = { build: true, localBuild: false, out: path.join(root, 'dist') }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--no-build') options.build = false
    else if (arg === '--local-build') options.localBuild = true
    else if (arg === '--out') options.out = path.resolve(argv[++i])
    else throw new Error(`pack-all: unknown argument ${arg}`)
  }
  return options
}

/** Where each target's binary comes from, for the targets that have one. */
function binarySources (localBuild) {
  const host = detectTarget().target
  const sources = new Map()
  for (const target of pkgs.NATIVE_TARGETS) {
    const built = path.join(pkgs.packageDir(target), pkgs.binaryName(target))
    const local = path.join(root, pkgs.binaryName(target))
    if (localBuild && target === host && fs.existsSync(local)) sources.set(target, local)
    else if (fs.existsSync(built)) sources.set(target, built)
  }
  return sources
}

/** `npm pack` of a staged directory; returns npm's description of the tarball. */
function npmPack (dir, out) {
  const json = execFileSync(npmCommand, ['pack', '--json', '--pack-destination', out], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']
  })
  return JSON.parse(json)[0]
}

function freshDir (dir) {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

function writeJson (file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n')
}

function stagePlatformPackage (target, binary, stageRoot) {
  const dir = freshDir(path.join(stageRoot, target))
  const manifest = pkgs.platformManifest(target)
  pkgs.assertNoInstallScripts(manifest)
  writeJson(path.join(dir, 'package.json'), manifest)
  fs.writeFileSync(path.join(dir, 'README.md'), pkgs.platformReadme(target))
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'))
  fs.copyFileSync(binary, path.join(dir, pkgs.binaryName(target)))
  return dir
}

/** Copies the files `npm pack` would take from the repository, with the published manifest. */
function stageMainPackage (targets, stageRoot) {
  const dir = freshDir(path.join(stageRoot, 'hashmill'))
  const listing = JSON.parse(execFileSync(npmCommand, ['pack', '--dry-run', '--json'], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']
  }))[0]
  for (const { path: file } of listing.files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(path.join(root, file), path.join(dir, file))
  }
  const wasm = listing.files.some((f) => f.path.endsWith('.wasm'))
  if (!wasm) throw new Error('pack-all: the wasm build is missing (binding-wasm/pkg); run `npm run build` first')
  const manifest = pkgs.mainManifest(targets)
  pkgs.assertNoInstallScripts(manifest)
  writeJson(path.join(dir, 'package.json'), manifest)
  return dir
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`

/** Packs every package; resolves with [{ name, file, size, unpackedSize }]. */
async function packAll (options) {
  if (options.build) {
    buildTargets() // logs what it built and checked, target by target
  }
  // The CLI's one-file build, made now from the lib/ the package ships.
  await bundleCli()
  const sources = binarySources(options.localBuild)
  if (sources.size === 0) throw new Error('pack-all: no native binary to pack (run `npm run build:targets`)')
  const stageRoot = freshDir(path.join(root, 'target', 'pack'))
  fs.mkdirSync(options.out, { recursive: true })
  const dirs = [...sources].map(([target, binary]) => stagePlatformPackage(target, binary, stageRoot))
  dirs.push(stageMainPackage([...sources.keys()], stageRoot))
  const packed = dirs.map((dir) => {
    const tarball = npmPack(dir, options.out)
    return { name: tarball.name, file: path.join(options.out, tarball.filename), size: tarball.size, unpackedSize: tarball.unpackedSize }
  })
  fs.writeFileSync(path.join(options.out, PUBLISH_ORDER), packed.map((p) => path.basename(p.file)).join('\n') + '\n')
  return packed
}

if (require.main === module) {
  packAll(parseArgs(process.argv.slice(2))).then((results) => {
    for (const r of results) {
      console.log(`${r.name.padEnd(28)} ${kib(r.size).padStart(9)} packed ${kib(r.unpackedSize).padStart(9)} unpacked  ${path.relative(root, r.file)}`)
    }
  }, (error) => {
    console.error(error)
    process.exit(1)
  })
}

module.exports = { packAll }
