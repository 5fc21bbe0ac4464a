/**
 * The demo page: drop files (or a folder), see each file's digests with a progress bar and
 * its throughput, choose the algorithms, copy a `sha256sum`-format manifest. Everything is
 * hashed with hashmill's `hashBlob()`: the workers read each File themselves, so the page
 * stays responsive whatever the files' sizes.
 *
 * hashmill is imported by its path here (`npm run demo` serves the package's web/ folder at
 * /hashmill/), because the demo is served under a strict Content-Security-Policy that
 * allows no inline script, and so no import map. With a bundler: `import { hashBlob } from 'hashmill'`.
 */
import { hashBlob, algorithms, backend, ready } from './hashmill/hashmill.js'

const DEFAULT_ALGORITHMS = ['blake3', 'sha256']
const $ = (selector) => document.querySelector(selector)

/** @type {{ path: string, file: File, digests: Record<string, string> }[]} */
const entries = []
let queue = Promise.resolve()

function formatBytes (bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

function chosenAlgorithms () {
  return [...document.querySelectorAll('#algorithms input:checked')].map((input) => input.value)
}

/** A name as coreutils writes it in a checksum line: `\`, newline and CR escaped, the line marked with a leading `\`. */
function checksumLine (digest, path) {
  if (!/[\\\n\r]/.test(path)) return `${digest}  ${path}`
  return `\\${digest}  ${path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}`
}

function renderManifest () {
  const algorithm = $('#manifest-algorithm').value
  const lines = entries.filter((entry) => entry.digests[algorithm])
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => checksumLine(entry.digests[algorithm], entry.path))
  $('#manifest').value = lines.length ? `${lines.join('\n')}\n` : ''
  $('#manifest-section').hidden = lines.length === 0
}

function row (entry) {
  const tr = document.createElement('tr')
  tr.innerHTML = '<td class="name"></td><td class="size"></td><td><progress max="1" value="0"></progress><span class="rate"></span></td><td class="digests"></td>'
  tr.querySelector('.name').textContent = entry.path
  tr.querySelector('.size').textContent = formatBytes(entry.file.size)
  $('#results tbody').append(tr)
  $('#results').hidden = false
  return tr
}

/** Hashes one file with every chosen algorithm at once, showing progress and throughput. */
async function hashEntry (entry) {
  const tr = row(entry)
  const names = chosenAlgorithms()
  const done = Object.fromEntries(names.map((name) => [name, 0]))
  const total = Math.max(1, entry.file.size * names.length)
  const bar = tr.querySelector('progress')
  const rate = tr.querySelector('.rate')
  const started = performance.now()
  const show = () => {
    const bytes = Object.values(done).reduce((a, b) => a + b, 0)
    bar.value = bytes / total
    const seconds = (performance.now() - started) / 1000
    if (seconds > 0) rate.textContent = `${formatBytes(bytes / seconds)}/s`
  }
  await Promise.all(names.map(async (algorithm) => {
    const line = document.createElement('span')
    line.className = 'digest'
    line.innerHTML = '<b></b><span></span>'
    line.querySelector('b').textContent = algorithm
    tr.querySelector('.digests').append(line)
    try {
      const digest = await hashBlob(entry.file, {
        algorithm,
        onProgress: ({ bytesDone }) => { done[algorithm] = bytesDone; show() }
      })
      entry.digests[algorithm] = digest
      line.querySelector('span').textContent = digest
      line.dataset.algorithm = algorithm
    } catch (error) {
      line.querySelector('span').textContent = `${error.code || error.name}: ${error.message}`
      line.classList.add('error')
    }
  }))
  bar.value = 1
  const seconds = (performance.now() - started) / 1000
  rate.textContent = `${formatBytes(entry.file.size / Math.max(seconds, 1e-6))}/s per algorithm`
  tr.dataset.done = 'true'
}

function summarize () {
  const bytes = entries.reduce((sum, entry) => sum + entry.file.size, 0)
  $('#summary').textContent = `${entries.length} file${entries.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`
}

/** Queues files (each `{ path, file }`) to be hashed one after the other. */
function addFiles (files) {
  for (const { path, file } of files) {
    const entry = { path, file, digests: {} }
    entries.push(entry)
    queue = queue.then(() => hashEntry(entry)).then(renderManifest)
  }
  summarize()
}

/** Every file under a dropped directory entry, with its relative path. */
async function filesOf (entry, prefix = '') {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject))
    return [{ path: prefix + entry.name, file }]
  }
  const reader = entry.createReader()
  const children = []
  for (let batch; (batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject))).length;) children.push(...batch)
  const nested = await Promise.all(children.map((child) => filesOf(child, `${prefix}${entry.name}/`)))
  return nested.flat()
}

function setUp () {
  for (const name of algorithms) {
    const label = document.createElement('label')
    label.innerHTML = '<input type="checkbox"> <span></span>'
    label.querySelector('input').value = name
    label.querySelector('input').checked = DEFAULT_ALGORITHMS.includes(name)
    label.querySelector('span').textContent = name
    $('#algorithms').append(label)
    const option = document.createElement('option')
    option.value = option.textContent = name
    $('#manifest-algorithm').append(option)
  }
  $('#manifest-algorithm').value = 'sha256'
  $('#manifest-algorithm').addEventListener('change', renderManifest)
  $('#files').addEventListener('change', (event) => {
    addFiles([...event.target.files].map((file) => ({ path: file.name, file })))
    event.target.value = ''
  })
  $('#folder').addEventListener('change', (event) => {
    addFiles([...event.target.files].map((file) => ({ path: file.webkitRelativePath || file.name, file })))
    event.target.value = ''
  })
  const drop = $('#drop')
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over') })
  drop.addEventListener('dragleave', () => drop.classList.remove('over'))
  drop.addEventListener('drop', async (event) => {
    event.preventDefault()
    drop.classList.remove('over')
    const items = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry()).filter(Boolean)
    addFiles((await Promise.all(items.map((item) => filesOf(item)))).flat())
  })
  $('#copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('#manifest').value)
      $('#copy').textContent = 'Copied'
    } catch {
      $('#manifest').select()
    }
  })
  $('#backend').textContent = `hashmill ${backend.kind} (${backend.target}), up to ${backend.threads} workers, ` +
    `input ${backend.sharedMemory ? 'through shared memory' : 'moved to the workers'}`
}

setUp()
ready().then(() => { document.body.dataset.ready = 'true' })
