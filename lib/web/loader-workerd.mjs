/**
 * hashmill in Cloudflare Workers and workerd, as entry.mjs exports it (the `workerd`
 * condition of package.json; scripts/lib/web-bundle.js bundles entry.mjs with this module
 * in loader.mjs's place into web/workerd.js). workerd compiles no
 * WebAssembly at run time: the module is imported precompiled, which wrangler and a
 * workerd config both provide for a `.wasm` import. There are no workers here, so every
 * call hashes on the calling thread; the module is there from the start, so the sync calls
 * need no `ready()`.
 */
import module from './hashmill.wasm'
import { createWebHashmill } from './index.js'

export default createWebHashmill({ module, spawnWorker: null })
