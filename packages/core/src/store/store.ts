/**
 * The storage a run works against. The engine holds all billing logic; a store only reads and
 * writes, and makes each write method atomic (all of it or none of it). The in-memory store in
 * `memory-store.ts` backs the command line and the tests; the worker package implements the same
 * interface on IndexedDB, so both run the very same engine.
 *
 * Reads that can be large come in chunks, so a store never has to hold a whole data set in memory.
 * A store reads a chunk when it is asked for it; the pass asks for the next one ahead.
 */
import type {IsoDate} from '../primitives/dates.js';
import type {ItemLedger} from '../billing/item-billing.js';
import type {
  CurrencyTotal,
  Invoice,
  RunCounters,
  RunFigures,
  RunIssues,
  RunRecord,
  SourceIssue,
} from '../records/model.js';
import type {Schedule} from '../scheduling/schedule.js';
import type {
  Account,
  DataSet,
  Filter,
  GenericRecord,
  Item,
  RecordKind,
  RecordsByKind,
  Settings,
  Subscription,
  Transaction,
} from '../records/schemas.js';

/** A generic record's last build error, kept on the record (billing.md section 7). */
export type RecordBuildError = SourceIssue | null;

/** Which item's ledger to read, with its subscription. */
export type LedgerKey = Pick<Item, 'id' | 'subscriptionId'>;

/**
 * A chunk of subscriptions with what billing them reads: their accounts, items and the items'
 * ledgers, read together so a store can read them in one go.
 */
export interface SubscriptionChunk {
  /** In ascending id order. */
  readonly subscriptions: readonly Subscription[];
  /** The subscriptions' accounts by id; a missing account is absent. */
  readonly accounts: ReadonlyMap<string, Account>;
  /** The items of each subscription, in ascending item id order; none: absent or empty. */
  readonly items: ReadonlyMap<string, readonly Item[]>;
  /**
   * Every item ledger kept with each subscription, by subscription id, in ascending item id
   * order; none: absent. A run commits a subscription's ledgers whole from these, so the commit
   * reads nothing again.
   */
  readonly ledgers: ReadonlyMap<string, readonly ItemLedger[]>;
}

/** Every item ledger kept with one subscription, in ascending item id order. */
export interface SubscriptionLedgers {
  readonly subscriptionId: string;
  readonly ledgers: readonly ItemLedger[];
}

/** Everything one chunk of a run stores, written in one transaction. */
export interface RunCommit {
  /** The run with its counters and totals updated for this chunk. */
  readonly run: RunRecord;
  /** Errors and warnings found since the previous commit, appended to the run's issues. */
  readonly issues: RunIssues;
  /** Whole invoices with their lines; their transactions and records are linked to them. */
  readonly invoices: readonly Invoice[];
  /**
   * The ledgers of each subscription whose items this chunk billed, whole: those the chunk read
   * with this chunk's coverage added and billing starts fixed. They replace what the store keeps
   * for those subscriptions (items cannot move while a run bills).
   */
  readonly ledgers: readonly SubscriptionLedgers[];
  /** Generic records' last build errors to set (null clears one). */
  readonly recordErrors: ReadonlyMap<string, RecordBuildError>;
}

/**
 * What one part of a run in parts adds to its run record: counts, amounts and the index after its
 * invoices. Parts finish in any order, so a store adds these to the run as it stands when the part
 * commits ({@link addToRun}) instead of writing a whole run record.
 */
export interface RunAddition {
  readonly counters: RunCounters;
  readonly warningCount: number;
  readonly totals: readonly CurrencyTotal[];
  readonly current: RunFigures;
  /** One past the highest invoice index the part used: the run's `invoicesMade` is at least this. */
  readonly invoicesMade: number;
}

/**
 * One part of a run in parts: some subscriptions (with the usage of their items), the generic
 * records, or the usage no subscription can take. `index` is the part's number in its run's plan.
 */
export type RunPart =
  | {
      readonly index: number;
      readonly kind: 'subscriptions';
      /** In ascending id order. */
      readonly subscriptions: readonly string[];
    }
  | {readonly index: number; readonly kind: 'records' | 'usage-issues'};

/**
 * Everything one part of a run in parts stores, in one transaction, at most once: a part that was
 * committed already (its worker died after the commit, and the queue ran it again) stores nothing.
 */
