'use strict'
/**
 * Load (issue #6) on both backends: 100,000 concurrent hash() calls (most inline, 2,000
 * above every inline threshold so they really queue for the pool) and 1,000 concurrent
 * hashFile() calls complete with correct results in bounded memory (pending work is a
 * queue of views, not one shared-memory copy per call: peak RSS growth is asserted); and
 * 1,000,000 hashSync() calls leave RSS flat (a child with --expose-gc samples RSS after
 * gc(); the growth over the second half must be tiny).
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const cp = require('node:child_process')
const { each, randomBytes, INDEX } = require('./helpers/backends')

const KiB = 1024
const MiB = 1024 * KiB
/** Above every algorithm's inline threshold on both backends (the largest is ~480 KiB). */
const POOL_BYTES = 520 * KiB
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex')
const fdCount = () => fs.readdirSync('/proc/self/fd').length

/** Samples RSS and external memory every few ms; stop() returns the peaks. */
function sampleMemory () {
  const peak = { rss: 0, external: 0 }
  const take = () => {
    const m = process.memoryUsage()
    peak.rss = Math.max(peak.rss, m.rss)
    peak.external = Math.max(peak.external, m.external + m.arrayBuffers)
  }
  take()
  const timer = setInterval(take, 5)
  return () => { clearInterval(timer); take(); return peak }
}

const mib = (n) => `${(n / MiB).toFixed(0)} MiB`

let dir
let source
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-load-'))
  source = randomBytes(8 * MiB, 5150)
})
after(() => fs.rmSync(dir, { recursive: true, force: true }))

for (const [kind, api] of each()) {
  describe(`load (${kind})`, () => {
    it('100,000 concurrent hash() calls (2,000 above the inline threshold): correct, in bounded memory', { timeout: 120000 }, async (t) => {
      global.gc && global.gc()
      const before = process.memoryUsage()
      const stop = sampleMemory()
      const started = performance.now()
      const calls = []
      const big = []
      for (let i = 0; i < 100000; i++) {
        if (i % 50 === 0) {
          const offset = (i * 4099) % (source.length - POOL_BYTES)
          big.push([calls.length, offset])
          calls.push(api.hash(source.subarray(offset, offset + POOL_BYTES), 'sha256'))
        } else {
          calls.push(api.hash(source.subarray(i % 4096, i % 4096 + 16 + (i % 97)), 'xxh3'))
        }
      }
      const digests = await Promise.all(calls)
      const peak = stop()
      const took = performance.now() - started
      for (const [index, offset] of big) assert.equal(digests[index], sha256(source.subarray(offset, offset + POOL_BYTES)), `call ${index}`)
      for (let i = 1; i < 100000; i += 997) {
        if (i % 50) assert.equal(digests[i], api.hashSync(source.subarray(i % 4096, i % 4096 + 16 + (i % 97)), 'xxh3'), `call ${i}`)
      }
      const growth = peak.rss - before.rss
      t.diagnostic(`${Math.round(took)} ms; peak RSS +${mib(growth)} (${mib(peak.rss)}), peak external+arrayBuffers ${mib(peak.external)}`)
      // 2,000 pending 520 KiB inputs copied up front would be >= 1 GiB of slabs (1 MiB each).
      assert.ok(growth < 384 * MiB, `RSS grew by ${mib(growth)}`)
      assert.ok(peak.external - (before.external + before.arrayBuffers) < 256 * MiB, `external memory peaked at ${mib(peak.external)}`)
    })

    it('1,000 concurrent hashFile() calls: correct, few files open at once', { timeout: 120000 }, async (t) => {
      const files = Array.from({ length: 1000 }, (_, i) => {
        const file = path.join(dir, `${kind}-${i}.bin`)
        fs.writeFileSync(file, source.subarray(i * 997, i * 997 + 1 + (i * 131) % (64 * KiB)))
        return file
      })
      const baseline = fdCount()
      let maxFds = baseline
      const timer = setInterval(() => { maxFds = Math.max(maxFds, fdCount()) }, 2)
      const stop = sampleMemory()
      const started = performance.now()
      const digests = await Promise.all(files.map((file, i) => api.hashFile(file, { algorithm: 'sha256', mmap: i % 2 === 0 })))
      clearInterval(timer)
      const peak = stop()
      files.forEach((file, i) => assert.equal(digests[i], sha256(fs.readFileSync(file)), file))
      t.diagnostic(`${Math.round(performance.now() - started)} ms; at most ${maxFds - baseline} extra fds; peak RSS ${mib(peak.rss)}`)
      assert.ok(maxFds - baseline <= 4 * api.backend.threads + 8, `${maxFds - baseline} files open at once`)
    })

    it('1,000,000 hashSync() calls leave RSS flat (child process, --expose-gc)', { timeout: 120000 }, (t) => {
      const script = `
        const api = require(${JSON.stringify(INDEX)})
        const inputs = Array.from({ length: 64 }, (_, i) => Buffer.alloc(16 + i, i))
        const algorithms = ['xxh3', 'crc32', 'sha256', 'blake3']
        const samples = []
        for (let i = 0; i < 1000000; i++) {
          const o = i % 1000 === 7 ? { algorithm: 'blake3', outputLength: 40, encoding: 'buffer' } : algorithms[i & 3]
          api.hashSync(i % 3 ? inputs[i & 63] : 'str' + (i & 255), o)
          if (i % 50000 === 49999) { gc(); samples.push(process.memoryUsage().rss) }
        }
        process.stdout.write(JSON.stringify(samples))`
      const started = performance.now()
      const child = cp.spawnSync(process.execPath, ['--expose-gc', '-e', script], { env: { ...process.env, HASHMILL_BACKEND: kind }, encoding: 'utf8', timeout: 110000 })
      assert.equal(child.status, 0, child.stderr)
      const samples = JSON.parse(child.stdout)
      const half = samples.slice(samples.length / 2)
      const growth = half[half.length - 1] - half[0]
      const slope = growth / 500000
      t.diagnostic(`${Math.round(performance.now() - started)} ms; RSS ${mib(samples[0])} → ${mib(samples[samples.length - 1])}; second half ${growth >= 0 ? '+' : ''}${(growth / KiB).toFixed(0)} KiB (${slope.toFixed(3)} bytes/call)`)
      assert.ok(growth < 4 * MiB, `RSS grew ${mib(growth)} over the last 500,000 calls`)
    })
  })
}
