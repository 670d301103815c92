#!/usr/bin/env node
// Benchmarks 2 to 4 of issue 7, in headless Chromium driven by playwright-core: the bench page
// (bench/browser/) is built with Vite in production mode from the packages' sources, served by
// `vite preview`, and driven through `window.bench`. Prints progress lines, then one JSON line.
// Usage: node bench/browser.mjs [--quick] [--only=small|edit|grid] [--small=SUBSCRIPTIONS,TRANSACTIONS] [--profile=FILE.cpuprofile]
// `--only=small` measures only the small end-to-end run; `--only=edit` only draft edits among the
// invoices of a run of 118,000 subscriptions (over 100,000 invoices; without usage); `--only=grid`
// only `<invoice-grid>` over a run of 10,000 invoices with 100,000 lines; `--profile` records a CPU
// profile of the billing worker during the run(s) (an unminified build) and prints its heaviest
// functions.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {build, defaultClientConditions, preview} from 'vite';
import {chromiumFlags, chromiumPath} from '../scripts/chromium.mjs';
import {chromiumCpuSeconds} from './chromium-cpu.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const option = (name) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only');
const profilePath = option('profile');
// `--profile-page=FILE`: a CPU profile of the page (main thread) during the grid's keys, scroll and
// edits, its heaviest functions printed. `--trace-page=FILE`: a Chromium trace of the page during the
// grid's keys, scrolling and edits (FILE.keys.json, FILE.scroll.json, FILE.edits.json, for
// DevTools), with a summary of their tasks over a frame (keys, scrolling) and over 50 ms (edits);
// `--trace-invalidations` adds what invalidated each restyled element to it.
const pageProfilePath = option('profile-page');
const executablePath = chromiumPath;
const log = (text) => process.stderr.write(`[browser] ${text}\n`);
const round = (value, digits = 2) => (value == null ? null : Number(value.toFixed(digits)));

// Sizes: [subscriptions, transactions]. Benchmark 3 and 4 use the large size.
const SMALL =
  option('small')?.split(',').map(Number) ?? (quick ? [2_000, 20_000] : [10_000, 100_000]);
const LARGE = quick ? [10_000, 100_000] : [100_000, 1_000_000];
// Subscriptions of the picker's data set: about 80 % are billable in January (52,500 gave 42,252
// rows), so 62,200 give about 50,000.
const PICKER_SUBSCRIPTIONS = quick ? 6_220 : 62_200;
const IMPORT_BATCH = 50_000;
const KINDS = ['accounts', 'subscriptions', 'items', 'transactions', 'records', 'filters'];
const RUN_CONFIG_WITHOUT_USAGE = {
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
  subscriptionFilter: 'all',
};

const outDir = join(here, '.out', 'browser');
let started = performance.now();
await build({
  configFile: false,
  root: join(here, 'browser'),
  base: './',
  logLevel: 'warn',
  resolve: {conditions: ['source', ...defaultClientConditions]},
  worker: {format: 'es'},
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    minify: profilePath === undefined && pageProfilePath === undefined,
  },
});
log(`built the bench page in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const server = await preview({
  configFile: false,
  root: join(here, 'browser'),
  base: './',
  logLevel: 'warn',
  build: {outDir},
  preview: {host: '127.0.0.1', port: 0, strictPort: false},
});
const url = server.resolvedUrls.local[0];

const userDataDir = mkdtempSync(join(tmpdir(), 'invoice-run-bench-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: [...chromiumFlags, '--enable-precise-memory-info'],
});
const browserVersion = context.browser()?.version() ?? null;

/** `task`'s result with the Chromium CPU seconds it took (`cpuSeconds`). */
async function withCpu(task) {
  const before = chromiumCpuSeconds(userDataDir);
  const result = await task();
  const after = chromiumCpuSeconds(userDataDir);
  return {result, cpuSeconds: before === null || after === null ? null : round(after - before)};
}
const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (error) => log(`page error: ${error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error' || message.type() === 'warning') log(`console: ${message.text()}`);
});
page.setDefaultTimeout(20 * 60_000);
log(`opening ${url}`);
await page.goto(url);
await page.waitForSelector('body[data-ready]', {state: 'attached'});
log('page ready');

