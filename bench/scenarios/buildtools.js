'use strict'
/**
 * Scenario "buildtools": what build tools ask of hashmill (issue #14), each against what
 * they do today, in one run.
 *
 * - `gitWorkTree` on a clean generated repository of `fileCount` text files, against
 *   spawning `git ls-files -s` and `git status --porcelain=v2` (together) and `git
 *   hash-object --stdin-paths` (for what status names) from Node and parsing their output;
 *   `git status` alone and `gitWorkTree` without the untracked walk are shown for reference
 *   (both sides `lstat` every tracked file: that is most of either's time).
 * - The same repository with no usable stat data (every file's mtime changed, as in a
 *   clone whose files were touched: every entry must be hashed), against `git hash-object
 *   --stdin-paths` of every tracked path.
 * - The hash cache: `hashDirectory` of `fileCount` files of 1-64 KiB with a cache opened
 *   from nothing (the first run), from a cache saved after an earlier run (nothing
 *   changed), and from a cache saved before 1% of the files were rewritten; each call
 *   opens its cache from its file, so no call changes what the next one finds. The walk
 *   with one stat per file (`walkDirectory`) is shown for reference: a cache that never
 *   gives a stale digest must stat every file, so that is the most it can save.
 * - webpack 5 production builds of a generated app with `output.hashFunction` the
 *   built-in 'xxhash64' and hashmill/webpack's xxhash64, blake3 and xxh3; and the hash
 *   objects alone as webpack uses them (created through webpack's own createHash, a dozen
 *   short strings each, a hex digest).
 */
const fs = require('node:fs')
const path = require('node:path')
const { setTimeout: sleep } = require('node:timers/promises')
const { contest } = require('../lib/measure')
const { contestRecords } = require('../lib/records')
const { loadBackends } = require('../lib/backends')
const { writeSmallFiles } = require('../lib/fixtures')
const { GIT_ENV, makeRepository, gitCommandsWorkTree, gitStatus, hashObjects, touchAll, gitVersion } = require('../lib/git-repo')
const { writeApp, buildApp } = require('../lib/webpack-app')
const { buildToolSizes } = require('../lib/buildtools-targets')
const { sizeLabel, count } = require('../lib/units')
const { RATE_COLUMNS, rateRows, errorNotes } = require('../lib/rows')

/** The cache trusts files older than its recording by more than this (FAT's 2 s, and a margin). */
const CACHE_SAFE_MS = 2200

function backendsOf ({ native, wasm }) {
  return [['native', native], ['wasm', wasm]].filter(([, api]) => api)
}

/** A contest's table: `title`, rows with the ratio to `basisKey`'s record, calls/s. */
function contestTable (title, records, basisKey, notes = []) {
  return {
    title,
    columns: [...RATE_COLUMNS, `× ${records.find((r) => r.key === basisKey).label}`],
    rows: rateRows(records, { basis: records.find((r) => r.key === basisKey) }),
    notes: [...notes, ...errorNotes(records)]
  }
}

async function workTree ({ backends, rounds, progress }, repo, files, bytes) {
  const gitNote = `${gitVersion()}, without system or global configuration; hashmill reads the same`
  progress(`buildtools: gitWorkTree on a clean repository of ${files.length} files`)
  const clean = [
    { key: 'git', label: 'git ls-files -s + git status --porcelain=v2 (together), then git hash-object --stdin-paths, spawned and parsed', role: 'peer', fn: () => gitCommandsWorkTree(repo) },
    { key: 'git.status', label: 'git status --porcelain=v2 --untracked-files=all alone, spawned (reference)', role: 'reference', fn: () => gitStatus(repo) },
    ...backendsOf(backends).map(([name, api]) => ({ key: `${name}.gitWorkTree`, label: `hashmill ${name} gitWorkTree`, role: 'hashmill', fn: () => api.gitWorkTree(repo) })),
    ...backendsOf(backends).slice(0, 1).map(([name, api]) => ({ key: `${name}.gitWorkTree.tracked`, label: `hashmill ${name} gitWorkTree({ untracked: false }) (reference)`, role: 'reference', fn: () => api.gitWorkTree(repo, { untracked: false }) }))
  ].map((c) => ({ async: true, ...c }))
  const cleanRecords = contestRecords('buildtools', `gitWorkTree/clean/${files.length}`, clean, await contest(clean, { minTime: 0, rounds }), bytes, { files: files.length })

  progress(`buildtools: gitWorkTree with no usable stat data (${files.length} files)`)
  touchAll(repo, files)
  const fresh = [
    { key: 'git', label: 'git hash-object --stdin-paths of every tracked path, spawned and parsed', role: 'peer', fn: () => hashObjects(repo, files) },
    ...backendsOf(backends).map(([name, api]) => ({ key: `${name}.gitWorkTree`, label: `hashmill ${name} gitWorkTree`, role: 'hashmill', fn: () => api.gitWorkTree(repo) }))
  ].map((c) => ({ async: true, ...c }))
  const freshRecords = contestRecords('buildtools', `gitWorkTree/fresh/${files.length}`, fresh, await contest(fresh, { minTime: 0, rounds }), bytes, { files: files.length })
  return {
    records: [...cleanRecords, ...freshRecords],
    tables: [
      contestTable(`gitWorkTree, clean repository of ${count(files.length)} text files (${sizeLabel(bytes)}), page cache warm`, cleanRecords, 'git', [gitNote]),
      contestTable(`gitWorkTree, the same repository with no usable stat data (every file's mtime changed: all ${count(files.length)} hashed)`, freshRecords, 'git', [gitNote])
    ]
  }
}

