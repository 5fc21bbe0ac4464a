'use strict'
/**
 * `hashmill s3 [OPTION]... FILE...`: what S3 would report for each file uploaded with the
 * given algorithm and part size (its `x-amz-checksum-*` value and type, and with --etag its
 * ETag), so an object can be checked against a local file without downloading it. One
 * line per value, or one JSON object per file with --json. Parsing knows nothing of the
 * package (bin/hashmill.js loads it after -j/--backend are set); `run` gets it loaded.
 */
const { parseArgs } = require('node:util')
const { rephrase, checkBackendOptions, UsageError } = require('./args')
const { strerror } = require('../fs-errors')
const { INTERNALS } = require('../internals')

/** @type {import('node:util').ParseArgsConfig['options']} */
const OPTIONS = {
  algorithm: { type: 'string', short: 'a', default: 'crc64nvme' },
  'part-size': { type: 'string', short: 'p' },
  type: { type: 'string', short: 't' },
  etag: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  threads: { type: 'string', short: 'j' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
}

const TYPES = { full: 'FULL_OBJECT', composite: 'COMPOSITE' }
/** Size suffixes: binary like dd and GNU tools (K = KiB), decimal with a B (KB = 1000). */
const UNITS = { '': 1, K: 1024, KIB: 1024, M: 1024 ** 2, MIB: 1024 ** 2, G: 1024 ** 3, GIB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9 }

function usage (algorithms) {
  return `Usage: hashmill s3 [OPTION]... FILE...
Print what S3 reports for each FILE uploaded in one PUT or in parts: its checksum
(x-amz-checksum-ALGORITHM, base64, and x-amz-checksum-type) and, with --etag, its ETag.

  -a, --algorithm NAME   one of: ${algorithms.join(', ')} (default crc64nvme)
  -p, --part-size SIZE   a multipart upload in parts of SIZE bytes (5MiB to 5GiB; suffixes
                         K, M, G = KiB, MiB, GiB; KB, MB, GB = 1000^n); default: one PUT
  -t, --type TYPE        full or composite (default: what S3 defaults to: full for crc64nvme
                         and single PUTs, composite for the others)
      --etag             also print the ETag
      --json             print one JSON object per file
  -j, --threads N        hash on N threads
      --backend KIND     native or wasm
  -h, --help             show this help

Exit status: 0 if all went well, 1 if a file could not be read (or S3 would refuse its
upload), 2 on a usage error.
`
}

/** A --part-size value in bytes. */
function sizeOf (text) {
  const match = /^([0-9]+)([a-z]*)$/i.exec(text)
  const unit = match && UNITS[match[2].toUpperCase()]
  if (!unit) throw new UsageError(`invalid part size '${text}' (a number of bytes, optionally with K, M, G, KiB, MiB, GiB, KB, MB or GB)`)
  return Number(match[1]) * unit
}

/**
 * @param {string[]} argv the arguments after `s3`
 */
function parse (argv) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true })
  } catch (error) {
    throw error.code && error.code.startsWith('ERR_PARSE_ARGS_') ? rephrase(error) : error
  }
  const values = /** @type {any} */ (parsed.values)
  checkBackendOptions(values)
  const type = values.type === undefined ? undefined : TYPES[values.type.toLowerCase()] || values.type.toUpperCase()
  if (type !== undefined && !Object.values(TYPES).includes(type)) throw new UsageError(`invalid type '${values.type}' (choose full or composite)`)
  if (!values.help && parsed.positionals.length === 0) throw new UsageError('missing FILE operand')
  return {
    ...values,
    type,
    partSize: values['part-size'] === undefined ? undefined : sizeOf(values['part-size']),
    files: parsed.positionals
  }
}

/** The errors that are the command line's fault (the same for every file). */
const USAGE_CODES = ['ERR_HASHMILL_S3_PART_SIZE', 'ERR_HASHMILL_S3_ALGORITHM', 'ERR_HASHMILL_S3_CHECKSUM_TYPE', 'ERR_HASHMILL_UNKNOWN_ALGORITHM']

/** The human lines for one file. */
function lines (file, result, etag) {
  const layout = result.parts.length ? `${result.parts.length} parts of ${result.parts[0].size} bytes` : 'single PUT'
  const out = [`${file}: x-amz-checksum-${result.algorithm}: ${result.checksum} (${result.type}, ${layout})\n`]
  if (etag !== undefined) out.push(`${file}: ETag: ${etag}\n`)
  return out.join('')
}

/**
 * @param {ReturnType<typeof parse>} args
 * @param {any} api the loaded package
 * @param {{ stdout: { write(text: string): unknown }, stderr: { write(text: string): unknown } }} streams
 *   lib/cli/stdio.js
 * @returns {Promise<number>} the exit status
 */
async function run (args, api, { stdout, stderr }) {
  if (args.help) {
    stdout.write(usage(api[INTERNALS].backend.table.s3.algorithms))
    return 0
  }
  let status = 0
  for (const file of args.files) {
    const options = { algorithm: args.algorithm, partSize: args.partSize, type: args.type }
    try {
      const result = await api.s3Checksum(file, options)
      const etag = args.etag ? await api.s3ETag(file, { partSize: args.partSize }) : undefined
      stdout.write(args.json ? `${JSON.stringify({ file, ...result, ...(etag === undefined ? {} : { etag }) })}\n` : lines(file, result, etag))
    } catch (error) {
      if (USAGE_CODES.includes(error.code)) throw new UsageError(error.message)
      stderr.write(`hashmill: ${file}: ${error.path === undefined ? error.message : strerror(error)}\n`)
      status = 1
    }
  }
  return status
}

module.exports = { parse, run }
