'use strict'
/**
 * The `hashmill` command, run as a child process (bin/hashmill.js directly, no package.json
 * `bin` needed) on both backends. Its output is compared byte for byte with the coreutils
 * binaries (sha256sum, md5sum, sha1sum) on awkward names, and checksum files go both ways
 * between them and hashmill.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { randomBytes } = require('./helpers/backends')
const { MODULE_LOG_ENV, loadedFiles, withoutLog } = require('../scripts/lib/module-log')

const BIN = path.join(__dirname, '..', 'bin', 'hashmill.js')
const ABC_BLAKE3 = '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85'

/** Names that need care: a space, non-ASCII, and the three characters coreutils escapes. */
const FILES = {
  'plain.txt': 'hello\n',
  'with space.txt': 'a file name with a space\n',
  'ünïcödé ✓.txt': 'unicode\n',
  'back\\slash.txt': 'backslash\n',
  'new\nline.txt': 'newline\n',
  'carriage\rreturn.txt': 'carriage return\n',
  empty: '',
  'large.bin': randomBytes(3 * 1024 * 1024 + 17, 11)
}
const NAMES = Object.keys(FILES)

let dir
/** A directory tree for -r and --tree: nested, hidden files, an awkward name. */
let tree

function env () {
  const copy = { ...process.env }
  delete copy.HASHMILL_BACKEND
  delete copy.HASHMILL_THREADS
  return copy
}

/** Runs a program in the fixture directory; stdout and stderr as UTF-8 text. */
function exec (file, args, options = {}) {
  const result = spawnSync(file, args, { cwd: dir, env: env(), encoding: 'utf8', ...options })
  if (result.error) throw result.error
  return result
}

function sh (script) {
  return exec('sh', ['-c', script]).stdout
}

function write (name, content) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
  fs.writeFileSync(path.join(dir, name), content)
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-cli-'))
  for (const [name, content] of Object.entries(FILES)) write(name, content)
  tree = 'tree'
  for (let i = 0; i < 40; i++) write(`${tree}/d${i % 4}/sub${i % 3}/f${i}.txt`, `file ${i}\n`.repeat(i))
  write(`${tree}/.hidden/secret`, 'hidden\n')
  write(`${tree}/top level.log`, 'log\n')
  write(`${tree}/odd\nname`, 'odd\n')
  write(`${tree}/d0-x`, 'sorts before d0/\n')
})

after(() => fs.rmSync(dir, { recursive: true, force: true }))

