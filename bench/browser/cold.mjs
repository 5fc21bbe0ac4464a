// The first-call cost from a cold page (run.js opens it in a fresh browser context):
// importing hashmill, ready() (fetching and compiling the module, the calling thread's
// instance), then the first hash() that needs a worker (starting it).
const start = performance.now()
const { ready, hash } = await import('hashmill')
const imported = performance.now()
await ready()
const readyAt = performance.now()
await hash(new Uint8Array(1 << 20))
const firstWorker = performance.now()
window.__cold = { importMs: imported - start, readyMs: readyAt - imported, firstWorkerHashMs: firstWorker - readyAt }
