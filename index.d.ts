/// <reference types="node" />
/**
 * hashmill: fast content hashing for Node.js. Native (napi-rs, rayon threads) where a
 * prebuilt binary exists, WebAssembly in worker_threads everywhere else, with the same
 * API and byte-identical results. Deno and Bun load the same entry. Browsers and
 * Cloudflare Workers (workerd) get the calls every runtime has (hashSync, hash,
 * createHasher, hashStream, hashBlob, integrity, integritySync, ready, algorithms,
 * backend) from the `browser` and `workerd` exports; there `encoding: 'buffer'` gives a
 * plain Uint8Array, and in browsers the sync calls need `await ready()` first.
 */

/** Every algorithm name hashmill accepts. */
export type Algorithm =
  | 'blake3'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'sha1'
  | 'md5'
  | 'xxh3'
  | 'xxh3-128'
  | 'xxh64'
  | 'xxh32'
  | 'crc32'
  | 'crc32c'
  | 'crc64nvme'
  | 'git-sha1'
  | 'git-sha256'

/** Input bytes: strings are UTF-8; views hash exactly their byte range. */
export type Input = string | ArrayBufferView | ArrayBuffer | SharedArrayBuffer

/**
 * How a digest is returned. xxHash and CRC digests are big-endian (as `xxhsum` and CRC
 * tools print them); `'bigint'` gives the value itself, for digests of at most 64 bits.
 */
export type Encoding = 'hex' | 'base64' | 'base64url' | 'buffer' | 'bigint'

export interface HashOptions {
  /** Default `'blake3'`. */
  algorithm?: Algorithm
  /** Default `'hex'`. */
  encoding?: Encoding
  /** BLAKE3 keyed mode: exactly 32 bytes. */
  key?: ArrayBufferView | ArrayBuffer | SharedArrayBuffer
  /** BLAKE3 derive-key mode: the context string. */
  context?: string
  /** BLAKE3 only: output length in bytes, 1 to 2^30 (default 32). */
  outputLength?: number
  /** xxHash seed: up to 2^64 - 1 (xxh3, xxh3-128, xxh64) or 2^32 - 1 (xxh32). */
  seed?: number | bigint
  /**
   * git-sha1 / git-sha256 only: the input's length, declared up front. Required to stream
   * (`createHasher`, `hashStream`); when given elsewhere it must equal the input's length.
   */
  size?: number | bigint
}

export interface AsyncHashOptions extends HashOptions {
  /** Aborting rejects the call with an `AbortError` (`code: 'ABORT_ERR'`) and stops the work. */
  signal?: AbortSignal
}

type Digest<O> = O extends { encoding: 'buffer' }
  ? Buffer
  : O extends { encoding: 'bigint' }
    ? bigint
    : string

/** Hashes `input` on the calling thread. For small inputs; prefer `hash()` for large ones. */
export function hashSync<O extends HashOptions | Algorithm | undefined = HashOptions> (
  input: Input,
  options?: O
): O extends HashOptions ? Digest<O> : string

/**
 * Hashes `input` off the main thread (native: rayon pool; wasm: worker pool). BLAKE3
 * inputs above 128 KiB use several threads on the native backend. Inputs of at most
 * `backend.inlineMaxBytes[algorithm]` are hashed inline; the promise still settles asynchronously.
 * The input is read while the call runs: do not change its bytes until the promise settles.
 */
export function hash<O extends AsyncHashOptions | Algorithm | undefined = AsyncHashOptions> (
  input: Input,
  options?: O
): Promise<O extends AsyncHashOptions ? Digest<O> : string>

type Digests<O> = O extends { encoding: 'buffer' }
  ? Buffer
  : O extends { encoding: 'bigint' }
    ? bigint[]
    : string[]

/**
 * The digests of many inputs in one call into the backend (not one per input), hashed on
 * the calling thread: for many small inputs (Merkle leaves, cache keys, records), where a
 * call's fixed cost is most of the work. Each digest equals `hashSync()` of the same input;
 * `encoding: 'buffer'` gives one Buffer with the digests one after another. Hex digests
 * are slices of one string, which stays in memory while any of them is kept.
 */
