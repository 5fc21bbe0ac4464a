/**
 * `hashMany()` and `hashManySync()`: many inputs in one call into the backend, which is
 * crossed once per batch instead of once per input; for small inputs (Merkle leaves, cache
 * keys, records to deduplicate) that crossing is most of the cost. A batch is its inputs
 * packed end to end into one buffer with their end offsets (a list of ASCII strings with
 * one copy); the digests come back one after the other in one buffer, in the call's
 * form (lib/digest-form.js: hex digests as hex text), and are encoded together (bigints
 * read as one BigUint64Array). An input large enough to be split over threads is hashed
 * alone, as `hash()` would. Both backends give the digests one-by-one calls give.
 */
const os = require('node:os')
const { isAscii } = require('node:buffer')
const errors = require('./errors')
const { toBytes, UTF8_MAX_PER_UNIT } = require('./input')
const { encodeAt } = require('./encoding')
const { throwIfAborted } = require('./abort')
const { batchWork } = require('./inline')
const { formOf, putDigest } = require('./digest-form')

/** The most work (bytes plus a cost per input) one batch holds, so an abort is seen between batches. */
const BATCH_MAX_WORK = 64 << 20
/** Inputs at least this long are hashed alone, where a large input can use every thread. */
const ALONE_MIN_BYTES = 1 << 20
/** How many strings packAscii joins before writing them. */
const ASCII_RUN = 1024

/** Whether a BigUint64Array reads a big-endian u64 (a digest's order) only once swapped. */
const LITTLE_ENDIAN = os.endianness() === 'LE'

const SYNC = Object.freeze({ async: false })
const ASYNC = Object.freeze({ async: true })

/**
 * @typedef {object} Batch inputs `first .. first + count - 1`, packed
 * @property {number} first
 * @property {number} count
 * @property {Buffer} data their bytes, end to end (strings as UTF-8)
 * @property {Uint32Array} ends each one's end offset in `data`
 *
 * @typedef {object} Alone one input hashed by itself
 * @property {number} index
 * @property {Uint8Array} bytes
 */

/**
 * Packs strings `first .. end - 1` (`length` UTF-16 units in all) with one copy when they
 * are all ASCII (the usual case for keys): their UTF-8 is then as long as the text, so the
 * ends follow from the lengths. Else null. The strings are joined with `+=` (a rope, which
 * V8 makes without copying) ASCII_RUN at a time and each rope is written at once. A rope of
 * a whole batch would outlive young-generation collections, which copy it, and be flattened
 * in one piece: together half again as slow as the copy itself.
 * ASCII holds when every run's UTF-8 fits its text's length exactly and every byte written
 * is ASCII: a non-ASCII character either is written (as bytes of 0x80 and above) or ends
 * the write early.
 * @param {string[]} inputs
 * @param {number} first
 * @param {number} end
 * @param {number} length
 * @returns {{ data: Buffer, ends: Uint32Array } | null}
 */
function packAscii (inputs, first, end, length) {
  const ends = new Uint32Array(end - first)
  const data = Buffer.allocUnsafeSlow(length)
  let at = 0
  for (let run = first; run < end; run += ASCII_RUN) {
    const last = Math.min(end, run + ASCII_RUN)
    let text = ''
    for (let i = run; i < last; i++) {
      text += inputs[i]
      ends[i - first] = at + text.length
    }
    if (data.write(text, at, text.length, 'utf8') !== text.length) return null
    at += text.length
  }
  return isAscii(data) ? { data, ends } : null
}

/**
 * Packs inputs from `first` on (strings and byte views) end to end into a buffer that grows
 * as it fills: as many as BATCH_MAX_WORK allows, up to (not including) an input hashed
 * alone. One pass: each view is looked at once, as it is copied.
 * @param {unknown[]} inputs
 * @param {number} first
 * @returns {Batch}
 */
function packAll (inputs, first) {
  const most = inputs.length - first
  const ends = new Uint32Array(most)
  let data = Buffer.allocUnsafeSlow(Math.min(BATCH_MAX_WORK, Math.max(4096, 64 * most)))
  /** Makes room for `more` bytes after `at`. */
  const room = (at, more) => {
    if (at + more <= data.length) return
    const grown = Buffer.allocUnsafeSlow(Math.max(2 * data.length, at + more))
    grown.set(data.subarray(0, at))
    data = grown
  }
  let at = 0
  let count = 0
  for (; count < most && batchWork(at, count) < BATCH_MAX_WORK; count++) {
    const i = first + count
    const input = inputs[i]
    if (typeof input === 'string') {
      room(at, input.length * UTF8_MAX_PER_UNIT)
      at += data.write(input, at, 'utf8')
    } else {
      const bytes = input instanceof Uint8Array && input.length !== 0 ? input : toBytes(input, `inputs[${i}]`)
      if (bytes.length >= ALONE_MIN_BYTES) break
      room(at, bytes.length)
      data.set(bytes, at)
      at += bytes.length
    }
    ends[count] = at
  }
  return { first, count, data: data.subarray(0, at), ends: ends.subarray(0, count) }
}

/**
 * One batch of inputs from `first` on. A run of strings only (the usual keys) is packed
 * with one copy when it is ASCII; anything else is packed an input at a time.
 * @param {unknown[]} inputs
 * @param {number} first
 * @returns {Batch}
 */
