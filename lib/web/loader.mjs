/**
 * hashmill in browsers, as entry.mjs exports it (the `browser` condition of package.json;
 * bundled by scripts/lib/web-bundle.js into web/hashmill.js, beside web/worker.js and
 * web/hashmill.wasm). Both files are named relative to this module, in the form bundlers
 * follow (`new URL('./…', import.meta.url)`; `new Worker(new URL(…), { type: 'module' })`),
 * and loaded from the page's origin: no inline script, no eval, no data: URL, so a strict
 * Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`) allows them.
 */
import { createWebHashmill } from './index.js'

/** Compiles web/hashmill.wasm: streaming where it is served as application/wasm. */
async function compile () {
  const response = await fetch(new URL('./hashmill.wasm', import.meta.url))
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`)
  const type = response.headers.get('content-type') || ''
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response)
  }
  return WebAssembly.compile(await response.arrayBuffer())
}

const spawnWorker = typeof Worker === 'function'
  ? () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })
  : null

export default createWebHashmill({ compile, spawnWorker })
