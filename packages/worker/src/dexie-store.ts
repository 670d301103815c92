/**
 * `BillingStore` on IndexedDB: the same contract as core's `MemoryStore`, so the worker runs the
 * very same engine as the command line. Every write method is one `rw` transaction holding only
 * IndexedDB work; scans page through an index with keyset paging (`above(lastKey).limit(n)`), so a
 * run never holds a whole table in memory.
 */
import {Dexie, type Table} from 'dexie';
import {advancedState, failedFiring, settingsSchema} from '@invoice-run/core';
import type {
  Account,
  BillingStore,
  DataSet,
  DraftEditCommit,
  FiringRecord,
  Filter,
  GenericRecord,
  Invoice,
  InvoiceLine,
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
  Schedule,
  ScheduleState,
  Settings,
  Subscription,
  SubscriptionChunk,
  SubscriptionLedgers,
  Transaction,
} from '@invoice-run/core';
import {
  invoiceOrder,
  type BilledFlag,
  type InvoiceRow,
  type InvoiceRunDb,
  type RecordRow,
  ORPHAN_LEDGERS,
  type RunIssueRow,
  type SubscriptionLedgerRow,
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
  const invoice = without(row, ['order']);
  // Rows written before lines explained themselves (before draft edits) lack these fields: read
  // them as unedited, their lines without an explanation.
  if ((invoice as Partial<Invoice>).edits !== undefined) return invoice;
  return {
    ...invoice,
    edited: false,
    edits: [],
    lines: invoice.lines.map((line) =>
      (line as Partial<InvoiceLine>).explanation === undefined
        ? {...line, explanation: null}
        : line,
    ) as InvoiceLine[],
  };
}

function toInvoiceRow(invoice: Invoice): InvoiceRow {
  return {...invoice, order: invoiceOrder(invoice)};
}

/** The tables a chunk of subscriptions reads besides `subscriptions`. */
const CHUNK_TABLES = (db: InvoiceRunDb) => [db.accounts, db.items, db.subscriptionLedgers];

/** A chunk from its rows; `items` are in (subscription id, item id) order. */
function chunkOf(
  subscriptions: Subscription[],
  accounts: readonly Account[],
  items: readonly Item[],
  ledgerRows: readonly SubscriptionLedgerRow[],
): SubscriptionChunk {
  const itemsBySubscription = new Map<string, Item[]>();
  for (const item of items) {
    const list = itemsBySubscription.get(item.subscriptionId);
    if (list === undefined) itemsBySubscription.set(item.subscriptionId, [item]);
    else list.push(item);
  }
  return {
    subscriptions,
    accounts: new Map(accounts.map((account) => [account.id, account])),
    items: itemsBySubscription,
    ledgers: new Map(ledgerRows.map((row) => [row.subscriptionId, row.items])),
  };
}

