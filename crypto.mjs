import crypto from './lib/drop-ins/crypto.js'
export const { createHash, hash, getHashes, Hash } = crypto
export default crypto
