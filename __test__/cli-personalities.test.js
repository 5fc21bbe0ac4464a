'use strict'
/**
 * How hashmill picks a personality and what each adds beyond the tools' own suites
 * (tool-suites.test.js) and the round trips (tool-roundtrips.test.js): --as and links,
 * options anywhere and `--`, the b3sum and coreutils options in hashmill's own command line,
 * file names that are not UTF-8 (from argv and from checksum files), coreutils' quoting of
 * names in messages, xxhsum's stdin name and newer `XXH3_` lines, its benchmark mode, many
 * operands in order, and write errors. Run as child processes on the native backend (the
 * round trips cover both).
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnAsync } = require('./helpers/spawn')
const suites = require('../scripts/lib/tool-suites')

const BIN = path.join(__dirname, '..', 'bin', 'hashmill.js')
const NOT_UTF8 = Buffer.from([0x61, 0xff, 0x62, 0x2e, 0x74, 0x78, 0x74]) // a\xffb.txt

let dir
let links

const env = () => {
  const copy = { ...process.env, HASHMILL_BACKEND: 'native', LC_ALL: 'C.UTF-8' }
  delete copy.HASHMILL_THREADS
  return copy
}
const hashmill = (args, input, extra = {}) => spawnAsync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...env(), ...extra }, input })
const as = (tool, args, input) => spawnAsync(path.join(links, tool), args, { cwd: dir, env: env(), input })
const real = (tool, args, input, extra = {}) => spawnAsync(tool, args, { cwd: dir, env: { ...env(), ...extra }, input })

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-personalities-'))
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a\n')
  fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n')
  fs.writeFileSync(path.join(dir, '-a'), 'a file named -a\n')
  fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), NOT_UTF8]), 'not utf-8\n')
  links = suites.personalityLinks(path.join(dir, '.links'), ['sha256sum', 'md5sum', 'b3sum', 'xxhsum', 'xxh32sum'])
})

after(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('personalities', () => {
  it('--as NAME and a link named NAME give the same tool; an unknown one is a usage error', async () => {
    for (const tool of ['sha256sum', 'md5sum', 'b3sum', 'xxhsum', 'xxh32sum']) {
      const [byName, byLink] = await Promise.all([hashmill(['--as', tool, 'a.txt']), as(tool, ['a.txt'])])
      assert.equal(byName.status, 0, byName.stderr)
      assert.deepEqual(byName.stdout, byLink.stdout)
    }
    assert.equal((await hashmill(['--as=sha256sum', 'a.txt'])).stdout.toString(), (await real('sha256sum', ['a.txt'])).stdout.toString())
    assert.equal((await as('xxh32sum', ['a.txt'])).stdout.toString(), (await hashmill(['-a', 'xxh32', 'a.txt'])).stdout.toString())
    const unknown = await hashmill(['--as', 'sha3sum', 'a.txt'])
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /^hashmill: unknown personality 'sha3sum' for --as \(choose one of hashmill, md5sum, /)
  })

  it('reads options after operands and stops at --, as getopt does', async () => {
    const after = await hashmill(['a.txt', '-a', 'sha256', 'b.txt', '--tag'])
    assert.equal(after.stdout.toString(), (await real('sha256sum', ['--tag', 'a.txt', 'b.txt'])).stdout.toString())
    const dashed = await hashmill(['-a', 'sha256', '--', '-a'])
    assert.equal(dashed.stdout.toString(), (await real('sha256sum', ['--', '-a'])).stdout.toString())
    // -c is a mode, its files operands: the line download pages print
    const sums = `${(await real('sha256sum', ['a.txt'])).stdout}${'0'.repeat(64)}  not-downloaded.iso\n`
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), sums)
    for (const args of [['-a', 'sha256', '-c', '--ignore-missing', 'SHA256SUMS'], ['--as', 'sha256sum', '-c', '--ignore-missing', 'SHA256SUMS']]) {
      const result = await hashmill(args)
      assert.equal(result.status, 0, result.stderr)
      assert.equal(result.stdout.toString(), 'a.txt: OK\n')
    }
  })

  it("hashmill's own command line takes b3sum's options, and refuses what makes no sense", async () => {
    const key = Buffer.alloc(32, 7)
    for (const args of [['--no-names', 'a.txt'], ['-l', '64', '--seek', '3', 'a.txt'], ['--derive-key', 'ctx', 'a.txt'], ['--raw', 'a.txt'], ['--tag', 'a.txt']]) {
      const [ours, b3] = await Promise.all([hashmill(args), as('b3sum', args)])
      assert.equal(ours.status, 0, ours.stderr)
      assert.deepEqual(ours.stdout, b3.stdout, args.join(' '))
    }
    const keyed = await Promise.all([hashmill(['--keyed', 'a.txt'], key), as('b3sum', ['--keyed', 'a.txt'], key)])
    assert.deepEqual(keyed[0].stdout, keyed[1].stdout)
    const stdinKeyed = await as('b3sum', ['--keyed', 'a.txt', '-'], key)
    assert.equal(stdinKeyed.status, 1)
    assert.equal(stdinKeyed.stderr, 'b3sum: -: Cannot open `-` in keyed mode\n')
    const shortKey = await hashmill(['--keyed', 'a.txt'], Buffer.alloc(5))
    assert.equal(shortKey.status, 1)
    assert.equal(shortKey.stderr, 'hashmill: expected 32 key bytes from stdin, found 5\n')
    const refusals = [
      [['--json', '--seek', '1', 'a.txt'], 'the --json and --seek options are mutually exclusive'],
      [['--raw', 'a.txt', 'b.txt'], 'only one FILE can be given with --raw'],
      [['--keyed'], '--keyed reads the key from standard input: give FILE operands'],
      [['-a', 'sha256', '-l', '8', 'a.txt'], 'the --length option is meaningful only with BLAKE3'],
      [['--tag', '--no-names', 'a.txt'], 'the --tag and --no-names options are mutually exclusive'],
      [['-c', '--raw', 'SUMS'], 'the --raw option is meaningless when verifying checksums']
    ]
    for (const [args, message] of refusals) {
      const result = await hashmill(args)
      assert.equal(result.status, 2, `${args}: ${result.stderr}`)
      assert.equal(result.stderr, `hashmill: ${message}\nTry 'hashmill --help' for more information.\n`)
    }
  })

  it('names that are not UTF-8 reach the file system as bytes, from argv and from checksum files', async () => {
    // Node passes arguments as UTF-8: a shell's printf makes the byte
    const withName = (program) => spawnAsync('sh', ['-c', 'exec "$0" "$(printf \'a\\377b.txt\')"', program], { cwd: dir, env: env() })
    const [ours, theirs] = await Promise.all([withName(path.join(links, 'sha256sum')), withName('sha256sum')])
    assert.equal(ours.status, 0, ours.stderr)
    assert.deepEqual(ours.stdout, theirs.stdout)
    assert.ok(ours.stdout.includes(NOT_UTF8))
    fs.writeFileSync(path.join(dir, 'RAW'), theirs.stdout)
    const check = await as('sha256sum', ['-c', 'RAW'])
    assert.equal(check.status, 0, check.stderr)
    assert.deepEqual(check.stdout, Buffer.concat([NOT_UTF8, Buffer.from(': OK\n')]))
    // b3sum shows such names lossily, as Rust's to_string_lossy does
    assert.match((await withName(path.join(links, 'b3sum'))).stdout.toString(), / {2}a\ufffdb\.txt\n$/)
  })

  it("quotes names in coreutils' messages as coreutils does, in UTF-8 and C locales", async () => {
    const names = ['a b', "it's", 'a:b', '~x', 'x~', '#x', 'a\nb', 'a\tb', 'a\\b', 'a"b', 'a$b', '{', 'a{b', 'é', "a\n'b", "it's:x", 'a\x7fb', '', 'ok.txt']
    for (const locale of ['C.UTF-8', 'C']) {
      const [ours, theirs] = await Promise.all([
        spawnAsync(path.join(links, 'sha256sum'), ['--', ...names], { cwd: dir, env: { ...env(), LC_ALL: locale } }),
        real('sha256sum', ['--', ...names], undefined, { LC_ALL: locale })
      ])
      assert.equal(ours.status, 1)
      assert.equal(ours.stderr, theirs.stderr, locale)
    }
  })

  it('b3sum: a checksum file that is not UTF-8, or missing, ends the run with Error: as anyhow prints it', async () => {
    const line = (await as('b3sum', ['a.txt'])).stdout
    fs.writeFileSync(path.join(dir, 'MIXED.b3'), Buffer.concat([line, Buffer.from([0x61, 0xff, 0x0a]), line]))
    const invalid = await as('b3sum', ['-c', 'MIXED.b3', 'no-such.b3'])
    assert.equal(invalid.status, 1)
    assert.equal(invalid.stdout.toString(), 'a.txt: OK\n')
    assert.equal(invalid.stderr, 'Error: stream did not contain valid UTF-8\n')
    const missing = await as('b3sum', ['-c', 'no-such.b3', 'MIXED.b3'])
    assert.equal(missing.status, 1)
    assert.equal(missing.stdout.toString() + missing.stderr, 'Error: No such file or directory (os error 2)\n')
  })

  it('xxhsum: standard input is named stdin, and newer XXH3_ lines are read', async () => {
    const stdin = await as('xxhsum', [], 'a\n')
    assert.match(stdin.stdout.toString(), /^[0-9a-f]{16} {2}stdin\n$/)
    const xxh3 = (await hashmill(['-a', 'xxh3', '--no-names', 'a.txt'])).stdout.toString().trim()
    fs.writeFileSync(path.join(dir, 'NEWER'), `XXH3_${xxh3}  a.txt\nXXH3_${'0'.repeat(16)}  b.txt\n`)
    const check = await as('xxhsum', ['-c', 'NEWER'])
    assert.equal(check.status, 1)
    assert.equal(check.stdout.toString(), 'a.txt: OK\nb.txt: FAILED\n1 computed checksum did NOT match\n')
    // a line naming no file (an empty name) fails to open, as in xxhsum
    fs.writeFileSync(path.join(dir, 'EMPTY'), `XXH64 () = ${'0'.repeat(16)}\n`)
    const empty = await as('xxhsum', ['-c', 'EMPTY'])
    assert.equal(empty.status, 1)
    assert.equal(empty.stdout.toString(), "EMPTY:1: Could not open or read '': No such file or directory.\n1 listed file could not be read\n")
  })

  it("xxhsum's benchmark mode reports each variant asked for", async () => {
    const result = await as('xxhsum', ['-b1,6,9', '-i0', '-B1K'])
    assert.equal(result.status, 0, result.stderr)
    const lines = result.stderr.split('\n')
    assert.match(lines.find((line) => line.startsWith(' 1#')), /^ 1#XXH32 +: +1024 -> +\d+ it\/s \( *\d+\.\d MB\/s\) $/)
    assert.match(lines.find((line) => line.startsWith(' 6#')), /^ 6#XXH3_64b unaligned +: +1024 -> /)
    assert.match(lines.find((line) => line.startsWith(' 9#')), /^ 9#XXH3_64b w\/secret +: not in hashmill/)
  })

  it('hashes 1,000 operands in parallel and prints them in operand order', async () => {
    const many = path.join(dir, 'many')
    fs.mkdirSync(many)
    const names = Array.from({ length: 1000 }, (_, i) => `many/${(i * 7919) % 1000}.txt`)
    for (const name of names) fs.writeFileSync(path.join(dir, name), `${name}\n`.repeat(name.length))
    const [ours, theirs] = await Promise.all([as('md5sum', names), real('md5sum', names)])
    assert.equal(ours.status, 0, ours.stderr)
    assert.deepEqual(ours.stdout, theirs.stdout)
  })

  it('a full disk is a write error with status 1', async (t) => {
    if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full here')
    const fd = fs.openSync('/dev/full', 'w')
    try {
      for (const [file, args, name] of [[process.execPath, [BIN, 'a.txt'], 'hashmill'], [path.join(links, 'b3sum'), ['a.txt'], 'b3sum']]) {
        const result = await new Promise((resolve) => {
          const child = require('node:child_process').spawn(file, args, { cwd: dir, env: env(), stdio: ['ignore', fd, 'pipe'] })
          let stderr = ''
          child.stderr.on('data', (chunk) => { stderr += chunk })
          child.on('close', (status) => resolve({ status, stderr }))
        })
        assert.equal(result.status, 1)
        assert.equal(result.stderr, `${name}: write error: No space left on device\n`)
      }
    } finally {
      fs.closeSync(fd)
    }
  })
})
