'use strict'
/**
 * The installed package's smoke test: run from a project that did `npm install hashmill`
 * (scripts/test-install.js copies it there). Checks known digests and node:crypto through
 * every kind of entry point, then prints one JSON line: Node version, backend, digests.
 * Exits 1 on any mismatch. Needs nothing but the installed package and Node.
 */
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const hashmill = require('hashmill')

/** Published digests of "abc" and of the empty input (BLAKE3 and xxHash reference values). */
const KNOWN = {
  blake3Abc: '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85',
  blake3Empty: 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
  xxh3Empty: '2d06800538d394c2',
  crc32Abc: '352441c2'
}

async function main () {
  const input = Buffer.alloc(3 * 1024 * 1024 + 17)
  for (let i = 0; i < input.length; i++) input[i] = (i * 2654435761) >>> 24
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-smoke-')), 'input.bin')
  fs.writeFileSync(file, input)
  try {
    assert.equal(hashmill.hashSync('abc'), KNOWN.blake3Abc)
    assert.equal(await hashmill.hash(''), KNOWN.blake3Empty)
    assert.equal(hashmill.hashSync('', 'xxh3'), KNOWN.xxh3Empty)
    assert.equal(hashmill.hashSync('abc', 'crc32'), KNOWN.crc32Abc)
    const sha256 = crypto.createHash('sha256').update(input).digest('hex')
    assert.equal(await hashmill.hash(input, 'sha256'), sha256)
    assert.equal(await hashmill.hashFile(file, 'sha256'), sha256)
    const blake3 = await hashmill.hash(input)
    assert.equal(await hashmill.hashFile(file), blake3)
    const hasher = hashmill.createHasher('blake3')
    for (let at = 0; at < input.length; at += 65536) hasher.update(input.subarray(at, at + 65536))
    assert.equal(hasher.digest('hex'), blake3)
    console.log(JSON.stringify({
      node: process.version,
      kind: hashmill.backend.kind,
      target: hashmill.backend.target,
      digests: { blake3, sha256, xxh3: hashmill.hashSync(input, 'xxh3'), file: path.basename(file) }
    }))
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