function takeBatch (inputs, first) {
  let end = first
  let work = 0
  let length = 0
  let full = false
  while (end < inputs.length && typeof inputs[end] === 'string') {
    const units = /** @type {string} */ (inputs[end]).length
    const more = batchWork(work + units, 1)
    // Past the limit the run ends, before its string (a run is never joined past it).
    if (end > first && more > BATCH_MAX_WORK) {
      full = true
      break
    }
    work = more
    length += units
    end++
  }
  // Strings all the way to the batch's end: try them as ASCII in one copy.
  if (end > first && (end === inputs.length || full)) {
    const ascii = packAscii(/** @type {string[]} */ (inputs), first, end, length)
    if (ascii) return { first, count: end - first, ...ascii }
  }
  return packAll(inputs, first)
}

/**
 * Splits `inputs` into batches and inputs hashed alone, in order.
 * @param {unknown} inputs
 * @returns {{ count: number, batches: Batch[], alone: Alone[] }}
 */
function plan (inputs) {
  if (!Array.isArray(inputs)) throw errors.invalidType('inputs', 'an array of strings or byte views', inputs)
  /** @type {Batch[]} */
  const batches = []
  /** @type {Alone[]} */
  const alone = []
  let i = 0
  while (i < inputs.length) {
    const batch = takeBatch(inputs, i)
    if (batch.count) batches.push(batch)
    i += batch.count
    if (i < inputs.length && batch.count === 0) {
      // Stopped at an input hashed alone.
      alone.push({ index: i, bytes: toBytes(inputs[i], `inputs[${i}]`) })
      i++
    }
  }
  return { count: inputs.length, batches, alone }
}

/**
 * The digests (one after the other in `out`, in `form`) as the caller asked: one packed
 * Buffer for 'buffer', else an array of encoded digests.
 * @param {Buffer} out made by Buffer.allocUnsafeSlow (its own memory, so aligned for 64-bit
 *   reads), every slot written
 * @param {number} count
 * @param {import('./options').Spec} spec
 * @param {import('./digest-form').Form} form
 */
function encodeAll (out, count, spec, form) {
  const { encoding, outputLength: length } = spec
  if (encoding === 'buffer') return out
  const digests = new Array(count)
  if (form.hex) {
    // One string for all the text, then a slice each: V8 makes slices without copying.
    const text = out.toString('latin1')
    for (let i = 0; i < count; i++) digests[i] = text.slice(i * form.width, (i + 1) * form.width)
  } else if (encoding === 'bigint' && length === 8) {
    // A typed array's element read, without the BigInt arithmetic of Buffer#readBigUInt64BE.
    if (LITTLE_ENDIAN) out.swap64()
    const words = new BigUint64Array(out.buffer, out.byteOffset, count)
    for (let i = 0; i < count; i++) digests[i] = words[i]
  } else {
    for (let i = 0; i < count; i++) digests[i] = encodeAt(out, i, length, encoding)
  }
  return digests
}

/**
 * @param {object} backend see lib/native and lib/wasm (`hashManySync`, `hashManyAsync`,
 *   `hashSync`, `hashAsync`, `inlineMaxBytes`); a batch's digests come in the call's Form
 * @param {ReturnType<import('./options').createOptions>} options
 */
function createMany (backend, options) {
  /** Whether a batch is small enough to hash on the calling thread in an async call. */
  const inline = (spec, batch) => batchWork(batch.data.length, batch.count) <= backend.inlineMaxBytes[spec.info.name]

  /** Where digests `first .. first + count - 1` go in `out`. */
  const slots = (out, form, first, count = 1) => out.subarray(first * form.width, (first + count) * form.width)

  /**
   * The digests of many inputs (strings or byte views), hashed on the calling thread in
   * one call into the backend per batch. Meant for many small inputs.
   * @param {unknown} inputs
   * @param {unknown} opts
   */
  function hashManySync (inputs, opts) {
    const spec = options.spec(opts, SYNC)
    const form = formOf(spec)
    const work = plan(inputs)
    const out = Buffer.allocUnsafeSlow(work.count * form.width)
    for (const batch of work.batches) backend.hashManySync(spec, batch, form, slots(out, form, batch.first, batch.count))
    for (const { index, bytes } of work.alone) putDigest(slots(out, form, index), backend.hashSync(spec, bytes), form)
    return encodeAll(out, work.count, spec, form)
  }

  /**
   * `hashManySync()` off the main thread (batches too small for a trip to the pool are
   * hashed inline). The inputs must not change until the promise settles.
   * @param {unknown} inputs
   * @param {unknown} opts
   */
  async function hashMany (inputs, opts) {
    const spec = options.spec(opts, ASYNC)
    const form = formOf(spec)
    const work = plan(inputs)
    throwIfAborted(spec.signal)
    const out = Buffer.allocUnsafeSlow(work.count * form.width)
    const batches = work.batches.map(async (batch) => {
      const target = slots(out, form, batch.first, batch.count)
      if (inline(spec, batch)) return backend.hashManySync(spec, batch, form, target)
      await backend.hashManyAsync(spec, batch, form, target, spec.signal)
    })
    const singles = work.alone.map(async ({ index, bytes }) => {
      putDigest(slots(out, form, index), await backend.hashAsync(spec, bytes, spec.signal), form)
    })
    await Promise.all([...batches, ...singles])
    throwIfAborted(spec.signal)
    return encodeAll(out, work.count, spec, form)
  }

  return { hashMany, hashManySync }
}

module.exports = { createMany }
