/**
 * A small in-page `InvoiceRunClient` for component tests: states that the real worker reaches only
 * with effort (a blocked database, a run that waits for the test to report progress, 50,000
 * remaining subscriptions) are set up directly. Not part of the package.
 */
import {applyDraftEdit, scheduleSchema, settingsSchema} from '@invoice-run/core';
import type {
  Account,
  CurrencyTotal,
  DraftChangeInput,
  EditOptions,
  Filter,
  FiringRecord,
  Invoice,
  PreviewResult,
  Remaining,
  RestoreResult,
  RunIssues,
  RunRecord,
  Schedule,
  StepResult,
  Transaction,
} from '@invoice-run/core';
import type {
  InvoiceChanges,
  InvoiceRunClient,
  JobOptions,
  JobProgress,
  LiveListener,
  Page,
  PageRequest,
  RemainingWatch,
  RestoreChoice,
  RunView,
  ScheduleOverview,
  Unsubscribe,
  UpcomingFiring,
} from '@invoice-run/worker';

/** An error as the worker sends it: a message and a stable code. */
export function codedError(code: string, message = `Failed: ${code}`): Error & {code: string} {
  return Object.assign(new Error(message), {name: 'InvoiceRunError', code});
}

/**
 * A run; unless given, what it holds now (`current`) is what it made (`counters`, `totals`), all
 * of it drafts.
 */
export function makeRun(overrides: Partial<RunView> & {id: string}): RunView {
  const config = {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    invoiceDate: null,
    subscriptionFilter: null,
    transactionFilters: [],
    genericFilters: [],
    title: null,
    ...overrides.config,
  };
  const counters = overrides.counters ?? {invoices: 2, credits: 0, lines: 2, errors: 0};
  const totals = overrides.totals ?? [{currency: 'EUR', net: '30.00', tax: '5.70', gross: '35.70'}];
  return {
    sequence: 1,
    origin: 'manual',
    status: 'completed',
    selectionKey: JSON.stringify([
      config.subscriptionFilter,
      config.transactionFilters,
      config.genericFilters,
    ]),
    key: `${config.periodStart}|${config.periodEnd}`,
    scheduleId: null,
    createdAt: '2026-02-01T09:00:00.000Z',
    startedAt: '2026-02-01T09:00:00.000Z',
    endedAt: '2026-02-01T09:00:02.500Z',
    restores: 0,
    lastRestoredAt: null,
    counters,
    warningCount: 0,
    totals,
    current: {
      invoices: counters.invoices,
      credits: counters.credits,
      drafts: counters.invoices + counters.credits,
      lines: counters.lines,
      totals: totals.map((total) => ({...total, count: 1})),
    },
    invoicesMade: counters.invoices + counters.credits,
    interrupted: false,
    ...overrides,
    config,
  };
}

export function makeInvoice(overrides: Partial<Invoice> & {id: string}): Invoice {
  return {
    runId: 'r1',
    index: 0,
    subscriptionId: 's1',
    accountId: 'a1',
    criterion: null,
    class: 'invoice',
    status: 'draft',
    number: null,
    currency: 'EUR',
    invoiceDate: '2026-01-01',
    dueDate: null,
    paymentDueDays: 14,
    servicePeriod: {start: '2026-01-01', end: '2026-01-31'},
    net: '10.00',
    tax: '1.90',
    gross: '11.90',
    taxBreakdown: [],
    lines: [],
    transactionIds: [],
    recordIds: [],
    edited: false,
    edits: [],
    ...overrides,
  };
}

export function makeStepResult(run: RunRecord, overrides: Partial<StepResult> = {}): StepResult {
  return {
    run,
    merged: false,
    status: 'completed',
    config: run.config,
    counters: {invoices: 2, credits: 1, lines: 3, errors: 0},
    totals: [{currency: 'EUR', net: '20.00', tax: '3.80', gross: '23.80'}],
    errors: [],
    warnings: [],
    ...overrides,
  };
}

export function filter(id: string, useCase: Filter['useCase'], name = id): Filter {
  return {id, name, useCase, condition: {all: []}} as unknown as Filter;
}

