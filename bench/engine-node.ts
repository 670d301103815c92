// Benchmark 1 of issue 7: the engine alone in Node, with the in-memory store. Plans and stores a
// run for N subscriptions (three items each, mixed types) plus T usage transactions, and prints
// one JSON object: subscriptions/s, lines/s, transactions/s, peak memory.
// Usage: tsx bench/engine-node.ts N T [--profile=FILE]   (bench/run.mjs runs it once per size, in a
// fresh process). `--profile` writes a CPU profile of the run alone (not the data generation or
// the import), to open in Chrome DevTools or read with any .cpuprofile tool.
import {writeFileSync} from 'node:fs';
import {Session} from 'node:inspector/promises';
import {PerformanceObserver} from 'node:perf_hooks';
import {InvoiceRunEngine, MemoryStore} from '@invoice-run/core';
import {generateDataSet} from '../demo/src/generate-data.js';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const subscriptions = Number(positional[0] ?? 10_000);
const transactions = Number(positional[1] ?? 1_000_000);
const profileFile = process.argv
  .find((arg) => arg.startsWith('--profile='))
  ?.slice('--profile='.length);

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

const generated = generateDataSet({subscriptions, transactions, month: '2026-01'});
const store = new MemoryStore({currency: 'EUR', paymentDueDays: 14});
const engine = new InvoiceRunEngine(store);
let started = performance.now();
const report = await engine.import(generated.data);
const importSeconds = (performance.now() - started) / 1000;

// Garbage collection pauses of the main thread, to say how much of each phase they take.
const collections: {start: number; ms: number}[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    collections.push({start: entry.startTime, ms: entry.duration});
  }
});
gcObserver.observe({entryTypes: ['gc']});
const gcSeconds = (from: number, to: number) =>
  collections
    .filter((collection) => collection.start >= from && collection.start < to)
    .reduce((total, collection) => total + collection.ms, 0) / 1000;
const session = profileFile === undefined ? undefined : new Session();
if (session !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

// The two parts of a run, timed apart: usage aggregation alone (a run with only the usage of the
// month, on a store where the subscription part bills nothing new), and the whole run.
let lines = 0;
let invoices = 0;
let usagePhaseMs = 0;
let subscriptionPhaseMs = 0;
let phaseStarted = performance.now();
started = phaseStarted;
// CPU time (this process, all threads) is steadier than wall time on a shared machine.
const cpuStarted = process.cpuUsage();
let usageEnded = phaseStarted;
const result = await engine.startRun(
  {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    subscriptionFilter: 'all',
    transactionFilters: ['metering', 'manual-usage'],
  },
  {
    onProgress: (progress) => {
      const now = performance.now();
      if (progress.phase === 'transactions') {
        usagePhaseMs += now - phaseStarted;
        usageEnded = now;
      } else subscriptionPhaseMs += now - phaseStarted;
      phaseStarted = now;
    },
    onInvoices: (made) => {
      invoices += made.length;
      for (const invoice of made) lines += invoice.lines.length;
    },
  },
);
const runSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const ended = performance.now();
sample();
clearInterval(sampler);
if (session !== undefined && profileFile !== undefined) {
  const {profile} = await session.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}
// Entries of the last collections are delivered after the current task.
await new Promise((resolve) => setTimeout(resolve, 0));
gcObserver.disconnect();

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
console.log(
  JSON.stringify({
    subscriptions,
    items: generated.data.items?.length ?? 0,
    transactions,
    rejected: report.rejected.length,
    importSeconds: round(importSeconds),
    runSeconds: round(runSeconds),
    runCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    usageSeconds: round(usagePhaseMs / 1000),
    subscriptionSeconds: round(subscriptionPhaseMs / 1000),
    invoices,
    lines,
    sourceErrors: result.counters.errors,
    subscriptionsPerSecond: Math.round(subscriptions / runSeconds),
    linesPerSecond: Math.round(lines / (subscriptionPhaseMs / 1000)),
    transactionsPerSecond: Math.round(transactions / (usagePhaseMs / 1000)),
    peakRssMB: Math.round(peakRss / 2 ** 20),
    usageGcSeconds: round(gcSeconds(started, usageEnded)),
    subscriptionGcSeconds: round(gcSeconds(usageEnded, ended)),
  }),
);
