'use strict'
/**
 * The differential soak (issue #6), shared by scripts/soak.js (100k inputs) and
 * __test__/soak.test.js (a few thousand): a generator of random cases and a checker that
 * runs each through one public API on every backend and compares with independent peers.
 *
 * A case is a pure function of (seed, index): its length (edges favoured: 0, 1, powers of
 * two ±1, 64 KiB, the 128 KiB parallel threshold, the 1 MiB wasm chunk, inline
 * thresholds...), algorithm, options (BLAKE3 keyed/derive-key/XOF, xxHash seeds,
 * encodings), API (hashSync, hash, createHasher with copy() and awaits between updates,
 * hashStream from five kinds of source, hashFile/hashFileSync/hashFiles on a temp file)
 * and chunking. So `--seed S --start I --count 1` replays case I alone.
 *
 * References: node:crypto (SHA-2, SHA-1, MD5), hash-wasm (BLAKE3 incl. keyed and XOF,
 * xxHash, CRC), xxhash-wasm, @node-rs/xxhash, @node-rs/crc32, rotating between the peers
 * an algorithm has; derive-key BLAKE3 against the official vectors file (XOF, 131 bytes)
 * and, for random contexts, `b3sum --derive-key` when it is on PATH (else the cases agree
 * across backends only, and the summary says so).
 */
const fs = require('node:fs')
const path = require('node:path')
const cp = require('node:child_process')
const { Readable } = require('node:stream')
const { setImmediate: nextTurn } = require('node:timers/promises')
const { loadPeers } = require('./peers')

const KiB = 1024
const MiB = 1024 * KiB
const VECTORS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'vectors', 'blake3.json'), 'utf8'))
const VECTOR_KEY = Buffer.from(VECTORS.key, 'ascii')
const ALGORITHMS = ['blake3', 'sha256', 'sha384', 'sha512', 'sha1', 'md5', 'xxh3', 'xxh3-128', 'xxh64', 'xxh32', 'crc32', 'crc32c', 'crc64nvme']
const DIGEST_BYTES = { blake3: 32, sha256: 32, sha384: 48, sha512: 64, sha1: 20, md5: 16, xxh3: 8, 'xxh3-128': 16, xxh64: 8, xxh32: 4, crc32: 4, crc32c: 4, crc64nvme: 8 }
const SEED_BITS = { xxh3: 64, 'xxh3-128': 64, xxh64: 64, xxh32: 32 }
const APIS = ['hashSync', 'hash', 'hasher', 'hashStream', 'hashFile', 'hashFileSync', 'hashFiles']
/** How often each API is drawn (file APIs touch the disk, so less often). */
const API_WEIGHTS = [5, 6, 4, 4, 1, 1, 1]
const ENCODINGS = ['hex', 'base64', 'base64url', 'buffer', 'bigint']

/** mulberry32: a small, fast, well-mixed PRNG; `next()` in [0, 1). */
function prng (seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  next.int = (bound) => Math.floor(next() * bound)
  next.pick = (list) => list[next.int(list.length)]
  next.weighted = (list, weights) => {
    let r = next() * weights.reduce((a, b) => a + b, 0)
    for (let i = 0; i < list.length; i++) if ((r -= weights[i]) < 0) return list[i]
    return list[list.length - 1]
  }
  /** Log-uniform in [1, max]: every order of magnitude equally likely. */
  next.logUniform = (max) => Math.min(max, Math.floor(Math.exp(next() * Math.log(max + 1))))
  return next
}

/** The PRNG of case `index` under `seed`, independent of every other case. */
function caseRng (seed, index) {
  return prng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35))
}

/** Lengths where implementations change behaviour, up to `maxBytes`. */
function edgeLengths (maxBytes, thresholds) {
  const out = [0, 1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 239, 240, 241, 1023, 1024, 1025]
  for (let p = 2; p <= maxBytes * 2; p *= 2) out.push(p - 1, p, p + 1)
  for (const t of [16 * KiB, 64 * KiB, 128 * KiB, MiB, 4 * MiB, 16 * MiB, ...thresholds]) out.push(t - 1, t, t + 1)
  return [...new Set(out)].filter((n) => n >= 0 && n <= maxBytes).sort((a, b) => a - b)
}

/** A context string for derive-key mode: ASCII, unicode, sometimes empty. */
function randomContext (rng) {
  const alphabet = ['a', 'Z', '0', ' ', '-', 'é', 'ß', '漢', '🦀', ':']
  return Array.from({ length: rng.int(40) }, () => rng.pick(alphabet)).join('')
}

