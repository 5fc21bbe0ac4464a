'use strict'
/**
 * The Python the differential and S3 tests use: a virtual environment under
 * target/python-venv with exactly the PyPI packages below, made (with the machine's
 * `python3 -m venv` and pip) on first use and reused while the list is unchanged. Where no
 * Python 3 exists, `pythonVenv()` says why instead, so the tests that need it can skip.
 */
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..', '..')
const VENV = path.join(ROOT, 'target', 'python-venv')
/**
 * google-crc32c and awscrt (its `checksums` module: crc32, crc32c, crc64nvme) are the
 * independent CRCs; moto[server] is S3 on loopback, which needs crc32c for a real CRC-32C
 * and awscrt for CRC-64/NVME.
 */
const REQUIREMENTS = ['moto[server]==5.2.5', 'crc32c==2.9.post0', 'awscrt==0.38.1', 'google-crc32c==1.9.0']
const STAMP = path.join(VENV, 'hashmill-requirements.txt')

/** The first Python 3 on PATH, or null. */
function systemPython () {
  for (const name of ['python3', 'python']) {
    const found = spawnSync(name, ['-c', 'import sys, venv; print(sys.version_info[0])'], { encoding: 'utf8' })
    if (found.status === 0 && found.stdout.trim() === '3') return name
  }
  return null
}

function run (command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`)
}

/**
 * The venv's python (installing what it lacks), or `{ python: null, reason }` without
 * Python 3.
 * @returns {{ python: string, reason?: undefined } | { python: null, reason: string }}
 */
function pythonVenv () {
  const python = path.join(VENV, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python')
  const wanted = REQUIREMENTS.join('\n')
  if (fs.existsSync(python) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === wanted) return { python }
  const system = systemPython()
  if (system === null) return { python: null, reason: 'no Python 3 on PATH' }
  // Made beside the real place and moved there whole, so test files that start at once
  // never see a half-made one (the last to finish wins; the others' copies are removed).
  const building = `${VENV}.${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  const venvPython = path.join(building, path.relative(VENV, python))
  const pipArgs = ['install', '--disable-pip-version-check', '--quiet', ...REQUIREMENTS]
  try {
    run(system, ['-m', 'venv', building])
    run(venvPython, ['-m', 'pip', ...pipArgs])
  } catch (error) {
    // Debian's python3 makes no venv with pip in it unless python3-venv is installed; the
    // system's own pip (22.3 and later) can install into a venv made without one.
    fs.rmSync(building, { recursive: true, force: true })
    run(system, ['-m', 'venv', '--without-pip', building])
    run(system, ['-m', 'pip', '--python', venvPython, ...pipArgs])
  }
  fs.writeFileSync(path.join(building, path.basename(STAMP)), wanted)
  fs.rmSync(VENV, { recursive: true, force: true })
  try {
    fs.renameSync(building, VENV)
  } catch (error) {
    if (!fs.existsSync(STAMP)) throw error
    fs.rmSync(building, { recursive: true, force: true })
  }
  return { python }
}

module.exports = { pythonVenv, VENV }
