'use strict'
/**
 * Which files a Node process loaded, from Node's own module log: run it with
 * `NODE_DEBUG=module` (MODULE_LOG_ENV) and read its standard error here. Used to check
 * that the CLI runs from its one-file build (bin/hashmill.bundle.js) rather than lib/: in
 * the launcher's test, test:install and the startup bench.
 */

/** The variable that turns the log on. */
const MODULE_LOG_ENV = { NODE_DEBUG: 'module' }

/**
 * The files the log says were loaded, in order.
 * @param {string} stderr
 * @returns {string[]}
 */
function loadedFiles (stderr) {
  return [...stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1])
}

module.exports = { MODULE_LOG_ENV, loadedFiles }
