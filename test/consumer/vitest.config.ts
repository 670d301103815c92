import {defineConfig} from 'vitest/config';

/** The consumer test: packs the packages, installs them elsewhere, builds and runs a page. */
export default defineConfig({
  test: {
    include: ['**/*.consumer.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
