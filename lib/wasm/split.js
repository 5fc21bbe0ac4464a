'use strict'
/**
 * One input over several workers: a buffer or a file cut into pieces, each hashed by a
 * worker in parallel (a file's workers each read their own range), the pieces' results
 * merged on the calling thread (hashmill-core's `pieces`: BLAKE3 subtrees, or CRCs that
 * combine). The wasm backend's way to put every core on one input.
 */
const { concat } = require('../runtime')

/** Inputs from this size on are split across workers; smaller ones go to one worker. */
const SPLIT_MIN_BYTES = 4 << 20
/** The smallest piece worth a worker round trip (~1 ms of hashing against ~60 us). */
const MIN_PIECE_BYTES = 1 << 20
/** The most bytes one job carries: large inputs move in pieces of this size at most. */
const MAX_PIECE_BYTES = 16 << 20

/** Whether one input of `spec` can be hashed in pieces (BLAKE3, the CRCs). */
function splits (spec) {
  return spec.info.parallel || spec.info.combinable
}

/**
 * The piece length for splitting `length` bytes of `spec` over `threads` workers, or 0 not
 * to split: a power of two (as BLAKE3's tree needs), about 4 pieces per worker so a slow
 * worker does not hold up the rest, and at most MAX_PIECE_BYTES.
 */
function pieceLength (spec, length, threads) {
  if (!splits(spec) || length < SPLIT_MIN_BYTES || threads < 2) return 0
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
 * @typedef {object} Pool
 * @property {(messages: object[], options: { signal?: AbortSignal }) => Promise<Uint8Array[]>} runAll
 * @property {(message: object, options: { signal?: AbortSignal }) => Promise<Uint8Array>} run
 */

/** @typedef {{ size?: number, digest?: Uint8Array, code?: string, message?: string }} FileReply */

/**
 * The digest from the pieces' results.
 * @param {{ run<T>(fn: (instance: any) => T): T }} main
 */
function merge (main, spec, results, length, total) {
  return main.run((instance) => instance.glue.mergePieces(spec.bytes, concat(results), BigInt(length), BigInt(total)))
}

/**
 * Hashes `bytes` in pieces of `length` on the pool and merges them on `main`.
 * @param {Pool} pool
 * @param {{ run<T>(fn: (instance: any) => T): T }} main
 */
async function hashInPieces (pool, main, spec, bytes, length, signal) {
  const messages = pieces(bytes, length).map((input, i) =>
    ({ type: 'piece', spec: spec.bytes, inputOffset: i * length, input }))
  return merge(main, spec, await pool.runAll(messages, { signal }), length, bytes.byteLength)
}

/**
 * Hashes the file at `path`, `size` bytes long, in ranges of `length` read and hashed by
 * the workers, merged on `main`: a file reply (`decodeFile`'s shape). A last check on a
 * worker, a range of no bytes, gives ECHANGED if the file's size changed meanwhile.
 * @param {Pool} pool
 * @param {{ run<T>(fn: (instance: any) => T): T }} main
 * @param {(reply: Uint8Array) => FileReply} decodeFile
 * @returns {Promise<FileReply>}
 */
async function hashFileInPieces (pool, main, decodeFile, spec, path, size, length, signal, progress) {
  const range = (offset, rangeLength) =>
    ({ type: 'fileRange', spec: spec.bytes, path, offset, length: rangeLength, size, progress })
  const messages = []
  for (let offset = 0; offset < size; offset += length) messages.push(range(offset, Math.min(length, size - offset)))
  const replies = (await pool.runAll(messages, { signal })).map(decodeFile)
  const failed = replies.find((reply) => reply.code)
  if (failed) return failed
  const after = decodeFile(await pool.run(range(0, 0), { signal }))
  if (after.code) return after
  return { size, digest: merge(main, spec, replies.map((reply) => reply.digest), length, size) }
}

module.exports = { pieceLength, pieces, merge, hashInPieces, hashFileInPieces, MAX_PIECE_BYTES }
