#!/usr/bin/env node
// Builds the workspace packages for publishing: ES modules with Vite's library mode (the worker
// package's worker is bundled whole, with Dexie and the engine, so any bundler and a plain
// `<script type="module">` page can load it), then one declaration file per public entry, bundled
// with rollup-plugin-dts from that entry alone (internal types stay out).
// Usage: node scripts/build-package.mjs [core|worker|elements ...]   (default: all, in order)
import {readFileSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {rollup} from 'rollup';
import {dts} from 'rollup-plugin-dts';
import {build} from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Public entries of each package: dist name -> source file. */
const PACKAGES = {
  core: {
    entries: {index: 'src/index.ts', cli: 'src/cli/bin.ts'},
    types: ['index'],
    bundleDependencies: false,
  },
  worker: {
    entries: {index: 'src/index.ts', 'in-process': 'src/in-process.ts', worker: 'src/worker.ts'},
    types: ['index', 'in-process'],
    bundleDependencies: true,
  },
  elements: {
    entries: {index: 'src/index.ts', define: 'src/define.ts'},
    types: ['index', 'define'],
    bundleDependencies: false,
  },
};

function dependencies(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return Object.keys({...manifest.dependencies, ...manifest.peerDependencies});
}

/** A bare import of `names` or of a subpath of one. */
function externalTo(names) {
  return (id) =>
    id.startsWith('node:') || names.some((name) => id === name || id.startsWith(`${name}/`));
}

async function buildPackage(name) {
  const {entries, types, bundleDependencies} = PACKAGES[name];
  const dir = join(root, 'packages', name);
  const deps = dependencies(dir);
  process.stdout.write(`\n== @invoice-run/${name}\n`);
  await build({
    configFile: false,
    root: dir,
    base: './',
    logLevel: 'warn',
    resolve: {conditions: ['source', 'module', 'browser', 'default']},
    worker: {format: 'es'},
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      minify: false,
      lib: {
        entry: Object.fromEntries(
          Object.entries(entries).map(([out, src]) => [out, join(dir, src)]),
        ),
        formats: ['es'],
      },
      rolldownOptions: {
        // The worker package ships self-contained; the others leave their dependencies to the
        // host's bundler, so a page holds one copy of Lit and of the engine.
        external: bundleDependencies ? (id) => id.startsWith('node:') : externalTo(deps),
        output: {entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js'},
      },
    },
  });
  // All declaration entries in one pass: types they share go to one chunk, so `define.d.ts` and
  // `index.d.ts` name the same classes rather than two incompatible copies.
  const bundle = await rollup({
    input: Object.fromEntries(types.map((entry) => [entry, join(dir, entries[entry])])),
    external: externalTo([...deps, '@invoice-run/core', '@invoice-run/worker']),
    plugins: [dts({tsconfig: join(dir, 'tsconfig.dts.json'), respectExternal: false})],
    onwarn: (warning, warn) => (warning.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(warning)),
  });
  await bundle.write({
    dir: join(dir, 'dist'),
    format: 'es',
    entryFileNames: '[name].d.ts',
    chunkFileNames: 'chunks/[name]-[hash].d.ts',
  });
  await bundle.close();
  process.stdout.write(`built packages/${name}/dist\n`);
}

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(PACKAGES)) await buildPackage(name);
