/**
 * ESM entry: the same module as index.js (one loader, one backend per process), with
 * named exports.
 */
import { createRequire } from 'node:module'

const hashmill = createRequire(import.meta.url)('./index.js')

export const {
  hashSync,
  hash,
  createHasher,
  hashStream,
  hashBlob,
  integrity,
  integritySync,
  hashMany,
  hashManySync,
  ready,
  hashFile,
  hashFileSync,
  hashFiles,
  hashDirectory,
  hashTree,
  walkDirectory,
  gitWorkTree,
  openHashCache,
  restoreHasher,
  combine,
  s3Checksum,
  s3ETag,
  awsChecksumAlgorithms,
  Hasher,
  algorithms,
  backend
} = hashmill

export default hashmill
