/**
 * A run across processes on a real PostgreSQL server (started here, stopped afterwards): four
 * `invoice-run worker` processes bill 20,000 subscriptions of the demo's generated data (usage by
 * item and by order number, unmatched usage, generic records, inactive accounts, four currencies)
 * while `invoice-run run --distributed` follows; one worker is killed (SIGKILL) in the middle of
 * storing a part. Nothing is billed twice, nothing is missing, and the run is the one a single
 * process makes over the same data.
 *
 * No timing is assumed: the test waits on states (a line from a process, a row, a lock wait). To
 * kill the worker in the middle of a part for certain, the test holds the run's row locked, which
 * every part's commit takes last: the worker is then inside its part's transaction, with the
 * part's invoices written and not committed.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {compareInvoices, compareIssues, type Invoice, type RunRecord} from '@invoice-run/core';
import {generateDataSet} from '../../../demo/src/generate-data.js';
import {startPostgres} from '../../../scripts/postgres-server.mjs';
import {openQueue, PART_QUEUE} from '../src/distributed.js';
import {openPostgresStore, type PostgresBilling} from '../src/open.js';

const CLI = fileURLToPath(new URL('../../core/bin/invoice-run.js', import.meta.url));
const SUBSCRIPTIONS = 20_000;
const CONFIG = {
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
  subscriptionFilter: 'all',
  transactionFilters: ['manual-usage', 'metering'],
  genericFilters: ['service-orders'],
};
const RUN_ARGS = [
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
];

let server: {url: string; stop(): Promise<void>};
const children: ChildProcess[] = [];
const opened: PostgresBilling[] = [];

function urlOf(database: string): string {
  return server.url.replace(/\/postgres$/, `/${database}`);
}

/** A process of the command line; its stdout as JSON lines. */
function cli(args: readonly string[]) {
  const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const waiting: {test: (line: Record<string, unknown>) => boolean; resolve: () => void}[] = [];
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  createInterface({input: child.stdout!}).on('line', (text) => {
    stdout += `${text}\n`;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of [...waiting]) {
      if (waiter.test(line)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    output: () => ({stdout, stderr}),
    /**
     * Resolves once a line matching `test` was written (or at once if one was); rejects when the
     * process ends first.
     */
    until: (test: (line: Record<string, unknown>) => boolean) =>
      lines.some(test)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.push({test, resolve})),
            exited.then((code) => {
              throw new Error(`invoice-run ${args[0]} exited ${code}: ${stderr}`);
            }),
          ]),
  };
}

/** Waits until `check` holds, looking again every 100 ms: waiting on a state, not for a time. */
async function until<T>(check: () => Promise<T | undefined | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function open(database: string): Promise<PostgresBilling> {
  const billing = await openPostgresStore(urlOf(database));
  opened.push(billing);
  return billing;
}

/**
 * A database `name` holding `subscriptions` of the generated data set, and a copy of it under each
 * name of `copies` (one data set, billed in several ways).
 */
async function dataSet(name: string, subscriptions: number, copies: readonly string[]) {
  const admin = new pg.Client({connectionString: server.url});
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const setup = await openPostgresStore(urlOf(name));
    const report = await setup.engine.import(generateDataSet({subscriptions}).data);
    await setup.close();
    expect(report.rejected).toEqual([]);
    for (const copy of copies) await admin.query(`create database ${copy} template ${name}`);
  } finally {
    await admin.end();
  }
}

/** The invoices without their ids and indexes (parts number theirs apart), in output order. */
function asMade(invoices: readonly Invoice[]) {
  return [...invoices].sort(compareInvoices).map(({id: _id, index: _index, ...invoice}) => invoice);
}

function figures(run: RunRecord) {
  return {
    status: run.status,
    counters: run.counters,
    warningCount: run.warningCount,
    totals: run.totals,
    current: run.current,
  };
}

async function issues(billing: PostgresBilling, runId: string) {
  const stored = await billing.store.readRunIssues(runId);
  return [...stored.errors, ...stored.warnings].sort(compareIssues);
}

async function count(billing: PostgresBilling, sql: string, params: unknown[] = []) {
  const {rows} = await billing.db.query<{n: number}>(sql, params);
  return rows[0]!.n;
}

const started = Date.now();
/** Where the time goes, on stderr (a figure to read, not a condition). */
function mark(what: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
}

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const billing of opened) await billing.close();
  await server?.stop();
});