/** A job the test finishes by hand: report progress, then resolve or reject. */
export interface PendingJob<T> {
  readonly config: unknown;
  readonly options: JobOptions | undefined;
  readonly progress: (progress: JobProgress) => void;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

interface Watcher<T> {
  readonly listener: (value: T) => void;
  readonly page?: PageRequest | undefined;
  readonly runId?: string;
}

function paged<T>(items: readonly T[], page: PageRequest | undefined): Page<T> {
  const offset = page?.offset ?? 0;
  const limit = Math.min(page?.limit ?? 50, 1000);
  return {items: items.slice(offset, offset + limit), offset, total: items.length};
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class FakeClient implements InvoiceRunClient {
  filterList: Filter[] = [];
  runList: RunView[] = [];
  invoicesByRun = new Map<string, Invoice[]>();
  /** The transactions of usage lines, by `invoiceId#lineIndex`. */
  transactionsByLine = new Map<string, Transaction[]>();
  issuesByRun = new Map<string, RunIssues>();
  remainingByRun = new Map<string, Remaining>();
  /** Methods that fail, with the error they throw. */
  failures = new Map<string, unknown>();
  /** Jobs wait for the test when true; they resolve at once with `jobResult` when false. */
  manualJobs = false;
  /**
   * A manual job that is cancelled ends at once (as cancelled) when true; when false it keeps
   * going until the test ends it, as a worker finishes the chunk it bills first.
   */
  endOnAbort = true;
  pendingJob: PendingJob<never> | undefined;
  calls: {method: string; args: unknown[]}[] = [];
  previewResult: PreviewResult | undefined;
  scheduleList: Schedule[] = [];
  /** The next firings `scheduleOverview` reports per schedule (while it is enabled). */
  upcomingBySchedule = new Map<string, UpcomingFiring[]>();
  firingsBySchedule = new Map<string, FiringRecord[]>();
  /** What `settings()` answers (`today`: the date finalization uses; `seller`), as imported. */
  settingsValue: Record<string, unknown> = {};
  /** The accounts `accounts(ids)` reads. */
  accountList: Account[] = [];

  private readonly runWatchers = new Set<Watcher<Page<RunView>>>();
  private readonly invoiceWatchers = new Set<Watcher<Page<Invoice>>>();
  private readonly invoiceChangeWatchers = new Set<Watcher<InvoiceChanges>>();
  private readonly remainingWatchers = new Set<Watcher<RemainingWatch>>();
  /** The `version` of each run's View Remaining watch: how many changes it has seen. */
  private readonly remainingVersions = new Map<string, number>();

  private record(method: string, args: unknown[]): void {
    this.calls.push({method, args});
  }

  private async answer<T>(method: string, args: unknown[], value: () => T): Promise<T> {
    this.record(method, args);
    await tick();
    const failure = this.failures.get(method);
    if (failure !== undefined) throw failure;
    return value();
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  /** Replaces the runs and tells every live observer, as the worker's liveQuery does. */
  setRuns(runs: RunView[]): void {
    const before = new Map(this.runList.map((run) => [run.id, JSON.stringify(run)]));
    this.runList = runs;
    for (const watcher of this.runWatchers) watcher.listener(paged(runs, watcher.page));
    const changed = new Set(
      runs.filter((run) => before.get(run.id) !== JSON.stringify(run)).map((run) => run.id),
    );
    for (const id of before.keys()) if (!runs.some((run) => run.id === id)) changed.add(id);
    for (const id of changed) this.changed(id);
  }

  /** What remains of a run changed (a deletion, an import, another tab): its watchers hear it. */
  changed(runId: string): void {
    this.remainingVersions.set(runId, (this.remainingVersions.get(runId) ?? 0) + 1);
    for (const watcher of this.remainingWatchers) {
      if (watcher.runId === runId) watcher.listener(this.remainingWatch(runId));
    }
  }

  /** Replaces what remains of a run and tells its watchers. */
  setRemaining(runId: string, remaining: Remaining): void {
    this.remainingByRun.set(runId, remaining);
    this.changed(runId);
  }

  private remainingWatch(runId: string): RemainingWatch {
    const run = this.runList.find((each) => each.id === runId);
    const newer =
      run === undefined
        ? undefined
        : this.runList
            .filter(
              (each) => each.selectionKey === run.selectionKey && each.sequence > run.sequence,
            )
            .sort((a, b) => b.sequence - a.sequence)[0];
    return {run, newer, version: this.remainingVersions.get(runId) ?? 0};
  }

  /**
   * Replaces a run's invoices and tells every live observer: its pages' watchers, and its change
   * watchers which invoices changed (like the worker, `all` for fifty changes or more).
   */
  setInvoices(runId: string, invoices: Invoice[]): void {
    const before = new Map(
      (this.invoicesByRun.get(runId) ?? []).map((invoice) => [invoice.id, JSON.stringify(invoice)]),
    );
    this.invoicesByRun.set(runId, invoices);
    for (const watcher of this.invoiceWatchers) {
      if (watcher.runId === runId) watcher.listener(paged(invoices, watcher.page));
    }
    const changed = invoices.filter(
      (invoice) => before.get(invoice.id) !== JSON.stringify(invoice),
    );
    const kept = new Set(invoices.map((invoice) => invoice.id));
    const removed = [...before.keys()].filter((id) => !kept.has(id));
    if (changed.length + removed.length === 0) return;
    const all = changed.length + removed.length >= 50;
    for (const watcher of this.invoiceChangeWatchers) {
      if (watcher.runId !== runId) continue;
      watcher.listener(all ? {changed: [], removed: [], all} : {changed, removed, all});
    }
  }

  private job<T>(
    method: string,
    config: unknown,
    options: JobOptions | undefined,
    result: () => T,
    cancelled: () => T,
  ): Promise<T> {
    this.record(method, [config, options]);
    const failure = this.failures.get(method);
    if (failure !== undefined) return tick().then(() => Promise.reject(failure));
    if (!this.manualJobs) return tick().then(result);
    return new Promise<T>((resolve, reject) => {
      const signal = options?.signal;
      if (this.endOnAbort) {
        signal?.addEventListener('abort', () => resolve(cancelled()), {once: true});
      }
      this.pendingJob = {
        config,
        options,
        progress: (progress) => options?.onProgress?.(progress),
        resolve: resolve as (value: never) => void,
        reject,
      };
    });
  }

  import(data: unknown) {
    return this.answer('import', [data], () => ({stored: 0, rejected: [], warnings: []}));
  }
  importCsv(kind: never, csv: string) {
    return this.answer('importCsv', [kind, csv], () => ({stored: 0, rejected: [], warnings: []}));
  }
  export(): never {
    throw new Error('not faked');
  }
  exportCsv(what: unknown, runId?: string) {
    return this.answer('exportCsv', [what, runId], () => '');
  }
  settings() {
    return this.answer('settings', [], () => settingsSchema.parse(this.settingsValue));
  }
  saveSettings(): never {
    throw new Error('not faked');
  }
  filters() {
    return this.answer('filters', [], () => [...this.filterList]);
  }
  accounts(ids: readonly string[]) {
    return this.answer('accounts', [ids], () =>
      [...new Set(ids)].flatMap((id) => this.accountList.filter((account) => account.id === id)),
    );
  }
  startRun(config: unknown, options?: JobOptions): Promise<StepResult> {
    const run = makeRun({id: `r${this.runList.length + 1}`, sequence: this.runList.length + 1});
    return this.job(
      'startRun',
      config,
      options,
      () => makeStepResult(run),
      () =>
        makeStepResult(run, {
          status: 'cancelled',
          counters: {invoices: 1, credits: 0, lines: 1, errors: 0},
        }),
    );
  }
  fireSchedule(schedule: unknown, _at: string, options?: JobOptions): Promise<StepResult> {
    return this.startRun(schedule, options);
  }
  preview(config: unknown, options?: JobOptions): Promise<PreviewResult> {
    const empty: PreviewResult = {
      config: makeRun({id: 'p'}).config,
      invoices: [],
      counters: {invoices: 0, credits: 0, lines: 0, errors: 0},
      totals: [],
      errors: [],
      warnings: [],
    };
    return this.job(
      'preview',
      config,
      options,
      () => this.previewResult ?? empty,
      () => empty,
    );
  }
  runs(page?: PageRequest) {
    return this.answer('runs', [page], () => paged(this.runList, page));
  }
  run(id: string) {
    return this.answer('run', [id], () => {
      const run = this.runList.find((each) => each.id === id);
      if (run === undefined) throw codedError('RUN_NOT_FOUND');
      return run;
    });
  }
  runIssues(id: string) {
    return this.answer(
      'runIssues',
      [id],
      () => this.issuesByRun.get(id) ?? {errors: [], warnings: []},
    );
  }
  invoices(runId: string, page?: PageRequest) {
    return this.answer('invoices', [runId, page], () =>
      paged(this.invoicesByRun.get(runId) ?? [], page),
    );
  }
  invoice(id: string) {
    return this.answer('invoice', [id], () => {
      for (const invoices of this.invoicesByRun.values()) {
        const invoice = invoices.find((each) => each.id === id);
        if (invoice !== undefined) return invoice;
      }
      throw codedError('INVOICE_NOT_FOUND');
    });
  }
  finalize(runId: string, selection?: {invoiceIds?: readonly string[]}, today?: string) {
    return this.answer('finalize', [runId, selection, today], () => {
      const ids = new Set(selection?.invoiceIds ?? []);
      const invoices = this.invoicesByRun.get(runId) ?? [];
      let n = 0;
      const next = invoices.map((invoice) =>
        ids.has(invoice.id)
          ? {
              ...invoice,
              status: 'open' as const,
              number: `INV-2026-${String(++n).padStart(5, '0')}`,
              invoiceDate: invoice.invoiceDate ?? today ?? '2026-02-01',
            }
          : invoice,
      );
      this.setInvoices(runId, next);
      this.changed(runId);
      return next.filter((invoice) => ids.has(invoice.id));
    });
  }
  deleteDrafts(runId: string, selection?: {invoiceIds?: readonly string[]}) {
    return this.answer('deleteDrafts', [runId, selection], () => {
      const ids = new Set(selection?.invoiceIds ?? []);
      const invoices = this.invoicesByRun.get(runId) ?? [];
      const next = invoices.filter((invoice) => !ids.has(invoice.id));
      this.setInvoices(runId, next);
      this.changed(runId);
      return invoices.length - next.length;
    });
  }
  /** Edits a stored draft with the core's own edit rules. */
  editDraft(invoiceId: string, changes: readonly DraftChangeInput[], options: EditOptions = {}) {
    return this.answer('editDraft', [invoiceId, changes, options], (): Invoice | null => {
      for (const [runId, invoices] of this.invoicesByRun) {
        const index = invoices.findIndex((invoice) => invoice.id === invoiceId);
        const invoice = invoices[index];
        if (invoice === undefined) continue;
        if (invoice.status !== 'draft') throw codedError('NOT_A_DRAFT');
        const outcome = applyDraftEdit(invoice, changes, options.at ?? '2026-02-02T09:00:00Z');
        if (outcome.kind === 'unchanged') return invoice;
        const next = [...invoices];
        if (outcome.kind === 'deleted') next.splice(index, 1);
        else next[index] = outcome.invoice;
        this.setInvoices(runId, next);
        return outcome.kind === 'deleted' ? null : outcome.invoice;
      }
      throw codedError('INVOICE_NOT_FOUND');
    });
  }
  lineTransactions(invoiceId: string, lineIndex: number, page?: PageRequest) {
    return this.answer('lineTransactions', [invoiceId, lineIndex, page], (): Page<Transaction> =>
      paged(this.transactionsByLine.get(`${invoiceId}#${lineIndex}`) ?? [], page),
    );
  }
  remaining(runId: string) {
    return this.answer('remaining', [runId], () => {
      const remaining = this.remainingByRun.get(runId);
      if (remaining === undefined) throw codedError('RUN_NOT_FOUND');
      return remaining;
    });
  }
  restore(runId: string, chosen: RestoreChoice, options?: JobOptions): Promise<RestoreResult> {
    const run = this.runList.find((each) => each.id === runId) ?? makeRun({id: runId});
    const count = (chosen.subscriptions?.length ?? 0) + (chosen.records?.length ?? 0);
    const totals: CurrencyTotal[] = [{currency: 'EUR', net: '10.00', tax: '1.90', gross: '11.90'}];
    return this.job(
      'restore',
      {runId, chosen},
      options,
      () => {
        const remaining = this.remainingByRun.get(runId);
        if (remaining !== undefined) {
          const subs = new Set(chosen.subscriptions ?? []);
          const records = new Set(chosen.records ?? []);
          this.remainingByRun.set(runId, {
            ...remaining,
            subscriptions: remaining.subscriptions.filter((sub) => !subs.has(sub.id)),
            records: remaining.records.filter((record) => !records.has(record.id)),
          });
        }
        this.changed(runId);
        return {
          ...makeStepResult(run, {
            counters: {invoices: count, credits: 0, lines: count, errors: 0},
            totals,
          }),
          skipped: [],
        };
      },
      () => ({
        ...makeStepResult(run, {
          status: 'cancelled',
          counters: {invoices: 0, credits: 0, lines: 0, errors: 0},
        }),
        skipped: [],
      }),
    );
  }
  schedules() {
    return this.answer('schedules', [], () => [...this.scheduleList]);
  }
  /** Validates with the real schema of core, as the worker does (`INVALID_SCHEDULE`, faults). */
  saveSchedule(input: unknown, now?: string) {
    return this.answer('saveSchedule', [input, now], () => {
      const parsed = scheduleSchema.safeParse(input, {reportInput: true});
      if (!parsed.success) {
        const faults = parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        }));
        throw Object.assign(codedError('INVALID_SCHEDULE', 'The schedule is invalid.'), {faults});
      }
      const schedule = parsed.data;
      const index = this.scheduleList.findIndex((each) => each.id === schedule.id);
      if (index < 0) this.scheduleList = [...this.scheduleList, schedule];
      else this.scheduleList = this.scheduleList.map((each, n) => (n === index ? schedule : each));
      return schedule;
    });
  }
  deleteSchedule(id: string) {
    return this.answer('deleteSchedule', [id], () => {
      const before = this.scheduleList.length;
      this.scheduleList = this.scheduleList.filter((each) => each.id !== id);
      return this.scheduleList.length < before;
    });
  }
  scheduleOverview(now?: string) {
    return this.answer('scheduleOverview', [now], () =>
      this.scheduleList.map((schedule): ScheduleOverview => ({
        schedule,
        savedAt: null,
        lastCheckedAt: null,
        next: schedule.enabled ? (this.upcomingBySchedule.get(schedule.id) ?? []) : [],
        lastFiring: this.firingsBySchedule.get(schedule.id)?.at(-1) ?? null,
      })),
    );
  }
  firings(scheduleId: string) {
    return this.answer('firings', [scheduleId], () => [
      ...(this.firingsBySchedule.get(scheduleId) ?? []),
    ]);
  }
  checkSchedules(): never {
    throw new Error('not faked');
  }
  observeRuns(listener: LiveListener<'runs'>, page?: PageRequest): Unsubscribe {
    this.record('observeRuns', [page]);
    const watcher = {listener, page};
    this.runWatchers.add(watcher);
    if (!this.failures.has('observeRuns')) {
      void tick().then(() => {
        if (this.runWatchers.has(watcher)) listener(paged(this.runList, page));
      });
    }
    return () => this.runWatchers.delete(watcher);
  }
  observeRun(id: string, listener: LiveListener<'run'>): Unsubscribe {
    this.record('observeRun', [id]);
    void tick().then(() => listener(this.runList.find((run) => run.id === id)));
    return () => undefined;
  }
  observeRemaining(runId: string, listener: LiveListener<'remaining'>): Unsubscribe {
    this.record('observeRemaining', [runId]);
    const watcher = {listener, runId};
    this.remainingWatchers.add(watcher);
    void tick().then(() => {
      if (this.remainingWatchers.has(watcher)) listener(this.remainingWatch(runId));
    });
    return () => this.remainingWatchers.delete(watcher);
  }
  observeInvoices(
    runId: string,
    listener: LiveListener<'invoices'>,
    page?: PageRequest,
  ): Unsubscribe {
    this.record('observeInvoices', [runId, page]);
    const watcher = {listener, page, runId};
    this.invoiceWatchers.add(watcher);
    void tick().then(() => {
      if (this.invoiceWatchers.has(watcher))
        listener(paged(this.invoicesByRun.get(runId) ?? [], page));
    });
    return () => this.invoiceWatchers.delete(watcher);
  }
  observeInvoiceChanges(runId: string, listener: LiveListener<'invoiceChanges'>): Unsubscribe {
    this.record('observeInvoiceChanges', [runId]);
    const watcher = {listener, runId};
    let stopped = false;
    // Like the worker: the observation begins a message later, with a delivery saying so.
    void tick().then(() => {
      if (stopped) return;
      this.invoiceChangeWatchers.add(watcher);
      listener({changed: [], removed: [], all: false});
    });
    return () => {
      stopped = true;
      this.invoiceChangeWatchers.delete(watcher);
    };
  }
  observeCounters(listener: LiveListener<'counters'>): Unsubscribe {
    void tick().then(() => listener({}));
    return () => undefined;
  }
  async dispose(): Promise<void> {
    this.runWatchers.clear();
    this.invoiceWatchers.clear();
    this.invoiceChangeWatchers.clear();
    this.remainingWatchers.clear();
  }
}
