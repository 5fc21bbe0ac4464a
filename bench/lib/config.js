'use strict'
/**
 * The two modes' settings. Full mode measures what the targets name (1 GiB inputs,
 * 20,000 files, a tree of 200,000 files, 2 million empty files, a 4 GiB file); quick mode
 * keeps the same shape at sizes that finish in about three minutes on two cores. Targets read their sizes from here, so a quick run
 * evaluates them at its own sizes and says so.
 */
const { KiB, MiB, GiB } = require('./units')

const SMALL_SIZES = [32, KiB, 64 * KiB, MiB]

const FULL = {
  mode: 'full',
  /** In-memory sizes; the last is also the size of the Rust reference run. */
  sizes: [...SMALL_SIZES, 64 * MiB, GiB],
  /** The large input of the thread-scaling and event-loop scenarios. */
  bigBytes: GiB,
  /** Seconds a batch of calls must take at least. */
  minTime: 0.1,
  rounds: 5,
  /** Rounds for inputs of BIG_BYTES and more. */
  bigRounds: 3,
  hasherBytes: 64 * MiB,
  hasherChunk: 64 * KiB,
  fileBytes: GiB,
  fileCount: 20000,
  rssFileBytes: 4 * GiB,
  installB3sum: true,
  /** The "trees" scenario's tree: files of 100 to 1,000 random bytes in `treeDirs` directories. */
  treeFiles: 200000,
  treeDirs: 200,
  treeMinBytes: 100,
  treeMaxBytes: 1000,
  /** Rounds of the trees contest (whole commands of seconds each). */
  treeRounds: 3,
  /** The "bigtree" scenario: hashTree's peak RSS on this many empty files against `bigTreeBaseFiles`; 0 skips it. */
  bigTreeFiles: 2000000,
  bigTreeBaseFiles: 200000,
  /** The "many" scenario: `manyCount` inputs of `manyBytes` bytes per hashMany call. */
  manyCount: 100000,
  manyBytes: 32,
  /** How those inputs are held: separate Buffers, subarrays of one Buffer, ASCII strings. */
  manyShapes: ['buffers', 'subarrays', 'strings'],
  /** Rounds of the "startup" scenario (whole processes of tens of ms). */
  startupRounds: 30,
  /** Passes of the "tiny" scenario over its contenders' processes. */
  tinyPasses: 7
}

const QUICK = {
  ...FULL,
  mode: 'quick',
  sizes: [...SMALL_SIZES, 64 * MiB],
  bigBytes: 64 * MiB,
  minTime: 0.005,
  rounds: 3,
  hasherBytes: 16 * MiB,
  fileBytes: 64 * MiB,
  fileCount: 2000,
  rssFileBytes: 0,
  installB3sum: false,
  treeFiles: 20000,
  treeDirs: 20,
  bigTreeFiles: 0,
  startupRounds: 10,
  tinyPasses: 1
}

/** Inputs of at least this size count as large: GiB/s rather than ops/s. */
const LARGE_BYTES = 64 * KiB

/** Inputs of at least this size get `bigRounds` (one call already takes long). */
const BIG_BYTES = 64 * MiB

/** Rounds for an input of `bytes` bytes. */
function roundsFor (config, bytes) {
  return bytes >= BIG_BYTES ? config.bigRounds : config.rounds
}

/** The largest in-memory size (where the 1 GiB targets are evaluated). */
function largestSize (config) {
  return config.sizes[config.sizes.length - 1]
}

function configFor (quick) {
  return quick ? QUICK : FULL
}

module.exports = { configFor, roundsFor, largestSize, LARGE_BYTES, BIG_BYTES }
