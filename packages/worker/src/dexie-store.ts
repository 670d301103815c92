/**
 * `BillingStore` on IndexedDB: the same contract as core's `MemoryStore`, so the worker runs the
 * very same engine as the command line. Every write method is one `rw` transaction holding only
 * IndexedDB work; scans page through an index with keyset paging (`above(lastKey).limit(n)`), so a
 * run never holds a whole table in memory.
 */
import {Dexie, type Table} from 'dexie';
import {settingsSchema} from '@invoice-run/core';
import type {
  Account,
  BillingStore,
  DataSet,
  FiringRecord,
  Filter,
  GenericRecord,
  Invoice,
  IsoDate,
  Item,
  ItemLedger,
  LedgerKey,
  RecordBuildError,
  RecordKind,
  RecordsByKind,
  RunCommit,
  RunIssues,
  RunRecord,
  Settings,
  Subscription,
  Transaction,
} from '@invoice-run/core';
import {
  invoiceOrder,
  type BilledFlag,
  type InvoiceRow,
  type InvoiceRunDb,
  type RecordRow,
  type RunIssueRow,
  type UsageLinkRow,
} from './db.js';

interface LinkMarker {
  readonly id: string;
  readonly billed: BilledFlag;
  readonly invoiceId: string | null;
}

const SETTINGS_KEY = 'settings';
const RUN_SEQUENCE_KEY = 'runSequence';

export interface DexieStoreOptions {
  /**
   * Called before a run is stored as `running`, and awaited: the worker takes the run's Web Lock
   * there, so a run that storage shows running without its lock held is known to be interrupted.
   */
  readonly onRunStarting?: (run: RunRecord) => Promise<void>;
}

function toMap<T>(ids: readonly string[], rows: readonly (T | undefined)[]): Map<string, T> {
  const found = new Map<string, T>();
  rows.forEach((row, index) => {
    if (row !== undefined) found.set(ids[index]!, row);
  });
  return found;
}

/** A copy of `row` without the fields only the database keeps. */
function without<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Omit<T, K> {
  const copy: Partial<T> = {...row};
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}

const LINK_FIELDS = ['billed', 'invoiceId'] as const;

function stripRecord(row: RecordRow): GenericRecord {
  return without(row, LINK_FIELDS);
}

function stripInvoice(row: InvoiceRow): Invoice {
  return without(row, ['order']);
}

function toInvoiceRow(invoice: Invoice): InvoiceRow {
  return {...invoice, order: invoiceOrder(invoice)};
}

/** The link row of an invoice that bills usage: its transactions and the span of their dates. */
function usageLinkOf(invoice: Invoice): UsageLinkRow[] {
  if (invoice.transactionIds.length === 0) return [];
  // Each usage line spans the dates of its transactions, so the lines span them all.
  let first = '9999-12-31';
  let last = '0000-01-01';
  for (const line of invoice.lines) {
    if (line.kind !== 'usage') continue;
    if (line.servicePeriod.start < first) first = line.servicePeriod.start;
    if (line.servicePeriod.end > last) last = line.servicePeriod.end;
  }
  // Without a usage line (never expected) the row spans every date: billed ids stay billed.
  if (first > last) [first, last] = ['0000-01-01', '9999-12-31'];
  return [{invoiceId: invoice.id, transactionIds: invoice.transactionIds, first, last}];
}

export class DexieStore implements BillingStore {
  constructor(
    readonly db: InvoiceRunDb,
    private readonly options: DexieStoreOptions = {},
  ) {}

  async readSettings(): Promise<Settings> {
    const row = await this.db.settings.get(SETTINGS_KEY);
    return row === undefined ? settingsSchema.parse({}) : (row.value as Settings);
  }

  async writeSettings(settings: Settings): Promise<void> {
    await this.db.settings.put({key: SETTINGS_KEY, value: settings});
  }

  async readFilters(): Promise<Filter[]> {
    return this.db.filters.toArray();
  }

  async readAccounts(ids: Iterable<string>): Promise<Map<string, Account>> {
    const list = [...ids];
    return toMap(list, await this.db.accounts.bulkGet(list));
  }

  async readSubscriptions(ids: Iterable<string>): Promise<Map<string, Subscription>> {
    const list = [...ids];
    return toMap(list, await this.db.subscriptions.bulkGet(list));
  }

  async *scanSubscriptions(size: number): AsyncIterable<Subscription[]> {
    let last: string | undefined;
    for (;;) {
      const chunk = await (
        last === undefined
          ? this.db.subscriptions.orderBy('id')
          : this.db.subscriptions.where('id').above(last)
      )
        .limit(size)
        .toArray();
      if (chunk.length === 0) return;
      last = chunk[chunk.length - 1]!.id;
      yield chunk;
      if (chunk.length < size) return;
    }
  }

