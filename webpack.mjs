import webpack from './lib/drop-ins/webpack.js'
export const { xxhash64, xxh3, blake3, sha256 } = webpack
export default webpack
