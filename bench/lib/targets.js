'use strict'
/**
 * The targets hashmill is held to, evaluated from one run's records: each is a ratio of
 * two measurements of the same run (hashmill's rate over a peer's or a reference's, at
 * least `min`; or a time or memory over another's, at most `maxRatio`) or a limit (at most
 * `max`). Sizes come from the mode's config, so a quick run evaluates
 * them at its own sizes and each description says which. A target whose measurements are
 * missing (scenario not selected or skipped) is 'not run'; one that failed is 'error'.
 */
const os = require('node:os')
const { largestSize } = require('./config')
const { MiB, sizeLabel } = require('./units')
const { buildToolTargets } = require('./buildtools-targets')

/** 200000 → '200,000'. */
const thousands = (x) => x.toLocaleString('en-US')

/** The fastest measured record among `ids` (one id or several, "best of"). */
function best (records, ids) {
  const found = [].concat(ids).map((id) => records.get(id)).filter(Boolean)
  if (found.length === 0) return { missing: true }
  const ok = found.filter((r) => !r.error)
  if (ok.length === 0) return { error: found[0].error }
  return ok.reduce((a, b) => (b.bytesPerSecond > a.bytesPerSecond ? b : a))
}

/** The largest `field` among `ids`' records (limits: worst case). */
function worst (records, ids, field) {
  const found = ids.map((id) => records.get(id)).filter(Boolean)
  if (found.length === 0) return { missing: true }
  const bad = found.find((r) => r.error)
  if (bad) return { error: bad.error }
  const top = found.reduce((a, b) => (b[field] > a[field] ? b : a))
  return { value: top[field], label: top.label }
}

