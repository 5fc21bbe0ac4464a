// Compiled (not run) by types.test.js: the declarations must accept real usage and
// give the right result types.
import { Readable } from 'node:stream'
import {
  hash, hashSync, createHasher, hashStream, hashBlob, integrity, integritySync, algorithms, backend,
  hashFile, hashFileSync, hashFiles, hashDirectory, restoreHasher, combine, s3Checksum, s3ETag,
  awsChecksumAlgorithms, hashMany, hashManySync, hashTree, type Algorithm, type HashOptions, type S3ChecksumResult
} from '../../index'

/** Marks values as used (the point is their types). */
function use (...values: unknown[]): number { return values.length }

async function usage (): Promise<void> {
  const hex: string = hashSync('abc')
  const named: string = hashSync(Buffer.from('abc'), 'sha256')
  const buf: Buffer = hashSync(new Uint8Array(4), { algorithm: 'xxh3', encoding: 'buffer' })
  const big: bigint = hashSync('x', { algorithm: 'xxh64', seed: 1n, encoding: 'bigint' })
  const asyncHex: string = await hash(new ArrayBuffer(8), { algorithm: 'blake3', outputLength: 64 })
  const asyncBuf: Buffer = await hash('x', { encoding: 'buffer', signal: AbortSignal.timeout(10) })
  const keyed: string = await hash('x', { key: new Uint8Array(32) })
  const h = createHasher({ algorithm: 'sha256' }).update('a').update(new DataView(new ArrayBuffer(2)))
  const copyHex: string = h.copy().digest('hex')
  const digestBuf: Buffer = h.digest('buffer')
  const streamed: string = await hashStream(Readable.from(['a', 'b']), 'md5')
  const blobHex: string = await hashBlob(new Blob(['x']), { algorithm: 'sha256', onProgress: (p) => use(p.bytesDone, p.bytesTotal) })
  const blobBuf: Buffer = await hashBlob(new Blob(['x']), { encoding: 'buffer', signal: AbortSignal.timeout(10) })
  const blobNamed: string = await hashBlob(new File(['x'], 'x.txt'), 'crc32')
  const shared: boolean = backend.sharedMemory
  use(blobHex, blobBuf, blobNamed, shared)
  const sri: string = await integrity('x', 'sha512')
  const sriSync: string = integritySync('x')
  const names: readonly Algorithm[] = algorithms
  const kind: 'native' | 'wasm' = backend.kind
  const options: HashOptions = { algorithm: 'crc32c' }
  const fileHex: string = await hashFile('x', { onProgress: (p) => use(p.bytesTotal), mmap: false })
  const fileBuf: Buffer = hashFileSync(new URL('file:///x'), { algorithm: 'md5', encoding: 'buffer' })
  const results = await hashFiles(['a', Buffer.from('b')], 'crc32')
  for (const r of results) { if ('error' in r) use(r.error.code); else use(r.digest.length) }
  const tree = await hashDirectory('.', { gitignore: true, ignore: ['*.log'], hidden: false })
  const treeDigest: string = tree.digest
  const manifest: string = tree.manifest
  use(fileHex, fileBuf, treeDigest, manifest)
  const crc64: bigint = hashSync('x', { algorithm: 'crc64nvme', encoding: 'bigint' })
  const state: Uint8Array = createHasher('blake3').update('a').save()
  const resumed: string = restoreHasher(state).update('b').digest('hex')
  const combined: string = combine('crc32', [{ digest: 'cbf43926', length: 9 }, { digest: 0n, length: 0n }])
  const combinedBig: bigint = combine('crc64nvme', [{ digest: Buffer.alloc(8), length: 1 }], 'bigint')
  const combinedBuf: Buffer = combine('crc32c', [], { encoding: 'buffer' })
  const upload: S3ChecksumResult = await s3Checksum('big.iso', { algorithm: 'crc64nvme', partSize: 8 << 20, type: 'FULL_OBJECT' })
  const partChecksums: string[] = upload.parts.map((p) => p.checksum)
  const etag: string = await s3ETag(new Blob(['x']), { partSize: 5 << 20, signal: AbortSignal.timeout(1) })
  const checksum = new (awsChecksumAlgorithms().CRC64NVME)()
  checksum.update(new Uint8Array(1))
  const raw: Uint8Array = await checksum.digest()
  const leaves: string[] = hashManySync(['a', Buffer.from('b')], 'blake3')
  const packed: Buffer = await hashMany([new Uint8Array(2)], { algorithm: 'xxh3', encoding: 'buffer', signal: AbortSignal.timeout(1) })
  const keys: bigint[] = hashManySync(['a'], { algorithm: 'xxh64', encoding: 'bigint' })
  for await (const file of hashTree('.', { algorithm: 'xxh3', gitignore: true })) {
    if ('error' in file) use(file.error.code); else use(file.path, file.size, file.digest.length)
  }
  use(leaves, packed, keys)
  use(crc64, resumed, combined, combinedBig, combinedBuf, partChecksums, etag, raw)
  use(hex, named, buf, big, asyncHex, asyncBuf, keyed, copyHex, digestBuf, streamed, sri, sriSync, names, kind, options)
}
use(usage)

// @ts-expect-error unknown algorithm names are rejected at compile time
hashSync('x', { algorithm: 'sha3-256' })
// @ts-expect-error signal is only for async calls
hashSync('x', { signal: AbortSignal.timeout(1) })
// @ts-expect-error hashMany takes a list of inputs
hashManySync('x')
// @ts-expect-error only the CRCs combine
combine('sha256', [])
// @ts-expect-error S3 has no MD5 checksum header
s3Checksum('x', { algorithm: 'md5' })
