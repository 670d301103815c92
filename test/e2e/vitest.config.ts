import {defineConfig} from 'vitest/config';

/** The end-to-end test of the demo: Vite serves it, Debian's Chromium loads it (playwright-core). */
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one dev server at a time: the machine has two cores.
    fileParallelism: false,
  },
});
