#!/usr/bin/env node
// `npm run bench`: runs every benchmark of issue 7 that exists, each size in a fresh process, and
// writes the figures as JSON (bench/results.json) and as a table in BENCHMARKS.md, with the
// machine, Node and browser versions. Not part of `npm test`: speed is measured here, not asserted.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromiumPath} from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const quick = process.argv.includes('--quick');

function runJson(script, args) {
  process.stdout.write(`\n$ tsx ${script} ${args.join(' ')}\n`);
  // The workspace packages resolve to their TypeScript sources under the `source` condition.
  const run = spawnSync(tsx, ['--conditions=source', script, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.stderr}`);
  const line = run.stdout.trim().split('\n').pop();
  process.stdout.write(`${line}\n`);
  return JSON.parse(line);
}

const chromium = chromiumPath;
const environment = {
  date: new Date().toISOString(),
  cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  quick,
  chromium: existsSync(chromium)
    ? execFileSync(chromium, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim()
    : 'not installed',
};

// The machine's load while the bench runs (1-minute load average, every 30 s): the figures of a
// shared machine mean little without it.
const loads = [loadavg()[0]];

const sizes = quick
  ? [[10_000, 100_000]]
  : [
      [10_000, 1_000_000],
      [100_000, 1_000_000],
    ];
// `--render`: writes BENCHMARKS.md again from bench/results.json (after editing bench/ANALYSIS.md).
const render = process.argv.includes('--render');
// `--only=grid`: measures `<invoice-grid>` alone (`bench/browser.mjs --only=grid`) and puts its
// figures, with the machine's load average before and after, into bench/results.json beside the
// others; then writes BENCHMARKS.md from it.
const onlyGrid = process.argv.includes('--only=grid');
// Runs across processes on PostgreSQL (issue 17): `bench/postgres.ts` for each size of
// `--postgres-sizes=` (default 100,000; 1,000,000 takes most of an hour and a 12 GB heap: give it
// as `NODE_OPTIONS=--max-old-space-size=12000 npm run bench -- --postgres-sizes=1000000`), one
// process against 1, 2 and 4 workers on a throwaway local server. Its figures go to
// bench/postgres-results.json, beside the other sizes'. `--only=postgres` runs this alone.
const onlyPostgres = process.argv.includes('--only=postgres');
const postgresSizes = (
  process.argv.find((arg) => arg.startsWith('--postgres-sizes='))?.slice(17) ?? '100000'
).split(',');
/** The PostgreSQL bench at every size, or why it could not run (no server could be installed). */
function runPostgres() {
  return postgresSizes.map((size) => {
    try {
      return runJson('bench/postgres.ts', [
        size,
        ...(Number(size) > 200_000 ? ['--import=copy'] : []),
      ]);
    } catch (error) {
      const reason = String(error.message).split('\n').slice(0, 3).join(' ');
      process.stdout.write(`PostgreSQL bench at ${size} subscriptions not run: ${reason}\n`);
      return {subscriptions: Number(size), skipped: reason};
    }
  });
}
if (onlyPostgres) {
  runPostgres();
  process.exit(0);
}
let engine;
let browser;
let bundle;
/** A plain Node script (no tsx) that prints one JSON line last; its stderr streams through. */
function runNodeJson(script, args) {
  process.stdout.write(`\n$ node ${script} ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`${script} failed (exit ${run.status})`);
  const line = run.stdout.trim().split('\n').pop();
  process.stdout.write(`${line}\n`);
  return JSON.parse(line);
}
const loadAverage = () => loadavg().map((value) => Number(value.toFixed(2)));

