'use strict'
/**
 * Reading chunks from whatever a caller may hand `hashStream()`: a Node Readable, a web
 * ReadableStream, or any (async) iterable of chunks, with AbortSignal honoured while
 * waiting for the next chunk.
 */
const errors = require('./errors')
const { watchAbort } = require('./abort')

const EXPECTED = 'a Readable, a ReadableStream or an async iterable of chunks'

/** Async iterator over a web ReadableStream that only offers getReader(). */
async function * readerChunks (stream) {
  const reader = stream.getReader()
  try {
    while (true) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

/**
 * The async iterator of `source`'s chunks.
 * @param {unknown} source
 * @returns {AsyncIterator<unknown>|Iterator<unknown>}
 */
function chunkIterator (source) {
  if (source !== null && typeof source === 'object') {
    const given = /** @type {any} */ (source)
    if (typeof given[Symbol.asyncIterator] === 'function') return given[Symbol.asyncIterator]()
    if (typeof given.getReader === 'function') return readerChunks(given)
    if (typeof given[Symbol.iterator] === 'function') return given[Symbol.iterator]()
  }
  throw errors.invalidType('source', EXPECTED, source)
}

/**
 * Calls `onChunk` for each chunk in order, awaiting each; stops early on abort or error
 * and then lets the source clean up (a Readable is destroyed, a reader released).
 */
async function forEachChunk (source, signal, onChunk) {
  const iterator = /** @type {any} */ (chunkIterator(source))
  let finished = false
  try {
    while (true) {
      const next = Promise.resolve(iterator.next())
      const step = signal ? await watchAbort(signal, () => {}, next) : await next
      if (step.done) { finished = true; return }
      await onChunk(step.value)
    }
  } finally {
    if (!finished && typeof iterator.return === 'function') {
      Promise.resolve().then(() => iterator.return()).catch(() => {})
    }
  }
}

module.exports = { forEachChunk }
