'use strict'
/**
 * combine(): the CRC of a concatenation from its parts' CRCs and lengths. Every split of
 * small inputs, random part lists with empty parts, lengths past 2^32, every digest form,
 * the same answers on both backends, and a coded error for everything else.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const { backends, each, randomBytes } = require('./helpers/backends')

const CRCS = ['crc32', 'crc32c', 'crc64nvme']

/** Deterministic cut points: `count` sorted offsets in 0..length, repeats (empty parts) included. */
function cuts (length, count, seed) {
  const noise = randomBytes(4 * count, seed)
  const points = Array.from({ length: count }, (_, i) => noise.readUInt32LE(4 * i) % (length + 1))
  if (count > 2) points[1] = points[0] // an empty part, always
  return [0, ...points.sort((a, b) => a - b), length]
}

function parts (api, algorithm, bytes, points, encoding = 'buffer') {
  const list = []
  for (let i = 1; i < points.length; i++) {
    const piece = bytes.subarray(points[i - 1], points[i])
    list.push({ digest: api.hashSync(piece, { algorithm, encoding }), length: piece.length })
  }
  return list
}

describe('combine()', () => {
  for (const [kind, api] of each()) {
    for (const algorithm of CRCS) {
      it(`${kind} ${algorithm}: every split of inputs up to 300 bytes`, () => {
        const bytes = randomBytes(300, 5)
        for (let length = 0; length <= 300; length += length < 70 ? 1 : 23) {
          const input = bytes.subarray(0, length)
          const whole = api.hashSync(input, algorithm)
          for (let split = 0; split <= length; split++) {
            const list = parts(api, algorithm, input, [0, split, length])
            assert.equal(api.combine(algorithm, list), whole, `${length} split at ${split}`)
          }
        }
      })

      it(`${kind} ${algorithm}: random part lists, with empty parts, in every digest form`, () => {
        const bytes = randomBytes(3 << 20, 9)
        for (let round = 0; round < 40; round++) {
          const length = round === 0 ? 0 : (round * 104729) % bytes.length
          const input = bytes.subarray(0, length)
          const points = cuts(length, 1 + (round % 25), round)
          const whole = api.hashSync(input, { algorithm, encoding: 'buffer' })
          const encoding = ['buffer', 'hex', 'bigint'][round % 3]
          const combined = api.combine(algorithm, parts(api, algorithm, input, points, encoding), 'buffer')
          assert.deepEqual(combined, whole, `round ${round}: ${points.join(',')}`)
        }
        assert.equal(api.combine(algorithm, []), api.hashSync('', algorithm))
        assert.equal(api.combine(algorithm, [{ digest: api.hashSync('', algorithm), length: 0 }]), api.hashSync('', algorithm))
      })
    }

    it(`${kind}: digests as numbers for the 32-bit CRCs, views, bigint lengths, encodings`, () => {
      const a = Buffer.from('1234')
      const b = Buffer.from('56789')
      const number = api.hashSync(b, { algorithm: 'crc32', encoding: 'bigint' })
      const view = new Uint8Array(api.hashSync(a, { algorithm: 'crc32', encoding: 'buffer' }))
      assert.equal(api.combine('crc32', [{ digest: view, length: 4n }, { digest: Number(number), length: 5 }]), 'cbf43926')
      assert.equal(api.combine('crc32', [{ digest: 'CBF43926', length: 9 }], { encoding: 'bigint' }), 0xcbf43926n)
      assert.equal(api.combine('CRC64NVME', [{ digest: 'ae8b14860a799888', length: 9 }], 'base64'), 'rosUhgp5mIg=')
    })
  }

  it('parts longer than 2^32 bytes: combine agrees with streaming on native, and wasm agrees', () => {
    const api = backends.native
    const head = randomBytes(1000, 3)
    const zeros = Buffer.alloc(64 << 20)
    const zeroLength = 2 ** 32 + 5
    for (const algorithm of CRCS) {
      const whole = api.createHasher(algorithm).update(head)
      const tail = api.createHasher(algorithm)
      for (let done = 0; done < zeroLength; done += zeros.length) {
        const piece = zeros.subarray(0, Math.min(zeros.length, zeroLength - done))
        whole.update(piece)
        tail.update(piece)
      }
      const list = [{ digest: api.hashSync(head, algorithm), length: head.length }, { digest: tail.digest(), length: zeroLength }]
      const expected = whole.digest()
      assert.equal(api.combine(algorithm, list), expected, algorithm)
      assert.equal(backends.wasm.combine(algorithm, list), expected, `${algorithm} wasm`)
      assert.equal(api.combine(algorithm, [list[0], { ...list[1], length: BigInt(zeroLength) }]), expected)
    }
  })

  for (const [kind, api] of each()) {
    it(`${kind}: coded errors`, () => {
      const ok = { digest: 'cbf43926', length: 9 }
      const cases = [
        [() => api.combine('sha256', [ok]), 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', TypeError],
        [() => api.combine('blake3', []), 'ERR_HASHMILL_OPTION_NOT_SUPPORTED', TypeError],
        [() => api.combine('crc33', [ok]), 'ERR_HASHMILL_UNKNOWN_ALGORITHM', TypeError],
        [() => api.combine(32, [ok]), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.combine('crc32', ok), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.combine('crc32', [null]), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.combine('crc32', [{ digest: 'cbf439', length: 9 }]), 'ERR_INVALID_ARG_VALUE', TypeError],
        [() => api.combine('crc32', [{ digest: 'cbf4392g', length: 9 }]), 'ERR_INVALID_ARG_VALUE', TypeError],
        [() => api.combine('crc32', [{ digest: Buffer.alloc(8), length: 9 }]), 'ERR_INVALID_ARG_VALUE', TypeError],
        [() => api.combine('crc32', [{ digest: 2n ** 32n, length: 9 }]), 'ERR_OUT_OF_RANGE', RangeError],
        [() => api.combine('crc32', [{ digest: -1, length: 9 }]), 'ERR_OUT_OF_RANGE', RangeError],
        [() => api.combine('crc64nvme', [{ digest: 5, length: 9 }]), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.combine('crc32', [{ digest: {}, length: 9 }]), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.combine('crc32', [{ digest: 'cbf43926' }]), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.combine('crc32', [{ digest: 'cbf43926', length: -1 }]), 'ERR_OUT_OF_RANGE', RangeError],
        [() => api.combine('crc32', [{ digest: 'cbf43926', length: 1.5 }]), 'ERR_OUT_OF_RANGE', RangeError],
        [() => api.combine('crc32', [{ digest: 'cbf43926', length: 2n ** 64n }]), 'ERR_OUT_OF_RANGE', RangeError],
        [() => api.combine('crc32', [ok], { encoding: 'utf8' }), 'ERR_INVALID_ARG_VALUE', TypeError],
        [() => api.combine('crc32', [ok], { signal: AbortSignal.abort() }), 'ERR_HASHMILL_UNKNOWN_OPTION', TypeError],
        [() => api.combine('crc32', [ok], 7), 'ERR_INVALID_ARG_TYPE', TypeError]
      ]
      for (const [call, code, type] of cases) {
        assert.throws(call, (error) => error instanceof type && error.code === code, `${call}`)
      }
      assert.throws(() => api.combine('crc32', [ok, { digest: 'x', length: 1 }]), /"parts\[1\]\.digest"/)
    })
  }
})
