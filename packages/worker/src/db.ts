/**
 * The IndexedDB schema of one billing database, through Dexie.
 *
 * Every record kind of the data set has its table, keyed by `id`. Next to them live what runs
 * produce: runs, invoices (their lines inside), item ledgers (the compact coverage index; from
 * version 5 one row per subscription with the ledgers of its items, so a chunk of subscriptions
 * reads and writes a row per subscription instead of one per item), record
 * build errors, numbering counters, schedules and their firings.
 *
 * Links to invoices: generic records carry a `billed` marker (0 or 1: booleans are not indexable)
 * and the id of the invoice that billed them, so the unbilled ones are an index range. Transactions
 * do not: a transaction row is the host's record as imported. Their links live in `usageLinks`
 * (version 5), one row per committed chunk of a run: each invoice's transaction ids and the span of
 * all their dates. A chunk writes one link row, blind, where writing a row per transaction was most
 * of a run's IndexedDB work (about ten per invoice; IndexedDB's cost is per record written, so even
 * a row per invoice was a third of a chunk's writes). Deleting drafts rewrites the link rows that
 * hold them. The unbilled scan of a period first reads the link rows whose span reaches into it
 * (the `last` index) into a set of billed ids, then pages the transactions of the period by
 * `[date+id]` and drops those in the set. Versions 1 to 3 kept the link on the transaction row, version 4 in a
 * row per transaction (`transactionLinks`); both are upgraded. Version 6 gives every run record its
 * `current` figures, summed from its stored invoices. Version 7 indexes items by
 * `[billingType+id]` instead of `orderNo`: a run reads every transactional item in a few pages to
 * resolve its usage, instead of one index query per order number.
 *
 * Indexes exist only for the queries the store makes:
 * - `runs.sequence`: runs newest first, paged;
 * - `runIssues.runId`: a run's errors and warnings, in the order found (the auto-increment key);
 * - `invoices.[runId+status]`: the drafts of a run; `invoices.[runId+order]` (version 2): a run's
 *   invoices in output order, paged without loading the whole run;
 * - `items.subscriptionId`: the items of a chunk of subscriptions; `items.[billingType+id]`
 *   (version 7): every transactional item, keyset-paged, which is what usage can be billed to;
 * - `transactions.[date+id]` (version 4; was `[billed+date+id]`): the transactions of a period,
 *   keyset-paged (the id makes the key unique, so a page continues exactly after the last one);
 * - `usageLinks.last` (version 5): the link rows whose transactions reach a date on or after a
 *   period's start (links of earlier periods are never read again);
 * - `records.[billed+id]`: unbilled generic records, keyset-paged;
 * - `firings.[scheduleId+at]`: the primary key, one firing per schedule and local time; a
 *   schedule's firings since an instant are a key range.
 * - `scheduleStates.scheduleId` (version 3): where the scheduler stands with each schedule.
 */
import {Dexie, type EntityTable, type Table} from 'dexie';
import {FiguresTally, NO_FIGURES} from '@invoice-run/core';
import type {
  Account,
  FiringRecord,
  Filter,
  GenericRecord,
  Invoice,
  Item,
  ItemLedger,
  RecordBuildError,
  RunFigures,
  RunRecord,
  Schedule,
  SourceIssue,
  Subscription,
  Transaction,
} from '@invoice-run/core';

/** 0 unbilled, 1 linked to an invoice. */
export type BilledFlag = 0 | 1;

/** A transaction as stored from version 4 on: the host's record, nothing added. */
export type TransactionRow = Transaction;

/** A transaction as versions 1 to 3 stored it, with its link on the row. */
export interface LegacyTransactionRow extends Transaction {
  readonly billed?: BilledFlag;
  readonly invoiceId?: string | null;
}

/** A transaction billed by an invoice (version 4 only). */
export interface TransactionLinkRow {
  readonly id: string;
  readonly invoiceId: string;
}

/** The ledgers of one subscription's items (version 5), sorted by item id. */
export interface SubscriptionLedgerRow {
  readonly subscriptionId: string;
  readonly items: readonly ItemLedger[];
}

