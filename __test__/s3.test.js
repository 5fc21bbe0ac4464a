'use strict'
/**
 * s3Checksum(), s3ETag(), `hashmill s3` and the AWS SDK plug-in: against checksums
 * computed here from independent implementations (node:crypto, @node-rs/crc32,
 * @aws-sdk/crc64-nvme), against S3's part rules, and against a real S3 API on loopback
 * (moto's server, driven by @aws-sdk/client-s3). For the comparison the server must
 * compute its own values from the bytes: moto echoes a checksum the client sends without
 * checking it, so those requests name the algorithm and carry no value (a middleware takes
 * the SDK's value off); separate tests show that hashmill's values and hashmill as the
 * SDK's checksum implementation are accepted, and that a wrong stored checksum is caught.
 */
const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const nodeCrc = require('@node-rs/crc32')
const { Crc64Nvme } = require('@aws-sdk/crc64-nvme')
const { each, randomBytes } = require('./helpers/backends')
const { python, pythonSkip } = require('./helpers/python')
const { startMoto } = require('../scripts/lib/moto')

const MiB = 1 << 20
const CLI = path.join(__dirname, '..', 'bin', 'hashmill.js')
const BODY = randomBytes(12 * MiB + 3, 13)

/** Independent raw digests, by S3's algorithm names. */
const PEERS = {
  crc32: (b) => u32(nodeCrc.crc32(b)),
  crc32c: (b) => u32(nodeCrc.crc32c(b)),
  crc64nvme: async (b) => { const c = new Crc64Nvme(); c.update(b); return Buffer.from(await c.digest()) },
  sha1: (b) => crypto.createHash('sha1').update(b).digest(),
  sha256: (b) => crypto.createHash('sha256').update(b).digest(),
  md5: (b) => crypto.createHash('md5').update(b).digest()
}
function u32 (n) { const out = Buffer.alloc(4); out.writeUInt32BE(n >>> 0); return out }

/** What S3 would report, computed from the peers: `{ checksum, parts }` (base64). */
async function expected (algorithm, bytes, partSize, type) {
  const peer = PEERS[algorithm]
  if (partSize === undefined) return { checksum: (await peer(bytes)).toString('base64'), parts: [] }
  const parts = []
  for (let at = 0; at < bytes.length || parts.length === 0; at += partSize) parts.push(bytes.subarray(at, at + partSize))
  const digests = await Promise.all(parts.map(peer))
  const checksum = type === 'FULL_OBJECT'
    ? (await peer(bytes)).toString('base64')
    : `${(await peer(Buffer.concat(digests))).toString('base64')}-${parts.length}`
  return { checksum, parts: parts.map((part, i) => ({ partNumber: i + 1, size: part.length, checksum: digests[i].toString('base64') })) }
}

function expectedETag (bytes, partSize) {
  if (partSize === undefined) return `"${PEERS.md5(bytes).toString('hex')}"`
  const parts = []
  for (let at = 0; at < bytes.length || parts.length === 0; at += partSize) parts.push(PEERS.md5(bytes.subarray(at, at + partSize)))
  return `"${PEERS.md5(Buffer.concat(parts)).toString('hex')}-${parts.length}"`
}

/** The uploads the tests make: [algorithm, partSize, type]. */
const UPLOADS = [
  ...['crc64nvme', 'crc32', 'crc32c', 'sha1', 'sha256'].map((a) => [a, undefined, 'FULL_OBJECT']),
  ['crc64nvme', 5 * MiB, 'FULL_OBJECT'],
  ['crc32', 5 * MiB, 'COMPOSITE'],
  ['crc32', 5 * MiB, 'FULL_OBJECT'],
  ['crc32c', 6 * MiB, 'COMPOSITE'],
  ['crc32c', 5 * MiB, 'FULL_OBJECT'],
  ['sha1', 5 * MiB, 'COMPOSITE'],
  ['sha256', 7 * MiB, 'COMPOSITE']
]

