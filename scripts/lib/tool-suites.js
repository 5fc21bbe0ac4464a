'use strict'
/**
 * The tools hashmill stands in for, and their own test suites, for the tests that run them
 * against hashmill (__test__/tool-suites.test.js, __test__/tool-roundtrips.test.js): fetched
 * at pinned versions into target/tool-suites/ on first use and reused after, never committed
 * (coreutils' tests are GPL; this repository is MIT).
 *
 *   coreutils  Debian's source package (the release this machine runs: 12, coreutils 9.1-1),
 *              through a private deb-src list and apt state under target/, nothing changed in
 *              /etc: tests/ and init.cfg of coreutils-9.1, run by its own Perl and sh harness
 *   xxhash     Debian's source package (0.8.1-1): xxHash-0.8.1, whose Makefile holds xxhsum's
 *              CLI tests; and Debian's xxhash package for the real xxhsum (apt-get install,
 *              as root)
 *   b3sum      the b3sum crate 1.8.7 from crates.io (cargo install): the real b3sum, and a
 *              copy of the crate whose tests/cli_tests.rs runs the program HASHMILL_B3SUM names
 *
 * Each piece is `{ dir }` or `{ path }`, or `{ reason }` (one line) when it cannot be had,
 * so only the tests that need it skip. Pieces are made beside their final place and renamed
 * into it, so test files starting together never see half of one.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..', '..')
const CACHE = path.join(ROOT, 'target', 'tool-suites')

/** The source packages' versions, per Debian release. */
const DEBIAN = {
  bookworm: { coreutils: '9.1-1', xxhash: '0.8.1-1' }
}
const B3SUM_VERSION = '1.8.7'