describe('a run across worker processes', () => {
  it('bills 20,000 subscriptions with four workers, one killed mid-part, exactly as one process does', async () => {
    // The data once, then a copy of the database: one for the single process, one for the workers.
    await dataSet('single', SUBSCRIPTIONS, ['spread']);
    mark('imported');

    const workers = Array.from({length: 4}, () =>
      cli(['worker', '--db', urlOf('spread'), '--json', '--maintenance-interval', '1']),
    );
    await Promise.all(workers.map((worker) => worker.until((line) => line.event === 'ready')));
    const runner = cli([
      ...RUN_ARGS,
      '--db',
      urlOf('spread'),
      '--distributed',
      '--part-size',
      '250',
      '--part-timeout',
      '10',
      '--retries',
      '50',
      '--maintenance-interval',
      '1',
      '--json',
    ]);

    // Hold the run's row: every part's commit waits for it, inside the part's transaction.
    const spread = await open('spread');
    const runId = await until(async () => (await spread.store.readRuns())[0]?.id);
    const holder = new pg.Client({connectionString: urlOf('spread')});
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from runs where id = $1 for no key update', [runId]);
    const [victim] = workers;
    const victimPid = victim!.child.pid!;
    await until(async () => {
      const {rows} = await holder.query<{waiting: number}>(
        `select count(*)::int as waiting from pg_stat_activity
          where application_name = $1 and wait_event_type = 'Lock'`,
        [`invoice-run worker ${victimPid}`],
      );
      return rows[0]!.waiting > 0;
    });
    const begun = victim!.lines.filter((line) => line.event === 'begin');
    const killedPart = begun[begun.length - 1]!.part as number;
    victim!.child.kill('SIGKILL');
    await victim!.exited;
    mark(`killed worker ${victimPid} in part ${killedPart}`);
    await holder.query('commit');
    await holder.end();

    const code = await runner.exited;
    mark('run across processes ended');
    expect(code, runner.output().stderr).toBe(0);
    const result = JSON.parse(runner.output().stdout) as {
      run: string;
      status: string;
      parts: number;
      counters: RunRecord['counters'];
    };
    for (const worker of workers.slice(1)) worker.child.kill('SIGTERM');
    // Stopped by SIGTERM, a worker finishes the part in hand and exits 0.
    expect(await Promise.all(workers.slice(1).map((worker) => worker.exited))).toEqual([0, 0, 0]);

    // The killed part was stored once, by another try.
    const {rows: jobs} = await spread.db.query<{state: string; retries: number}>(
      `select state, retry_count as retries from pgboss.job
        where data->>'runId' = $1 and (data->'part'->>'index')::int = $2`,
      [runId, killedPart],
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe('completed');
    expect(jobs[0]!.retries).toBeGreaterThanOrEqual(1);
    expect(
      await count(spread, 'select count(*)::int as n from run_parts where run_id = $1', [runId]),
    ).toBe(result.parts);

    // The same run in one process.
    const reference = await open('single');
    const expected = await reference.engine.startRun(CONFIG);
    mark('single run ended');
    const run = (await spread.store.readRun(runId))!;
    expect(result.status).toBe(expected.run.status);
    expect(result.counters).toEqual(expected.run.counters);
    expect(run.counters.invoices).toBeGreaterThan(SUBSCRIPTIONS / 2);
    // The same figures, invoices and issues; no duplicate link or covered day; nothing missing.
    await expectSameRun(spread, runId, reference, expected.run);
    expect((await spread.engine.remaining(runId)).records).toEqual([]);
  }, 900_000);

  it('stops a worker that is sent SIGTERM the moment it says it is ready: exit 0', async () => {
    const admin = new pg.Client({connectionString: server.url});
    await admin.connect();
    await admin.query('create database stopping');
    await admin.end();
    // The signal follows the "ready" line at once (a worker used to hear it only after writing
    // that line, and died by the signal when it came first).
    const workers = Array.from({length: 3}, () =>
      cli(['worker', '--db', urlOf('stopping'), '--json', '--scheduler-interval', '0']),
    );
    await Promise.all(
      workers.map(async (worker) => {
        await worker.until((line) => line.event === 'ready');
        worker.child.kill('SIGTERM');
      }),
    );
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0, 0]);
    for (const worker of workers) expect(worker.lines.at(-1)).toEqual({event: 'stopped'});
  });

  it('fires the stored schedules from the workers: one of them leads, each firing once', async () => {
    const admin = new pg.Client({connectionString: server.url});
    await admin.connect();
    await admin.query('create database scheduled');
    await admin.end();
    const billing = await open('scheduled');
    const generated = generateDataSet({subscriptions: 50});
    await billing.engine.import(generated.data);
    // Saved 40 days ago: at least one firing time (the 1st of a month, 06:00) is due now.
    const savedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await billing.engine.saveSchedule(generated.schedule, savedAt);
    const workers = Array.from({length: 2}, () =>
      cli(['worker', '--db', urlOf('scheduled'), '--json', '--scheduler-interval', '1']),
    );
    // A check that fired something says so once it has ended (and both workers are up).
    await Promise.all(workers.map((worker) => worker.until((line) => line.event === 'ready')));
    await Promise.race(workers.map((worker) => worker.until((line) => line.event === 'schedules')));
    for (const worker of workers) worker.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);
    const firings = await billing.engine.firings('monthly');
    const fired = firings.filter((firing) => firing.status === 'fired');
    expect(fired.length).toBeGreaterThanOrEqual(1);
    // Each firing fired by one worker, into a run of its own.
    const told = workers.flatMap((worker) =>
      worker.lines.flatMap((line) => (line.event === 'schedules' ? (line.fired as unknown[]) : [])),
    );
    expect(told).toHaveLength(fired.length);
    const runs = (await billing.store.readRuns()).filter((run) => run.origin === 'scheduled');
    expect(runs.map((run) => run.id).sort()).toEqual(fired.map((firing) => firing.runId).sort());
    for (const run of runs) expect(run.status).toMatch(/^completed/);
  });
});

