#!/usr/bin/env node
// The demo's own path, measured as a clerk meets it (issue 15): a production build of `demo/` (the
// root vite.config.ts), its first visit (the default data set), then "Load 50,000 accounts" (the
// demo's generator and its import batches, every component on the page, the scheduler on), then a
// January run started from `<invoice-run-form>` with every usage and order filter ticked. Prints
// progress lines, then one JSON line. Usage: node bench/demo.mjs [--profile=FILE.cpuprofile]
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {build, preview} from 'vite';
import {chromiumFlags, chromiumPath} from '../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const log = (text) => process.stderr.write(`[demo] ${text}\n`);
const round = (value, digits = 2) => (value == null ? null : Number(value.toFixed(digits)));
const profilePath = process.argv
  .find((arg) => arg.startsWith('--profile='))
  ?.slice('--profile='.length);

const outDir = join(here, '.out', 'demo');
const config = {configFile: join(root, 'vite.config.ts'), logLevel: 'warn'};
await build({...config, build: {outDir, emptyOutDir: true, minify: profilePath === undefined}});
const server = await preview({...config, build: {outDir}, preview: {port: 0, strictPort: false}});
const userDataDir = mkdtempSync(join(tmpdir(), 'invoice-run-demo-bench-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  args: chromiumFlags,
  viewport: {width: 1440, height: 1000},
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(120 * 60_000);
page.on('pageerror', (error) => log(`page error: ${error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error') log(`console: ${message.text()}`);
});

/** The billing worker's CPU profile while `task` runs (`--profile`), as bench/browser.mjs does. */
async function withProfile(task) {
  if (profilePath === undefined) return task();
  const cdp = await context.browser().newBrowserCDPSession();
  const {targetInfos} = await cdp.send('Target.getTargets');
  const target = targetInfos.find((each) => each.type === 'worker');
  const {sessionId} = await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  });
  let id = 0;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', ({message}) => {
    const reply = JSON.parse(message);
    waiting.get(reply.id)?.(reply);
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const own = ++id;
      waiting.set(own, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({id: own, method, params}),
      });
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', {interval: 500});
  await send('Profiler.start');
  const result = await task();
  const {result: stopped} = await send('Profiler.stop');
  writeFileSync(profilePath, JSON.stringify(stopped.profile));
  log(`profile written to ${profilePath}`);
  return result;
}

const figures = {};
try {
  const url = server.resolvedUrls.local[0];
  log(`opening ${url}`);
  let started = performance.now();
  await page.goto(url);
  await page.waitForFunction(() => window.__demoReady === true);
  figures.firstVisitSeconds = round((performance.now() - started) / 1000);
  log(`first visit ready in ${figures.firstVisitSeconds} s`);

  // "Load 50,000 accounts": the demo's own generator, batches and components.
  started = performance.now();
  await page.locator('#load-large').click();
  await page.locator('#confirm-ok').click();
  await page.waitForFunction(() => window.__demoReady === false);
  await page.waitForFunction(() => window.__demoReady === true);
  const info = await page.evaluate(() =>
    JSON.parse(localStorage.getItem('invoice-run-demo:data-set') ?? 'null'),
  );
  figures.loadSeconds = round((performance.now() - started) / 1000);
  figures.loadedRecords =
    info.accounts + info.subscriptions + info.items + info.transactions + info.records;
  figures.subscriptions = info.subscriptions;
  figures.transactions = info.transactions;
  figures.loadRecordsPerSecond = Math.round(figures.loadedRecords / figures.loadSeconds);
  log(
    `loaded ${figures.loadedRecords} records (${info.subscriptions} subscriptions) in ${figures.loadSeconds} s`,
  );

  // January from the form, every usage and order filter ticked.
  const form = page.locator('invoice-run-form');
  await form.getByRole('radio', {name: 'All subscriptions'}).check();
  await form.getByLabel('Period start').fill('2026-01-01');
  await form.getByLabel('Period end').fill('2026-01-31');
  for (const name of [
    'Metered usage',
    'Manually entered usage',
    'Service orders',
    'Hardware orders',
  ])
    await form.getByRole('checkbox', {name}).check();
  const completed = page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        document.addEventListener(
          'invoice-run-complete',
          (event) =>
            resolve({
              ms: event.duration,
              counters: event.result.counters,
              status: event.result.run.status,
            }),
          {once: true},
        );
        document.addEventListener(
          'invoice-run-error',
          (event) => reject(new Error(String(event.code))),
          {once: true},
        );
      }),
  );
  log('running January from the form');
  const run = await withProfile(async () => {
    await form.getByRole('button', {name: 'Start run'}).click();
    return completed;
  });
  figures.runSeconds = round(run.ms / 1000);
  figures.runStatus = run.status;
  figures.invoices = run.counters.invoices + run.counters.credits;
  figures.lines = run.counters.lines;
  log(`run ${run.status}: ${figures.invoices} invoices in ${figures.runSeconds} s`);
} finally {
  await context.close();
  await server.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
process.stdout.write(
  `${JSON.stringify({browser: context.browser()?.version() ?? null, ...figures})}\n`,
);