/**
 * Where the ledger of an item whose item row is missing lives (version 5 upgrade; items are never
 * deleted, so only a damaged database has one): kept, and given back should the item come again.
 */
export const ORPHAN_LEDGERS = '';

/** An item ledger as versions 1 to 4 stored it: a row per item, without its subscription. */
export type LegacyItemLedger = Omit<ItemLedger, 'subscriptionId'>;

/** The transactions some invoices bill (version 5): by invoice, and the span of all their dates. */
export interface UsageLinkRow {
  /** The id of the row's first invoice when written. */
  readonly key: string;
  readonly invoices: readonly InvoiceUsageLink[];
  /** The earliest and latest transaction date, `YYYY-MM-DD` (a row only ever loses invoices, so
   * the span stays one that holds them all). */
  readonly first: string;
  readonly last: string;
}

export interface InvoiceUsageLink {
  readonly invoiceId: string;
  readonly transactionIds: readonly string[];
}

/** Invoices per link row when version 4's links are grouped at the upgrade (a run's chunk size). */
const UPGRADE_LINK_ROW_SIZE = 100;

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

/**
 * Version 4: transaction links move to their own table (`transactionLinks`); transaction rows lose
 * `billed` and `invoiceId` and are indexed by `[date+id]` for the unbilled scan.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  transactions: 'id, [date+id]',
  transactionLinks: 'id',
} as const;

/**
 * Version 5: a link row per invoice (`usageLinks`) instead of one per transaction; the ledgers of
 * a subscription's items in one row (`subscriptionLedgers`) instead of one per item.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  transactionLinks: null,
  usageLinks: 'key, last',
  ledgers: null,
  subscriptionLedgers: 'subscriptionId',
} as const;

/**
 * Version 6: no table or index changes; each run record gets `current`, the figures of its
 * invoices that exist (computed at the upgrade from the invoices stored), and `restores: 0`,
 * `lastRestoredAt: null` (earlier versions did not count restores; they moved `endedAt`).
 */
export const SCHEMA_V6 = SCHEMA_V5;

/**
 * Version 7: items are indexed by `[billingType+id]` for the usage phase and no longer by
 * `orderNo` (no query reads it any more). No data moves: IndexedDB builds the new index from the
 * rows.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  items: 'id, subscriptionId, [billingType+id]',
} as const;

export const SCHEMA_VERSION = 7;

export class InvoiceRunDb extends Dexie {
  declare settings: EntityTable<SettingRow, 'key'>;
  declare accounts: EntityTable<Account, 'id'>;
  declare subscriptions: EntityTable<Subscription, 'id'>;
  declare items: EntityTable<Item, 'id'>;
  declare transactions: EntityTable<TransactionRow, 'id'>;
  declare usageLinks: EntityTable<UsageLinkRow, 'key'>;
  declare records: Table<RecordRow, string, RecordRow>;
  declare filters: EntityTable<Filter, 'id'>;
  declare runs: EntityTable<RunRecord, 'id'>;
  declare runIssues: EntityTable<RunIssueRow, 'seq'>;
  declare invoices: EntityTable<InvoiceRow, 'id'>;
  declare subscriptionLedgers: EntityTable<SubscriptionLedgerRow, 'subscriptionId'>;
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
    this.version(4)
      .stores(SCHEMA_V4)
      .upgrade(async (tx) => {
        const links: TransactionLinkRow[] = [];
        await tx
          .table<LegacyTransactionRow>('transactions')
          .toCollection()
          .modify((row) => {
            if (row.billed === 1 && typeof row.invoiceId === 'string')
              links.push({id: row.id, invoiceId: row.invoiceId});
            delete (row as {billed?: BilledFlag}).billed;
            delete (row as {invoiceId?: string | null}).invoiceId;
          });
        if (links.length > 0) await tx.table<TransactionLinkRow>('transactionLinks').bulkPut(links);
      });
    this.version(5)
      .stores(SCHEMA_V5)
      .upgrade(async (tx) => {
        const links = await tx.table<TransactionLinkRow>('transactionLinks').toArray();
        const dates = await tx
          .table<TransactionRow>('transactions')
          .bulkGet(links.map((link) => link.id));
        await tx.table<UsageLinkRow>('usageLinks').bulkPut(usageLinkRows(links, dates));
        const ledgers = await tx.table<LegacyItemLedger>('ledgers').toArray();
        const items = await tx.table<Item>('items').bulkGet(ledgers.map((ledger) => ledger.itemId));
        await tx
          .table<SubscriptionLedgerRow>('subscriptionLedgers')
          .bulkPut(subscriptionLedgerRows(ledgers, items));
      });
    this.version(6)
      .stores(SCHEMA_V6)
      .upgrade(async (tx) => {
        const tallies = new Map<string, FiguresTally>();
        await tx.table<InvoiceRow>('invoices').each((invoice) => {
          if (invoice.runId === null) return;
          let tally = tallies.get(invoice.runId);
          if (tally === undefined) tallies.set(invoice.runId, (tally = new FiguresTally()));
          tally.count(invoice);
        });
        await tx
          .table<RunRecord>('runs')
          .toCollection()
          .modify((run) => {
            const upgraded = run as {
              current: RunFigures;
              restores: number;
              lastRestoredAt: string | null;
            };
            upgraded.current = tallies.get(run.id)?.figures() ?? NO_FIGURES;
            // Restores before this version moved `endedAt` and were not counted.
            upgraded.restores ??= 0;
            upgraded.lastRestoredAt ??= null;
          });
      });
    this.version(7).stores(SCHEMA_V7);
  }
}

/**
 * Version 4's links grouped into version 5's rows, by invoice, a hundred invoices a row. `dates[i]` is the transaction
 * of `links[i]`. A link whose transaction is gone spans every date, so its id stays billed in any
 * period should the transaction be imported again: billing twice is the failure to rule out.
 */
