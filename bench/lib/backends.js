'use strict'
/**
 * The hashmill builds a scenario compares: native and wasm with hashmill's default
 * thread count, and wasm with one worker (the wasm targets are stated per worker). A
 * backend that does not load is null, with a note saying why.
 */
const { loadHashmill } = require('./hashmill')

async function loadBackends () {
  const notes = []
  const attempt = async (kind, threads) => {
    try {
      return await loadHashmill(kind, threads)
    } catch (error) {
      notes.push(`hashmill ${kind}${threads ? ` (${threads} threads)` : ''} did not load: ${String(error.message).split('\n')[0]}`)
      return null
    }
  }
  const native = await attempt('native')
  const wasm = await attempt('wasm')
  const wasm1 = await attempt('wasm', 1)
  return { native, wasm, wasm1, notes }
}

module.exports = { loadBackends }
