/**
 * The operations of an invoice run over a store (billing.md sections 4, 8, 9 and 10): start a
 * run, fire a schedule (with the merge rule), preview, View Remaining and restore, finalize with
 * gap-free numbering, delete drafts, import. Time is a parameter: `now` stamps run records and
 * `today` dates finalizations; the engine never reads a clock.
 */
import {removeCoverage} from './billing/coverage.js';
import {applyDraftEdit, parseEditInstant, usageSlices} from './billing/draft-edit.js';
import type {IsoDate} from './primitives/dates.js';
import {InvoiceRunError} from './primitives/errors.js';
import {
  CurrencySums,
  compareCodeUnits,
  compareInvoices,
  compareIssues,
  dueDate,
  totalsByCurrency,
} from './billing/invoices.js';
import type {CoveredSpan, ItemLedger} from './billing/item-billing.js';
import type {
  CurrencyTotal,
  Invoice,
  ResolvedRunConfig,
  RunFigures,
  RunOrigin,
  RunRecord,
  RunStatus,
  SourceErrorCode,
  SourceIssue,
  WarningCode,
} from './records/model.js';
import {NO_FIGURES, changeFigures, finalizedFigures} from './billing/run-figures.js';
import {checkNamedFilters, runKey, resolveRunConfig, selectionKey} from './billing/run-config.js';
import {
  PART_STRIDE,
  runPass,
  type PassOutcome,
  type PassScope,
  type RunProgress,
} from './pass/run-pass.js';
import {
  firingPeriod,
  parseFiringTime,
  scheduledInvoiceDate,
  validateSchedule,
  type Schedule,
} from './scheduling/schedule.js';
import {stateAfterSave} from './scheduling/scheduler.js';
import type {Settings, Transaction} from './records/schemas.js';
import type {BillingStore, FiringRecord, RunPart} from './store/store.js';
import {referenceWarnings} from './records/import-references.js';
import {validateDataSet, type ImportWarning, type Rejection} from './records/validation.js';

export type {RunPart} from './store/store.js';

export interface EngineOptions {
  /** The current instant as an ISO timestamp, for run records. Default: a counter, not a clock. */
  readonly now?: () => string;
  /** Subscriptions per stored chunk. */
  readonly chunkSize?: number;
}

export interface PassCallbacks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Each chunk's invoices, once stored. */
  readonly onInvoices?: (invoices: readonly Invoice[]) => void;
}

export interface RemainingCallbacks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * The remaining subscriptions of each chunk of the pass, as soon as it is made, by ascending id:
   * one call's rows all come after the previous call's, and all calls together make the result's
   * `subscriptions` (a subscription's invoices are made in one chunk). Not called for a chunk
   * with none.
   */
  readonly onSubscriptions?: (rows: readonly RemainingSubscription[]) => void;
}

/** What one run, firing or restore did (its own invoices, not the run's cumulative state). */
export interface StepResult {
  readonly run: RunRecord;
  readonly merged: boolean;
  /** `completed`, `completed-with-errors` or `cancelled`, for this step alone. */
  readonly status: RunStatus;
  /** The config this step billed under (a merged firing keeps its own invoice date). */
  readonly config: ResolvedRunConfig;
  readonly counters: PassOutcome['counters'];
  readonly totals: readonly CurrencyTotal[];
  readonly errors: readonly SourceIssue<SourceErrorCode>[];
  readonly warnings: readonly SourceIssue<WarningCode>[];
}

export interface PreviewResult {
  readonly config: ResolvedRunConfig;
  readonly invoices: readonly Invoice[];
  readonly counters: PassOutcome['counters'];
  readonly totals: readonly CurrencyTotal[];
  readonly errors: readonly SourceIssue<SourceErrorCode>[];
  readonly warnings: readonly SourceIssue<WarningCode>[];
}

export interface RemainingSubscription {
  readonly id: string;
  readonly account: string;
  readonly totals: readonly CurrencyTotal[];
}

export interface RemainingRecord {
  readonly id: string;
  readonly account: string;
  /** What billing it would add: the sums of its lines (net, their tax, gross), per currency. */
  readonly totals: readonly CurrencyTotal[];
}

export interface Remaining {
  readonly run: RunRecord;
  readonly subscriptions: readonly RemainingSubscription[];
  readonly records: readonly RemainingRecord[];
}

export interface RestoreResult extends StepResult {
  /** Chosen ids that were not remaining, by id. */
  readonly skipped: readonly string[];
}

export interface ImportReport {
  readonly stored: number;
  readonly rejected: readonly Rejection[];
  /** Stored, but probably not what was meant or not complete yet (`import-references.ts`). */
  readonly warnings: readonly ImportWarning[];
}

