'use strict'
/**
 * The frame of every script in bench/children/: run `main`, print its result as one JSON
 * line on stdout, and exit once that line is flushed (process.exit() right after a large
 * write to a pipe would cut it short); on failure print the stack and exit 1. Exiting
 * explicitly means no pool or timer can keep a child alive.
 */

/** @param {() => Promise<object>} main */
function childMain (main) {
  main().then((result) => {
    process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0))
  }, (error) => {
    process.stderr.write(`${(error && error.stack) || error}\n`, () => process.exit(1))
  })
}

module.exports = { childMain }