/** Options for `algorithm`: mode, output length, seed, encoding. */
function randomOptions (rng, algorithm) {
  const options = { algorithm }
  let outputLength = DIGEST_BYTES[algorithm]
  if (algorithm === 'blake3') {
    const mode = rng()
    if (mode < 0.15) options.key = Buffer.from(Array.from({ length: 32 }, () => rng.int(256)))
    else if (mode < 0.25) options.context = randomContext(rng)
    if (rng() < 0.4) {
      outputLength = rng() < 0.5 ? rng.pick([1, 4, 8, 16, 31, 32, 33, 63, 64, 65, 131, 1024, 1025]) : 1 + rng.int(4096)
      options.outputLength = outputLength
    }
  }
  if (SEED_BITS[algorithm] && rng() < 0.6) {
    const bits = SEED_BITS[algorithm]
    const max = (1n << BigInt(bits)) - 1n
    const r = rng()
    const seed = r < 0.1 ? 0n : r < 0.2 ? max : ((BigInt(rng.int(2 ** 32)) << 32n) | BigInt(rng.int(2 ** 32))) & max
    options.seed = seed <= BigInt(Number.MAX_SAFE_INTEGER) && rng() < 0.5 ? Number(seed) : seed
  }
  const encodings = outputLength <= 8 ? ENCODINGS : ENCODINGS.slice(0, 4)
  if (rng() < 0.6) options.encoding = rng.pick(encodings)
  return { options, outputLength }
}

/** Cut points for `length` bytes: whole, random cuts near edges, fixed sizes, or many tiny pieces. */
function randomCuts (rng, length) {
  const style = rng.int(4)
  if (style === 0 || length === 0) return [length]
  if (style === 1) {
    const near = [1, 63, 64, 65, 1024, 16 * KiB, 64 * KiB, MiB - 1, MiB, MiB + 1]
    const cuts = Array.from({ length: 1 + rng.int(6) }, () => rng() < 0.5 ? rng.pick(near) : rng.int(length + 1))
    return [...new Set([...cuts.filter((c) => c <= length), length])].sort((a, b) => a - b)
  }
  const size = style === 2 ? rng.pick([1 * KiB, 64 * KiB, MiB - 1, MiB, MiB + 1, 3 * MiB]) : 1 + rng.int(300)
  if (length / size > 4096) return [length]
  const cuts = []
  for (let at = size; at < length; at += size) cuts.push(at)
  return [...cuts, length]
}

/** Splits `bytes` at `cuts` into chunks of assorted view types (all over the same memory). */
function chunksOf (rng, bytes, cuts) {
  const chunks = []
  let from = 0
  for (const to of cuts) {
    const part = bytes.subarray(from, to)
    const kind = rng.int(4)
    if (kind === 0) chunks.push(part)
    else if (kind === 1) chunks.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength))
    else if (kind === 2) chunks.push(new DataView(part.buffer, part.byteOffset, part.byteLength))
    else chunks.push(Uint8Array.prototype.slice.call(part).buffer)
    from = to
  }
  return chunks
}

/**
 * Case `index` of the soak under `seed`: everything but the bytes, which are a window of
 * the shared random pool (or the vectors' pattern).
 */
function generateCase (seed, index, { maxBytes, thresholds, poolBytes }) {
  const rng = caseRng(seed, index)
  const api = rng.weighted(APIS, API_WEIGHTS)
  if (rng() < 0.03) {
    const vector = rng.pick(VECTORS.cases.filter((c) => c.input_len <= maxBytes))
    const mode = rng.pick(['hash', 'keyed_hash', 'derive_key'])
    const outputLength = 1 + rng.int(131)
    const options = { outputLength }
    if (mode === 'keyed_hash') options.key = VECTOR_KEY
    if (mode === 'derive_key') options.context = VECTORS.context_string
    return { index, api, length: vector.input_len, vector: { mode, expected: vector[mode].slice(0, outputLength * 2) }, options, outputLength, cuts: randomCuts(rng, vector.input_len) }
  }
  const r = rng()
  const edges = edgeLengths(maxBytes, thresholds)
  const length = r < 0.45 ? rng.pick(edges) : r < 0.85 ? rng.logUniform(Math.min(64 * KiB, maxBytes)) : rng.logUniform(maxBytes)
  const { options, outputLength } = randomOptions(rng, rng.pick(ALGORITHMS))
  return { index, api, length, offset: rng.int(poolBytes - length + 1), options, outputLength, cuts: randomCuts(rng, length) }
}

