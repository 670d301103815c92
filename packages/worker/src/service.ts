/**
 * The implementation of `InvoiceRunApi` over one database: core's `InvoiceRunEngine` on a
 * `DexieStore`. The worker exposes it through Comlink; the in-process entry uses it directly.
 * Each method opens the database on first use (`connection.ts`), and:
 * - billing, finalizing, deleting, editing and importing hold the database's Web Lock
 *   (`billing-lock.ts`), so two tabs or two workers never bill at once;
 * - jobs are cancelled by token and relay their progress (`jobs.ts`);
 * - runs are shown with `interrupted` (`run-views.ts`), live (`live-queries.ts`);
 * - core's scheduler checks the schedules when the service starts and every `intervalMs`
 *   (`scheduler-timer.ts`); `checkSchedules(now)` runs the same check at a given instant.
 */
import {type DBCore, type Middleware} from 'dexie';
import {
  InvoiceRunEngine,
  InvoiceRunError,
  Scheduler,
  formatPath,
  settingsSchema,
  type DraftChangeInput,
  type EditOptions,
  type Invoice,
  type RecordKind,
  type RunRecord,
  type SchedulerCheck,
} from '@invoice-run/core';
import type {
  CsvExport,
  InvoiceRunApi,
  InvoiceSelection,
  LiveListener,
  LiveQuery,
  Page,
  PageRequest,
  ProgressListener,
  RemainingListener,
  RestoreChoice,
  SchedulerSettings,
} from './api.js';
import {BillingLock} from './billing-lock.js';
import {DatabaseConnection} from './connection.js';
import {
  csvImportReport,
  invoicesToCsv,
  linesToCsv,
  parseRecordsCsv,
} from '@invoice-run/core/csv.js';
import {InvoiceRunDb} from './db.js';
import {DexieStore} from './dexie-store.js';
import {toInvoiceRunError} from './errors.js';
import {Jobs, WAITING, releaseCallback} from './jobs.js';
import {LiveQueries} from './live-queries.js';
import {defaultLocks, schedulerLockName, type Locks} from './locks.js';
import {RunViews, isActive} from './run-views.js';
import {startSchedulerTimer} from './scheduler-timer.js';

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

export class InvoiceRunService implements InvoiceRunApi {
  readonly db: InvoiceRunDb;
  readonly store: DexieStore;
  private readonly engine: InvoiceRunEngine;
  private readonly locks: Locks;
  private readonly connection: DatabaseConnection;
  private readonly billing: BillingLock;
  private readonly jobs: Jobs;
  private readonly views: RunViews;
  private readonly live: LiveQueries;
  private readonly clock: () => Date;
  private readonly scheduler: Scheduler;
  /** Aborted on close: stops the automatic checks, a check in progress, and lock watches. */
  private readonly closing = new AbortController();

  constructor(private readonly options: ServiceOptions) {
    this.db = new InvoiceRunDb(options.database);
    for (const middleware of options.middleware ?? []) this.db.use(middleware);
    this.connection = new DatabaseConnection(this.db);
    this.locks = options.locks ?? defaultLocks();
    this.billing = new BillingLock(this.locks, options.database);
    this.store = new DexieStore(this.db, {onRunStarting: (run) => this.billing.onRunStarting(run)});
    this.clock = options.clock ?? (() => new Date());
    this.engine = new InvoiceRunEngine(this.store, {
      now: () => this.clock().toISOString(),
      chunkSize: options.chunkSize ?? 100,
    });
    this.jobs = new Jobs(options.progressInterval ?? 250);
    this.views = new RunViews(
      this.locks,
      options.database,
      this.billing,
      () => this.live.refreshAll(),
      this.closing.signal,
    );
    this.live = new LiveQueries(this.db, this.views, {
      readRunsPage: (request) => this.readRunsPage(request),
      readInvoicePage: (runId, request) => this.readInvoicePage(runId, request),
      readInvoices: (ids) => this.store.readInvoices(ids),
    });
    const schedulerLock = schedulerLockName(options.database);
    this.scheduler = new Scheduler({
      store: this.store,
      lead: async (check) => this.locks.requestIfAvailable(schedulerLock, check),
      fire: (scheduleId, at, signal) =>
        this.exclusive(signal, () => this.engine.fireStoredSchedule(scheduleId, at, {signal})),
      describeError: toInvoiceRunError,
    });
    startSchedulerTimer(options.scheduler ?? {}, () => this.checkSchedules(), this.closing.signal);
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

  accounts(ids: readonly string[]) {
    return this.call(async () => {
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
        throw new InvoiceRunError('INVALID_INPUT', 'accounts() takes a list of account ids.', [
          {path: 'ids', message: 'must be a list of strings'},
        ]);
      }
      const wanted = [...new Set(ids)];
      if (wanted.length > MAX_LIMIT) {
        throw new InvoiceRunError(
          'INVALID_INPUT',
          `accounts() reads at most ${MAX_LIMIT} accounts at a time, not ${wanted.length}.`,
          [{path: 'ids', message: `must hold at most ${MAX_LIMIT} ids`}],
        );
      }
      const found = await this.store.readAccounts(wanted);
      return wanted.flatMap((id) => {
        const account = found.get(id);
        return account === undefined ? [] : [account];
      });
    });
  }

