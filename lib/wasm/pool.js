'use strict'
/**
 * The pool of wasm workers: one independent wasm instance per worker, started lazily up to
 * `size`; idle workers never hold the process (Node unrefs them) or are terminated after a
 * while (browsers). What a worker is, how input reaches it and how async context flows
 * are the runtime's (`PoolHost`: lib/wasm/node-host.js in Node, lib/web/host.js in
 * browsers); everything else is decided here, once.
 *
 * Jobs wait in one FIFO queue, except those of a streaming session, which wait in the
 * queue of the worker holding the session's state. A job's input bytes (`message.input`)
 * are copied (into shared memory, or into a buffer moved to the worker) only when a worker
 * is about to take the job (or is one of the next `size` in line), so any number of pending
 * calls queue without copies. Every job has an async scope (an AsyncResource in Node), so
 * async context flows from the call to its settlement. A worker that dies or traps fails
 * only its own jobs and sessions and is replaced on demand; a worker that keeps failing
 * before it is ready stops the pool from respawning in a loop.
 */
const errors = require('../errors')
const { onAbort } = require('../abort')

/** How long a running job may take to notice a cancel before its worker is terminated. */
const CANCEL_GRACE_MS = 1000
/** Consecutive workers dying before they are ready after which the pool gives up. */
const MAX_BOOT_FAILURES = 3
/** After MAX_BOOT_FAILURES, calls fail at once for this long; then starting workers is tried again. */
const BOOT_RETRY_MS = 5000

/**
 * What the runtime gives the pool.
 * @typedef {object} PoolHost
 * @property {(module: WebAssembly.Module, cancelBuffer: SharedArrayBuffer | null) => Thread} spawn
 *   starts a worker of lib/wasm/jobs.js over `module`; it posts `{ ready: true }` once it can work
 * @property {(name: string) => { runInAsyncScope(fn: Function, thisArg: any, ...args: any[]): any, emitDestroy(): void }} scope
 *   the async scope of one job
 * @property {(bytes: Uint8Array) => import('./slabs').Moved} move input bytes as a range a
 *   worker can read: shared (then `release` once no worker reads it) or a copy moved to
 *   the worker (`transfer`; `release` takes it back from the reply)
 * @property {boolean} sharedMemory whether a cancel flag can be shared (else a cancel is a message)
 * @property {number} [idleMs] terminate a worker idle this long (none: idle workers stay, unref'd)
 *
 * @typedef {object} Thread a started worker
 * @property {(message: object, transfer: ArrayBuffer[]) => void} post
 * @property {() => void} ref keeps the process alive while the worker works
 * @property {() => void} unref
 * @property {() => Promise<unknown>} terminate
 * @property {(handlers: { message(reply: any): void, error(error: Error): void, exit(why: string): void }) => void} listen
 */

class Job {
  constructor (scope, message, resolve, reject) {
    this.scope = scope
    this.message = message
    this.resolve = resolve
    this.reject = reject
    this.settled = false
    /** @type {(() => void) | null} removes the abort listener */
    this.unwatchAbort = null
    /** @type {object | null} */
    this.posted = null
    /** @type {ArrayBuffer[]} buffers moved to the worker with the message */
    this.transfer = []
    /** @type {((returned?: ArrayBuffer) => void) | null} gives the input's slab back */
    this.release = null
    /** @type {WorkerSlot | null} the worker a session job must run on */
    this.slot = null
    /** @type {{ cancel(): void } | null} */
    this.running = null
  }

  /** The message to post: `input` becomes a range of `buffer` a worker can read (`host.move`). */
  prepare (host) {
    if (this.posted === null) {
      const { input, ...message } = this.message
      if (input) {
        const moved = host.move(input)
        this.release = moved.release
        this.transfer = moved.transfer
        Object.assign(message, moved.range)
      }
      this.posted = message
    }
    return this.posted
  }

  /**
   * @param {Error | null} error
   * @param {any} [value]
   * @param {ArrayBuffer} [returned] the input's buffer, moved back by the worker
   */
  settle (error, value, returned) {
    if (this.settled) return
    this.settled = true
    if (this.unwatchAbort) this.unwatchAbort()
    if (this.release) this.release(returned)
    this.scope.runInAsyncScope(error ? this.reject : this.resolve, null, error || value)
    this.scope.emitDestroy()
  }
}

class WorkerPool {
  /**
   * @param {{ size: number, module: WebAssembly.Module, host: PoolHost, bootRetryMs?: number, cancelGraceMs?: number }} options
   */
  constructor ({ size, module, host, bootRetryMs = BOOT_RETRY_MS, cancelGraceMs = CANCEL_GRACE_MS }) {
    this.size = size
    this.module = module
    this.host = host
    this.bootRetryMs = bootRetryMs
    this.cancelGraceMs = cancelGraceMs
    /** When workers kept failing to start: the time to try again (the pool is never given up on). */
    this.retryBootAt = 0
    /** @type {Set<WorkerSlot>} */
    this.slots = new Set()
    /** @type {Job[]} */
    this.queue = []
    this.bootFailures = 0
    this.broken = null
    this.nextSession = 1
  }

