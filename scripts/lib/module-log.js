'use strict'
/**
 * Which files a Node process loaded, from Node's own module log and the CLI launcher's
 * (bin/hashmill.js, which runs its one-file build itself on Node < 22.1 to give it
 * compiled code: bin/code-cache.js): run it with `NODE_DEBUG=module,hashmill`
 * (MODULE_LOG_ENV) and read its standard error here. Used to check that the CLI runs from
 * its one-file build (bin/hashmill.bundle.js) rather than lib/: in the launcher's test,
 * test:install and the startup bench.
 */

/** The variable that turns the logs on. */
const MODULE_LOG_ENV = { NODE_DEBUG: 'module,hashmill' }

/**
 * The files the logs say were loaded, in order.
 * @param {string} stderr
 * @returns {string[]}
 */
function loadedFiles (stderr) {
  return [...stderr.matchAll(/^(?:MODULE|HASHMILL) \d+: load "([^"]+)"/gm)].map((m) => m[1])
}

/**
 * `stderr` without the logs' lines: what the process itself wrote there.
 * @param {string} stderr
 */
function withoutLog (stderr) {
  return stderr.split('\n').filter((line) => !/^(?:MODULE|HASHMILL) \d+: /.test(line)).join('\n')
}

module.exports = { MODULE_LOG_ENV, loadedFiles, withoutLog }
