// What the type check (tsconfig.json) cannot see: the native addon is loaded at run time
// from a file or a platform package, and its exports are described by lib/native/index.js.
declare module '*.node' {
  const binding: any
  export = binding
}
declare module '@hashmill/*' {
  const binding: any
  export = binding
}
