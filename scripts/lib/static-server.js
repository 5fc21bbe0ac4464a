'use strict'
/**
 * A static file server on 127.0.0.1 for the browser tests, the demo and the browser bench:
 * files under `root` only, with the headers of one of three modes:
 *
 * - `plain`: none (not cross-origin isolated: hashmill moves copies to its workers);
 * - `isolated`: COOP/COEP, so the page is cross-origin isolated and has SharedArrayBuffer;
 * - `csp`: the strict Content-Security-Policy hashmill must work under (no inline script,
 *   no eval, WebAssembly allowed by 'wasm-unsafe-eval').
 */
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8'
}

/** The strict policy of the `csp` mode: scripts and workers from the page's origin only. */
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; object-src 'none'; base-uri 'none'"

const MODES = {
  plain: {},
  isolated: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  csp: { 'Content-Security-Policy': STRICT_CSP }
}

/**
 * Starts a server; resolves to `{ url, close() }` (`url` ends with '/').
 * @param {{ root: string, mode?: keyof MODES, port?: number, routes?: Record<string, string> }} options
 *   `port` 0 (the default) takes a free one; `routes` maps a URL prefix to a directory
 *   (e.g. `{ '/hashmill/': '<repo>/web' }`), tried before `root`
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
function startStaticServer ({ root, mode = 'plain', port = 0, routes = {} }) {
  const headers = MODES[mode]
  if (!headers) throw new Error(`unknown mode ${mode}`)
  const server = http.createServer((request, response) => {
    const url = new URL(request.url || '/', 'http://127.0.0.1')
    let pathname = decodeURIComponent(url.pathname)
    if (pathname.endsWith('/')) pathname += 'index.html'
    let base = root
    for (const [prefix, dir] of Object.entries(routes)) {
      if (pathname.startsWith(prefix)) {
        base = dir
        pathname = pathname.slice(prefix.length - 1)
        break
      }
    }
    const file = path.join(base, pathname)
    if (!file.startsWith(path.resolve(base) + path.sep)) {
      response.writeHead(403).end()
      return
    }
    fs.readFile(file, (error, body) => {
      if (error) {
        response.writeHead(404, { 'Content-Type': 'text/plain', ...headers }).end('not found')
        return
      }
      response.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...headers
      })
      response.end(body)
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address())
      resolve({
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve(undefined))
        })
      })
    })
  })
}

module.exports = { startStaticServer }
