'use strict'
/** `require('hashmill/webpack')`: see lib/drop-ins/webpack.js. */
module.exports = require('./lib/drop-ins/webpack')
