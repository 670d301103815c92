/**
 * Runs across processes: one process plans a run in parts (`beginRun`) and puts each part on a
 * job queue in the same database (pg-boss, schema `pgboss`); worker processes take the parts and
 * bill them (`billRunPart`); the planning process follows what is stored (`run_parts`) and ends
 * the run once every part is there. The plan is stored with the run, so when the planning process
 * stops first, another (`followRun`) takes over from the database alone.
 *
 * The queue brings a part back when its worker dies (the job expires and is retried); the store
 * makes that safe: a part is stored in one transaction with its row in `run_parts`, so a part
 * whose worker died before the commit left nothing, and one whose worker died after it is stored
 * already and its retry stores nothing.
 */
import {
  InvoiceRunError,
  Scheduler,
  type SchedulerCheck,
  type ResolvedRunConfig,
  type RunPart,
  type RunPlan,
  type RunProgress,
  type RunRecord,
} from '@invoice-run/core';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type {PostgresBilling} from './open.js';

/** The queue the parts of runs go on. */
export const PART_QUEUE = 'invoice-run-parts';

/** What a part's job carries. */
interface PartJob {
  readonly runId: string;
  readonly part: RunPart;
}

export interface QueueOptions {
  /**
   * How often (seconds) a process checks for parts whose worker stopped answering (pg-boss's
   * maintenance: an expired job is retried). Default 30.
   */
  readonly maintenanceIntervalSeconds?: number;
}

/**
 * pg-boss on the database of `url`, started, with the parts' queue. Processes starting at once
 * take turns (an advisory lock): pg-boss creating its schema or the queue in two processes at
 * once fails (a type that already exists, a deadlock).
 */
export async function openQueue(url: string, options: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 3,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    application_name: `invoice-run queue ${process.pid}`,
  });
  // pg-boss reports its background errors (a lost connection) as events; without a listener
  // they would end the process.
  boss.on('error', (error) => process.emitWarning(`job queue: ${error.message}`));
  const lock = new pg.Client({connectionString: url, application_name: 'invoice-run queue setup'});
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock(hashtext('invoice-run:queue-setup'))");
    await boss.start();
    await boss.createQueue(PART_QUEUE);
  } catch (error) {
    await boss.stop({graceful: false, wait: true}).catch(() => undefined);
    throw error;
  } finally {
    // Ending the session releases its lock.
    await lock.end();
  }
  return boss;
}

export interface FollowOptions extends QueueOptions {
  /**
   * Seconds a worker may hold a part before the queue gives it to another (its worker is taken
   * for dead). Default 900. A part still running then is billed twice at most, stored once.
   */
  readonly partTimeoutSeconds?: number;
  /** How often a part is tried again after its worker failed or died (default 5). */
  readonly retries?: number;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called once the run's parts are all on the queue (`enqueued` of them put there now). */
  readonly onPlanned?: (run: RunRecord, parts: number, enqueued: number) => void;
  /** How long to wait between looks at the progress, in ms (default 250). */
  readonly pollMs?: number;
}

export interface DistributedRunOptions extends FollowOptions {
  /** Subscriptions per part (default 1,000). */
  readonly partSize?: number;
}

export interface DistributedRunResult {
  readonly run: RunRecord;
  readonly parts: number;
  /** The parts this process put on the queue: all of a new run's, the missing ones when following. */
  readonly enqueued: number;
  readonly config: ResolvedRunConfig;
}

/**
 * Plans a run in parts (stored with the run), puts them on the queue, follows them until every
 * part is stored, and ends the run. Worker processes (`runWorker`) do the billing. A part that
 * failed on every try ends the run as `failed` and is refused (`PART_FAILED`). Should this
 * process stop first, the run stays `running` (the workers go on billing it) until `followRun`
 * ends it.
 */
export async function distributedRun(
  billing: PostgresBilling,
  url: string,
  config: unknown,
  options: DistributedRunOptions = {},
): Promise<DistributedRunResult> {
  return withQueue(url, options, async (boss) => {
    const plan = await billing.engine.beginRun(config, {partSize: options.partSize ?? 1000});
    return follow(billing, boss, plan.run.id, plan, options);
  });
}

/**
 * Follows a run begun by `distributedRun` whose process stopped (killed, its terminal closed)
 * to its end, as that process would have: puts back on the queue the parts that are neither
 * stored nor on it (the planner died while it enqueued them), follows, and ends the run, also
 * when every part was stored before. Refusals: `RUN_NOT_FOUND`, `RUN_NOT_IN_PARTS`,
 * `RUN_NOT_RUNNING` (ended already), `RUN_FOLLOWED` (another process follows it), `PART_FAILED`.
 */
export async function followRun(
  billing: PostgresBilling,
  url: string,
  runId: string,
  options: FollowOptions = {},
): Promise<DistributedRunResult> {
  return withQueue(url, options, (boss) => follow(billing, boss, runId, undefined, options));
}

