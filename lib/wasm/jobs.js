'use strict'
/**
 * What a pool worker does with a job, in any runtime (lib/wasm/worker.js in Node,
 * lib/web/worker.js in browsers, each adding only how messages come and go): hash byte
 * ranges and Blob ranges, a staging area at a time, straight into the worker's own wasm
 * instance; hash pieces of one input for the calling thread to merge; keep the streaming
 * sessions pinned to this worker. A Blob is read here, as a stream, never on the calling
 * thread.
 *
 * A reply is `{ ok, result }`, `{ cancelled }`, `{ error }` or, when the instance trapped,
 * `{ fatal }`: the pool then replaces the worker, since a trapped instance is never used again.
 */
const errors = require('../errors')
const { feed, isTrap, trapMessage } = require('./instance')
const { newHasher } = require('./hashers')
const { hashBatch } = require('./many')

class Cancelled extends Error {}

/** The bytes of a job's range: `buffer` is shared, or was moved to this worker. */
function rangeOf (job) {
  return new Uint8Array(job.buffer, job.offset, job.length)
}

/**
 * The handlers of one worker's instance.
 * @param {import('./instance').Instance} instance
 * @param {() => boolean} isCancelled whether the running job was asked to stop
 * @returns {Record<string, (job: any) => any>}
 */
function createJobs (instance, isCancelled) {
  const { glue } = instance
  /** @type {Map<number, import('./hashers').InstanceHasher>} streaming sessions by id */
  const sessions = new Map()

  function checkCancel () {
    if (isCancelled()) throw new Cancelled('cancelled')
  }

  function session (id) {
    const hasher = sessions.get(id)
    if (!hasher) throw new Error(`no session ${id} in this worker`)
    return hasher
  }

  /** Runs `consume` (which may await: a Blob's reads) over `hasher`, freeing it if that fails; then its digest. */
  async function digestAfter (hasher, consume) {
    try {
      await consume()
    } catch (error) {
      hasher.free()
      throw error
    }
    return hasher.digest()
  }

  /**
   * Feeds the bytes of `blob` from `start` to `end` to `consume` through the staging area,
   * as the Blob's stream delivers them, with the next chunk asked for before this one is
   * hashed (the browser fills it meanwhile). Streaming reads a Blob 2-3 times as fast as
   * `arrayBuffer()` of slices does in Chromium, and asking ahead ~1.4 times as fast again.
   * @param {Blob} blob
   * @param {(length: number) => void} consume
   */
  async function feedBlob (blob, start, end, consume) {
    const reader = blob.slice(start, end).stream().getReader()
    let next = reader.read()
    let read = 0
    try {
      while (true) {
        let step
        try {
          step = await next
        } catch (error) {
          throw errors.blobUnreadable(error)
        }
        if (step.done) break
        next = reader.read()
        checkCancel()
        read += step.value.byteLength
        feed(instance, step.value, consume, checkCancel)
      }
    } finally {
      next.catch(() => {})
      reader.cancel().catch(() => {})
    }
    if (read !== end - start) throw errors.blobUnreadable(new Error(`the Blob gave ${read} of its ${end - start} bytes from ${start}`))
  }

  return {
    hash (job) {
      const hasher = newHasher(instance, job.spec)
      return digestAfter(hasher, () => feed(instance, rangeOf(job), (length) => hasher.updateStaged(length), checkCancel))
    },
    /** A batch of `hashMany` inputs, packed end to end: their digests, one after another. */
    many (job) {
      checkCancel()
      const out = new Uint8Array(job.ends.length * job.form.width)
      hashBatch(instance, job.spec.bytes, job.form, rangeOf(job), job.ends, out)
      return out
    },
    piece (job) {
      const piece = new glue.WasmPiece(job.spec, BigInt(job.inputOffset))
      try {
        feed(instance, rangeOf(job), (length) => piece.updateStaged(length), checkCancel)
        return piece.finalize()
      } finally {
        piece.free()
      }
    },
    blobHash (job) {
      const hasher = newHasher(instance, job.spec)
      return digestAfter(hasher, () => feedBlob(job.blob, job.start, job.end, (length) => hasher.updateStaged(length)))
    },
    async blobPiece (job) {
      const piece = new glue.WasmPiece(job.spec, BigInt(job.start))
      try {
        await feedBlob(job.blob, job.start, job.end, (length) => piece.updateStaged(length))
        return piece.finalize()
      } finally {
        piece.free()
      }
    },
    blobUpdate (job) {
      const hasher = session(job.session)
      return feedBlob(job.blob, job.start, job.end, (length) => hasher.updateStaged(length))
    },
    open (job) {
      sessions.set(job.session, newHasher(instance, job.spec))
    },
    update (job) {
      const hasher = session(job.session)
      feed(instance, rangeOf(job), (length) => hasher.updateStaged(length), checkCancel)
    },
    digest (job) {
      const hasher = session(job.session)
      sessions.delete(job.session)
      return hasher.digest()
    },
    close (job) {
      const hasher = sessions.get(job.session)
      sessions.delete(job.session)
      if (hasher) hasher.free()
    }
  }
}

function serializeError (error) {
  return { name: error.name, message: error.message, code: error.code, stack: error.stack }
}

/**
 * Runs `job` with `handlers` on `instance`; the reply to post.
 * @param {Record<string, (job: any) => any>} handlers
 * @param {any} job
 * @param {import('./instance').Instance} instance
 */
async function runJob (handlers, job, instance) {
  try {
    const reply = { ok: true, result: await handlers[job.type](job) }
    // A buffer the pool moved here goes back with the reply, for its next job.
    if (job.buffer instanceof ArrayBuffer) reply.returned = job.buffer
    return reply
  } catch (error) {
    if (error instanceof Cancelled) return { ok: false, cancelled: true }
    if (isTrap(error)) return { ok: false, fatal: true, error: { name: error.name, message: trapMessage(instance, error) } }
    return { ok: false, error: serializeError(error) }
  }
}

/**
 * Buffers of a reply that can be moved instead of copied: fresh copies out of wasm memory
 * (a digest, a walk step, the columns of files), and the input's buffer if it was moved here.
 * @returns {ArrayBuffer[]}
 */
function transferables (reply) {
  /** @type {ArrayBuffer[]} */
  const buffers = reply.returned ? [reply.returned] : []
  if (reply.ok && reply.result instanceof Uint8Array) buffers.push(/** @type {any} */ (reply.result.buffer))
  return buffers
}

module.exports = { createJobs, runJob, transferables }
