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

/**
 * cRonstrue (imported by the elements) ships UMD builds only: its main build and the German
 * locale, which requires the main build and registers itself with it. Both are served as modules;
 * the locale's `require('cronstrue')` gets the same instance the elements import.
 */
export const cronstrueEsm = {
  name: 'cronstrue-esm',
  transform(context) {
    const match =
      /\/node_modules\/cronstrue\/(dist\/cronstrue|locales\/[a-z_]+)(\.min)?\.js$/i.exec(
        context.path,
      );
    if (match === null) return undefined;
    const main = match[1] === 'dist/cronstrue';
    return {
      body:
        (main ? '' : `import cronstrue from 'cronstrue';\n`) +
        `const module = {exports: {}};\n` +
        `const require = (name) => {\n  if (name === 'cronstrue') return ${main ? 'undefined' : 'cronstrue'};\n  throw new Error('cronstrue-esm: cannot require ' + name);\n};\n` +
        `(function (module, exports, require) {\n${context.body}\n}).call(globalThis, module, module.exports, require);\n` +
        `export default module.exports;\n`,
    };
  },
};