  async readItems(ids: Iterable<string>): Promise<Map<string, Item>> {
    const list = [...ids];
    return toMap(list, await this.db.items.bulkGet(list));
  }

  async readItemsOfSubscriptions(ids: Iterable<string>): Promise<Map<string, Item[]>> {
    const list = [...ids];
    const bySubscription = new Map<string, Item[]>();
    if (list.length === 0) return bySubscription;
    const found = await this.equalsEach(this.db.items, 'subscriptionId', list);
    list.forEach((id, index) => {
      const items = found[index]!;
      // Index order within one key is the primary key's: the item ids, ascending.
      if (items.length > 0) bySubscription.set(id, items);
    });
    return bySubscription;
  }

  async readTransactionalItemsByOrderNo(orderNos: Iterable<string>): Promise<Map<string, Item[]>> {
    const list = [...orderNos];
    const byOrderNo = new Map<string, Item[]>();
    if (list.length === 0) return byOrderNo;
    const found = await this.equalsEach(this.db.items, 'orderNo', list);
    list.forEach((orderNo, index) => {
      const items = found[index]!.filter((item) => item.billingType === 'transactional');
      if (items.length > 0) byOrderNo.set(orderNo, items);
    });
    return byOrderNo;
  }

  async readLedgers(items: Iterable<LedgerKey>): Promise<Map<string, ItemLedger>> {
    const list = [...items].map((item) => item.id);
    return toMap(list, await this.db.ledgers.bulkGet(list));
  }

  async *scanUnbilledTransactions(
    start: IsoDate,
    end: IsoDate,
    size: number,
  ): AsyncIterable<Transaction[]> {
    // The billed ids of the period first (link rows whose span reaches into it), then pages the
    // period by [date+id] and drops those. A chunk may hold fewer than `size`; a page with
    // nothing unbilled yields nothing, the scan reads on.
    const {db} = this;
    const billed = new Set<string>();
    const links = await db.usageLinks.where('last').aboveOrEqual(start).toArray();
    for (const link of links) {
      if (link.first <= end) for (const id of link.transactionIds) billed.add(id);
    }
    let lower: [string, string] | [string] = [start];
    let includeLower = true;
    for (;;) {
      const rows: Transaction[] = await db.transactions
        .where('[date+id]')
        .between(lower, [end, Dexie.maxKey], includeLower, true)
        .limit(size)
        .toArray();
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      lower = [last.date, last.id];
      includeLower = false;
      const unbilled = billed.size === 0 ? rows : rows.filter((row) => !billed.has(row.id));
      if (unbilled.length > 0) yield unbilled;
      if (rows.length < size) return;
    }
  }

  async *scanUnbilledRecords(size: number): AsyncIterable<GenericRecord[]> {
    let lower: [0, string] | [0] = [0];
    let includeLower = true;
    for (;;) {
      const rows: RecordRow[] = await this.db.records
        .where('[billed+id]')
        .between(lower, [0, Dexie.maxKey], includeLower, true)
        .limit(size)
        .toArray();
      if (rows.length === 0) return;
      lower = [0, rows[rows.length - 1]!.id];
      includeLower = false;
      yield rows.map(stripRecord);
      if (rows.length < size) return;
    }
  }

  async readRecords(ids: Iterable<string>): Promise<Map<string, GenericRecord>> {
    const list = [...ids];
    const rows = await this.db.records.bulkGet(list);
    return toMap(
      list,
      rows.map((row) => (row === undefined ? undefined : stripRecord(row))),
    );
  }

  /** The last build error kept on a generic record, if any. */
  async recordError(recordId: string): Promise<RecordBuildError> {
    return (await this.db.recordErrors.get(recordId))?.error ?? null;
  }

  async readRuns(): Promise<RunRecord[]> {
    return this.db.runs.toArray();
  }

  async readRun(id: string): Promise<RunRecord | undefined> {
    return this.db.runs.get(id);
  }

  async nextRunSequence(): Promise<number> {
    return this.db.transaction('rw', this.db.settings, async () => {
      const current = (await this.db.settings.get(RUN_SEQUENCE_KEY))?.value;
      const next = (typeof current === 'number' ? current : 0) + 1;
      await this.db.settings.put({key: RUN_SEQUENCE_KEY, value: next});
      return next;
    });
  }

  async putRun(run: RunRecord): Promise<void> {
    if (run.status === 'running') await this.options.onRunStarting?.(run);
    await this.db.runs.put(run);
  }