let scheduler;
let demo;
let costs;
if (render || onlyGrid) {
  const saved = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
  ({engine, browser, bundle, scheduler, demo, costs} = saved);
  Object.assign(environment, saved.environment);
  if (onlyGrid) {
    const before = loadAverage();
    const grid = runNodeJson('bench/browser.mjs', ['--only=grid']);
    browser.ui.invoiceGrid = {
      ...grid.ui.invoiceGrid,
      measured: {
        date: new Date().toISOString(),
        chromium: grid.browser,
        cpus: cpus().length,
        loadAverageBefore: before,
        loadAverageAfter: loadAverage(),
      },
    };
  }
} else {
  const benchStarted = performance.now();
  const loadSampler = setInterval(() => loads.push(loadavg()[0]), 30_000);
  engine = sizes.map(([subscriptions, transactions]) =>
    runJson('bench/engine-node.ts', [String(subscriptions), String(transactions)]),
  );
  scheduler = runJson('bench/scheduler-node.ts', []);

  // Benchmarks 2 to 4 (headless Chromium) and 5 (bundle sizes).
  browser = existsSync(chromium)
    ? runNodeJson('bench/browser.mjs', quick ? ['--quick'] : [])
    : null;
  // The demo's own path (Load 50,000 accounts, January from the form) and what bounds a run.
  demo = existsSync(chromium) && !quick ? runNodeJson('bench/demo.mjs', []) : null;
  costs = existsSync(chromium)
    ? runNodeJson('bench/indexeddb-costs.mjs', quick ? ['--size=2000,20000', '--rounds=1'] : [])
    : null;
  bundle = runNodeJson('bench/size.mjs', []);
  if (!quick) runPostgres();
  environment.benchSeconds = Math.round((performance.now() - benchStarted) / 1000);
  clearInterval(loadSampler);
  const sorted = loads.sort((a, b) => a - b);
  environment.loadAverage = {
    min: sorted[0],
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted.at(-1),
  };
}
const results = {environment, engine, scheduler, browser, demo, costs, bundle};
// --quick writes beside the full figures, not over them.
const resultsFile = join(root, 'bench', quick ? 'results-quick.json' : 'results.json');
const markdownFile = quick
  ? join(root, 'bench', '.out', 'BENCHMARKS-quick.md')
  : join(root, 'BENCHMARKS.md');
// Formatted as the repository's Prettier check wants it.
const prettier = await import('prettier');
if (!render || onlyGrid)
  writeFileSync(
    resultsFile,
    await prettier.format(JSON.stringify(results), {
      ...(await prettier.resolveConfig(resultsFile)),
      filepath: resultsFile,
    }),
  );

const budget = (ok) => (ok ? 'within budget' : '**over budget**');

/** `<invoice-grid>` (issue 14), measured alone (`node bench/run.mjs --only=grid`). */
function gridSection(g) {
  const m = g.measured;
  const when =
    m === undefined
      ? ''
      : ` Measured ${m.date.slice(0, 10)} with \`node bench/run.mjs --only=grid\`; load average of the
  ${m.cpus}-core machine (1, 5, 15 min) ${m.loadAverageBefore.join(', ')} before and ${m.loadAverageAfter.join(', ')} after: other work
  shared the cores, so these figures are upper bounds.`;
  return `- \`<invoice-grid>\` alone on the page, over a run of ${n(g.invoices)} invoices with ${n(g.lines)} lines (7,300
  subscriptions of 26 items, January).${when}
  - Opening: first rows **${n(g.firstRowsMs)} ms** after \`runId\` is set (${budget(g.firstRowsMs < 300)}; budget 300 ms),
    every page read in ${n(g.allPagesMs)} ms; longest main-thread task ${g.loadLongestTaskMs} ms.
  - Show all lines: ${n(g.rowsWithLines)} rows in ${g.showAllLinesMs} ms, longest task ${g.showAllLongestTaskMs} ms.
  - Keys (real presses: arrows, Page Up/Down, Ctrl+Home/End, with every line shown): **${g.keyPressesWithinFrame} of ${g.keyPresses}**
    moved the focus within one frame: before the next frame was drawn and within 16.7 ms of the keydown
    (${budget(g.keyPressesWithinFrame === g.keyPresses)}; budget: all)${
      g.keyPressesBeforeFrameStart == null
        ? ''
        : `; ${g.keyPressesBeforeFrameStart} before the start time Chromium gave that frame, which
    can precede the keydown when input is handled mid-frame`
    }; keydown to focus median ${g.keyMedianMs} ms,
    max ${g.keyMaxMs} ms; longest task ${g.keysLongestTaskMs} ms.
  - Scrolling a screenful every frame, ${g.scrollFrames} frames: median frame ${g.scrollMedianFrameMs} ms, longest ${g.scrollMaxFrameMs} ms;
    **${g.scrollTasksOver50Ms} tasks over 50 ms**, longest ${g.scrollLongestTaskMs} ms (${budget(g.scrollTasksOver50Ms === 0)}; budget: none).
  - ${g.edits} edits (F2, a quantity, Enter, until the live region says what the edit did): median ${g.editMedianMs} ms,
    max ${g.editMaxMs} ms; **${g.editTasksOver50Ms} tasks over 50 ms**, longest ${g.editLongestTaskMs} ms (${budget(g.editTasksOver50Ms === 0)}; budget: none).
`;
}
const rows = engine.map(
  (figure) =>
    `| ${figure.subscriptions.toLocaleString('en')} | ${figure.items.toLocaleString('en')} | ${figure.transactions.toLocaleString('en')} | ${figure.runSeconds} | ${figure.runCpuSeconds ?? '–'} | ${figure.subscriptionsPerSecond.toLocaleString('en')} | ${figure.linesPerSecond.toLocaleString('en')} (${budget(figure.linesPerSecond >= 200_000)}) | ${figure.usageSeconds} (${budget(figure.usageSeconds < 3 || figure.transactions < 1_000_000)}) | ${figure.peakRssMB} |`,
);
const n = (value) => (value == null ? '–' : value.toLocaleString('en'));
const cpuRatio = (cpu, ceiling) =>
  cpu == null || !ceiling ? '–' : `${(cpu / ceiling).toFixed(2)}x`;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const sections = [];
