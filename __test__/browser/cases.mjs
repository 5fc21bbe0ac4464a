/**
 * The cases of the browser, bundler, workerd, Deno and Bun tests, run the same way against
 * any build of hashmill: the page runs them against the browser build, Node against its
 * own, and the results must be the same strings. Inputs are generated here, from seeds, on
 * both sides (xorshift32 words), so nothing large crosses between them.
 *
 * Every algorithm in every mode (plain, keyed, derive-key, extendable output, seeds) and
 * encoding, through every API: hashSync, hash, createHasher (chunked), hashStream (a web
 * ReadableStream and an async iterable), hashBlob, integrity and integritySync; strings as
 * well as bytes; Blobs from 0 bytes to 256 MiB at the sizes where the workers' paths change.
 */

export const MiB = 1 << 20

/**
 * Fills `bytes` with xorshift32 words from `seed` (little-endian), the same on every engine.
 * @param {Uint8Array} bytes
 * @param {number} seed
 */
export function fill (bytes, seed) {
  let x = (seed >>> 0) || 1
  const words = Math.floor(bytes.byteLength / 4)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < words; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    view.setUint32(4 * i, x, true)
  }
  for (let i = 4 * words; i < bytes.byteLength; i++) bytes[i] = (x >>> (8 * (i & 3))) & 0xff
  return bytes
}

/** `length` deterministic bytes. */
export const bytesOf = (length, seed) => fill(new Uint8Array(length), seed)

/** The large Blobs' source, made once per size: every large Blob is a slice of it (no copy). */
const sources = new Map()
/**
 * A Blob of `size` deterministic bytes. Browsers keep a Blob's bytes apart from the page's
 * memory and free them only once it is collected (Chromium fails reads past ~600 MB held
 * in Blobs of a page, before any collection), so the cases make one Blob and slice it.
 * @param {number} size
 * @returns {Blob}
 */
export function blobOf (size) {
  if (!sources.has(size)) sources.set(size, new Blob([bytesOf(size, 23)]))
  return sources.get(size)
}

const KEY = bytesOf(32, 7)
/** Around the block sizes, the staging area (1 MiB) and the split size (4 MiB). */
const LENGTHS = [0, 1, 3, 64, 65, 1023, 1024, 1025, 4097, 65537, 200003, MiB - 1, MiB, MiB + 1, 4 * MiB + 5]
const QUICK_LENGTHS = [0, 3, 1025, MiB + 1]
const TEXTS = ['', 'abc', 'héllo wörld 🌍 '.repeat(300), 'lone \ud800 surrogate']

/** Blob sizes per algorithm: where one worker, pieces on every worker and session ranges take over. */
const BLOBS = {
  blake3: [0, 1, MiB - 1, MiB, MiB + 1, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 16 * MiB + 1, 64 * MiB + 3, 256 * MiB],
  'git-sha1': [16 * MiB + 1],
  crc32c: [4 * MiB + 1, 64 * MiB + 3],
  crc64nvme: [16 * MiB + 1],
  sha256: [16 * MiB, 16 * MiB + 1, 33 * MiB + 7],
  xxh3: [MiB + 1, 20 * MiB],
  md5: [5 * MiB]
}
const QUICK_BLOBS = { blake3: [0, MiB + 1, 16 * MiB + 1], sha256: [16 * MiB + 1] }
/** The largest Blob: one source generated once, every Blob a prefix of it. */
export const MAX_BLOB = 256 * MiB

/** Git object IDs, whose streams declare their length (`size`). */
const SIZED = /^git-/

/** The option sets algorithm `name` is tried with. */
function variants (name) {
  const list = [{ algorithm: name }, { algorithm: name, encoding: 'base64' }, { algorithm: name, encoding: 'buffer' }]
  if (name === 'blake3') {
    list.push(
      { algorithm: name, key: KEY, encoding: 'base64url' },
      { algorithm: name, context: 'hashmill browser tests 2026-12 derive-key' },
      { algorithm: name, outputLength: 1 },
      { algorithm: name, outputLength: 131, encoding: 'base64' },
      { algorithm: name, key: KEY, outputLength: 2048, encoding: 'buffer' }
    )
  }
  if (name === 'xxh32') list.push({ algorithm: name, seed: 0xdeadbeef, encoding: 'bigint' })
  if (['xxh3', 'xxh64', 'xxh3-128'].includes(name)) {
    list.push({ algorithm: name, seed: 42 }, { algorithm: name, seed: 2n ** 63n + 5n, encoding: name === 'xxh3-128' ? 'base64url' : 'bigint' })
  }
  if (['crc32', 'crc32c', 'crc64nvme', 'xxh3', 'xxh64'].includes(name)) list.push({ algorithm: name, encoding: 'bigint' })
  return list
}

