/**
 * The implementation of `InvoiceRunApi` over one database: core's `InvoiceRunEngine` on a
 * `DexieStore`. The worker exposes it through Comlink; the in-process entry uses it directly.
 *
 * - Billing (runs, firings, restores), finalizing, deleting drafts and imports hold the database's
 *   Web Lock, so two tabs or two workers never bill at once (nothing is billed twice).
 * - Each run holds its own lock while it bills; `interrupted` is derived from that.
 * - Jobs are cancelled by token; progress is relayed at least every 250 ms while a job works.
 * - Live queries are Dexie `liveQuery`s in the worker, pushed to the page through a callback proxy.
 * - The scheduler (`scheduler.ts`) checks the schedules when the service starts and every
 *   `intervalMs`; `checkSchedules(now)` runs the same check at a given instant.
 */
import {releaseProxy} from 'comlink';
import {liveQuery, type DBCore, type Middleware, type Observable} from 'dexie';
import {
  InvoiceRunEngine,
  InvoiceRunError,
  formatPath,
  scheduleSchema,
  settingsSchema,
  type DraftChangeInput,
  type EditOptions,
  type Invoice,
  type RecordKind,
  type RunProgress,
  type RunRecord,
  type Schedule,
  type StepResult,
} from '@invoice-run/core';
import type {
  CsvExport,
  InvoiceRunApi,
  InvoiceSelection,
  JobProgress,
  LiveListener,
  LiveQuery,
  LiveResults,
  Page,
  PageRequest,
  ProgressListener,
  RemainingListener,
  RemainingWatch,
  RestoreChoice,
  RunView,
  SchedulerCheck,
  SchedulerSettings,
} from './api.js';
import {csvImportReport, invoicesToCsv, linesToCsv, parseRecordsCsv} from './csv.js';
import {InvoiceRunDb} from './db.js';
import {DexieStore} from './dexie-store.js';
import {toInvoiceRunError} from './errors.js';
import {
  databaseLockName,
  defaultLocks,
  runLockName,
  schedulerLockName,
  type Locks,
} from './locks.js';
import {Scheduler, freshState, restartsSchedule} from './scheduler.js';

export interface ServiceOptions {
  readonly database: string;
  /** Subscriptions per stored chunk (one transaction each). Default 100. */
  readonly chunkSize?: number;
  /** Default: the platform's Web Locks, else locks shared within this context. */
  readonly locks?: Locks;
  /** Dexie middleware, for tests that inject storage failures. */
  readonly middleware?: readonly Middleware<DBCore>[];
  /** Progress heartbeat interval; default 250 ms. */
  readonly progressInterval?: number;
  /** The automatic scheduler: on by default, a check every 60 s. */
  readonly scheduler?: SchedulerSettings;
  /** The clock of the scheduler and of run records; default the system clock. */
  readonly clock?: () => Date;
}

const DEFAULT_SCHEDULER_INTERVAL = 60_000;
/** The shortest interval between automatic checks. */
const MIN_SCHEDULER_INTERVAL = 10;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

function pageBounds(page: PageRequest = {}): {offset: number; limit: number} {
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(page.limit ?? DEFAULT_LIMIT)));
  return {offset, limit};
}

