'use strict'
/**
 * xxhsum's benchmark mode (-b, -b#, -i#, -B#, --benchmark-all) for hashmill's xxHash: each
 * chosen variant hashes a sample (-B bytes, 100 KB by default, or each FILE's content) over
 * and over for about a second per iteration (-i, 3 by default; 0 for one quick round),
 * through the same calls programs use, and prints its best rate on stderr as xxhsum does:
 * ` 5#XXH3_64b                       :     102400 ->   376886 it/s (36805.3 MB/s)`.
 * Variants use xxhsum's numbering: odd ids aligned, even ids the same one byte off. Those
 * with a custom secret are not in hashmill's API and are reported as such.
 */
const fs = require('node:fs')
const { hashmillVersion } = require('./personalities')

/**
 * xxhsum's variants, in its order: [name, algorithm, seeded, streamed] (null: not in hashmill).
 * @type {[string, string | null, boolean?, boolean?][]}
 */
const VARIANTS = [
  ['XXH32', 'xxh32', false, false],
  ['XXH64', 'xxh64', false, false],
  ['XXH3_64b', 'xxh3', false, false],
  ['XXH3_64b w/seed', 'xxh3', true, false],
  ['XXH3_64b w/secret', null],
  ['XXH128', 'xxh3-128', false, false],
  ['XXH128 w/seed', 'xxh3-128', true, false],
  ['XXH128 w/secret', null],
  ['XXH32_stream', 'xxh32', false, true],
  ['XXH64_stream', 'xxh64', false, true],
  ['XXH3_stream', 'xxh3', false, true],
  ['XXH3_stream w/seed', 'xxh3', true, true],
  ['XXH128_stream', 'xxh3-128', false, true],
  ['XXH128_stream w/seed', 'xxh3-128', true, true]
]

const MB = 1 << 20
const NAME_WIDTH = 29

/**
 * One call of a variant on `data`.
 * @param {any} api
 * @param {[string, string | null, boolean?, boolean?]} variant
 */
function hasherOf (api, [, algorithm, seeded, streamed]) {
  const options = seeded ? { algorithm, seed: 1 } : { algorithm }
  if (streamed) return (data) => api.createHasher(options).update(data).digest()
  return (data) => api.hashSync(data, options)
}

/** The best hashes per second of `hash` on `data` over `iterations` rounds of ~1 s. */
function bestRate (hash, data, iterations) {
  let perRound = Math.floor(300 * MB / (data.length + 1)) + 1
  let best = 0
  for (let round = 1; round <= Math.max(1, iterations); round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < perRound; i++) hash(data)
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const rate = perRound / Math.max(seconds, 1e-9)
    if (seconds < 0.5 && iterations > 0) {
      perRound = Math.max(1, Math.ceil(rate))
      round--
      continue
    }
    best = Math.max(best, rate)
    perRound = Math.max(1, Math.ceil(rate))
  }
  return best
}

/** The result line for variant `id` on a sample of `size` bytes. */
function resultLine (id, name, size, rate) {
  const rateText = rate.toFixed(0).padStart(8)
  const speed = (size / MB * rate).toFixed(1).padStart(7)
  return `${String(id).padStart(2)}#${name.padEnd(NAME_WIDTH).slice(0, NAME_WIDTH)} : ${String(size).padStart(10)} -> ${rateText} it/s (${speed} MB/s) \n`
}

/** Benchmarks the chosen variants on `sample`. */
function benchSample (api, ids, sample, iterations, stderr) {
  // One spare byte in front, for the variants that read one byte off alignment.
  const spare = Buffer.alloc(sample.length + 1)
  sample.copy(spare, 1)
  for (const id of ids) {
    const variant = VARIANTS[(id - 1) >> 1]
    const name = id % 2 ? variant[0] : `${variant[0]} unaligned`
    if (!variant[1]) {
      stderr.write(`${String(id).padStart(2)}#${name.padEnd(NAME_WIDTH).slice(0, NAME_WIDTH)} : not in hashmill (no custom secrets)\n`)
      continue
    }
    const data = id % 2 ? sample : spare.subarray(1)
    stderr.write(resultLine(id, name, sample.length, bestRate(hasherOf(api, variant), data, iterations)))
  }
}

/**
 * @param {object} api the hashmill package
 * @param {import('./personalities').Settings} args with `bench`: ids, iterations, blockSize, quiet
 * @param {string} name the command's name
 * @param {{ write(text: string): unknown }} stderr
 * @returns {number} the exit status
 */
function bench (api, args, name, stderr) {
  const { ids, iterations, blockSize, quiet } = /** @type {NonNullable<typeof args.bench>} */ (args.bench)
  if (!quiet) stderr.write(`${name} (hashmill) ${hashmillVersion()}, ${api.backend.kind} backend\n`)
  if (args.operands.length === 0) {
    stderr.write(`Sample of ${blockSize > 10 * 1024 ? `${blockSize >> 10} KB` : `${blockSize} bytes`}...        \n`)
    benchSample(api, ids, Buffer.alloc(blockSize), iterations, stderr)
    return 0
  }
  for (const file of args.operands) {
    let sample
    try {
      sample = fs.readFileSync(file)
    } catch (error) {
      stderr.write(`Error: Could not open '${file}': ${require('../fs-errors').strerror(error)}.\n`)
      return 11
    }
    benchSample(api, ids, sample, iterations, stderr)
  }
  return 0
}

module.exports = { bench }
