/// <reference types="node" />
/** `require('hashmill/webpack')`: classes for webpack's `output.hashFunction`. */
export interface WebpackHash {
  update (data: string | Buffer, inputEncoding?: BufferEncoding): this
  digest (): Buffer
  digest (encoding: BufferEncoding): string
}
type HashClass = new () => WebpackHash
/** Byte-identical to webpack's built-in `'xxhash64'`. */
export const xxhash64: HashClass
export const xxh3: HashClass
export const blake3: HashClass
export const sha256: HashClass
