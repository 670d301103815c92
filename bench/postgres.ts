// Runs across processes on a local PostgreSQL server (issue 17): N subscriptions of the generated
// data set (three items each, usage, generic records) billed by one process (`invoice-run run`) and
// by 1, 2 and 4 worker processes (`invoice-run worker` + `invoice-run run --distributed`), each on
// a fresh copy of the same database. Prints one JSON object (invoices/s per configuration and the
// scaling against one worker) and writes it to bench/postgres-results.json.
// Usage: tsx --conditions=source bench/postgres.ts [N] [--workers=1,2,4] [--part-size=1000]
//          [--import=engine|copy] [--single=yes|no]
// `--import=copy` loads the data set without the engine's import: the records as the import's
// validation gives them (the same rows), written by COPY from files (minutes instead of most of an
// hour at 1,000,000 subscriptions, whose import through one statement per kind is the slow part).
// The figures of each size are kept in bench/postgres-results.json beside the other sizes', and
// written after each configuration (a bench stopped early leaves what it measured).
// Not part of `npm test`: speed is measured here, not asserted.
import {spawn} from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {cpus, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import pg from 'pg';
import {RECORD_KINDS, validateDataSet, type DataSetInput} from '@invoice-run/core';
import {openPostgresStore} from '@invoice-run/postgres';
import {generateDataSet} from '../demo/src/generate-data.js';
import {startPostgres} from '../scripts/postgres-server.mjs';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const subscriptions = Number(positional[0] ?? 100_000);
const workerCounts = (option('workers') ?? '1,2,4').split(',').map(Number);
const partSize = Number(option('part-size') ?? 1000);
const importMethod = option('import') ?? 'engine';
const runSingle = (option('single') ?? 'yes') === 'yes';
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

/** A CSV field: quoted text, or nothing for null. */
function field(value: string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `"${String(value).replaceAll('"', '""')}"`;
}

/** The columns each kind's table has beside `record` (as the store's upsert fills them). */
const COLUMNS: Record<string, (record: Record<string, unknown>) => unknown[]> = {
  subscriptions: (r) => [r.id, r.accountId],
  items: (r) => [r.id, r.subscriptionId, r.orderNo ?? null, r.billingType === 'transactional'],
  transactions: (r) => [r.id, r.date, r.itemId ?? null, r.orderNo ?? null],
};
const COLUMN_NAMES: Record<string, string> = {
  subscriptions: 'id, account_id, record',
  items: 'id, subscription_id, order_no, transactional, record',
  transactions: 'id, date, item_id, order_no, record',
};

/**
 * Stores the data set by COPY: each kind validated in slices (the records the engine's import
 * would store), written to a file the server reads.
 */
async function copyImport(database: string, data: DataSetInput): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-run-bench-'));
  chmodSync(dir, 0o755);
  const client = new pg.Client({connectionString: urlOf(database)});
  await client.connect();
  try {
    for (const kind of RECORD_KINDS) {
      const records = (data as Record<string, unknown[] | undefined>)[kind] ?? [];
      if (records.length === 0) continue;
      const file = join(dir, `${kind}.csv`);
      writeFileSync(file, '');
      chmodSync(file, 0o644);
      for (let i = 0; i < records.length; i += 20_000) {
        const {valid, rejected} = validateDataSet({[kind]: records.slice(i, i + 20_000)});
        if (rejected.length > 0) throw new Error(`${kind}: ${JSON.stringify(rejected[0])}`);
        const lines = (valid[kind] as unknown as Record<string, unknown>[]).map((record) => {
          const columns = COLUMNS[kind]?.(record) ?? [record.id];
          return [...columns, JSON.stringify(record)]
            .map((value) => field(value as string | boolean | null))
            .join(',');
        });
        appendFileSync(file, `${lines.join('\n')}\n`);
      }
      await client.query(
        `copy ${kind} (${COLUMN_NAMES[kind] ?? 'id, record'}) from '${file}' with (format csv)`,
      );
      log(`  ${kind}: ${records.length.toLocaleString('en')}`);
    }
    await client.query('analyze');
  } finally {
    await client.end();
    rmSync(dir, {recursive: true, force: true});
  }
}