if (browser !== null) {
  const e2eRows = browser.endToEnd.map(
    (f) =>
      `| ${n(f.subscriptions)} | ${n(f.transactions)} | ${f.componentsOnPage ? 'all four' : 'none'} | ${n(f.importedRecords)} in ${f.importSeconds} s (${n(f.importRecordsPerSecond)}/s) | ${f.importCeilingSeconds} s | ${f.importTimesSlowerThanCeiling}x (${budget(f.importTimesSlowerThanCeiling <= 1.5)}); CPU ${cpuRatio(f.importCpuSeconds, f.importCeilingCpuSeconds)} | ${n(f.invoices)} | ${f.runSeconds} (usage ${f.usagePhaseSeconds}, billing ${f.billingPhaseSeconds})${f.subscriptions >= 100_000 ? ` (${budget(f.runSeconds < 30)})` : ''} | ${f.ceilingSeconds} (${n(f.ceilingInvoicesPerSecond)}/s; ${n(f.ceiling1000PerTransactionInvoicesPerSecond)}/s at 1,000/tx) | ${f.timesSlowerThanCeiling}x (${budget(f.timesSlowerThanCeiling <= 2)}); CPU ${f.runCpuSeconds ?? '–'} s against ${f.ceilingCpuSeconds ?? '–'} s: ${f.cpuTimesCeiling ?? '–'}x | ${n(f.peakHeapMB)}${f.subscriptions >= 100_000 ? ` (${budget(f.peakHeapMB !== null && f.peakHeapMB < 512)})` : ''} |`,
  );
  const r = browser.responsiveness;
  const h = browser.ui.runHistory;
  const p = browser.ui.remainingPicker;
  const g = browser.ui.invoiceGrid;
  sections.push(`## 2. End to end in headless Chromium (worker + IndexedDB)

${browser.browser ? `Chromium ${browser.browser}, ` : ''}playwright-core launcher, a persistent (on-disk) profile. The page is a
production Vite build of \`bench/browser/\` from the packages' sources; it generates the data set
(\`generateDataSet\`, seed 20260101) and imports it through \`client.import\` in batches of 50,000
records (timed apart); the run is \`startRun\` (period 2026-01, subscription filter \`all\`, usage
filters \`metering\` and \`manual-usage\`) until it resolves \`completed\`/\`completed-with-errors\`; the
stored invoices are counted after. The large run is started from \`<invoice-run-form>\` with all
components on the page (benchmark 3). Heap: the billing worker's used JS heap (CDP
\`Runtime.getHeapUsage\` on the worker target, every 200 ms). Ceiling: Dexie \`bulkPut\` of as many
invoices as the run stored (copies of the run's own invoices, lines inside, with the \`order\` key)
into a table with the worker's invoice indexes, from a dedicated worker, 100 invoices per
transaction (as the run's chunks) and 1,000. The import's ceiling: Dexie \`bulkPut\` of the same records
as the import stores them, into the worker's own tables and indexes (\`InvoiceRunDb\`), in the same
batches, from a dedicated worker, measured right after the import. Both ceilings make their rows
before the clock starts. CPU: the seconds of CPU the whole Chromium used (every process; from
\`/proc\`), which swing far less than wall time on a shared machine. Budget: the run within 2x of its
ceiling at both sizes (100,000 subscriptions in under 30 s), the import within 1.5x of its own, worker
heap under 512 MB.

| subscriptions | transactions | components | import | import ceiling | import vs ceiling | invoices | run (s) | ceiling (s) | run vs ceiling | worker heap (MB) |
|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|
${e2eRows.join('\n')}

## 3. Main-thread responsiveness during the ${n(r.subscriptions)}-subscription run

All four components on the page (\`<invoice-run-provider>\` with \`<invoice-run-form>\`,
\`<run-history>\`, \`<remaining-picker>\`); the run started by clicking Start; PerformanceObserver
\`longtask\` from the click until 1 s after the summary shows. Budget: no task over 50 ms.

| run (s) | progress events | long tasks | longest task (ms) | tasks over 50 ms | long-task time (ms) |
|---:|---:|---:|---:|---:|---:|
| ${r.runSeconds} | ${n(r.progressEvents)} | ${n(r.longTasks)} | ${r.longestTaskMs} (${budget(r.longestTaskMs <= 50)}) | ${r.tasksOver50Ms} | ${n(r.longTasksMsTotal)} |

## 4. UI

- \`<remaining-picker>\` with ${n(p.rows)} rows (a run of January made before the subscriptions
  were imported: its View Remaining holds every billable subscription): first rows **${n(p.firstRowsMs)} ms**
  after \`runId\` is set (${budget(p.firstRowsMs < 300)}; budget 300 ms);
  \`client.remaining()\` alone, called just before on the same database, took ${n(p.remainingCallMs)} ms; longest main-thread task ${p.longestTaskMs} ms.
- \`<run-history>\` opening a run with ${n(h.invoices)} invoices: first rows **${n(h.firstRowsMs)} ms** after
  the click, all ${Math.ceil(h.invoices / 1000)} pages of 1,000 read in ${n(h.allPagesMs)} ms; longest main-thread task
  ${h.longestTaskMs} ms.
${
  browser.ui.draftEdit === undefined
    ? ''
    : `- \`client.editDraft\` (review.md: one line's quantity set, amounts made again, the run's figures
  moved, all in one transaction) among the ${n(browser.ui.draftEdit.storedInvoices)} invoices of the large run,
  ${browser.ui.draftEdit.edits} edits spread over the run, timed from the page: median **${browser.ui.draftEdit.medianMs} ms**,
  p95 ${browser.ui.draftEdit.p95Ms} ms, max ${browser.ui.draftEdit.maxMs} ms (${budget(browser.ui.draftEdit.p95Ms < 100)}; budget well under 100 ms).
`
}${g === undefined ? '' : gridSection(g)}`);
}
if (demo != null) {
  sections.push(`## 6. The demo's own path

\`bench/demo.mjs\`: a production build of \`demo/\`, its first visit, then **Load 50,000 accounts**
(the demo's own generator and import batches of 5,000, every component on the page, the scheduler
on), then January started from \`<invoice-run-form>\` with every usage and order filter ticked.

| subscriptions | transactions | records loaded | load (s) | records/s | invoices | run (s) |
|---:|---:|---:|---:|---:|---:|---:|
| ${n(demo.subscriptions)} | ${n(demo.transactions)} | ${n(demo.loadedRecords)} | ${demo.loadSeconds} | ${n(demo.loadRecordsPerSecond)} | ${n(demo.invoices)} | ${demo.runSeconds} |
`);
}
if (costs != null) {
  const rows = Object.entries(costs.work).map(
    ([kind, {seconds, cpuSeconds}]) => `| \`${kind}\` | ${seconds} | ${cpuSeconds} |`,
  );
  sections.push(`## 7. What each kind of IndexedDB work costs alone

\`bench/indexeddb-costs.mjs\`: ${n(costs.subscriptions)} subscriptions and ${n(costs.transactions)} transactions
stored raw in the worker's own tables; then each kind of work a run of January does, alone, in a
dedicated worker (the mean of its rounds). \`invoices\` is the ceiling's work; the rest is what a
run adds to it. See "What limits the figures" below.

| work | wall (s) | Chromium CPU (s) |
|---|---:|---:|
${rows.join('\n')}
`);
}
sections.push(`## 8. Bundle size

\`bench/size/entry.ts\` (\`createInvoiceRunClient\` and \`@invoice-run/elements/define.js\`) built by
Vite in production mode (minified); gzip by \`zlib.gzipSync\` level 9. Budget: main thread under 60 kB gzip,
counting what the page loads with the entry (the entry chunk and its static imports). The chunks below it
load on first use: the review elements when a run is opened, a language's catalogues when a component
first resolves it, cRonstrue when \`<run-schedules>\` first renders, the virtualizer's layout with a list.

| bundle | files | minified | gzip |
|---|---|---:|---:|
| main thread at load (worker excluded) | ${bundle.mainThread.files.join(', ')} | ${kB(bundle.mainThread.minifiedBytes)} | ${kB(bundle.mainThread.gzipBytes)} (${budget(bundle.mainThread.gzipBytes < 60_000)}) |
${(bundle.lazy ?? []).map((chunk) => `| on first use | ${chunk.file} | ${kB(chunk.minifiedBytes)} | ${kB(chunk.gzipBytes)} |\n`).join('')}| worker | ${bundle.worker.files.join(', ')} | ${kB(bundle.worker.minifiedBytes)} | ${kB(bundle.worker.gzipBytes)} |
${bundle.distWorker ? `| \`${bundle.distWorker.file}\` (library build) | | ${kB(bundle.distWorker.bytes)} | ${kB(bundle.distWorker.gzipBytes)} |\n` : ''}`);

const analysisFile = join(root, 'bench', 'ANALYSIS.md');
const analysis = existsSync(analysisFile) ? `\n${readFileSync(analysisFile, 'utf8')}` : '';
writeFileSync(
  markdownFile,
  `# Benchmarks

