#!/usr/bin/env node
// Builds the workspace packages for publishing: ES modules with Vite's library mode (the worker
// package's worker is bundled whole, with Dexie and the engine, so any bundler and a plain
// `<script type="module">` page can load it), then one declaration file per public entry, bundled
// with rollup-plugin-dts from that entry alone (internal types stay out).
//
// What ships beside the code:
// - source maps with the sources inside them (`sourcesContent`), so a stack trace or a debugger
//   shows our TypeScript and no map points at a file the package does not hold;
// - the worker bundle (the file a page loads as it is) minified; the other modules are left
//   readable, since the host's bundler minifies them with the page;
// - `dist/THIRD-PARTY-NOTICES.txt` when a build bundles code of other packages (the worker
//   package bundles Dexie, Comlink, zod, ...): each package's name, version, license, license text
//   and NOTICE file, found by rollup-plugin-license from the modules that went into the bundles.
//   Minifying drops comments other than legal ones (`/*!`, `@license`); this file keeps them all.
// Usage: node scripts/build-package.mjs [core|worker|elements|postgres ...]   (default: all, in order)
import {readFileSync, writeFileSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {rollup} from 'rollup';
import {dts} from 'rollup-plugin-dts';
import license from 'rollup-plugin-license';
import {build} from 'vite';
import {writeIntegrations} from './elements-integrations.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Public entries of each package: dist name -> source file. */
const PACKAGES = {
  core: {
    entries: {index: 'src/index.ts', csv: 'src/csv.ts', cli: 'src/cli/bin.ts'},
    types: ['index', 'csv'],
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
    // Framework typings and editor data, from custom-elements.json; the build for plain pages.
    after: async (dir) => {
      writeIntegrations(dir);
      await buildBrowser(dir);
    },
  },
  postgres: {
    entries: {index: 'src/index.ts'},
    types: ['index'],
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

export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

/**
 * Collects the packages whose code the builds of one package bundle (the main build and its
 * worker build each report theirs), for the notices file. Our own packages are left out: they
 * are under the package's own LICENSE.
 */
function bundledPackages() {
  const found = new Map();
  const plugin = () =>
    license({
      thirdParty: {
        includePrivate: false,
        output: (dependencies) => {
          for (const dependency of dependencies) {
            if (dependency.name?.startsWith('@invoice-run/')) continue;
            found.set(`${dependency.name}@${dependency.version}`, dependency);
          }
        },
      },
    });
  return {plugin, found};
}

/** The notices file: each bundled package with its license text and NOTICE, by name. */
function noticesText(packageName, dependencies, folder = 'dist/') {
  const rule = '-'.repeat(80);
  const entries = dependencies
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((dependency) =>
      [
        rule,
        `${dependency.name} ${dependency.version}`,
        `License: ${dependency.license}`,
        ...(dependency.repository?.url ? [`Repository: ${dependency.repository.url}`] : []),
        '',
        dependency.licenseText?.trim() ??
          `(no license file; the package declares ${dependency.license})`,
        ...(dependency.noticeText ? ['', 'NOTICE:', '', dependency.noticeText.trim()] : []),
        '',
      ].join('\n'),
    );
  return [
    `${packageName} bundles code of the packages below into its ${folder} files. Their licenses`,
    'and notices follow, as each package ships them.',
    '',
    ...entries,
  ].join('\n');
}

/**
 * The elements for a page without a bundler: `browser/invoice-run.js`, one minified module with
 * Lit, the components and the worker client inside (from `src/browser.ts`), and the worker bundle
 * beside it, with its notices file. A page imports it by URL; no import map needed.
 */
async function buildBrowser(dir) {
  const bundled = bundledPackages();
  await build({
    configFile: false,
    root: dir,
    base: './',
    logLevel: 'warn',
    resolve: {conditions: ['source', 'module', 'browser', 'default']},
    plugins: [bundled.plugin()],
    worker: {
      format: 'es',
      plugins: () => [bundled.plugin()],
      rolldownOptions: {output: {minify: true, entryFileNames: 'invoice-run.worker-[hash].js'}},
    },
    build: {
      outDir: 'browser',
      emptyOutDir: true,
      assetsDir: '',
      target: 'es2022',
      sourcemap: true,
      minify: true,
      lib: {entry: {'invoice-run': join(dir, 'src/browser.ts')}, formats: ['es']},
      rolldownOptions: {
        external: (id) => id.startsWith('node:'),
        output: {entryFileNames: '[name].js', codeSplitting: false},
      },
    },
  });
  const text = noticesText('@invoice-run/elements', [...bundled.found.values()], 'browser/');
  writeFileSync(join(dir, 'browser', NOTICES_FILE), `${text.trimEnd()}\n`);
}

async function buildPackage(name) {
  const {entries, types, bundleDependencies, after} = PACKAGES[name];
  const dir = join(root, 'packages', name);
  const deps = dependencies(dir);
  const bundled = bundledPackages();
  process.stdout.write(`\n== @invoice-run/${name}\n`);
  await build({
    configFile: false,
    root: dir,
    base: './',
    logLevel: 'warn',
    resolve: {conditions: ['source', 'module', 'browser', 'default']},
    plugins: [bundled.plugin()],
    worker: {
      format: 'es',
      plugins: () => [bundled.plugin()],
      // A page loads the worker bundle as it is: 160 kB gzip unminified, about 110 kB minified.
      rolldownOptions: {output: {minify: true}},
    },
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
  if (bundled.found.size > 0) {
    const text = noticesText(`@invoice-run/${name}`, [...bundled.found.values()]);
    writeFileSync(join(dir, 'dist', NOTICES_FILE), `${text.trimEnd()}\n`);
  }
  await after?.(dir);
  process.stdout.write(`built packages/${name}/dist\n`);
}

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(PACKAGES)) await buildPackage(name);
