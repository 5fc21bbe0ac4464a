'use strict'
/**
 * hasher.save() and restoreHasher(): a state saved at any point continues exactly where it
 * stopped, for every algorithm and mode, on the same backend, on the other one, in another
 * process, and from states an earlier build wrote (vectors/hasher-states.json). Truncated,
 * corrupted and foreign states are ERR_HASHMILL_INVALID_STATE, never a wrong digest.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { backends, each, randomBytes, INDEX } = require('./helpers/backends')
const { SPECS, INPUT, label } = require('./helpers/state-specs')

const VECTORS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'hasher-states.json'), 'utf8'))

/** Deterministic cut points in 0..length. */
function cutsOf (length, count, seed) {
  const noise = randomBytes(4 * count, seed)
  return [0, 1, 64, 1024, 1025, length, ...Array.from({ length: count }, (_, i) => noise.readUInt32LE(4 * i) % (length + 1))]
}

const isInvalidState = (error) => error instanceof TypeError && error.code === 'ERR_HASHMILL_INVALID_STATE'

describe('hasher state', () => {
  const input = INPUT.subarray(0, 300_000)

  for (const spec of SPECS) {
    it(`${label(spec)}: saved anywhere, restored on either backend, equals one-shot`, () => {
      const expected = backends.native.hashSync(input, spec)
      for (const [from, saver] of each()) {
        for (const cut of cutsOf(input.length, 6, from.length + spec.algorithm.length)) {
          const state = saver.createHasher(spec).update(input.subarray(0, cut)).save()
          assert.ok(state instanceof Uint8Array)
          for (const [to, restorer] of each()) {
            const restored = restorer.restoreHasher(state)
            assert.equal(restored.algorithm, spec.algorithm)
            assert.equal(restored.outputLength, spec.outputLength || restored.outputLength)
            assert.equal(restored.update(input.subarray(cut)).digest(), expected, `${from} -> ${to} at ${cut}`)
          }
        }
      }
    })
  }

  it('restored hashers copy, reset and save again; save() after digest() is refused', () => {
    for (const [, api] of each()) {
      const spec = { algorithm: 'blake3', key: Buffer.alloc(32, 7) }
      const restored = api.restoreHasher(api.createHasher(spec).update('hello ').save())
      const copy = restored.copy()
      const again = api.restoreHasher(restored.save())
      assert.equal(copy.update('world').digest(), api.hashSync('hello world', spec))
      assert.equal(again.update('world').digest('base64'), api.hashSync('hello world', { ...spec, encoding: 'base64' }))
      restored.reset().update('x')
      assert.equal(restored.digest(), api.hashSync('x', spec))
      assert.throws(() => restored.save(), { code: 'ERR_HASHMILL_HASHER_FINALIZED' })
      const seeded = api.restoreHasher(api.createHasher({ algorithm: 'xxh64', seed: 5n, encoding: 'bigint' }).save())
      assert.equal(typeof seeded.digest(), 'string', 'the encoding option is not part of the state: hex by default')
    }
  })

  it('continues in another process, on each backend', () => {
    const cut = 123_457
    const states = SPECS.map((spec) => Buffer.from(backends.native.createHasher(spec).update(input.subarray(0, cut)).save()).toString('base64'))
    const script = `
      const hashmill = require(${JSON.stringify(INDEX)})
      const { states, rest } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'))
      const tail = Buffer.from(rest, 'base64')
      console.log(JSON.stringify(states.map((s) => hashmill.restoreHasher(Buffer.from(s, 'base64')).update(tail).digest())))`
    for (const kind of ['native', 'wasm']) {
      const child = spawnSync(process.execPath, ['-e', script], {
        input: JSON.stringify({ states, rest: input.subarray(cut).toString('base64') }),
        env: { ...process.env, HASHMILL_BACKEND: kind },
        encoding: 'utf8',
        maxBuffer: 16 << 20
      })
      assert.equal(child.status, 0, child.stderr)
      assert.deepEqual(JSON.parse(child.stdout), SPECS.map((spec) => backends.native.hashSync(input, spec)), kind)
    }
  })

  it('states an earlier build saved (vectors/hasher-states.json) still continue', () => {
    assert.equal(VECTORS.vectors.length, SPECS.length)
    for (const [kind, api] of each()) {
      for (const vector of VECTORS.vectors) {
        const restored = api.restoreHasher(Buffer.from(vector.state, 'base64'))
        assert.equal(restored.update(INPUT.subarray(vector.cut)).digest(), vector.digest, `${kind} ${vector.spec} at ${vector.cut}`)
      }
    }
  })

  it('1,000 truncated, corrupted and foreign states are all refused, on both backends', () => {
    const states = SPECS.map((spec, i) => backends.native.createHasher(spec).update(input.subarray(0, 1000 * i + 7)).save())
    const noise = randomBytes(8000, 77)
    let refused = 0
    for (let i = 0; i < 1000; i++) {
      const original = states[i % states.length]
      const pick = noise.readUInt32LE((4 * i) % 7996)
      let bad
      switch (i % 5) {
        case 0: bad = original.subarray(0, pick % original.length); break // truncated
        case 1: bad = Buffer.from(original); bad[pick % bad.length] ^= 1 << (i % 8); break // one bit
        case 2: bad = Buffer.from(original); bad[pick % bad.length] = (bad[pick % bad.length] + 1 + (i % 255)) & 0xff; break // one byte
        case 3: bad = Buffer.concat([original, noise.subarray(0, 1 + (pick % 40))]); break // trailing bytes
        default: bad = noise.subarray(pick % 4000, pick % 4000 + 20 + (i % 300)) // foreign bytes
      }
      for (const [kind, api] of each()) {
        assert.throws(() => api.restoreHasher(bad), isInvalidState, `${kind} case ${i}`)
      }
      refused++
    }
    assert.equal(refused, 1000)
  })

  it('coded errors for what is not a state at all', () => {
    for (const [, api] of each()) {
      assert.throws(() => api.restoreHasher('aG1zdA=='), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' })
      assert.throws(() => api.restoreHasher(42), { code: 'ERR_INVALID_ARG_TYPE' })
      assert.throws(() => api.restoreHasher(), { code: 'ERR_INVALID_ARG_TYPE' })
      assert.throws(() => api.restoreHasher(new Uint8Array(0)), isInvalidState)
      const newer = Buffer.from(api.createHasher('md5').save())
      newer[4] = 99
      assert.throws(() => api.restoreHasher(newer), (error) => isInvalidState(error) && /version 99/.test(error.message))
      assert.throws(() => api.restoreHasher(new TextEncoder().encode('PK\x03\x04')), /not a hashmill hasher state/)
    }
  })
})