/** The host's calendar date, as a clerk would read it. */
function localToday(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An ISO instant given to the API, normalised to UTC; INVALID_INPUT when it is not one. */
function parseInstant(text: unknown, path: string): Date {
  const date = typeof text === 'string' ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new InvoiceRunError(
      'INVALID_INPUT',
      `${path} must be an ISO instant such as "2026-03-01T06:00:00Z", not ${JSON.stringify(text)}.`,
      [{path, message: 'must be an ISO instant such as "2026-03-01T06:00:00Z"'}],
    );
  }
  return date;
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

function ignore(): void {}

function blockedError(): InvoiceRunError {
  return new InvoiceRunError(
    'DATABASE_BLOCKED',
    'The billing database cannot be opened: another tab keeps an older version of it open. Close the other tabs of this application and try again.',
  );
}

/** Calls a page callback without letting it (or its message port) break the caller. */
function notify(call: () => unknown, onError: () => void = ignore): void {
  try {
    Promise.resolve(call()).catch(onError);
  } catch {
    onError();
  }
}

/** A Comlink proxy of a page callback holds a message port: let it go (no-op for a function). */
function releaseCallback(callback: unknown): void {
  if (typeof callback !== 'function') return;
  const release = (callback as {[releaseProxy]?: unknown})[releaseProxy];
  if (typeof release === 'function') (release as () => void)();
}

interface Job {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: JobProgress) => void;
  /** Replaces the unknown total (-1) of a phase with a known one. */
  totals: Partial<Record<RunProgress['phase'], number>>;
}

/** Says that a job waits for another tab's or worker's billing. */
const WAITING: JobProgress = {phase: 'waiting', done: 0, total: -1};

interface Observation {
  readonly subscription: {unsubscribe(): void};
  readonly listener: unknown;
  /** Delivers the last value again, with `interrupted` as the locks are now. */
  readonly refresh?: () => void;
}

function isActive(run: RunRecord): boolean {
  return run.status === 'running' || run.status === 'pending';
}

