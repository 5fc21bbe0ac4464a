'use strict'
/** `require('hashmill/crypto')`: see lib/drop-ins/crypto.js. */
module.exports = require('./lib/drop-ins/crypto')