  async commitRunChunk(commit: RunCommit): Promise<void> {
    const {db} = this;
    const usageLinks = commit.invoices.flatMap(usageLinkOf);
    const recordLinks = new Map<string, string>();
    for (const invoice of commit.invoices) {
      for (const id of invoice.recordIds) recordLinks.set(id, invoice.id);
    }
    const setErrors = [...commit.recordErrors].flatMap(([recordId, error]) =>
      error === null ? [] : [{recordId, error}],
    );
    const clearErrors = [...commit.recordErrors].flatMap(([recordId, error]) =>
      error === null ? [recordId] : [],
    );
    await db.transaction(
      'rw',
      [db.runs, db.runIssues, db.invoices, db.ledgers, db.usageLinks, db.records, db.recordErrors],
      async () => {
        await db.runs.put(commit.run);
        const issues: RunIssueRow[] = [
          ...commit.issues.errors.map((issue) => ({
            runId: commit.run.id,
            kind: 'error' as const,
            issue,
          })),
          ...commit.issues.warnings.map((issue) => ({
            runId: commit.run.id,
            kind: 'warning' as const,
            issue,
          })),
        ];
        if (issues.length > 0) await db.runIssues.bulkAdd(issues);
        if (commit.invoices.length > 0)
          await db.invoices.bulkPut(commit.invoices.map(toInvoiceRow));
        if (commit.ledgers.length > 0) await db.ledgers.bulkPut([...commit.ledgers]);
        // Blind writes: one link row per invoice; transaction rows are not read or touched.
        if (usageLinks.length > 0) await db.usageLinks.bulkPut(usageLinks);
        await this.link(db.records, recordLinks);
        if (setErrors.length > 0) await db.recordErrors.bulkPut(setErrors);
        if (clearErrors.length > 0) await db.recordErrors.bulkDelete(clearErrors);
      },
    );
  }

  async readRunIssues(runId: string): Promise<RunIssues> {
    const rows = await this.db.runIssues.where('runId').equals(runId).toArray();
    return {
      errors: rows.flatMap((row) =>
        row.kind === 'error' ? [row.issue as RunIssues['errors'][number]] : [],
      ),
      warnings: rows.flatMap((row) =>
        row.kind === 'warning' ? [row.issue as RunIssues['warnings'][number]] : [],
      ),
    };
  }

  async readInvoicesOfRun(runId: string): Promise<Invoice[]> {
    const rows = await this.db.invoices
      .where('[runId+order]')
      .between([runId, Dexie.minKey], [runId, Dexie.maxKey])
      .toArray();
    return rows.map(stripInvoice);
  }

  /** A page of a run's invoices in output order, read through the `[runId+order]` index. */
  async readInvoicePage(runId: string, offset: number, limit: number): Promise<Invoice[]> {
    const rows = await this.db.invoices
      .where('[runId+order]')
      .between([runId, Dexie.minKey], [runId, Dexie.maxKey])
      .offset(offset)
      .limit(limit)
      .toArray();
    return rows.map(stripInvoice);
  }

  async countInvoicesOfRun(runId: string): Promise<number> {
    return this.db.invoices
      .where('[runId+order]')
      .between([runId, Dexie.minKey], [runId, Dexie.maxKey])
      .count();
  }

  async readInvoices(ids: Iterable<string>): Promise<Map<string, Invoice>> {
    const list = [...ids];
    const rows = await this.db.invoices.bulkGet(list);
    return toMap(
      list,
      rows.map((row) => (row === undefined ? undefined : stripInvoice(row))),
    );
  }

  async deleteInvoices(
    invoiceIds: readonly string[],
    ledgers: readonly ItemLedger[],
  ): Promise<void> {
    const {db} = this;
    const tables = [db.invoices, db.ledgers, db.usageLinks, db.records];
    await db.transaction('rw', tables, async () => {
      const invoices = (await db.invoices.bulkGet([...invoiceIds])).filter(
        (invoice): invoice is InvoiceRow => invoice !== undefined,
      );
      const recordIds = invoices.flatMap((invoice) => invoice.recordIds);
      const ids = invoices.map((invoice) => invoice.id);
      await db.invoices.bulkDelete(ids);
      await db.usageLinks.bulkDelete(ids);
      await this.unlink(db.records, recordIds);
      if (ledgers.length > 0) await db.ledgers.bulkPut([...ledgers]);
    });
  }