describe('s3Checksum() and s3ETag()', () => {
  let dir
  let file
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashmill-s3-'))
    file = path.join(dir, 'object.bin')
    fs.writeFileSync(file, BODY)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  for (const [kind, api] of each()) {
    for (const [algorithm, partSize, type] of UPLOADS) {
      it(`${kind}: ${algorithm} ${type} ${partSize ? `in ${partSize / MiB} MiB parts` : 'single PUT'}, from a file, bytes and a Blob`, async () => {
        const want = { algorithm, type, size: BODY.length, ...(await expected(algorithm, BODY, partSize, type)) }
        const options = { algorithm, partSize, type }
        assert.deepEqual(await api.s3Checksum(file, options), want, 'file')
        assert.deepEqual(await api.s3Checksum(new URL(`file://${file}`), options), want, 'file: URL')
        assert.deepEqual(await api.s3Checksum(BODY, options), want, 'Buffer')
        assert.deepEqual(await api.s3Checksum(new Blob([BODY]), options), want, 'Blob')
        const defaults = await api.s3Checksum(BODY, { algorithm, partSize })
        assert.equal(defaults.type, algorithm === 'crc64nvme' || !partSize ? 'FULL_OBJECT' : 'COMPOSITE', 'S3\'s default type')
      })
    }

    it(`${kind}: the ETag of one PUT and of multipart uploads`, async () => {
      for (const partSize of [undefined, 5 * MiB, 6 * MiB, 12 * MiB + 3, 13 * MiB]) {
        const want = expectedETag(BODY, partSize)
        assert.equal(await api.s3ETag(file, { partSize }), want, `${partSize} file`)
        assert.equal(await api.s3ETag(BODY, { partSize }), want, `${partSize} bytes`)
        assert.equal(await api.s3ETag(new Blob([BODY]), { partSize }), want, `${partSize} Blob`)
      }
    })

    it(`${kind}: empty objects, parts that fill the object exactly, the default algorithm`, async () => {
      const empty = Buffer.alloc(0)
      assert.deepEqual(await api.s3Checksum(empty), { algorithm: 'crc64nvme', type: 'FULL_OBJECT', size: 0, checksum: 'AAAAAAAAAAA=', parts: [] })
      const emptyParts = await api.s3Checksum(empty, { algorithm: 'crc32', partSize: 5 * MiB })
      assert.deepEqual(emptyParts, { algorithm: 'crc32', type: 'COMPOSITE', size: 0, ...(await expected('crc32', empty, 5 * MiB, 'COMPOSITE')) })
      assert.equal(await api.s3ETag(empty), '"d41d8cd98f00b204e9800998ecf8427e"')
      const exact = BODY.subarray(0, 10 * MiB)
      const result = await api.s3Checksum(exact, { partSize: 5 * MiB })
      assert.deepEqual(result.parts.map((p) => p.size), [5 * MiB, 5 * MiB])
      assert.deepEqual(result, { algorithm: 'crc64nvme', type: 'FULL_OBJECT', size: exact.length, ...(await expected('crc64nvme', exact, 5 * MiB, 'FULL_OBJECT')) })
    })

    it(`${kind}: S3's rules and bad arguments are coded errors`, async () => {
      const sparse = path.join(dir, `sparse-${kind}.bin`)
      fs.writeFileSync(sparse, '')
      fs.truncateSync(sparse, 10_001 * 5 * MiB)
      const cases = [
        [() => api.s3Checksum(BODY, { partSize: 5 * MiB - 1 }), 'ERR_HASHMILL_S3_PART_SIZE', RangeError],
        [() => api.s3Checksum(BODY, { partSize: 5 * 1024 * MiB + 1 }), 'ERR_HASHMILL_S3_PART_SIZE', RangeError],
        [() => api.s3Checksum(BODY, { partSize: 5 * MiB + 0.5 }), 'ERR_HASHMILL_S3_PART_SIZE', RangeError],
        [() => api.s3ETag(BODY, { partSize: 0 }), 'ERR_HASHMILL_S3_PART_SIZE', RangeError],
        [() => api.s3Checksum(sparse, { partSize: 5 * MiB }), 'ERR_HASHMILL_S3_TOO_MANY_PARTS', RangeError],
        [() => api.s3ETag(sparse, { partSize: 5 * MiB }), 'ERR_HASHMILL_S3_TOO_MANY_PARTS', RangeError],
        [() => api.s3Checksum(BODY, { algorithm: 'md5' }), 'ERR_HASHMILL_S3_ALGORITHM', TypeError],
        [() => api.s3Checksum(BODY, { algorithm: 'blake3', partSize: 5 * MiB }), 'ERR_HASHMILL_S3_ALGORITHM', TypeError],
        [() => api.s3Checksum(BODY, { algorithm: 'crc64nvme', partSize: 5 * MiB, type: 'COMPOSITE' }), 'ERR_HASHMILL_S3_CHECKSUM_TYPE', TypeError],
        [() => api.s3Checksum(BODY, { algorithm: 'sha256', partSize: 5 * MiB, type: 'FULL_OBJECT' }), 'ERR_HASHMILL_S3_CHECKSUM_TYPE', TypeError],
        [() => api.s3Checksum(BODY, { algorithm: 'crc32', type: 'COMPOSITE' }), 'ERR_HASHMILL_S3_CHECKSUM_TYPE', TypeError],
        [() => api.s3Checksum(BODY, { type: 'full' }), 'ERR_INVALID_ARG_VALUE', TypeError],
        [() => api.s3Checksum(BODY, { algorithm: 'crc99' }), 'ERR_HASHMILL_UNKNOWN_ALGORITHM', TypeError],
        [() => api.s3Checksum(BODY, { partSize: '8MiB' }), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.s3Checksum(BODY, { parts: 3 }), 'ERR_HASHMILL_UNKNOWN_OPTION', TypeError],
        [() => api.s3Checksum(BODY, { signal: 'x' }), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.s3Checksum(BODY, 'crc32'), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.s3Checksum(42), 'ERR_INVALID_ARG_TYPE', TypeError],
        [() => api.s3Checksum(''), 'ERR_INVALID_ARG_VALUE', TypeError],
        [() => api.s3Checksum(path.join(dir, 'missing')), 'ENOENT', Error],
        [() => api.s3ETag(dir), 'EISDIR', Error],
        [() => api.s3Checksum(BODY, { signal: AbortSignal.abort() }), 'ABORT_ERR', Error]
      ]
      for (const [call, code, type] of cases) {
        await assert.rejects(call, (error) => error instanceof type && error.code === code, `${call}`)
      }
      await assert.rejects(api.s3Checksum(path.join(dir, 'missing')), (error) => error.path === path.join(dir, 'missing'))
    })
  }

  it('both backends give the same results for many part sizes', async () => {
    const [[, native], [, wasm]] = each()
    for (const [algorithm, partSize, type] of UPLOADS) {
      for (const size of [partSize, partSize && partSize + 1, partSize && 2 * partSize]) {
        const options = { algorithm, partSize: size, type }
        assert.deepEqual(await wasm.s3Checksum(BODY, options), await native.s3Checksum(BODY, options), `${algorithm} ${size}`)
      }
    }
  })

  it('hashmill s3, human and --json', async () => {
    const run = (args) => spawnSync(process.execPath, [CLI, 's3', ...args], { cwd: dir, encoding: 'utf8' })
    const crc = await expected('crc64nvme', BODY, 5 * MiB, 'FULL_OBJECT')
    const human = run(['--part-size', '5MiB', '--etag', 'object.bin'])
    assert.equal(human.status, 0, human.stderr)
    assert.equal(human.stdout,
      `object.bin: x-amz-checksum-crc64nvme: ${crc.checksum} (FULL_OBJECT, 3 parts of ${5 * MiB} bytes)\n` +
      `object.bin: ETag: ${expectedETag(BODY, 5 * MiB)}\n`)
    const json = run(['--json', '-a', 'sha256', '-p', '5242880', '-t', 'composite', 'object.bin', 'missing.bin'])
    assert.equal(json.status, 1)
    assert.equal(json.stderr, 'hashmill: missing.bin: No such file or directory\n')
    assert.deepEqual(JSON.parse(json.stdout), { file: 'object.bin', algorithm: 'sha256', type: 'COMPOSITE', size: BODY.length, ...(await expected('sha256', BODY, 5 * MiB, 'COMPOSITE')) })
    const single = run(['-a', 'crc32c', '--backend', 'wasm', 'object.bin'])
    assert.equal(single.stdout, `object.bin: x-amz-checksum-crc32c: ${(await expected('crc32c', BODY)).checksum} (FULL_OBJECT, single PUT)\n`)
    for (const [args, message] of [
      [['-p', '4MiB', 'object.bin'], /"partSize" option is out of range/],
      [['-p', '5 MB', 'object.bin'], /invalid part size '5 MB'/],
      [['-t', 'sideways', 'object.bin'], /invalid type 'sideways'/],
      [['-a', 'md5', 'object.bin'], /checksums S3 offers/],
      [[], /missing FILE operand/],
      [['--frobnicate', 'object.bin'], /unknown option '--frobnicate'/]
    ]) {
      const refused = run(args)
      assert.equal(refused.status, 2, `${args}`)
      assert.match(refused.stderr, message)
    }
    assert.match(run(['--help']).stdout, /^Usage: hashmill s3/)
  })
})