/** Runs a command; its stdout, or a thrown Error with the end of its stderr. */
function run (command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options })
  if (result.error) throw result.error
  if (result.status !== 0) {
    const said = (result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' / ')
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${said}`)
  }
  return result.stdout
}

/** Whether `command` is on PATH. */
function found (command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/** `make()` into `dir` once: built at a temporary name, renamed into place. */
function cached (dir, make) {
  if (fs.existsSync(dir)) return dir
  const building = `${dir}.${process.pid}.tmp`
  fs.rmSync(building, { recursive: true, force: true })
  fs.mkdirSync(building, { recursive: true })
  try {
    make(building)
    try {
      fs.renameSync(building, dir)
    } catch (error) {
      if (!fs.existsSync(dir)) throw error
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true })
  }
  return dir
}

/** The Debian release this machine runs (its codename), or a reason there is none. */
function debianRelease () {
  let text
  try {
    text = fs.readFileSync('/etc/os-release', 'utf8')
  } catch {
    return { reason: 'not a Debian system (no /etc/os-release)' }
  }
  const field = (name) => (new RegExp(`^${name}="?([^"\\n]*)`, 'm').exec(text) || [])[1]
  if (field('ID') !== 'debian') return { reason: `not Debian (${field('ID')})` }
  const codename = field('VERSION_CODENAME')
  if (!codename || !DEBIAN[codename]) return { reason: `no pinned source versions for Debian ${codename}` }
  return { codename }
}

/** The mirror the machine's own apt uses (deb822 or one-line lists), or Debian's. */
function debianMirror () {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
    const match = /^URIs:\s*(\S+)/m.exec(text) || /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s/m.exec(text)
    if (match && !match[1].includes('security')) return match[1]
  }
  return 'http://deb.debian.org/debian'
}

/** Downloads Debian source packages (`name=version`) into `into`, with apt state of our own. */
function downloadSources (packages, into) {
  const release = debianRelease()
  if (release.reason) throw new Error(release.reason)
  if (!found('apt-get')) throw new Error('no apt-get')
  const apt = path.join(CACHE, 'apt')
  for (const dir of ['lists/partial', 'cache/archives/partial']) fs.mkdirSync(path.join(apt, dir), { recursive: true })
  fs.writeFileSync(path.join(apt, 'sources.list'), `deb-src ${debianMirror()} ${release.codename} main\n`)
  const options = [
    `Dir::Etc::SourceList=${path.join(apt, 'sources.list')}`, `Dir::Etc::SourceParts=${path.join(apt, 'parts')}`,
    `Dir::State::Lists=${path.join(apt, 'lists')}`, `Dir::Cache=${path.join(apt, 'cache')}`,
    ...(process.getuid && process.getuid() === 0 ? ['APT::Sandbox::User=root'] : [])
  ].flatMap((option) => ['-o', option])
  fs.mkdirSync(path.join(apt, 'parts'), { recursive: true })
  if (!fs.existsSync(path.join(apt, 'updated'))) {
    run('apt-get', [...options, 'update'])
    fs.writeFileSync(path.join(apt, 'updated'), '')
  }
  run('apt-get', [...options, 'source', '--download-only', ...packages], { cwd: into })
}

/** Extracts `members` of the tarball in `dir` whose name starts with `prefix` into `into`. */
function extract (dir, prefix, into, members) {
  const tarball = fs.readdirSync(dir).find((name) => name.startsWith(prefix) && name.includes('.orig.tar.'))
  if (!tarball) throw new Error(`no ${prefix}*.orig.tar.* was downloaded`)
  run('tar', ['-xf', path.join(dir, tarball), '-C', into, ...members])
}

/** Removes the downloaded package files from `dir` once extracted. */
function removeDownloads (dir) {
  for (const name of fs.readdirSync(dir)) {
    if (/\.(dsc|tar\.\w+)$/.test(name)) fs.rmSync(path.join(dir, name))
  }
}

/**
 * `{ dir, version }` of the upstream tree in Debian's source package `name` (only `members`
 * of it, if given), or `{ reason }`.
 * @param {string} name the source package
 * @param {string} top the upstream tree's name, before `-VERSION`
 * @param {string[]} members
 */
function debianSource (name, top, members) {
  try {
    const release = debianRelease()
    if (release.reason) return release
    const version = DEBIAN[release.codename][name]
    const upstream = version.replace(/-[^-]*$/, '')
    const tree = `${top}-${upstream}`
    const dir = cached(path.join(CACHE, `${name}-${version}`), (building) => {
      downloadSources([`${name}=${version}`], building)
      extract(building, `${name}_`, building, members.map((member) => `${tree}/${member}`))
      removeDownloads(building)
    })
    return { dir: path.join(dir, tree), version: upstream }
  } catch (error) {
    return { reason: `${name} sources: ${error.message}` }
  }
}

/** coreutils' tests/ and init.cfg (what its test harness needs). */
const coreutilsSources = () => debianSource('coreutils', 'coreutils', ['tests', 'init.cfg'])

/** xxHash's whole tree: its Makefile, cli/, and the files its tests hash. */
const xxhashSources = () => debianSource('xxhash', 'xxHash', [])

/** `{ path }` of Debian's xxhsum (installed with apt-get when missing, as root), or `{ reason }`. */
function xxhsumProgram () {
  const release = debianRelease()
  if (!found('xxhsum')) {
    if (release.reason) return { reason: `no xxhsum, and ${release.reason}` }
    if (!process.getuid || process.getuid() !== 0) return { reason: 'no xxhsum, and not root to apt-get install xxhash' }
    try {
      run('apt-get', ['install', '-y', '--no-install-recommends', `xxhash=${DEBIAN[release.codename].xxhash}`], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    } catch (error) {
      return { reason: `apt-get install xxhash: ${error.message}` }
    }
  }
  return { path: run('sh', ['-c', 'command -v xxhsum']).trim() }
}

/** The crate's source cargo unpacked, once `cargo install` fetched it. */
function crateSource (name, version) {
  const registry = path.join(process.env.CARGO_HOME || path.join(os.homedir(), '.cargo'), 'registry', 'src')
  for (const index of fs.existsSync(registry) ? fs.readdirSync(registry) : []) {
    const dir = path.join(registry, index, `${name}-${version}`)
    if (fs.existsSync(path.join(dir, 'Cargo.toml'))) return dir
  }
  throw new Error(`cargo left no source of ${name} ${version} under ${registry}`)
}

/**
 * b3sum from crates.io: `{ path, tests }`, the program and a copy of the crate whose
 * tests/cli_tests.rs runs the program HASHMILL_B3SUM names (the one line changed: how the
 * program is found), or `{ reason }`.
 */
function b3sum () {
  if (!found('cargo')) return { reason: 'no cargo to install b3sum' }
  try {
    const root = cached(path.join(CACHE, `b3sum-${B3SUM_VERSION}`), (building) => {
      run('cargo', ['install', 'b3sum', '--version', B3SUM_VERSION, '--locked', '--root', building, '--quiet'])
      const tests = path.join(building, 'crate')
      fs.cpSync(crateSource('b3sum', B3SUM_VERSION), tests, { recursive: true })
      // A workspace of its own, not a member of hashmill's.
      fs.appendFileSync(path.join(tests, 'Cargo.toml'), '\n[workspace]\n')
      const file = path.join(tests, 'tests', 'cli_tests.rs')
      const text = fs.readFileSync(file, 'utf8')
      const patched = text.replace('env!("CARGO_BIN_EXE_b3sum").into()', 'std::env::var_os("HASHMILL_B3SUM").expect("HASHMILL_B3SUM names the b3sum to test").into()')
      if (patched === text) throw new Error('cli_tests.rs no longer finds b3sum through CARGO_BIN_EXE_b3sum')
      fs.writeFileSync(file, patched)
      run('cargo', ['test', '--locked', '--quiet', '--test', 'cli_tests', '--no-run'], { cwd: tests })
    })
    return { path: path.join(root, 'bin', 'b3sum'), tests: path.join(root, 'crate'), version: B3SUM_VERSION }
  } catch (error) {
    return { reason: `b3sum ${B3SUM_VERSION}: ${error.message}` }
  }
}

/**
 * A directory of links to bin/hashmill.js named like the tools (so each runs in that
 * personality), made fresh in `dir`.
 * @param {string} dir
 * @param {string[]} names
 */
function personalityLinks (dir, names) {
  fs.mkdirSync(dir, { recursive: true })
  for (const name of names) {
    const link = path.join(dir, name)
    fs.rmSync(link, { force: true })
    fs.symlinkSync(path.join(ROOT, 'bin', 'hashmill.js'), link)
  }
  return dir
}

module.exports = { coreutilsSources, xxhashSources, xxhsumProgram, b3sum, personalityLinks, CACHE }

if (require.main === module) {
  // `node scripts/lib/tool-suites.js`: fetch everything now, and say what could not be had.
  for (const [name, get] of Object.entries({ coreutilsSources, xxhashSources, xxhsumProgram, b3sum })) {
    const got = get()
    console.log(`${name}: ${got.reason || got.dir || got.path}`)
  }
}
