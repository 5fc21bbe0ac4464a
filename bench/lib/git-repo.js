'use strict'
/**
 * A generated git repository shaped like a monorepo's sources (text files of 200 B to
 * 12 KiB in 100 packages, committed), and git's own way of answering what `gitWorkTree`
 * answers: spawning `git ls-files -s`, `git status --porcelain=v2` and `git hash-object
 * --stdin-paths` from Node and parsing their output, as build tools do. git runs without
 * the machine's system or global configuration (GIT_ENV), and so does hashmill when the
 * caller sets the same variables in its own environment.
 */
const fs = require('node:fs')
const path = require('node:path')
const { execFile, execFileSync } = require('node:child_process')

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@localhost',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@localhost'
}

/** Output of a git command can be large (20,000 paths): no pipe limit. */
const MAX_BUFFER = 1 << 30

function git (cwd, ...args) {
  return execFileSync('git', args, { cwd, env: GIT_ENV, maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Deterministic printable text of `size` bytes (xorshift32 words, 60-column lines). */
function sourceText (size, seed) {
  let x = seed * 2654435761 >>> 0 || 1
  const words = []
  let length = 0
  while (length < size) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    const word = x.toString(36)
    words.push(word)
    length += word.length + 1
  }
  return words.join(' ').replace(/(.{60}) /g, '$1\n').slice(0, size - 1) + '\n'
}

/**
 * Writes `count` text files under `dir` (packages/pNN/src/, file sizes spread evenly by a
 * fixed stride) and commits them in a new repository there. Returns the paths relative to
 * `dir` and the total bytes.
 */
function makeRepository (dir, count) {
  fs.mkdirSync(dir, { recursive: true })
  git(dir, 'init', '-q')
  const files = []
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const rel = `packages/p${String(i % 100).padStart(2, '0')}/src/${i % 7 ? 'lib' : 'test'}/m${i}.js`
    if (i < 700) fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true })
    const size = 200 + (i * 7919) % (12 * 1024 - 200)
    fs.writeFileSync(path.join(dir, rel), sourceText(size, i + 1))
    files.push(rel)
    bytes += size
  }
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n*.log\n')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'generated')
  // A status refreshes the index once, as a developer's first command would.
  git(dir, 'status', '--porcelain')
  return { files, bytes }
}

function run (repo, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: repo, env: GIT_ENV, maxBuffer: MAX_BUFFER, encoding: 'buffer' }, (error, stdout) => error ? reject(error) : resolve(stdout))
    if (input !== undefined) child.stdin.end(input)
  })
}

/** `git hash-object --stdin-paths` of `paths` (relative to `repo`): their IDs, in order. */
async function hashObjects (repo, paths) {
  if (paths.length === 0) return []
  const out = await run(repo, ['hash-object', '--stdin-paths'], paths.join('\n') + '\n')
  return out.toString('latin1').trim().split('\n')
}

/**
 * The work tree as a build tool gets it from git: `git ls-files -s -z` and `git status
 * --porcelain=v2 -z --untracked-files=all` spawned together, then `git hash-object
 * --stdin-paths` for the paths status names (modified and untracked). Returns the map of
 * path to ID as it is on disk now and the paths status named.
 */
async function gitCommandsWorkTree (repo) {
  const [listed, status] = await Promise.all([
    run(repo, ['ls-files', '-s', '-z']),
    run(repo, ['status', '--porcelain=v2', '-z', '--untracked-files=all'])
  ])
  const ids = new Map()
  for (const record of listed.toString('utf8').split('\0')) {
    if (record === '') continue
    const tab = record.indexOf('\t')
    ids.set(record.slice(tab + 1), record.slice(record.indexOf(' ') + 1, record.indexOf(' ') + 41))
  }
  const changed = []
  const deleted = []
  const records = status.toString('utf8').split('\0')
  for (let i = 0; i < records.length; i++) {
    const record = records[i]
    if (record.startsWith('? ')) changed.push(record.slice(2))
    else if (record.startsWith('1 ') || record.startsWith('u ')) {
      const fields = record.split(' ')
      const where = fields.slice(record.startsWith('1 ') ? 8 : 10).join(' ')
      if (fields[1][1] === 'D') deleted.push(where)
      else changed.push(where)
    } else if (record.startsWith('2 ')) {
      changed.push(record.split(' ').slice(9).join(' '))
      i++ // the original path follows
    }
  }
  for (const file of deleted) ids.delete(file)
  const hashed = await hashObjects(repo, changed)
  changed.forEach((file, i) => ids.set(file, hashed[i]))
  return { ids, changed }
}

/** `git status --porcelain=v2 -z --untracked-files=all`, spawned, its output unparsed. */
function gitStatus (repo) {
  return run(repo, ['status', '--porcelain=v2', '-z', '--untracked-files=all'])
}

/** Sets every file's mtime to now: the index's stat data no longer match any of them. */
function touchAll (repo, files) {
  const now = new Date()
  for (const file of files) fs.utimesSync(path.join(repo, file), now, now)
}

/** The version of git, for the notes. */
function gitVersion () {
  try {
    return execFileSync('git', ['--version']).toString().trim()
  } catch {
    return null
  }
}

module.exports = { GIT_ENV, makeRepository, gitCommandsWorkTree, gitStatus, hashObjects, touchAll, gitVersion }
