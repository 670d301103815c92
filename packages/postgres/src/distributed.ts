/**
 * Runs across processes: one process plans a run in parts (`beginRun`) and puts each part on a
 * job queue in the same database (pg-boss, schema `pgboss`); worker processes take the parts and
 * bill them (`billRunPart`); the planning process follows what is stored (`run_parts`) and ends
 * the run once every part is there.
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

export interface DistributedRunOptions extends QueueOptions {
  /** Subscriptions per part (default 1,000). */
  readonly partSize?: number;
  /**
   * Seconds a worker may hold a part before the queue gives it to another (its worker is taken
   * for dead). Default 900. A part still running then is billed twice at most, stored once.
   */
  readonly partTimeoutSeconds?: number;
  /** How often a part is tried again after its worker failed or died (default 5). */
  readonly retries?: number;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called once the run is planned and its parts are on the queue. */
  readonly onPlanned?: (run: RunRecord, parts: number) => void;
  /** How long to wait between looks at the progress, in ms (default 250). */
  readonly pollMs?: number;
}

export interface DistributedRunResult {
  readonly run: RunRecord;
  readonly parts: number;
  readonly config: ResolvedRunConfig;
}

/**
 * Plans a run in parts, puts them on the queue, follows them until every part is stored, and ends
 * the run. Worker processes (`runWorker`) do the billing. A part that failed on every try ends the
 * run as `failed` and is refused (`PART_FAILED`).
 */
export async function distributedRun(
  billing: PostgresBilling,
  url: string,
  config: unknown,
  options: DistributedRunOptions = {},
): Promise<DistributedRunResult> {
  const boss = await openQueue(url, options);
  try {
    const {run, parts} = await billing.engine.beginRun(config, {
      partSize: options.partSize ?? 1000,
    });
    const jobOptions = {
      retryLimit: options.retries ?? 5,
      retryDelay: 1,
      expireInSeconds: options.partTimeoutSeconds ?? 900,
    };
    for (let i = 0; i < parts.length; i += 500) {
      await boss.insert(
        parts.slice(i, i + 500).map((part) => ({
          name: PART_QUEUE,
          data: {runId: run.id, part} satisfies PartJob,
          ...jobOptions,
        })),
      );
    }
    options.onPlanned?.(run, parts.length);
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
    return {run: await billing.engine.endRun(run.id), parts: parts.length, config: run.config};
  } finally {
    await boss.stop({graceful: false, wait: true});
  }
}

/** The parts of a run whose jobs failed on their last try. */
async function failedParts(
  billing: PostgresBilling,
  runId: string,
): Promise<{part: number; reason: string}[]> {
  const {rows} = await billing.db.query<{part: number; reason: string | null}>(
    `select (data->'part'->>'index')::int as part, output->>'message' as reason
       from pgboss.job where name = $1 and state = 'failed' and data->>'runId' = $2`,
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