const resultsFile = fileURLToPath(new URL('postgres-results.json', import.meta.url));

interface SizeResult {
  readonly subscriptions: number;
  readonly runs: readonly {
    processes: string | number;
    invoicesPerSecond: number;
    scaling?: number;
  }[];
}

/**
 * The results of every size, this size's replaced by `result`; configurations of this size that
 * this bench did not measure (`--workers`, `--single=no`) keep their earlier rows.
 */
function saveResult(result: SizeResult): void {
  const saved = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as {sizes?: {subscriptions: number}[]})
    : {};
  // The file held one size before it held several.
  const sizes = (saved.sizes ?? ('subscriptions' in saved ? [saved] : [])) as SizeResult[];
  const others = sizes.filter((size) => size.subscriptions !== result.subscriptions);
  const before = sizes.find((size) => size.subscriptions === result.subscriptions);
  const measured = new Set(result.runs.map((run) => run.processes));
  const kept = (before?.runs ?? []).filter((run) => !measured.has(run.processes));
  const order = (run: {processes: string | number}) =>
    run.processes === 'single' ? 0 : Number(run.processes);
  const runs = [...kept, ...result.runs].sort((a, b) => order(a) - order(b));
  // Scaling: invoices/s against one worker's.
  const one = runs.find((run) => run.processes === 1)?.invoicesPerSecond;
  const merged = {
    ...result,
    runs: runs.map(({scaling: _scaling, ...run}) =>
      one === undefined || run.processes === 'single'
        ? run
        : {...run, scaling: Number((run.invoicesPerSecond / one).toFixed(2))},
    ),
  };
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        bench: 'postgres',
        sizes: [...others, merged].sort((a, b) => a.subscriptions - b.subscriptions),
      },
      null,
      2,
    )}\n`,
  );
}

try {
  log(`generating and importing ${subscriptions.toLocaleString('en')} subscriptions`);
  await admin.query('create database base');
  const started = performance.now();
  const base = await openPostgresStore(urlOf('base'));
  const generated = generateDataSet({subscriptions, month: '2026-01'});
  if (importMethod === 'copy') {
    await base.close();
    await copyImport('base', generated.data);
  } else {
    await base.engine.import(generated.data);
    await base.close();
  }
  const importSeconds = (performance.now() - started) / 1000;
  log(`imported (${importMethod}) in ${importSeconds.toFixed(1)} s`);
  const server_version = (await admin.query<{server_version: string}>('show server_version'))
    .rows[0]!.server_version;

  const rows: {processes: string | number; invoicesPerSecond: number}[] = [];
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
      date: new Date().toISOString(),
      seconds: Number(seconds.toFixed(2)),
      invoices,
      invoicesPerSecond: Math.round(invoices / seconds),
      status: result.status,
      loadBefore: Number((load ?? 0).toFixed(2)),
      loadAfter: Number((loadavg()[0] ?? 0).toFixed(2)),
    };
    log(JSON.stringify(row));
    rows.push(row);
    saveResult(summary());
  };
  const summary = () => ({
    date: new Date().toISOString(),
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    node: process.version,
    server: server_version,
    subscriptions,
    partSize,
    importMethod,
    importSeconds: Number(importSeconds.toFixed(1)),
    runs: rows,
  });
  if (runSingle) await measure('single', RUN, 0);
  for (const count of workerCounts) {
    await measure(`workers_${count}`, [...RUN, '--distributed', `--part-size=${partSize}`], count);
  }
  process.stdout.write(`${JSON.stringify(summary())}\n`);
} finally {
  await admin.end();
  await server.stop();
}