export class InvoiceRunService implements InvoiceRunApi {
  readonly db: InvoiceRunDb;
  readonly store: DexieStore;
  private readonly engine: InvoiceRunEngine;
  private readonly locks: Locks;
  private readonly lockName: string;
  private readonly jobs = new Map<string, AbortController>();
  private readonly cancelledJobs = new Set<string>();
  private readonly observations = new Map<string, Observation>();
  /** The run locks taken during the current exclusive section, with their releases. */
  private readonly runLocks = new Map<string, () => void>();
  /** Run locks held elsewhere whose release this service waits for, to refresh observations. */
  private readonly releaseWatches = new Set<string>();
  /** Aborted on close: ends the waits for other contexts' run locks. */
  private readonly closing = new AbortController();
  private opening: Promise<void> | undefined;
  private opened = false;
  private blocked = false;
  private readonly openWaiters: ((error: unknown) => void)[] = [];
  private closedReason: string | undefined;
  private readonly clock: () => Date;
  private readonly scheduler: Scheduler;
  /** Aborted on close: stops the automatic checks and a check in progress. */
  private readonly schedulerController = new AbortController();
  private schedulerTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ServiceOptions) {
    this.db = new InvoiceRunDb(options.database);
    for (const middleware of options.middleware ?? []) this.db.use(middleware);
    this.locks = options.locks ?? defaultLocks();
    this.lockName = databaseLockName(options.database);
    this.store = new DexieStore(this.db, {
      onRunStarting: async (run) => {
        const name = runLockName(this.options.database, run.id);
        if (this.runLocks.has(name)) return;
        this.runLocks.set(name, await this.locks.hold(name));
      },
    });
    this.clock = options.clock ?? (() => new Date());
    this.engine = new InvoiceRunEngine(this.store, {
      now: () => this.clock().toISOString(),
      chunkSize: options.chunkSize ?? 100,
    });
    this.scheduler = new Scheduler({
      db: this.db,
      locks: this.locks,
      lockName: schedulerLockName(options.database),
      fire: (scheduleId, at, signal) => this.fireStored(scheduleId, at, signal),
    });
    this.db.on('versionchange', () => {
      // Another tab upgrades or deletes the database: let it, and say so on the next call.
      this.closedReason = 'another tab upgraded or deleted it';
      this.opened = false;
      this.db.close({disableAutoOpen: true});
      return false;
    });
    this.startScheduler(options.scheduler ?? {});
  }

  // ----- data -----

  import(data: unknown) {
    return this.call(() => this.exclusive(undefined, () => this.engine.import(data)));
  }

  importCsv(kind: RecordKind, csv: string) {
    return this.call(async () => {
      const parsed = parseRecordsCsv(kind, csv);
      if (parsed.refused) return {stored: 0, rejected: parsed.rejected, warnings: []};
      const report = await this.exclusive(undefined, () =>
        this.engine.import({[kind]: parsed.records}),
      );
      return csvImportReport(parsed, report);
    });
  }

  export() {
    return this.call(() => this.store.exportData());
  }

  exportCsv(what: CsvExport, runId?: string) {
    return this.call(async () => {
      const runIds =
        runId === undefined
          ? (await this.db.runs.orderBy('sequence').toArray()).map((run) => run.id)
          : [(await this.engine.existingRun(runId)).id];
      const invoices: Invoice[] = [];
      for (const id of runIds) invoices.push(...(await this.store.readInvoicesOfRun(id)));
      return what === 'lines' ? linesToCsv(invoices) : invoicesToCsv(invoices);
    });
  }

  settings() {
    return this.call(() => this.store.readSettings());
  }

  saveSettings(input: unknown) {
    return this.call(async () => {
      const parsed = settingsSchema.safeParse(input, {reportInput: true});
      if (!parsed.success) {
        const faults = parsed.error.issues.map((issue) => ({
          path: formatPath(issue.path),
          message: issue.message,
        }));
        throw new InvoiceRunError('INVALID_INPUT', 'The settings are invalid.', faults);
      }
      await this.store.writeSettings(parsed.data);
      return parsed.data;
    });
  }

  filters() {
    return this.call(() => this.store.readFilters());
  }

  // ----- billing -----

  startRun(config: unknown, job?: string, onProgress?: ProgressListener) {
    return this.call(() =>
      this.job(job, onProgress, async (callbacks) => {
        const resolved = await this.engine.resolveConfig(config);
        callbacks.totals.subscriptions = await this.db.subscriptions.count();
        callbacks.onProgress({
          phase: resolved.transactionFilters.length > 0 ? 'transactions' : 'subscriptions',
          done: 0,
          total: resolved.transactionFilters.length > 0 ? -1 : callbacks.totals.subscriptions,
        });
        return this.exclusive(
          callbacks.signal,
          () => this.engine.startRun(config, callbacks),
          () => callbacks.onProgress(WAITING),
        );
      }),
    );
  }

  fireSchedule(schedule: unknown, at: string, job?: string, onProgress?: ProgressListener) {
    return this.call(() =>
      this.job(job, onProgress, async (callbacks) => {
        callbacks.totals.subscriptions = await this.db.subscriptions.count();
        return this.exclusive(
          callbacks.signal,
          () => this.engine.fireSchedule(schedule, at, callbacks),
          () => callbacks.onProgress(WAITING),
        );
      }),
    );
  }

  preview(config: unknown, job?: string, onProgress?: ProgressListener) {
    return this.call(() =>
      this.job(job, onProgress, async (callbacks) => {
        callbacks.totals.subscriptions = await this.db.subscriptions.count();
        return this.engine.preview(config, callbacks);
      }),
    );
  }

  async cancel(job: string): Promise<void> {
    const controller = this.jobs.get(job);
    if (controller !== undefined) controller.abort();
    else {
      // The cancel overtook its job (aborted before it began): remember it, boundedly.
      this.cancelledJobs.add(job);
      if (this.cancelledJobs.size > 1000) this.cancelledJobs.clear();
    }
  }

  // ----- runs and invoices -----

  runs(page?: PageRequest) {
    return this.call(async () => this.decorateRuns(await this.readRunsPage(page)));
  }

  run(id: string) {
    return this.call(async () => {
      const run = await this.engine.existingRun(id);
      return this.decorate(run, await this.locks.held());
    });
  }

  runIssues(id: string) {
    return this.call(async () => {
      await this.engine.existingRun(id);
      return this.store.readRunIssues(id);
    });
  }

  invoices(runId: string, page?: PageRequest) {
    return this.call(async () => {
      await this.engine.existingRun(runId);
      return this.readInvoicePage(runId, page);
    });
  }

  finalize(runId: string, selection: InvoiceSelection = {}, today?: string) {
    return this.call(() =>
      this.exclusive(undefined, async () => {
        const drafts = await this.selectDrafts(runId, selection);
        const date = today ?? (await this.store.readSettings()).today ?? localToday();
        return this.engine.finalize(drafts, date);
      }),
    );
  }

  deleteDrafts(runId: string, selection: InvoiceSelection = {}) {
    return this.call(() =>
      this.exclusive(undefined, async () =>
        this.engine.deleteDrafts(await this.selectDrafts(runId, selection)),
      ),
    );
  }

  editDraft(invoiceId: string, changes: readonly DraftChangeInput[], options: EditOptions = {}) {
    return this.call(() =>
      this.exclusive(undefined, () => this.engine.editDraft(invoiceId, changes, options)),
    );
  }

  lineTransactions(invoiceId: string, lineIndex: number, page?: PageRequest) {
    return this.call(async () => {
      const {offset, limit} = pageBounds(page);
      return this.engine.lineTransactions(invoiceId, lineIndex, {offset, limit});
    });
  }

  remaining(
    runId: string,
    job?: string,
    onSubscriptions?: RemainingListener,
    onProgress?: ProgressListener,
  ) {
    return this.call(() =>
      this.job(job, onProgress, async (callbacks) => {
        try {
          await this.refuseLiveRun(runId);
          if (onProgress !== undefined) {
            callbacks.totals.subscriptions = await this.db.subscriptions.count();
          }
          if (onSubscriptions === undefined) {
            return await this.engine.remaining(runId, callbacks);
          }
          // Each chunk's rows go to the page at once; the pass does not wait for the page.
          const delivered: Promise<unknown>[] = [];
          const remaining = await this.engine.remaining(runId, {
            ...callbacks,
            onSubscriptions: (rows) => {
              try {
                delivered.push(Promise.resolve(onSubscriptions(rows)).catch(ignore));
              } catch {
                // A page that cannot take the rows still gets the end of the job.
              }
            },
          });
          // The callback's port is not the call's: the result leaves once every row has arrived.
          // The page has them all, so they do not cross a second time (the client puts them back).
          await Promise.all(delivered);
          return {...remaining, subscriptions: []};
        } finally {
          releaseCallback(onSubscriptions);
        }
      }),
    );
  }

  restore(runId: string, chosen: RestoreChoice, job?: string, onProgress?: ProgressListener) {
    return this.call(() =>
      this.job(job, onProgress, async (callbacks) => {
        callbacks.totals.subscriptions = chosen.subscriptions?.length ?? 0;
        return this.exclusive(
          callbacks.signal,
          () =>
            this.engine.restore(
              runId,
              {subscriptions: chosen.subscriptions ?? [], records: chosen.records ?? []},
              callbacks,
            ),
          () => callbacks.onProgress(WAITING),
        );
      }),
    );
  }

  // ----- schedules -----

  schedules() {
    return this.call(() => this.db.schedules.toArray());
  }

  saveSchedule(input: unknown, now?: string) {
    return this.call(async () => {
      const savedAt = (now === undefined ? this.clock() : parseInstant(now, 'now')).toISOString();
      const parsed = scheduleSchema.safeParse(input, {reportInput: true});
      if (!parsed.success) {
        const faults = parsed.error.issues.map((issue) => ({
          path: formatPath(issue.path),
          message: issue.message,
        }));
        throw new InvoiceRunError(
          'INVALID_SCHEDULE',
          `The schedule is invalid: ${faults.map((fault) => `${fault.path}: ${fault.message}`).join('; ')}`,
          faults,
        );
      }
      const schedule: Schedule = parsed.data;
      const {db} = this;
      await db.transaction('rw', db.schedules, db.scheduleStates, async () => {
        const previous = await db.schedules.get(schedule.id);
        const state = await db.scheduleStates.get(schedule.id);
        await db.schedules.put(schedule);
        await db.scheduleStates.put(
          state === undefined || restartsSchedule(previous, schedule)
            ? freshState(schedule.id, savedAt)
            : {...state, savedAt},
        );
      });
      return schedule;
    });
  }

  deleteSchedule(id: string) {
    return this.call(() =>
      this.db.transaction('rw', this.db.schedules, this.db.scheduleStates, async () => {
        if ((await this.db.schedules.get(id)) === undefined) return false;
        await this.db.schedules.delete(id);
        await this.db.scheduleStates.delete(id);
        return true;
      }),
    );
  }

  scheduleOverview(now?: string) {
    return this.call(() =>
      this.scheduler.overview(now === undefined ? this.clock() : parseInstant(now, 'now')),
    );
  }

  firings(scheduleId: string) {
    return this.call(() => this.engine.firings(scheduleId));
  }

  checkSchedules(now?: string): Promise<SchedulerCheck> {
    return this.call(() =>
      this.scheduler.check(
        now === undefined ? this.clock() : parseInstant(now, 'now'),
        this.schedulerController.signal,
      ),
    );
  }

  // ----- live queries -----

  observe<K extends LiveQuery['kind']>(
    query: Extract<LiveQuery, {kind: K}>,
    listener: LiveListener<K>,
  ): Promise<string> {
    return this.call(async () => {
      const id = randomId();
      const deliver = (value: unknown) => {
        Promise.resolve((listener as (value: unknown) => unknown)(value)).catch(() =>
          this.stop(id),
        );
      };
      const asked = query as LiveQuery;
      if (asked.kind === 'remaining') {
        const watch = this.watchRemaining(asked.id, deliver, () => this.stop(id));
        this.observations.set(id, {...watch, listener});
        return id;
      }
      let last: unknown;
      let seen = false;
      const emit = () => {
        const value = last;
        if (asked.kind === 'runs') {
          void this.decorateRuns(value as Page<RunRecord>).then(deliver, ignore);
        } else if (asked.kind === 'run') {
          const run = value as RunRecord | undefined;
          if (run === undefined) deliver(undefined);
          else void this.locks.held().then((held) => deliver(this.decorate(run, held)), ignore);
        } else {
          deliver(value);
        }
      };
      const subscription = this.liveQueryOf(asked).subscribe({
        next: (value: unknown) => {
          last = value;
          seen = true;
          emit();
        },
        error: () => this.stop(id),
      });
      const refresh = () => {
        if (seen) emit();
      };
      this.observations.set(id, {subscription, listener, refresh});
      return id;
    });
  }

  async unobserve(subscription: string): Promise<void> {
    this.stop(subscription);
  }

  /** Stops live queries and jobs and closes the database. */
  async close(): Promise<void> {
    this.schedulerController.abort();
    this.closing.abort();
    if (this.schedulerTimer !== undefined) clearTimeout(this.schedulerTimer);
    for (const id of [...this.observations.keys()]) this.stop(id);
    for (const controller of this.jobs.values()) controller.abort();
    this.db.close();
  }

  // ----- internals -----

  /**
   * Checks now (the service starts) and then every `intervalMs`, each after the previous one has
   * ended. A failing check (storage, a blocked database) is left for the next one: it never
   * rejects anywhere, so it cannot bring the worker down.
   */
  private startScheduler(settings: SchedulerSettings): void {
    if (settings.enabled === false) return;
    const requested = settings.intervalMs ?? DEFAULT_SCHEDULER_INTERVAL;
    const interval = Number.isFinite(requested)
      ? Math.max(MIN_SCHEDULER_INTERVAL, requested)
      : DEFAULT_SCHEDULER_INTERVAL;
    const {signal} = this.schedulerController;
    const schedule = (delay: number) => {
      if (signal.aborted) return;
      this.schedulerTimer = setTimeout(tick, delay);
      // In Node, a pending check must not keep the process alive.
      (this.schedulerTimer as {unref?: () => void}).unref?.();
    };
    const tick = () => {
      this.schedulerTimer = undefined;
      this.checkSchedules().then(
        () => schedule(interval),
        () => schedule(interval),
      );
    };
    schedule(0);
  }

  /** One firing of a stored schedule (as it is now), holding the database lock. */
  private fireStored(
    scheduleId: string,
    at: string,
    signal: AbortSignal,
  ): Promise<StepResult | undefined> {
    return this.exclusive(signal, async () => {
      const schedule = await this.db.schedules.get(scheduleId);
      if (schedule === undefined || schedule.enabled === false) return undefined;
      return this.engine.fireSchedule(schedule, at, {signal});
    });
  }

  /** Opens the database (once) and maps storage failures to coded errors. */
  private async call<T>(task: () => Promise<T>): Promise<T> {
    try {
      await this.ready();
      return await task();
    } catch (error) {
      throw toInvoiceRunError(error);
    }
  }

  /**
   * Opens the database once. While the open waits for another connection that keeps an older
   * version open (`blocked`), calls fail at once with DATABASE_BLOCKED; the open itself goes on and
   * completes as soon as the other connection closes, so a later call succeeds.
   */
  private ready(): Promise<void> {
    if (this.closedReason !== undefined) {
      return Promise.reject(
        new InvoiceRunError(
          'DATABASE_CLOSED',
          `The billing database was closed: ${this.closedReason}. Reload the page to open it again.`,
        ),
      );
    }
    if (this.opened) return Promise.resolve();
    if (this.opening === undefined) {
      this.blocked = false;
      const onBlocked = () => {
        this.blocked = true;
        for (const reject of this.openWaiters.splice(0)) reject(blockedError());
      };
      this.db.on('blocked', onBlocked);
      this.opening = this.db.open().then(
        () => {
          this.db.on('blocked').unsubscribe(onBlocked);
          this.blocked = false;
          this.opened = true;
        },
        (error: unknown) => {
          this.db.on('blocked').unsubscribe(onBlocked);
          this.opening = undefined;
          throw error;
        },
      );
    }
    if (this.blocked) return Promise.reject(blockedError());
    const opening = this.opening;
    return new Promise<void>((resolve, reject) => {
      this.openWaiters.push(reject);
      opening.then(resolve, reject).finally(() => {
        const index = this.openWaiters.indexOf(reject);
        if (index >= 0) this.openWaiters.splice(index, 1);
      });
    });
  }

  /**
   * Runs `task` holding the database's lock (waiting for it; `signal` aborts the wait). When
   * another tab or worker holds it, `onWaiting` is called before the wait.
   */
  private async exclusive<T>(
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
    onWaiting?: () => void,
  ): Promise<T> {
    const holding = async () => {
      try {
        return await task();
      } finally {
        for (const release of this.runLocks.values()) release();
        this.runLocks.clear();
      }
    };
    try {
      if (onWaiting !== undefined && signal?.aborted !== true) {
        const attempt = await this.locks.requestIfAvailable(this.lockName, holding);
        if (attempt.acquired) return attempt.value;
        onWaiting();
      }
      return await this.locks.request(this.lockName, signal, holding);
    } catch (error) {
      if (signal?.aborted && (error as {name?: unknown})?.name === 'AbortError') {
        throw new InvoiceRunError(
          'CANCELLED',
          'Cancelled while waiting for another run to finish.',
        );
      }
      throw error;
    }
  }

  /** A cancellable job with its progress relay. */
  private async job<T>(
    token: string | undefined,
    listener: ProgressListener | undefined,
    task: (job: Job) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    if (token !== undefined) {
      if (this.cancelledJobs.delete(token)) controller.abort();
      this.jobs.set(token, controller);
    }
    const interval = this.options.progressInterval ?? 250;
    let last: JobProgress | undefined;
    let sentAt = 0;
    const send = (progress: JobProgress) => {
      last = progress;
      sentAt = Date.now();
      if (listener !== undefined) notify(() => listener(progress));
    };
    const job: Job = {
      signal: controller.signal,
      totals: {},
      onProgress: (progress) => {
        if (progress.phase === 'waiting') send(progress);
        else {
          const total = progress.total === -1 ? (job.totals[progress.phase] ?? -1) : progress.total;
          send({...progress, total});
        }
      },
    };
    // A slow chunk still reports: the last progress again, at least every `interval` ms.
    const heartbeat = setInterval(() => {
      if (last !== undefined && Date.now() - sentAt >= interval) send(last);
    }, interval);
    try {
      return await task(job);
    } finally {
      clearInterval(heartbeat);
      if (token !== undefined) this.jobs.delete(token);
      releaseCallback(listener);
    }
  }

  private async selectDrafts(runId: string, selection: InvoiceSelection): Promise<Invoice[]> {
    const drafts = await this.engine.draftsOfRun(runId, {
      ...(selection.subscriptions === undefined ? {} : {subscriptions: selection.subscriptions}),
      ...(selection.accounts === undefined ? {} : {accounts: selection.accounts}),
    });
    if (selection.invoiceIds === undefined) return drafts;
    const wanted = new Set(selection.invoiceIds);
    return drafts.filter((invoice) => wanted.has(invoice.id));
  }

  /** View Remaining of a run that a live worker is billing right now would be a moving target. */
  private async refuseLiveRun(runId: string): Promise<void> {
    const run = await this.engine.existingRun(runId);
    if (!isActive(run)) return;
    if (this.decorate(run, await this.locks.held()).interrupted) return;
    throw new InvoiceRunError(
      'RUN_IN_PROGRESS',
      `Run ${run.id} is being billed right now; wait until it ends.`,
    );
  }

  /**
   * The run as the page shows it: `interrupted` when storage says it bills but nobody holds its
   * lock. A run whose lock another context holds is watched: when that context lets go (its run
   * ended, or its tab closed), the observations are delivered again, so the page sees the run
   * interrupted without a write to the database.
   */
  private decorate(run: RunRecord, held: ReadonlySet<string>): RunView {
    const name = runLockName(this.options.database, run.id);
    const active = isActive(run);
    if (active && held.has(name)) this.watchRelease(name);
    return {...run, interrupted: active && !held.has(name)};
  }

  private watchRelease(name: string): void {
    if (this.releaseWatches.has(name) || this.runLocks.has(name)) return;
    this.releaseWatches.add(name);
    const released = () => {
      this.releaseWatches.delete(name);
      for (const observation of this.observations.values()) observation.refresh?.();
    };
    // Granted once the holder lets go; released at once (nothing is done holding it).
    this.locks
      .request(name, this.closing.signal, async () => undefined)
      .then(released, () => {
        this.releaseWatches.delete(name);
      });
  }

  private async decorateRuns(page: Page<RunRecord>): Promise<Page<RunView>> {
    const held = await this.locks.held();
    return {...page, items: page.items.map((run) => this.decorate(run, held))};
  }

  /**
   * The `remaining` live query: two Dexie live queries, one of the run and the newer runs of its
   * selection, one of the data View Remaining reads (a row of each table observes the whole
   * table: any write to it runs the query again). The version goes up when the run part changes
   * (its record changes with every change of its invoices) and at each run of the data part.
   */
  private watchRemaining(
    runId: string,
    deliver: (value: RemainingWatch) => void,
    fail: () => void,
  ): Omit<Observation, 'listener'> {
    let version = 0;
    let runs: {run: RunRecord | undefined; newer: RunRecord | undefined} | undefined;
    let runsKey = '';
    let dataSeen = false;
    const emit = () => {
      if (runs === undefined || !dataSeen) return;
      void this.locks.held().then((held) => {
        const {run, newer} = runs!;
        deliver({
          run: run === undefined ? undefined : this.decorate(run, held),
          newer: newer === undefined ? undefined : this.decorate(newer, held),
          version,
        });
      }, ignore);
    };
    const {db} = this;
    const runPart = liveQuery(() =>
      db.transaction('r', db.runs, async () => {
        const run = await db.runs.get(runId);
        if (run === undefined) return {run, newer: undefined};
        const later = await db.runs.where('sequence').above(run.sequence).toArray();
        const newer = later
          .filter((other) => other.selectionKey === run.selectionKey)
          .reduce<RunRecord | undefined>(
            (latest, other) =>
              latest === undefined || other.sequence > latest.sequence ? other : latest,
            undefined,
          );
        return {run, newer};
      }),
    ).subscribe({
      next: (value) => {
        const key = JSON.stringify([value.run, value.newer?.id]);
        if (runs !== undefined && key !== runsKey) version++;
        runsKey = key;
        runs = value;
        emit();
      },
      error: fail,
    });
    const dataPart = liveQuery(() =>
      Promise.all([
        ...[db.accounts, db.subscriptions, db.items, db.transactions, db.filters].map((table) =>
          table.limit(1).toArray(),
        ),
        db.records.limit(1).toArray(),
        db.settings.get('settings'),
      ]),
    ).subscribe({
      next: () => {
        if (dataSeen) version++;
        dataSeen = true;
        emit();
      },
      error: fail,
    });
    return {
      subscription: {
        unsubscribe: () => {
          runPart.unsubscribe();
          dataPart.unsubscribe();
        },
      },
      refresh: emit,
    };
  }

  private async readRunsPage(request?: PageRequest): Promise<Page<RunRecord>> {
    const {offset, limit} = pageBounds(request);
    const total = await this.db.runs.count();
    const items = await this.db.runs
      .orderBy('sequence')
      .reverse()
      .offset(offset)
      .limit(limit)
      .toArray();
    return {items, offset, total};
  }

  private async readInvoicePage(runId: string, request?: PageRequest): Promise<Page<Invoice>> {
    const {offset, limit} = pageBounds(request);
    const total = await this.store.countInvoicesOfRun(runId);
    const items = await this.store.readInvoicePage(runId, offset, limit);
    return {items, offset, total};
  }

  /**
   * A query of several reads reads in one transaction: a live query runs again when what it read
   * changes before it ends, and reads that each waited behind a run's next commit would never
   * end while a run commits chunk after chunk (a page opened during a run saw nothing until it
   * ended).
   */
  private liveQueryOf(query: Exclude<LiveQuery, {kind: 'remaining'}>): Observable<unknown> {
    const {db} = this;
    switch (query.kind) {
      case 'runs':
        return liveQuery(() => db.transaction('r', db.runs, () => this.readRunsPage(query.page)));
      case 'run':
        return liveQuery(() => db.runs.get(query.id));
      case 'invoices':
        return liveQuery(() =>
          db.transaction('r', db.invoices, () => this.readInvoicePage(query.runId, query.page)),
        );
      case 'counters':
        return liveQuery(async (): Promise<LiveResults['counters']> => {
          const rows = await this.db.counters.toArray();
          return Object.fromEntries(rows.map((row) => [row.key, row.value]));
        });
    }
  }

  private stop(id: string): void {
    const observation = this.observations.get(id);
    if (observation === undefined) return;
    this.observations.delete(id);
    observation.subscription.unsubscribe();
    releaseCallback(observation.listener);
  }
}