  /**
   * Runs one job on any worker (or on `slot` for a pinned session job).
   * @param {object} message
   * @param {{ signal?: AbortSignal, slot?: WorkerSlot }} [how]
   * @returns {Promise<any>}
   */
  run (message, { signal, slot } = {}) {
    if (signal && signal.aborted) return Promise.reject(errors.aborted(signal))
    const { job, promise } = this.enqueue(message, slot)
    if (signal) job.unwatchAbort = onAbort(signal, () => this.abort(job, errors.aborted(signal)))
    return promise
  }

  /**
   * Runs several jobs as one call: one abort listener for all of them, and the first
   * failure cancels the rest. `onDone(message)` is called as each job succeeds.
   * @param {object[]} messages
   * @param {{ signal?: AbortSignal, onDone?: (message: any) => void }} [how]
   * @returns {Promise<any[]>}
   */
  runAll (messages, { signal, onDone } = {}) {
    if (signal && signal.aborted) return Promise.reject(errors.aborted(signal))
    const queued = messages.map((message) => this.enqueue(message))
    const cancelAll = (error) => { for (const { job } of queued) this.abort(job, error) }
    const done = (message) => (result) => {
      if (onDone) onDone(message)
      return result
    }
    const all = Promise.all(queued.map(({ promise }, i) => promise.then(done(messages[i]))))
    all.catch(cancelAll)
    if (!signal) return all
    const remove = onAbort(signal, () => cancelAll(errors.aborted(signal)))
    return all.finally(remove)
  }

  /**
   * Queues a job; its promise settles when a worker answers (or the job is aborted).
   * @param {object} message
   * @param {WorkerSlot} [slot]
   * @returns {{ job: Job, promise: Promise<any> }}
   */
  enqueue (message, slot) {
    /** @type {Job} */
    let job = /** @type {any} */ (null)
    const promise = new Promise((resolve, reject) => { job = new Job(this.host.scope('hashmill.WasmJob'), message, resolve, reject) })
    if (this.failure()) job.settle(this.broken)
    else if (slot && slot.dead) job.settle(slot.dead)
    else {
      job.slot = slot || null
      if (slot) slot.queue.push(job)
      else this.queue.push(job)
      this.dispatch()
    }
    return { job, promise }
  }

  /**
   * Opens a session on the least busy worker: `open` is the message that starts it there
   * (a hasher: `{ type: 'open', spec }`; a walk: `{ type: 'walkOpen', ... }`), sent with the
   * session's id. Returns the session's handle. The session counts towards its worker's
   * load at once, so sessions opened together spread out.
   * @param {object} open
   * @param {{ signal?: AbortSignal }} [how]
   * @returns {Promise<{ slot: WorkerSlot, session: number }>}
   */
  async openSession (open, { signal } = {}) {
    const slot = this.pickSessionSlot()
    const session = this.nextSession++
    slot.sessions.add(session)
    try {
      await this.run({ ...open, session }, { slot, signal })
    } catch (error) {
      slot.sessions.delete(session)
      throw error
    }
    return { slot, session }
  }

  /** Ends a session; `type` is the message that ends it in its worker. */
  async closeSession ({ slot, session }, type = 'close') {
    if (!slot.sessions.delete(session) || slot.dead) return
    await this.run({ type, session }, { slot })
  }

  /** Why calls fail right now (destroyed, or workers failing to start), or null. */
  failure () {
    if (this.retryBootAt && Date.now() >= this.retryBootAt) {
      this.broken = null
      this.bootFailures = 0
      this.retryBootAt = 0
    }
    return this.broken
  }

  pickSessionSlot () {
    if (this.failure()) throw this.broken
    if (this.slots.size < this.size) return this.spawn()
    let best = { slot: /** @type {WorkerSlot | null} */ (null), load: Infinity }
    for (const slot of this.slots) {
      const load = slot.sessions.size + slot.queue.length + (slot.job ? 1 : 0)
      if (load < best.load) best = { slot, load }
    }
    return /** @type {WorkerSlot} */ (best.slot)
  }

  /** Stops a job: unqueues it, or tells its worker to stop; rejects it with `error`. */
  abort (job, error) {
    if (job.settled) return
    const queue = job.slot ? job.slot.queue : this.queue
    const index = queue.indexOf(job)
    if (index !== -1) queue.splice(index, 1)
    else if (job.running) job.running.cancel()
    job.settle(error)
  }

  dispatch () {
    for (const slot of this.slots) {
      if (!slot.job && slot.queue.length) slot.start(slot.queue.shift())
    }
    while (this.queue.length) {
      let idle = null
      for (const slot of this.slots) {
        if (!slot.job && !slot.dead) { idle = slot; break }
      }
      if (!idle && this.slots.size < this.size) idle = this.spawn()
      if (!idle) break
      idle.start(this.queue.shift())
    }
    // Copy the input of the next jobs in line now, so a worker never waits for a copy.
    for (let i = 0; i < Math.min(this.size, this.queue.length); i++) this.queue[i].prepare(this.host)
    for (const slot of this.slots) if (slot.queue.length) slot.queue[0].prepare(this.host)
  }

