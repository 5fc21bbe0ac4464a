'use strict'
/**
 * The browser build in real browsers (`npm run test:browsers`; part of `npm test`):
 * Debian's Chromium and Firefox ESR, each loading the test page (browser/page.mjs) from a
 * loopback server in three modes: plain (not cross-origin isolated: input goes to the
 * workers as moved copies), isolated (COOP/COEP: SharedArrayBuffers, as in Node) and under
 * the strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`, no inline
 * script). In each, every case of browser/cases.mjs must give what Node's hashmill gives
 * for the same generated inputs; then the page's own checks. Then the same page built by
 * Vite, webpack 5 and esbuild, in Chromium; and the demo page (examples/web/), used as a
 * person would: a file picked, its digests shown, the manifest, a screenshot in target/.
 *
 * A browser that is missing and cannot be installed (apt-get, as root) is skipped, with
 * one line saying why; everything else still runs.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const hashmill = require('..')
const { browserProblems, launchBrowser } = require('../scripts/lib/browsers')
const { startStaticServer } = require('../scripts/lib/static-server')
const { buildTestBundles, BUNDLERS } = require('../scripts/lib/test-bundles')
const { startDemo } = require('../scripts/demo')

const ROOT = path.join(__dirname, '..')
/** How long a page may take at most (a hang fails; this is not a speed bound). */
const PAGE_LIMIT_MS = 10 * 60 * 1000

const problems = browserProblems()
for (const [name, problem] of Object.entries(problems)) {
  if (problem) console.log(`# skipping the ${name} tests: ${problem}`)
}

/** Node's results for the cases, computed once per kind of run. */
const expected = {}
async function expectedResults (quick) {
  const key = quick ? 'quick' : 'full'
  if (!expected[key]) {
    const { runCases } = await import('./browser/cases.mjs')
    expected[key] = runCases(hashmill, { quick })
  }
  return expected[key]
}

/**
 * Loads `url` in `browser` and waits for the page's report.
 * @returns {Promise<{ report: any, errors: string[] }>}
 */
async function runPage (browser, url) {
  const page = await browser.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(String(error && error.message)))
  try {
    await page.goto(url)
    await page.waitForFunction(() => /** @type {any} */ (globalThis).__report !== undefined, { timeout: PAGE_LIMIT_MS, polling: 200 })
    const report = await page.evaluate(() => /** @type {any} */ (globalThis).__report)
    return { report, errors }
  } finally {
    await page.close()
  }
}

/** Every case's result equals Node's, and no case is missing or extra. */
function assertSameResults (actual, wanted) {
  const mismatches = []
  for (const [key, value] of Object.entries(wanted)) {
    if (actual[key] !== value) mismatches.push(`${key}: got ${String(actual[key]).slice(0, 80)}, Node gives ${value.slice(0, 80)}`)
  }
  for (const key of Object.keys(actual)) if (!(key in wanted)) mismatches.push(`${key}: not a case Node ran`)
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} of ${Object.keys(wanted).length} cases differ`)
}

/** The checks every page makes, wherever it was built. */
function assertPageBasics (run) {
  assert.equal(run.report.failed, undefined, run.report.failed)
  assert.deepEqual(run.errors, [])
  assert.deepEqual(run.report.violations, [])
  assert.deepEqual(run.report.checks.beforeReady, { hashSync: 'ERR_HASHMILL_NOT_READY', integritySync: 'ERR_HASHMILL_NOT_READY', createHasher: 'ERR_HASHMILL_NOT_READY' })
  assert.equal(run.report.checks.hashBeforeReady, hashmill.hashSync('abc'))
}

const PAGES = { plain: 'importmap.html', isolated: 'importmap.html', csp: 'path.html' }

for (const name of /** @type {const} */ (['chromium', 'firefox'])) {
  describe(name, { skip: problems[name] || false }, () => {
    /** @type {import('puppeteer-core').Browser} */
    let browser
    before(async () => { browser = await launchBrowser(name) })
    after(async () => { if (browser) await browser.close() })

    for (const [mode, file] of Object.entries(PAGES)) {
      describe(`${mode} page`, () => {
        let run
        before(async () => {
          const server = await startStaticServer({ root: ROOT, mode: /** @type {any} */ (mode) })
          try {
            run = await runPage(browser, `${server.url}__test__/browser/${file}`)
          } finally {
            await server.close()
          }
        })

        it('runs without errors or CSP violations; sync calls throw ERR_HASHMILL_NOT_READY before ready(), async ones wait for it', () => {
          assertPageBasics(run)
        })

        it('gives the bytes Node gives for every algorithm, mode, encoding and API, and Blobs from 0 B to 256 MiB', async () => {
          assertSameResults(run.report.results, await expectedResults(false))
        })

        it(`moves input to the workers ${mode === 'isolated' ? 'through SharedArrayBuffers' : 'as copies it owns'}, never the caller's buffer`, async () => {
          const { checks } = run.report
          const { bytesOf, MiB } = await import('./browser/cases.mjs')
          assert.equal(checks.crossOriginIsolated, mode === 'isolated')
          assert.equal(checks.sharedMemory, mode === 'isolated')
          assert.deepEqual(checks.callerBytes, { digest: hashmill.hashSync(bytesOf(8 * MiB + 1, 5), 'xxh64'), byteLength: 8 * MiB + 1 })
        })

        it('uses at most navigator.hardwareConcurrency workers', () => {
          const { checks } = run.report
          assert.equal(checks.threads, checks.hardwareConcurrency)
          assert.ok(checks.abort.workers <= checks.hardwareConcurrency)
        })

        it('an abort in the middle of hashBlob rejects with AbortError and leaves no worker busy', () => {
          const { abort } = run.report.checks
          assert.equal(abort.outcome, 'AbortError ABORT_ERR')
          assert.equal(abort.reports, 1, 'progress went on after the abort')
          assert.equal(abort.idle, true)
          assert.equal(abort.after, hashmill.hashSync('after an abort'))
        })

        if (mode === 'plain') {
          it('hashes a File of 4 GiB + 1 from disk, past the wasm memory and 2^32 offsets', async () => {
            const server = await startStaticServer({ root: ROOT, mode: 'plain' })
            const file = path.join(os.tmpdir(), `hashmill-4g-${process.pid}.bin`)
            // Sparse: the disk holds nothing, the page cache serves zeros.
            fs.writeFileSync(file, '')
            fs.truncateSync(file, 2 ** 32 + 1)
            try {
              const page = await browser.newPage()
              await page.goto(`${server.url}__test__/browser/file.html`)
              await /** @type {any} */ (await page.$('#file')).uploadFile(file)
              await page.waitForFunction(() => /** @type {any} */ (globalThis).__report !== undefined, { timeout: PAGE_LIMIT_MS, polling: 200 })
              const report = await page.evaluate(() => /** @type {any} */ (globalThis).__report)
              await page.close()
              assert.deepEqual(report, { size: 2 ** 32 + 1, blake3: await hashmill.hashFile(file), crc64nvme: await hashmill.hashFile(file, 'crc64nvme') })
            } finally {
              fs.rmSync(file, { force: true })
              await server.close()
            }
          })
        }

        it('keeps the page responsive: a 1 ms interval never waits a quarter of the time a 256 MiB Blob takes to hash', async () => {
          const { GAP_BOUND_SHARE } = await import('./browser/page.mjs')
          const { gaps } = run.report.checks
          const shown = gaps.map((g) => `${g.largestMs.toFixed(1)} of ${g.callMs.toFixed(0)} ms`).join(', ')
          assert.ok(gaps.some((g) => g.largestMs < GAP_BOUND_SHARE * g.callMs), `largest gaps of ${gaps.length} runs: ${shown}`)
        })
      })
    }
  })
}

