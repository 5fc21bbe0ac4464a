/**
 * The report of the Deno and Bun tests (runtimes.test.js), made the same way in those
 * runtimes (check.mjs) and in Node: the shared cases, the official BLAKE3 vectors, the
 * file calls over a folder the test made, and whether async work leaves the main thread.
 */
import fs from 'node:fs'
import path from 'node:path'
import { runCases, bytesOf, MiB } from '../browser/cases.mjs'

const XOF_LEN = 131

/** The official vectors through hashSync, hash, createHasher and hashStream: the cases that differ. */
async function vectorMismatches (hashmill, vectorsFile) {
  const vectors = JSON.parse(fs.readFileSync(vectorsFile, 'utf8'))
  const modes = { hash: {}, keyed_hash: { key: new TextEncoder().encode(vectors.key) }, derive_key: { context: vectors.context_string } }
  const wrong = []
  for (const c of vectors.cases) {
    const input = Uint8Array.from({ length: c.input_len }, (_, i) => i % 251)
    for (const [mode, options] of Object.entries(modes)) {
      const opts = { ...options, outputLength: XOF_LEN }
      const half = input.subarray(0, c.input_len >> 1)
      const got = {
        hashSync: hashmill.hashSync(input, opts),
        hash: await hashmill.hash(input, opts),
        createHasher: hashmill.createHasher(opts).update(half).update(input.subarray(half.length)).digest(),
        hashStream: await hashmill.hashStream([half, input.subarray(half.length)], opts)
      }
      for (const [call, digest] of Object.entries(got)) {
        if (digest !== c[mode]) wrong.push(`${call} ${mode} len=${c.input_len}`)
      }
    }
  }
  return wrong
}

/** The file calls over `folder`. */
async function files (hashmill, folder) {
  const names = fs.readdirSync(folder, { recursive: true }).map(String)
    .filter((name) => fs.statSync(path.join(folder, name)).isFile()).sort()
  const paths = names.map((name) => path.join(folder, name))
  const result = {}
  for (const [i, file] of paths.entries()) {
    result[`hashFile|${names[i]}`] = await hashmill.hashFile(file, 'sha256')
    result[`hashFileSync|${names[i]}`] = hashmill.hashFileSync(file, 'xxh3')
  }
  const many = await hashmill.hashFiles(paths, { algorithm: 'blake3' })
  many.forEach((entry, i) => { result[`hashFiles|${names[i]}`] = entry.digest })
  const tree = await hashmill.hashDirectory(folder, { algorithm: 'sha256', gitignore: true })
  result.hashDirectory = tree.digest
  result.manifest = tree.manifest
  return result
}

/** Timer ticks while a 256 MiB `hash()` runs: none if it ran on the main thread. */
async function ticksDuringHash (hashmill) {
  const input = bytesOf(256 * MiB, 3)
  let ticks = 0
  const timer = setInterval(() => { ticks++ }, 1)
  try {
    await hashmill.hash(input)
  } finally {
    clearInterval(timer)
  }
  return ticks
}

/**
 * @param {any} hashmill
 * @param {string} vectorsFile vectors/blake3.json
 * @param {string} folder files to hash
 */
export async function runtimeReport (hashmill, vectorsFile, folder) {
  return {
    backend: hashmill.backend.kind,
    results: await runCases(hashmill, { quick: true }),
    vectors: await vectorMismatches(hashmill, vectorsFile),
    files: await files(hashmill, folder),
    ticks: await ticksDuringHash(hashmill)
  }
}
