#!/usr/bin/env node
// Benchmark 5 of issue 7: bundle sizes. Builds bench/size/entry.ts (createInvoiceRunClient and the
// elements' define module) with Vite in production mode (minified, from the packages' sources) and
// measures, minified and gzip (zlib level 9): the main-thread JS a page loads with the entry (the
// entry chunk and every chunk it imports statically, by Vite's manifest), each chunk loaded later
// on first use (dynamic imports: the review elements, a language's catalogues, cRonstrue, the
// virtualizer's layout), and the worker bundle Vite emits for `new Worker(new URL('./worker.ts',
// ...))`. Also reports packages/worker/dist's worker bundle (the library build, which minifies it
// too) when it exists. Prints one JSON line.
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {build, defaultClientConditions} from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '.out', 'size');
await build({
  configFile: false,
  root: join(here, 'size'),
  base: './',
  logLevel: 'warn',
  resolve: {conditions: ['source', ...defaultClientConditions]},
  worker: {format: 'es'},
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    minify: true,
    manifest: true,
  },
});

const measure = (files) => {
  const bytes = files.map((file) => readFileSync(file));
  return {
    files: files.map((file) => file.slice(outDir.length + 1)),
    minifiedBytes: bytes.reduce((sum, each) => sum + each.length, 0),
    gzipBytes: bytes.reduce((sum, each) => sum + gzipSync(each, {level: 9}).length, 0),
  };
};
const assets = join(outDir, 'assets');
const js = readdirSync(assets)
  .filter((name) => name.endsWith('.js'))
  .map((name) => join(assets, name));
const isWorker = (file) => /\/worker-[^/]*\.js$/.test(file);
// What the page loads with the entry: the entry chunk and its static imports, transitively.
const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'));
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(Object.keys(manifest).find((key) => manifest[key].isEntry));
const isInitial = (file) => initial.has(file.slice(outDir.length + 1));
const result = {
  mainThread: measure(js.filter(isInitial)),
  lazy: js
    .filter((file) => !isWorker(file) && !isInitial(file))
    .map((file) => measure([file]))
    .map(({files: [file], ...size}) => ({file, ...size})),
  worker: measure(js.filter(isWorker)),
};
const distAssets = join(here, '..', 'packages', 'worker', 'dist', 'assets');
try {
  const dist = readdirSync(distAssets).filter((name) => /^worker-.*\.js$/.test(name));
  if (dist.length > 0) {
    const bytes = readFileSync(join(distAssets, dist[0]));
    result.distWorker = {
      file: `packages/worker/dist/assets/${dist[0]}`,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, {level: 9}).length,
    };
  }
} catch {
  // No build of the package: the Vite bundle above is the figure.
}
process.stdout.write(`${JSON.stringify(result)}\n`);
