'use strict'
/**
 * Node's two wasm modules (lib/wasm/module.js): the calling thread's, built with
 * binding-wasm's `files` feature alone, and the whole one the workers run. The calling
 * thread's has no walker or build tools, both give the core's same table, and the wasm
 * backend's synchronous calls never compile the workers' module nor load
 * node:worker_threads (checked in a child process, which records each compile).
 */
const { it } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { wasmModule, mainModule, createMainGlue } = require('../lib/wasm/module')
const { instantiate } = require('../lib/wasm/instance')

const exportsOf = (module) => new Set(WebAssembly.Module.exports(module).map((e) => e.name))

it("the calling thread's module has the hashers, the file loop and the line formats, not the walker or the build tools", () => {
  const main = exportsOf(mainModule())
  const workers = exportsOf(wasmModule())
  for (const name of ['hashSync', 'hasherNew', 'hashBatchStaged', 'hashFiles', 'formatLines', 'buildManifest', 'tableJson']) {
    assert.ok(main.has(name), `${name} in the calling thread's module`)
    assert.ok(workers.has(name), `${name} in the workers' module`)
  }
  for (const name of ['walkcursor_new', 'walkSizes', 'gitWorkTree', 'hashTreeWithCache']) {
    assert.ok(!main.has(name), `${name} not in the calling thread's module`)
    assert.ok(workers.has(name), `${name} in the workers' module`)
  }
})

it('both modules give the same table', () => {
  assert.equal(instantiate(mainModule(), createMainGlue).glue.tableJson(), instantiate(wasmModule()).glue.tableJson())
})

it("the wasm backend's calls on the calling thread never compile the workers' module or load node:worker_threads", () => {
  const script = `
    const modules = require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'wasm', 'module.js'))})
    const compiled = []
    const workers = modules.wasmModule
    modules.wasmModule = () => { compiled.push('workers'); return workers() }
    const hashmill = require(${JSON.stringify(path.join(__dirname, '..'))})
    hashmill.hashSync('abc', 'sha256')
    hashmill.createHasher('blake3').update('abc').digest()
    hashmill.hashManySync(['a', 'b'], { algorithm: 'xxh3' })
    const before = compiled.length
    const threads = () => process.moduleLoadList.includes('NativeModule worker_threads')
    const threadsBefore = threads()
    hashmill.hash(Buffer.alloc(4 << 20), 'blake3').then(() => {
      console.log(JSON.stringify({ before, after: compiled.length, threadsBefore, threadsAfter: threads() }))
      return hashmill.backend.kind
    })`
  const result = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, HASHMILL_BACKEND: 'wasm' }, encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
  assert.deepEqual(JSON.parse(result.stdout), { before: 0, after: 1, threadsBefore: false, threadsAfter: true })
})