function definitions (config) {
  const L = largestSize(config)
  const F = config.fileBytes
  const N = config.fileCount
  const B = config.bigBytes
  const T = config.treeFiles
  const mem = (algorithm, size, key) => `memory/${algorithm}/${size}/${key}`
  const node = (algorithm) => [mem(algorithm, L, 'node.hash'), mem(algorithm, L, 'node.createHash')]
  const tree = (key) => `trees/${T}/${key}`
  const tiny = (algorithm, key) => `tiny/${algorithm}/32/${key}`
  const many = (algorithm, shape, key) => `many/${algorithm}/${shape}/${key}`
  const ratio = (id, backend, description, min, left, right, also) => ({ id, backend, description, min, left, right, also })
  const atMost = (id, backend, description, maxRatio, left, right, field, alsoLeft) => ({ id, backend, description, maxRatio, left, right, field, alsoLeft })
  const limit = (id, backend, description, max, unit, ids, field, scale = 1) => ({ id, backend, description, max, unit, ids, field, scale })
  return [
    ratio('native-blake3-vs-rayon', 'native', `BLAKE3 hash() ${sizeLabel(L)} ≥ 0.95× Rust update_rayon`, 0.95,
      mem('blake3', L, 'native.hash'), mem('blake3', L, 'rust.blake3UpdateRayon')),
    ratio('native-hashfile-vs-b3sum', 'native', `hashFile ${sizeLabel(F)} (mmap) ≥ 0.95× b3sum (start-corrected)`, 0.95,
      `files/blake3/${F}/native.hashFile`, `files/blake3/${F}/b3sum`, `files/blake3/${F}/b3sum.raw`),
    ratio('native-xxh3-vs-memory-read', 'native', `xxh3 hash() ${sizeLabel(L)} ≥ 0.8× memory read pass`, 0.8,
      mem('xxh3', L, 'native.hash'), mem('xxh3', L, 'rust.memoryRead')),
    ...['sha256', 'sha1', 'md5'].map((a) => ratio(`native-${a}-vs-node`, 'native', `${a} hash() ${sizeLabel(L)} ≥ 0.95× node:crypto (best of crypto.hash, createHash)`, 0.95,
      mem(a, L, 'native.hash'), node(a))),
    ratio('native-xxh3-32b', 'native', 'xxh3 hashSync 32 B (bigint) ≥ 1.2× @node-rs/xxhash xxh3.xxh64, each in a process of its own', 1.2,
      tiny('xxh3', 'native.hashSync.bigint'), tiny('xxh3', '@node-rs/xxhash')),
    ratio('native-crc32-32b', 'native', 'crc32 hashSync 32 B (best of bigint, buffer) ≥ 1.0× @node-rs/crc32, each in a process of its own', 1.0,
      [tiny('crc32', 'native.hashSync.bigint'), tiny('crc32', 'native.hashSync.buffer')], tiny('crc32', '@node-rs/crc32')),
    ratio('native-sha256-32b', 'native', 'sha256 hashSync 32 B (hex) ≥ 0.8× crypto.hash, each in a process of its own', 0.8,
      tiny('sha256', 'native.hashSync'), tiny('sha256', 'node.hash')),
    ratio('native-hashfiles-vs-readfile', 'native', `hashFiles ${N} files (sha256) ≥ 2× readFile + createHash loop`, 2,
      `files/small/${N}/native.hashFiles.sha256`, `files/small/${N}/readFile`),
    limit('native-event-loop', 'native', `event-loop max delay during ${sizeLabel(B)} hash() (blake3, sha256) < 10 ms`, 10, 'ms',
      ['eventloop/blake3/native', 'eventloop/sha256/native'], 'maxMs'),
    ...['crc64nvme', 'crc32c'].flatMap((a) => [
      ratio(`native-${a}-vs-memory-read`, 'native', `${a} hashSync ${sizeLabel(L)} (one thread) ≥ 0.8× memory read pass`, 0.8,
        mem(a, L, 'native.hashSync'), mem(a, L, 'rust.memoryRead')),
      ratio(`native-${a}-hashfile-threads`, 'native', `${a} hashFile ${sizeLabel(F)} (page cache warm), ${os.availableParallelism()} threads ≥ 1.6× 1 thread`, 1.6,
        `upload/hashFile/${a}/native.threads${os.availableParallelism()}`, `upload/hashFile/${a}/native.threads1`)
    ]),
    ratio('native-crc64nvme-1mib-vs-aws-sdk', 'native', 'crc64nvme 1 MiB (best of hashSync, hash()) ≥ 20× @aws-sdk/crc64-nvme', 20,
      [mem('crc64nvme', MiB, 'native.hashSync'), mem('crc64nvme', MiB, 'native.hash')], mem('crc64nvme', MiB, '@aws-sdk/crc64-nvme')),
    ratio('native-s3checksum-vs-hashfile', 'native', `s3Checksum ${sizeLabel(F)} file, 8 MiB parts, FULL_OBJECT crc64nvme + parts: time ≤ 1.2× one hashFile crc64nvme (rate ≥ 0.83×)`, 0.83,
      'upload/s3/native.s3Checksum', 'upload/s3/native.hashFile.crc64nvme'),
    ratio('wasm-blake3-1mib', 'wasm', 'BLAKE3 hash() 1 MiB, 1 worker ≥ 2× hash-wasm blake3', 2,
      mem('blake3', MiB, 'wasm1.hash'), mem('blake3', MiB, 'hash-wasm')),
    ratio('wasm-xxh64-1mib', 'wasm', 'xxh64 hash() 1 MiB, 1 worker ≥ 1× xxhash-wasm h64Raw', 1,
      mem('xxh64', MiB, 'wasm1.hash'), mem('xxh64', MiB, 'xxhash-wasm')),
    ratio('wasm-xxh3-1mib', 'wasm', 'xxh3 hash() 1 MiB, 1 worker ≥ 2× hash-wasm xxhash3', 2,
      mem('xxh3', MiB, 'wasm1.hash'), mem('xxh3', MiB, 'hash-wasm')),
    ratio('wasm-blake3-2-workers', 'wasm', `BLAKE3 hash() ${sizeLabel(B)}, 2 workers ≥ 1.7× 1 worker`, 1.7,
      'threads/wasm/wasm.threads2', 'threads/wasm/wasm.threads1'),
    ...['native', 'wasm'].map((kind) => limit(`${kind}-rss-4gib`, kind, 'peak RSS hashing a 4 GiB file with mmap: false < 128 MiB', 128, 'MiB',
      [`rss/${config.rssFileBytes}/${kind}`], 'peakBytes', 1 / MiB)),
    ratio('wasm-hashfile-blake3-2-workers', 'wasm', `BLAKE3 hashFile ${sizeLabel(B)} (page cache warm), 2 workers ≥ 1.7× 1 worker`, 1.7,
      'threads/hashFile-wasm/wasm.threads2', 'threads/hashFile-wasm/wasm.threads1'),
    ...['native', 'wasm'].flatMap((kind) => [
      ratio(`${kind}-cli-sha256-tree`, kind, `hashmill -a sha256 -r, ${thousands(T)} small files ≥ 2× find | xargs sha256sum`, 2,
        tree(`${kind}.cli.sha256`), tree('sha256sum')),
      ratio(`${kind}-cli-blake3-tree`, kind, `hashmill -a blake3 -r, ${thousands(T)} small files ≥ 2× find | xargs b3sum`, 2,
        tree(`${kind}.cli.blake3`), tree('b3sum')),
      ...(kind === 'native' ? ['sha256sum', 'b3sum'] : []).map((tool) =>
        ratio(`native-as-${tool}-xargs-tree`, kind, `find | xargs -0 hashmill --as ${tool}, ${thousands(T)} small files ≥ 2× find | xargs ${tool}`, 2,
          tree(`${kind}.as.${tool}`), tree(tool))),
      ratio(`${kind}-hashdirectory-tree`, kind, `hashDirectory xxh3, ${thousands(T)} small files ≥ 1.0× parallel cat read pass`, 1,
        tree(`${kind}.hashDirectory`), tree('cat')),
      atMost(`${kind}-walkdirectory-tree`, kind, `walkDirectory, ${thousands(T)} files: time ≤ 1.2× find -printf '%s %p\\n'`, 1.2,
        tree(`${kind}.walkDirectory`), tree('find'), 'secondsPerCall', tree(`${kind}.walkDirectory.process`)),
      ...['hashDirectory', 'hashFiles'].map((call) => limit(`${kind}-${call.toLowerCase()}-memory`, kind,
        `${call}, ${thousands(T)} files: peak RSS growth beyond the results < 300 B per file`, 300, 'B/file',
        [`trees/memory/${kind}.${call}`], 'bytesPerFileBeyondResults')),
      limit(`${kind}-cli-tree-rss`, kind, `hashmill -r (sha256, blake3), ${thousands(T)} files: peak RSS < 100 MB`, 100, 'MB',
        [`trees/rss/${kind}.cli.sha256`, `trees/rss/${kind}.cli.blake3`], 'peakBytes', 1e-6),
      atMost(`${kind}-hashtree-flat`, kind, `hashTree peak RSS, 2 million empty files ≤ 1.2× on ${thousands(config.bigTreeBaseFiles)}`, 1.2,
        `bigtree/${config.bigTreeFiles}/${kind}`, `bigtree/${config.bigTreeBaseFiles}/${kind}`, 'peakBytes'),
      atMost(`${kind}-cli-start`, kind, 'hashmill -a sha256 FILE (one small file): time ≤ 1.15× node -e 0', 1.15,
        `startup/cli/${kind}.cli`, 'startup/cli/node', 'secondsPerCall')
    ]),
    ...config.manyShapes.flatMap((shape) => [
      ratio(`native-hashmany-xxh3-${shape}`, 'native', `hashManySync/hashMany xxh3 bigint, ${thousands(config.manyCount)} × ${config.manyBytes} B ${shape} ≥ 5× a loop of @node-rs/xxhash xxh3.xxh64`, 5,
        [many('xxh3', shape, 'native.hashManySync.bigint'), many('xxh3', shape, 'native.hashMany.bigint')], many('xxh3', shape, '@node-rs/xxhash')),
      ratio(`native-hashmany-sha256-${shape}`, 'native', `hashManySync/hashMany sha256 hex, ${thousands(config.manyCount)} × ${config.manyBytes} B ${shape} ≥ 3× a loop of crypto.hash`, 3,
        [many('sha256', shape, 'native.hashManySync'), many('sha256', shape, 'native.hashMany')], many('sha256', shape, 'node.hash'))
    ]),
    ...buildToolTargets(config)
  ]
}

