'use strict'
/**
 * The real browsers the browser tests, the demo's test and the browser bench drive:
 * Debian's `chromium` and `firefox-esr`, installed with apt-get when they are missing and
 * this runs as root (nothing downloads a browser of its own), driven with puppeteer-core:
 * Chromium over the DevTools protocol, the stock Firefox ESR over WebDriver BiDi (which
 * playwright-core cannot drive: it needs Playwright's own patched Firefox). Each launch
 * gets a fresh profile, removed when the browser closes.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { commands } = require('./commands')

const { aptInstall } = commands('browsers')

const BROWSERS = {
  chromium: { executable: '/usr/bin/chromium', apt: 'chromium' },
  firefox: { executable: '/usr/bin/firefox-esr', apt: 'firefox-esr' }
}

/**
 * Chromium's flags for a run on a machine with no network but loopback (puppeteer adds
 * `--headless`): without the background-networking ones it keeps trying to reach Google.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'
]

let installTried = false

/**
 * Which browsers can run: `{ chromium: null | reason, firefox: null | reason }` (null: it
 * can). Installs the missing ones first where apt-get can (once per process).
 * @param {('chromium'|'firefox')[]} names
 * @returns {Record<string, string | null>}
 */
function browserProblems (names = ['chromium', 'firefox']) {
  const missing = () => names.filter((name) => !fs.existsSync(BROWSERS[name].executable))
  if (missing().length && !installTried) {
    installTried = true
    const canApt = typeof process.getuid === 'function' && process.getuid() === 0 && fs.existsSync('/usr/bin/apt-get')
    if (canApt) {
      try {
        aptInstall(missing().map((name) => BROWSERS[name].apt), { stdio: ['ignore', 'ignore', 'inherit'] })
      } catch (error) {
        process.stderr.write(`[browsers] apt-get could not install the browsers: ${error.message}\n`)
      }
    }
  }
  const problems = {}
  for (const name of names) {
    problems[name] = fs.existsSync(BROWSERS[name].executable)
      ? null
      : `${BROWSERS[name].executable} is missing and could not be installed (Debian package ${BROWSERS[name].apt}; apt-get as root)`
  }
  return problems
}

/**
 * Launches `name` headless with a fresh profile; `close()` also removes the profile.
 * @param {'chromium'|'firefox'} name
 * @returns {Promise<import('puppeteer-core').Browser>}
 */
async function launchBrowser (name) {
  const puppeteer = require('puppeteer-core')
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `hashmill-${name}-`))
  const options = name === 'chromium'
    ? { executablePath: BROWSERS.chromium.executable, headless: true, userDataDir: profile, args: CHROMIUM_ARGS }
    : { browser: /** @type {const} */ ('firefox'), executablePath: BROWSERS.firefox.executable, headless: true, userDataDir: profile }
  let browser
  try {
    browser = await puppeteer.launch(options)
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true })
    throw error
  }
  const close = browser.close.bind(browser)
  browser.close = async () => {
    try {
      await close()
    } finally {
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
  return browser
}

module.exports = { browserProblems, launchBrowser }
