/**
 * The IndexedDB schema of one billing database, through Dexie.
 *
 * Every record kind of the data set has its table, keyed by `id`. Next to them live what runs
 * produce: runs, invoices (their lines inside), item ledgers (the compact coverage index), record
 * build errors, numbering counters, schedules and their firings. Transactions and generic records
 * carry a `billed` marker (0 or 1: booleans are not indexable) and the id of the invoice that
 * billed them, so the unbilled ones are an index range.
 *
 * Indexes exist only for the queries the store makes:
 * - `runs.sequence`: runs newest first, paged;
 * - `runIssues.runId`: a run's errors and warnings, in the order found (the auto-increment key);
 * - `invoices.[runId+status]`: the drafts of a run; `invoices.[runId+order]` (version 2): a run's
 *   invoices in output order, paged without loading the whole run;
 * - `items.subscriptionId`, `items.orderNo`: the items of a chunk of subscriptions, usage by order
 *   number;
 * - `transactions.[billed+date+id]`: unbilled transactions of a period, keyset-paged (the id makes
 *   the key unique, so a page continues exactly after the last one);
 * - `records.[billed+id]`: unbilled generic records, keyset-paged;
 * - `firings.[scheduleId+at]`: the primary key, one firing per schedule and local time; a
 *   schedule's firings since an instant are a key range.
 * - `scheduleStates.scheduleId` (version 3): where the scheduler stands with each schedule.
 */
import {Dexie, type EntityTable, type Table} from 'dexie';
import type {
  Account,
  FiringRecord,
  Filter,
  GenericRecord,
  Invoice,
  Item,
  ItemLedger,
  RecordBuildError,
  RunRecord,
  Schedule,
  SourceIssue,
  Subscription,
  Transaction,
} from '@invoice-run/core';

/** 0 unbilled, 1 linked to an invoice. */
export type BilledFlag = 0 | 1;

export interface TransactionRow extends Transaction {
  readonly billed: BilledFlag;
  readonly invoiceId: string | null;
}

export interface RecordRow extends GenericRecord {
  readonly billed: BilledFlag;
  readonly invoiceId: string | null;
}

/**
 * An invoice's output position within its run (`compareInvoices`): account, subscription, currency,
 * criterion, index; a missing subscription or criterion is 0, which IndexedDB sorts before any
 * string, as `compareInvoices` sorts null first. Strings compare by code units in both.
 */
export type InvoiceOrder = readonly [string, string | 0, string, string | 0, number];

export interface InvoiceRow extends Invoice {
  /** Added in version 2. */
  readonly order: InvoiceOrder;
}

/** One error or warning of a run; `seq` keeps the order they were found in. */
export interface RunIssueRow {
  readonly seq?: number;
  readonly runId: string;
  readonly kind: 'error' | 'warning';
  readonly issue: SourceIssue;
}

export interface SettingRow {
  readonly key: string;
  readonly value: unknown;
}

export interface CounterRow {
  readonly key: string;
  readonly value: number;
}

/**
 * Where the scheduler stands with one schedule (version 3). Firing times after `since` count:
 * `since` is the instant of the save that (re)started the schedule, then the instant of the last
 * check that completed for it.
 */
export interface ScheduleStateRow {
  readonly scheduleId: string;
  /** When the schedule was last saved. */
  readonly savedAt: string;
  readonly since: string;
  /** The last check that completed for it, or null before the first one. */
  readonly lastCheckedAt: string | null;
}

export interface RecordErrorRow {
  readonly recordId: string;
  readonly error: NonNullable<RecordBuildError>;
}

export function invoiceOrder(invoice: Invoice): InvoiceOrder {
  return [
    invoice.accountId,
    invoice.subscriptionId ?? 0,
    invoice.currency,
    invoice.criterion ?? 0,
    invoice.index,
  ];
}

/** Version 1, as first shipped; kept so the upgrade test can write a database of that version. */
export const SCHEMA_V1 = {
  settings: 'key',
  accounts: 'id',
  subscriptions: 'id',
  items: 'id, subscriptionId, orderNo',
  transactions: 'id, [billed+date+id]',
  records: 'id, [billed+id]',
  filters: 'id',
  runs: 'id, sequence',
  runIssues: '++seq, runId',
  invoices: 'id, [runId+status]',
  ledgers: 'itemId',
  recordErrors: 'recordId',
  counters: 'key',
  schedules: 'id',
  firings: '[scheduleId+at]',
} as const;

/** Version 2: invoices get their output order as an index, for paging a run's invoices. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  invoices: 'id, [runId+status], [runId+order]',
} as const;

/** Version 3: the scheduler's state per schedule (no data moves: a missing row means "start now"). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  scheduleStates: 'scheduleId',
} as const;

export const SCHEMA_VERSION = 3;

export class InvoiceRunDb extends Dexie {
  declare settings: EntityTable<SettingRow, 'key'>;
  declare accounts: EntityTable<Account, 'id'>;
  declare subscriptions: EntityTable<Subscription, 'id'>;
  declare items: EntityTable<Item, 'id'>;
  declare transactions: Table<TransactionRow, string, TransactionRow>;
  declare records: Table<RecordRow, string, RecordRow>;
  declare filters: EntityTable<Filter, 'id'>;
  declare runs: EntityTable<RunRecord, 'id'>;
  declare runIssues: EntityTable<RunIssueRow, 'seq'>;
  declare invoices: EntityTable<InvoiceRow, 'id'>;
  declare ledgers: EntityTable<ItemLedger, 'itemId'>;
  declare recordErrors: EntityTable<RecordErrorRow, 'recordId'>;
  declare counters: EntityTable<CounterRow, 'key'>;
  declare schedules: EntityTable<Schedule, 'id'>;
  declare firings: Table<FiringRecord, [string, string]>;
  declare scheduleStates: EntityTable<ScheduleStateRow, 'scheduleId'>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        await tx
          .table<InvoiceRow>('invoices')
          .toCollection()
          .modify((invoice) => {
            (invoice as {order: InvoiceOrder}).order = invoiceOrder(invoice);
          });
      });
    this.version(3).stores(SCHEMA_V3);
  }
}