export interface RunPartCommit {
  readonly runId: string;
  /** The part's number in its run's plan; a run keeps each number once. */
  readonly part: number;
  /** How many subscriptions the part covered (for progress; 0 for the other parts). */
  readonly subscriptions: number;
  readonly added: RunAddition;
  readonly issues: RunIssues;
  readonly invoices: readonly Invoice[];
  readonly ledgers: readonly SubscriptionLedgers[];
  readonly recordErrors: ReadonlyMap<string, RecordBuildError>;
}

/**
 * The usage a part of a run reads for its subscriptions: their transactional items with every
 * transactional item that shares an order number with one of them (so an ambiguous order number is
 * known as such), and the unbilled transactions dated in the period that name one of their items
 * by id or, naming no item id, one of their order numbers, in the order `scanUnbilledTransactions`
 * gives them.
 */
export interface SubscriptionUsage {
  readonly items: readonly Item[];
  readonly transactions: readonly Transaction[];
}

/** One draft as a clerk's edit leaves it, with what the edit gives back; stored in one transaction. */
export interface DraftEditCommit {
  /** The edited draft, replacing the stored one. */
  readonly invoice: Invoice;
  /** Item ledgers with the days of removed item lines taken out. */
  readonly ledgers: readonly ItemLedger[];
  /** Transactions of removed usage lines: no longer linked to the invoice. */
  readonly unlinkedTransactions: readonly string[];
  /** Records whose last line on the invoice was removed: no longer linked to it. */
  readonly unlinkedRecords: readonly string[];
  /** The draft's run with its `current` figures after the edit (absent: a draft of no run). */
  readonly run?: RunRecord;
}

/**
 * Where the scheduler stands with one schedule. Firing times after `since` count: `since` is the
 * instant of the save that (re)started the schedule, then the instant of the last check that
 * completed for it.
 */
export interface ScheduleState {
  readonly scheduleId: string;
  /** When the schedule was last saved. */
  readonly savedAt: string;
  readonly since: string;
  /** The last check that completed for it, or null before the first one. */
  readonly lastCheckedAt: string | null;
}

/** A schedule firing, recorded with the run it made before that run starts. */
export interface FiringRecord {
  readonly scheduleId: string;
  /** Local wall-clock time of the firing, `YYYY-MM-DDTHH:MM`. */
  readonly at: string;
  readonly runId: string | null;
  readonly status: 'fired' | 'skipped' | 'refused';
  readonly reason: string | null;
}

export interface BillingStore {
  // Source data.
  readSettings(): Promise<Settings>;
  writeSettings(settings: Settings): Promise<void>;
  readFilters(): Promise<Filter[]>;
  readAccounts(ids: Iterable<string>): Promise<Map<string, Account>>;
  /**
   * Every subscription (or only those of `ids`), in id order, in chunks of at most `size`, each
   * with its accounts, items and ledgers.
   */
  scanSubscriptionChunks(size: number, ids?: readonly string[]): AsyncIterable<SubscriptionChunk>;
  readItems(ids: Iterable<string>): Promise<Map<string, Item>>;
  /** Every transactional item (active or not), in chunks: what usage can be billed to. */
  scanTransactionalItems(size: number): AsyncIterable<Item[]>;
  /** The ledgers of these items (by item id); items without one have none yet. */
  readLedgers(items: Iterable<LedgerKey>): Promise<Map<string, ItemLedger>>;
  /** Transactions linked to no invoice whose date lies in `[start, end]`, in chunks. */
  scanUnbilledTransactions(
    start: IsoDate,
    end: IsoDate,
    size: number,
  ): AsyncIterable<Transaction[]>;
  /** Generic records linked to no invoice, in chunks. */
  scanUnbilledRecords(size: number): AsyncIterable<GenericRecord[]>;
  readRecords(ids: Iterable<string>): Promise<Map<string, GenericRecord>>;
  /** Transactions by id; ids without one are absent. */
  readTransactions(ids: Iterable<string>): Promise<Map<string, Transaction>>;

  // Runs and invoices.
  readRuns(): Promise<RunRecord[]>;
  readRun(id: string): Promise<RunRecord | undefined>;
  /** The number the next created run gets; never handed out twice. */
  nextRunSequence(): Promise<number>;
  putRun(run: RunRecord): Promise<void>;
  commitRunChunk(commit: RunCommit): Promise<void>;
  /** A run's errors and warnings, in the order they were found. */
  readRunIssues(runId: string): Promise<RunIssues>;
  readInvoicesOfRun(runId: string): Promise<Invoice[]>;
  readInvoices(ids: Iterable<string>): Promise<Map<string, Invoice>>;
  /** Removes draft invoices with their lines, unlinks their transactions and records, and writes
   * the ledgers with the invoices' coverage removed and their runs with the figures of what they
   * hold now (`current`); all in one transaction. */
  deleteInvoices(
    invoiceIds: readonly string[],
    ledgers: readonly ItemLedger[],
    runs: readonly RunRecord[],
  ): Promise<void>;
  /** Replaces an edited draft and gives back what its removed lines billed, in one transaction. */
  commitDraftEdit(edit: DraftEditCommit): Promise<void>;
  /** Writes finalized invoices, the numbering counters they used and their runs (with their
   * `current` figures), in one transaction. */
  saveFinalized(
    invoices: readonly Invoice[],
    counters: ReadonlyMap<string, number>,
    runs: readonly RunRecord[],
  ): Promise<void>;
  readCounters(keys: Iterable<string>): Promise<Map<string, number>>;