async function cache ({ backends, rounds, progress, config }, dir) {
  const tree = path.join(dir, 'tree')
  const { files, bytes } = writeSmallFiles(tree, config.fileCount)
  const changed = files.filter((_, i) => i % 100 === 50)
  const cacheFile = (name, algorithm, label) => path.join(dir, `${name}.${algorithm}.${label}.cache`)
  const records = []
  const tables = []
  for (const algorithm of ['blake3', 'sha256']) {
    // Entries are trusted only for files older than their recording by the granularity.
    await sleep(CACHE_SAFE_MS)
    progress(`buildtools: filling the ${algorithm} caches`)
    for (const [name, api] of backendsOf(backends)) {
      const before = await api.openHashCache(cacheFile(name, algorithm, 'before'))
      await api.hashDirectory(tree, { algorithm, cache: before })
      await before.save()
    }
    // 1% of the files rewritten after the 'before' caches were saved; the 'after' caches
    // (copies brought up to date) once the rewrites are old enough to be trusted.
    for (const file of changed) fs.writeFileSync(file, Buffer.concat([fs.readFileSync(file).subarray(1), Buffer.from(algorithm)]))
    await sleep(CACHE_SAFE_MS)
    const contenders = []
    for (const [name, api] of backendsOf(backends)) {
      fs.copyFileSync(cacheFile(name, algorithm, 'before'), cacheFile(name, algorithm, 'after'))
      const after = await api.openHashCache(cacheFile(name, algorithm, 'after'))
      await api.hashDirectory(tree, { algorithm, cache: after })
      await after.save()
      const hashWith = (label) => async () => api.hashDirectory(tree, { algorithm, cache: await api.openHashCache(cacheFile(name, algorithm, label)) })
      contenders.push(
        { key: `${name}.first`, label: `hashmill ${name} hashDirectory (${algorithm}), first run (empty cache)`, fn: hashWith('none') },
        { key: `${name}.unchanged`, label: `hashmill ${name} hashDirectory (${algorithm}), cached, nothing changed`, fn: hashWith('after') },
        { key: `${name}.changed`, label: `hashmill ${name} hashDirectory (${algorithm}), cached, ${changed.length} files (1%) changed`, fn: hashWith('before') },
        { key: `${name}.walk`, label: `hashmill ${name} walkDirectory: the walk and one stat per file, what any safe cache does (reference)`, role: 'reference', fn: () => api.walkDirectory(tree) }
      )
    }
    progress(`buildtools: hashDirectory with a cache, ${files.length} files, ${algorithm}`)
    const timed = contenders.map((c) => ({ async: true, role: 'hashmill', algorithm, ...c }))
    const got = contestRecords('buildtools', `cache/${algorithm}/${files.length}`, timed, await contest(timed, { minTime: 0, rounds }), bytes, { files: files.length })
    records.push(...got)
    const firstOf = (r) => got.find((f) => f.key === `${r.key.split('.')[0]}.first`)
    tables.push({
      title: `hashDirectory of ${count(files.length)} files of 1-64 KiB (${sizeLabel(bytes)}), ${algorithm}, with a cache (×: ratio to the same backend's first run)`,
      columns: [...RATE_COLUMNS, '× first run'],
      rows: got.flatMap((r) => rateRows([r], { basis: firstOf(r) })),
      notes: ['each call opens its cache from its file (openHashCache) and does not save it', ...errorNotes(got)]
    })
  }
  return { records, tables }
}

