'use strict'
/**
 * Python for the tests that compare with PyPI packages (zlib, google-crc32c, awscrt) or
 * run S3 on loopback (moto): the venv scripts/lib/python-venv.js makes on first use.
 * Without Python 3, `pythonSkip` is the one-line reason node:test prints for the tests it
 * skips; nothing else skips.
 */
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { pythonVenv } = require('../../scripts/lib/python-venv')

const venv = pythonVenv()
if (venv.python === null) process.stderr.write(`# Python tests skipped: ${venv.reason}\n`)

/** false where Python runs, else the reason (node:test's `skip` option). */
const pythonSkip = venv.python === null ? venv.reason : false

const CHECKSUMS = path.join(__dirname, 'python-checksums.py')

/**
 * The independent CRCs of each file: `[{ crc32: { zlib, awscrt }, crc32c: {...}, crc64nvme: {...} }]`.
 * @param {string[]} files
 */
function pythonChecksums (files) {
  const out = execFileSync(/** @type {string} */ (venv.python), [CHECKSUMS, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 })
  return out.trim().split('\n').map((line) => JSON.parse(line))
}

module.exports = { python: venv.python, pythonSkip, pythonChecksums }
