'use strict'
/**
 * Lists of paths as they cross to the workers: one buffer of NUL-separated byte strings
 * (a path can hold any byte but NUL, and one buffer is cloned far cheaper than many).
 */

const NUL = Buffer.from([0])

/**
 * Byte strings joined into one NUL-separated buffer.
 * @param {Uint8Array[]} parts
 */
function joinWithNul (parts) {
  return Buffer.concat(parts.flatMap((part, i) => i ? [NUL, part] : [part]))
}

/**
 * NUL-separated `joined` cut into runs of `per` strings each, every run a copy in an
 * ArrayBuffer of its own: a message clones a view's whole buffer, so a view of `joined`
 * (or of Buffer's 8 KiB pool) would send all of it with every job.
 */
function runsOf (joined, per) {
  const own = (start, end) => Uint8Array.prototype.slice.call(joined, start, end)
  const runs = []
  let start = 0
  let at = 0
  let count = 0
  while (true) {
    const end = joined.indexOf(0, at)
    if (end === -1) {
      runs.push(own(start))
      return runs
    }
    if (++count === per) {
      runs.push(own(start, end))
      start = end + 1
      count = 0
    }
    at = end + 1
  }
}

/** How many strings NUL-separated `joined` holds. */
function countJoined (joined) {
  let count = 1
  for (let at = joined.indexOf(0); at !== -1; at = joined.indexOf(0, at + 1)) count++
  return count
}

module.exports = { joinWithNul, runsOf, countJoined }