/** The jobs of a run's parts on the queue (pg-boss may have archived some), per part. */
async function jobsPerPart(billing: PostgresBilling, runId: string) {
  const {rows} = await billing.db.query<{part: number; jobs: number}>(
    `select part, count(*)::int as jobs from (
       select (data->'part'->>'index')::int as part from pgboss.job where data->>'runId' = $1
       union all
       select (data->'part'->>'index')::int from pgboss.archive where data->>'runId' = $1
     ) j group by part order by part`,
    [runId],
  );
  return rows;
}

/**
 * The run `runId` is the one a single process made (`expected`): the same figures, invoices and
 * issues; each link and covered day once, as many as the single process made; and re-running it
 * would bill no subscription.
 */
async function expectSameRun(
  billing: PostgresBilling,
  runId: string,
  reference: PostgresBilling,
  expected: RunRecord,
) {
  expect(figures((await billing.store.readRun(runId))!)).toEqual(figures(expected));
  expect(asMade(await billing.engine.invoicesOfRun(runId))).toEqual(
    asMade(await reference.engine.invoicesOfRun(expected.id)),
  );
  expect(await issues(billing, runId)).toEqual(await issues(reference, expected.id));
  for (const [table, key] of [
    ['transaction_links', 'transaction_id'],
    ['record_links', 'record_id'],
    ['item_coverage', 'item_id, days'],
  ] as const) {
    const distinct = `select count(*)::int as n from (select distinct ${key} from ${table}) d`;
    const all = `select count(*)::int as n from ${table}`;
    expect(await count(billing, distinct), table).toBe(await count(billing, all));
    expect(await count(billing, all), table).toBe(await count(reference, all));
  }
  expect((await billing.engine.remaining(runId)).subscriptions).toEqual([]);
}

