'use strict'
/**
 * Which native target this process can load: `<platform>-<arch>[-<abi>]`, the suffix of
 * `hashmill.<target>.node` and of the `@hashmill/<target>` package.
 *
 * musl vs glibc is read from the running Node binary itself (the ELF interpreter of
 * /proc/self/exe), not from /usr/bin/ldd, which is wrong on Alpine with a glibc Node, in
 * AppImages and on NixOS. process.report is the fallback for a binary with no interpreter.
 */
const fs = require('node:fs')

const PT_INTERP = 3

/** The ELF interpreter path of a 64-bit little-endian ELF file, or null. */
function elfInterpreter (file) {
  let fd
  try {
    fd = fs.openSync(file, 'r')
    const header = Buffer.alloc(64)
    if (fs.readSync(fd, header, 0, 64, 0) < 64) return null
    const isElf64LE = header.readUInt32BE(0) === 0x7f454c46 && header[4] === 2 && header[5] === 1
    if (!isElf64LE) return null
    const phoff = Number(header.readBigUInt64LE(32))
    const phentsize = header.readUInt16LE(54)
    const phnum = header.readUInt16LE(56)
    const table = Buffer.alloc(phentsize * phnum)
    fs.readSync(fd, table, 0, table.length, phoff)
    for (let i = 0; i < phnum; i++) {
      const entry = i * phentsize
      if (table.readUInt32LE(entry) !== PT_INTERP) continue
      const offset = Number(table.readBigUInt64LE(entry + 8))
      const size = Number(table.readBigUInt64LE(entry + 32))
      const interp = Buffer.alloc(size)
      fs.readSync(fd, interp, 0, size, offset)
      return interp.toString('latin1').replace(/\0+$/, '')
    }
    return null
  } catch {
    return null
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

function muslFromReport () {
  if (!process.report || typeof process.report.getReport !== 'function') return null
  const reporter = /** @type {any} */ (process.report)
  reporter.excludeNetwork = true
  const report = reporter.getReport()
  if (report.header && report.header.glibcVersionRuntime) return false
  const shared = Array.isArray(report.sharedObjects) ? report.sharedObjects : []
  return shared.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))
}

let cachedLibc
/** 'musl' or 'gnu', from the running Node binary. */
function linuxLibc () {
  if (cachedLibc === undefined) {
    const interp = elfInterpreter('/proc/self/exe')
    const musl = interp !== null ? interp.includes('musl') : muslFromReport()
    cachedLibc = musl ? 'musl' : 'gnu'
  }
  return cachedLibc
}

/** Targets hashmill publishes a native binary for. */
const NATIVE_TARGETS = [
  'linux-x64-gnu', 'linux-x64-musl', 'linux-arm64-gnu', 'linux-arm64-musl',
  'darwin-x64', 'darwin-arm64', 'win32-x64-msvc', 'win32-arm64-msvc'
]

/**
 * The native target for this process, or null where hashmill has none.
 * @returns {{ target: string|null, description: string }}
 */
function detectTarget (platform = process.platform, arch = process.arch) {
  let target
  if (platform === 'linux') target = `linux-${arch}-${linuxLibc()}`
  else if (platform === 'win32') target = `win32-${arch}-msvc`
  else target = `${platform}-${arch}`
  return {
    target: NATIVE_TARGETS.includes(target) ? target : null,
    description: target
  }
}

module.exports = { detectTarget, NATIVE_TARGETS }
