'use strict'
/**
 * The wasm backend in Node: the runtime-neutral hashing of lib/wasm/backend.js over a pool
 * of `worker_threads` (lib/wasm/node-host.js), plus what only Node has: files and walks
 * through the fs bridge, S3 parts, checksum lines and manifests, and Blobs read on the
 * calling thread (a file-backed Blob cannot be posted to a worker), all with the same
 * contract as the native addon.
 */
const { threadCount } = require('../threads')
const { parseTable } = require('../algorithms')
const { wasmModule, mainModule, createMainGlue } = require('./module')
const { instantiate } = require('./instance')
const { createMainThread } = require('./main-thread')
const { createWasmCore } = require('./backend')
const { createWasmFiles } = require('./files')
const { hashFileParts } = require('./file-parts')
const { WorkerPool } = require('./pool')
const { wire } = require('./hashers')
const { hashBatch, splitBatch } = require('./many')
const { joinWithNul } = require('./joined')
const { splitCache } = require('../build-tools/replies')

/** A round trip to a worker and back, in µs (bench/, 2-core Xeon). */
const HOP_MICROS = 90

/** Progress counters the workers add to: [bytesDone, filesDone]. */
function createProgress () {
  const buffer = new SharedArrayBuffer(16)
  const counters = new BigInt64Array(buffer)
  return {
    buffer,
    read: () => [Number(Atomics.load(counters, 0)), Number(Atomics.load(counters, 1))],
    /** One more file is done (one the workers hashed in pieces). */
    fileDone: () => { Atomics.add(counters, 1, 1n) }
  }
}

/**
 * A build-tool call with the cache's saved form in `store`, or with none: `call(saved)`
 * resolves with the reply and, with a cache, the cache's new saved form after it
 * (lib/build-tools/replies.js `splitCache`), which the store keeps; the reply.
 * @param {{ saved: Buffer } | undefined} store
 * @param {(saved: Buffer | undefined) => Promise<Uint8Array>} call
 */
async function throughCache (store, call) {
  if (store === undefined) return call(undefined)
  const { reply, cache } = splitCache(await call(store.saved))
  store.saved = cache
  return reply
}

/**
 * git's environment (lib/build-tools/git.js) as the wasm module reads it (binding-wasm
 * `build_tools.rs` `env_of`): six fields separated by NUL, each `1` and its bytes or `0`
 * for none; noSystem is there when set.
 */
function gitEnvBytes (env) {
  const field = (value) => value === undefined ? Buffer.from('0') : Buffer.concat([Buffer.from('1'), Buffer.from(value)])
  const fields = [env.workTree, env.home, env.xdgConfigHome, env.configGlobal, env.configSystem, env.noSystem ? '1' : undefined]
  return joinWithNul(fields.map(field))
}

