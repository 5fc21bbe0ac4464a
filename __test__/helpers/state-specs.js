'use strict'
/**
 * The hasher options every state test goes through: each algorithm plain, BLAKE3 keyed,
 * derive-key and with a long output, and every xxHash with a seed; and the deterministic
 * input they hash (scripts/hasher-state-vectors.js writes the committed vectors from these).
 */
const { randomBytes } = require('./backends')

const SPECS = [
  ...['blake3', 'sha256', 'sha384', 'sha512', 'sha1', 'md5', 'xxh3', 'xxh3-128', 'xxh64', 'xxh32', 'crc32', 'crc32c', 'crc64nvme']
    .map((algorithm) => ({ algorithm })),
  { algorithm: 'blake3', key: Buffer.alloc(32, 7) },
  { algorithm: 'blake3', context: 'hashmill 2026-05 state test', outputLength: 100 },
  { algorithm: 'blake3', outputLength: 1000 },
  { algorithm: 'xxh3', seed: 2n ** 64n - 5n },
  { algorithm: 'xxh3-128', seed: 42 },
  { algorithm: 'xxh64', seed: 12345678901234567890n },
  { algorithm: 'xxh32', seed: 0xdeadbeef }
]

/** A label for a spec in test names and the vectors file. */
function label (spec) {
  return Object.entries(spec).map(([k, v]) => k === 'algorithm' ? v : `${k}=${Buffer.isBuffer(v) ? v.toString('hex').slice(0, 8) : v}`).join(' ')
}

/** The input the state tests and vectors hash: 3 MiB + 17 deterministic bytes. */
const INPUT = randomBytes(3 * 1024 * 1024 + 17, 2026)

module.exports = { SPECS, INPUT, label }
