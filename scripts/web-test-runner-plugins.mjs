// web-test-runner plugins both browser test configs need: the worker's dependencies ship builds
// that native ESM in the test server cannot import as they are.

/** Dexie's default ESM entry wraps its UMD build, which native ESM cannot import (TOOLCHAIN 1). */
export const dexieEsm = {
  name: 'dexie-esm',
  resolveImport({source}) {
    if (source === 'dexie') return '/node_modules/dexie/dist/dexie.mjs';
    return undefined;
  },
};

/** papaparse (imported by the worker) ships a UMD build only: serve it as a module. */
export const papaparseEsm = {
  name: 'papaparse-esm',
  transform(context) {
    if (!/\/node_modules\/papaparse\/papaparse(\.min)?\.js$/.test(context.path)) return undefined;
    return {
      body: `const module = {exports: {}};\n(function (module, exports) {\n${context.body}\n}).call(globalThis, module, module.exports);\nexport default module.exports;\n`,
    };
  },
};
