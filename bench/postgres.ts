// Runs across processes on a local PostgreSQL server (issue 17): N subscriptions of the generated
// data set (three items each, usage, generic records) billed by one process (`invoice-run run`) and
// by 1, 2 and 4 worker processes (`invoice-run worker` + `invoice-run run --distributed`), each on
// a fresh copy of the same database. Prints one JSON object (invoices/s per configuration and the
// scaling against one worker) and writes it to bench/postgres-results.json.
// Usage: tsx --conditions=source bench/postgres.ts [N] [--workers=1,2,4] [--part-size=1000]
// Not part of `npm test`: speed is measured here, not asserted.
import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import pg from 'pg';
import {openPostgresStore} from '@invoice-run/postgres';
import {generateDataSet} from '../demo/src/generate-data.js';
import {startPostgres} from '../scripts/postgres-server.mjs';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const subscriptions = Number(positional[0] ?? 100_000);
const workerCounts = (option('workers') ?? '1,2,4').split(',').map(Number);
const partSize = Number(option('part-size') ?? 1000);
const CLI = fileURLToPath(new URL('../packages/core/bin/invoice-run.js', import.meta.url));
const RUN = [
  'run',
  '--period',
  '2026-01',
  '--subscription-filter',
  'all',
  '--transaction-filter',
  'manual-usage',
  '--transaction-filter',
  'metering',
  '--generic-filter',
  'service-orders',
  '--json',
];

const log = (text: string) => process.stderr.write(`${text}\n`);
const server = await startPostgres();
const urlOf = (database: string) => server.url.replace(/\/postgres$/, `/${database}`);
const admin = new pg.Client({connectionString: server.url});
await admin.connect();

/** Runs the command line to its end; its JSON result and its wall-clock seconds. */
function cli(args: readonly string[]): Promise<{result: Record<string, unknown>; seconds: number}> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', 'pipe', 'inherit']});
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve({result: JSON.parse(stdout), seconds: (performance.now() - started) / 1000})
        : reject(new Error(`invoice-run ${args[0]} exited ${code}: ${stdout}`)),
    );
  });
}

/** `count` workers on `database`, each ready. */
async function workers(database: string, count: number) {
  const children = Array.from({length: count}, () =>
    spawn(process.execPath, [CLI, 'worker', '--db', urlOf(database), '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const lines = createInterface({input: child.stdout});
          lines.on('line', (line) => {
            if (line.includes('"ready"')) resolve();
          });
        }),
    ),
  );
  return async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) => new Promise((resolve) => child.once('exit', resolve))),
    );
  };
}

try {
  log(`generating and importing ${subscriptions.toLocaleString('en')} subscriptions`);
  await admin.query('create database base');
  const started = performance.now();
  const base = await openPostgresStore(urlOf('base'));
  const generated = generateDataSet({subscriptions, month: '2026-01'});
  await base.engine.import(generated.data);
  await base.close();
  const importSeconds = (performance.now() - started) / 1000;
  log(`imported in ${importSeconds.toFixed(1)} s`);

  const rows: Record<string, unknown>[] = [];
  const measure = async (name: string, args: string[], count: number) => {
    await admin.query(`create database ${name} template base`);
    const stop = count > 0 ? await workers(name, count) : undefined;
    const load = loadavg()[0];
    const {result, seconds} = await cli([...args, '--db', urlOf(name)]);
    await stop?.();
    const counters = result.counters as {invoices: number; credits: number};
    const invoices = counters.invoices + counters.credits;
    const row = {
      processes: count === 0 ? 'single' : count,
      seconds: Number(seconds.toFixed(2)),
      invoices,
      invoicesPerSecond: Math.round(invoices / seconds),
      status: result.status,
      loadBefore: Number((load ?? 0).toFixed(2)),
    };
    log(JSON.stringify(row));
    rows.push(row);
  };
  await measure('single', RUN, 0);
  for (const count of workerCounts) {
    await measure(`workers_${count}`, [...RUN, '--distributed', `--part-size=${partSize}`], count);
  }
  const one = rows.find((row) => row.processes === 1)?.invoicesPerSecond as number | undefined;
  const result = {
    bench: 'postgres',
    date: new Date().toISOString(),
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    node: process.version,
    server: (await admin.query<{server_version: string}>('show server_version')).rows[0]!
      .server_version,
    subscriptions,
    partSize,
    importSeconds: Number(importSeconds.toFixed(1)),
    runs: rows.map((row) => ({
      ...row,
      ...(one === undefined || row.processes === 'single'
        ? {}
        : {scaling: Number(((row.invoicesPerSecond as number) / one).toFixed(2))}),
    })),
  };
  writeFileSync(
    fileURLToPath(new URL('postgres-results.json', import.meta.url)),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await admin.end();
  await server.stop();
}
