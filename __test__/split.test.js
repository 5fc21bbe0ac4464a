'use strict'
/**
 * The wasm backend splits one large BLAKE3 input across workers (subtrees merged with
 * blake3's hazmat API). Whatever the split, the digest must equal plain hashing.
 */
const { it } = require('node:test')
const assert = require('node:assert/strict')
const { backends, loadWith, randomBytes } = require('./helpers/backends')

const MiB = 1 << 20
const SIZES = [4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 9 * MiB + 1023, 33 * MiB + 7]
const MODES = [{}, { key: Buffer.alloc(32, 9) }, { context: 'hashmill split test' }, { outputLength: 131 }, { outputLength: 7, encoding: 'bigint' }]

for (const threads of ['2', '3']) {
  it(`wasm hash() with ${threads} workers equals native hashing at split sizes and in every mode`, async () => {
    const wasm = loadWith({ HASHMILL_BACKEND: 'wasm', HASHMILL_THREADS: threads })
    for (const size of SIZES) {
      const data = randomBytes(size, size)
      for (const options of MODES) {
        assert.equal(await wasm.hash(data, options), backends.native.hashSync(data, options), `size ${size} ${JSON.stringify(options)}`)
      }
    }
    const shared = new Uint8Array(new SharedArrayBuffer(5 * MiB + 3))
    shared.set(randomBytes(shared.length, 5))
    assert.equal(await wasm.hash(shared), backends.native.hashSync(shared))
  })
}
