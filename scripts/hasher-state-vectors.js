#!/usr/bin/env node
'use strict'
/**
 * Writes vectors/hasher-states.json: for each spec of __test__/helpers/state-specs.js, the
 * state `hasher.save()` gives after a prefix of the test input, and the digest of the whole
 * input. __test__/state.test.js restores these states, so a change of the format (or of a
 * crate's serialized state) that would strand users' saved states fails a test instead.
 *
 *   node scripts/hasher-state-vectors.js   (only when the format version changes)
 */
const fs = require('node:fs')
const path = require('node:path')
const hashmill = require('..')
const { SPECS, INPUT, label } = require('../__test__/helpers/state-specs')

const CUTS = [0, 1, 63, 64, 1000, 1024, 1025, 4096, 65537, 1 << 20]

const vectors = SPECS.flatMap((spec, i) => {
  const cut = CUTS[i % CUTS.length]
  const hasher = hashmill.createHasher(spec).update(INPUT.subarray(0, cut))
  return [{ spec: label(spec), cut, state: Buffer.from(hasher.save()).toString('base64'), digest: hashmill.hashSync(INPUT, spec) }]
})
const file = path.join(__dirname, '..', 'vectors', 'hasher-states.json')
fs.writeFileSync(file, JSON.stringify({ version: require('../package.json').version, input: 'randomBytes(3 MiB + 17, 2026) of __test__/helpers/backends.js', vectors }, null, 1) + '\n')
process.stderr.write(`wrote ${vectors.length} vectors to ${path.relative(process.cwd(), file)}\n`)
