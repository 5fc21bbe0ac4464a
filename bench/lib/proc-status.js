'use strict'
/**
 * This process's memory as Linux reports it in /proc/self/status: resident set now
 * (`VmRSS`) and at its peak (`VmHWM`), and resetting that peak to the current RSS (writing
 * 5 to /proc/self/clear_refs, Linux 4.0 and later) so one call's own peak can be read.
 */
const fs = require('node:fs')

const KiB = 1024

/** A `VmXxx: 1234 kB` field of /proc/self/status in bytes, or null. */
function statusBytes (field) {
  try {
    const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
    return m ? Number(m[1]) * KiB : null
  } catch {
    return null
  }
}

/** The peak RSS so far: VmHWM, or process.resourceUsage().maxRSS where there is no /proc. */
function peakRssBytes () {
  return statusBytes('VmHWM') ?? process.resourceUsage().maxRSS * KiB
}

/** Resets VmHWM to the current RSS; false where the kernel does not allow it. */
function resetPeakRss () {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch {
    return false
  }
}

module.exports = { statusBytes, peakRssBytes, resetPeakRss }
