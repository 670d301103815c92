// Benchmark 1 of issue 7: the engine alone in Node, with the in-memory store. Plans and stores a
// run for N subscriptions (three items each, mixed types) plus usage transactions, and prints
// subscriptions/s, lines/s, transactions/s and peak memory. Usage: tsx bench/engine-node.ts [N] [T]
import {InvoiceRunEngine, MemoryStore} from '@invoice-run/core';
import {generateDataSet} from '../demo/src/generate-data.js';

const subscriptions = Number(process.argv[2] ?? 10_000);
const transactions = Number(process.argv[3] ?? 1_000_000);

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 50);

const generated = generateDataSet({subscriptions, transactions, month: '2026-01'});
const store = new MemoryStore({currency: 'EUR', paymentDueDays: 14});
const engine = new InvoiceRunEngine(store);
let started = performance.now();
const report = await engine.import(generated.data);
const importSeconds = (performance.now() - started) / 1000;

let lines = 0;
let invoices = 0;
started = performance.now();
const result = await engine.startRun(
  {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    subscriptionFilter: 'all',
    transactionFilters: ['metering', 'manual-usage'],
  },
  {
    onInvoices: (made) => {
      invoices += made.length;
      for (const invoice of made) lines += invoice.lines.length;
    },
  },
);
const runSeconds = (performance.now() - started) / 1000;
sample();
clearInterval(sampler);

const figures = {
  subscriptions,
  transactions,
  rejected: report.rejected.length,
  importSeconds: Number(importSeconds.toFixed(2)),
  runSeconds: Number(runSeconds.toFixed(2)),
  invoices,
  lines,
  errors: result.counters.errors,
  subscriptionsPerSecond: Math.round(subscriptions / runSeconds),
  linesPerSecond: Math.round(lines / runSeconds),
  transactionsPerSecond: Math.round(transactions / runSeconds),
  peakRssMB: Math.round(peakRss / 2 ** 20),
};
console.log(JSON.stringify(figures, null, 2));