export function hashManySync<O extends HashOptions | Algorithm | undefined = HashOptions> (
  inputs: readonly Input[],
  options?: O
): O extends HashOptions ? Digests<O> : string[]

/**
 * `hashManySync()` off the main thread (large batches spread over every thread; small
 * ones inline). Do not change the inputs' bytes until the promise settles.
 */
export function hashMany<O extends AsyncHashOptions | Algorithm | undefined = AsyncHashOptions> (
  inputs: readonly Input[],
  options?: O
): Promise<O extends AsyncHashOptions ? Digests<O> : string[]>

/** A streaming hasher on the calling thread. */
export class Hasher {
  private constructor ()
  readonly algorithm: Algorithm
  readonly outputLength: number
  /** Feeds more input; chainable. Throws after `digest()` (code `ERR_HASHMILL_HASHER_FINALIZED`). */
  update (input: Input): this
  /** The digest of everything fed so far; a hasher gives one digest (use `copy()` first to go on). */
  digest (): string | Buffer | bigint
  digest (encoding: 'buffer'): Buffer
  digest (encoding: 'bigint'): bigint
  digest (encoding: 'hex' | 'base64' | 'base64url'): string
  /** An independent hasher with the same state. */
  copy (): Hasher
  /** Forgets all input (keeps key, context, seed); usable again after `digest()`. */
  reset (): this
  /**
   * The state as bytes `restoreHasher()` continues from: in another process, on the other
   * backend, on another machine. Versioned and self-checking; a keyed BLAKE3 state holds the key.
   */
  save (): Uint8Array
}

export function createHasher (algorithmOrOptions?: Algorithm | HashOptions): Hasher

/**
 * A Hasher that continues where the one that saved `state` stopped (same algorithm, key,
 * context, seed and output length; the encoding defaults to hex). A truncated, corrupted,
 * foreign or newer-format state throws `ERR_HASHMILL_INVALID_STATE`.
 */
export function restoreHasher (state: Uint8Array | ArrayBufferView | ArrayBuffer): Hasher

/** The CRCs whose digests of consecutive parts combine. */
export type CombinableAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme'

/** One part for `combine()`: its digest (bytes, hex, the value; a number for 32-bit CRCs) and length. */
export interface CombinePart {
  digest: ArrayBufferView | string | bigint | number
  length: number | bigint
}

/**
 * The digest of the concatenation of consecutive parts from their digests and lengths,
 * without their bytes, in O(log length) per part. Other algorithms throw
 * `ERR_HASHMILL_OPTION_NOT_SUPPORTED`.
 */
export function combine<O extends { encoding?: Encoding } | Encoding | undefined = undefined> (
  algorithm: CombinableAlgorithm,
  parts: readonly CombinePart[],
  options?: O
): O extends Encoding ? Digest<{ encoding: O }> : O extends { encoding?: Encoding } ? Digest<O> : string

/** The checksums S3 offers (`x-amz-checksum-*`). */
export type S3Algorithm = 'crc64nvme' | 'crc32' | 'crc32c' | 'sha1' | 'sha256'

/** What S3 derives an object's checksum from: the whole object, or its parts' checksums. */
export type S3ChecksumType = 'FULL_OBJECT' | 'COMPOSITE'

/** What `s3Checksum()` and `s3ETag()` read: a file (path or `file:` URL), bytes, or a Blob. */
export type S3Input = string | URL | ArrayBufferView | ArrayBuffer | SharedArrayBuffer | Blob

export interface S3UploadOptions {
  /** A multipart upload in parts of this many bytes (5 MiB to 5 GiB); none: a single PUT. */
  partSize?: number
  signal?: AbortSignal
}

export interface S3ChecksumOptions extends S3UploadOptions {
  /** Default `'crc64nvme'` (what S3 adds to objects uploaded without a checksum). */
  algorithm?: S3Algorithm
  /**
   * Default: S3's (FULL_OBJECT for single PUTs and crc64nvme, COMPOSITE for the others).
   * S3 has no COMPOSITE crc64nvme and no FULL_OBJECT sha1/sha256 for multipart uploads.
   */
  type?: S3ChecksumType
}