/** The queue, open for `task` alone: stopped when it ends, however it ends. */
async function withQueue<T>(
  url: string,
  options: QueueOptions,
  task: (boss: PgBoss) => Promise<T>,
): Promise<T> {
  const boss = await openQueue(url, options);
  try {
    return await task(boss);
  } finally {
    await boss.stop({graceful: false, wait: true});
  }
}

/** The lock a process holds while it follows a run: one follower per run. */
function followLock(runId: string): string {
  return `invoice-run:follow:${runId}`;
}

/** Whether some process follows the run now (it holds the run's follow lock). */
export function isFollowed(billing: PostgresBilling, runId: string): Promise<boolean> {
  return billing.db.lockHeld(followLock(runId));
}

/** Where a running run in parts stands: its parts, those stored, and whether a process follows it. */
export interface RunInParts {
  readonly parts: number;
  readonly stored: number;
  /** False: its `run --distributed` stopped; `followRun` ends it. */
  readonly followed: boolean;
}

/** The runs in parts still running, by run id. */
export async function runningRunsInParts(
  billing: PostgresBilling,
): Promise<Map<string, RunInParts>> {
  const {rows} = await billing.db.query<{run_id: string; parts: number; stored: number}>(
    `select p.run_id, p.part_count as parts,
            (select count(*)::int from run_parts r where r.run_id = p.run_id) as stored
       from run_plans p join runs on runs.id = p.run_id
      where runs.record->>'status' = 'running'`,
  );
  const runs = new Map<string, RunInParts>();
  for (const row of rows) {
    runs.set(row.run_id, {
      parts: row.parts,
      stored: row.stored,
      followed: await isFollowed(billing, row.run_id),
    });
  }
  return runs;
}

/**
 * Holding the run's follow lock: enqueues the parts that need it, waits until every part is
 * stored, and ends the run. `plan` when the caller has just made it; else it is read.
 */
