'use strict'
/**
 * The tools' own test suites, run against hashmill in their personalities (links to
 * bin/hashmill.js named like the tools, put where each suite looks for its program), with
 * their expected outputs untouched:
 *
 *   GNU coreutils 9.1, tests/misc/: md5sum, sha1sum, sha*sum (vectors, escaping, --check,
 *     --strict, --warn, --ignore-missing, BSD and OpenSSL lines), md5sum-bsd, md5sum-newline,
 *     md5sum-parallel, and help-version and invalid-opt for these programs; run by coreutils'
 *     own Perl and sh harness with the programs in its src/
 *   b3sum 1.8.7, tests/cli_tests.rs: cargo test, the program from HASHMILL_B3SUM
 *   xxHash 0.8.1's Makefile: its `check` and `test-xxhsum-c` targets, with ./xxhsum a link
 *     to hashmill and make told not to build it
 *
 * Sources are fetched at pinned versions by scripts/lib/tool-suites.js (and cached under
 * target/); where they cannot be had, the suite is skipped with the reason. Cases hashmill
 * is not meant to pass are in helpers/tool-suites-excluded.json, each with the reason.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const suites = require('../scripts/lib/tool-suites')
const { spawnAsync } = require('./helpers/spawn')
const EXCLUDED = require('./helpers/tool-suites-excluded.json')
const { version } = require('../package.json')

const COREUTILS_PROGRAMS = ['md5sum', 'sha1sum', 'sha256sum', 'sha384sum', 'sha512sum']
const COREUTILS_TESTS = [
  'md5sum.pl', 'md5sum-bsd.sh', 'md5sum-newline.pl', 'md5sum-parallel.sh', 'sha1sum.pl', 'sha1sum-vec.pl',
  'sha224sum.pl', 'sha256sum.pl', 'sha384sum.pl', 'sha512sum.pl', 'help-version.sh', 'invalid-opt.pl'
]
/** A coreutils test script's status when it skipped itself. */
const SKIPPED = 77

/** The environment a suite runs hashmill in: the default backend, no inherited settings. */
function environment (extra) {
  const env = { ...process.env, ...extra }
  delete env.HASHMILL_BACKEND
  delete env.HASHMILL_THREADS
  return env
}

/** The end of a failed run's output, for the assertion message. */
function tail (result) {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n')
}

// The suites' scripts mostly wait for the programs they start: two at a time keep both
// cores busy.
describe('GNU coreutils tests/misc against hashmill as md5sum and sha*sum', { concurrency: 2 }, () => {
  const source = suites.coreutilsSources()
  if (source.reason) {
    it('fetches coreutils', { skip: source.reason }, () => {})
    return
  }
  const { dir } = source
  suites.personalityLinks(path.join(dir, 'src'), COREUTILS_PROGRAMS)
  const env = environment({
    srcdir: '.',
    abs_srcdir: dir,
    abs_top_srcdir: dir,
    abs_top_builddir: dir,
    built_programs: COREUTILS_PROGRAMS.join(' '),
    VERSION: version,
    LC_ALL: 'C',
    PATH: `${path.join(dir, 'src')}:${process.env.PATH}`
  })
  for (const name of COREUTILS_TESTS) {
    const file = `tests/misc/${name}`
    const excluded = EXCLUDED.coreutils[file]
    it(`coreutils ${source.version} ${file}`, { skip: excluded }, async (t) => {
      const args = name.endsWith('.pl')
        ? ['perl', ['-w', '-I', 'tests', '-MCuSkip', '-MCoreutils', `-MCuTmpdir qw(${file})`, file]]
        : ['sh', [file]]
      const result = await spawnAsync(args[0], args[1], { cwd: dir, env })
      if (result.status === SKIPPED) return t.skip(result.stderr.trim().split('\n').pop())
      assert.equal(result.status, 0, tail(result))
    })
  }
})

describe('b3sum tests/cli_tests.rs against hashmill as b3sum', () => {
  const b3sum = suites.b3sum()
  if (b3sum.reason) {
    it('fetches b3sum', { skip: b3sum.reason }, () => {})
    return
  }
  it(`b3sum ${b3sum.version} cli_tests`, async () => {
    const links = suites.personalityLinks(path.join(suites.CACHE, 'links'), ['b3sum'])
    const skips = Object.keys(EXCLUDED.b3sum).flatMap((test) => ['--skip', test])
    const result = await spawnAsync('cargo', ['test', '--locked', '--quiet', '--test', 'cli_tests', '--', '--exact', ...skips], {
      cwd: b3sum.tests,
      env: environment({ HASHMILL_B3SUM: path.join(links, 'b3sum') })
    })
    assert.equal(result.status, 0, tail(result))
    assert.match(result.stdout.toString(), /test result: ok\. \d+ passed; 0 failed/)
  })
})

describe("xxHash's xxhsum tests against hashmill as xxhsum", () => {
  const source = suites.xxhashSources()
  const reason = source.reason || (spawnSync('make', ['--version']).status === 0 ? undefined : 'no make')
  if (reason) {
    it('fetches xxHash', { skip: reason }, () => {})
    return
  }
  suites.personalityLinks(source.dir, ['xxhsum'])
  for (const target of ['check', 'test-xxhsum-c']) {
    it(`xxHash ${source.version} make ${target}`, { skip: EXCLUDED.xxhsum[target] }, async () => {
      // -o xxhsum: take ./xxhsum as it is, never build it
      const result = await spawnAsync('make', ['-o', 'xxhsum', target], { cwd: source.dir, env: environment({}) })
      assert.equal(result.status, 0, tail(result))
    })
  }
})
