// The test page's module under the strict Content-Security-Policy, which allows no inline
// script and so no inline import map: it imports the browser build by its path.
import hashmill from '/web/hashmill.js'
import { reportPage } from './page.mjs'

reportPage(hashmill, { quick: new URLSearchParams(location.search).has('quick') })
