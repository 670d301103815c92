#!/usr/bin/env node
// `npm run bench`: runs every benchmark of issue 7 that exists, each size in a fresh process, and
// writes the figures as JSON (bench/results.json) and as a table in BENCHMARKS.md, with the
// machine, Node and browser versions. Not part of `npm test`: speed is measured here, not asserted.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

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

const chromium = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const environment = {
  date: new Date().toISOString(),
  cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  chromium: existsSync(chromium)
    ? execFileSync(chromium, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim()
    : 'not installed',
};

const sizes = quick
  ? [[10_000, 100_000]]
  : [
      [10_000, 1_000_000],
      [100_000, 1_000_000],
    ];
const engine = sizes.map(([subscriptions, transactions]) =>
  runJson('bench/engine-node.ts', [String(subscriptions), String(transactions)]),
);

const results = {environment, engine};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const budget = (ok) => (ok ? 'within budget' : '**over budget**');
const rows = engine.map(
  (figure) =>
    `| ${figure.subscriptions.toLocaleString('en')} | ${figure.items.toLocaleString('en')} | ${figure.transactions.toLocaleString('en')} | ${figure.runSeconds} | ${figure.subscriptionsPerSecond.toLocaleString('en')} | ${figure.linesPerSecond.toLocaleString('en')} (${budget(figure.linesPerSecond >= 200_000)}) | ${figure.usageSeconds} (${budget(figure.usageSeconds < 3 || figure.transactions < 1_000_000)}) | ${figure.peakRssMB} |`,
);
writeFileSync(
  join(root, 'BENCHMARKS.md'),
  `# Benchmarks

Measured by \`npm run bench\` on ${environment.cpu}, ${environment.memoryGB} GB, Node ${environment.node}, ${environment.chromium}, ${environment.date.slice(0, 10)}.
The figures are also in \`bench/results.json\`. This machine is shared: expect ±30 % between runs.

## 1. Engine in Node (in-memory store)

A run over the generated data set (\`demo/src/generate-data.ts\`: three items per subscription of
mixed types, periods and practices; usage by item id and by order number; source errors
included). Lines/s is over the subscription part; the usage time is the aggregation of every
transaction of the month. Peak memory is the process's resident set, data set included.
Budget: at least 200,000 lines/s; 1,000,000 transactions aggregated in under 3 s.

| subscriptions | items | transactions | run (s) | subscriptions/s | lines/s | usage (s) | peak RSS (MB) |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`,
);
process.stdout.write('\nwrote bench/results.json and BENCHMARKS.md\n');
