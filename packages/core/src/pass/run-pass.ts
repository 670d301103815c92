/**
 * One pass of an invoice run over the store (billing.md sections 4 to 8), phase by phase:
 *
 * 1. usage (`usage-phase.ts`, only with transaction filters): the period's unbilled transactions
 *    in scope, resolved to their items and summed per item, criterion and price;
 * 2. subscriptions (`subscription-phase.ts`): the subscriptions a chunk at a time, each with its
 *    items' lines and its usage;
 * 3. records (`record-phase.ts`, only with generic filters): the generic records.
 *
 * Runs, restores, previews and View Remaining are all this pass with different options. Each
 * chunk's invoices are stored in one store transaction with the coverage and links they bring and
 * the run record as it stands after them (`pass-tally.ts`), so a cancelled or crashed pass leaves
 * only whole invoices.
 *
 * One part of a run in parts (`part`, several processes billing one run) is the same pass over
 * part of the work: its subscriptions (with the usage of their items only), or the records, or the
 * usage no subscription can take. It is stored in one transaction at its end, with what it adds to
 * the run, so a part is stored whole or not at all, and once.
 */
import type {InvoiceDraft} from '../billing/invoices.js';
import type {RunPeriod} from '../billing/item-billing.js';
import {toEpochDay} from '../primitives/dates.js';
import {compileCondition, matchesEverything} from '../records/filter-condition.js';
import {InvoiceRunError} from '../primitives/errors.js';
import type {
  CurrencyTotal,
  Invoice,
  ResolvedRunConfig,
  RunCounters,
  RunRecord,
  SourceErrorCode,
  SourceIssue,
  WarningCode,
} from '../records/model.js';
import type {Filter, Settings} from '../records/schemas.js';
import type {
  BillingStore,
  RecordBuildError,
  RunPartCommit,
  SubscriptionLedgers,
} from '../store/store.js';
import type {PassContext, PassFilters} from './pass-context.js';
import {PassTally} from './pass-tally.js';
import {billRecords} from './record-phase.js';
import {billSubscriptions} from './subscription-phase.js';
import {collectUsage, reportUnbillableUsage} from './usage-phase.js';

export const DEFAULT_CHUNK_SIZE = 250;

export interface RunProgress {
  readonly phase: 'transactions' | 'subscriptions' | 'records';
  readonly done: number;
  /** -1 when the total is not known in advance. */
  readonly total: number;
}

export interface PassScope {
  /** Only these subscriptions (restore); absent: all. */
  readonly subscriptions?: ReadonlySet<string>;
  /** Only these generic records (restore); absent: all. */
  readonly records?: ReadonlySet<string>;
  /**
   * View Remaining and restore bill usage only onto subscriptions that match the run's
   * subscription filter; a plain run bills usage onto any billable subscription.
   */
  readonly usageOnlyInFilter: boolean;
}

export interface PassOptions {
  readonly store: BillingStore;
  readonly settings: Settings;
  readonly filters: readonly Filter[];
  readonly config: ResolvedRunConfig;
  /** The run the invoices go to; null for a preview: nothing is stored. */
  readonly run: RunRecord | null;
  readonly scope?: PassScope;
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Receives each chunk's invoices once they are stored (or made, for a preview). */
  readonly onInvoices?: (invoices: readonly Invoice[]) => void;
  /**
   * Bills one part of a run in parts into `run` (whose figures are then what the part adds: they
   * start at zero). With `subscriptions`, `scope.subscriptions` holds them.
   */
  readonly part?: PassPart;
}

/** Which part of a run in parts a pass bills. */
export interface PassPart {
  readonly index: number;
  readonly kind: 'subscriptions' | 'records' | 'usage-issues';
}

/**
 * Invoice indexes a part may use: part `n` numbers its invoices from `n * PART_STRIDE`, so parts
 * committing in any order never take the same invoice id.
 */
export const PART_STRIDE = 1_000_000;

export interface PassOutcome {
  readonly counters: RunCounters;
  readonly totals: readonly CurrencyTotal[];
  readonly errors: SourceIssue<SourceErrorCode>[];
  readonly warnings: SourceIssue<WarningCode>[];
  readonly cancelled: boolean;
  /** The run as stored after the pass (null for a preview). */
  readonly run: RunRecord | null;
}

export async function runPass(options: PassOptions): Promise<PassOutcome> {
  if (options.part !== undefined) return runPartPass(options, options.part);
  const pass = new RunPass(options);
  const usage = pass.filters.transactionMatchers.length > 0 ? await collectUsage(pass) : new Map();
  // Between phases the pass goes on unless a phase saw the cancellation.
  if (!pass.stopped) await billSubscriptions(pass, usage);
  if (!pass.stopped && pass.filters.genericMatchers.length > 0) await billRecords(pass);
  // Issues found after the last stored chunk are stored on their own.
  if (pass.tally.hasPendingIssues) await pass.commit([], [], new Map());
  return {
    counters: {...pass.tally.counters},
    totals: pass.tally.totals,
    errors: pass.tally.errors,
    warnings: pass.tally.warnings,
    cancelled: pass.stopped,
    run: pass.tally.storedRun,
  };
}