/** A page of the transactions a usage line bills. */
export interface LineTransactionsPage {
  readonly items: readonly Transaction[];
  readonly offset: number;
  /** How many transactions the line bills in all. */
  readonly total: number;
}

/** A run in parts as `beginRun` starts it: the run, running, and the parts that bill it. */
export interface RunPlan {
  readonly run: RunRecord;
  readonly parts: readonly RunPart[];
}

export interface BeginRunOptions {
  /** Subscriptions per part (default 1,000). */
  readonly partSize?: number;
}

/** What billing one part did. */
export interface PartResult {
  /** False when the part had been stored already (a retry after its commit): it added nothing. */
  readonly stored: boolean;
  readonly counters: PassOutcome['counters'];
  readonly totals: readonly CurrencyTotal[];
  readonly errors: readonly SourceIssue<SourceErrorCode>[];
  readonly warnings: readonly SourceIssue<WarningCode>[];
}

export interface EditOptions {
  /** The instant of the edit (ISO); default: the engine's `now`. */
  readonly at?: string;
}

export interface DraftSelection {
  readonly subscriptions?: readonly string[];
  readonly accounts?: readonly string[];
}

export class InvoiceRunEngine {
  private readonly now: () => string;
  private ticks = 0;
  /**
   * The tail of the queue of operations that write. A run reads coverage and links, then commits;
   * two writers interleaved on one store could both bill the same day, so they take turns. (Across
   * tabs and workers, the worker package adds a Web Lock around the same operations.)
   */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: BillingStore,
    private readonly options: EngineOptions = {},
  ) {
    this.now =
      options.now ?? (() => new Date(Date.UTC(2000, 0, 1) + this.ticks++ * 1000).toISOString());
  }

  /** Upserts the valid records of a data set; reports every rejected one. */
  async import(data: unknown): Promise<ImportReport> {
    return this.exclusive(async () => {
      const {valid, rejected, warnings} = validateDataSet(data);
      warnings.push(...(await referenceWarnings(valid, this.store)));
      let stored = 0;
      for (const kind of Object.keys(valid) as (keyof typeof valid)[]) {
        if (valid[kind].length === 0) continue;
        await this.store.upsert(kind, valid[kind]);
        stored += valid[kind].length;
      }
      return {stored, rejected, warnings};
    });
  }

  /** Validates a config against the stored filters; throws the first refusal that applies. */
  async resolveConfig(config: unknown): Promise<ResolvedRunConfig> {
    return resolveRunConfig(config, await this.store.readFilters());
  }

  /** A manual run: always a new run. */
  async startRun(config: unknown, callbacks: PassCallbacks = {}): Promise<StepResult> {
    return this.exclusive(async () => {
      const resolved = await this.resolveConfig(config);
      const run = await this.newRun(resolved, 'manual', null);
      await this.store.putRun(run);
      return this.billInto(run, resolved, undefined, false, callbacks);
    });
  }

  /**
   * Starts a run in parts, for several processes to bill (`billRunPart`, each part once, in any
   * order) and one to end (`endRun`): a manual run, stored as running, and its plan. The store
   * must commit parts (`commitRunPart`): a database that the processes share.
   */
  async beginRun(config: unknown, options: BeginRunOptions = {}): Promise<RunPlan> {
    const store = this.store;
    if (
      store.commitRunPart === undefined ||
      store.readSubscriptionUsage === undefined ||
      store.putRunPlan === undefined
    ) {
      throw new Error('This store cannot bill a run in parts');
    }
    const partSize = Math.max(1, Math.floor(options.partSize ?? 1000));
    return this.exclusive(async () => {
      const resolved = await this.resolveConfig(config);
      const parts: RunPart[] = [];
      // The parts that read everything of one kind come first, so they run beside the others.
      if (resolved.genericFilters.length > 0) parts.push({index: parts.length, kind: 'records'});
      if (resolved.transactionFilters.length > 0) {
        parts.push({index: parts.length, kind: 'usage-issues'});
      }
      for await (const subscriptions of this.subscriptionIds(partSize)) {
        parts.push({index: parts.length, kind: 'subscriptions', subscriptions});
      }
      const created = await this.newRun(resolved, 'manual', null);
      const run: RunRecord = {...created, status: 'running', startedAt: this.now()};
      // With its plan, at once: a running run in parts always has one to follow.
      await store.putRunPlan!(run, parts);
      return {run, parts};
    });
  }

  /**
   * A run begun in parts and its plan, as `beginRun` stored them: for a process that follows the
   * run after the one that began it stopped. Refusals: `RUN_NOT_FOUND`, `RUN_NOT_IN_PARTS`.
   */
  async runPlan(runId: string): Promise<RunPlan> {
    const run = await this.existingRun(runId);
    const parts = await this.store.readRunPlan?.(runId);
    if (parts === undefined) {
      throw new InvoiceRunError(
        'RUN_NOT_IN_PARTS',
        `Run ${runId} was not begun in parts: it has no plan to follow.`,
      );
    }
    return {run, parts};
  }

  /**
   * Bills one part of a run begun by `beginRun` (in any process sharing the store), stored in one
   * transaction: whole or not at all, and once. A part stored already (its process died after the
   * commit, and it is run again) stores nothing (`stored: false`). Refusals: `RUN_NOT_FOUND`,
   * `RUN_NOT_RUNNING` (the run was ended).
   */
  async billRunPart(
    runId: string,
    part: RunPart,
    callbacks: Pick<PassCallbacks, 'signal'> = {},
  ): Promise<PartResult> {
    return this.exclusive(async () => {
      const run = await this.existingRun(runId);
      if (run.status !== 'running') {
        throw new InvoiceRunError(
          'RUN_NOT_RUNNING',
          `Run ${runId} is ${run.status}; its parts can no longer be billed.`,
        );
      }
      const config = await this.revalidate(run);
      // The pass counts from zero: what it makes is what the part adds to the run.
      const from: RunRecord = {
        ...run,
        counters: {invoices: 0, credits: 0, lines: 0, errors: 0},
        warningCount: 0,
        totals: [],
        current: NO_FIGURES,
        invoicesMade: part.index * PART_STRIDE,
      };
      const outcome = await runPass({
        store: this.store,
        settings: await this.store.readSettings(),
        filters: await this.store.readFilters(),
        config,
        run: from,
        ...(part.kind === 'subscriptions'
          ? {scope: {subscriptions: new Set(part.subscriptions), usageOnlyInFilter: false}}
          : {}),
        part: {index: part.index, kind: part.kind},
        ...this.passOptions(callbacks),
      });
      return {
        stored: outcome.run !== null,
        counters: outcome.counters,
        totals: outcome.totals,
        errors: outcome.errors.sort(compareIssues),
        warnings: outcome.warnings.sort(compareIssues),
      };
    });
  }

  /**
   * Ends a run in parts once every part is stored (`completed`, or `completed-with-errors`), or
   * gives it up (`failed`): a part that could not be billed. Its figures are what the parts added.
   */
  async endRun(runId: string, outcome: 'completed' | 'failed' = 'completed'): Promise<RunRecord> {
    return this.exclusive(async () => {
      const run = await this.existingRun(runId);
      const status: RunStatus =
        outcome === 'failed'
          ? 'failed'
          : run.counters.errors > 0
            ? 'completed-with-errors'
            : 'completed';
      const ended: RunRecord = {...run, status, endedAt: this.now()};
      await this.store.putRun(ended);
      return ended;
    });
  }

  /** Every subscription id, in ascending order, in pages. */
  private async *subscriptionIds(size: number): AsyncGenerator<string[]> {
    if (this.store.scanSubscriptionIds !== undefined) {
      yield* this.store.scanSubscriptionIds(size);
      return;
    }
    for await (const chunk of this.store.scanSubscriptionChunks(size)) {
      yield chunk.subscriptions.map((subscription) => subscription.id);
    }
  }

  /**
   * One firing of a schedule at local time `at`: its period and invoice date come from the firing
   * date; it merges into the latest run with the same key, or creates a scheduled run.
   */
  async fireSchedule(
    scheduleInput: unknown,
    at: string,
    callbacks: PassCallbacks = {},
  ): Promise<StepResult> {
    return this.exclusive(async () => {
      const schedule = validateSchedule(scheduleInput);
      const firing = parseFiringTime(at);
      if (firing === undefined) {
        throw new InvoiceRunError(
          'INVALID_SCHEDULE',
          `"${at}" is not a local firing time (YYYY-MM-DDTHH:MM).`,
          [{path: 'at', message: 'must be YYYY-MM-DDTHH:MM'}],
        );
      }
      if (!schedule.enabled) {
        throw new InvoiceRunError('SCHEDULE_DISABLED', `Schedule "${schedule.id}" is disabled.`);
      }
      const firedAt = `${firing.date}T${firing.time}`;
      const earlier = await this.store.readFiring(schedule.id, firedAt);
      if (earlier?.status === 'fired') {
        throw new InvoiceRunError(
          'ALREADY_FIRED',
          `Schedule "${schedule.id}" already fired at ${firedAt}.`,
        );
      }
      const config = this.firingConfig(schedule, firing.date);
      let resolved: ResolvedRunConfig;
      try {
        resolved = await this.resolveConfig(config);
      } catch (error) {
        if (error instanceof InvoiceRunError) {
          const firingRecord = {
            scheduleId: schedule.id,
            at: firedAt,
            runId: null,
            status: 'refused',
            reason: `${error.code}: ${error.message}`,
          } as const;
          await this.store.recordFiring(firingRecord, null);
        }
        throw error;
      }
      const key = runKey(resolved);
      const target = (await this.store.readRuns())
        .filter((run) => run.key === key)
        .reduce<RunRecord | undefined>(
          (latest, run) => (latest === undefined || run.sequence > latest.sequence ? run : latest),
          undefined,
        );
      const run = target ?? (await this.newRun(resolved, 'scheduled', schedule.id));
      const recorded = await this.store.recordFiring(
        {scheduleId: schedule.id, at: firedAt, runId: run.id, status: 'fired', reason: null},
        target === undefined ? run : null,
      );
      if (!recorded) {
        throw new InvoiceRunError(
          'ALREADY_FIRED',
          `Schedule "${schedule.id}" already fired at ${firedAt}.`,
        );
      }
      return this.billInto(run, resolved, undefined, target !== undefined, callbacks);
    });
  }

  /** The stored schedules, by id. */
  async schedules(): Promise<Schedule[]> {
    return this.store.readSchedules();
  }

  /**
   * Validates (`INVALID_SCHEDULE` with faults) and stores a schedule, saved at instant `savedAt`:
   * a new schedule fires only for firing times after it, and so does one whose `cron` or
   * `timeZone` changed or that is enabled again.
   */
  async saveSchedule(input: unknown, savedAt: string): Promise<Schedule> {
    const schedule = validateSchedule(input);
    return this.exclusive(async () => {
      const previous = await this.store.readSchedule(schedule.id);
      const state = await this.store.readScheduleState(schedule.id);
      await this.store.putSchedule(schedule, stateAfterSave(previous, state, schedule, savedAt));
      return schedule;
    });
  }

  /** Deletes a schedule; its recorded firings stay. False when there was none. */
  async deleteSchedule(id: string): Promise<boolean> {
    return this.exclusive(() => this.store.deleteSchedule(id));
  }

  /**
   * One firing of a stored schedule as it is now; `undefined` when it is gone or disabled (a
   * scheduler found it due a moment ago).
   */
  async fireStoredSchedule(
    scheduleId: string,
    at: string,
    callbacks: PassCallbacks = {},
  ): Promise<StepResult | undefined> {
    const schedule = await this.store.readSchedule(scheduleId);
    if (schedule === undefined || !schedule.enabled) return undefined;
    return this.fireSchedule(schedule, at, callbacks);
  }

  /** Every recorded firing of a schedule (fired, skipped, refused), in time order. */
  async firings(scheduleId: string): Promise<FiringRecord[]> {
    return this.store.readFirings(scheduleId);
  }

  /** Records missed firings beyond the catch-up limit as skipped, so none is silently dropped. */
  async skipFirings(scheduleId: string, times: readonly string[], reason: string): Promise<void> {
    return this.exclusive(async () => {
      for (const at of times) {
        await this.store.recordFiring(
          {scheduleId, at, runId: null, status: 'skipped', reason},
          null,
        );
      }
    });
  }

  /** The run config a schedule's firing on `firingDate` bills. */
  firingConfig(schedule: Schedule, firingDate: IsoDate): Record<string, unknown> {
    const period = firingPeriod(schedule, firingDate);
    return {
      ...period,
      invoiceDate: scheduledInvoiceDate(schedule.invoiceDate, period),
      subscriptionFilter: schedule.subscriptionFilter,
      transactionFilters: schedule.transactionFilters,
      genericFilters: schedule.genericFilters,
      title: schedule.name,
    };
  }

  /** What a run with this config would create, stored nowhere. */
  async preview(config: unknown, callbacks: PassCallbacks = {}): Promise<PreviewResult> {
    const resolved = await this.resolveConfig(config);
    return this.previewResolved(resolved, undefined, callbacks);
  }

  /**
   * View Remaining of a run: what re-running its config now would bill. The subscriptions come
   * as the pass makes them, a chunk at a time, through `onSubscriptions`; the records (the generic
   * part) only in the result. An aborted `signal` stops the pass between chunks and rejects with
   * `CANCELLED`.
   */
  async remaining(runId: string, callbacks: RemainingCallbacks = {}): Promise<Remaining> {
    const run = await this.latestRun(runId);
    const config = await this.revalidate(run);
    // Rows are made chunk by chunk, so the pass's invoices are not kept (50,000 with their lines).
    const subscriptions: RemainingSubscription[] = [];
    const records = new Map<string, {account: string; sums: CurrencySums}>();
    const outcome = await runPass({
      store: this.store,
      settings: await this.store.readSettings(),
      filters: await this.store.readFilters(),
      config,
      run: null,
      scope: {usageOnlyInFilter: true},
      ...this.passOptions(callbacks),
      onInvoices: (made) => {
        for (const invoice of made) {
          if (invoice.recordIds.length === 0) continue;
          for (const recordId of invoice.recordIds) {
            records.set(recordId, {account: invoice.accountId, sums: new CurrencySums()});
          }
          for (const line of invoice.lines) {
            if (line.kind !== 'record') continue;
            records.get(line.source)?.sums.addLine(invoice.currency, line);
          }
        }
        const rows = remainingSubscriptions(made);
        if (rows.length === 0) return;
        subscriptions.push(...rows);
        callbacks.onSubscriptions?.(rows);
      },
    });
    if (outcome.cancelled) {
      throw new InvoiceRunError('CANCELLED', `View Remaining of run ${run.id} was cancelled.`);
    }
    return {
      run,
      // Already in this order (chunks come by ascending id); sorted to be sure of it.
      subscriptions: subscriptions.sort((a, b) => compareCodeUnits(a.id, b.id)),
      records: [...records.entries()]
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([id, {account, sums}]) => ({id, account, totals: sums.totals()})),
    };
  }

  /** Bills the chosen remaining subscriptions and records into the run, under its own config. */
  async restore(
    runId: string,
    chosen: {subscriptions?: readonly string[]; records?: readonly string[]},
    callbacks: PassCallbacks = {},
  ): Promise<RestoreResult> {
    return this.exclusive(async () => {
      const remaining = await this.remaining(runId);
      const remainingSubscriptions = new Set(remaining.subscriptions.map((sub) => sub.id));
      const remainingRecords = new Set(remaining.records.map((record) => record.id));
      const subscriptions = new Set(
        (chosen.subscriptions ?? []).filter((id) => remainingSubscriptions.has(id)),
      );
      const records = new Set((chosen.records ?? []).filter((id) => remainingRecords.has(id)));
      const skipped = [
        ...new Set([
          ...(chosen.subscriptions ?? []).filter((id) => !remainingSubscriptions.has(id)),
          ...(chosen.records ?? []).filter((id) => !remainingRecords.has(id)),
        ]),
      ].sort(compareCodeUnits);
      const result = await this.billInto(
        remaining.run,
        remaining.run.config,
        {subscriptions, records, usageOnlyInFilter: true},
        false,
        callbacks,
      );
      return {...result, skipped};
    });
  }

  /** Finalizes drafts in the given order: numbers them gap-free per class and year. */
  async finalize(invoices: readonly Invoice[], today: IsoDate): Promise<Invoice[]> {
    return this.exclusive(async () => {
      const settings = await this.store.readSettings();
      const drafts = await this.currentDrafts(invoices, 'finalized');
      const dated = drafts.map((invoice) => ({invoice, date: invoice.invoiceDate ?? today}));
      const keys = dated.map(({invoice, date}) => counterKey(invoice.class, date));
      const counters = await this.store.readCounters(keys);
      const finalized = dated.map(({invoice, date}, index) => {
        const key = keys[index]!;
        const sequence = (counters.get(key) ?? 0) + 1;
        counters.set(key, sequence);
        const format =
          invoice.class === 'credit' ? settings.creditNumberFormat : settings.invoiceNumberFormat;
        return {
          ...invoice,
          status: 'open' as const,
          number: formatNumber(format, date, sequence),
          invoiceDate: date,
          dueDate: dueDate(date, invoice.paymentDueDays),
        };
      });
      const runs = await this.runsWith(drafts, (run, ofRun) =>
        finalizedFigures(run.current, ofRun.length),
      );
      await this.store.saveFinalized(finalized, counters, runs);
      return finalized;
    });
  }

  /** The drafts of a run, in output order, optionally only those of some subscriptions or accounts. */
  async draftsOfRun(runId: string, selection: DraftSelection = {}): Promise<Invoice[]> {
    await this.existingRun(runId);
    const subscriptions =
      selection.subscriptions === undefined ? undefined : new Set(selection.subscriptions);
    const accounts = selection.accounts === undefined ? undefined : new Set(selection.accounts);
    return (await this.store.readInvoicesOfRun(runId))
      .filter(
        (invoice) =>
          invoice.status === 'draft' &&
          (subscriptions === undefined ||
            (invoice.subscriptionId !== null && subscriptions.has(invoice.subscriptionId))) &&
          (accounts === undefined || accounts.has(invoice.accountId)),
      )
      .sort(compareInvoices);
  }

  /**
   * Deletes drafts: their lines go, their transactions and records are unlinked, and the days
   * they covered become billable again. The items' billing starts do not move.
   */
  async deleteDrafts(invoices: readonly Invoice[]): Promise<number> {
    return this.exclusive(async () => {
      const drafts = await this.currentDrafts(invoices, 'deleted');
      await this.deleteNow(drafts);
      return drafts.length;
    });
  }

  /**
   * Corrects one draft (review.md section 2): sets fields of lines, adds manual lines, removes
   * lines, all in one transaction. Returns the draft as it is now, or null when the edit removed
   * its last line and so deleted it. Refusals: `INVOICE_NOT_FOUND`, `NOT_A_DRAFT`, `INVALID_EDIT`
   * (with faults at `changes[i]...`), `LINE_NOT_FOUND`.
   */
  async editDraft(
    invoiceId: string,
    changes: unknown,
    options: EditOptions = {},
  ): Promise<Invoice | null> {
    return this.exclusive(async () => {
      const [draft] = await this.currentDrafts([{id: invoiceId}], 'edited');
      const at = options.at === undefined ? this.now() : parseEditInstant(options.at);
      const outcome = applyDraftEdit(draft!, changes, at);
      switch (outcome.kind) {
        case 'unchanged':
          return draft!;
        case 'deleted':
          await this.deleteNow([draft!]);
          return null;
        case 'edited': {
          // The run's current figures follow the edit: the draft as it was out, as it is in.
          const [run] = await this.runsWith([draft!], (stored) =>
            changeFigures(stored.current, [outcome.invoice], [draft!]),
          );
          await this.store.commitDraftEdit({
            invoice: outcome.invoice,
            ledgers: await this.ledgersWithout(outcome.releasedDays),
            unlinkedTransactions: outcome.unlinkedTransactions,
            unlinkedRecords: outcome.unlinkedRecords,
            ...(run === undefined ? {} : {run}),
          });
          return outcome.invoice;
        }
      }
    });
  }

  /**
   * The transactions a usage line bills, a page at a time in the order they were billed. A line
   * of another kind bills none. Refusals: `INVOICE_NOT_FOUND`, `LINE_NOT_FOUND`.
   */
  async lineTransactions(
    invoiceId: string,
    lineIndex: number,
    page: {readonly offset?: number; readonly limit?: number} = {},
  ): Promise<LineTransactionsPage> {
    const invoice = (await this.store.readInvoices([invoiceId])).get(invoiceId);
    if (invoice === undefined) {
      throw new InvoiceRunError(
        'INVOICE_NOT_FOUND',
        `Invoice ${invoiceId} does not exist (any more).`,
      );
    }
    if (!Number.isInteger(lineIndex) || lineIndex < 0 || lineIndex >= invoice.lines.length) {
      throw new InvoiceRunError(
        'LINE_NOT_FOUND',
        `Invoice ${invoiceId} has no line ${lineIndex} (it has ${invoice.lines.length}).`,
      );
    }
    const ids = usageSlices(invoice)[lineIndex] ?? [];
    const offset = Math.max(0, Math.floor(page.offset ?? 0));
    const limit = Math.min(1000, Math.max(1, Math.floor(page.limit ?? 50)));
    const pageIds = ids.slice(offset, offset + limit);
    const found = await this.store.readTransactions(pageIds);
    return {
      items: pageIds.flatMap((id) => {
        const transaction = found.get(id);
        return transaction === undefined ? [] : [transaction];
      }),
      offset,
      total: ids.length,
    };
  }

  /** Deletes drafts read just now, inside an exclusive section. */
  private async deleteNow(drafts: readonly Invoice[]): Promise<void> {
    const releasedDays = new Map<string, CoveredSpan[]>();
    for (const invoice of drafts) {
      for (const line of invoice.lines) {
        if (line.kind !== 'item') continue;
        const spans = releasedDays.get(line.source) ?? [];
        spans.push(line.servicePeriod);
        releasedDays.set(line.source, spans);
      }
    }
    const runs = await this.runsWith(drafts, (run, ofRun) => changeFigures(run.current, [], ofRun));
    await this.store.deleteInvoices(
      drafts.map((invoice) => invoice.id),
      await this.ledgersWithout(releasedDays),
      runs,
    );
  }

  /** The ledgers of the items of `releasedDays` with those days no longer covered. */
  private async ledgersWithout(
    releasedDays: ReadonlyMap<string, readonly CoveredSpan[]>,
  ): Promise<ItemLedger[]> {
    if (releasedDays.size === 0) return [];
    // Through the items as they are now: an item may have moved to another subscription since.
    const items = await this.store.readItems(releasedDays.keys());
    const ledgers = await this.store.readLedgers(items.values());
    return [...ledgers.values()].map((ledger) => ({
      ...ledger,
      covered: removeCoverage(ledger.covered, releasedDays.get(ledger.itemId) ?? []),
    }));
  }

  /** The invoices of a run that exist now (drafts and finalized), in output order. */
  async invoicesOfRun(runId: string): Promise<Invoice[]> {
    return (await this.store.readInvoicesOfRun(runId)).sort(compareInvoices);
  }

  /** Every invoice that exists, run by run in creation order, each run's in output order. */
  async allInvoices(): Promise<Invoice[]> {
    const runs = (await this.store.readRuns()).sort((a, b) => a.sequence - b.sequence);
    const invoices: Invoice[] = [];
    for (const run of runs)
      invoices.push(...(await this.store.readInvoicesOfRun(run.id)).sort(compareInvoices));
    return invoices;
  }

  /** Each recurring item's billed-through date: the last day of its lines on open invoices. */
  async billedThrough(): Promise<Map<string, IsoDate>> {
    const through = new Map<string, IsoDate>();
    for (const invoice of await this.allInvoices()) {
      if (invoice.status !== 'open') continue;
      for (const line of invoice.lines) {
        if (line.kind !== 'item') continue;
        const current = through.get(line.source);
        if (current === undefined || line.servicePeriod.end > current)
          through.set(line.source, line.servicePeriod.end);
      }
    }
    return through;
  }

  async settings(): Promise<Settings> {
    return this.store.readSettings();
  }

  async existingRun(runId: string): Promise<RunRecord> {
    const run = await this.store.readRun(runId);
    if (run === undefined)
      throw new InvoiceRunError('RUN_NOT_FOUND', `There is no run "${runId}".`);
    return run;
  }

  /** The run, when it is the latest of its selection; View Remaining and restore work only there. */
  async latestRun(runId: string): Promise<RunRecord> {
    const run = await this.existingRun(runId);
    const newer = (await this.store.readRuns()).find(
      (other) => other.selectionKey === run.selectionKey && other.sequence > run.sequence,
    );
    if (newer !== undefined) {
      throw new InvoiceRunError(
        'RUN_NOT_LATEST',
        `Run ${run.id} is not the latest run of its filter selection (run ${newer.id} is newer); only the latest can be repeated.`,
      );
    }
    return run;
  }

  /** Runs `operation` after every write operation queued before it, never beside one. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.writing.then(operation);
    this.writing = result.catch(() => undefined);
    return result;
  }

  /** The invoices as stored now, each checked to be a draft (it may have changed since it was read). */
  private async currentDrafts(
    invoices: readonly Pick<Invoice, 'id'>[],
    action: string,
  ): Promise<Invoice[]> {
    const stored = await this.store.readInvoices(invoices.map((invoice) => invoice.id));
    return invoices.map((invoice) => {
      const current = stored.get(invoice.id);
      if (current === undefined) {
        throw new InvoiceRunError(
          'INVOICE_NOT_FOUND',
          `Invoice ${invoice.id} does not exist (any more).`,
        );
      }
      if (current.status !== 'draft') {
        throw new InvoiceRunError(
          'NOT_A_DRAFT',
          `Invoice ${invoice.id} is ${current.status}; only drafts can be ${action}.`,
        );
      }
      return current;
    });
  }

  /** The runs of `invoices`, each with its `current` figures as `figures` makes them. */
  private async runsWith(
    invoices: readonly Invoice[],
    figures: (run: RunRecord, ofRun: readonly Invoice[]) => RunFigures,
  ): Promise<RunRecord[]> {
    const byRun = new Map<string, Invoice[]>();
    for (const invoice of invoices) {
      if (invoice.runId === null) continue;
      const ofRun = byRun.get(invoice.runId);
      if (ofRun === undefined) byRun.set(invoice.runId, [invoice]);
      else ofRun.push(invoice);
    }
    const runs: RunRecord[] = [];
    for (const [runId, ofRun] of byRun) {
      const run = await this.store.readRun(runId);
      if (run !== undefined) runs.push({...run, current: figures(run, ofRun)});
    }
    return runs;
  }

  /** A stored run's config, checked again: its filters may have been deleted since. */
  private async revalidate(run: RunRecord): Promise<ResolvedRunConfig> {
    checkNamedFilters(run.config, await this.store.readFilters());
    return run.config;
  }

  private async newRun(
    config: ResolvedRunConfig,
    origin: RunOrigin,
    scheduleId: string | null,
  ): Promise<RunRecord> {
    const sequence = await this.store.nextRunSequence();
    return {
      id: `run-${sequence}`,
      sequence,
      origin,
      status: 'pending',
      config,
      selectionKey: selectionKey(config),
      key: runKey(config),
      scheduleId,
      createdAt: this.now(),
      startedAt: null,
      endedAt: null,
      restores: 0,
      lastRestoredAt: null,
      counters: {invoices: 0, credits: 0, lines: 0, errors: 0},
      warningCount: 0,
      totals: [],
      current: NO_FIGURES,
      invoicesMade: 0,
    };
  }

  private async previewResolved(
    config: ResolvedRunConfig,
    scope: PassScope | undefined,
    callbacks: PassCallbacks = {},
  ): Promise<PreviewResult> {
    const invoices: Invoice[] = [];
    const outcome = await runPass({
      store: this.store,
      settings: await this.store.readSettings(),
      filters: await this.store.readFilters(),
      config,
      run: null,
      ...(scope === undefined ? {} : {scope}),
      ...this.passOptions(callbacks),
      onInvoices: (made) => {
        invoices.push(...made);
        callbacks.onInvoices?.(made);
      },
    });
    return {
      config,
      invoices: invoices.sort(compareInvoices),
      counters: outcome.counters,
      totals: outcome.totals,
      errors: outcome.errors.sort(compareIssues),
      warnings: outcome.warnings.sort(compareIssues),
    };
  }

  private passOptions(callbacks: PassCallbacks) {
    return {
      ...(this.options.chunkSize === undefined ? {} : {chunkSize: this.options.chunkSize}),
      ...(callbacks.signal === undefined ? {} : {signal: callbacks.signal}),
      ...(callbacks.onProgress === undefined ? {} : {onProgress: callbacks.onProgress}),
    };
  }

  /**
   * Runs a pass into `run` and records how it ended. The run's own pass (the first: it has not
   * started before) sets `startedAt` and `endedAt`; a restore counts as one and sets
   * `lastRestoredAt`; a merged firing leaves the times alone (its firing record names the run).
   */
  private async billInto(
    run: RunRecord,
    config: ResolvedRunConfig,
    scope: PassScope | undefined,
    merged: boolean,
    callbacks: PassCallbacks,
  ): Promise<StepResult> {
    const own = run.startedAt === null;
    const restore = !own && !merged && scope !== undefined;
    const ended = (record: RunRecord, status: RunStatus): RunRecord => {
      const now = this.now();
      if (own) return {...record, status, endedAt: now};
      if (restore) return {...record, status, restores: record.restores + 1, lastRestoredAt: now};
      return {...record, status};
    };
    const started: RunRecord = {
      ...run,
      status: 'running',
      ...(own ? {startedAt: this.now(), endedAt: null} : {}),
    };
    await this.store.putRun(started);
    let outcome: PassOutcome;
    try {
      outcome = await runPass({
        store: this.store,
        settings: await this.store.readSettings(),
        filters: await this.store.readFilters(),
        config,
        run: started,
        ...(scope === undefined ? {} : {scope}),
        ...this.passOptions(callbacks),
        ...(callbacks.onInvoices === undefined ? {} : {onInvoices: callbacks.onInvoices}),
      });
    } catch (error) {
      await this.store.putRun(ended((await this.store.readRun(run.id)) ?? started, 'failed'));
      throw error;
    }
    const stored = outcome.run ?? started;
    const status: RunStatus = outcome.cancelled
      ? 'cancelled'
      : stored.counters.errors > 0
        ? 'completed-with-errors'
        : 'completed';
    const finished = ended(stored, status);
    await this.store.putRun(finished);
    return {
      run: finished,
      merged,
      status: outcome.cancelled
        ? 'cancelled'
        : outcome.errors.length > 0
          ? 'completed-with-errors'
          : 'completed',
      config,
      counters: outcome.counters,
      totals: outcome.totals,
      errors: outcome.errors.sort(compareIssues),
      warnings: outcome.warnings.sort(compareIssues),
    };
  }
}

/** One row per subscription of `invoices`, by ascending id, with its totals per currency. */
function remainingSubscriptions(invoices: readonly Invoice[]): RemainingSubscription[] {
  const bySubscription = new Map<string, Invoice[]>();
  for (const invoice of invoices) {
    if (invoice.subscriptionId === null) continue;
    const ofSubscription = bySubscription.get(invoice.subscriptionId);
    if (ofSubscription === undefined) bySubscription.set(invoice.subscriptionId, [invoice]);
    else ofSubscription.push(invoice);
  }
  return [...bySubscription.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([id, made]) => ({id, account: made[0]!.accountId, totals: totalsByCurrency(made)}));
}

function counterKey(invoiceClass: Invoice['class'], date: IsoDate): string {
  return `${invoiceClass}:${date.slice(0, 4)}`;
}

/** `INV-{yyyy}-{seq:5}`: the invoice date's year and the sequence, zero-padded to 5 digits. */
export function formatNumber(format: string, date: IsoDate, sequence: number): string {
  return format
    .replaceAll('{yyyy}', date.slice(0, 4))
    .replace(/\{seq(?::(\d+))?\}/g, (_, width?: string) =>
      String(sequence).padStart(Number(width ?? 0), '0'),
    );
}
