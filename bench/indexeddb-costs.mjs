#!/usr/bin/env node
// What bounds a run in the browser (issue 15): each kind of IndexedDB work a run of January does,
// measured alone in headless Chromium over the generated data set stored raw in the worker's own
// tables (bench/costs/). Prints each one's wall and Chromium CPU seconds (the mean of `--rounds`),
// then one JSON line. The invoices are the ceiling's work; the rest is what a run adds to it.
// Usage: node bench/indexeddb-costs.mjs [--size=SUBSCRIPTIONS,TRANSACTIONS] [--rounds=N]
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {build, defaultClientConditions, preview} from 'vite';
import {chromiumFlags, chromiumPath} from '../scripts/chromium.mjs';
import {chromiumCpuSeconds} from './chromium-cpu.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const [subscriptions, transactions] = (option('size') ?? '10000,100000').split(',').map(Number);
const rounds = Number(option('rounds') ?? 3);
const log = (text) => process.stderr.write(`[costs] ${text}\n`);

const root = join(here, 'costs');
const outDir = join(here, '.out', 'costs');
const config = {configFile: false, root, base: './', logLevel: 'warn'};
await build({
  ...config,
  resolve: {conditions: ['source', ...defaultClientConditions]},
  worker: {format: 'es'},
  build: {outDir, emptyOutDir: true, target: 'es2022'},
});
const server = await preview({...config, build: {outDir}, preview: {host: '127.0.0.1', port: 0}});
const userDataDir = mkdtempSync(join(tmpdir(), 'invoice-run-costs-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  args: chromiumFlags,
});
const results = {browser: context.browser()?.version() ?? null, subscriptions, transactions};
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60 * 60_000);
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector('body[data-ready]', {state: 'attached'});
  const measure = (request) => page.evaluate((each) => window.measure(each), request);
  log(`storing ${subscriptions} subscriptions and ${transactions} transactions`);
  await measure({op: 'setup', subscriptions, transactions});
  const {result: kinds} = await measure({op: 'list'});
  const sums = Object.fromEntries(kinds.map((kind) => [kind, {seconds: 0, cpuSeconds: 0}]));
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      const before = chromiumCpuSeconds(userDataDir);
      const {ms} = await measure({op: kind});
      const cpu = chromiumCpuSeconds(userDataDir) - before;
      sums[kind].seconds += ms / 1000 / rounds;
      sums[kind].cpuSeconds += cpu / rounds;
      log(`${kind}: ${(ms / 1000).toFixed(2)} s, ${cpu.toFixed(2)} CPU s`);
    }
  }
  results.work = Object.fromEntries(
    Object.entries(sums).map(([kind, {seconds, cpuSeconds}]) => [
      kind,
      {seconds: Number(seconds.toFixed(2)), cpuSeconds: Number(cpuSeconds.toFixed(2))},
    ]),
  );
} finally {
  await context.close();
  await server.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
process.stdout.write(`${JSON.stringify(results)}\n`);
