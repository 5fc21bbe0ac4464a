/**
 * hashmill in Cloudflare Workers and workerd (the `workerd` condition of package.json;
 * bundled by scripts/lib/web-bundle.js into web/workerd.js). workerd compiles no
 * WebAssembly at run time: the module is imported precompiled, which wrangler and a
 * workerd config both provide for a `.wasm` import. There are no workers here, so every
 * call hashes on the calling thread; the module is there from the start, so the sync calls
 * need no `ready()`.
 */
import module from './hashmill.wasm'
import { createWebHashmill } from './index.js'

const hashmill = createWebHashmill({ module, spawnWorker: null })

export const {
  hashSync,
  hash,
  createHasher,
  hashStream,
  hashBlob,
  integrity,
  integritySync,
  ready,
  Hasher,
  algorithms,
  backend
} = hashmill

export default hashmill