describe('bundled by Vite, webpack 5 and esbuild (Chromium)', { skip: problems.chromium || false }, () => {
  let folders
  let browser
  before(async () => {
    folders = await buildTestBundles()
    browser = await launchBrowser('chromium')
  })
  after(async () => { if (browser) await browser.close() })

  for (const bundler of Object.keys(BUNDLERS)) {
    it(`a page built by ${bundler} gives the same digests`, async () => {
      const server = await startStaticServer({ root: folders[bundler] })
      let run
      try {
        run = await runPage(browser, `${server.url}index.html?quick`)
      } finally {
        await server.close()
      }
      assertPageBasics(run)
      assertSameResults(run.report.results, await expectedResults(true))
    })
  }
})

describe('the demo page (Chromium)', { skip: problems.chromium || false }, () => {
  it('hashes a picked file: the digests shown and the manifest are Node\'s; a screenshot is left in target/demo.png', async () => {
    const { bytesOf, MiB } = await import('./browser/cases.mjs')
    const bytes = bytesOf(3 * MiB + 5, 41)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-demo-'))
    const file = path.join(dir, 'generated file.bin')
    fs.writeFileSync(file, bytes)
    const server = await startDemo()
    let browser = null
    try {
      browser = await launchBrowser('chromium')
      const page = await browser.newPage()
      const errors = []
      page.on('pageerror', (error) => errors.push(String(error && error.message)))
      await page.setViewport({ width: 1280, height: 720 })
      await page.goto(server.url)
      await page.waitForSelector('body[data-ready]', { timeout: PAGE_LIMIT_MS })
      const input = /** @type {import('puppeteer-core').ElementHandle<HTMLInputElement>} */ (await page.$('#files'))
      await input.uploadFile(file)
      await page.waitForSelector('#results tr[data-done]', { timeout: PAGE_LIMIT_MS })
      const shown = await page.$$eval('.digest[data-algorithm]', (lines) => lines.map((line) => [line.getAttribute('data-algorithm'), line.lastChild && line.lastChild.textContent]))
      assert.deepEqual(Object.fromEntries(shown), { blake3: hashmill.hashSync(bytes), sha256: hashmill.hashSync(bytes, 'sha256') })
      const manifest = await page.$eval('#manifest', (area) => /** @type {HTMLTextAreaElement} */ (area).value)
      assert.equal(manifest, `${hashmill.hashSync(bytes, 'sha256')}  generated file.bin\n`)
      await page.screenshot({ path: path.join(ROOT, 'target', 'demo.png') })
      assert.deepEqual(errors, [])
    } finally {
      if (browser) await browser.close()
      await server.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