for (const backend of ['native', 'wasm']) {
  describe(`hashmill --backend ${backend}`, () => {
    /** Runs hashmill with this backend. */
    const hashmill = (args, options) => exec(process.execPath, [BIN, '--backend', backend, ...args], options)

    /** hashmill must exit with `status`; the message shows its stderr otherwise. */
    function expectStatus (result, status) {
      assert.equal(result.status, status, `exit status ${result.status}, stderr: ${result.stderr}`)
    }

    it('prints what sha256sum, md5sum and sha1sum print, and --tag as theirs', () => {
      for (const [algorithm, tool] of [['sha256', 'sha256sum'], ['md5', 'md5sum'], ['sha1', 'sha1sum']]) {
        for (const extra of [[], ['--tag']]) {
          const ours = hashmill(['-a', algorithm, ...extra, ...NAMES])
          const theirs = exec(tool, [...extra, ...NAMES])
          expectStatus(ours, 0)
          assert.equal(ours.stdout, theirs.stdout, `${algorithm} ${extra}`)
          assert.equal(ours.stderr, '')
        }
      }
    })

    it('escapes \\, LF and CR in names the way coreutils does', () => {
      const out = hashmill(['-a', 'sha256', 'back\\slash.txt', 'new\nline.txt', 'carriage\rreturn.txt']).stdout
      const lines = out.split('\n').slice(0, -1)
      assert.equal(lines.length, 3)
      assert.match(lines[0], /^\\[0-9a-f]{64} {2}back\\\\slash\.txt$/)
      assert.match(lines[1], /^\\[0-9a-f]{64} {2}new\\nline\.txt$/)
      assert.match(lines[2], /^\\[0-9a-f]{64} {2}carriage\\rreturn\.txt$/)
    })

    it('hashes with BLAKE3 by default', () => {
      write('abc', 'abc')
      assert.equal(hashmill(['abc']).stdout, `${ABC_BLAKE3}  abc\n`)
    })

    it('writes SUMS that sha256sum -c accepts, and accepts the SUMS sha256sum writes', () => {
      fs.writeFileSync(path.join(dir, 'OURS'), hashmill(['-a', 'sha256', ...NAMES]).stdout)
      const theirCheck = exec('sha256sum', ['-c', 'OURS'])
      assert.equal(theirCheck.status, 0, theirCheck.stderr)

      fs.writeFileSync(path.join(dir, 'THEIRS'), exec('sha256sum', NAMES).stdout)
      const ourCheck = hashmill(['-a', 'sha256', '-c', 'THEIRS'])
      expectStatus(ourCheck, 0)
      assert.equal(ourCheck.stdout, theirCheck.stdout)
      assert.equal(ourCheck.stderr, '')
    })

    it('--check reports FAILED, unreadable and malformed lines as sha256sum -c does', () => {
      const good = exec('sha256sum', NAMES).stdout.split('\n')
      good[1] = good[1].replace(/^([0-9a-f])/, (c) => c === '0' ? '1' : '0')
      const sums = [...good.slice(0, -1), `${'ab'.repeat(32)}  missing.txt`, 'not a checksum line', `${'ab'.repeat(20)}  plain.txt`, '']
      fs.writeFileSync(path.join(dir, 'BAD'), sums.join('\n'))
      const theirs = exec('sha256sum', ['-c', 'BAD'])
      const ours = hashmill(['-a', 'sha256', '--check', 'BAD'])
      expectStatus(ours, 1)
      assert.equal(ours.stdout, theirs.stdout)
      assert.match(ours.stdout, /^with space\.txt: FAILED$/m)
      assert.match(ours.stdout, /^missing\.txt: FAILED open or read$/m)
      assert.equal(ours.stderr, theirs.stderr.replaceAll('sha256sum:', 'hashmill:'))
      assert.match(ours.stderr, /^hashmill: WARNING: 1 computed checksum did NOT match$/m)
      assert.match(ours.stderr, /^hashmill: WARNING: 2 lines are improperly formatted$/m)

      const quiet = hashmill(['-a', 'sha256', '-c', 'BAD', '--quiet'])
      expectStatus(quiet, 1)
      assert.equal(quiet.stdout, 'with space.txt: FAILED\nmissing.txt: FAILED open or read\n')

      // --status silences the verdicts, not the reason a listed file could not be read
      const status = hashmill(['-a', 'sha256', '-c', 'BAD', '--status'])
      expectStatus(status, 1)
      assert.equal(status.stdout, '')
      assert.equal(status.stderr, exec('sha256sum', ['-c', 'BAD', '--status']).stderr.replaceAll('sha256sum:', 'hashmill:'))
      write('GOOD', exec('sha256sum', NAMES).stdout)
      const passing = hashmill(['-a', 'sha256', '-c', 'GOOD', '--status'])
      expectStatus(passing, 0)
      assert.equal(passing.stdout + passing.stderr, '')
    })

    it('--check reads stdin, binary marks and CRLF lines, and refuses a file with no valid line', () => {
      const sums = exec('sha256sum', ['-b', 'plain.txt', 'empty']).stdout.replaceAll('\n', '\r\n')
      assert.match(sums, / \*plain\.txt\r\n/)
      const ours = hashmill(['-a', 'sha256', '-c', '-'], { input: sums })
      expectStatus(ours, 0)
      assert.equal(ours.stdout, 'plain.txt: OK\nempty: OK\n')

      write('JUNK', 'nothing here\n')
      const junk = hashmill(['-c', 'JUNK'])
      expectStatus(junk, 1)
      assert.equal(junk.stderr, 'hashmill: JUNK: no properly formatted checksum lines found\n')
    })

    it('--tag output checks out through its own --check, tags choosing the algorithm', () => {
      const lines = ['blake3', 'xxh3-128', 'md5', 'crc32c'].map((a) => hashmill(['--tag', '-a', a, ...NAMES]).stdout)
      assert.match(lines[1], /^XXH128 \(plain\.txt\) = [0-9a-f]{32}$/m)
      assert.match(lines[0], /^\\BLAKE3 \(new\\nline\.txt\) = [0-9a-f]{64}$/m)
      write('TAGS', lines.join(''))
      const check = hashmill(['-c', 'TAGS'])
      expectStatus(check, 0)
      assert.equal(check.stdout.split('\n').filter((l) => l.endsWith(': OK')).length, 4 * NAMES.length)
    })

    it('reports an unreadable file or a directory and goes on with the rest (exit 1)', () => {
      fs.mkdirSync(path.join(dir, 'a-dir'), { recursive: true })
      const result = hashmill(['-a', 'sha256', 'plain.txt', 'no-such-file', 'a-dir', '', 'empty'])
      expectStatus(result, 1)
      assert.equal(result.stdout, exec('sha256sum', ['plain.txt', 'empty']).stdout)
      assert.equal(result.stderr, 'hashmill: no-such-file: No such file or directory\n' +
        'hashmill: a-dir: Is a directory\nhashmill: : No such file or directory\n')
    })

    it('hashes a few small files on the main thread (wasm: no worker started) and more on the workers, alike', () => {
      fs.mkdirSync(path.join(dir, 'a-dir'), { recursive: true })
      const few = ['plain.txt', 'with space.txt', 'ünïcödé ✓.txt', 'no-such-file', 'a-dir', 'empty', 'new\nline.txt']
      /** The run's output, and whether a wasm worker was started for it (Node's module log). */
      const run = (operands) => {
        const result = hashmill(['-a', 'sha256', ...operands], { env: { ...env(), ...MODULE_LOG_ENV } })
        expectStatus(result, 1)
        return {
          stdout: result.stdout,
          stderr: withoutLog(result.stderr),
          workers: loadedFiles(result.stderr).some((file) => file.endsWith(path.join('lib', 'wasm', 'worker.js')))
        }
      }
      const here = run(few)
      assert.equal(here.stdout, exec('sha256sum', few.filter((name) => !['no-such-file', 'a-dir'].includes(name))).stdout)
      assert.equal(here.stderr, 'hashmill: no-such-file: No such file or directory\nhashmill: a-dir: Is a directory\n')
      assert.equal(here.workers, false)
      // Three times as many (more than a few): the same lines, three times, from the workers on wasm.
      const many = run([...few, ...few, ...few])
      assert.equal(many.stdout, here.stdout.repeat(3))
      assert.equal(many.stderr, here.stderr.repeat(3))
      assert.equal(many.workers, backend === 'wasm')
      // One file too large to count as small.
      const large = run(['large.bin', 'no-such-file'])
      assert.equal(large.stdout, exec('sha256sum', ['large.bin']).stdout)
      assert.equal(large.workers, backend === 'wasm')
    })

    it('hashes a few small files with SHA-2, SHA-1 and MD5 without loading node:crypto (wasm: up to 64 KiB), the same digests', () => {
      // A preload reports at exit whether node:crypto was loaded in the run.
      const preload = path.join(dir, 'crypto-loaded.js')
      fs.writeFileSync(preload, "process.on('exit', () => process._rawDebug('crypto loaded: ' + process.moduleLoadList.includes('NativeModule crypto')))")
      write('64k.bin', Buffer.alloc(64 * 1024, 'x'))
      write('64k+1.bin', Buffer.alloc(64 * 1024 + 1, 'y'))
      for (const [algorithm, tool] of [['sha256', 'sha256sum'], ['sha512', 'sha512sum'], ['sha1', 'sha1sum'], ['md5', 'md5sum']]) {
        for (const [names, loaded] of [[['empty', '64k.bin'], false], [['empty', '64k+1.bin'], backend === 'wasm']]) {
          const result = hashmill(['-a', algorithm, ...names], { env: { ...env(), NODE_OPTIONS: `--require ${preload}` } })
          expectStatus(result, 0)
          assert.equal(result.stdout, exec(tool, names).stdout, algorithm)
          // The native addon never needs it; the wasm backend loads it for a larger run.
          assert.equal(result.stderr, `crypto loaded: ${loaded}\n`, `${algorithm} ${names}`)
        }
      }
    })

    it('reports usage errors with a hint (exit 2)', () => {
      const hint = "Try 'hashmill --help' for more information.\n"
      const cases = [
        [['--foo'], "hashmill: unrecognized option '--foo'\n"],
        [['-x'], "hashmill: invalid option -- 'x'\n"],
        [['--t'], "hashmill: option '--t' is ambiguous; possibilities: '--tag' '--text' '--tree' '--threads'\n"],
        [['-a', 'sha3', 'plain.txt'], /^hashmill: unknown algorithm 'sha3' \(choose one of blake3, sha256/],
        [['--quiet', 'plain.txt'], 'hashmill: the --quiet option is meaningful only when verifying checksums\n'],
        [['-c', 'SUMS', '--tag'], 'hashmill: the --tag option is meaningless when verifying checksums\n'],
        [['-j', 'many'], "hashmill: invalid thread count 'many'\n"],
        [['-r', '--tree', tree], 'hashmill: the --recursive and --tree options are mutually exclusive\n'],
        [['-r', '--ignore', '[z-a]', tree], /^hashmill: invalid --ignore pattern: /]
      ]
      for (const [args, message] of cases) {
        const result = hashmill(args)
        expectStatus(result, 2)
        assert.equal(result.stdout, '')
        assert.ok(result.stderr.endsWith(hint), result.stderr)
        const first = result.stderr.slice(0, -hint.length)
        if (typeof message === 'string') assert.equal(first, message)
        else assert.match(first, message)
      }
    })

    it('hashes stdin for - and for no operand, like the same bytes in a file', () => {
      const bytes = FILES['large.bin']
      const fromFile = hashmill(['-a', 'sha256', 'large.bin']).stdout.split(' ')[0]
      assert.equal(hashmill(['-a', 'sha256', '-'], { input: bytes }).stdout, `${fromFile}  -\n`)
      assert.equal(hashmill(['-a', 'sha256'], { input: bytes }).stdout, `${fromFile}  -\n`)
      assert.equal(exec('sha256sum', [], { input: bytes }).stdout, `${fromFile}  -\n`)
      assert.equal(hashmill([], { input: 'abc' }).stdout, `${ABC_BLAKE3}  -\n`)
      const mixed = hashmill(['-a', 'md5', 'plain.txt', '-', 'empty'], { input: 'hello\n' }).stdout.split('\n')
      assert.equal(mixed[0].split(' ')[0], mixed[1].split(' ')[0])
      assert.match(mixed[1], / {2}-$/)
    })

    it('-r lists every file under a directory, as sha256sum over find does', () => {
      const expected = sh(`find ${tree} -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum --`)
      const result = hashmill(['-a', 'sha256', '-r', tree])
      expectStatus(result, 0)
      assert.equal(result.stdout, expected)
      assert.equal(result.stdout.split('\n').length - 1, 44)

      const ignored = hashmill(['-a', 'sha256', '-r', '--ignore', '*.log', '--ignore', '.hidden', `${tree}/`]).stdout
      assert.ok(!ignored.includes('.log') && !ignored.includes('secret'))
      assert.match(ignored, /^[0-9a-f]{64} {2}tree\/d0\/sub0\/f0\.txt$/m)
      assert.equal(ignored.split('\n').length - 1, 42)
    })

    it('--cache gives what no cache gives, on a first and a cached run, after a rewrite, and saves the cache', () => {
      const cacheFile = path.join(os.tmpdir(), `hashmill-cli-cache-${backend}-${process.pid}`)
      const runs = [['-r', '--ignore', '*.log', tree], ['plain.txt', 'no-such-file', 'large.bin'], ['--tree', tree]]
      try {
        for (let round = 0; round < 3; round++) {
          if (round === 2) write(`${tree}/d1/sub1/f1.txt`, 'rewritten, same name\n')
          for (const args of runs) {
            const plain = hashmill(['-a', 'sha256', ...args])
            const cached = hashmill(['-a', 'sha256', '--cache', cacheFile, ...args])
            assert.equal(cached.status, plain.status, `${args} round ${round}: ${cached.stderr}`)
            assert.equal(cached.stdout, plain.stdout, `${args} round ${round}`)
            assert.equal(cached.stderr, plain.stderr, `${args} round ${round}`)
          }
          assert.ok(fs.statSync(cacheFile).size > 0, 'the cache was saved')
        }
      } finally {
        fs.rmSync(cacheFile, { force: true })
        write(`${tree}/d1/sub1/f1.txt`, 'file 1\n')
      }
    })

    it('--tree prints the sha256sum of the sorted sha256sum manifest', () => {
      const manifestDigest = sh(`cd ${tree} && find . -type f -print0 | sed -z 's|^\\./||' | LC_ALL=C sort -z | xargs -0 sha256sum -- | sha256sum`)
      const result = hashmill(['-a', 'sha256', '--tree', tree, 'plain.txt'])
      expectStatus(result, 0)
      assert.equal(result.stdout, manifestDigest.replace('  -\n', `  ${tree}\n`) + exec('sha256sum', ['plain.txt']).stdout)
    })

    it('--json prints one parseable object per line, errors included', () => {
      const result = hashmill(['--json', '-a', 'xxh64', 'plain.txt', 'no-such-file', 'new\nline.txt'])
      expectStatus(result, 1)
      const objects = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
      assert.equal(objects.length, 3)
      assert.deepEqual(Object.keys(objects[0]), ['path', 'algorithm', 'digest', 'size'])
      assert.equal(objects[0].algorithm, 'xxh64')
      assert.match(objects[0].digest, /^[0-9a-f]{16}$/)
      assert.equal(objects[0].size, 6)
      assert.deepEqual(objects[1], { path: 'no-such-file', error: { code: 'ENOENT', message: 'No such file or directory' } })
      assert.equal(objects[2].path, 'new\nline.txt')
    })

    it('draws a progress bar only when asked, if stderr is not a terminal', () => {
      const plain = hashmill(['large.bin', 'plain.txt'])
      expectStatus(plain, 0)
      assert.equal(plain.stderr, '')
      const forced = hashmill(['--progress', 'large.bin', 'plain.txt'])
      expectStatus(forced, 0)
      assert.equal(forced.stdout, plain.stdout)
      assert.match(forced.stderr, /^\r\[[#.]+\] \d+% /)
      // ETA --:-- when the run took under a millisecond, too short to measure a rate
      assert.match(forced.stderr, /\r\[#+\] 100% 3\.0 MiB \/ 3\.0 MiB {2}2\/2 files {2}.*\/s {2}ETA (?:00:00|--:--)\r/, 'the last frame')
      assert.match(forced.stderr, /\r +\r$/, 'the bar is erased at the end')
      assert.equal(hashmill(['--no-progress', 'large.bin']).stderr, '')
    })

    it('--version names the backend; -j sets its threads', () => {
      const result = hashmill(['-j', '3', '--version'])
      expectStatus(result, 0)
      assert.match(result.stdout, new RegExp(`^hashmill \\d+\\.\\d+\\.\\d+ \\(${backend} [\\w-]+, 3 threads\\)\\n$`))
      assert.match(hashmill(['--help']).stdout, /^Usage: hashmill /)
    })
  })
}