  spawn () {
    const slot = new WorkerSlot(this)
    this.slots.add(slot)
    return slot
  }

  /** Called when a slot's worker is gone: fail what was bound to it, maybe respawn. */
  retire (slot, error, booted) {
    if (!this.slots.delete(slot)) return
    slot.dead = error
    if (booted) this.bootFailures = 0
    else if (++this.bootFailures >= MAX_BOOT_FAILURES) {
      this.broken = errors.workerFailed(`${MAX_BOOT_FAILURES} workers failed to start; last error: ${error.message} ` +
        `(calls fail at once for ${this.bootRetryMs} ms, then starting workers is tried again)`, error)
      this.retryBootAt = Date.now() + this.bootRetryMs
      for (const job of this.queue.splice(0)) job.settle(this.broken)
    }
    for (const job of slot.queue.splice(0)) job.settle(error)
    this.dispatch()
  }

  /** Terminates every worker; pending jobs reject. */
  async destroy () {
    const closed = errors.workerFailed('the pool was destroyed')
    this.broken = closed
    this.retryBootAt = 0
    for (const job of this.queue.splice(0)) job.settle(closed)
    await Promise.all([...this.slots].map((slot) => slot.terminate(closed)))
  }
}

/** One worker, the job it runs, and the session jobs waiting for it. */
class WorkerSlot {
  constructor (pool) {
    this.pool = pool
    this.job = null
    this.queue = []
    this.sessions = new Set()
    this.dead = null
    this.booted = false
    this.graceTimer = null
    this.idleTimer = null
    const cancelBuffer = pool.host.sharedMemory ? new SharedArrayBuffer(4) : null
    this.cancelFlag = cancelBuffer && new Int32Array(cancelBuffer)
    this.worker = pool.host.spawn(pool.module, cancelBuffer)
    this.worker.listen({
      message: (reply) => this.onMessage(reply),
      error: (error) => this.fail(errors.workerFailed(error.message, error)),
      exit: (why) => this.fail(errors.workerFailed(why))
    })
  }

  start (job) {
    this.job = job
    if (this.idleTimer) clearTimeout(this.idleTimer)
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 0)
    job.running = { cancel: () => this.cancel() }
    this.worker.ref()
    const message = job.prepare(this.pool.host)
    this.worker.post(message, job.transfer)
  }

  cancel () {
    // Without shared memory the worker sees the cancel between the awaits of a job that
    // reads (a Blob); other jobs are short, and the grace period covers them.
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1)
    else this.worker.post({ cancel: true }, [])
    this.graceTimer = setTimeout(() => {
      this.terminate(errors.workerFailed('the worker did not stop after a cancel'))
    }, this.pool.cancelGraceMs)
    unrefTimer(this.graceTimer)
  }

  onMessage (reply) {
    // A worker being terminated may still answer; its job was settled when it failed.
    if (this.dead) return
    if (reply.ready) {
      this.booted = true
      this.pool.bootFailures = 0
      return
    }
    const job = this.job
    this.job = null
    if (this.graceTimer) clearTimeout(this.graceTimer)
    if (reply.fatal) {
      const error = errors.workerFailed(`the wasm instance trapped: ${reply.error.message}`)
      if (job) job.settle(error)
      this.terminate(error)
      return
    }
    if (job) {
      if (reply.ok) job.settle(null, reply.result, reply.returned)
      else if (reply.cancelled) job.settle(errors.aborted())
      else job.settle(Object.assign(new Error(reply.error.message), reply.error))
    }
    if (!this.queue.length) this.worker.unref()
    this.pool.dispatch()
    if (!this.job && this.pool.host.idleMs !== undefined) this.dismissWhenIdle(this.pool.host.idleMs)
  }

  /** Terminates this worker if it stays without work and sessions for `ms`. */
  dismissWhenIdle (ms) {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      if (!this.job && !this.queue.length && !this.sessions.size) this.terminate(errors.workerFailed('the worker was idle'))
    }, ms)
  }

  fail (error) {
    if (this.dead) return
    if (this.graceTimer) clearTimeout(this.graceTimer)
    if (this.idleTimer) clearTimeout(this.idleTimer)
    const job = this.job
    this.job = null
    this.dead = error
    if (job) job.settle(error)
    this.pool.retire(this, error, this.booted)
  }

  async terminate (error) {
    this.fail(error)
    // Held until it has ended: an idle worker is unref'd, and a caller awaiting its end
    // (destroy) must not be left pending by an event loop that ran out of work.
    this.worker.ref()
    await this.worker.terminate()
  }
}

/** A timer that does not keep Node's process alive (browsers have no such notion). */
function unrefTimer (timer) {
  if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref()
}

module.exports = { WorkerPool }
