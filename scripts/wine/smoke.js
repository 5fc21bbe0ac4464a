'use strict'
/**
 * The win32 smoke test's checks, for scripts/test-win32.js, which runs this file in the
 * Windows node.exe under Wine (`node.exe scripts/wine/smoke.js <file>`, from the repository
 * root, HASHMILL_BACKEND=native) and also calls `results()` itself with the Linux build.
 *
 * Under Wine it asserts that every digest node:crypto also computes (SHA-2, SHA-1, MD5)
 * agrees, sync and async, on inputs from empty to 3 MiB, and that BLAKE3 agrees across
 * hashSync, hash() (every pool thread from 128 KiB on) and a streaming hasher; then it
 * prints one JSON line: { node, platform, backend, results }. The parent checks the backend
 * and that `results` (every algorithm's digest of a fixed input, hashFile and
 * hashDirectory('lib')) equals what the Linux build computes for the same input and files.
 */
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..')
const CRYPTO_ALGORITHMS = ['sha256', 'sha384', 'sha512', 'sha1', 'md5']

/** 1 MiB + 3 bytes that are the same everywhere (byte i is the top byte of i * 2654435761). */
function fixedInput () {
  const input = Buffer.alloc((1 << 20) + 3)
  for (let i = 0; i < input.length; i++) input[i] = Math.imul(i, 2654435761) >>> 24
  return input
}

/**
 * What must not depend on the OS, computed with `hashmill`: every algorithm's digest of
 * fixedInput() (hash() and hashSync() must agree), `file` through hashFile (BLAKE3, SHA-256)
 * and hashFileSync (XXH3), and hashDirectory('lib') relative to the repository root.
 * `file` is relative to the repository root, with `/` separators.
 */
async function results (hashmill, file) {
  const input = fixedInput()
  const digests = {}
  for (const algorithm of hashmill.algorithms) {
    digests[algorithm] = hashmill.hashSync(input, algorithm)
    assert.equal(await hashmill.hash(input, algorithm), digests[algorithm], `${algorithm}: hash() and hashSync() differ`)
  }
  const absolute = path.join(ROOT, file)
  const directory = await hashmill.hashDirectory(path.join(ROOT, 'lib'))
  return {
    digests,
    file: {
      path: file,
      blake3: await hashmill.hashFile(absolute),
      sha256: await hashmill.hashFile(absolute, 'sha256'),
      xxh3: hashmill.hashFileSync(absolute, 'xxh3')
    },
    directory: { digest: directory.digest, manifest: directory.manifest }
  }
}

/** The checks against node:crypto and between hashmill's own entry points. */
async function checkAgreement (hashmill) {
  const inputs = [Buffer.alloc(0), Buffer.from('abc'), crypto.randomBytes(100003), crypto.randomBytes(3 << 20)]
  for (const input of inputs) {
    for (const algorithm of CRYPTO_ALGORITHMS) {
      const expected = crypto.createHash(algorithm).update(input).digest('hex')
      assert.equal(hashmill.hashSync(input, algorithm), expected, `${algorithm} of ${input.length} bytes`)
      assert.equal(await hashmill.hash(input, algorithm), expected, `${algorithm} async of ${input.length} bytes`)
    }
    const blake3 = hashmill.hashSync(input)
    assert.equal(await hashmill.hash(input), blake3, `blake3 async of ${input.length} bytes`)
    assert.equal(hashmill.createHasher().update(input).digest(), blake3, `blake3 streaming of ${input.length} bytes`)
  }
}

module.exports = { results }

if (require.main === module) {
  const hashmill = require(ROOT)
  const [file] = process.argv.slice(2)
  ;(async () => {
    await checkAgreement(hashmill)
    const { kind, target, threads, cpuFeatures } = hashmill.backend
    console.log(JSON.stringify({
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      backend: { kind, target, threads, cpuFeatures },
      results: await results(hashmill, file)
    }))
  })().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