/** `left`'s `field` over `right`'s (time or memory, lower is better), at most `maxRatio`. */
function evaluateAtMost (target, records, base) {
  const left = best(records, target.left)
  const right = best(records, target.right)
  if (left.missing || right.missing) return { ...base, status: 'not run' }
  if (left.error || right.error) return { ...base, status: 'error', error: left.error || right.error }
  const { field } = target
  const value = left[field] / right[field]
  const also = target.alsoLeft && best(records, target.alsoLeft)
  return {
    ...base,
    status: value <= target.maxRatio ? 'PASS' : 'FAIL',
    value,
    threshold: `≤ ${target.maxRatio}×`,
    measured: { [left.label]: left[field], [right.label]: right[field] },
    unit: '×',
    measuredUnit: field === 'secondsPerCall' ? 's' : 'bytes',
    ...also && also[field] ? { alsoValue: { [also.label]: also[field] / right[field] } } : {}
  }
}

function evaluate (target, records) {
  const base = { id: target.id, backend: target.backend, description: target.description }
  if (target.maxRatio) return evaluateAtMost(target, records, base)
  if (target.left) {
    const left = best(records, target.left)
    const right = best(records, target.right)
    if (left.missing || right.missing) return { ...base, status: 'not run' }
    if (left.error || right.error) return { ...base, status: 'error', error: left.error || right.error }
    const value = left.bytesPerSecond / right.bytesPerSecond
    const also = target.also && best(records, target.also)
    return {
      ...base,
      status: value >= target.min ? 'PASS' : 'FAIL',
      value,
      threshold: `≥ ${target.min}×`,
      measured: { [left.label]: left.bytesPerSecond, [right.label]: right.bytesPerSecond },
      unit: 'bytes/s',
      ...also && also.bytesPerSecond ? { alsoRatio: { [also.label]: left.bytesPerSecond / also.bytesPerSecond } } : {}
    }
  }
  const found = worst(records, target.ids, target.field)
  if (found.missing) return { ...base, status: 'not run' }
  if (found.error) return { ...base, status: 'error', error: found.error }
  const value = found.value * target.scale
  return { ...base, status: value < target.max ? 'PASS' : 'FAIL', value, threshold: `< ${target.max} ${target.unit}`, unit: target.unit, worst: found.label }
}

/**
 * @param {object[]} recordList every record of the run
 * @param {object} config the mode's settings
 */
function evaluateTargets (recordList, config) {
  const records = new Map(recordList.map((r) => [r.id, r]))
  return definitions(config).map((t) => evaluate(t, records))
}

module.exports = { evaluateTargets }
