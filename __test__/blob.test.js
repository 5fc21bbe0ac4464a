'use strict'
/**
 * `hashBlob()` in Node, on both backends: the digest of a Blob (in memory, or a file's
 * through `fs.openAsBlob`) equals `hashSync()` of its bytes for every algorithm and mode,
 * at the sizes where the read chunks change; `onProgress` reports `{ bytesDone, bytesTotal }`
 * at most ~10 times a second and once at the end; an abort rejects with AbortError. The
 * browser build's own path (workers reading the Blob) is tested in browsers.test.js.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { each, randomBytes } = require('./helpers/backends')

const MiB = 1 << 20
/** Around the 8 MiB chunks the calling thread reads, and the wasm sessions' 16 MiB pieces. */
const SIZES = [0, 1, 1000, MiB + 7, 8 * MiB - 1, 8 * MiB, 8 * MiB + 1, 17 * MiB + 3]
const OPTIONS = [
  'blake3', 'sha256', 'sha512', 'md5', 'xxh3-128', 'crc32c',
  { algorithm: 'blake3', key: randomBytes(32, 9), encoding: 'base64' },
  { algorithm: 'blake3', context: 'hashmill hashBlob tests', outputLength: 100, encoding: 'buffer' },
  { algorithm: 'xxh64', seed: 2n ** 64n - 1n, encoding: 'bigint' }
]

let dir
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-blob-')) })
after(() => fs.rmSync(dir, { recursive: true, force: true }))

for (const [kind, api] of each()) {
  describe(`hashBlob (${kind})`, () => {
    it('equals hashSync of the same bytes for every algorithm and mode, in memory and from a file', async () => {
      const source = randomBytes(Math.max(...SIZES), 4)
      for (const size of SIZES) {
        const bytes = source.subarray(0, size)
        const file = path.join(dir, `${kind}-${size}.bin`)
        fs.writeFileSync(file, bytes)
        const fromFile = await fs.openAsBlob(file)
        for (const options of OPTIONS) {
          const where = `size=${size} ${JSON.stringify(options, (k, v) => typeof v === 'bigint' ? `${v}n` : v)}`
          const expected = api.hashSync(bytes, options)
          assert.deepEqual(await api.hashBlob(new Blob([bytes]), options), expected, `Blob ${where}`)
          assert.deepEqual(await api.hashBlob(fromFile, options), expected, `fs.openAsBlob ${where}`)
        }
      }
    })

    it('reports progress at most every ~100 ms, never backwards, and once at the end with all of it', async () => {
      const size = 40 * MiB + 5
      const reports = []
      const digest = await api.hashBlob(new Blob([randomBytes(size, 6)]), {
        algorithm: 'sha256',
        onProgress: (progress) => reports.push({ ...progress, at: performance.now() })
      })
      assert.equal(digest, api.hashSync(randomBytes(size, 6), 'sha256'))
      assert.ok(reports.length >= 1)
      assert.deepEqual(Object.keys(reports[0]).sort(), ['at', 'bytesDone', 'bytesTotal'])
      const last = reports[reports.length - 1]
      assert.equal(last.bytesDone, size)
      for (const [i, report] of reports.entries()) {
        assert.equal(report.bytesTotal, size)
        if (i === 0) continue
        assert.ok(report.bytesDone > reports[i - 1].bytesDone, 'progress moved backwards or repeated')
        // The throttle waits out the interval by a timer; it counts in whole milliseconds of
        // Date.now() and the timer in those of the event loop's clock, so allow a few.
        if (report !== last) assert.ok(report.at - reports[i - 1].at >= 95, `reports ${i - 1} and ${i} were ${report.at - reports[i - 1].at} ms apart`)
      }
    })

    it('rejects with AbortError when aborted from its first progress report, and at once when already aborted', async () => {
      const controller = new AbortController()
      let reports = 0
      const blob = new Blob([randomBytes(3 * 8 * MiB, 8)])
      const error = await api.hashBlob(blob, {
        signal: controller.signal,
        onProgress: () => { reports++; controller.abort(new Error('stop')) }
      }).then(() => null, (e) => e)
      assert.equal(error && error.name, 'AbortError')
      assert.equal(error.code, 'ABORT_ERR')
      assert.equal(error.cause.message, 'stop')
      assert.equal(reports, 1)
      const already = await api.hashBlob(blob, { signal: AbortSignal.abort() }).then(() => null, (e) => e)
      assert.equal(already && already.code, 'ABORT_ERR')
      assert.equal(await api.hashBlob(new Blob(['after']), 'xxh3'), api.hashSync('after', 'xxh3'))
    })
  })
}