  async saveFinalized(
    invoices: readonly Invoice[],
    counters: ReadonlyMap<string, number>,
  ): Promise<void> {
    const {db} = this;
    await db.transaction('rw', [db.invoices, db.counters], async () => {
      if (invoices.length > 0) await db.invoices.bulkPut(invoices.map(toInvoiceRow));
      const rows = [...counters].map(([key, value]) => ({key, value}));
      if (rows.length > 0) await db.counters.bulkPut(rows);
    });
  }

  async readCounters(keys: Iterable<string>): Promise<Map<string, number>> {
    const list = [...keys];
    const rows = await this.db.counters.bulkGet(list);
    return toMap(
      list,
      rows.map((row) => row?.value),
    );
  }

  async readFiring(scheduleId: string, at: string): Promise<FiringRecord | undefined> {
    return this.db.firings.get([scheduleId, at]);
  }

  async readFirings(scheduleId: string): Promise<FiringRecord[]> {
    // The primary key [scheduleId+at] orders them by time.
    return this.db.firings
      .where('[scheduleId+at]')
      .between([scheduleId, Dexie.minKey], [scheduleId, Dexie.maxKey])
      .toArray();
  }

  async recordFiring(firing: FiringRecord, run: RunRecord | null): Promise<boolean> {
    const {db} = this;
    return db.transaction('rw', [db.firings, db.runs], async () => {
      const earlier = await db.firings.get([firing.scheduleId, firing.at]);
      if (earlier?.status === 'fired') return false;
      await db.firings.put(firing);
      if (run !== null) await db.runs.put(run);
      return true;
    });
  }

  async upsert<K extends RecordKind>(kind: K, records: readonly RecordsByKind[K][]): Promise<void> {
    const {db} = this;
    switch (kind) {
      case 'transactions':
        // Links live in `usageLinks`: a re-imported billed transaction stays billed.
        await db.transaction('rw', db.transactions, () =>
          db.transactions.bulkPut([...(records as readonly Transaction[])]),
        );
        return;
      case 'records':
        await this.upsertLinked(db.records, records as readonly GenericRecord[]);
        return;
      default: {
        const table = db.table(kind);
        await db.transaction('rw', table, () => table.bulkPut([...records]));
      }
    }
  }

  async exportData(): Promise<Required<DataSet>> {
    const {db} = this;
    return db.transaction(
      'r',
      [db.accounts, db.subscriptions, db.items, db.transactions, db.records, db.filters],
      async () => ({
        accounts: await db.accounts.toArray(),
        subscriptions: await db.subscriptions.toArray(),
        items: await db.items.toArray(),
        transactions: await db.transactions.toArray(),
        records: (await db.records.toArray()).map(stripRecord),
        filters: await db.filters.toArray(),
      }),
    );
  }

  /**
   * The rows whose `index` equals each of `keys`, one read per key, all issued at once in one
   * read transaction: `anyOf` walks a cursor a step per match, which made these reads a tenth of
   * a run's time.
   */
  private async equalsEach<R, Insert>(
    table: Table<R, string, Insert>,
    index: string,
    keys: readonly string[],
  ): Promise<R[][]> {
    return this.db.transaction('r', table, () =>
      Promise.all(keys.map((key) => table.where(index).equals(key).toArray())),
    );
  }

  /** Upserts rows that carry a billed marker; an existing row keeps its link to an invoice. */
  private async upsertLinked<T extends {id: string}, R extends T & LinkMarker>(
    table: Table<R, string, R>,
    records: readonly T[],
  ): Promise<void> {
    await this.db.transaction('rw', table, async () => {
      const existing = await table.bulkGet(records.map((record) => record.id));
      await table.bulkPut(
        records.map((record, index) => {
          const row = existing[index];
          return {...record, billed: row?.billed ?? 0, invoiceId: row?.invoiceId ?? null} as R;
        }),
      );
    });
  }

  private async link<R extends LinkMarker>(
    table: Table<R, string, R>,
    links: ReadonlyMap<string, string>,
  ): Promise<void> {
    if (links.size === 0) return;
    const ids = [...links.keys()];
    const rows = await table.bulkGet(ids);
    const updated = rows.flatMap((row, index) =>
      row === undefined ? [] : [{...row, billed: 1, invoiceId: links.get(ids[index]!)!} as R],
    );
    await table.bulkPut(updated);
  }

  private async unlink<R extends LinkMarker>(
    table: Table<R, string, R>,
    ids: readonly string[],
  ): Promise<void> {
    if (ids.length === 0) return;
    const rows = await table.bulkGet([...ids]);
    const updated = rows.flatMap((row) =>
      row === undefined ? [] : [{...row, billed: 0, invoiceId: null} as R],
    );
    await table.bulkPut(updated);
  }
}
