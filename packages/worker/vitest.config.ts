import {defineConfig} from 'vitest/config';

export default defineConfig({
  ssr: {resolve: {conditions: ['source']}},
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.browser.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    testTimeout: 30_000,
  },
});
