'use strict'
/**
 * `hashStream()` on the wasm backend: a streaming session pinned to one worker, whose
 * hasher lives in that worker's instance. Small chunks are gathered in a staging buffer
 * and sent a megabyte at a time, so a stream of tiny chunks costs few thread hops; large
 * ones go in pieces, at most two in flight, so a queue never holds more. The staging
 * buffer is shared with the worker where memory can be shared; elsewhere what it gathered
 * goes like any input (the pool's host moves a copy).
 */
const { pieces, MAX_PIECE_BYTES } = require('./split')
const { wire } = require('./hashers')

/** Bytes gathered before they go to the worker. */
const STAGE_BYTES = 1 << 20

/**
 * Calls `run(item)` for each item in order with at most `ahead` calls pending; rejects
 * with the first failure.
 */
async function inOrder (items, ahead, run) {
  const pending = []
  for (const item of items) {
    const call = run(item)
    call.catch(() => {})
    pending.push(call)
    if (pending.length >= ahead) await pending.shift()
  }
  await Promise.all(pending)
}

/**
 * @param {import('./pool').WorkerPool} pool
 * @param {import('../options').Spec} spec
 */
function openSession (pool, spec) {
  const opened = pool.openSession({ type: 'open', spec: wire(spec) })
  opened.catch(() => {})
  const shared = pool.host.sharedMemory
  const stage = new Uint8Array(shared ? new SharedArrayBuffer(STAGE_BYTES) : new ArrayBuffer(STAGE_BYTES))
  let staged = 0

  /** `data`: `{ input }` (moved by the pool when the worker takes it) or a shared range. */
  async function send (data, signal) {
    const handle = await opened
    await pool.run({ type: 'update', session: handle.session, ...data }, { signal, slot: handle.slot })
  }

  async function flush (signal) {
    if (staged === 0) return
    const length = staged
    staged = 0
    await send(shared ? { buffer: stage.buffer, offset: 0, length } : { input: stage.subarray(0, length) }, signal)
  }

  return {
    async update (bytes, signal) {
      if (staged + bytes.byteLength > STAGE_BYTES) await flush(signal)
      if (bytes.byteLength >= STAGE_BYTES) {
        await inOrder(pieces(bytes, MAX_PIECE_BYTES), 2, (input) => send({ input }, signal))
        return
      }
      stage.set(bytes, staged)
      staged += bytes.byteLength
    },
    async digest (signal) {
      await flush(signal)
      const handle = await opened
      return await pool.run({ type: 'digest', session: handle.session }, { signal, slot: handle.slot })
    },
    close () {
      opened.then((handle) => pool.closeSession(handle)).catch(() => {})
    }
  }
}

module.exports = { openSession }
