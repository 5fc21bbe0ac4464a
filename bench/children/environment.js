'use strict'
/**
 * Prints the environment (lib/environment.js) as one JSON line. A child process, so the
 * bench's own process never maps the native addon, which a concurrent rebuild may replace.
 */
const { loadBackends } = require('../lib/backends')
const { describeEnvironment } = require('../lib/environment')
const { childMain } = require('../lib/child-main')

childMain(async () => {
  const backends = await loadBackends()
  return { ...describeEnvironment(backends), loadNotes: backends.notes }
})