  // ----- billing -----

  startRun(config: unknown, job?: string, onProgress?: ProgressListener) {
    return this.call(() =>
      this.jobs.run(job, onProgress, async (callbacks) => {
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
      this.jobs.run(job, onProgress, async (callbacks) => {
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
      this.jobs.run(job, onProgress, async (callbacks) => {
        callbacks.totals.subscriptions = await this.db.subscriptions.count();
        return this.engine.preview(config, callbacks);
      }),
    );
  }

  async cancel(job: string): Promise<void> {
    this.jobs.cancel(job);
  }

  // ----- runs and invoices -----

  runs(page?: PageRequest) {
    return this.call(async () => this.views.pageOf(await this.readRunsPage(page)));
  }

  run(id: string) {
    return this.call(async () => {
      const run = await this.engine.existingRun(id);
      return await this.views.viewNow(run);
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

  invoice(id: string) {
    return this.call(async () => {
      const invoice =
        typeof id === 'string' ? (await this.store.readInvoices([id])).get(id) : undefined;
      if (invoice === undefined) {
        throw new InvoiceRunError(
          'INVOICE_NOT_FOUND',
          `Invoice ${String(id)} does not exist (any more).`,
        );
      }
      return invoice;
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
      this.jobs.run(job, onProgress, async (callbacks) => {
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
                delivered.push(Promise.resolve(onSubscriptions(rows)).catch(() => undefined));
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
      this.jobs.run(job, onProgress, async (callbacks) => {
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
    return this.call(() => this.engine.schedules());
  }

  saveSchedule(input: unknown, now?: string) {
    return this.call(() =>
      this.engine.saveSchedule(
        input,
        (now === undefined ? this.clock() : parseInstant(now, 'now')).toISOString(),
      ),
    );
  }

  deleteSchedule(id: string) {
    return this.call(() => this.engine.deleteSchedule(id));
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
        this.closing.signal,
      ),
    );
  }

  // ----- live queries -----

  observe<K extends LiveQuery['kind']>(
    query: Extract<LiveQuery, {kind: K}>,
    listener: LiveListener<K>,
  ): Promise<string> {
    return this.call(async () => this.live.observe(query, listener));
  }

  async unobserve(subscription: string): Promise<void> {
    this.live.stop(subscription);
  }

  /** Stops the scheduler, live queries and jobs and closes the database. */
  async close(): Promise<void> {
    this.closing.abort();
    this.live.stopAll();
    this.jobs.abortAll();
    this.connection.close();
  }

  // ----- internals -----

  private call<T>(task: () => Promise<T>): Promise<T> {
    return this.connection.call(task);
  }

  private exclusive<T>(
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
    onWaiting?: () => void,
  ): Promise<T> {
    return this.billing.exclusive(signal, task, onWaiting);
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
    if ((await this.views.viewNow(run)).interrupted) return;
    throw new InvoiceRunError(
      'RUN_IN_PROGRESS',
      `Run ${run.id} is being billed right now; wait until it ends.`,
    );
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
}