describe('against S3 on loopback (moto)', { skip: pythonSkip }, () => {
  /** @type {{ endpoint: string, stop(): Promise<void> }} */
  let moto
  let sdk
  const Bucket = 'hashmill-test'
  before(async () => {
    moto = await startMoto(/** @type {string} */ (python))
    sdk = require('@aws-sdk/client-s3')
    await client().send(new sdk.CreateBucketCommand({ Bucket }))
  })
  after(async () => { if (moto) await moto.stop() })

  /** An S3 client for moto; `serverComputes` takes the SDK's checksum values off requests. */
  function client (options = {}, serverComputes = false) {
    const s3 = new sdk.S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...options
    })
    if (serverComputes) {
      s3.middlewareStack.add((next) => async (args) => {
        const headers = args.request.headers
        for (const name of Object.keys(headers)) if (/^x-amz-checksum-(crc|sha)/.test(name)) delete headers[name]
        assert.ok(!headers['content-encoding'], 'a plain body, no aws-chunked trailer')
        return next(args)
      }, { step: 'build', priority: 'low', name: 'hashmillServerComputes' })
    }
    return s3
  }

  const member = (algorithm) => `Checksum${algorithm.toUpperCase()}`

  /** Uploads BODY as S3 would be asked to; the server computes every checksum. */
  async function upload (s3, Key, algorithm, partSize, type) {
    const ChecksumAlgorithm = algorithm.toUpperCase()
    if (partSize === undefined) {
      const put = await s3.send(new sdk.PutObjectCommand({ Bucket, Key, Body: BODY, ChecksumAlgorithm }))
      return { etag: put.ETag, parts: [] }
    }
    const { UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm, ChecksumType: type }))
    const parts = []
    for (let at = 0, PartNumber = 1; at < BODY.length; at += partSize, PartNumber++) {
      const Body = BODY.subarray(at, at + partSize)
      const part = await s3.send(new sdk.UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ChecksumAlgorithm }))
      parts.push({ PartNumber, ETag: part.ETag, [member(algorithm)]: part[member(algorithm)] })
    }
    const done = await s3.send(new sdk.CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }))
    return { etag: done.ETag, parts }
  }

  it('moto computes real CRC-32C and CRC-64/NVME (crc32c and awscrt are installed)', async () => {
    const s3 = client({}, true)
    for (const algorithm of ['crc32c', 'crc64nvme']) {
      const put = await s3.send(new sdk.PutObjectCommand({ Bucket, Key: `check-${algorithm}`, Body: '123456789', ChecksumAlgorithm: algorithm.toUpperCase() }))
      assert.equal(put[member(algorithm)], (await PEERS[algorithm](Buffer.from('123456789'))).toString('base64'))
    }
  })

  for (const [algorithm, partSize, type] of UPLOADS) {
    it(`${algorithm} ${type} ${partSize ? `in ${partSize / MiB} MiB parts` : 'single PUT'}: what the server computed`, async () => {
      const s3 = client({}, true)
      const Key = `${algorithm}-${type}-${partSize}`
      const uploaded = await upload(s3, Key, algorithm, partSize, type)
      const head = await s3.send(new sdk.HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }))
      const get = await s3.send(new sdk.GetObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }))
      assert.deepEqual(Buffer.from(await get.Body.transformToByteArray()), BODY)
      for (const [kind, api] of each()) {
        const ours = await api.s3Checksum(BODY, { algorithm, partSize, type })
        // GetObject carries COMPOSITE values with their -N; HeadObject without it.
        assert.equal(get[member(algorithm)], ours.checksum, `${kind} GetObject`)
        assert.equal(head[member(algorithm)], ours.checksum.replace(/-\d+$/, ''), `${kind} HeadObject`)
        if (partSize) assert.equal(get.ChecksumType, type)
        assert.deepEqual(uploaded.parts.map((p) => p[member(algorithm)]), ours.parts.map((p) => p.checksum), `${kind} parts`)
        assert.equal(uploaded.etag, await api.s3ETag(BODY, { partSize }), `${kind} ETag`)
      }
    })
  }

  it('hashmill\'s precomputed values are accepted for a multipart upload (the SDK computes none)', async () => {
    const s3 = client({ requestChecksumCalculation: 'WHEN_REQUIRED' })
    const Key = 'precomputed'
    const ours = await require('..').s3Checksum(BODY, { algorithm: 'crc64nvme', partSize: 5 * MiB })
    const { UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'FULL_OBJECT' }))
    const parts = []
    for (const part of ours.parts) {
      const at = (part.partNumber - 1) * 5 * MiB
      const sent = await s3.send(new sdk.UploadPartCommand({
        Bucket, Key, UploadId, PartNumber: part.partNumber, Body: BODY.subarray(at, at + part.size), ChecksumAlgorithm: 'CRC64NVME', ChecksumCRC64NVME: part.checksum
      }))
      assert.equal(sent.ChecksumCRC64NVME, part.checksum)
      parts.push({ PartNumber: part.partNumber, ETag: sent.ETag, ChecksumCRC64NVME: part.checksum })
    }
    await s3.send(new sdk.CompleteMultipartUploadCommand({
      Bucket, Key, UploadId, ChecksumCRC64NVME: ours.checksum, ChecksumType: 'FULL_OBJECT', MultipartUpload: { Parts: parts }
    }))
    const head = await s3.send(new sdk.HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }))
    assert.equal(head.ChecksumCRC64NVME, ours.checksum)
  })

  it('the SDK with checksumAlgorithms: awsChecksumAlgorithms() checksums requests and validates responses with hashmill', async () => {
    for (const [kind, api] of each()) {
      const used = []
      const spied = Object.fromEntries(Object.entries(api.awsChecksumAlgorithms()).map(([name, Checksum]) => [name, class extends Checksum {
        constructor (...args) { super(...args); used.push(name) }
      }]))
      const s3 = client({ checksumAlgorithms: spied })
      for (const algorithm of ['CRC64NVME', 'CRC32', 'CRC32C', 'SHA1', 'SHA256']) {
        const Key = `sdk-${kind}-${algorithm}`
        used.length = 0
        const put = await s3.send(new sdk.PutObjectCommand({ Bucket, Key, Body: BODY, ChecksumAlgorithm: algorithm }))
        assert.deepEqual(used, [algorithm], `${kind} ${algorithm}: the request checksum came from hashmill`)
        assert.equal(put[member(algorithm)], (await api.s3Checksum(BODY, { algorithm: algorithm.toLowerCase() })).checksum)
        used.length = 0
        const get = await s3.send(new sdk.GetObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }))
        assert.deepEqual(Buffer.from(await get.Body.transformToByteArray()), BODY)
        assert.ok(used.includes(algorithm), `${kind} ${algorithm}: the response was validated with hashmill`)
      }
      // A stored checksum that does not match the bytes (moto keeps what a client sends): caught.
      const wrong = client({ requestChecksumCalculation: 'WHEN_REQUIRED' })
      await wrong.send(new sdk.PutObjectCommand({ Bucket, Key: `sdk-${kind}-wrong`, Body: BODY, ChecksumAlgorithm: 'CRC64NVME', ChecksumCRC64NVME: 'AAAAAAAAAAA=' }))
      const get = await s3.send(new sdk.GetObjectCommand({ Bucket, Key: `sdk-${kind}-wrong`, ChecksumMode: 'ENABLED' }))
      await assert.rejects(get.Body.transformToByteArray(), /Checksum mismatch/i)
    }
  })
})
