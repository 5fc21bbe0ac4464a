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
 * code is written anew as the process exits, and the code kept for builds that no longer
 * exist is removed then. None of this can fail a run: the build is compiled from source
 * whenever the cache cannot be used. `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it
 * does Node's. `NODE_DEBUG=hashmill` logs what was run and with which code.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const vm = require('node:vm')
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

/** Where a cache file's key starts (after MAGIC and the key's length). */
const KEY_START = MAGIC.length + 4

/** The end of the key in `bytes` (a cache file or its start), or -1 if they are not one. */
function keyEnd (bytes) {
  if (bytes.length < KEY_START || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return -1
  const end = KEY_START + bytes.readUInt32LE(MAGIC.length)
  return end <= bytes.length ? end : -1
}

/** The kept code's bytes in `file` when they were made for `key`, else undefined. */
function readKept (file, key) {
  let bytes
  try {
    bytes = fs.readFileSync(file)
  } catch {
    return undefined
  }
  const end = keyEnd(bytes)
  const dataStart = end + 4
  if (end === -1 || dataStart > bytes.length || !bytes.subarray(KEY_START, end).equals(key)) return undefined
  const dataLength = bytes.readUInt32LE(end)
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
 * The build the cache file `file` was kept for (its path, from the key), or null when the
 * file is not one of this format.
 * @param {string} file
 */
function buildOf (file) {
  // A key is a path (at most 4 KiB on Linux, JSON-escaped) and two numbers.
  const head = Buffer.alloc(KEY_START + 16 * 1024)
  const fd = fs.openSync(file, 'r')
  try {
    const end = keyEnd(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)))
    return end === -1 ? null : JSON.parse(head.toString('utf8', KEY_START, end))[0]
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Removes from `dir` the code kept for builds that are gone (an uninstalled copy, a
 * temporary one), so the directory does not grow with every path a build was run from.
 * Only files of this format are looked at; `keep` is left alone.
 */
function pruneGone (dir, keep) {
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || !name.endsWith('.v8')) continue
    const file = path.join(dir, name)
    try {
      const build = buildOf(file)
      if (build !== null && !fs.existsSync(build)) fs.rmSync(file, { force: true })
    } catch {
      // Being written or removed by another run, or not ours to read: left as it is.
    }
  }
}

/**
 * Writes the code of `script` for `key` to `file` whole or not at all (a new file renamed
 * over it), then prunes what builds that are gone kept; a failure leaves the cache as it
 * was and is not the run's.
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
    pruneGone(path.dirname(file), path.basename(file))
  } catch {
    try {
      fs.rmSync(temporary, { force: true })
    } catch {
      // Nothing more to do: the next run compiles again.
    }
  }
}

/** How Node wraps a CommonJS file's text into a function (`Module.wrap`). */
const WRAP = ['(function (exports, require, module, __filename, __dirname) { ', '\n});']

/**
 * Runs the CommonJS file `file` (stats `stats`) as `require` would, with kept code when
 * there is some for it; returns its exports.
 * @param {string} file
 * @param {fs.Stats} stats
 * @param {NodeJS.Require} requireHere its `require`: that of a module in its directory
 */
function runWithKeptCode (file, stats, requireHere) {
  const dir = cacheDirectory()
  const key = Buffer.from(JSON.stringify([file, stats.size, stats.mtimeMs]))
  const keptFile = dir && path.join(dir, `${process.version}-${process.arch}-${nameOf(file)}.v8`)
  const cachedData = keptFile ? readKept(keptFile, key) : undefined
  const script = new vm.Script(WRAP[0] + fs.readFileSync(file, 'utf8') + WRAP[1], { filename: file, cachedData })
  const used = cachedData !== undefined && !script.cachedDataRejected
  debug('load "%s" %s', file, used ? `with the code kept in ${keptFile}` : 'compiled now')
  if (keptFile && !used) {
    // At exit, so the code of every function the run compiled is kept too.
    process.once('exit', () => writeKept(keptFile, key, script))
  }
  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, requireHere, module, file, path.dirname(file))
  return module.exports
}

module.exports = { runWithKeptCode }