function ledgerRow({subscriptionId, ledgers}: SubscriptionLedgers): SubscriptionLedgerRow {
  return {subscriptionId, items: ledgers};
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** `rows` with `put` put in (replacing by item id) and `removed` taken out, by item id. */
function mergeLedgers(
  rows: readonly ItemLedger[],
  put: readonly ItemLedger[],
  removed: readonly ItemLedger[],
): ItemLedger[] {
  const byItem = new Map(rows.map((ledger) => [ledger.itemId, ledger]));
  for (const ledger of removed) byItem.delete(ledger.itemId);
  for (const ledger of put) byItem.set(ledger.itemId, ledger);
  return [...byItem.values()].sort((a, b) =>
    a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0,
  );
}

/**
 * Keyset paging: `read(after)` reads the page after key `after` (from the start when undefined); a
 * page shorter than `size` is the last. Each page is read when the caller asks for it (the pass
 * asks ahead).
 */
async function* keysetPages<T, K>(
  read: (after: K | undefined) => Promise<T[]>,
  keyOf: (row: T) => K,
  size: number,
): AsyncGenerator<T[]> {
  let after: K | undefined;
  for (;;) {
    const rows = await read(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** The link row of a chunk's invoices that bill usage: their transactions, the span of their dates. */
function usageLinkRow(invoices: readonly Invoice[]): UsageLinkRow | undefined {
  const billing = invoices.filter((invoice) => invoice.transactionIds.length > 0);
  if (billing.length === 0) return undefined;
  // Each usage line spans the dates of its transactions, so the lines span them all; without a
  // usage line (never expected) the row spans every date, so billed ids stay billed.
  const {first, last} = usageSpan(billing) ?? {first: '0000-01-01', last: '9999-12-31'};
  return {
    key: billing[0]!.id,
    invoices: billing.map((invoice) => ({
      invoiceId: invoice.id,
      transactionIds: invoice.transactionIds,
    })),
    first,
    last,
  };
}

/** The span of the usage lines of `invoices` (`undefined` when they have none). */
function usageSpan(invoices: readonly Invoice[]): {first: string; last: string} | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (line.kind !== 'usage') continue;
      if (first === undefined || line.servicePeriod.start < first) first = line.servicePeriod.start;
      if (last === undefined || line.servicePeriod.end > last) last = line.servicePeriod.end;
    }
  }
  return first === undefined || last === undefined ? undefined : {first, last};
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

  async *scanSubscriptionChunks(
    size: number,
    ids?: readonly string[],
  ): AsyncIterable<SubscriptionChunk> {
    if (ids !== undefined) {
      yield* this.chunksOf(ids, size);
      return;
    }
    const {db} = this;
    // One read transaction per chunk, so the chunk is one consistent state. The chunk is every
    // subscription from its first to its last: its items and ledgers are the key ranges between.
    let after: string | undefined;
    for (;;) {
      const chunk = await db.transaction('r', [db.subscriptions, ...CHUNK_TABLES(db)], async () => {
        const subscriptions = await (
          after === undefined
            ? db.subscriptions.orderBy('id')
            : db.subscriptions.where('id').above(after)
        )
          .limit(size)
          .toArray();
        if (subscriptions.length === 0) return undefined;
        const first = subscriptions[0]!.id;
        const last = subscriptions[subscriptions.length - 1]!.id;
        const [accounts, items, ledgers] = await Promise.all([
          this.accountsOf(subscriptions),
          db.items.where('subscriptionId').between(first, last, true, true).toArray(),
          db.subscriptionLedgers.where(':id').between(first, last, true, true).toArray(),
        ]);
        return chunkOf(subscriptions, accounts, items, ledgers);
      });
      if (chunk === undefined) return;
      yield chunk;
      if (chunk.subscriptions.length < size) return;
      after = chunk.subscriptions[chunk.subscriptions.length - 1]!.id;
    }
  }

  /** The chunks of the given subscriptions (a restore's), in id order. */
  private async *chunksOf(ids: readonly string[], size: number): AsyncIterable<SubscriptionChunk> {
    const {db} = this;
    const sorted = unique(ids).sort(compareCodeUnits);
    for (let start = 0; start < sorted.length; start += size) {
      const list = sorted.slice(start, start + size);
      yield await db.transaction('r', [db.subscriptions, ...CHUNK_TABLES(db)], async () => {
        const subscriptions = (await db.subscriptions.bulkGet(list)).filter(
          (subscription): subscription is Subscription => subscription !== undefined,
        );
        const [accounts, items, ledgers] = await Promise.all([
          this.accountsOf(subscriptions),
          this.equalsEach(db.items, 'subscriptionId', list),
          db.subscriptionLedgers.bulkGet(list),
        ]);
        return chunkOf(
          subscriptions,
          accounts,
          items.flat(),
          ledgers.filter((row): row is SubscriptionLedgerRow => row !== undefined),
        );
      });
    }
  }

  private async accountsOf(subscriptions: readonly Subscription[]): Promise<Account[]> {
    const rows = await this.db.accounts.bulkGet(unique(subscriptions.map((sub) => sub.accountId)));
    return rows.filter((account): account is Account => account !== undefined);
  }

  async readItems(ids: Iterable<string>): Promise<Map<string, Item>> {
    const list = [...ids];
    return toMap(list, await this.db.items.bulkGet(list));
  }

  scanTransactionalItems(size: number): AsyncIterable<Item[]> {
    return keysetPages(
      (after: string | undefined) =>
        this.db.items
          .where('[billingType+id]')
          .between(
            ['transactional', after ?? ''],
            ['transactional', Dexie.maxKey],
            after === undefined,
            true,
          )
          .limit(size)
          .toArray(),
      (item) => item.id,
      size,
    );
  }

  async readLedgers(items: Iterable<LedgerKey>): Promise<Map<string, ItemLedger>> {
    const wanted = [...items];
    const rows = await this.db.subscriptionLedgers.bulkGet(
      unique(wanted.map((item) => item.subscriptionId)),
    );
    const stored = new Map<string, ItemLedger>();
    for (const row of rows)
      for (const ledger of row?.items ?? []) stored.set(ledger.itemId, ledger);
    const found = new Map<string, ItemLedger>();
    for (const item of wanted) {
      const ledger = stored.get(item.id);
      if (ledger !== undefined) found.set(item.id, ledger);
    }
    return found;
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
      if (link.first > end) continue;
      for (const invoice of link.invoices) for (const id of invoice.transactionIds) billed.add(id);
    }
    const pages = keysetPages(
      (after: [string, string] | undefined) =>
        db.transactions
          .where('[date+id]')
          .between(after ?? [start], [end, Dexie.maxKey], after === undefined, true)
          .limit(size)
          .toArray(),
      (row): [string, string] => [row.date, row.id],
      size,
    );
    for await (const rows of pages) {
      const unbilled = billed.size === 0 ? rows : rows.filter((row) => !billed.has(row.id));
      if (unbilled.length > 0) yield unbilled;
    }
  }

  async *scanUnbilledRecords(size: number): AsyncIterable<GenericRecord[]> {
    const pages = keysetPages(
      (after: string | undefined) =>
        this.db.records
          .where('[billed+id]')
          .between([0, after ?? ''], [0, Dexie.maxKey], after === undefined, true)
          .limit(size)
          .toArray(),
      (row) => row.id,
      size,
    );
    for await (const rows of pages) yield rows.map(stripRecord);
  }

  async readTransactions(ids: Iterable<string>): Promise<Map<string, Transaction>> {
    const list = [...ids];
    const rows = await this.db.transactions.bulkGet(list);
    return toMap(list, rows);
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
    const usageLink = usageLinkRow(commit.invoices);
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
      [
        db.runs,
        db.runIssues,
        db.invoices,
        db.subscriptionLedgers,
        db.usageLinks,
        db.records,
        db.recordErrors,
      ],
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
        // The subscriptions' ledgers whole, as the chunk read them plus this chunk's coverage:
        // written blind, nothing read again.
        if (commit.ledgers.length > 0) {
          await db.subscriptionLedgers.bulkPut(commit.ledgers.map(ledgerRow));
        }
        // A blind write: one link row for the chunk; transaction rows are not read or touched.
        if (usageLink !== undefined) await db.usageLinks.put(usageLink);
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
    runs: readonly RunRecord[],
  ): Promise<void> {
    const {db} = this;
    const tables = [db.invoices, db.subscriptionLedgers, db.usageLinks, db.records, db.runs];
    await db.transaction('rw', tables, async () => {
      const invoices = (await db.invoices.bulkGet([...invoiceIds])).filter(
        (invoice): invoice is InvoiceRow => invoice !== undefined,
      );
      const recordIds = invoices.flatMap((invoice) => invoice.recordIds);
      const ids = invoices.map((invoice) => invoice.id);
      await db.invoices.bulkDelete(ids);
      await this.unlinkUsage(invoices.map(stripInvoice));
      await this.unlink(db.records, recordIds);
      await this.writeLedgers(ledgers);
      if (runs.length > 0) await db.runs.bulkPut([...runs]);
    });
  }

  async commitDraftEdit(edit: DraftEditCommit): Promise<void> {
    const {db} = this;
    const {invoice} = edit;
    const tables = [db.invoices, db.subscriptionLedgers, db.usageLinks, db.records, db.runs];
    await db.transaction('rw', tables, async () => {
      const before = await db.invoices.get(invoice.id);
      await db.invoices.put(toInvoiceRow(invoice));
      if (edit.run !== undefined) await db.runs.put(edit.run);
      if (before !== undefined && edit.unlinkedTransactions.length > 0) {
        await this.relinkUsage(stripInvoice(before), invoice.transactionIds);
      }
      await this.unlink(db.records, edit.unlinkedRecords);
      await this.writeLedgers(edit.ledgers);
    });
  }

  async saveFinalized(
    invoices: readonly Invoice[],
    counters: ReadonlyMap<string, number>,
    runs: readonly RunRecord[],
  ): Promise<void> {
    const {db} = this;
    await db.transaction('rw', [db.invoices, db.counters, db.runs], async () => {
      if (invoices.length > 0) await db.invoices.bulkPut(invoices.map(toInvoiceRow));
      if (runs.length > 0) await db.runs.bulkPut([...runs]);
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

  async readSchedules(): Promise<Schedule[]> {
    return this.db.schedules.toArray();
  }

  async readSchedule(id: string): Promise<Schedule | undefined> {
    return this.db.schedules.get(id);
  }

  async readScheduleStates(): Promise<ScheduleState[]> {
    return this.db.scheduleStates.toArray();
  }

  async readScheduleState(id: string): Promise<ScheduleState | undefined> {
    return this.db.scheduleStates.get(id);
  }

  async putSchedule(schedule: Schedule, state: ScheduleState): Promise<void> {
    const {db} = this;
    await db.transaction('rw', db.schedules, db.scheduleStates, async () => {
      await db.schedules.put(schedule);
      await db.scheduleStates.put(state);
    });
  }

  async deleteSchedule(id: string): Promise<boolean> {
    const {db} = this;
    return db.transaction('rw', db.schedules, db.scheduleStates, async () => {
      if ((await db.schedules.get(id)) === undefined) return false;
      await db.schedules.delete(id);
      await db.scheduleStates.delete(id);
      return true;
    });
  }

  async startScheduleState(state: ScheduleState): Promise<void> {
    const {db} = this;
    await db.transaction('rw', db.schedules, db.scheduleStates, async () => {
      if ((await db.schedules.get(state.scheduleId)) === undefined) return;
      if ((await db.scheduleStates.get(state.scheduleId)) !== undefined) return;
      await db.scheduleStates.put(state);
    });
  }

  async advanceScheduleState(scheduleId: string, instant: string): Promise<void> {
    const {db} = this;
    await db.transaction('rw', db.scheduleStates, async () => {
      const state = await db.scheduleStates.get(scheduleId);
      if (state !== undefined) await db.scheduleStates.put(advancedState(state, instant));
    });
  }

  async readFiringsFrom(scheduleId: string, at: string): Promise<FiringRecord[]> {
    return this.db.firings
      .where('[scheduleId+at]')
      .between([scheduleId, at], [scheduleId, Dexie.maxKey])
      .toArray();
  }

  async readLastFiring(scheduleId: string): Promise<FiringRecord | undefined> {
    return this.db.firings
      .where('[scheduleId+at]')
      .between([scheduleId, Dexie.minKey], [scheduleId, Dexie.maxKey])
      .last();
  }

  async recordSkippedFirings(firings: readonly FiringRecord[]): Promise<FiringRecord[]> {
    const {db} = this;
    return db.transaction('rw', db.firings, async () => {
      const existing = await db.firings.bulkGet(
        firings.map((firing): [string, string] => [firing.scheduleId, firing.at]),
      );
      const recorded = firings.filter((_, index) => existing[index] === undefined);
      await db.firings.bulkPut(recorded);
      return recorded;
    });
  }

  async recordFiringFailure(scheduleId: string, at: string, reason: string): Promise<FiringRecord> {
    const {db} = this;
    return db.transaction('rw', db.firings, async () => {
      const recorded = failedFiring(await db.firings.get([scheduleId, at]), scheduleId, at, reason);
      await db.firings.put(recorded);
      return recorded;
    });
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
      case 'items':
        await this.upsertItems(records as readonly Item[]);
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
   * Takes the invoices' entries out of the link rows that hold them (found among the rows whose
   * span reaches the invoices' usage); a row left empty goes. Inside a `rw` transaction.
   */
  private async unlinkUsage(invoices: readonly Invoice[]): Promise<void> {
    const billing = invoices.filter((invoice) => invoice.transactionIds.length > 0);
    if (billing.length === 0) return;
    const ids = new Set(billing.map((invoice) => invoice.id));
    // Without usage lines (never expected) every row is a candidate.
    const from = usageSpan(billing)?.first ?? '0000-01-01';
    const rows = await this.db.usageLinks.where('last').aboveOrEqual(from).toArray();
    const changed: UsageLinkRow[] = [];
    const emptied: string[] = [];
    for (const row of rows) {
      if (!row.invoices.some((entry) => ids.has(entry.invoiceId))) continue;
      const kept = row.invoices.filter((entry) => !ids.has(entry.invoiceId));
      if (kept.length === 0) emptied.push(row.key);
      else changed.push({...row, invoices: kept});
    }
    if (changed.length > 0) await this.db.usageLinks.bulkPut(changed);
    if (emptied.length > 0) await this.db.usageLinks.bulkDelete(emptied);
  }

  /**
   * Gives an invoice's entry in the link rows the transactions it bills now (an edit removed some
   * of its usage lines); an entry left empty goes, and a row left empty too. Inside a `rw`
   * transaction.
   */
  private async relinkUsage(before: Invoice, transactionIds: readonly string[]): Promise<void> {
    const from = usageSpan([before])?.first ?? '0000-01-01';
    const rows = await this.db.usageLinks.where('last').aboveOrEqual(from).toArray();
    const changed: UsageLinkRow[] = [];
    const emptied: string[] = [];
    for (const row of rows) {
      if (!row.invoices.some((entry) => entry.invoiceId === before.id)) continue;
      const kept = row.invoices.flatMap((entry) =>
        entry.invoiceId !== before.id
          ? [entry]
          : transactionIds.length === 0
            ? []
            : [{invoiceId: entry.invoiceId, transactionIds}],
      );
      if (kept.length === 0) emptied.push(row.key);
      else changed.push({...row, invoices: kept});
    }
    if (changed.length > 0) await this.db.usageLinks.bulkPut(changed);
    if (emptied.length > 0) await this.db.usageLinks.bulkDelete(emptied);
  }

  /**
   * Replaces the ledgers of these items within their subscriptions' rows (a row keeps the ledgers
   * of its other items). Call inside a `rw` transaction on `subscriptionLedgers`.
   */
  private async writeLedgers(ledgers: readonly ItemLedger[]): Promise<void> {
    if (ledgers.length === 0) return;
    const bySubscription = new Map<string, ItemLedger[]>();
    for (const ledger of ledgers) {
      const list = bySubscription.get(ledger.subscriptionId) ?? [];
      list.push(ledger);
      bySubscription.set(ledger.subscriptionId, list);
    }
    const ids = [...bySubscription.keys()];
    const rows = await this.db.subscriptionLedgers.bulkGet(ids);
    await this.db.subscriptionLedgers.bulkPut(
      ids.map((subscriptionId, index) => ({
        subscriptionId,
        items: mergeLedgers(rows[index]?.items ?? [], bySubscription.get(subscriptionId)!, []),
      })),
    );
  }

  /**
   * Upserts items. An item that moves to another subscription (or comes back after the version 5
   * upgrade found no item row for its ledger) takes its ledger along: the ledger is what keeps its
   * covered days from being billed twice, and it is read through the item's subscription.
   */
  private async upsertItems(items: readonly Item[]): Promise<void> {
    const {db} = this;
    await db.transaction('rw', [db.items, db.subscriptionLedgers], async () => {
      const before = await db.items.bulkGet(items.map((item) => item.id));
      const moved = new Map<string, string>(); // item id -> subscription it leaves
      items.forEach((item, index) => {
        const from = before[index]?.subscriptionId ?? ORPHAN_LEDGERS;
        if (from !== item.subscriptionId) moved.set(item.id, from);
      });
      await db.items.bulkPut([...items]);
      if (moved.size === 0) return;
      const sources = unique(moved.values());
      const sourceRows = await db.subscriptionLedgers.bulkGet(sources);
      const taken: ItemLedger[] = [];
      const left: SubscriptionLedgerRow[] = [];
      sourceRows.forEach((row, index) => {
        if (row === undefined) return;
        const leaving = row.items.filter((ledger) => moved.get(ledger.itemId) === sources[index]);
        if (leaving.length === 0) return;
        taken.push(...leaving);
        left.push({...row, items: mergeLedgers(row.items, [], leaving)});
      });
      if (taken.length === 0) return;
      await db.subscriptionLedgers.bulkPut(left);
      const subscriptionOf = new Map(items.map((item) => [item.id, item.subscriptionId]));
      await this.writeLedgers(
        taken.map((ledger) => ({...ledger, subscriptionId: subscriptionOf.get(ledger.itemId)!})),
      );
    });
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
