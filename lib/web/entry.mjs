/**
 * The ES module entry of the browser and workerd builds: the API of the hashmill their
 * loader made (loader.mjs in browsers; loader-workerd.mjs, swapped in by
 * scripts/lib/web-bundle.js, in workerd), as named exports and as the default export.
 */
import hashmill from './loader.mjs'

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
