// Browser tests of @invoice-run/elements: every `packages/elements/src/**/*.test.ts`, in Debian's
// Chromium driven by playwright-core. TypeScript is served through esbuild with this package's own
// tsconfig (read raw: it spells out `useDefineForClassFields: false`); packages resolve through
// their `source` export condition. Results go to the terminal and to
// `.test-results/elements-junit.xml`. Run from anywhere: `npm run test:elements`.
import {fileURLToPath} from 'node:url';
import {defaultReporter, summaryReporter} from '@web/test-runner';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {junitReporter} from '@web/test-runner-junit-reporter';
import {playwrightLauncher} from '@web/test-runner-playwright';
import {chromiumFlags, chromiumPath} from '../../scripts/chromium.mjs';
import {cronstrueEsm, dexieEsm, papaparseEsm} from '../../scripts/web-test-runner-plugins.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packageDir = fileURLToPath(new URL('.', import.meta.url));

export default {
  rootDir: root,
  files: [`${packageDir}src/**/*.test.ts`],
  nodeResolve: {exportConditions: ['source', 'browser', 'development'], browser: true},
  concurrency: 1,
  testFramework: {config: {timeout: 60_000}},
  testsFinishTimeout: 10 * 60_000,
  browserStartTimeout: 120_000,
  plugins: [
    dexieEsm,
    papaparseEsm,
    cronstrueEsm,
    esbuildPlugin({ts: true, target: 'es2022', tsconfig: `${packageDir}tsconfig.json`}),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumFlags,
      },
      // A zone west of UTC, so a calendar date formatted through local time would show the day
      // before: the tests catch it. The clipboard may be read and written, as a spreadsheet
      // would: the grid's tests copy cells and read them back, and paste what they wrote.
      createBrowserContext: ({browser}) =>
        browser.newContext({
          timezoneId: 'America/Los_Angeles',
          permissions: ['clipboard-read', 'clipboard-write'],
        }),
    }),
  ],
  reporters: [
    defaultReporter(),
    summaryReporter(),
    junitReporter({outputPath: `${root}.test-results/elements-junit.xml`, reportLogs: true}),
  ],
};