describe('following a distributed run again', () => {
  it('ends a run whose run command was killed, and one whose planner died half-way through enqueueing', async () => {
    // One data set, three copies: the single process's, and one for each way of dying.
    await dataSet('follow_single', 3_000, ['follow_killed', 'follow_half']);
    const reference = await open('follow_single');
    const expected = (await reference.engine.startRun(CONFIG)).run;
    expect(expected.counters.invoices).toBeGreaterThan(1_000);

    // 1. `run --distributed` killed once its parts are on the queue, before any worker is up.
    const killed = await open('follow_killed');
    const runner = cli([...RUN_ARGS, '--db', urlOf('follow_killed'), '--distributed']);
    const runId = await until(async () => (await killed.store.readRuns())[0]?.id);
    // Once every part is on the queue, it tells people how to follow the run should it stop.
    await until(async () => runner.output().stderr.includes(`invoice-run follow ${runId}`));
    runner.child.kill('SIGKILL');
    await runner.exited;
    const parts = (await killed.engine.runPlan(runId)).parts.length;
    expect((await jobsPerPart(killed, runId)).length).toBe(parts);
    mark(`killed the run command of ${runId} (${parts} parts on the queue)`);

    // `runs` says the run is left without a follower, and how to follow it.
    const listing = cli(['runs', '--db', urlOf('follow_killed'), '--json']);
    expect(await listing.exited).toBe(0);
    expect(JSON.parse(listing.output().stdout)).toEqual([
      expect.objectContaining({
        id: runId,
        status: 'running',
        distributed: {parts, stored: 0, followed: false},
      }),
    ]);
    const human = cli(['runs', '--db', urlOf('follow_killed')]);
    expect(await human.exited).toBe(0);
    expect(human.output().stdout).toContain(
      `running (distributed, 0 of ${parts} parts stored, not followed: invoice-run follow ${runId})`,
    );

    // The workers bill every part; nobody ends the run.
    const workers = Array.from({length: 2}, () =>
      cli(['worker', '--db', urlOf('follow_killed'), '--json', '--scheduler-interval', '0']),
    );
    await until(
      async () =>
        (await count(killed, 'select count(*)::int as n from run_parts where run_id = $1', [
          runId,
        ])) === parts,
    );
    expect((await killed.store.readRun(runId))!.status).toBe('running');

    // Followed again, with every part stored already: it ends the run, enqueueing nothing.
    const follower = cli(['follow', runId, '--db', urlOf('follow_killed'), '--json']);
    expect(await follower.exited, follower.output().stderr).toBe(0);
    const followed = JSON.parse(follower.output().stdout) as Record<string, unknown>;
    expect(followed).toMatchObject({
      run: runId,
      status: expected.status,
      parts,
      enqueued: 0,
      counters: expected.counters,
      totals: expected.totals,
    });
    await expectSameRun(killed, runId, reference, expected);
    expect((await jobsPerPart(killed, runId)).every((row) => row.jobs === 1)).toBe(true);
    // An ended run has nothing left to follow.
    const again = cli(['follow', runId, '--db', urlOf('follow_killed'), '--json']);
    expect(await again.exited).toBe(1);
    expect(JSON.parse(again.output().stdout).error.code).toBe('RUN_NOT_RUNNING');
    for (const worker of workers) worker.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);

    // 2. A planner that died half-way through enqueueing: the run and its plan stored, the first
    // half of its parts on the queue, the rest never put there.
    const half = await open('follow_half');
    const plan = await half.engine.beginRun(CONFIG, {partSize: 250});
    const boss = await openQueue(urlOf('follow_half'));
    const enqueuedBefore = Math.floor(plan.parts.length / 2);
    await boss.insert(
      plan.parts.slice(0, enqueuedBefore).map((part) => ({
        name: PART_QUEUE,
        data: {runId: plan.run.id, part},
      })),
    );
    await boss.stop({graceful: false, wait: true});

    // Followed (no worker up yet): the missing half goes on the queue; a second follower is
    // refused while the first follows.
    const second = cli(['follow', plan.run.id, '--db', urlOf('follow_half'), '--json']);
    await until(async () => (await jobsPerPart(half, plan.run.id)).length === plan.parts.length);
    const rival = cli(['follow', plan.run.id, '--db', urlOf('follow_half'), '--json']);
    expect(await rival.exited).toBe(1);
    expect(JSON.parse(rival.output().stdout).error.code).toBe('RUN_FOLLOWED');
    const during = cli(['runs', '--db', urlOf('follow_half'), '--json']);
    expect(await during.exited).toBe(0);
    expect(JSON.parse(during.output().stdout)[0].distributed.followed).toBe(true);
    const halfWorkers = Array.from({length: 2}, () =>
      cli(['worker', '--db', urlOf('follow_half'), '--json', '--scheduler-interval', '0']),
    );
    expect(await second.exited, second.output().stderr).toBe(0);
    expect(JSON.parse(second.output().stdout)).toMatchObject({
      run: plan.run.id,
      status: expected.status,
      parts: plan.parts.length,
      enqueued: plan.parts.length - enqueuedBefore,
      counters: expected.counters,
    });
    await expectSameRun(half, plan.run.id, reference, expected);
    // Each part on the queue once, and stored once.
    expect(await jobsPerPart(half, plan.run.id)).toEqual(
      plan.parts.map((part) => ({part: part.index, jobs: 1})),
    );
    expect(
      await count(half, 'select count(*)::int as n from run_parts where run_id = $1', [
        plan.run.id,
      ]),
    ).toBe(plan.parts.length);
    for (const worker of halfWorkers) worker.child.kill('SIGTERM');
    expect(await Promise.all(halfWorkers.map((worker) => worker.exited))).toEqual([0, 0]);
  }, 900_000);
});

