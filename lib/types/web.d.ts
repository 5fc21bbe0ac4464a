// The core's table as JSON, which scripts/lib/web-bundle.js builds into the web bundles
// (esbuild `define`), so lib/web/index.js needs no compiled module to know the algorithms.
declare const HASHMILL_WEB_TABLE: string

// web/hashmill.wasm, imported precompiled in workerd (lib/web/workerd.mjs).
declare module '*.wasm' {
  const module: WebAssembly.Module
  export default module
}