/** A result as a string: digests are strings, bytes become `bytes:<hex>`, bigints `bigint:<hex>`. */
function shown (value) {
  if (value instanceof Uint8Array) return `bytes:${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}`
  if (typeof value === 'bigint') return `bigint:${value.toString(16)}`
  return String(value)
}

/** A short, stable name for an options object. */
function nameOf (options) {
  return Object.entries(options).map(([k, v]) => `${k}=${v instanceof Uint8Array ? 'key' : typeof v === 'bigint' ? `${v}n` : v}`).join(',')
}

/** `bytes` in three uneven chunks (views, no copies). */
function chunks (bytes) {
  const a = Math.floor(bytes.byteLength / 3)
  const b = Math.floor(bytes.byteLength * 3 / 4)
  return [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]
}

function readableOf (parts) {
  let i = 0
  return new ReadableStream({
    pull (controller) {
      if (i < parts.length) controller.enqueue(parts[i++])
      else controller.close()
    }
  })
}

async function * iterableOf (parts) {
  for (const part of parts) yield part
}

/**
 * Runs every case against `hashmill` (an API object of any build); resolves to
 * `{ [case]: result }`. `quick`: fewer lengths and Blobs (the bundler pages).
 * @param {any} hashmill
 * @param {{ quick?: boolean }} [how]
 */
export async function runCases (hashmill, { quick = false } = {}) {
  const results = {}
  const put = (key, value) => { results[key] = shown(value) }
  const lengths = quick ? QUICK_LENGTHS : LENGTHS
  const source = bytesOf(Math.max(...lengths), 11)
  const blobs = lengths.map((length) => new Blob(chunks(source.subarray(0, length))))
  await hashmill.ready()
  for (const name of hashmill.algorithms) {
    for (const options of variants(name)) {
      const id = nameOf(options)
      for (const [i, length] of lengths.entries()) {
        const bytes = source.subarray(0, length)
        const key = `${id}|len=${length}`
        put(`hashSync|${key}`, hashmill.hashSync(bytes, options))
        put(`hash|${key}`, await hashmill.hash(bytes, options))
        // A git object ID streamed needs its length up front.
        const streamed = SIZED.test(name) ? { ...options, size: length } : options
        const hasher = hashmill.createHasher(streamed)
        for (const part of chunks(bytes)) hasher.update(part)
        put(`createHasher|${key}`, hasher.digest())
        put(`hashStream(ReadableStream)|${key}`, await hashmill.hashStream(readableOf(chunks(bytes)), streamed))
        put(`hashStream(iterable)|${key}`, await hashmill.hashStream(iterableOf(chunks(bytes)), streamed))
        put(`hashBlob|${key}`, await hashmill.hashBlob(blobs[i], options))
      }
      for (const [i, text] of TEXTS.entries()) {
        put(`hashSync(text)|${id}|text=${i}`, hashmill.hashSync(text, options))
        put(`hash(text)|${id}|text=${i}`, await hashmill.hash(text, options))
      }
    }
  }
  for (const sri of ['sha256', 'sha384', 'sha512', undefined]) {
    for (const [i, text] of TEXTS.entries()) {
      put(`integrity|${sri}|text=${i}`, await hashmill.integrity(text, sri))
      put(`integritySync|${sri}|text=${i}`, hashmill.integritySync(text, sri))
    }
  }
  const large = quick ? QUICK_BLOBS : BLOBS
  const whole = blobOf(Math.max(...Object.values(large).flat()))
  for (const [algorithm, sizes] of Object.entries(large)) {
    for (const size of sizes) {
      put(`hashBlob(large)|${algorithm}|size=${size}`, await hashmill.hashBlob(whole.slice(0, size), algorithm))
    }
  }
  return results
}