/**
 * The billing worker's JS heap (CDP `Runtime.getHeapUsage` on the worker target, through a
 * browser-level CDP session), sampled every 200 ms from the Node side while `task` runs.
 */
const cdp = await context.browser().newBrowserCDPSession();
let cdpId = 0;
const cdpWaiting = new Map();
cdp.on('Target.receivedMessageFromTarget', ({message}) => {
  const reply = JSON.parse(message);
  cdpWaiting.get(reply.id)?.(reply);
  cdpWaiting.delete(reply.id);
});
let workerSession;
/** Sends a CDP command to the billing worker; resolves with its reply (`{}` after 5 s or on failure). */
async function workerCommand(method, params = {}, timeout = 5000) {
  if (workerSession === undefined) {
    const {targetInfos} = await cdp.send('Target.getTargets');
    const target = targetInfos.find(
      (each) => each.type === 'worker' && !each.url.includes('ceiling'),
    );
    if (target === undefined) return {};
    ({sessionId: workerSession} = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    }));
  }
  const id = ++cdpId;
  const reply = await new Promise((resolve) => {
    cdpWaiting.set(id, resolve);
    cdp
      .send('Target.sendMessageToTarget', {
        sessionId: workerSession,
        message: JSON.stringify({id, method, params}),
      })
      .catch(() => resolve({}));
    setTimeout(() => resolve({}), timeout);
  });
  return reply;
}

async function workerHeapBytes() {
  return (await workerCommand('Runtime.getHeapUsage')).result?.usedSize ?? null;
}

/** Runs `task` under the worker's CPU profiler (`--profile`); writes the profile, prints the top. */
async function withProfile(task) {
  if (profilePath === undefined) return task();
  await workerCommand('Profiler.enable');
  await workerCommand('Profiler.setSamplingInterval', {interval: 200});
  await workerCommand('Profiler.start');
  const result = await task();
  const {profile} = (await workerCommand('Profiler.stop', {}, 120_000)).result ?? {};
  if (profile === undefined) {
    log('no profile received');
    return result;
  }
  writeFileSync(profilePath, JSON.stringify(profile));
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
  for (const id of profile.samples) {
    const {functionName, url, lineNumber} = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + interval);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  log(`profile: ${Math.round(total)} ms sampled, written to ${profilePath}; heaviest (self ms):`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    log(`  ${String(Math.round(ms)).padStart(7)}  ${key}`);
  return result;
}

async function withHeapSampling(task) {
  let peak = 0;
  let samples = 0;
  let stop = false;
  const sample = async () => {
    const used = await workerHeapBytes().catch(() => null);
    if (typeof used === 'number') {
      samples++;
      peak = Math.max(peak, used);
    }
  };
  const loop = (async () => {
    while (!stop) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  try {
    const result = await task();
    await sample();
    return {
      result,
      peakHeapMB: samples === 0 ? null : round(peak / 2 ** 20, 0),
      heapSamples: samples,
    };
  } finally {
    stop = true;
    await loop;
  }
}

/** Runs `task` under the page's CPU profiler (`--profile-page`); prints the heaviest functions. */
async function withPageProfile(name, task) {
  if (pageProfilePath === undefined) return task();
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', {interval: 200});
  await session.send('Profiler.start');
  const result = await task();
  const {profile} = await session.send('Profiler.stop');
  writeFileSync(`${pageProfilePath}.${name}.cpuprofile`, JSON.stringify(profile));
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
  for (const id of profile.samples) {
    const {functionName, url, lineNumber} = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + interval);
  }
  log(`page profile ${name}; heaviest (self ms):`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 18))
    log(`  ${String(Math.round(ms)).padStart(7)}  ${key}`);
  await session.detach();
  return result;
}

/** Runs `task` under a Chromium trace of the page's main thread (`--trace-page=FILE`). */
async function withPageTrace(name, task) {
  const tracePath = option('trace-page');
  if (tracePath === undefined) return task();
  const session = await page.context().newCDPSession(page);
  const events = [];
  session.on('Tracing.dataCollected', ({value}) => events.push(...value));
  const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  await session.send('Tracing.start', {
    // The collector's own categories too: whether a style recalculation's time is really the
    // collector's (V8's or Oilpan's incremental marking run inside it) shows only with them.
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      // The marks the page sets at each key (how long it waited), and where the key's input went.
      'blink.user_timing',
      // The script that forced a style or layout (a forced one carries its stack).
      'disabled-by-default-devtools.timeline.stack',
      'input',
      'latencyInfo',
      'blink',
      'v8',
      'disabled-by-default-v8.gc',
      'cppgc',
      'blink.gc',
      // `--trace-invalidations`: which elements each style recalculation restyled and what
      // invalidated them (a selector, a pseudo-class); heavy, it slows the page down.
      ...(process.argv.includes('--trace-invalidations')
        ? ['disabled-by-default-devtools.timeline.invalidationTracking']
        : []),
    ].join(','),
    transferMode: 'ReportEvents',
  });
  const result = await task();
  await session.send('Tracing.end');
  await complete;
  writeFileSync(`${tracePath}.${name}.json`, JSON.stringify({traceEvents: events}));
  // A key or a scrolled screenful has one frame (16.7 ms); an edit's tasks are held to 50 ms.
  logTraceSummary(name, events, name === 'edits' ? 50 : 16.7);
  await session.detach();
  return result;
}

