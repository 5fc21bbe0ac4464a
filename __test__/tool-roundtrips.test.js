'use strict'
/**
 * hashmill in each personality against the real tool installed here, on both backends:
 * the same bytes out for every algorithm and format (GNU, BSD --tag, -b, -z, escaped names;
 * b3sum's --no-names, --raw, --length/--seek, --keyed, --derive-key; xxhsum's -H0..-H3 in
 * both byte orders), and each one's checksum files checked by the other, both ways, with
 * the same verdicts. The files include names coreutils escapes and a 3 MiB file (hashed on
 * every core). The real b3sum and xxhsum come from scripts/lib/tool-suites.js (crates.io,
 * Debian); where one cannot be had, its tests skip with the reason.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const suites = require('../scripts/lib/tool-suites')
const { spawnAsync } = require('./helpers/spawn')
const { randomBytes } = require('./helpers/backends')

const COREUTILS = ['md5sum', 'sha1sum', 'sha256sum', 'sha384sum', 'sha512sum']
/** Names every tool prints as they are, then the three coreutils and b3sum escape. */
const PLAIN = ['plain.txt', 'with space', 'ünïcödé ✓', ' leading space', '*star', 'empty', 'large.bin']
const ESCAPED = ['back\\slash', 'new\nline', 'carriage\rreturn']
const CONTENT = (name) => name === 'large.bin' ? randomBytes(3 * 1024 * 1024 + 5, 7) : name === 'empty' ? '' : `${name}\n`

let dir
let links

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-tools-'))
  for (const name of [...PLAIN, ...ESCAPED]) fs.writeFileSync(path.join(dir, name), CONTENT(name))
  links = suites.personalityLinks(path.join(dir, '.links'), [...COREUTILS, 'b3sum', 'xxhsum'])
})

after(() => fs.rmSync(dir, { recursive: true, force: true }))

