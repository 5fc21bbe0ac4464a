'use strict'
/**
 * The key under which the API object keeps what the CLI and the tests need beyond the
 * public API (the backend, for the core's checksum lines; the option parser; files as the
 * backend's columns, which the CLI prints without a JS object per file). A registered symbol, so every
 * copy of the package agrees on it; it is not enumerable and not documented.
 */
const INTERNALS = Symbol.for('hashmill.internals')

module.exports = { INTERNALS }
