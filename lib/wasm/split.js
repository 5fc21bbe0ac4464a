'use strict'
/**
 * BLAKE3 over several workers: an input cut into aligned power-of-two pieces, each hashed
 * as a subtree by a worker in parallel, their chaining values merged on the calling
 * thread (hashmill-core's `subtree`). The wasm backend's way to put every core on one input.
 */

/** Inputs from this size on are split across workers; smaller ones go to one worker. */
const SPLIT_MIN_BYTES = 4 << 20
/** The smallest piece worth a worker round trip (~1 ms of hashing against ~60 us). */
const MIN_PIECE_BYTES = 1 << 20
/** The most bytes one job carries: large inputs move in pieces of this size at most. */
const MAX_PIECE_BYTES = 16 << 20

/**
 * The piece length for splitting `length` bytes over `threads` workers, or 0 not to
 * split: a power of two (as BLAKE3's tree needs), about 4 pieces per worker so a slow
 * worker does not hold up the rest, and at most MAX_PIECE_BYTES.
 */
function pieceLength (length, threads) {
  if (length < SPLIT_MIN_BYTES || threads < 2) return 0
  let piece = MIN_PIECE_BYTES
  while (piece * threads * 4 < length && piece < MAX_PIECE_BYTES) piece *= 2
  return piece
}

/** `bytes` cut into views of `length` bytes (no copies). */
function pieces (bytes, length) {
  const out = []
  for (let start = 0; start < bytes.byteLength; start += length) out.push(bytes.subarray(start, start + length))
  return out
}

/**
 * Hashes `bytes` in pieces of `length` on the pool and merges them on `main`.
 * @param {{ runAll(messages: object[], options: { signal?: AbortSignal }): Promise<Uint8Array[]> }} pool
 * @param {{ run<T>(fn: (instance: any) => T): T }} main
 */
async function hashInPieces (pool, main, spec, bytes, length, signal) {
  const messages = pieces(bytes, length).map((input, i) =>
    ({ type: 'subtree', spec: spec.bytes, inputOffset: i * length, input }))
  const cvs = await pool.runAll(messages, { signal })
  return main.run((instance) => instance.glue.mergeSubtrees(spec.bytes, Buffer.concat(cvs),
    BigInt(length), BigInt(bytes.byteLength)))
}

module.exports = { pieceLength, pieces, hashInPieces, MAX_PIECE_BYTES }