/**
 * Prints, for the main thread's tasks over `overMs` in a trace, their thread time and where it
 * went: each task's heaviest events by self thread time (the time of an event less that of the
 * events nested in it), summed over those tasks.
 */
function logTraceSummary(name, events, overMs) {
  const main = events.find(
    (event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
  );
  if (main === undefined) return;
  const onMain = events
    .filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = onMain.filter((event) => event.name === 'RunTask' && event.dur > overMs * 1000);
  const self = new Map();
  let threadMs = 0;
  for (const task of tasks) {
    threadMs += (task.tdur ?? task.dur) / 1000;
    const end = task.ts + task.dur;
    const inside = onMain.filter((event) => event.ts >= task.ts && event.ts + event.dur <= end);
    // Self time: each event's thread time less that of its direct children (a stack of the open ones).
    const stack = [];
    for (const event of inside) {
      while (stack.length > 0 && event.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
      const time = (event.tdur ?? event.dur) / 1000;
      self.set(event.name, (self.get(event.name) ?? 0) + time);
      if (stack.length > 0) {
        const parent = stack.at(-1).name;
        self.set(parent, self.get(parent) - time);
      }
      stack.push(event);
    }
  }
  log(
    `trace ${name}: ${tasks.length} tasks over ${overMs} ms (wall ${tasks.map((task) => Math.round(task.dur / 1000)).join(', ')} ms), ${Math.round(threadMs)} ms thread time; heaviest (self thread ms):`,
  );
  for (const [event, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14))
    log(`  ${String(Math.round(ms)).padStart(7)}  ${event}`);
}

/** A full garbage collection of the page (through the DevTools protocol). */
async function collectGarbage() {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.detach();
}

/** Ends the measurements early (`--only`). */
class Stop extends Error {}

const bench = (name, ...args) =>
  page.evaluate(([name, args]) => window.bench[name](...args), [name, args]);

async function openDatabase(database) {
  await bench('open', database);
  workerSession = undefined; // a new worker
}

const longTaskSummary = (tasks) => ({
  longestTaskMs:
    tasks.length === 0 ? 0 : Math.round(Math.max(...tasks.map((task) => task.duration))),
  tasksOver50Ms: tasks.filter((task) => task.duration > 50).length,
  longTasksMsTotal: Math.round(tasks.reduce((sum, task) => sum + task.duration, 0)),
});

/**
 * Benchmark 2 at one size: generate, import (timed apart), run, the bulkPut ceiling. With
 * `fromForm`, the run is started by clicking Start in `<invoice-run-form>` with every component
 * on the page, and the page's long tasks are recorded (benchmark 3).
 */
async function endToEnd([subscriptions, transactions], database, fromForm) {
  log(`generating ${subscriptions} subscriptions, ${transactions} transactions`);
  const generated = await bench('generate', {subscriptions, transactions});
  await openDatabase(database);
  const records = Object.values(generated.counts).reduce((a, b) => a + b, 0);
  log(`importing ${records} records`);
  const importCpu = await withCpu(() =>
    withHeapSampling(() => bench('importData', IMPORT_BATCH, KINDS, true)),
  );
  const imported = importCpu.result;
  log(`imported in ${(imported.result.ms / 1000).toFixed(1)} s`);
  // Only the writes are measured: the rows are made (validated) before, in the ceiling's worker.
  await bench('prepareImportCeiling', IMPORT_BATCH);
  const importCeilingCpu = await withCpu(() => bench('ceilingWrite'));
  const importCeiling = importCeilingCpu.result;
  await bench('ceilingDispose');
  log(
    `import ceiling bulkPut ${importCeiling.stored} records: ${(importCeiling.ms / 1000).toFixed(1)} s; running${fromForm ? ' from the form' : ''}`,
  );
  if (fromForm) await bench('mount', ['invoice-run-form', 'run-history', 'remaining-picker']);
  const runCpu = await withCpu(() =>
    withProfile(() => withHeapSampling(() => bench(fromForm ? 'runFromForm' : 'run'))),
  );
  const run = runCpu.result;
  const {ms, counters, stored, runId, status, progressEvents, phases} = run.result;
  log(
    `run ${status}: ${stored} invoices in ${(ms / 1000).toFixed(1)} s (phases ${JSON.stringify(phases)})`,
  );
  if (fromForm) await bench('unmount');
  // The ceiling: as many invoices as the run stored, shaped like them (lines inside), 100 per
  // transaction (the run commits a chunk of 100 subscriptions per transaction), then 1,000.
  const samples = await bench('sampleInvoices', runId, 1000);
  const ceilings = {};
  for (const perTransaction of [100, 1000]) {
    await bench('prepareCeiling', samples, stored, perTransaction);
    const measured = await withCpu(() => bench('ceilingWrite'));
    await bench('ceilingDispose');
    const ceiling = {...measured.result, cpuSeconds: measured.cpuSeconds};
    ceilings[perTransaction] = ceiling;
    log(
      `ceiling bulkPut ${ceiling.stored} invoices, ${perTransaction} per transaction: ${(ceiling.ms / 1000).toFixed(1)} s`,
    );
  }
  const ceiling = ceilings[100];
  const invoicesPerSecond = stored / (ms / 1000);
  const ceilingPerSecond = ceiling.stored / (ceiling.ms / 1000);
  const usageMs =
    phases.subscriptions === undefined ? ms : phases.subscriptions - (phases.transactions ?? 0);
  return {
    runId,
    longTasks: run.result.longTasks,
    figure: {
      subscriptions,
      transactions,
      records: generated.counts.records,
      componentsOnPage: fromForm,
      importedRecords: imported.result.stored,
      rejected: imported.result.rejected,
      generateSeconds: round(generated.ms / 1000),
      importSeconds: round(imported.result.ms / 1000),
      importRecordsPerSecond: Math.round(imported.result.stored / (imported.result.ms / 1000)),
      importByKindSeconds: Object.fromEntries(
        Object.entries(imported.result.byKindMs).map(([kind, each]) => [kind, round(each / 1000)]),
      ),
      importPeakHeapMB: imported.peakHeapMB,
      importCeilingSeconds: round(importCeiling.ms / 1000),
      importCeilingByKindSeconds: Object.fromEntries(
        Object.entries(importCeiling.byKindMs).map(([kind, each]) => [kind, round(each / 1000)]),
      ),
      importTimesSlowerThanCeiling: round(imported.result.ms / importCeiling.ms),
      importCpuSeconds: importCpu.cpuSeconds,
      importCeilingCpuSeconds: importCeilingCpu.cpuSeconds,
      status,
      invoices: stored,
      lines: counters.lines ?? null,
      counters,
      runSeconds: round(ms / 1000),
      usagePhaseSeconds: round(usageMs / 1000),
      billingPhaseSeconds: round((ms - usageMs) / 1000),
      invoicesPerSecond: Math.round(invoicesPerSecond),
      progressEvents,
      peakHeapMB: run.peakHeapMB,
      heapSamples: run.heapSamples,
      ceilingSeconds: round(ceiling.ms / 1000),
      ceilingInvoicesPerSecond: Math.round(ceilingPerSecond),
      ceilingLinesPerInvoice: round(ceiling.lines / ceiling.stored),
      ceiling1000PerTransactionInvoicesPerSecond: Math.round(
        ceilings[1000].stored / (ceilings[1000].ms / 1000),
      ),
      timesSlowerThanCeiling: round(ceilingPerSecond / invoicesPerSecond),
      runCpuSeconds: runCpu.cpuSeconds,
      ceilingCpuSeconds: ceiling.cpuSeconds,
      cpuTimesCeiling:
        runCpu.cpuSeconds === null || !ceiling.cpuSeconds
          ? null
          : round(runCpu.cpuSeconds / ceiling.cpuSeconds),
    },
  };
}

const EDITS = 50;
// About 85 % of the generated subscriptions bill in January: 118,000 make over 100,000 invoices.
const EDIT_SUBSCRIPTIONS = quick ? 11_800 : 118_000;

/** Draft edits among the run's stored invoices (review.md): each `editDraft` from the page. */
async function draftEdits(runId) {
  const edits = await bench('editDrafts', runId, EDITS);
  log(
    `editDraft among ${edits.stored} invoices: median ${edits.medianMs.toFixed(1)} ms, p95 ${edits.p95Ms.toFixed(1)} ms, max ${edits.maxMs.toFixed(1)} ms (${edits.edits} edits)`,
  );
  return {
    storedInvoices: edits.stored,
    edits: edits.edits,
    medianMs: round(edits.medianMs, 1),
    p95Ms: round(edits.p95Ms, 1),
    maxMs: round(edits.maxMs, 1),
  };
}

// 7,300 subscriptions of 26 items bill about 10,200 invoices with 100,900 lines in January.
const GRID_SUBSCRIPTIONS = quick ? 730 : 7_300;
const GRID_ITEMS = 26;
const GRID_EDITS = 10;

/**
 * `<invoice-grid>` (review.md section 4) over a run of about 10,000 invoices with 100,000 lines:
 * first rows and every page read; every line shown; key presses (real ones, through the driver)
 * timed from keydown to the focus on the next cell; scrolling a screenful a frame; edits through
 * the grid (F2, a quantity, Enter) until the live region says what they did. Long tasks of the
 * page are recorded throughout.
 */
async function gridBench() {
  log(`grid: ${GRID_SUBSCRIPTIONS} subscriptions of ${GRID_ITEMS} items`);
  await bench('generate', {
    subscriptions: GRID_SUBSCRIPTIONS,
    itemsPerSubscription: GRID_ITEMS,
    transactions: 0,
    records: 0,
  });
  await openDatabase(`bench-grid-${Date.now()}`);
  await bench('importData', IMPORT_BATCH);
  const run = await bench('run', {...RUN_CONFIG_WITHOUT_USAGE});
  // The grid alone on the page: the page's copy of the generated data set (190,000 items) goes,
  // and is collected before the measurements, or the collector's work on it counts against the grid.
  await bench('forgetData');
  await collectGarbage();
  await bench('mount', ['invoice-grid']);
  const open = await bench('gridOpen', run.runId);
  log(
    `grid: ${open.invoices} invoices, ${open.lines} lines; first rows ${Math.round(open.firstRowsMs)} ms, all ${Math.round(open.allMs)} ms`,
  );
  const shown = await bench('gridShowAllLines');
  log(`grid: every line shown (${shown.rows} rows) in ${Math.round(shown.ms)} ms`);
  log(`grid: drawn ${JSON.stringify(await bench('gridDomSize'))}`);

  await bench('gridFocus');
  await bench('gridWatchKeys');
  const presses = [
    ...Array(100).fill('ArrowDown'),
    ...Array(4).fill('ArrowRight'),
    ...Array(30).fill('PageDown'),
    'Control+End',
    ...Array(30).fill('PageUp'),
    'Control+Home',
    ...Array(20).fill('ArrowDown'),
  ];
  await withPageTrace('keys', () =>
    withPageProfile('keys', async () => {
      for (const key of presses) await page.keyboard.press(key);
      await page.waitForTimeout(500);
    }),
  );
  const keys = await bench('gridKeyStats');
  log(`grid keys slower than a frame: ${keys.slow.join(', ') || 'none'}`);
  log(
    `grid keys: ${keys.withinFrame} of ${keys.moved} moves within the frame (${keys.beforeFrameStart} before the frame's start time); median ${keys.medianMs?.toFixed(1)} ms, max ${keys.maxMs?.toFixed(1)} ms`,
  );

  const scroll = await withPageTrace('scroll', () =>
    withPageProfile('scroll', () => bench('gridScroll', 120)),
  );
  log(
    `grid scroll: ${scroll.frames} frames, median frame ${scroll.medianFrameMs.toFixed(1)} ms, longest ${scroll.maxFrameMs.toFixed(1)} ms`,
  );

  // Edits: from the first line's quantity down, one line at a time.
  await bench('gridFocus');
  await bench('gridWatchKeys');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const editMs = [];
  await withPageTrace('edits', () =>
    withPageProfile('edits', async () => {
      for (let n = 0; n < GRID_EDITS; n++) {
        const value = String(n + 7);
        await page.keyboard.press('F2');
        await page.keyboard.type(value);
        const started = performance.now();
        await page.keyboard.press('Enter');
        await page
          .waitForFunction(
            (text) => window.bench.gridAnnouncement().includes(`to ${text}.`),
            value,
            {polling: 'raf', timeout: 120_000},
          )
          .catch(async (error) => {
            log(`grid edit ${n}: no announcement; ${JSON.stringify(await bench('gridState'))}`);
            throw error;
          });
        editMs.push(performance.now() - started);
        await page.keyboard.press('ArrowDown');
      }
      // The live reads the edits cause end within this.
      await page.waitForTimeout(3000);
    }),
  );
  const edits = await bench('gridKeyStats');
  log(`grid: drawn after the edits ${JSON.stringify(await bench('gridDomSize'))}`);
  editMs.sort((a, b) => a - b);
  log(
    `grid edits: median ${editMs[Math.floor(editMs.length / 2)].toFixed(0)} ms to the announcement, longest task ${Math.round(Math.max(0, ...edits.longTasks.map((task) => task.duration)))} ms`,
  );
  await bench('unmount');
  await bench('dispose');
  return {
    invoices: open.invoices,
    lines: open.lines,
    firstRowsMs: Math.round(open.firstRowsMs),
    allPagesMs: Math.round(open.allMs),
    loadLongestTaskMs: longTaskSummary(open.longTasks).longestTaskMs,
    showAllLinesMs: Math.round(shown.ms),
    rowsWithLines: shown.rows,
    showAllLongestTaskMs: longTaskSummary(shown.longTasks).longestTaskMs,
    keyPresses: keys.moved,
    keyPressesWithinFrame: keys.withinFrame,
    keyPressesBeforeFrameStart: keys.beforeFrameStart,
    keyMedianMs: round(keys.medianMs, 1),
    keyMaxMs: round(keys.maxMs, 1),
    keysLongestTaskMs: longTaskSummary(keys.longTasks).longestTaskMs,
    scrollFrames: scroll.frames,
    scrollMedianFrameMs: round(scroll.medianFrameMs, 1),
    scrollMaxFrameMs: round(scroll.maxFrameMs, 1),
    scrollLongestTaskMs: longTaskSummary(scroll.longTasks).longestTaskMs,
    scrollTasksOver50Ms: longTaskSummary(scroll.longTasks).tasksOver50Ms,
    edits: GRID_EDITS,
    editMedianMs: Math.round(editMs[Math.floor(editMs.length / 2)]),
    editMaxMs: Math.round(editMs.at(-1)),
    editLongestTaskMs: longTaskSummary(edits.longTasks).longestTaskMs,
    editTasksOver50Ms: longTaskSummary(edits.longTasks).tasksOver50Ms,
  };
}

const results = {browser: browserVersion, quick, endToEnd: [], responsiveness: null, ui: {}};
try {
  const stamp = Date.now();
  if (only === 'grid') {
    results.ui.invoiceGrid = await gridBench();
    throw new Stop();
  }
  if (only === 'edit') {
    log(`draft edits: ${EDIT_SUBSCRIPTIONS} subscriptions`);
    await bench('generate', {subscriptions: EDIT_SUBSCRIPTIONS, transactions: 0, records: 0});
    await openDatabase(`bench-edit-${stamp}`);
    await bench('importData', IMPORT_BATCH);
    const run = await bench('run', {...RUN_CONFIG_WITHOUT_USAGE});
    results.ui.draftEdit = await draftEdits(run.runId);
    throw new Stop();
  }
  // ---- 2 (small), then 4: <run-history> opening that run ----
  const small = await endToEnd(SMALL, `bench-small-${stamp}`, false);
  results.endToEnd.push(small.figure);
  await bench('mount', ['run-history']);
  const history = await bench('historyOpen', small.runId, small.figure.invoices);
  results.ui.runHistory = {
    invoices: small.figure.invoices,
    firstRowsMs: Math.round(history.firstRowsMs),
    allPagesMs: Math.round(history.allMs),
    renderedRows: history.renderedRows,
    ...longTaskSummary(history.longTasks),
  };
  log(
    `run-history: first rows ${Math.round(history.firstRowsMs)} ms, all ${Math.round(history.allMs)} ms`,
  );
  await bench('unmount');
  if (only === 'small') throw new Stop();

  // ---- 2 (large) and 3: started from the form with every component on the page ----
  const large = await endToEnd(LARGE, `bench-large-${stamp}`, true);
  results.endToEnd.push(large.figure);
  results.responsiveness = {
    subscriptions: LARGE[0],
    transactions: LARGE[1],
    invoices: large.figure.invoices,
    runSeconds: large.figure.runSeconds,
    progressEvents: large.figure.progressEvents,
    longTasks: large.longTasks.length,
    ...longTaskSummary(large.longTasks),
    longestTasks: [...large.longTasks]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 5)
      .map((task) => ({atSecond: round(task.start / 1000, 1), ms: Math.round(task.duration)})),
  };
  log(`long tasks during the run: ${JSON.stringify(longTaskSummary(large.longTasks))}`);
  results.ui.draftEdit = await draftEdits(large.runId);
  await bench('dispose');

  // ---- 4: <remaining-picker> with PICKER_ROWS rows. A run of the period made before the
  // subscriptions were imported bills nothing; its View Remaining then holds every subscription.
  log(`picker: ${PICKER_SUBSCRIPTIONS} subscriptions`);
  await bench('generate', {subscriptions: PICKER_SUBSCRIPTIONS, transactions: 0, records: 0});
  await openDatabase(`bench-picker-${stamp}`);
  await bench('importData', IMPORT_BATCH, ['accounts', 'filters'], true);
  const empty = await bench('run', {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    subscriptionFilter: 'all',
  });
  await bench('importData', IMPORT_BATCH, ['subscriptions', 'items']);
  const remaining = await bench('remaining', empty.runId);
  log(`remaining(): ${remaining.subscriptions} subscriptions in ${Math.round(remaining.ms)} ms`);
  await bench('mount', ['remaining-picker']);
  const picker = await bench('pickerFirstRows', empty.runId);
  results.ui.remainingPicker = {
    rows: remaining.subscriptions + remaining.records,
    remainingCallMs: Math.round(remaining.ms),
    firstRowsMs: Math.round(picker.firstRowsMs),
    renderedRows: picker.renderedRows,
    count: picker.count,
    ...longTaskSummary(picker.longTasks),
  };
  log(`picker: first rows ${Math.round(picker.firstRowsMs)} ms (${picker.count})`);
  await bench('dispose');

  // ---- 4: <invoice-grid> over 10,000 invoices with 100,000 lines ----
  results.ui.invoiceGrid = await gridBench();
} catch (error) {
  if (!(error instanceof Stop)) throw error;
} finally {
  await context.close();
  await server.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
process.stdout.write(`${JSON.stringify(results)}\n`);
