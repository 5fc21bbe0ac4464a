// The test page's module, importing hashmill by its package name: resolved by the page's
// import map (importmap.html) or by a bundler (the bundler tests).
import hashmill from 'hashmill'
import { reportPage } from './page.mjs'

reportPage(hashmill, { quick: new URLSearchParams(location.search).has('quick') })
