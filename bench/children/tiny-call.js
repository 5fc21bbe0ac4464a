'use strict'
/**
 * One contender of the "tiny" scenario in a process of its own: a one-shot call on a
 * random input of `<bytes>` bytes, hashmill's `hashSync` (after `ready()`) or a peer's, the
 * only hash call this process makes, as an application calls one hash function from its
 * own code. Prints `{ result }` (lib/measure.js contest result).
 *
 *   node bench/children/tiny-call.js <key> <algorithm> <bytes> <rounds> <minTime>
 *
 * key: `native.hashSync[.ENCODING]`, `wasm.hashSync[.ENCODING]` (no encoding: hex), or the
 * key of a synchronous peer in lib/peers.js (`node.hash`, `@node-rs/xxhash`, ...).
 */
const { loadHashmill } = require('../lib/hashmill')
const { loadPeers, oneShotPeers } = require('../lib/peers')
const { childMain } = require('../lib/child-main')
const { contest } = require('../lib/measure')
const { randomBuffer } = require('../lib/fixtures')

/** The call `key` names, ready to time. */
async function callFor (key, algorithm) {
  const [kind, name, encoding] = key.split('.')
  if (name === 'hashSync' && (kind === 'native' || kind === 'wasm')) {
    const api = await loadHashmill(kind)
    await api.ready()
    const options = encoding ? { algorithm, encoding } : { algorithm }
    return (data) => api.hashSync(data, options)
  }
  const peer = oneShotPeers(algorithm, await loadPeers()).find((p) => p.key === key && !p.async)
  if (!peer) throw new Error(`no synchronous peer ${key} for ${algorithm}`)
  return peer.call
}

/** Seconds of calls before timing: enough for V8 to optimise the call and the loop around it. */
const WARM_SECONDS = 0.3

childMain(async () => {
  const [key, algorithm, bytes, rounds, minTime] = process.argv.slice(2)
  const call = await callFor(key, algorithm)
  const data = randomBuffer(Number(bytes))
  const fn = () => call(data)
  const sink = []
  for (const end = performance.now() + WARM_SECONDS * 1000; performance.now() < end;) {
    for (let i = 0; i < 1000; i++) sink[i & 7] = fn()
  }
  const results = await contest([{ key, fn }], { minTime: Number(minTime), rounds: Number(rounds), warm: true })
  return { result: results.get(key) }
})
