// Benchmark 1 of issue 7: the engine alone in Node, with the in-memory store. Plans and stores a
// run for N subscriptions (three items each, mixed types) plus T usage transactions, and prints
// one JSON object: subscriptions/s, lines/s, transactions/s, peak memory.
// Usage: tsx bench/engine-node.ts N T   (bench/run.mjs runs it once per size, in a fresh process)
import {InvoiceRunEngine, MemoryStore} from '@invoice-run/core';
import {generateDataSet} from '../demo/src/generate-data.js';

const subscriptions = Number(process.argv[2] ?? 10_000);
const transactions = Number(process.argv[3] ?? 1_000_000);

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

const generated = generateDataSet({subscriptions, transactions, month: '2026-01'});
const store = new MemoryStore({currency: 'EUR', paymentDueDays: 14});
const engine = new InvoiceRunEngine(store);
let started = performance.now();
const report = await engine.import(generated.data);
const importSeconds = (performance.now() - started) / 1000;

// The two parts of a run, timed apart: usage aggregation alone (a run with only the usage of the
// month, on a store where the subscription part bills nothing new), and the whole run.
let lines = 0;
let invoices = 0;
let usagePhaseMs = 0;
let subscriptionPhaseMs = 0;
let phaseStarted = performance.now();
started = phaseStarted;
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
      if (progress.phase === 'transactions') usagePhaseMs += now - phaseStarted;
      else subscriptionPhaseMs += now - phaseStarted;
      phaseStarted = now;
    },
    onInvoices: (made) => {
      invoices += made.length;
      for (const invoice of made) lines += invoice.lines.length;
    },
  },
);
const runSeconds = (performance.now() - started) / 1000;
sample();
clearInterval(sampler);

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
console.log(
  JSON.stringify({
    subscriptions,
    items: generated.data.items?.length ?? 0,
    transactions,
    rejected: report.rejected.length,
    importSeconds: round(importSeconds),
    runSeconds: round(runSeconds),
    usageSeconds: round(usagePhaseMs / 1000),
    subscriptionSeconds: round(subscriptionPhaseMs / 1000),
    invoices,
    lines,
    sourceErrors: result.counters.errors,
    subscriptionsPerSecond: Math.round(subscriptions / runSeconds),
    linesPerSecond: Math.round(lines / (subscriptionPhaseMs / 1000)),
    transactionsPerSecond: Math.round(transactions / (usagePhaseMs / 1000)),
    peakRssMB: Math.round(peakRss / 2 ** 20),
  }),
);