function createWasmBackend () {
  const threads = threadCount()
  const main = createMainThread(() => instantiate(mainModule(), createMainGlue))
  const table = main.run((instance) => parseTable(instance.glue.tableJson()))
  let pool = null

  function getPool () {
    // node:worker_threads (and the stream modules it loads) only once the pool starts:
    // ~2.5 ms of a run that hashes one small file on the calling thread.
    if (pool === null) pool = new WorkerPool({ size: threads, module: wasmModule(), host: require('./node-host').nodeHost })
    return pool
  }

  const files = createWasmFiles(getPool, threads, main)
  const core = createWasmCore({ table, threads, hopMicros: HOP_MICROS, main, getPool, ready: async () => { main.current() } })

  return {
    ...core,
    sharedMemory: true,
    /** Hashes a batch (lib/many.js) on the calling thread into `out`, in `form`. */
    hashManySync: (spec, { data, ends }, form, out) =>
      main.run((instance) => hashBatch(instance, spec.bytes, form, data, ends, out)),

    /** Hashes a batch on the workers, each its own run of it, into `out`, in order, in `form`. */
    async hashManyAsync (spec, { data, ends }, form, out, signal) {
      const runs = splitBatch(data, ends, threads)
      const replies = await getPool().runAll(runs.map((run) =>
        ({ type: 'many', spec: wire(spec), form, input: run.input, ends: run.ends })), { signal })
      replies.forEach((digests, i) => out.set(digests, runs[i].first * form.width))
    },

    createProgress,
    ...files,

    // The build-tool calls (lib/build-tools): one worker each, answered in the core's reply
    // bytes. A worker keeps no cache between calls (the next call may go to another one):
    // the store is the cache's saved form, which a call takes and gives back renewed.
    gitWorkTree: (root, env, untracked, store, recorded, signal) => throughCache(store, (saved) => getPool().run({
      type: 'build', call: 'gitWorkTree', root, args: [gitEnvBytes(env), untracked, saved, recorded]
    }, { signal })),
    gitDirectoryTree: (root, env, settings, sha256, store, recorded, signal) => throughCache(store, (saved) => getPool().run({
      type: 'build', call: 'gitDirectoryTree', root, args: [gitEnvBytes(env), settings.ignore, settings.gitignore, settings.hidden, sha256, saved, recorded]
    }, { signal })),
    hashFilesWithCache: (spec, paths, store, recorded, signal) => throughCache(store, (saved) => getPool().run({
      type: 'build', call: 'hashFilesWithCache', args: [spec.bytes, paths, saved, recorded]
    }, { signal })),
    hashTreeWithCache: (root, spec, settings, store, recorded, signal) => throughCache(store, (saved) => getPool().run({
      type: 'build', call: 'hashTreeWithCache', root, args: [spec.bytes, settings.ignore, settings.gitignore, settings.hidden, settings.followSymlinks, saved, recorded]
    }, { signal })),
    /** A hash cache's store: its saved form. */
    cacheOpen: (bytes) => ({ saved: bytes }),
    /** Ends the cache's run: its new saved form. */
    cacheEndRun: async (store, keepRuns) => {
      store.saved = Buffer.from(await getPool().run({ type: 'endRun', bytes: store.saved, keepRuns }))
      return store.saved
    },

    combineCrcs: (id, digests, lengths) => main.run((instance) => instance.glue.combineCrcs(id, digests, lengths)),
    s3Parts: (size, partSize) => main.run((instance) => instance.glue.s3Parts(size, partSize)),
    s3ChecksumType: (id, multipart, wanted) => main.run((instance) => instance.glue.s3ChecksumType(id, multipart, wanted)),
    s3ObjectDigest: (id, type, multipart, digests, lengths) =>
      main.run((instance) => instance.glue.s3ObjectDigest(id, type, multipart, digests, lengths)),
    /** The digests of the `partSize`-byte parts of `bytes`, joined (each part a pool job). */
    async hashParts (spec, bytes, partSize, signal) {
      const parts = []
      for (let at = 0; at < bytes.byteLength || parts.length === 0; at += partSize) parts.push(bytes.subarray(at, at + partSize))
      return Buffer.concat(await Promise.all(parts.map((part) => this.hashAsync(spec, part, signal))))
    },
    /** The parts of one file in one pass: `{ size, digest }` (joined) or `{ code, message }`. */
    hashFileParts (spec, path, partSize, signal) {
      return hashFileParts(this, spec, path, partSize, signal, { concurrency: threads, changed: table.errors.changed })
    },

    buildManifest: (paths, digests, digestLength) => main.run((instance) => instance.glue.buildManifest(paths, digests, digestLength)),
    formatLines: (names, digests, digestLength, prefix, format, skip) =>
      main.run((instance) => instance.glue.formatLines(names, digests, digestLength, prefix, format, Uint32Array.from(skip))),
    escapeName: (name) => main.run((instance) => instance.glue.escapeName(name)),
    unescapeName: (text) => main.run((instance) => instance.glue.unescapeName(text)),

    /** Terminates the worker pool (tests and tools; idle workers never hold the process). */
    async destroy () {
      if (pool) await pool.destroy()
      pool = null
    }
  }
}

module.exports = { createWasmBackend }
