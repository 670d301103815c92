/**
 * What every phase of a pass works with: its options, its tally, the run period as days, the
 * compiled filters, and the three things a phase does besides billing (check for cancellation,
 * report progress, commit invoices). `run-pass.ts` makes it; the phases only read it.
 */
import type {InvoiceDraft} from '../billing/invoices.js';
import type {RunPeriod} from '../billing/item-billing.js';
import type {ConditionPredicate} from '../records/filter-condition.js';
import type {RecordBuildError, SubscriptionLedgers} from '../store/store.js';
import type {PassTally} from './pass-tally.js';
import type {PassOptions, RunProgress} from './run-pass.js';

export interface PassFilters {
  readonly subscriptionMatches: ConditionPredicate;
  /** No subscription filter, or one that matches everything (`{"all": []}`). */
  readonly everySubscription: boolean;
  readonly transactionMatchers: readonly ConditionPredicate[];
  readonly genericMatchers: readonly {
    readonly object: string | undefined;
    readonly test: ConditionPredicate;
  }[];
}

export interface PassContext {
  readonly options: PassOptions;
  readonly tally: PassTally;
  readonly period: RunPeriod;
  readonly chunkSize: number;
  readonly filters: PassFilters;
  /** Checks the signal: whether the pass is cancelled. Once true, stays true. */
  cancelled(): boolean;
  /** Whether a check found the pass cancelled (without checking again). */
  readonly stopped: boolean;
  progress(phase: RunProgress['phase'], done: number, total: number): void;
  /**
   * Makes the invoices of `drafts` and, unless previewing, stores them in one store transaction
   * with the ledgers and record errors they bring and the issues found since the last commit.
   */
  commit(
    drafts: readonly InvoiceDraft[],
    ledgers: readonly SubscriptionLedgers[],
    recordErrors: ReadonlyMap<string, RecordBuildError>,
  ): Promise<void>;
}
