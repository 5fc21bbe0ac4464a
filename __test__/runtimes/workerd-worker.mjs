/**
 * The Worker of the workerd test (runtimes.test.js bundles it as wrangler would, with the
 * `workerd` condition, so `import 'hashmill'` gets web/workerd.js and its precompiled
 * module): each request runs the shared cases and answers with their results.
 */
import hashmill from 'hashmill'
import { runCases } from '../browser/cases.mjs'

export default {
  async fetch () {
    let syncBeforeReady
    try {
      syncBeforeReady = hashmill.hashSync('abc')
    } catch (error) {
      syncBeforeReady = error.code
    }
    const results = await runCases(hashmill, { quick: true })
    return Response.json({ backend: hashmill.backend, syncBeforeReady, results })
  }
}