  // Schedules and where the scheduler stands with each.
  readSchedules(): Promise<Schedule[]>;
  readSchedule(id: string): Promise<Schedule | undefined>;
  readScheduleStates(): Promise<ScheduleState[]>;
  readScheduleState(id: string): Promise<ScheduleState | undefined>;
  /** Stores a schedule with its scheduler state, in one transaction. */
  putSchedule(schedule: Schedule, state: ScheduleState): Promise<void>;
  /** Deletes a schedule and its state (its firings stay); false when there was none. */
  deleteSchedule(id: string): Promise<boolean>;
  /** Gives a stored schedule that has no state yet this one (nothing otherwise), atomically. */
  startScheduleState(state: ScheduleState): Promise<void>;
  /**
   * Moves a schedule's `since` and `lastCheckedAt` forward to `instant` (never back), atomically;
   * nothing for a schedule without state (deleted meanwhile).
   */
  advanceScheduleState(scheduleId: string, instant: string): Promise<void>;

  // Schedule firings.
  readFiring(scheduleId: string, at: string): Promise<FiringRecord | undefined>;
  /** Every recorded firing of a schedule, in time order. */
  readFirings(scheduleId: string): Promise<FiringRecord[]>;
  /** The recorded firings of a schedule at or after local time `at`, in time order. */
  readFiringsFrom(scheduleId: string, at: string): Promise<FiringRecord[]>;
  /** The latest recorded firing of a schedule. */
  readLastFiring(scheduleId: string): Promise<FiringRecord | undefined>;
  /** Records a firing and creates its run in one transaction; false when it already fired. */
  recordFiring(firing: FiringRecord, run: RunRecord | null): Promise<boolean>;
  /**
   * Records missed firings as skipped in one transaction, never over a recorded one; returns
   * those it recorded.
   */
  recordSkippedFirings(firings: readonly FiringRecord[]): Promise<FiringRecord[]>;
  /**
   * Records why a firing failed, atomically: a firing recorded with its run keeps it and gains the
   * reason (when it has none); a refused one stays as it is; otherwise it is recorded as refused.
   * Returns the firing as recorded.
   */
  recordFiringFailure(scheduleId: string, at: string, reason: string): Promise<FiringRecord>;

  // Runs in parts (several processes billing one run). Only a store that processes share needs
  // them: the in-memory store has them for tests; IndexedDB (one browser's) has not.
  /** Every subscription id in ascending order, in pages of at most `size`. */
  scanSubscriptionIds?(size: number): AsyncIterable<string[]>;
  /** The usage a part of a run reads for these subscriptions ({@link SubscriptionUsage}). */
  readSubscriptionUsage?(
    subscriptionIds: readonly string[],
    start: IsoDate,
    end: IsoDate,
  ): Promise<SubscriptionUsage>;
  /**
   * Stores a part of a run in one transaction and adds its figures to the run as it stands then
   * (under a lock, so parts committing at once add up exactly); false, storing nothing, when the
   * part was committed already.
   */
  commitRunPart?(commit: RunPartCommit): Promise<boolean>;
  /** The parts of a run committed so far, with the subscriptions they covered. */
  readRunParts?(runId: string): Promise<{part: number; subscriptions: number}[]>;
  /**
   * Stores a run begun in parts (running) with its plan, in one transaction: whoever follows the
   * run to its end, the process that planned it or another after that one died, finds every part.
   */
  putRunPlan?(run: RunRecord, parts: readonly RunPart[]): Promise<void>;
  /** The plan of a run begun in parts, by part index; undefined for a run that was not. */
  readRunPlan?(runId: string): Promise<RunPart[] | undefined>;

  // Import and export.
  upsert<K extends RecordKind>(kind: K, records: readonly RecordsByKind[K][]): Promise<void>;
  exportData(): Promise<Required<DataSet>>;
}