Measured by \`npm run bench\`${environment.quick ? ' --quick (small sizes)' : ''} on ${environment.cpu}, ${environment.memoryGB} GB, Node ${environment.node}, ${environment.chromium}, ${environment.date.slice(0, 10)}; the whole bench took ${environment.benchSeconds} s${environment.loadAverage ? `, with the machine's load average at ${environment.loadAverage.min.toFixed(1)} to ${environment.loadAverage.max.toFixed(1)} (median ${environment.loadAverage.median.toFixed(1)}) on its ${cpus().length} cores` : ''}.
The figures are also in \`bench/results.json\`. This machine is shared: expect ±30 % between runs.

## 1. Engine in Node (in-memory store)

A run over the generated data set (\`demo/src/generate-data.ts\`: three items per subscription of
mixed types, periods and practices; usage by item id and by order number; source errors
included). Lines/s is over the subscription part; the usage time is the aggregation of every
transaction of the month. Peak memory is the process's resident set, data set included. CPU: the
process's CPU seconds during the run. Budget: at least 200,000 lines/s; 1,000,000 transactions
aggregated in under 3 s.

| subscriptions | items | transactions | run (s) | run CPU (s) | subscriptions/s | lines/s | usage (s) | peak RSS (MB) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
${
  scheduler == null
    ? ''
    : `
The scheduler (\`bench/scheduler-node.ts\`): \`dueFirings\` over a ${scheduler.gapDays}-day gap of a minutely schedule
(\`${scheduler.cron}\` in ${scheduler.timeZone}, ${n(scheduler.firingTimes)} firing times) takes **${n(scheduler.dueFiringsMs)} ms**.${
        scheduler.note
          ? `
${scheduler.note}`
          : ''
      }
`
}
${sections.join('\n')}${analysis}`,
);
process.stdout.write(
  `\nwrote ${resultsFile.slice(root.length + 1)} and ${markdownFile.slice(root.length + 1)}\n`,
);