/** `length` pseudo-random bytes from `seed`, made fast (32 bits per PRNG step). */
function randomPool (seed, length) {
  const rng = prng(seed ^ 0x5eed)
  const words = new Uint32Array(Math.ceil(length / 4))
  for (let i = 0; i < words.length; i++) words[i] = rng() * 4294967296
  return new Uint8Array(words.buffer, 0, length)
}

/** The vectors' input: byte i is i % 251. */
function vectorInput (length) {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = i % 251
  return out
}

/** Whether `b3sum` (the BLAKE3 team's CLI) can serve as the derive-key reference. */
function findB3sum () {
  try {
    cp.execFileSync('b3sum', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A digest hashmill returned in `encoding`, as lowercase hex (a wrong type stays visibly wrong). */
function toHex (digest, outputLength, encoding = 'hex') {
  if (encoding === 'bigint' && typeof digest === 'bigint') return digest.toString(16).padStart(outputLength * 2, '0')
  if (encoding === 'buffer' && Buffer.isBuffer(digest)) return digest.toString('hex')
  if (typeof digest !== 'string') return `<${typeof digest} for encoding ${encoding}>`
  if (encoding === 'hex') return digest
  const bytes = Buffer.from(digest, 'base64')
  return bytes.toString(encoding) === digest ? bytes.toString('hex') : `<not ${encoding}: ${digest}>`
}

/**
 * Runs the case through its API on `api` and returns the digest as hex (or, for a hasher
 * with a copy() mid-way, also the prefix digest).
 */
async function runApi (api, c, bytes, tmpDir, tag) {
  const { options, rng } = c
  const chunks = () => chunksOf(rng, bytes, c.cuts)
  switch (c.api) {
    case 'hashSync': return { digest: api.hashSync(bytes, options) }
    case 'hash': return { digest: await api.hash(bytes, options) }
    case 'hasher': {
      const hasher = api.createHasher(options)
      const parts = chunks()
      const copyAt = rng() < 0.3 ? rng.int(parts.length + 1) : -1
      let prefix
      let fed = 0
      for (const [i, part] of parts.entries()) {
        if (i === copyAt) prefix = { at: fed, digest: hasher.copy().digest() }
        hasher.update(part)
        fed += part.byteLength
        if (rng() < 0.2) await nextTurn()
      }
      if (copyAt === parts.length) prefix = { at: fed, digest: hasher.copy().digest() }
      return { digest: hasher.digest(), prefix }
    }
    case 'hashStream': {
      const parts = chunks()
      const source = rng.pick([
        () => parts,
        () => (function * () { yield * parts })(),
        () => (async function * () { for (const p of parts) { if (rng() < 0.2) await nextTurn(); yield p } })(),
        () => Readable.from(parts.map((p) => Buffer.from(p.buffer || p, p.byteOffset || 0, p.byteLength))),
        () => {
          let i = 0
          return new ReadableStream({ pull (ctl) { if (i < parts.length) ctl.enqueue(new Uint8Array(parts[i].buffer || parts[i], parts[i].byteOffset || 0, parts[i++].byteLength)); else ctl.close() } })
        }
      ])()
      return { digest: await api.hashStream(source, options) }
    }
    default: {
      const file = path.join(tmpDir, `case-${c.index}-${tag}.bin`)
      fs.writeFileSync(file, bytes)
      try {
        const fileOptions = { ...options, mmap: rng() < 0.5 }
        if (c.api === 'hashFile') return { digest: await api.hashFile(file, fileOptions) }
        if (c.api === 'hashFileSync') return { digest: api.hashFileSync(Buffer.from(file), fileOptions) }
        const results = await api.hashFiles([file, Buffer.from(file)], fileOptions)
        for (const r of results) if (r.error) throw r.error
        if (results.some((r) => r.size !== bytes.byteLength)) throw new Error(`hashFiles sizes ${results.map((r) => r.size)} != ${bytes.byteLength}`)
        const [a, b] = results.map((r) => toHex(r.digest, c.outputLength, c.options.encoding))
        if (a !== b) throw new Error(`hashFiles gave two digests for one file: ${a} ${b}`)
        return { digest: results[0].digest }
      } finally {
        fs.rmSync(file, { force: true })
      }
    }
  }
}

const show = (options) => JSON.stringify(options, (k, v) => typeof v === 'bigint' ? `${v}n` : (v && v.type === 'Buffer') ? Buffer.from(v.data).toString('hex') : v)

/**
 * Runs `count` cases from `start` under `seed` on every api in `apis` ({ name: api }).
 * @returns {Promise<{ cases: number, calls: number, bytes: number, mismatches: object[], peers: Record<string, number>, deriveKeyReference: string }>}
 */
async function runSoak ({ apis, seed, count, start = 0, maxBytes = 8 * MiB, concurrency = 4, tmpDir, onProgress, maxMismatches = 20 }) {
  const peers = await loadPeers()
  const b3sum = findB3sum()
  const thresholds = [...new Set(Object.values(apis).flatMap((api) => Object.values(api.backend.inlineMaxBytes)))]
  const poolBytes = maxBytes + MiB
  const pool = randomPool(seed, poolBytes)
  const stats = { cases: 0, calls: 0, bytes: 0, mismatches: [], peers: {}, deriveKeyReference: b3sum ? 'b3sum' : 'the other backend (b3sum not on PATH)' }
  const vectorInputs = new Map()

  async function reference (c, bytes, prefixAt) {
    const input = prefixAt === undefined ? bytes : bytes.subarray(0, prefixAt)
    if (c.vector && prefixAt === undefined) return { by: 'vectors', hex: c.vector.expected }
    const algorithm = c.options.algorithm || 'blake3'
    if (c.options.context !== undefined) {
      if (!b3sum) return null
      const out = cp.execFileSync('b3sum', [`--derive-key=${c.options.context}`, '--length', String(c.outputLength), '--no-names', '--num-threads', '1'], { input, maxBuffer: 64 * MiB })
      return { by: 'b3sum', hex: out.toString().trim() }
    }
    const list = peers[algorithm]
    const [by, fn] = list[c.index % list.length]
    stats.peers[by] = (stats.peers[by] || 0) + 1
    return { by, hex: await fn(input, c.options) }
  }

  async function runCase (index) {
    const c = generateCase(seed, index, { maxBytes, thresholds, poolBytes })
    let bytes
    if (c.vector) {
      if (!vectorInputs.has(c.length)) vectorInputs.set(c.length, vectorInput(c.length))
      bytes = vectorInputs.get(c.length)
    } else {
      bytes = pool.subarray(c.offset, c.offset + c.length)
    }
    const ref = await reference(c, bytes)
    const seen = []
    for (const [name, api] of Object.entries(apis)) {
      stats.calls++
      stats.bytes += c.length
      const where = { seed, index, backend: name, api: c.api, length: c.length, options: show(c.options), cuts: c.cuts.length }
      let got
      try {
        const result = await runApi(api, { ...c, rng: caseRng(seed, index ^ 0x40000000) }, bytes, tmpDir, name)
        got = toHex(result.digest, c.outputLength, c.options.encoding)
        if (result.prefix) {
          const prefixRef = await reference(c, bytes, result.prefix.at)
          const prefixHex = toHex(result.prefix.digest, c.outputLength, c.options.encoding)
          const expected = prefixRef ? prefixRef.hex : api.hashSync(bytes.subarray(0, result.prefix.at), { ...c.options, encoding: 'hex' })
          if (prefixHex !== expected) stats.mismatches.push({ ...where, what: `copy() after ${result.prefix.at} bytes`, expected, got: prefixHex })
        }
      } catch (error) {
        stats.mismatches.push({ ...where, what: 'threw', got: `${error.code || error.name}: ${error.message}` })
        continue
      }
      seen.push([name, got])
      if (ref && got !== ref.hex) stats.mismatches.push({ ...where, what: `vs ${ref.by}`, expected: ref.hex, got })
    }
    if (!ref && seen.length > 1 && seen.some(([, h]) => h !== seen[0][1])) {
      stats.mismatches.push({ seed, index, what: 'backends disagree (no reference)', got: seen.map((s) => s.join('=')).join(' ') })
    }
    stats.cases++
  }

  let next = start
  const end = start + count
  async function lane () {
    while (next < end && stats.mismatches.length < maxMismatches) {
      await runCase(next++)
      if (onProgress && stats.cases % 1000 === 0) onProgress(stats)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  return stats
}

module.exports = { runSoak, generateCase, edgeLengths, toHex }