describe('a run in one process that was killed', () => {
  it('is shown interrupted once its process is gone, not before, and restore --all bills the rest and ends it', async () => {
    await dataSet('cut_single', 3_000, ['cut_killed']);
    const reference = await open('cut_single');
    const expected = (await reference.engine.startRun(CONFIG)).run;

    // The run in one process, held at its second chunk: a trigger of this test makes a write of
    // invoices wait for a lock the test holds once some invoices are stored, so the run has
    // stored its first chunk and cannot end before it is killed.
    const killed = await open('cut_killed');
    await killed.db.exec(`
      create function hold_second_chunk() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from invoices) then perform pg_advisory_xact_lock_shared(4242); end if;
        return null;
      end $$;
      create trigger hold_second_chunk before insert on invoices
        for each statement execute function hold_second_chunk();
    `);
    const holder = new pg.Client({connectionString: urlOf('cut_killed')});
    await holder.connect();
    await holder.query('select pg_advisory_lock(4242)');
    const runner = cli([...RUN_ARGS, '--db', urlOf('cut_killed'), '--json']);
    const runId = await until(async () => (await killed.store.readRuns())[0]?.id);
    await until(async () => {
      const {rows} = await killed.db.query<{waiting: number}>(
        `select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and application_name = 'invoice-run'
            and wait_event_type = 'Lock' and wait_event = 'advisory'`,
      );
      return rows[0]!.waiting > 0;
    });

    // Alive, it is running, not interrupted.
    const runs = async () => {
      const listing = cli(['runs', '--db', urlOf('cut_killed'), '--json']);
      expect(await listing.exited).toBe(0);
      return JSON.parse(listing.output().stdout) as Record<string, unknown>[];
    };
    const alive = await runs();
    expect(alive[0]).toMatchObject({id: runId, status: 'running'});
    expect(alive[0]).not.toHaveProperty('interrupted');

    runner.child.kill('SIGKILL');
    await runner.exited;
    await holder.end();
    await killed.db.exec('drop trigger hold_second_chunk on invoices');
    const stored = await count(killed, 'select count(*)::int as n from invoices');
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(expected.counters.invoices);
    mark(`killed the one-process run ${runId} with ${stored} invoices stored`);

    // Gone, it is interrupted, and says what bills the rest.
    expect((await runs())[0]).toMatchObject({id: runId, status: 'running', interrupted: true});
    const human = cli(['runs', '--db', urlOf('cut_killed')]);
    expect(await human.exited).toBe(0);
    expect(human.output().stdout).toContain(
      `running (interrupted: its process stopped; invoice-run restore ${runId} --all bills the rest)`,
    );
    expect((await killed.engine.remaining(runId)).subscriptions.length).toBeGreaterThan(0);

    const restore = cli(['restore', runId, '--all', '--db', urlOf('cut_killed'), '--json']);
    expect(await restore.exited, restore.output().stderr).toBe(0);
    const run = (await killed.store.readRun(runId))!;
    // Ended, with what one pass makes: the same invoices, lines and money.
    expect(run.status).toMatch(/^completed/);
    expect({...run.counters, errors: 0}).toEqual({...expected.counters, errors: 0});
    expect(run.totals).toEqual(expected.totals);
    expect(run.current).toEqual(expected.current);
    // The errors the stopped pass had stored are kept; those of chunks it never reached (usage
    // and records of inactive subscriptions and accounts) a restore does not report: it bills
    // what is remaining, and those are not (README: a run in one process that stops).
    const expectedIssues = await issues(reference, expected.id);
    for (const issue of await issues(killed, runId)) expect(expectedIssues).toContainEqual(issue);
    expect(asMade(await killed.engine.invoicesOfRun(runId))).toEqual(
      asMade(await reference.engine.invoicesOfRun(expected.id)),
    );
    expect((await killed.engine.remaining(runId)).subscriptions).toEqual([]);
    expect((await runs())[0]).not.toHaveProperty('interrupted');
  }, 600_000);
});
