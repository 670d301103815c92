/**
 * Vite serves and builds the demo (`demo/`): `npm start` runs the dev server, the end-to-end test
 * starts one programmatically from this file.
 *
 * - The workspace packages export their TypeScript sources under the `source` condition; the demo
 *   uses them, so it needs no build of the packages first.
 * - Dexie, Comlink and the engine's dependencies are imported only from the worker, which Vite
 *   discovers late: listing them in `optimizeDeps.include` keeps the dev server from re-bundling
 *   and reloading the page in the middle of the first load.
 * - `base: './'` keeps the worker's URL relative in a build, so `dist/demo` works from any path.
 */
import {fileURLToPath} from 'node:url';
import {defaultClientConditions, defineConfig} from 'vite';

const demoRoot = fileURLToPath(new URL('./demo', import.meta.url));

export default defineConfig({
  root: demoRoot,
  base: './',
  resolve: {
    conditions: ['source', ...defaultClientConditions],
  },
  optimizeDeps: {
    include: [
      'comlink',
      'dexie',
      'zod',
      'date-fns',
      '@date-fns/utc',
      'croner',
      'dinero.js/currencies',
      'papaparse',
      'lit',
      'lit/directives/if-defined.js',
      'lit/directives/live.js',
      '@lit/context',
      '@lit/task',
      '@lit-labs/virtualizer/virtualize.js',
    ],
  },
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/demo', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
