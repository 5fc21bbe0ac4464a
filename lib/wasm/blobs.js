'use strict'
/**
 * `hashBlob()` on a pool whose workers can be handed a Blob (browsers): the Blob is posted,
 * never read on the calling thread; each worker reads its own slices of it (lib/wasm/jobs.js).
 * BLAKE3 and the CRCs split one Blob across the workers in pieces merged on the calling
 * thread, as buffers are (split.js); the other algorithms read it on one worker, in ranges
 * of one session, so progress and cancelling are as fine-grained as the ranges.
 */
const { wire } = require('./hashers')
const { pieceLength, merge, MAX_PIECE_BYTES } = require('./split')

/** `[start, end)` ranges of at most `length` bytes covering `size` bytes (none for 0 bytes). */
function ranges (size, length) {
  const out = []
  for (let start = 0; start < size; start += length) out.push([start, Math.min(size, start + length)])
  return out
}

/**
 * The digest of `blob`.
 * @param {import('./pool').WorkerPool} pool
 * @param {ReturnType<import('./main-thread').createMainThread>} main merges pieces
 * @param {import('../options').Spec} spec
 * @param {Blob} blob
 * @param {number} threads
 * @param {AbortSignal | undefined} signal
 * @param {(bytes: number) => void} onBytes called as each piece or range is hashed
 * @returns {Promise<Uint8Array>}
 */
async function hashBlobOnPool (pool, main, spec, blob, threads, signal, onBytes) {
  const length = pieceLength(spec, blob.size, threads)
  if (length) {
    const messages = ranges(blob.size, length).map(([start, end]) => ({ type: 'blobPiece', spec: spec.bytes, blob, start, end }))
    const results = await pool.runAll(messages, { signal, onDone: (message) => onBytes(message.end - message.start) })
    return merge(main, spec, results, length, blob.size)
  }
  const all = ranges(blob.size, MAX_PIECE_BYTES)
  if (all.length <= 1) {
    const digest = await pool.run({ type: 'blobHash', spec: wire(spec), blob, start: 0, end: blob.size }, { signal })
    onBytes(blob.size)
    return digest
  }
  const handle = await pool.openSession({ type: 'open', spec: wire(spec) }, { signal })
  try {
    for (const [start, end] of all) {
      await pool.run({ type: 'blobUpdate', session: handle.session, blob, start, end }, { signal, slot: handle.slot })
      onBytes(end - start)
    }
    return await pool.run({ type: 'digest', session: handle.session }, { signal, slot: handle.slot })
  } finally {
    pool.closeSession(handle).catch(() => {})
  }
}

module.exports = { hashBlobOnPool }