for (const backend of ['native', 'wasm']) {
  describe(`the real tools and hashmill (${backend}) in their personalities`, { concurrency: 2 }, () => {
    // RUST_BACKTRACE=0: b3sum's errors without anyhow's backtrace
    const env = { ...process.env, HASHMILL_BACKEND: backend, RUST_BACKTRACE: '0', RUST_LIB_BACKTRACE: '0' }
    delete env.HASHMILL_THREADS
    /** Runs the real `tool` (a path or a name on PATH) in the fixture directory. */
    const theirs = (tool, args, input) => spawnAsync(tool, args, { cwd: dir, env, input })
    /** Runs hashmill through its link named `tool`. */
    const ours = (tool, args, input) => spawnAsync(path.join(links, tool), args, { cwd: dir, env, input })

    /** Both print the same bytes for `args`, and exit 0. */
    async function samePrint (tool, real, args) {
      const [a, b] = await Promise.all([ours(tool, args), theirs(real, args)])
      assert.equal(b.status, 0, `${tool} ${args.join(' ')}: ${b.stderr}`)
      assert.equal(a.status, 0, `hashmill as ${tool} ${args.join(' ')}: ${a.stderr}`)
      assert.deepEqual(a.stdout, b.stdout, `${tool} ${args.join(' ')}`)
      return a.stdout
    }

    /** `sums` (written by one of them) checks out with both, with the same verdicts. */
    async function bothCheck (tool, real, sums, options = []) {
      const file = path.join(dir, `.sums-${tool}-${backend}-${Math.random().toString(36).slice(2)}`)
      fs.writeFileSync(file, sums)
      const [a, b] = await Promise.all([ours(tool, [...options, '-c', file]), theirs(real, [...options, '-c', file])])
      assert.equal(b.status, 0, `${tool} -c of ${sums}: ${b.stdout}${b.stderr}`)
      assert.equal(a.status, 0, `hashmill as ${tool} -c: ${a.stdout}${a.stderr}`)
      assert.deepEqual(a.stdout, b.stdout)
      assert.equal(a.stderr, b.stderr)
    }

    it('coreutils: every algorithm in GNU, --tag, -b and -z lines, each checking the other', async () => {
      const names = [...PLAIN, ...ESCAPED]
      for (const tool of COREUTILS) {
        const printed = []
        for (const format of [[], ['--tag'], ['-b']]) printed.push(await samePrint(tool, tool, [...format, ...names]))
        await samePrint(tool, tool, ['-z', ...names])
        await samePrint(tool, tool, ['--tag', '-z', ...names])
        // GNU and BSD lines in one file: both read both
        await bothCheck(tool, tool, Buffer.concat(printed))
        await bothCheck(tool, tool, Buffer.concat(printed), ['--strict', '--quiet'])
      }
    })

    it('coreutils: --check with failures, missing files and --ignore-missing words and exits alike', async () => {
      const good = (await theirs('sha256sum', ['plain.txt', 'new\nline'])).stdout.toString()
      const sums = `${good}${'0'.repeat(64)}  with space\n${'1'.repeat(64)}  missing\nnot a line\nSHA256 () = ${'2'.repeat(64)}\n`
      fs.writeFileSync(path.join(dir, '.mixed'), sums)
      for (const options of [[], ['--quiet'], ['--status'], ['-w'], ['--strict'], ['--ignore-missing']]) {
        const [a, b] = await Promise.all([ours('sha256sum', ['-c', ...options, '.mixed']), theirs('sha256sum', ['-c', ...options, '.mixed'])])
        assert.equal(a.status, b.status, `${options}`)
        assert.deepEqual(a.stdout, b.stdout, `${options}`)
        assert.equal(a.stderr, b.stderr, `${options}`)
      }
    })

    it('b3sum: GNU, --tag, escaped names, --no-names, --raw, --length/--seek, modes; checks both ways', async (t) => {
      const b3sum = suites.b3sum()
      if (b3sum.reason) return t.skip(b3sum.reason)
      const names = [...PLAIN, ...ESCAPED]
      const gnu = await samePrint('b3sum', b3sum.path, names)
      const tag = await samePrint('b3sum', b3sum.path, ['--tag', ...names])
      for (const args of [['--no-names', ...names], ['--raw', 'large.bin'], ['-l', '100', '--seek', '7', ...names], ['--length', '0', 'plain.txt'],
        ['--derive-key', 'hashmill 2026 test context', ...names], ['--no-mmap', '--num-threads', '1', 'large.bin']]) {
        await samePrint('b3sum', b3sum.path, args)
      }
      const key = Buffer.alloc(32, 0x42)
      const [a, b] = await Promise.all([ours('b3sum', ['--keyed', ...names], key), theirs(b3sum.path, ['--keyed', ...names], key)])
      assert.equal(a.status, 0, a.stderr)
      assert.deepEqual(a.stdout, b.stdout)
      await bothCheck('b3sum', b3sum.path, gnu)
      await bothCheck('b3sum', b3sum.path, tag, ['--quiet'])
    })

    it('b3sum: usage errors say what clap says, with its exit status', async (t) => {
      const b3sum = suites.b3sum()
      if (b3sum.reason) return t.skip(b3sum.reason)
      // clap's usage line (which it builds from the arguments given) is left out
      const said = (result) => result.stderr.split('\n\nUsage:')[0]
      for (const args of [['--tag=1'], ['-c', '--keyed', 'empty'], ['--no-names', 'x', '-c', '--keyed'], ['--quiet', 'empty'], ['--quiet', '--no-names', 'empty'],
        ['-l', 'a', '--keyed', '--seek'], ['--length'], ['--len', '3'], ['--num-threads', '-1'], ['--seek', '99999999999999999999'], ['--raw', 'empty', 'empty'],
        ['--keyed'], ['-x'], ['--tag', '--tag'], ['--derive-key', 'c', '--keyed', 'empty']]) {
        const [a, b] = await Promise.all([ours('b3sum', args), theirs(b3sum.path, args, undefined)])
        assert.equal(a.status, b.status, `${args}: ${a.stderr}`)
        assert.equal(said(a), said(b), `${args}`)
      }
    })

    it('xxhsum: -H0 to -H3, GNU and --tag, big- and little-endian; checks both ways', async (t) => {
      const xxhsum = suites.xxhsumProgram()
      if (xxhsum.reason) return t.skip(xxhsum.reason)
      // xxhsum 0.8.1 prints names as they are: only those without a line break round-trip
      const names = [...PLAIN, 'back\\slash']
      const printed = { big: [], little: [] }
      for (const h of ['-H0', '-H1', '-H2', '-H3', '-H32', '-H64', '-H128']) {
        for (const format of [[], ['--tag']]) {
          printed.big.push(await samePrint('xxhsum', xxhsum.path, [h, ...format, ...names]))
          printed.little.push(await samePrint('xxhsum', xxhsum.path, [h, '--little-endian', ...format, ...names]))
        }
      }
      await bothCheck('xxhsum', xxhsum.path, Buffer.concat(printed.big))
      await bothCheck('xxhsum', xxhsum.path, Buffer.concat(printed.little), ['--little-endian'])
      // options end at the first file; a - among files is a file named -
      for (const args of [['plain.txt', '-', '-H0'], ['-', 'plain.txt'], ['-H2', '--', '-H3', 'empty'], ['-H7', 'empty'], ['-qwc', 'missing']]) {
        const [a, b] = await Promise.all([ours('xxhsum', args, 'in\n'), theirs(xxhsum.path, args, 'in\n')])
        assert.equal(a.status, b.status, `${args}`)
        assert.deepEqual(a.stdout, b.stdout, `${args}`)
        if (!b.stderr.includes('Wrong parameters')) assert.equal(a.stderr, b.stderr.replaceAll(`\r${' '.repeat(70)}\r`, ''), `${args}`)
      }
    })
  })
}