/** A dozen short strings of 10 to 300 characters, as webpack feeds a hash object. */
const HASH_INPUTS = Array.from({ length: 64 }, (_, i) => `${'x'.repeat(5 + (i * 37) % 300)}${i}`)
const HASH_OBJECTS = 1000

/** `HASH_OBJECTS` hash objects made by webpack's createHash for `hashFunction`, as webpack uses them. */
function useHashObjects (createHash, hashFunction) {
  let digest
  for (let h = 0; h < HASH_OBJECTS; h++) {
    const hash = createHash(hashFunction)
    for (let u = 0; u < 12; u++) hash.update(HASH_INPUTS[(h + u) % HASH_INPUTS.length])
    digest = hash.digest('hex')
  }
  return digest
}

async function webpackBuilds ({ rounds, progress }, dir, modules) {
  const webpack = require('webpack')
  const createHash = require('webpack/lib/util/createHash')
  const hashes = require('../../webpack')
  progress('buildtools: webpack hash objects')
  const objects = [
    { key: 'webpack.xxhash64', label: "webpack built-in 'xxhash64'", role: 'peer', fn: () => useHashObjects(createHash, 'xxhash64') },
    ...['xxhash64', 'blake3', 'xxh3'].map((name) => ({ key: `hashmill.${name}`, label: `hashmill/webpack ${name}`, role: 'hashmill', fn: () => useHashObjects(createHash, hashes[name]) }))
  ]
  const objectRecords = contestRecords('buildtools', 'webpack-hash', objects, await contest(objects, { minTime: 0.1, rounds }), HASH_OBJECTS, { objects: HASH_OBJECTS })
  const app = path.join(dir, 'app')
  writeApp(app, modules)
  const build = (name, hashFunction) => () => buildApp(webpack, app, path.join(dir, 'out', name), hashFunction)
  const contenders = [
    { key: 'webpack.xxhash64', label: "webpack built-in 'xxhash64'", role: 'peer', fn: build('builtin', 'xxhash64') },
    { key: 'hashmill.xxhash64', label: 'hashmill/webpack xxhash64', role: 'hashmill', fn: build('xxhash64', hashes.xxhash64) },
    { key: 'hashmill.blake3', label: 'hashmill/webpack blake3', role: 'hashmill', fn: build('blake3', hashes.blake3) },
    { key: 'hashmill.xxh3', label: 'hashmill/webpack xxh3', role: 'hashmill', fn: build('xxh3', hashes.xxh3) }
  ].map((c) => ({ async: true, ...c }))
  progress(`buildtools: webpack builds of ${modules} modules`)
  // A build takes a second or more and the machine's noise is a few percent of that: more rounds.
  const records = contestRecords('buildtools', `webpack/${modules}`, contenders, await contest(contenders, { minTime: 0, rounds: rounds + 4 }), 1, { modules })
  const version = require('webpack/package.json').version
  return {
    records: [...objectRecords, ...records],
    tables: [
      contestTable(`webpack ${version} hash objects: ${HASH_OBJECTS} made by webpack's createHash, a dozen short strings each, a hex digest`, objectRecords, 'webpack.xxhash64', ['throughput: hash objects per second shown as bytes/s of 1 B per object; read the time per call']),
      contestTable(`webpack ${version} production build of ${modules} modules (no minifier, no cache), by output.hashFunction`, records, 'webpack.xxhash64', ['throughput: builds per second shown as bytes/s of 1 B per build; read the time per call'])
    ]
  }
}

/** `tmp` is this scenario's own directory; run.js removes it afterwards, whatever happens. */
async function run ({ config, tmp, progress }) {
  // hashmill reads git's configuration as git does: none of the machine's, like the peers.
  for (const key of ['GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL']) process.env[key] = GIT_ENV[key]
  const backends = await loadBackends()
  const sizes = buildToolSizes(config)
  const ctx = { config, backends, progress, rounds: config.rounds }
  progress(`buildtools: generating a repository of ${sizes.repoFiles} files`)
  const repo = path.join(tmp, 'repo')
  const { files, bytes } = makeRepository(repo, sizes.repoFiles)
  const git = await workTree(ctx, repo, files, bytes)
  fs.rmSync(repo, { recursive: true, force: true })
  const cached = await cache(ctx, tmp)
  const built = await webpackBuilds(ctx, tmp, sizes.webpackModules)
  return {
    records: [...git.records, ...cached.records, ...built.records],
    tables: [...git.tables, ...cached.tables, ...built.tables],
    notes: backends.notes
  }
}

module.exports = { name: 'buildtools', title: 'Build tools', run }
