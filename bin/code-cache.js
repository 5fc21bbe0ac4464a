'use strict'
/**
 * Runs the CLI's one-file build with the code V8 compiled for it in an earlier run, on Node
 * versions without `module.enableCompileCache()` (before 22.1), which otherwise compile the
 * build again at every start (about 8 ms of a ~80 ms start on a 2-core EPYC). bin/hashmill.js
 * uses it; newer Node keeps compiled code itself.
 *
 * The code is kept where Node 22 keeps its own, `$NODE_COMPILE_CACHE` or else
 * `<tmpdir>/node-compile-cache`, in a `hashmill` directory that only its owner may write
 * (else it is not used; nor on Windows, whose modes do not say), one file per Node
 * version, architecture and path of the build (two installs used in turn each keep
 * theirs). A file holds the build's identity (path, size, modification time), so a
 * changed build is never run with an old one's code, then V8's data twice: it is used
 * only when both copies are the same. V8 runs damaged data (and crashes) rather than
 * refuse it, and damage (a disk error, a crash that left part of the file zeroed) changes
 * one copy, not both in the same way; comparing them costs next to nothing, where a
 * checksum costs 1 ms in JavaScript or 3 ms to load node:crypto, of the 8 saved. V8
 * refuses data made by another V8 or with other flags itself. Missing, refused or stale
 * code is written anew as the process exits. None of this can fail a run: the build is
 * compiled from source whenever the cache cannot be used. `NODE_DISABLE_COMPILE_CACHE=1`
 * turns it off, as it does Node's. `NODE_DEBUG=hashmill` logs what was run and with
 * which code.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const vm = require('node:vm')
const Module = require('node:module')
const debug = require('node:util').debuglog('hashmill')

/**
 * A cache file: this, the key's length (u32 LE), the key, the data's length (u32 LE), the
 * data twice. The key is JSON of the build's path, size and modification time.
 */
const MAGIC = Buffer.from('hashmill-code-cache-2\n')

/** A 32-bit FNV-1a hash of `text`'s UTF-16 code units, in hex: a short name for a path. */
function nameOf (text) {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** The directory for kept code, or null when there is none to use. */
function cacheDirectory () {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return null
  const dir = path.join(process.env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), 'node-compile-cache'), 'hashmill')
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    const stats = fs.lstatSync(dir)
    // Code others could write would run as this user: only a directory of one's own.
    const owned = typeof process.getuid !== 'function' || stats.uid === process.getuid()
    return stats.isDirectory() && owned && (stats.mode & 0o022) === 0 ? dir : null
  } catch {
    return null
  }
}

/** The kept code's bytes in `file` when they were made for `key`, else undefined. */
function readKept (file, key) {
  let bytes
  try {
    bytes = fs.readFileSync(file)
  } catch {
    return undefined
  }
  const keyStart = MAGIC.length + 4
  if (bytes.length < keyStart || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined
  const keyEnd = keyStart + bytes.readUInt32LE(MAGIC.length)
  const dataStart = keyEnd + 4
  if (dataStart > bytes.length || !bytes.subarray(keyStart, keyEnd).equals(key)) return undefined
  const dataLength = bytes.readUInt32LE(keyEnd)
  if (bytes.length !== dataStart + 2 * dataLength) return undefined
  const data = bytes.subarray(dataStart, dataStart + dataLength)
  return data.equals(bytes.subarray(dataStart + dataLength)) ? data : undefined
}

/** A u32 LE. */
function u32 (value) {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32LE(value)
  return bytes
}

/**
 * Writes the code of `script` for `key` to `file` whole or not at all (a new file renamed
 * over it); a failure leaves the cache as it was and is not the run's.
 * @param {string} file
 * @param {Buffer} key
 * @param {vm.Script} script
 */
function writeKept (file, key, script) {
  const temporary = `${file}.${process.pid}.tmp`
  try {
    const data = script.createCachedData()
    fs.writeFileSync(temporary, Buffer.concat([MAGIC, u32(key.length), key, u32(data.length), data, data]), { mode: 0o600 })
    fs.renameSync(temporary, file)
  } catch {
    try {
      fs.rmSync(temporary, { force: true })
    } catch {
      // Nothing more to do: the next run compiles again.
    }
  }
}

/**
 * Runs the CommonJS file `file` (stats `stats`) as `require` would, with kept code when
 * there is some for it; returns its exports.
 * @param {string} file
 * @param {fs.Stats} stats
 */
function runWithKeptCode (file, stats) {
  const dir = cacheDirectory()
  const key = Buffer.from(JSON.stringify([file, stats.size, stats.mtimeMs]))
  const keptFile = dir && path.join(dir, `${process.version}-${process.arch}-${nameOf(file)}.v8`)
  const cachedData = keptFile ? readKept(keptFile, key) : undefined
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData })
  const used = cachedData !== undefined && !script.cachedDataRejected
  debug('load "%s" %s', file, used ? `with the code kept in ${keptFile}` : 'compiled now')
  if (keptFile && !used) {
    // At exit, so the code of every function the run compiled is kept too.
    process.once('exit', () => writeKept(keptFile, key, script))
  }
  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file))
  return module.exports
}

module.exports = { runWithKeptCode }
