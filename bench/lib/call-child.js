'use strict'
/**
 * A child process that stays up and runs named calls on request, so calls in another
 * process can be timed in the same interleaved rounds as whole commands (each call is
 * one message there and one back: well under a millisecond against calls of seconds).
 * The parent side is startCallChild(); the child script calls serveCalls() with its
 * handlers once it is ready. A call that throws rejects with its message; a child that
 * exits rejects every pending and later call. The child is killed if the bench exits.
 */
const path = require('node:path')
const { fork } = require('node:child_process')
const { trackChild } = require('./cleanup')
const { CHILDREN } = require('./child')
const { describe } = require('./measure')

/**
 * @param {string} name a file in bench/children/, without .js
 * @param {string[]} args
 * @param {{ env?: object }} [options] env: variables to add
 * @returns {Promise<{ info: object, call: (op: string) => Promise<unknown>, close: () => void }>}
 *   resolves once the child is ready (with what it sent then)
 */
function startCallChild (name, args, { env = {} } = {}) {
  const child = fork(path.join(CHILDREN, `${name}.js`), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc']
  })
  trackChild(child)
  const pending = new Map()
  let nextId = 0
  let exited = null
  return new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.ready) return resolve({ info: message.info, call, close })
      const settle = pending.get(message.id)
      pending.delete(message.id)
      if (message.error) settle.reject(new Error(message.error))
      else settle.resolve(message.result)
    })
    child.on('exit', (code, signal) => {
      exited = new Error(`${name} ${args.join(' ')}: ${signal ? `killed by ${signal}` : `exited with code ${code}`}`)
      for (const settle of pending.values()) settle.reject(exited)
      pending.clear()
      reject(exited)
    })
  })

  function call (op) {
    if (exited) return Promise.reject(exited)
    return new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      child.send({ id, op })
    })
  }

  function close () {
    if (!exited) child.kill()
  }
}

/**
 * The child side: answers `{ id, op }` messages by running `handlers[op]()` and sending
 * back `{ id, result }` or `{ id, error }`; sends `{ ready, info }` first and exits when the
 * parent goes away.
 * @param {Record<string, () => unknown>} handlers
 * @param {object} [info] sent with the ready message
 */
function serveCalls (handlers, info = {}) {
  process.on('message', async ({ id, op }) => {
    try {
      process.send({ id, result: await handlers[op]() })
    } catch (error) {
      process.send({ id, error: describe(error) })
    }
  })
  process.on('disconnect', () => process.exit(0))
  process.send({ ready: true, info })
}

module.exports = { startCallChild, serveCalls }
