'use strict'
/**
 * Streaming hashers hold no memory past their use, on both backends (issue #10): a
 * synchronous loop of a million createHasher().update().copy().digest() / digest() calls,
 * which never lets the event loop turn (so no finalizer can run), grows RSS by less than
 * 64 MiB in a child process; a hasher's state is freed at digest(); and hashers dropped
 * without a digest are freed once the garbage collector has found them, while the native
 * backend reports what live hashers hold to V8 as external memory (its own tally of that,
 * `hasherMemory()`, is read here: Node shows no counter V8's external-memory hints go to).
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const cp = require('node:child_process')
const { each, INDEX } = require('./helpers/backends')

const MiB = 1024 * 1024

/** Runs `script` in a child with --expose-gc on `kind`'s backend; returns its JSON output. */
function child (kind, script) {
  const run = cp.spawnSync(process.execPath, ['--expose-gc', '-e', `const api = require(${JSON.stringify(INDEX)});${script}`], {
    env: { ...process.env, HASHMILL_BACKEND: kind },
    encoding: 'utf8',
    timeout: 120000
  })
  assert.equal(run.status, 0, `${kind}: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

for (const [kind] of each()) {
  describe(`${kind}: hasher memory`, () => {
    it('a million hashers and copies in a synchronous loop grow RSS by under 64 MiB', { timeout: 120000 }, (t) => {
      const { growth, peak, digests } = child(kind, `
        const data = Buffer.alloc(100, 7)
        const algorithms = ['blake3', 'xxh3', 'sha256', 'crc32']
        const rss0 = process.memoryUsage().rss
        let peak = 0
        const digests = new Set()
        for (let i = 0; i < 1000000; i++) {
          const h = api.createHasher(algorithms[i & 3]).update(data)
          const copy = h.copy().update('more').digest()
          const digest = h.digest()
          if (i < 8) digests.add(copy + digest)
          if ((i & 4095) === 0) peak = Math.max(peak, process.memoryUsage().rss - rss0)
        }
        process.stdout.write(JSON.stringify({ growth: process.memoryUsage().rss - rss0, peak, digests: digests.size }))`)
      t.diagnostic(`RSS growth ${(growth / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB`)
      assert.equal(digests, 4, 'the loop hashed for real')
      assert.ok(peak < 64 * MiB, `RSS grew by ${(peak / MiB).toFixed(1)} MiB`)
    })

    it('a hasher is freed at digest(), and one dropped without a digest once it is collected', { timeout: 60000 }, () => {
      const report = child(kind, `
        const { INTERNALS } = require(${JSON.stringify(require.resolve('../lib/internals'))})
        const backend = api[INTERNALS].backend
        const held = () => backend.hasherMemory()
        const turn = () => new Promise((resolve) => setImmediate(resolve))
        // Collects and lets the registry's cleanup run, until nothing more is freed (at most
        // 100 turns: the cleanup needs a collection and a turn of the event loop, not time).
        async function settle (base = 0) {
          for (let i = 0; i < 100 && (i < 3 || held() > base); i++) { gc(); await turn() }
        }
        ;(async () => {
          await api.ready()
          await settle()
          const base = held()
          // Live hashers are counted (and reported to V8, on the native backend) while they live.
          let live = Array.from({ length: 20000 }, () => api.createHasher('blake3').update('x'))
          const whileLive = held() - base
          // Dropped without a digest: the registry frees them after a collection.
          live = null
          await settle(base)
          const afterDrop = held() - base
          // Digested hashers are freed at once, with no collection at all.
          const before = held()
          for (let i = 0; i < 20000; i++) api.createHasher('blake3').update('x').digest()
          const afterDigests = held() - before
          process.stdout.write(JSON.stringify({ whileLive, afterDrop, afterDigests, live: live === null }))
        })()`)
      assert.ok(report.whileLive >= 20000 * 1000, `20,000 live BLAKE3 hashers hold only ${report.whileLive} bytes?`)
      assert.equal(report.afterDrop, 0, 'hashers dropped without a digest are freed once collected')
      assert.equal(report.afterDigests, 0, 'digested hashers are freed at digest()')
    })
  })
}