export interface S3ChecksumResult {
  algorithm: S3Algorithm
  type: S3ChecksumType
  /** Base64, as the `x-amz-checksum-<algorithm>` header carries it; COMPOSITE ones end in `-<parts>`. */
  checksum: string
  size: number
  /** Each part's checksum (base64), for UploadPart; empty for a single PUT. */
  parts: Array<{ partNumber: number, size: number, checksum: string }>
}

/**
 * What S3 computes and returns as the checksum of `input` uploaded in one PUT or in parts:
 * one pass over the data, parts hashed in parallel. S3's rules (5 MiB to 5 GiB parts, the
 * last may be smaller, at most 10,000) are `ERR_HASHMILL_S3_*` errors.
 */
export function s3Checksum (input: S3Input, options?: S3ChecksumOptions): Promise<S3ChecksumResult>

/** The ETag S3 gives `input`, quoted as S3 returns it: `"<md5>"`, or `"<md5 of part md5s>-<parts>"`. */
export function s3ETag (input: S3Input, options?: S3UploadOptions): Promise<string>

/** A checksum as the AWS SDK for JavaScript v3 takes it (the smithy `Checksum` interface). */
export interface AwsChecksum {
  readonly digestLength: number
  update (chunk: Uint8Array): void
  digest (): Promise<Uint8Array>
  reset (): void
  copy (): AwsChecksum
}

/**
 * The AWS SDK v3's `checksumAlgorithms` client option, so the SDK computes request checksums
 * and validates responses with hashmill: `new S3Client({ checksumAlgorithms: awsChecksumAlgorithms() })`.
 */
export function awsChecksumAlgorithms (): {
  CRC64NVME: new () => AwsChecksum
  CRC32: new () => AwsChecksum
  CRC32C: new () => AwsChecksum
  SHA1: new () => AwsChecksum
  SHA256: new () => AwsChecksum
}

/** A source of chunks for `hashStream()`. */
export type ChunkSource =
  | NodeJS.ReadableStream
  | ReadableStream<Input>
  | AsyncIterable<Input>
  | Iterable<Input>

/** Hashes every chunk of a stream or (async) iterable, off the main thread. */
export function hashStream<O extends AsyncHashOptions | Algorithm | undefined = AsyncHashOptions> (
  source: ChunkSource,
  options?: O
): Promise<O extends AsyncHashOptions ? Digest<O> : string>

export type IntegrityAlgorithm = 'sha256' | 'sha384' | 'sha512'

export interface BlobProgress {
  bytesDone: number
  bytesTotal: number
}

export interface BlobOptions extends AsyncHashOptions {
  /** Called at most ~10 times a second while the Blob is hashed, and once at the end. */
  onProgress?: (progress: BlobProgress) => void
}

/**
 * The digest of a Blob or File (any size, in bounded memory), off the main thread. In
 * browsers the workers read the Blob themselves; BLAKE3 and the CRCs split it across them.
 * A File changed since it was picked (or opened with `fs.openAsBlob`) fails with
 * `ERR_HASHMILL_BLOB_UNREADABLE`.
 */
export function hashBlob<O extends BlobOptions | Algorithm | undefined = BlobOptions> (
  blob: Blob,
  options?: O
): Promise<O extends BlobOptions ? Digest<O> : string>

/** A Subresource-Integrity string such as `sha384-<base64>`, computed like `hash()`. */
export function integrity (input: Input, algorithm?: IntegrityAlgorithm): Promise<string>

/** `integrity()` on the calling thread. */
export function integritySync (input: Input, algorithm?: IntegrityAlgorithm): string

/**
 * Resolves once small digests on the calling thread take their fastest path: the wasm
 * instance `hashSync` hashes small inputs with exists (it is made on first use anyway;
 * calls before it are just as correct). In browsers, where the module compiles
 * asynchronously, `hashSync`, `integritySync` and `createHasher` throw
 * `ERR_HASHMILL_NOT_READY` until it has resolved; the async calls wait for it themselves.
 */
export function ready (): Promise<void>

/** A file path: a string, a Buffer (any bytes, for non-UTF-8 names) or a `file:` URL. */
export type PathLike = string | Buffer | URL

export interface Progress {
  bytesDone: number
  bytesTotal: number
  filesDone: number
  filesTotal: number
}