async function follow(
  billing: PostgresBilling,
  boss: PgBoss,
  runId: string,
  plan: RunPlan | undefined,
  options: FollowOptions,
): Promise<DistributedRunResult> {
  let result: DistributedRunResult | undefined;
  const {acquired} = await billing.db.tryExclusive(followLock(runId), async () => {
    const {run, parts} = plan ?? (await billing.engine.runPlan(runId));
    // Read again under the lock: a follower that held it before may have ended the run.
    const current = plan === undefined ? run : await billing.engine.existingRun(runId);
    if (current.status !== 'running') {
      throw new InvoiceRunError(
        'RUN_NOT_RUNNING',
        `Run ${runId} is ${current.status}; there is nothing left to follow.`,
      );
    }
    const enqueued = await enqueueMissing(billing, boss, run.id, parts, {
      retryLimit: options.retries ?? 5,
      retryDelay: 1,
      expireInSeconds: options.partTimeoutSeconds ?? 900,
    });
    options.onPlanned?.(run, parts.length, enqueued);
    const total = parts.reduce(
      (sum, part) => sum + (part.kind === 'subscriptions' ? part.subscriptions.length : 0),
      0,
    );
    const pollMs = options.pollMs ?? 250;
    for (;;) {
      const stored = await billing.store.readRunParts(run.id);
      const done = stored.reduce((sum, part) => sum + part.subscriptions, 0);
      options.onProgress?.({phase: 'subscriptions', done, total});
      if (stored.length === parts.length) break;
      const failed = await failedParts(billing, run.id);
      if (failed.length > 0) {
        await billing.engine.endRun(run.id, 'failed');
        throw new InvoiceRunError(
          'PART_FAILED',
          `Run ${run.id} failed: part ${failed[0]!.part} could not be billed (${failed[0]!.reason}).`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    result = {
      run: await billing.engine.endRun(run.id),
      parts: parts.length,
      enqueued,
      config: run.config,
    };
  });
  if (!acquired) {
    throw new InvoiceRunError(
      'RUN_FOLLOWED',
      `Run ${runId} is followed by another process already; it ends the run.`,
    );
  }
  return result!;
}

/**
 * Puts on the queue each part of the plan that is neither stored nor on the queue already (in
 * any state: waiting, taken, done, failed, or archived by pg-boss); resolves with how many. For a
 * new run that is every part; for a run whose planner died while enqueueing, the rest. A part
 * stored meanwhile is on the queue as done, so it is never put there again (and were it, its
 * commit would store nothing: `run_parts`).
 */
async function enqueueMissing(
  billing: PostgresBilling,
  boss: PgBoss,
  runId: string,
  parts: readonly RunPart[],
  jobOptions: {retryLimit: number; retryDelay: number; expireInSeconds: number},
): Promise<number> {
  const {rows} = await billing.db.query<{part: number}>(
    `select (data->'part'->>'index')::int as part from pgboss.job
      where name = $1 and data->>'runId' = $2
     union
     select (data->'part'->>'index')::int from pgboss.archive
      where name = $1 and data->>'runId' = $2
     union
     select part from run_parts where run_id = $2`,
    [PART_QUEUE, runId],
  );
  const handled = new Set(rows.map((row) => row.part));
  const missing = parts.filter((part) => !handled.has(part.index));
  for (let i = 0; i < missing.length; i += 500) {
    await boss.insert(
      missing.slice(i, i + 500).map((part) => ({
        name: PART_QUEUE,
        data: {runId, part} satisfies PartJob,
        ...jobOptions,
      })),
    );
  }
  return missing.length;
}

/** The parts of a run whose jobs failed on their last try (also once pg-boss archived them). */
async function failedParts(
  billing: PostgresBilling,
  runId: string,
): Promise<{part: number; reason: string}[]> {
  const {rows} = await billing.db.query<{part: number; reason: string | null}>(
    `select (data->'part'->>'index')::int as part, output->>'message' as reason
       from pgboss.job where name = $1 and state = 'failed' and data->>'runId' = $2
     union all
     select (data->'part'->>'index')::int, output->>'message'
       from pgboss.archive where name = $1 and state = 'failed' and data->>'runId' = $2`,
    [PART_QUEUE, runId],
  );
  return rows.map((row) => ({part: row.part, reason: row.reason ?? 'no reason given'}));
}

export interface WorkerOptions extends QueueOptions {
  /** Told of each part billed (`stored`: false for a part stored before). */
  readonly onPart?: (event: {
    runId: string;
    part: number;
    stored: boolean;
    invoices: number;
  }) => void;
  /** Told when a part begins. */
  readonly onBegin?: (event: {runId: string; part: number}) => void;
  /**
   * Seconds between checks of the stored schedules (default 60; 0: this worker fires none). Of
   * all workers, one checks at a time (an advisory lock), and each firing is recorded once.
   */
  readonly schedulerIntervalSeconds?: number;
  /** Told of each scheduler check that led and did something. */
  readonly onSchedulerCheck?: (check: SchedulerCheck) => void;
}

export interface Worker {
  /** Stops taking parts, lets the one in hand finish, and disconnects. */
  stop(): Promise<void>;
}

/** Takes parts from the queue and bills them, one at a time, until stopped. */
export async function runWorker(
  billing: PostgresBilling,
  url: string,
  options: WorkerOptions = {},
): Promise<Worker> {
  const boss = await openQueue(url, options);
  await boss.work<PartJob>(
    PART_QUEUE,
    {batchSize: 1, pollingIntervalSeconds: 0.5},
    async ([job]) => {
      const {runId, part} = job!.data;
      options.onBegin?.({runId, part: part.index});
      try {
        const result = await billing.engine.billRunPart(runId, part);
        options.onPart?.({
          runId,
          part: part.index,
          stored: result.stored,
          invoices: result.counters.invoices + result.counters.credits,
        });
      } catch (error) {
        // A run that was ended (given up) takes no more parts: nothing to try again.
        if (error instanceof InvoiceRunError && error.code === 'RUN_NOT_RUNNING') return;
        throw error;
      }
    },
  );
  const stopScheduler = startScheduler(billing, options);
  return {
    async stop() {
      await stopScheduler();
      await boss.stop({graceful: true, wait: true, timeout: 60_000});
    },
  };
}

/**
 * Checks the stored schedules now and every `schedulerIntervalSeconds`, firing what is due, when
 * no other process is checking; resolves the returned stop once the check in hand has ended.
 */
function startScheduler(billing: PostgresBilling, options: WorkerOptions): () => Promise<void> {
  const seconds = options.schedulerIntervalSeconds ?? 60;
  if (seconds <= 0) return async () => undefined;
  const stopping = new AbortController();
  const scheduler = new Scheduler({
    store: billing.store,
    lead: (check) => billing.db.tryExclusive('invoice-run:scheduler', check),
    fire: (scheduleId, at, signal) =>
      billing.db.exclusive('invoice-run:billing', () =>
        billing.engine.fireStoredSchedule(scheduleId, at, {signal}),
      ),
  });
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> = Promise.resolve();
  const check = () => {
    checking = scheduler
      .check(new Date(), stopping.signal)
      .then((result) => {
        const busy =
          result.fired.length + result.failed.length + result.skipped.length > 0 ||
          result.refused.length + result.problems.length > 0;
        if (result.led && busy) options.onSchedulerCheck?.(result);
      })
      .catch((error: unknown) => process.emitWarning(`scheduler: ${String(error)}`))
      .finally(() => {
        if (!stopping.signal.aborted) timer = setTimeout(check, seconds * 1000);
      });
  };
  check();
  return async () => {
    stopping.abort();
    clearTimeout(timer);
    await checking;
  };
}