/** One part of a run in parts, stored at its end in one transaction (`commitRunPart`). */
async function runPartPass(options: PassOptions, part: PassPart): Promise<PassOutcome> {
  const {store, run} = options;
  if (run === null || store.commitRunPart === undefined) {
    throw new Error('A run in parts needs a run and a store that commits parts');
  }
  const pass = new RunPass(options);
  const {transactionMatchers, genericMatchers} = pass.filters;
  switch (part.kind) {
    case 'subscriptions': {
      const usage = transactionMatchers.length > 0 ? await collectUsage(pass, 'part') : new Map();
      if (!pass.stopped) await billSubscriptions(pass, usage);
      break;
    }
    case 'usage-issues':
      if (transactionMatchers.length > 0) await reportUnbillableUsage(pass);
      break;
    case 'records':
      if (genericMatchers.length > 0) await billRecords(pass);
      break;
  }
  if (pass.tally.hasPendingIssues) await pass.commit([], [], new Map());
  if (pass.cancelled()) {
    throw new InvoiceRunError('CANCELLED', `Part ${part.index} of run ${run.id} was cancelled.`);
  }
  const made = pass.tally.storedRun!;
  if (made.invoicesMade > (part.index + 1) * PART_STRIDE) {
    throw new Error(`Part ${part.index} of run ${run.id} made more than ${PART_STRIDE} invoices`);
  }
  const held = pass.held!;
  const commit: RunPartCommit = {
    runId: run.id,
    part: part.index,
    subscriptions: options.scope?.subscriptions?.size ?? 0,
    added: {
      counters: made.counters,
      warningCount: made.warningCount,
      totals: made.totals,
      current: made.current,
      invoicesMade: made.invoicesMade,
    },
    issues: {errors: held.errors, warnings: held.warnings},
    invoices: held.invoices,
    ledgers: held.ledgers,
    recordErrors: held.recordErrors,
  };
  const stored = await store.commitRunPart(commit);
  if (stored && held.invoices.length > 0) options.onInvoices?.(held.invoices);
  return {
    counters: {...pass.tally.counters},
    totals: pass.tally.totals,
    errors: pass.tally.errors,
    warnings: pass.tally.warnings,
    cancelled: false,
    run: stored ? made : null,
  };
}

/** What a part has made so far: stored together when it ends. */
interface HeldPart {
  readonly invoices: Invoice[];
  readonly ledgers: SubscriptionLedgers[];
  readonly recordErrors: Map<string, RecordBuildError>;
  readonly errors: SourceIssue<SourceErrorCode>[];
  readonly warnings: SourceIssue<WarningCode>[];
}

class RunPass implements PassContext {
  /** A part's invoices and what goes with them, held until the part ends (null: not a part). */
  readonly held: HeldPart | null;
  readonly tally: PassTally;
  readonly period: RunPeriod;
  readonly chunkSize: number;
  readonly filters: PassFilters;
  /** Set when a phase finds the pass cancelled; a pass that finished its work is not. */
  stopped = false;

  constructor(readonly options: PassOptions) {
    this.tally = new PassTally(options.run);
    this.period = {
      start: toEpochDay(options.config.periodStart),
      end: toEpochDay(options.config.periodEnd),
    };
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.filters = compileFilters(options.config, options.filters);
    this.held =
      options.part === undefined
        ? null
        : {invoices: [], ledgers: [], recordErrors: new Map(), errors: [], warnings: []};
  }

  cancelled(): boolean {
    if (this.options.signal?.aborted) this.stopped = true;
    return this.stopped;
  }

  progress(phase: RunProgress['phase'], done: number, total: number): void {
    this.options.onProgress?.({phase, done, total});
  }

  async commit(
    drafts: readonly InvoiceDraft[],
    ledgers: readonly SubscriptionLedgers[],
    recordErrors: ReadonlyMap<string, RecordBuildError>,
  ): Promise<void> {
    const {invoices, totals} = this.tally.makeInvoices(drafts);
    const hadIssues = this.tally.hasPendingIssues;
    if (invoices.length === 0 && recordErrors.size === 0 && !hadIssues) return;
    const added = this.tally.addInvoices(invoices, totals);
    if (this.held !== null) {
      this.held.invoices.push(...invoices);
      this.held.ledgers.push(...ledgers);
      for (const [id, error] of recordErrors) this.held.recordErrors.set(id, error);
      this.held.errors.push(...(added?.issues.errors ?? []));
      this.held.warnings.push(...(added?.issues.warnings ?? []));
      return;
    }
    if (added !== null) {
      await this.options.store.commitRunChunk({...added, invoices, ledgers, recordErrors});
    }
    if (invoices.length > 0) this.options.onInvoices?.(invoices);
  }
}

/** The run's filters, compiled once for the pass. */
function compileFilters(config: ResolvedRunConfig, filters: readonly Filter[]): PassFilters {
  const byId = new Map(filters.map((filter) => [filter.id, filter]));
  const filterOf = (id: string): Filter => {
    const filter = byId.get(id);
    if (filter === undefined) throw new Error(`Filter ${id} vanished during the run`);
    return filter;
  };
  const subscriptionMatches =
    config.subscriptionFilter === null
      ? () => true
      : compileCondition(filterOf(config.subscriptionFilter).condition);
  return {
    subscriptionMatches,
    everySubscription: config.subscriptionFilter === null || matchesEverything(subscriptionMatches),
    transactionMatchers: config.transactionFilters.map((id) =>
      compileCondition(filterOf(id).condition),
    ),
    genericMatchers: config.genericFilters.map((id) => {
      const filter = filterOf(id);
      return {object: filter.object, test: compileCondition(filter.condition)};
    }),
  };
}