export interface FileOptions extends AsyncHashOptions {
  /** Native backend: memory-map large regular files (default true); false reads them in chunks. */
  mmap?: boolean
  /** Called at most ~10 times a second, on the main thread, and once at the end. */
  onProgress?: (progress: Progress) => void
}

export interface SyncFileOptions extends HashOptions {
  mmap?: boolean
}

/** A cache of file digests that cannot go stale (see `openHashCache`). */
export declare class HashCache {
  private constructor ()
  /** The file it is saved to. */
  readonly file: string
  /**
   * Writes it (atomically), dropping entries not seen in the last `keepRuns` saves. A save
   * that fails to write still counts as one of those saves.
   */
  save (): Promise<void>
}

/**
 * Opens the cache saved at `file` (a missing, truncated, corrupted or foreign file gives an
 * empty one). Use it as `{ cache }` in `hashFiles()` and `hashDirectory()`.
 */
export function openHashCache (file: string, options?: { keepRuns?: number }): Promise<HashCache>

export interface CachedFileOptions extends FileOptions {
  /** Answer unchanged files from this cache and record the others. */
  cache?: HashCache
}

export interface DirectoryOptions extends CachedFileOptions {
  /** gitignore-syntax patterns relative to the directory; they win over .gitignore files. */
  ignore?: string[]
  /** Honour .gitignore files (and .git/info/exclude) as git does, and skip .git. Default false. */
  gitignore?: boolean
  /** Include names starting with a dot. Default true. */
  hidden?: boolean
  /** Follow symlinks (a loop is skipped, never followed forever). Default false: skip them. */
  followSymlinks?: boolean
  /** `'manifest'` (default), or `'git'`: the tree ID `git add -A && git write-tree` would give. */
  format?: 'manifest' | 'git'
}

/** A file of a git tree: its mode as git prints it (`'100644'`, `'100755'`, `'120000'`, `'160000'`). */
export interface GitFile {
  path: string
  mode: string
  id: string
  size: number
}

/**
 * The tree object ID `git add -A && git write-tree` would give for `dir` (algorithm
 * git-sha1 by default, or git-sha256), its files and `git ls-tree -r` lines.
 */
export function hashDirectory (
  dir: PathLike,
  options: DirectoryOptions & { format: 'git' }
): Promise<{ digest: string, files: GitFile[], manifest: string }>

export interface GitWorkTree {
  /** The blob ID of every tracked file as it is on disk now, and of untracked files not ignored. */
  ids: Map<string, string>
  /** The same with modes and sizes, sorted by path. */
  files: GitFile[]
  modified: string[]
  deleted: string[]
  untracked: string[]
  /** Paths in conflict during a merge or rebase (`git status`'s unmerged paths); their files' IDs are in `ids`. */
  unmerged: string[]
  /** Paths whose ID hashmill cannot compute (a filter driver, ...), never given a wrong one. */
  unsupported: Array<{ path: string, reason: string }>
}

/** The work tree of the repository at `repoDir` as git sees it (`git status`, `git ls-files -s`). */
export function gitWorkTree (
  repoDir: PathLike,
  options?: { untracked?: boolean, cache?: HashCache, signal?: AbortSignal }
): Promise<GitWorkTree>

/**
 * An error about a file: `code` is the OS code (`ENOENT`, `EACCES`, `EISDIR`, `ELOOP`, ...,
 * or `ECHANGED` when a file changed size while it was hashed), `path` the file.
 */
export interface FileError extends Error {
  code: string
  path: string
}

export type FileResult<D> = { path: string, size: number, digest: D } | { path: string, error: FileError }

/**
 * Hashes one file off the main thread. Native: large files are memory-mapped and BLAKE3
 * uses every core; wasm: a worker reads the file into wasm memory in chunks.
 */
export function hashFile<O extends FileOptions | Algorithm | undefined = FileOptions> (
  path: PathLike,
  options?: O
): Promise<O extends FileOptions ? Digest<O> : string>

/** `hashFile()` on the calling thread. */
export function hashFileSync<O extends SyncFileOptions | Algorithm | undefined = SyncFileOptions> (
  path: PathLike,
  options?: O
): O extends SyncFileOptions ? Digest<O> : string

/**
 * Hashes many files in parallel with a bounded number of open files. Results are in
 * input order; a file that cannot be read does not fail the batch: its entry has `error`.
 */
