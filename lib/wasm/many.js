'use strict'
/**
 * `hashMany` batches (lib/many.js) on wasm instances (binding-wasm `many.rs`): a batch goes
 * through an instance's staging area a run at a time (end offsets, then bytes; the digests
 * come back after the bytes, in the call's lib/digest-form.js form), on the calling
 * thread's instance for sync calls and small batches, or split over the pool's workers,
 * each hashing its own part of it.
 */
const { stage } = require('./instance')
const { batchWork } = require('../inline')
const { putDigest } = require('../digest-form')

/** Bytes each input's end offset takes in the staging area (a little-endian u32). */
const END_BYTES = 4

/**
 * Hashes the packed inputs of a batch on `instance` into `out` (one digest after another,
 * in `form`).
 * @param {import('./instance').Instance} instance
 * @param {Uint8Array} specBytes
 * @param {import('../digest-form').Form} form
 * @param {Uint8Array} data
 * @param {Uint32Array} ends
 * @param {Uint8Array} out
 */
function hashBatch (instance, specBytes, form, data, ends, out) {
  const { glue, capacity } = instance
  const { hex, width } = form
  stage(instance, specBytes.byteLength).set(specBytes)
  glue.setBatchSpec(specBytes.byteLength)
  let first = 0
  while (first < ends.length) {
    const start = first ? ends[first - 1] : 0
    let count = 0
    while (first + count < ends.length &&
      (count + 1) * (END_BYTES + width) + ends[first + count] - start <= capacity) count++
    if (count === 0) {
      // One input larger than the staging area: the instance hashes it on its own.
      const digest = glue.hashSync(specBytes, data.subarray(start, ends[first]))
      putDigest(out.subarray(first * width, (first + 1) * width), digest, form)
      first++
      continue
    }
    const bytes = ends[first + count - 1] - start
    const endsView = new DataView(instance.memory.buffer, instance.staging, count * END_BYTES)
    for (let k = 0; k < count; k++) endsView.setUint32(k * END_BYTES, ends[first + k] - start, true)
    stage(instance, count * END_BYTES + bytes).set(data.subarray(start, start + bytes), count * END_BYTES)
    glue.hashBatchStaged(count, bytes, hex)
    const at = count * END_BYTES + bytes
    out.set(stage(instance, at + count * width).subarray(at), first * width)
    first += count
  }
}

/**
 * Cuts a batch into at most `parts` runs of about the same work: each run's inputs, its
 * bytes in `data` and its end offsets counted from its own start.
 * @param {Uint8Array} data
 * @param {Uint32Array} ends
 * @param {number} parts
 * @returns {{ first: number, input: Uint8Array, ends: Uint32Array }[]}
 */
function splitBatch (data, ends, parts) {
  const total = batchWork(data.byteLength, ends.length)
  const runs = []
  let first = 0
  for (let part = 1; part <= parts && first < ends.length; part++) {
    // The last run takes what is left; the others stop once they reach their share.
    const goal = part === parts ? Infinity : total * part / parts
    let last = first
    while (last < ends.length - 1 && batchWork(ends[last], last + 1) < goal) last++
    const start = first ? ends[first - 1] : 0
    const runEnds = ends.slice(first, last + 1)
    for (let k = 0; k < runEnds.length; k++) runEnds[k] -= start
    runs.push({ first, input: data.subarray(start, ends[last]), ends: runEnds })
    first = last + 1
  }
  return runs
}

module.exports = { hashBatch, splitBatch }
