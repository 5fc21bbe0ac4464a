/**
 * A File the test driver picks in the page (a sparse file of more than 4 GiB on disk, as a
 * user would drop one): hashed with hashBlob, BLAKE3 split across the workers and SHA-256
 * on one, in the memory of a few slices, with offsets past 2^32.
 */
import { hashBlob } from '/web/hashmill.js'

document.querySelector('#file').addEventListener('change', async (event) => {
  const file = event.target.files[0]
  try {
    window.__report = { size: file.size, blake3: await hashBlob(file), crc64nvme: await hashBlob(file, 'crc64nvme') }
  } catch (error) {
    window.__report = { failed: `${error.name} ${error.code}: ${error.message}` }
  }
}, { once: true })
