'use strict'
/**
 * git-sha1/git-sha256, gitWorkTree() and hashDirectory(dir, { format: 'git' }) against
 * Debian's git on generated repositories (every backend): names with unicode, spaces and
 * newlines, executables, symlinks, empty files, CRLF under every .gitattributes /
 * core.autocrlf combination git documents, a submodule; then modifications, a same-size
 * rewrite with its mtime set back, deletions, untracked and ignored files. Also this
 * repository's own checkout.
 */
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { each } = require('./helpers/backends')

/** git with no system or global configuration, so the machine's settings do not leak in. */
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_ALLOW_PROTOCOL: 'file' }
Object.assign(process.env, { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' })

const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'buffer', stdio: ['pipe', 'pipe', 'ignore'] })
const gitInput = (cwd, input, ...args) => execFileSync('git', args, { cwd, env: GIT_ENV, input, stdio: ['pipe', 'pipe', 'ignore'] }).toString().trim()
const hasGit = (() => { try { execFileSync('git', ['--version']); return true } catch { return false } })()
const skip = hasGit ? false : 'git is not installed'

function tmpdir (name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hashmill-${name}-`))
}

/** `git ls-files -s -z` as a map of path to [mode, id]. */
function lsFiles (repo) {
  const out = new Map()
  for (const line of git(repo, 'ls-files', '-s', '-z').toString().split('\0')) {
    const m = /^(\d+) ([0-9a-f]+) \d\t(.*)$/s.exec(line)
    if (m) out.set(m[3], [m[1], m[2]])
  }
  return out
}

/** `git status --porcelain=v2 -z --untracked-files=all`: modified, deleted, untracked, unmerged. */
function status (repo) {
  const result = { modified: [], deleted: [], untracked: [], unmerged: [] }
  for (const record of git(repo, 'status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignore-submodules=dirty').toString().split('\0')) {
    if (record.startsWith('? ')) result.untracked.push(record.slice(2).replace(/\/$/, ''))
    else if (record.startsWith('u ')) result.unmerged.push(record.split(' ').slice(10).join(' '))
    else if (record.startsWith('1 ')) {
      const fields = record.split(' ')
      const where = fields.slice(8).join(' ')
      if (fields[1][1] === 'D') result.deleted.push(where)
      else if (fields[1][1] !== '.') result.modified.push(where)
    }
  }
  for (const list of Object.values(result)) list.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return result
}

/** The IDs `git add -A` records for the work tree of `repo` (run in a copy: `repo` is untouched). */
function addedIds (repo) {
  const copy = tmpdir('added')
  execFileSync('cp', ['-a', repo + '/.', copy])
  git(copy, 'add', '-A')
  return new Map([...lsFiles(copy)].map(([file, [, id]]) => [file, id]))
}

/** A repository with everything the issue lists, committed, with a submodule. */
function makeRepo () {
  const root = tmpdir('git')
  const sub = path.join(root, 'sub-origin')
  fs.mkdirSync(sub)
  git(sub, 'init', '-q')
  fs.writeFileSync(path.join(sub, 'lib.txt'), 'inside\n')
  git(sub, 'add', '-A')
  git(sub, 'commit', '-qm', 'sub')
  const repo = path.join(root, 'repo')
  fs.mkdirSync(repo)
  git(repo, 'init', '-q')
  const write = (rel, data, mode) => {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true })
    fs.writeFileSync(path.join(repo, rel), data)
    if (mode) fs.chmodSync(path.join(repo, rel), mode)
  }
  write('a/b/c/deep.txt', 'deep\n')
  write('sp ace/ünï cödé.txt', 'unicode\n')
  write('new\nline', 'newline in the name\n')
  write('tab\there', 'tab\n')
  write('run.sh', '#!/bin/sh\necho hi\n', 0o755)
  write('empty', '')
  write('bin/blob.bin', Buffer.from([0, 1, 2, 13, 10, 255]))
  fs.symlinkSync('a/b/c/deep.txt', path.join(repo, 'link'))
  fs.symlinkSync('nowhere', path.join(repo, 'dangling'))
  // CRLF files under the attribute settings git documents (gitattributes "End-of-line conversion").
  const crlf = 'one\r\ntwo\r\nlone\rcr\r\n'
  for (const dir of ['text', 'notext', 'auto', 'autolf', 'autocrlf', 'eollf', 'eolcrlf', 'binary', 'crlfattr', 'crlfinput', 'unset', 'ident']) write(`eol/${dir}/f.txt`, crlf)
  write('eol/auto/bin.dat', 'a\r\nb\0')
  write('eol/ident/id.c', '/* $Id: anything here $ */\r\n$Id$\n')
  write('.gitattributes', [
    'eol/text/* text', 'eol/notext/* -text', 'eol/auto/* text=auto', 'eol/autolf/* text=auto eol=lf',
    'eol/autocrlf/* text=auto eol=crlf', 'eol/eollf/* eol=lf', 'eol/eolcrlf/* eol=crlf', 'eol/binary/* binary',
    'eol/crlfattr/* crlf', 'eol/crlfinput/* crlf=input', 'eol/ident/* ident text', '"sp ace/*" text', ''
  ].join('\n'))
  write('.gitignore', '*.log\nbuild/\n')
  write('kept.log', 'tracked although ignored\n')
  git(repo, 'add', '-A')
  git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'vendor/sub')
  git(repo, 'commit', '-qm', 'first')
  return repo
}

/** The API's view against git's, for `repo`. */
async function compare (api, repo, label) {
  const tree = await api.gitWorkTree(repo)
  const index = lsFiles(repo)
  const expected = status(repo)
  assert.deepEqual(tree.modified, expected.modified, `${label}: modified`)
  assert.deepEqual(tree.deleted, expected.deleted, `${label}: deleted`)
  assert.deepEqual(tree.untracked, expected.untracked, `${label}: untracked`)
  assert.deepEqual(tree.unmerged, expected.unmerged, `${label}: unmerged`)
  assert.deepEqual(tree.unsupported, [], `${label}: unsupported`)
  const changed = new Set([...expected.modified, ...expected.untracked])
  for (const [file, [mode, id]] of index) {
    if (expected.deleted.includes(file) || expected.unmerged.includes(file)) continue
    const entry = tree.files.find((f) => f.path === file)
    if (!changed.has(file)) assert.deepEqual([entry.mode, entry.id], [mode, id], `${label}: ${JSON.stringify(file)}`)
  }
  for (const file of changed) {
    const full = path.join(repo, file)
    const st = fs.lstatSync(full)
    const want = st.isSymbolicLink()
      ? gitInput(repo, fs.readlinkSync(full), 'hash-object', '--stdin')
      : st.isDirectory()
        ? git(full, 'rev-parse', 'HEAD').toString().trim()
        : gitInput(repo, '', 'hash-object', '--path', file, file)
    assert.equal(tree.ids.get(file), want, `${label}: id of ${JSON.stringify(file)}`)
  }
  return tree
}

test('git-sha1 and git-sha256 are git hash-object', { skip }, async () => {
  const repo = tmpdir('hash-object')
  git(repo, 'init', '-q', '--object-format=sha256')
  for (const data of ['', 'hello\n', 'x'.repeat(100_000)]) {
    const sha256 = gitInput(repo, data, 'hash-object', '--stdin')
    for (const [kind, api] of each()) {
      assert.equal(api.hashSync(data, 'git-sha256'), sha256, kind)
      assert.equal(await api.hash(data, 'git-sha1'), execFileSync('git', ['hash-object', '--stdin'], { input: data, env: GIT_ENV }).toString().trim(), kind)
      assert.equal(api.createHasher({ algorithm: 'git-sha256', size: Buffer.byteLength(data) }).update(data).digest(), sha256, kind)
      assert.equal(await api.hashStream([Buffer.from(data)], { algorithm: 'git-sha256', size: Buffer.byteLength(data) }), sha256, kind)
    }
  }
  for (const [kind, api] of each()) {
    assert.throws(() => api.createHasher('git-sha1'), { code: 'ERR_HASHMILL_SIZE_REQUIRED' }, kind)
    await assert.rejects(api.hashStream([Buffer.from('ab')], { algorithm: 'git-sha1', size: 3 }), { code: 'ERR_HASHMILL_SIZE_MISMATCH' }, kind)
    assert.throws(() => api.createHasher({ algorithm: 'git-sha1', size: 1 }).update('ab').digest(), { code: 'ERR_HASHMILL_SIZE_MISMATCH' }, kind)
    assert.throws(() => api.hashSync('a', { algorithm: 'sha1', size: 1 }), { code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' }, kind)
    const file = path.join(repo, 'f')
    fs.writeFileSync(file, 'file\n')
    assert.equal(await api.hashFile(file, 'git-sha1'), execFileSync('git', ['hash-object', file], { env: GIT_ENV }).toString().trim(), kind)
  }
})

test('gitWorkTree and format git agree with git, before and after changes', { skip }, async () => {
  const repo = makeRepo()
  for (const [kind, api] of each()) await compare(api, repo, `${kind} clean`)
  // Changes: an edit, a same-size rewrite with its mtime set back, a deletion, a chmod,
  // a symlink retargeted, untracked and ignored files, the submodule moved on.
  fs.appendFileSync(path.join(repo, 'a/b/c/deep.txt'), 'more\n')
  const same = path.join(repo, 'sp ace/ünï cödé.txt')
  const before = fs.statSync(same)
  fs.writeFileSync(same, 'UNICODE\n')
  fs.utimesSync(same, before.atime, before.mtime)
  fs.unlinkSync(path.join(repo, 'empty'))
  fs.chmodSync(path.join(repo, 'bin/blob.bin'), 0o755)
  fs.unlinkSync(path.join(repo, 'link'))
  fs.symlinkSync('run.sh', path.join(repo, 'link'))
  fs.writeFileSync(path.join(repo, 'eol/auto/new.txt'), 'new\r\nfile\r\n')
  fs.writeFileSync(path.join(repo, 'ignored.log'), 'ignored\n')
  fs.mkdirSync(path.join(repo, 'build'))
  fs.writeFileSync(path.join(repo, 'build/out.js'), 'ignored\n')
  fs.writeFileSync(path.join(repo, 'vendor/sub/lib.txt'), 'moved on\n')
  git(path.join(repo, 'vendor/sub'), 'commit', '-qam', 'next')
  for (const [kind, api] of each()) {
    const tree = await compare(api, repo, `${kind} changed`)
    assert.ok(tree.modified.includes('sp ace/ünï cödé.txt'), 'the same-size rewrite is seen')
    assert.ok(tree.modified.includes('vendor/sub'))
  }
  // format: 'git' is `git add -A && git write-tree` (after the comparisons above used the index).
  const copy = tmpdir('tree')
  execFileSync('cp', ['-a', repo + '/.', copy])
  fs.rmSync(path.join(copy, '.git'), { recursive: true })
  fs.rmSync(path.join(copy, 'vendor/sub/.git'))
  git(path.join(copy, 'vendor/sub'), 'init', '-q')
  git(path.join(copy, 'vendor/sub'), 'add', '-A')
  git(path.join(copy, 'vendor/sub'), 'commit', '-qm', 'x')
  const results = []
  for (const [kind, api] of each()) {
    const dir = await api.hashDirectory(copy, { format: 'git', gitignore: true })
    results.push([kind, dir.digest])
    const sha256 = await api.hashDirectory(copy, { format: 'git', algorithm: 'git-sha256', gitignore: true })
    assert.equal(sha256.digest.length, 64)
    await assert.rejects(api.hashDirectory(copy, { format: 'git', algorithm: 'sha256' }), { code: 'ERR_HASHMILL_OPTION_NOT_SUPPORTED' })
  }
  git(copy, 'init', '-q')
  git(copy, 'add', '-A')
  const want = git(copy, 'write-tree').toString().trim()
  for (const [kind, digest] of results) assert.equal(digest, want, kind)
  const listing = git(copy, 'ls-tree', '-r', want).toString()
  for (const [, api] of each()) assert.equal((await api.hashDirectory(copy, { format: 'git', gitignore: true })).manifest, listing)
})

test('every core.autocrlf value git documents, and filters hashmill cannot run', { skip }, async () => {
  for (const autocrlf of ['true', 'input', 'false']) {
    const repo = tmpdir(`autocrlf-${autocrlf}`)
    git(repo, 'init', '-q')
    git(repo, 'config', 'core.autocrlf', autocrlf)
    fs.writeFileSync(path.join(repo, 'lf.txt'), 'a\nb\n')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'x')
    fs.writeFileSync(path.join(repo, 'crlf.txt'), 'a\r\nb\r\n')
    fs.writeFileSync(path.join(repo, 'lf.txt'), 'c\r\nd\r\n')
    const added = addedIds(repo)
    for (const [kind, api] of each()) {
      const tree = await api.gitWorkTree(repo)
      assert.deepEqual(tree.unsupported, [], `${kind} ${autocrlf}`)
      assert.deepEqual([...tree.ids], [...added], `${kind} ${autocrlf}`)
    }
  }
  const repo = tmpdir('filter')
  git(repo, 'init', '-q')
  git(repo, 'config', 'filter.lfs.clean', 'git-lfs clean -- %f')
  fs.writeFileSync(path.join(repo, '.gitattributes'), '*.bin filter=lfs\n*.u16 working-tree-encoding=UTF-16\n')
  fs.writeFileSync(path.join(repo, 'big.bin'), 'payload')
  fs.writeFileSync(path.join(repo, 'text.u16'), Buffer.from('\ufeffhi', 'utf16le'))
  for (const [kind, api] of each()) {
    const tree = await api.gitWorkTree(repo)
    assert.deepEqual(tree.unsupported.map((u) => [u.path, u.reason]), [['big.bin', 'filter=lfs'], ['text.u16', 'working-tree-encoding=UTF-16']], kind)
    assert.equal(tree.ids.has('big.bin'), false)
    await assert.rejects(api.hashDirectory(repo, { format: 'git' }), { code: 'ERR_HASHMILL_GIT_FILTER' }, kind)
  }
})

test("a bad ignore pattern with format 'git' is the ignore option's TypeError, as in every walk", { skip }, async () => {
  const dir = tmpdir('bad-pattern')
  fs.writeFileSync(path.join(dir, 'a'), 'a')
  for (const [kind, api] of each()) {
    for (const format of [undefined, 'git']) {
      await assert.rejects(api.hashDirectory(dir, { algorithm: 'git-sha1', format, ignore: ['[z-a]'] }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /"ignore" argument holds a pattern/ }, `${kind} ${format}`)
    }
  }
})

test("gitWorkTree's options: each checked and named, nothing given is no options", { skip }, async () => {
  const repo = tmpdir('work-tree-options')
  git(repo, 'init', '-q')
  fs.writeFileSync(path.join(repo, 'f'), 'f')
  git(repo, 'add', '-A')
  const id = gitInput(repo, '', 'hash-object', 'f')
  for (const [kind, api] of each()) {
    for (const options of [undefined, null, {}]) assert.deepEqual([...(await api.gitWorkTree(repo, options)).ids], [['f', id]], `${kind} ${options}`)
    await assert.rejects(api.gitWorkTree(repo, { signal: 42 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"signal"/ }, kind)
    await assert.rejects(api.gitWorkTree(repo, { untracked: 'yes' }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"untracked"/ }, kind)
    await assert.rejects(api.gitWorkTree(repo, { cache: {} }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"cache"/ }, kind)
    await assert.rejects(api.gitWorkTree(repo, { bogus: 1 }), { name: 'TypeError', code: 'ERR_HASHMILL_UNKNOWN_OPTION' }, kind)
    await assert.rejects(api.gitWorkTree(repo, 'x'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /"options"/ }, kind)
    await assert.rejects(api.gitWorkTree(repo, { signal: AbortSignal.abort() }), { name: 'AbortError' }, kind)
  }
})

test('split and sparse indexes are refused by name; not a repository', { skip }, async () => {
  const repo = tmpdir('split')
  git(repo, 'init', '-q')
  fs.writeFileSync(path.join(repo, 'f'), 'f')
  git(repo, 'add', '-A')
  git(repo, 'update-index', '--split-index')
  for (const [kind, api] of each()) {
    await assert.rejects(api.gitWorkTree(repo), (e) => e.code === 'ERR_HASHMILL_GIT_UNSUPPORTED' && /split index/.test(e.message), kind)
    await assert.rejects(api.gitWorkTree(os.tmpdir()), { code: 'ERR_HASHMILL_NOT_A_GIT_REPOSITORY' }, kind)
  }
  git(repo, 'update-index', '--no-split-index')
  git(repo, 'commit', '-qm', 'x')
  git(repo, 'sparse-checkout', 'init', '--cone', '--sparse-index')
  for (const [kind, api] of each()) {
    await assert.rejects(api.gitWorkTree(repo), (e) => e.code === 'ERR_HASHMILL_GIT_UNSUPPORTED' && /sparse index/.test(e.message), kind)
  }
  // Index versions 2 to 4 read alike.
  git(repo, 'sparse-checkout', 'disable')
  for (const version of ['2', '3', '4']) {
    git(repo, 'update-index', '--index-version', version)
    for (const [kind, api] of each()) assert.deepEqual([...(await api.gitWorkTree(repo)).ids], [['f', gitInput(repo, '', 'hash-object', 'f')]], `${kind} v${version}`)
  }
})

test("this repository's own checkout", { skip }, async (t) => {
  const root = path.join(__dirname, '..')
  let listed
  try { listed = lsFiles(root) } catch { return t.skip('not a git checkout (an unpacked tarball)') }
  const [[, api]] = each()
  const tree = await api.gitWorkTree(root, { untracked: false })
  const expected = status(root)
  assert.deepEqual(tree.modified, expected.modified)
  assert.deepEqual(tree.deleted, expected.deleted)
  for (const [file, [mode, id]] of listed) {
    if (expected.modified.includes(file) || expected.deleted.includes(file)) continue
    const entry = tree.files.find((f) => f.path === file)
    assert.deepEqual([entry.mode, entry.id], [mode, id], file)
  }
})

/** Where `repo`'s (one) pack holds `id`, as `git verify-pack -v` says. */
function packedOffset (repo, id) {
  const packDir = path.join(repo, '.git/objects/pack')
  const idx = fs.readdirSync(packDir).find((f) => f.endsWith('.idx'))
  const line = git(repo, 'verify-pack', '-v', path.join(packDir, idx)).toString().split('\n').find((l) => l.startsWith(id + ' '))
  return Number(line.trim().split(/\s+/)[4])
}

/** The type of the pack entry of `id` in `repo`'s pack (6: OFS_DELTA, 7: REF_DELTA, 3: a whole blob). */
function packedType (repo, id) {
  const packDir = path.join(repo, '.git/objects/pack')
  const pack = fs.readdirSync(packDir).find((f) => f.endsWith('.pack'))
  const fd = fs.openSync(path.join(packDir, pack), 'r')
  const byte = Buffer.alloc(1)
  fs.readSync(fd, byte, 0, 1, packedOffset(repo, id))
  fs.closeSync(fd)
  return (byte[0] >> 4) & 7
}

test('auto line endings keep CRLF where the indexed version has it, read from loose objects, packs (deltas by offset and by ID) and alternates', { skip }, async () => {
  for (const format of ['sha1', 'sha256']) {
    const repo = tmpdir(`safecrlf-${format}`)
    git(repo, 'init', '-q', `--object-format=${format}`)
    const lines = (n, eol) => Array.from({ length: n }, (_, i) => `line ${i} of a file long enough to be stored as a delta`).join(eol) + eol
    // Committed with CRLF (autocrlf off), then a smaller version, so a pack stores it as a delta.
    fs.writeFileSync(path.join(repo, 'crlf.txt'), lines(300, '\r\n'))
    fs.writeFileSync(path.join(repo, 'lf.txt'), lines(20, '\n'))
    fs.mkdirSync(path.join(repo, 'attr'))
    fs.writeFileSync(path.join(repo, 'attr/crlf.txt'), lines(40, '\r\n'))
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'one')
    fs.writeFileSync(path.join(repo, 'crlf.txt'), lines(280, '\r\n'))
    git(repo, 'commit', '-qam', 'two')
    git(repo, 'config', 'core.autocrlf', 'true')
    fs.writeFileSync(path.join(repo, '.gitattributes'), 'attr/* text=auto\n')
    // Rewritten with CRLF: kept where the indexed version has CRs, normalized where it has none.
    fs.appendFileSync(path.join(repo, 'crlf.txt'), 'more\r\n')
    fs.appendFileSync(path.join(repo, 'attr/crlf.txt'), 'more\r\n')
    fs.writeFileSync(path.join(repo, 'lf.txt'), lines(21, '\r\n'))
    fs.writeFileSync(path.join(repo, 'new.txt'), 'untracked\r\n')
    const indexed = lsFiles(repo).get('crlf.txt')[1]
    const check = async (where, dir = repo) => {
      const added = addedIds(dir)
      for (const [kind, api] of each()) {
        const tree = await api.gitWorkTree(dir)
        assert.deepEqual(tree.unsupported, [], `${format} ${where} ${kind}`)
        assert.deepEqual([...tree.ids], [...added], `${format} ${where} ${kind}`)
        assert.deepEqual(tree.modified, status(dir).modified, `${format} ${where} ${kind}`)
      }
      return added
    }
    const raw = (file) => gitInput(repo, '', 'hash-object', '--no-filters', file)
    const loose = await check('loose')
    assert.equal(loose.get('crlf.txt'), raw('crlf.txt'), 'git kept the CRLF')
    assert.equal(loose.get('attr/crlf.txt'), raw('attr/crlf.txt'), 'git kept the CRLF')
    assert.notEqual(loose.get('lf.txt'), raw('lf.txt'), 'git normalized the CRLF')
    git(repo, 'gc', '-q')
    assert.equal(packedType(repo, indexed), 6, 'the indexed version is a delta by offset')
    await check('packed, OFS_DELTA')
    git(repo, '-c', 'repack.useDeltaBaseOffset=false', 'repack', '-adfq')
    assert.equal(packedType(repo, indexed), 7, 'the indexed version is a delta by ID')
    const packed = await check('packed, REF_DELTA')
    // A pack cut short inside that entry: the files whose indexed versions are lost are
    // listed apart with the reason and have no ID; the others keep git's.
    const damaged = tmpdir(`safecrlf-damaged-${format}`)
    execFileSync('cp', ['-a', repo + '/.', damaged])
    const pack = fs.readdirSync(path.join(damaged, '.git/objects/pack')).find((f) => f.endsWith('.pack'))
    fs.truncateSync(path.join(damaged, '.git/objects/pack', pack), packedOffset(damaged, indexed) + 8)
    for (const [kind, api] of each()) {
      const tree = await api.gitWorkTree(damaged)
      const lost = tree.unsupported.map((u) => u.path)
      assert.ok(lost.includes('crlf.txt'), `${format} damaged ${kind}`)
      for (const { reason } of tree.unsupported) assert.match(reason, /cannot be read/)
      for (const [file, id] of packed) assert.equal(tree.ids.get(file), lost.includes(file) ? undefined : id, `${format} damaged ${kind} ${file}`)
    }
    // A clone sharing the objects through objects/info/alternates, changed the same way.
    const shared = tmpdir(`safecrlf-shared-${format}`)
    git(shared, 'clone', '-q', '--shared', repo, '.')
    git(shared, 'config', 'core.autocrlf', 'true')
    assert.ok(fs.existsSync(path.join(shared, '.git/objects/info/alternates')))
    fs.appendFileSync(path.join(shared, 'crlf.txt'), 'more\r\n')
    await check('alternates', shared)
  }
})

test('a merge in conflict: unmerged paths listed as git status lists them', { skip }, async () => {
  const repo = tmpdir('merge')
  git(repo, 'init', '-q', '-b', 'main')
  fs.writeFileSync(path.join(repo, 'both.txt'), 'base\n')
  fs.writeFileSync(path.join(repo, 'gone.txt'), 'base\n')
  fs.writeFileSync(path.join(repo, 'clean.txt'), 'base\n')
  git(repo, 'add', '-A')
  git(repo, 'commit', '-qm', 'base')
  git(repo, 'checkout', '-qb', 'other')
  fs.writeFileSync(path.join(repo, 'both.txt'), 'theirs\n')
  fs.writeFileSync(path.join(repo, 'gone.txt'), 'changed there\n')
  fs.writeFileSync(path.join(repo, 'added.txt'), 'added there\n')
  git(repo, 'add', '-A')
  git(repo, 'commit', '-qm', 'other')
  git(repo, 'checkout', '-q', 'main')
  fs.writeFileSync(path.join(repo, 'both.txt'), 'ours\n')
  fs.writeFileSync(path.join(repo, 'added.txt'), 'added here\n')
  fs.writeFileSync(path.join(repo, 'clean.txt'), 'merges cleanly\n')
  fs.rmSync(path.join(repo, 'gone.txt'))
  git(repo, 'add', '-A')
  git(repo, 'commit', '-qm', 'main')
  assert.throws(() => git(repo, 'merge', 'other'), 'the merge stops in conflict')
  fs.writeFileSync(path.join(repo, 'untracked.txt'), 'x\n')
  const expected = status(repo)
  assert.deepEqual(expected.unmerged, ['added.txt', 'both.txt', 'gone.txt'])
  for (const [kind, api] of each()) {
    const tree = await compare(api, repo, `${kind} in conflict`)
    for (const file of expected.unmerged) {
      assert.equal(tree.ids.get(file), gitInput(repo, '', 'hash-object', '--path', file, file), `${kind} ${file}`)
    }
  }
  fs.rmSync(path.join(repo, 'both.txt'))
  for (const [kind, api] of each()) {
    const tree = await compare(api, repo, `${kind} in conflict, one side removed`)
    assert.equal(tree.ids.has('both.txt'), false)
  }
})

test('includeIf gitdir:, gitdir/i: and onbranch: hold where git says they hold', { skip }, async () => {
  const base = tmpdir('includeif')
  const real = path.join(base, 'Real')
  fs.mkdirSync(real)
  const link = path.join(base, 'link')
  fs.symlinkSync(real, link)
  const repo = path.join(link, 'repo')
  fs.mkdirSync(repo)
  git(repo, 'init', '-q', '-b', 'main')
  fs.writeFileSync(path.join(base, 'crlf.cfg'), '[core]\n\tautocrlf = true\n')
  fs.writeFileSync(path.join(repo, 'new.txt'), 'a\r\nb\r\n')
  const config = fs.readFileSync(path.join(repo, '.git/config'), 'utf8')
  // git as a shell in the symlinked directory runs it ($PWD names the link).
  const gitHere = (...args) => execFileSync('git', args, { cwd: repo, env: { ...GIT_ENV, PWD: repo }, encoding: 'utf8' }).trim()
  const raw = gitHere('hash-object', '--no-filters', 'new.txt')
  const cases = [
    [`gitdir:${real}/repo/`, true],
    [`gitdir:${real}/repo/.git`, true],
    [`gitdir:${link}/repo/`, true],
    [`gitdir:${base}/elsewhere/`, false],
    ['gitdir:Real/repo/', true],
    ['gitdir:real/repo/', false],
    ['gitdir/i:real/REPO/', true],
    ['gitdir:**/Re*/repo/.git', true],
    ['gitdir:*/repo/', true],
    ['gitdir:/*/repo/', false],
    ['onbranch:main', true],
    ['onbranch:ma*', true],
    ['onbranch:feature/', false],
    ['hasconfig:remote.*.url:https://example.com/**', false]
  ]
  const check = async (condition, applies, after = '') => {
    fs.writeFileSync(path.join(repo, '.git/config'), `${config}[includeIf "${condition}"]\n\tpath = ${path.join(base, 'crlf.cfg')}\n${after}`)
    const want = gitHere('hash-object', 'new.txt')
    assert.equal(want !== raw, applies, `git: ${condition}`)
    for (const [kind, api] of each()) assert.equal((await api.gitWorkTree(repo)).ids.get('new.txt'), want, `${kind} ${condition}`)
  }
  for (const [condition, applies] of cases) await check(condition, applies)
  // An include is read where it stands: a setting after it wins.
  await check('onbranch:main', false, '[core]\n\tautocrlf = false\n')
  gitHere('checkout', '-q', '-b', 'feature/x')
  await check('onbranch:feature/', true)
  await check('onbranch:main', false)
})
