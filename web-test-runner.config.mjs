// Browser tests: every `packages/*/src/**/*.browser.test.ts`, in Debian's Chromium driven by
// playwright-core. TypeScript is served through esbuild; packages resolve through their `source`
// export condition. Results go to the terminal and to `.test-results/browser-junit.xml`.
import {readdirSync} from 'node:fs';
import {defaultReporter} from '@web/test-runner';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {junitReporter} from '@web/test-runner-junit-reporter';
import {playwrightLauncher} from '@web/test-runner-playwright';
import {chromiumFlags, chromiumPath} from './scripts/chromium.mjs';
import {dexieEsm, papaparseEsm} from './scripts/web-test-runner-plugins.mjs';

/** Serves the list of public scenario files, so browser tests can fetch each one. */
const scenarioList = {
  name: 'invoice-run-scenario-list',
  serve(context) {
    if (context.path !== '/__invoice-run__/scenarios.json') return undefined;
    const files = readdirSync('test/scenarios')
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => `/test/scenarios/${file}`);
    return {body: JSON.stringify(files), type: 'json'};
  },
};

export default {
  rootDir: '.',
  files: ['packages/*/src/**/*.browser.test.ts'],
  nodeResolve: {exportConditions: ['source', 'browser'], browser: true},
  concurrency: 1,
  testFramework: {config: {timeout: 120_000}},
  testsFinishTimeout: 15 * 60_000,
  browserStartTimeout: 120_000,
  plugins: [scenarioList, dexieEsm, papaparseEsm, esbuildPlugin({ts: true, target: 'es2022'})],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumFlags,
      },
    }),
  ],
  reporters: [
    defaultReporter(),
    junitReporter({outputPath: '.test-results/browser-junit.xml', reportLogs: true}),
  ],
};