export function hashFiles<O extends CachedFileOptions | Algorithm | undefined = CachedFileOptions> (
  paths: readonly PathLike[],
  options?: O
): Promise<Array<FileResult<O extends FileOptions ? Digest<O> : string>>>

/**
 * A deterministic digest of a directory tree. `manifest` is one coreutils-format line
 * (`<hex>  <relative path>`) per regular file, sorted by path bytes, exactly what
 * `sha256sum` prints for the same list; `digest` is the hash of the manifest's bytes.
 */
export function hashDirectory<O extends DirectoryOptions | Algorithm | undefined = DirectoryOptions> (
  dir: PathLike,
  options?: O
): Promise<{
  digest: O extends DirectoryOptions ? Digest<O> : string
  files: Array<{ path: string, size: number, digest: O extends DirectoryOptions ? Digest<O> : string }>
  manifest: string
}>

/**
 * The files of a tree as they are hashed, in the order of `hashDirectory()`'s manifest, in
 * memory that does not grow with the tree (for trees too large to hold). A file that
 * cannot be read gives `{ path, error }`; abort with `signal`, or by leaving the loop.
 */
export function hashTree<O extends DirectoryOptions | Algorithm | undefined = DirectoryOptions> (
  dir: PathLike,
  options?: O
): AsyncIterableIterator<FileResult<O extends DirectoryOptions ? Digest<O> : string>>

/**
 * The files `hashDirectory()` would hash, without hashing them: sorted by path bytes,
 * paths relative to `dir` with `/` separators.
 */
export function walkDirectory (
  dir: PathLike,
  options?: Pick<DirectoryOptions, 'ignore' | 'gitignore' | 'hidden' | 'followSymlinks' | 'signal'>
): Promise<Array<{ path: string, size: number }>>

/** Every algorithm name, in a stable order. */
export const algorithms: readonly Algorithm[]

/** Which backend the loader chose, and why. */
export const backend: Readonly<{
  kind: 'native' | 'wasm'
  /** e.g. `'linux-x64-gnu'` or `'wasm32-unknown-unknown'`. */
  target: string
  /** Threads used for async work (`HASHMILL_THREADS` or `os.availableParallelism()`). */
  threads: number
  /** SIMD features the hash code dispatches on (e.g. `'avx2'`, `'sha'`, `'simd128'`). */
  cpuFeatures: readonly string[]
  /**
   * Per algorithm: `hash()` hashes inputs up to this size inline, since below it a trip to
   * the thread pool would cost more than the hash (measured; 4 KiB to a few hundred KiB).
   */
  inlineMaxBytes: Readonly<Record<Algorithm, number>>
  /**
   * Whether input reaches the threads through shared memory (Node; a cross-origin isolated
   * page) rather than as copies moved to each worker (other pages; workerd, which has no
   * workers).
   */
  sharedMemory: boolean
  /** Every failed load attempt, each with `candidate` (what was tried). */
  fallbackErrors: readonly (Error & { candidate?: string })[]
}>

/** Errors hashmill throws carry one of these codes (plus Node's `ERR_INVALID_ARG_*`). */
export type ErrorCode =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_HASHMILL_UNKNOWN_ALGORITHM'
  | 'ERR_HASHMILL_UNKNOWN_OPTION'
  | 'ERR_HASHMILL_OPTION_NOT_SUPPORTED'
  | 'ERR_HASHMILL_INVALID_KEY_LENGTH'
  | 'ERR_HASHMILL_HASHER_FINALIZED'
  | 'ERR_HASHMILL_WORKER_FAILED'
  | 'ERR_HASHMILL_BACKEND'
  | 'ERR_HASHMILL_INVALID_STATE'
  | 'ERR_HASHMILL_S3_PART_SIZE'
  | 'ERR_HASHMILL_S3_TOO_MANY_PARTS'
  | 'ERR_HASHMILL_S3_ALGORITHM'
  | 'ERR_HASHMILL_S3_CHECKSUM_TYPE'
  | 'ERR_HASHMILL_NOT_READY'
  | 'ERR_HASHMILL_BLOB_UNREADABLE'
  | 'ABORT_ERR'
