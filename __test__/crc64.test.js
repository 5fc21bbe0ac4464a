'use strict'
/**
 * CRC-64/NVME everywhere an algorithm is accepted, and the three CRCs against independent
 * implementations: Python's zlib, google-crc32c and awscrt (a venv from PyPI), and
 * @aws-sdk/crc64-nvme, on random inputs of 0 bytes to 64 MiB through every API, including
 * the native backend's parallel hashing of large inputs (pieces on every thread, combined).
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { Crc64Nvme } = require('@aws-sdk/crc64-nvme')
const { each, randomBytes } = require('./helpers/backends')
const { pythonSkip, pythonChecksums } = require('./helpers/python')

const MiB = 1 << 20
const CRCS = ['crc32', 'crc32c', 'crc64nvme']
const CLI = path.join(__dirname, '..', 'bin', 'hashmill.js')
/** Random lengths from 0 to 64 MiB (deterministic), with the edges that matter: SIMD block
 * sizes, the native parallel threshold (1 MiB), the 16 MiB slices of async calls. */
const LENGTHS = [0, 1, 7, 8, 15, 16, 31, 63, 64, 127, 128, 255, 256, 1023, 4097, 65537,
  MiB - 1, MiB, MiB + 13, 3 * MiB + 5, 16 * MiB, 16 * MiB + 1, 40 * MiB + 333, 64 * MiB]

async function awsSdkCrc64 (bytes) {
  const crc = new Crc64Nvme()
  crc.update(bytes)
  return Buffer.from(await crc.digest()).toString('hex')
}

/** `bytes` fed in random pieces (some empty) to a Hasher. */
function streamed (api, algorithm, bytes, seed) {
  const hasher = api.createHasher(algorithm)
  const pieces = randomBytes(64, seed)
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const step = Math.min(bytes.length - at, pieces[i % 64] * (1 + (bytes.length >> 8)))
    hasher.update(bytes.subarray(at, at + step))
    at += step
  }
  return hasher.digest()
}

describe('crc64nvme is an algorithm everywhere', () => {
  let dir
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-crc64-'))
    fs.writeFileSync(path.join(dir, 'check.txt'), '123456789')
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  for (const [kind, api] of each()) {
    it(`${kind}: the check value through every API and encoding`, async () => {
      const check = 'ae8b14860a799888'
      const file = path.join(dir, 'check.txt')
      assert.ok(api.algorithms.includes('crc64nvme'))
      assert.equal(api.hashSync('123456789', 'crc64nvme'), check)
      assert.equal(await api.hash('123456789', 'crc64nvme'), check)
      assert.equal(api.createHasher('crc64nvme').update('1234').update('56789').digest(), check)
      assert.equal(await api.hashStream(['12', '3456', '789'], 'crc64nvme'), check)
      assert.equal(await api.hashFile(file, 'crc64nvme'), check)
      assert.equal(api.hashFileSync(file, 'crc64nvme'), check)
      assert.deepEqual(await api.hashFiles([file], 'crc64nvme'), [{ path: file, size: 9, digest: check }])
      assert.equal(api.hashSync('123456789', { algorithm: 'crc64nvme', encoding: 'bigint' }), 0xae8b14860a799888n)
      assert.equal(api.hashSync('123456789', { algorithm: 'crc64nvme', encoding: 'base64' }), Buffer.from(check, 'hex').toString('base64'))
      assert.equal(api.hashSync('', 'crc64nvme'), '0000000000000000')
      const tree = await api.hashDirectory(dir, 'crc64nvme')
      assert.equal(tree.manifest, `${check}  check.txt\n`)
      assert.equal(tree.digest, api.hashSync(tree.manifest, 'crc64nvme'))
      assert.equal(api.backend.inlineMaxBytes.crc64nvme > 0, true)
    })

    it(`${kind}: the CLI's -a crc64nvme`, () => {
      const run = spawnSync(process.execPath, [CLI, '--backend', kind, '-a', 'crc64nvme', 'check.txt'], { cwd: dir, encoding: 'utf8' })
      assert.equal(run.status, 0, run.stderr)
      assert.equal(run.stdout, 'ae8b14860a799888  check.txt\n')
    })
  }
})

describe('the CRCs against @aws-sdk/crc64-nvme', () => {
  for (const length of LENGTHS.filter((n) => n <= 16 * MiB)) {
    it(`${length} bytes`, async () => {
      const bytes = randomBytes(length, length + 1)
      const expected = await awsSdkCrc64(bytes)
      for (const [kind, api] of each()) {
        assert.equal(await api.hash(bytes, 'crc64nvme'), expected, `${kind} hash`)
        assert.equal(streamed(api, 'crc64nvme', bytes, length), expected, `${kind} streamed`)
      }
    })
  }
})

describe('the CRCs against Python zlib, google-crc32c and awscrt', { skip: pythonSkip }, () => {
  let dir
  let files
  let reference
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-crcs-'))
    files = LENGTHS.map((length) => {
      const file = path.join(dir, `${length}.bin`)
      fs.writeFileSync(file, randomBytes(length, 7 * length + 3))
      return file
    })
    reference = pythonChecksums(files)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('the Python implementations agree with each other', () => {
    for (const sums of reference) {
      for (const algorithm of CRCS) assert.equal(new Set(Object.values(sums[algorithm])).size, 1, JSON.stringify(sums))
    }
  })

  for (const [kind, api] of each()) {
    it(`${kind}: hash(), a Hasher in random pieces, hashFile() and hashFileSync()`, async () => {
      for (const [i, file] of files.entries()) {
        const bytes = fs.readFileSync(file)
        for (const algorithm of CRCS) {
          const expected = Object.values(reference[i][algorithm])[0]
          const where = `${kind} ${algorithm} ${bytes.length} bytes`
          assert.equal(await api.hash(bytes, algorithm), expected, `${where} hash`)
          assert.equal(streamed(api, algorithm, bytes, i), expected, `${where} streamed`)
          assert.equal(await api.hashFile(file, algorithm), expected, `${where} hashFile`)
          assert.equal(await api.hashFile(file, { algorithm, mmap: false }), expected, `${where} hashFile without mmap`)
          if (bytes.length <= 4 * MiB) assert.equal(api.hashFileSync(file, algorithm), expected, `${where} hashFileSync`)
        }
      }
    })
  }
})