export function usageLinkRows(
  links: readonly TransactionLinkRow[],
  dates: readonly (Pick<Transaction, 'date'> | undefined)[],
): UsageLinkRow[] {
  const byInvoice = new Map<string, {transactionIds: string[]; first: string; last: string}>();
  links.forEach((link, index) => {
    const date = dates[index]?.date;
    let entry = byInvoice.get(link.invoiceId);
    if (entry === undefined) {
      entry = {transactionIds: [], first: date ?? '0000-01-01', last: date ?? '9999-12-31'};
      byInvoice.set(link.invoiceId, entry);
    }
    entry.transactionIds.push(link.id);
    if (date !== undefined && date < entry.first) entry.first = date;
    if (date !== undefined && date > entry.last) entry.last = date;
  });
  const entries = [...byInvoice];
  const rows: UsageLinkRow[] = [];
  for (let start = 0; start < entries.length; start += UPGRADE_LINK_ROW_SIZE) {
    const part = entries.slice(start, start + UPGRADE_LINK_ROW_SIZE);
    rows.push({
      key: part[0]![0],
      invoices: part.map(([invoiceId, {transactionIds}]) => ({invoiceId, transactionIds})),
      first: part.map(([, entry]) => entry.first).reduce((a, b) => (a < b ? a : b)),
      last: part.map(([, entry]) => entry.last).reduce((a, b) => (a > b ? a : b)),
    });
  }
  return rows;
}

/** Version 4's item ledgers grouped into version 5's rows; `items[i]` is the item of `ledgers[i]`. */
export function subscriptionLedgerRows(
  ledgers: readonly LegacyItemLedger[],
  items: readonly (Pick<Item, 'subscriptionId'> | undefined)[],
): SubscriptionLedgerRow[] {
  const bySubscription = new Map<string, ItemLedger[]>();
  ledgers.forEach((ledger, index) => {
    const subscriptionId = items[index]?.subscriptionId ?? ORPHAN_LEDGERS;
    const row = bySubscription.get(subscriptionId) ?? [];
    row.push({...ledger, subscriptionId});
    bySubscription.set(subscriptionId, row);
  });
  return [...bySubscription].map(([subscriptionId, rows]) => ({
    subscriptionId,
    items: rows.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)),
  }));
}
