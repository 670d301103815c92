/**
 * The engine's `BillingStore` on PostgreSQL (PGlite or a server): the same reads and atomic writes
 * as the in-memory and IndexedDB stores, so the very same engine runs on it.
 *
 * Coverage is kept as rows, one per item line of an invoice that exists (`item_coverage`), and an
 * item's ledger is read from them: its covered days are the union of its rows' days, its billing
 * start a row of its own. So the database refuses a day billed twice (the exclusion constraint of
 * the schema), and deleting or editing a draft gives back its days by deleting its rows; the
 * covered spans the engine hands over with a commit are what those rows hold already.
 */
import {
  addToRun,
  failedFiring,
  settingsSchema,
  type Account,
  type BillingStore,
  type CoveredSpan,
  type DataSet,
  type DraftEditCommit,
  type Filter,
  type FiringRecord,
  type GenericRecord,
  type Invoice,
  type IsoDate,
  type Item,
  type ItemLedger,
  type LedgerKey,
  type RecordKind,
  type RecordsByKind,
  type RunCommit,
  type RunIssues,
  type RunPart,
  type RunPartCommit,
  type RunRecord,
  type Schedule,
  type ScheduleState,
  type Settings,
  type Subscription,
  type SubscriptionChunk,
  type SubscriptionLedgers,
  type SubscriptionUsage,
  type Transaction,
} from '@invoice-run/core';
import type {Database, Queryable} from './database.js';

const SETTINGS_KEY = 'settings';

/** Ids compare by code units (scenarios.md), as JavaScript's `<` does. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A timestamp column as the ISO instant the engine writes (`2026-03-01T06:00:00.000Z`). */
function isoInstant(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The rows' records, keyed by id, in the order read. */
function byId<T extends {id: string}>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((record) => [record.id, record]));
}

function list(ids: Iterable<string>): string[] {
  return [...new Set(ids)];
}

/** Item lines' days as rows of `item_coverage`: item, invoice, first and last day. */
function coverageRows(invoices: readonly Invoice[]): [string[], string[], string[], string[]] {
  const items: string[] = [];
  const invoiceIds: string[] = [];
  const starts: string[] = [];
  const ends: string[] = [];
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (line.kind !== 'item') continue;
      items.push(line.source);
      invoiceIds.push(invoice.id);
      starts.push(line.servicePeriod.start);
      ends.push(line.servicePeriod.end);
    }
  }
  return [items, invoiceIds, starts, ends];
}

/** Touching and overlapping spans joined, in date order (rows of one item never overlap). */
function mergeSpans(spans: readonly CoveredSpan[]): CoveredSpan[] {
  const merged: CoveredSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && dayAfter(last.end) >= span.start) {
      if (span.end > last.end) merged[merged.length - 1] = {start: last.start, end: span.end};
    } else merged.push(span);
  }
  return merged;
}

function dayAfter(date: IsoDate): IsoDate {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The advisory lock a process holds while it bills a run in one pass: a run stored as `running`
 * whose lock nobody holds was interrupted (its process stopped before it ended the run).
 */
export function runLockKey(db: Database, runId: string): string {
  return `invoice-run:run:${db.schema}:${runId}`;
}

export class PostgresStore implements BillingStore {
  /** The locks of the runs this process is billing now (see `runLockKey`). */
  private readonly runLocks = new Map<string, {release(): Promise<void>}>();

  constructor(readonly db: Database) {}

  // ----- source data -----

  async readSettings(): Promise<Settings> {
    const {rows} = await this.db.query<{value: Settings}>(
      'select value from settings where key = $1',
      [SETTINGS_KEY],
    );
    return rows[0]?.value ?? settingsSchema.parse({});
  }

  async writeSettings(settings: Settings): Promise<void> {
    await this.db.query(
      'insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value',
      [SETTINGS_KEY, JSON.stringify(settings)],
    );
  }

  async readFilters(): Promise<Filter[]> {
    return this.records<Filter>('select record from filters order by id');
  }

  async readAccounts(ids: Iterable<string>): Promise<Map<string, Account>> {
    return byId(
      await this.records<Account>('select record from accounts where id = any($1)', [list(ids)]),
    );
  }

  async *scanSubscriptionChunks(
    size: number,
    only?: readonly string[],
  ): AsyncIterable<SubscriptionChunk> {
    if (only !== undefined) {
      const ids = list(only).sort(compareCodeUnits);
      for (let i = 0; i < ids.length; i += size) {
        const subscriptions = await this.records<Subscription>(
          'select record from subscriptions where id = any($1) order by id',
          [ids.slice(i, i + size)],
        );
        yield this.chunkOf(subscriptions.sort((a, b) => compareCodeUnits(a.id, b.id)));
      }
      return;
    }
    // Keyset pages in id order (`collate "C"`: byte order, which is code-unit order for the
    // ids hosts use; the engine sorts whatever it shows).
    let after: string | null = null;
    for (;;) {
      const page: Subscription[] = await this.records<Subscription>(
        after === null
          ? 'select record from subscriptions order by id limit $1'
          : 'select record from subscriptions where id > $2 order by id limit $1',
        after === null ? [size] : [size, after],
      );
      if (page.length === 0) return;
      after = page[page.length - 1]!.id;
      yield this.chunkOf(page);
      if (page.length < size) return;
    }
  }

  private async chunkOf(subscriptions: Subscription[]): Promise<SubscriptionChunk> {
    const accounts = await this.readAccounts(subscriptions.map((sub) => sub.accountId));
    const items = await this.records<Item>(
      'select record from items where subscription_id = any($1) order by subscription_id, id collate "C"',
      [subscriptions.map((sub) => sub.id)],
    );
    const bySubscription = new Map<string, Item[]>();
    for (const item of items) {
      const own = bySubscription.get(item.subscriptionId);
      if (own === undefined) bySubscription.set(item.subscriptionId, [item]);
      else own.push(item);
    }
    for (const own of bySubscription.values()) own.sort((a, b) => compareCodeUnits(a.id, b.id));
    // Ledgers are made from the coverage rows, grouped by the subscription their item is in now.
    const byItem = await this.ledgersOf(this.db, items);
    const ledgers = new Map<string, ItemLedger[]>();
    for (const [subscriptionId, own] of bySubscription) {
      const kept = own.flatMap((item) => byItem.get(item.id) ?? []);
      if (kept.length > 0) ledgers.set(subscriptionId, kept);
    }
    return {subscriptions, accounts, items: bySubscription, ledgers};
  }

  async readItems(ids: Iterable<string>): Promise<Map<string, Item>> {
    return byId(
      await this.records<Item>('select record from items where id = any($1)', [list(ids)]),
    );
  }

  async *scanTransactionalItems(size: number): AsyncIterable<Item[]> {
    let after: string | null = null;
    for (;;) {
      const page: Item[] = await this.records<Item>(
        after === null
          ? 'select record from items where transactional order by id limit $1'
          : 'select record from items where transactional and id > $2 order by id limit $1',
        after === null ? [size] : [size, after],
      );
      if (page.length === 0) return;
      after = page[page.length - 1]!.id;
      yield page;
      if (page.length < size) return;
    }
  }

  async readLedgers(items: Iterable<LedgerKey>): Promise<Map<string, ItemLedger>> {
    return this.ledgersOf(this.db, [...items]);
  }

  /** The ledgers of these items: billing start and the union of their coverage rows' days. */
  private async ledgersOf(
    db: Queryable,
    items: readonly LedgerKey[],
  ): Promise<Map<string, ItemLedger>> {
    const ids = list(items.map((item) => item.id));
    const ledgers = new Map<string, ItemLedger>();
    if (ids.length === 0) return ledgers;
    const starts = await db.query<{item_id: string; billing_start: string}>(
      `select item_id, to_char(billing_start, 'YYYY-MM-DD') as billing_start
         from item_billing_starts where item_id = any($1)`,
      [ids],
    );
    const spans = await db.query<{item_id: string; first_day: string; last_day: string}>(
      `select item_id, to_char(lower(days), 'YYYY-MM-DD') as first_day,
              to_char(upper(days) - 1, 'YYYY-MM-DD') as last_day
         from item_coverage where item_id = any($1) order by item_id, lower(days)`,
      [ids],
    );
    const subscriptionOf = new Map(items.map((item) => [item.id, item.subscriptionId]));
    const covered = new Map<string, CoveredSpan[]>();
    for (const row of spans.rows) {
      const span = {start: row.first_day, end: row.last_day};
      const own = covered.get(row.item_id);
      if (own === undefined) covered.set(row.item_id, [span]);
      else own.push(span);
    }
    const billingStarts = new Map(starts.rows.map((row) => [row.item_id, row.billing_start]));
    for (const id of ids) {
      const billingStart = billingStarts.get(id);
      const spansOfItem = covered.get(id);
      if (billingStart === undefined && spansOfItem === undefined) continue;
      ledgers.set(id, {
        itemId: id,
        subscriptionId: subscriptionOf.get(id)!,
        ...(billingStart === undefined ? {} : {billingStart}),
        covered: mergeSpans(spansOfItem ?? []),
      });
    }
    return ledgers;
  }

  async *scanUnbilledTransactions(
    start: IsoDate,
    end: IsoDate,
    size: number,
  ): AsyncIterable<Transaction[]> {
    // Pages in (date, id) order. Whether a transaction is linked is left to the planner: it probes
    // the links' key per transaction while many are unbilled (a page of 5,000 in about 25 ms),
    // or hashes the links once when nearly all are billed and one page ends the scan (all of
    // 400,000 transactions billed: 0.2 s). Both need the ids in one collation (migration 5).
    let after: [string, string] | null = null;
    for (;;) {
      const page: {record: Transaction; date: string}[] = (
        await this.db.query<{record: Transaction; date: string}>(
          `select t.record, to_char(t.date, 'YYYY-MM-DD') as date from transactions t
            where t.date between $1 and $2
              and ($4::date is null or (t.date, t.id) > ($4::date, $5::text))
              and not exists (select 1 from transaction_links l where l.transaction_id = t.id)
            order by t.date, t.id limit $3`,
          [start, end, size, after?.[0] ?? null, after?.[1] ?? null],
        )
      ).rows;
      if (page.length === 0) return;
      const last = page[page.length - 1]!;
      after = [last.date, last.record.id];
      yield page.map((row) => row.record);
      if (page.length < size) return;
    }
  }

  async *scanUnbilledRecords(size: number): AsyncIterable<GenericRecord[]> {
    let after: string | null = null;
    for (;;) {
      const page: GenericRecord[] = await this.records<GenericRecord>(
        `select r.record from records r
          where ($2::text is null or r.id > $2)
            and not exists (select 1 from record_links l where l.record_id = r.id)
          order by r.id limit $1`,
        [size, after],
      );
      if (page.length === 0) return;
      after = page[page.length - 1]!.id;
      yield page.sort((a, b) => compareCodeUnits(a.id, b.id));
      if (page.length < size) return;
    }
  }

  async readRecords(ids: Iterable<string>): Promise<Map<string, GenericRecord>> {
    return byId(
      await this.records<GenericRecord>('select record from records where id = any($1)', [
        list(ids),
      ]),
    );
  }

  async readTransactions(ids: Iterable<string>): Promise<Map<string, Transaction>> {
    return byId(
      await this.records<Transaction>('select record from transactions where id = any($1)', [
        list(ids),
      ]),
    );
  }

  // ----- runs and invoices -----

  async readRuns(): Promise<RunRecord[]> {
    return this.records<RunRecord>('select record from runs order by sequence');
  }

  async readRun(id: string): Promise<RunRecord | undefined> {
    return (await this.records<RunRecord>('select record from runs where id = $1', [id]))[0];
  }

  async nextRunSequence(): Promise<number> {
    const {rows} = await this.db.query<{value: string}>("select nextval('run_sequence') as value");
    return Number(rows[0]!.value);
  }

  async putRun(run: RunRecord): Promise<void> {
    // A pass stores its run as `running` when it starts and with how it ended when it ends: the
    // run's lock is held in between, and goes with this process should it stop.
    if (run.status === 'running' && !this.runLocks.has(run.id)) {
      this.runLocks.set(run.id, await this.db.hold(runLockKey(this.db, run.id)));
    }
    await putRuns(this.db, [run]);
    const lock = run.status === 'running' ? undefined : this.runLocks.get(run.id);
    if (lock !== undefined) {
      this.runLocks.delete(run.id);
      await lock.release();
    }
  }

  async commitRunChunk(commit: RunCommit): Promise<void> {
    await this.db.transaction(async (tx) => {
      await putRuns(tx, [commit.run]);
      await storeChunk(tx, commit.run.id, commit);
    });
  }

  // ----- runs in parts -----

  async *scanSubscriptionIds(size: number): AsyncIterable<string[]> {
    let after: string | null = null;
    for (;;) {
      const {rows}: {rows: {id: string}[]} = await this.db.query<{id: string}>(
        'select id from subscriptions where ($2::text is null or id > $2) order by id limit $1',
        [size, after],
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((row) => row.id);
      if (rows.length < size) return;
    }
  }

  async readSubscriptionUsage(
    subscriptionIds: readonly string[],
    start: IsoDate,
    end: IsoDate,
  ): Promise<SubscriptionUsage> {
    // The part's items, and the items sharing an order number with one of them, each looked up
    // by an index. (Asked as `id in (...) or order_no in (...)`, the planner could use neither
    // index and read every item for each part: 3.2 s per part at 1,000,000 subscriptions,
    // 5 ms so; bench/ANALYSIS.md.)
    const items = await this.records<Item>(
      `with own as (select id, order_no from items
                     where transactional and subscription_id = any($1)),
            wanted as (select id from own
                       union
                       select i.id from items i join own on i.order_no = own.order_no
                        where i.transactional)
       select record from items where id in (select id from wanted) order by id`,
      [list(subscriptionIds)],
    );
    const own = new Set(subscriptionIds);
    const mine = items.filter((item) => own.has(item.subscriptionId));
    const itemIds = mine.map((item) => item.id);
    const orderNos = list(
      mine.flatMap((item) => (item.orderNo === undefined ? [] : [item.orderNo])),
    );
    if (itemIds.length === 0) return {items, transactions: []};
    const transactions = await this.records<Transaction>(
      `select t.record from transactions t ${LINK}
        where t.date between $1 and $2
          and (t.item_id = any($3) or (t.item_id is null and t.order_no = any($4)))
          and link.transaction_id is null
        order by t.date, t.id`,
      [start, end, itemIds, orderNos],
    );
    return {items, transactions};
  }

  async commitRunPart(commit: RunPartCommit): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // A part stored already (or being stored by another attempt: this waits for its outcome)
      // stores nothing.
      const claimed = await tx.query(
        `insert into run_parts (run_id, part, subscriptions) values ($1, $2, $3)
         on conflict (run_id, part) do nothing`,
        [commit.runId, commit.part, commit.subscriptions],
      );
      if (claimed.affectedRows !== 1) return false;
      await storeChunk(tx, commit.runId, commit);
      // The run as it stands, locked until this commits: parts committing at once add up exactly.
      // (`no key update`: the part's rows that reference the run hold a key share lock on it,
      // which this lock does not wait for, so two parts never wait for each other's.)
      const {rows} = await tx.query<{record: RunRecord}>(
        'select record from runs where id = $1 for no key update',
        [commit.runId],
      );
      if (rows[0] === undefined) throw new Error(`Run ${commit.runId} does not exist`);
      await putRuns(tx, [addToRun(rows[0].record, commit.added)]);
      return true;
    });
  }

  async readRunParts(runId: string): Promise<{part: number; subscriptions: number}[]> {
    const {rows} = await this.db.query<{part: number; subscriptions: number}>(
      'select part, subscriptions from run_parts where run_id = $1 order by part',
      [runId],
    );
    return rows;
  }

  async putRunPlan(run: RunRecord, parts: readonly RunPart[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await putRuns(tx, [run]);
      await tx.query(
        'insert into run_plans (run_id, part_count, parts) values ($1, $2, $3::json)',
        [run.id, parts.length, JSON.stringify(parts)],
      );
    });
  }

  async readRunPlan(runId: string): Promise<RunPart[] | undefined> {
    const {rows} = await this.db.query<{parts: RunPart[]}>(
      'select parts from run_plans where run_id = $1',
      [runId],
    );
    return rows[0]?.parts;
  }

  async readRunIssues(runId: string): Promise<RunIssues> {
    const {rows} = await this.db.query<{kind: 'error' | 'warning'; issue: never}>(
      'select kind, issue from run_issues where run_id = $1 order by seq',
      [runId],
    );
    return {
      errors: rows.flatMap((row) => (row.kind === 'error' ? [row.issue] : [])),
      warnings: rows.flatMap((row) => (row.kind === 'warning' ? [row.issue] : [])),
    };
  }

  async readInvoicesOfRun(runId: string): Promise<Invoice[]> {
    return this.records<Invoice>('select record from invoices where run_id = $1', [runId]);
  }

  async readInvoices(ids: Iterable<string>): Promise<Map<string, Invoice>> {
    return byId(
      await this.records<Invoice>('select record from invoices where id = any($1)', [list(ids)]),
    );
  }

  async deleteInvoices(
    invoiceIds: readonly string[],
    ledgers: readonly ItemLedger[],
    runs: readonly RunRecord[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Their links and coverage rows go with them (on delete cascade).
      await tx.query("delete from invoices where id = any($1) and status = 'draft'", [
        list(invoiceIds),
      ]);
      await writeBillingStarts(tx, ledgers);
      await putRuns(tx, runs);
    });
  }

  async commitDraftEdit(edit: DraftEditCommit): Promise<void> {
    const {invoice} = edit;
    await this.db.transaction(async (tx) => {
      const updated = await tx.query(
        "update invoices set record = $2 where id = $1 and status = 'draft'",
        [invoice.id, JSON.stringify(invoice)],
      );
      if (updated.affectedRows !== 1) {
        throw new Error(`Draft ${invoice.id} was not found to store its edit.`);
      }
      // The invoice's coverage is its item lines': rows of removed lines go, the rest stay.
      await tx.query('delete from item_coverage where invoice_id = $1', [invoice.id]);
      await insertCoverage(tx, [invoice]);
      if (edit.unlinkedTransactions.length > 0) {
        await tx.query(
          'delete from transaction_links where invoice_id = $1 and transaction_id = any($2)',
          [invoice.id, list(edit.unlinkedTransactions)],
        );
      }
      if (edit.unlinkedRecords.length > 0) {
        await tx.query('delete from record_links where invoice_id = $1 and record_id = any($2)', [
          invoice.id,
          list(edit.unlinkedRecords),
        ]);
      }
      await writeBillingStarts(tx, edit.ledgers);
      if (edit.run !== undefined) await putRuns(tx, [edit.run]);
    });
  }

  async saveFinalized(
    invoices: readonly Invoice[],
    counters: ReadonlyMap<string, number>,
    runs: readonly RunRecord[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (invoices.length > 0) {
        await tx.query(
          `update invoices set record = u.record::json, status = u.status
             from unnest($1::text[], $2::text[], $3::text[]) as u(id, status, record)
            where invoices.id = u.id`,
          [
            invoices.map((invoice) => invoice.id),
            invoices.map((invoice) => invoice.status),
            invoices.map((invoice) => JSON.stringify(invoice)),
          ],
        );
      }
      if (counters.size > 0) {
        await tx.query(
          `insert into counters (key, value) select * from unnest($1::text[], $2::int[])
           on conflict (key) do update set value = excluded.value`,
          [[...counters.keys()], [...counters.values()]],
        );
      }
      await putRuns(tx, runs);
    });
  }

  async readCounters(keys: Iterable<string>): Promise<Map<string, number>> {
    const {rows} = await this.db.query<{key: string; value: number}>(
      'select key, value from counters where key = any($1)',
      [list(keys)],
    );
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  // ----- schedules -----

  async readSchedules(): Promise<Schedule[]> {
    return this.records<Schedule>('select record from schedules order by id');
  }

  async readSchedule(id: string): Promise<Schedule | undefined> {
    return (await this.records<Schedule>('select record from schedules where id = $1', [id]))[0];
  }

  async readScheduleStates(): Promise<ScheduleState[]> {
    return this.states('');
  }

  async readScheduleState(id: string): Promise<ScheduleState | undefined> {
    return (await this.states('where schedule_id = $1', [id]))[0];
  }

  async putSchedule(schedule: Schedule, state: ScheduleState): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into schedules (id, record) values ($1, $2)
         on conflict (id) do update set record = excluded.record`,
        [schedule.id, JSON.stringify(schedule)],
      );
      await tx.query(
        `insert into schedule_states (schedule_id, saved_at, since, last_checked_at)
           values ($1, $2, $3, $4)
         on conflict (schedule_id) do update set saved_at = excluded.saved_at,
           since = excluded.since, last_checked_at = excluded.last_checked_at`,
        [state.scheduleId, state.savedAt, state.since, state.lastCheckedAt],
      );
    });
  }

  async deleteSchedule(id: string): Promise<boolean> {
    // Its state goes with it (on delete cascade); its firings stay.
    const deleted = await this.db.query('delete from schedules where id = $1', [id]);
    return deleted.affectedRows === 1;
  }

  async startScheduleState(state: ScheduleState): Promise<void> {
    await this.db.query(
      `insert into schedule_states (schedule_id, saved_at, since, last_checked_at)
         select $1, $2, $3, $4 where exists (select 1 from schedules where id = $1)
       on conflict (schedule_id) do nothing`,
      [state.scheduleId, state.savedAt, state.since, state.lastCheckedAt],
    );
  }

  async advanceScheduleState(scheduleId: string, instant: string): Promise<void> {
    await this.db.query(
      `update schedule_states
          set since = greatest(since, $2::timestamptz),
              last_checked_at = greatest(coalesce(last_checked_at, $2::timestamptz), $2::timestamptz)
        where schedule_id = $1`,
      [scheduleId, instant],
    );
  }

  private async states(where: string, params: readonly unknown[] = []): Promise<ScheduleState[]> {
    const {rows} = await this.db.query<{
      scheduleId: string;
      savedAt: string;
      since: string;
      lastCheckedAt: string | null;
    }>(
      `select schedule_id as "scheduleId",
              ${isoInstant('saved_at')} as "savedAt", ${isoInstant('since')} as since,
              ${isoInstant('last_checked_at')} as "lastCheckedAt"
         from schedule_states ${where}`,
      params,
    );
    return rows;
  }

  // ----- schedule firings -----

  async readFiring(scheduleId: string, at: string): Promise<FiringRecord | undefined> {
    return (await this.firings('where schedule_id = $1 and at = $2', [scheduleId, at]))[0];
  }

  async readFirings(scheduleId: string): Promise<FiringRecord[]> {
    return (await this.firings('where schedule_id = $1', [scheduleId])).sort((a, b) =>
      compareCodeUnits(a.at, b.at),
    );
  }

  async recordFiring(firing: FiringRecord, run: RunRecord | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const recorded = await tx.query(
        `insert into firings (schedule_id, at, run_id, status, reason) values ($1, $2, $3, $4, $5)
         on conflict (schedule_id, at) do update
           set run_id = excluded.run_id, status = excluded.status, reason = excluded.reason
           where firings.status <> 'fired'`,
        [firing.scheduleId, firing.at, firing.runId, firing.status, firing.reason],
      );
      if (recorded.affectedRows !== 1) return false;
      if (run !== null) await putRuns(tx, [run]);
      return true;
    });
  }

  async readFiringsFrom(scheduleId: string, at: string): Promise<FiringRecord[]> {
    return this.firings('where schedule_id = $1 and at >= $2 collate "C" order by at collate "C"', [
      scheduleId,
      at,
    ]);
  }

  async readLastFiring(scheduleId: string): Promise<FiringRecord | undefined> {
    return (
      await this.firings('where schedule_id = $1 order by at collate "C" desc limit 1', [
        scheduleId,
      ])
    )[0];
  }

  async recordSkippedFirings(firings: readonly FiringRecord[]): Promise<FiringRecord[]> {
    if (firings.length === 0) return [];
    const {rows} = await this.db.query<{at: string}>(
      `insert into firings (schedule_id, at, run_id, status, reason)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       on conflict (schedule_id, at) do nothing
       returning at`,
      [
        firings.map((firing) => firing.scheduleId),
        firings.map((firing) => firing.at),
        firings.map((firing) => firing.runId),
        firings.map((firing) => firing.status),
        firings.map((firing) => firing.reason),
      ],
    );
    const recorded = new Set(rows.map((row) => row.at));
    return firings.filter((firing) => recorded.has(firing.at));
  }

  async recordFiringFailure(scheduleId: string, at: string, reason: string): Promise<FiringRecord> {
    return this.db.transaction(async (tx) => {
      const earlier = await tx.query<FiringRecord>(
        `select schedule_id as "scheduleId", at, run_id as "runId", status, reason
           from firings where schedule_id = $1 and at = $2 for update`,
        [scheduleId, at],
      );
      const recorded = failedFiring(earlier.rows[0], scheduleId, at, reason);
      await tx.query(
        `insert into firings (schedule_id, at, run_id, status, reason) values ($1, $2, $3, $4, $5)
         on conflict (schedule_id, at) do update
           set run_id = excluded.run_id, status = excluded.status, reason = excluded.reason`,
        [recorded.scheduleId, recorded.at, recorded.runId, recorded.status, recorded.reason],
      );
      return recorded;
    });
  }

  private async firings(where: string, params: readonly unknown[]): Promise<FiringRecord[]> {
    const {rows} = await this.db.query<FiringRecord>(
      `select schedule_id as "scheduleId", at, run_id as "runId", status, reason from firings ${where}`,
      params,
    );
    return rows;
  }

  // ----- import and export -----

  async upsert<K extends RecordKind>(kind: K, records: readonly RecordsByKind[K][]): Promise<void> {
    if (records.length === 0) return;
    const ids = records.map((record) => record.id);
    const json = records.map((record) => JSON.stringify(record));
    switch (kind) {
      case 'subscriptions': {
        const subscriptions = records as readonly Subscription[];
        await this.db.query(
          `insert into subscriptions (id, account_id, record)
             select id, account_id, record::json from unnest($1::text[], $2::text[], $3::text[]) as s(id, account_id, record)
           on conflict (id) do update set account_id = excluded.account_id, record = excluded.record`,
          [ids, subscriptions.map((sub) => sub.accountId), json],
        );
        return;
      }
      case 'items': {
        const items = records as readonly Item[];
        await this.db.query(
          `insert into items (id, subscription_id, order_no, transactional, record)
             select id, subscription_id, order_no, transactional, record::json
               from unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[])
                 as i(id, subscription_id, order_no, transactional, record)
           on conflict (id) do update set subscription_id = excluded.subscription_id,
             order_no = excluded.order_no, transactional = excluded.transactional, record = excluded.record`,
          [
            ids,
            items.map((item) => item.subscriptionId),
            items.map((item) => item.orderNo ?? null),
            items.map((item) => item.billingType === 'transactional'),
            json,
          ],
        );
        return;
      }
      case 'transactions': {
        const transactions = records as readonly Transaction[];
        await this.db.query(
          `insert into transactions (id, date, item_id, order_no, record)
             select id, date::date, item_id, order_no, record::json
               from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                 as t(id, date, item_id, order_no, record)
           on conflict (id) do update set date = excluded.date, item_id = excluded.item_id,
             order_no = excluded.order_no, record = excluded.record`,
          [
            ids,
            transactions.map((transaction) => transaction.date),
            transactions.map((transaction) => transaction.itemId ?? null),
            transactions.map((transaction) => transaction.orderNo ?? null),
            json,
          ],
        );
        return;
      }
      default:
        await this.db.query(
          `insert into ${kind} (id, record) select id, record::json from unnest($1::text[], $2::text[]) as r(id, record)
           on conflict (id) do update set record = excluded.record`,
          [ids, json],
        );
    }
  }

  async exportData(): Promise<Required<DataSet>> {
    const all = <T>(table: string) => this.records<T>(`select record from ${table} order by id`);
    return {
      accounts: await all<Account>('accounts'),
      subscriptions: await all<Subscription>('subscriptions'),
      items: await all<Item>('items'),
      transactions: await all<Transaction>('transactions'),
      records: await all<GenericRecord>('records'),
      filters: await all<Filter>('filters'),
    };
  }

  /** The last build error kept on a generic record, if any. */
  async recordError(recordId: string): Promise<RunIssues['errors'][number] | null> {
    const {rows} = await this.db.query<{error: RunIssues['errors'][number]}>(
      'select error from record_errors where record_id = $1',
      [recordId],
    );
    return rows[0]?.error ?? null;
  }

  private async records<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    const {rows} = await this.db.query<{record: T}>(sql, params);
    return rows.map((row) => row.record);
  }
}

/** What a chunk or part of a run stores besides the run: issues, invoices, billing starts, record errors. */
async function storeChunk(
  tx: Queryable,
  runId: string,
  chunk: {
    readonly issues: RunIssues;
    readonly invoices: readonly Invoice[];
    readonly ledgers: readonly SubscriptionLedgers[];
    readonly recordErrors: RunCommit['recordErrors'];
  },
): Promise<void> {
  const issues = [
    ...chunk.issues.errors.map((issue) => ['error', issue] as const),
    ...chunk.issues.warnings.map((issue) => ['warning', issue] as const),
  ];
  if (issues.length > 0) {
    await tx.query(
      `insert into run_issues (run_id, kind, issue)
         select $1, kind, issue::json from unnest($2::text[], $3::text[]) as i(kind, issue)`,
      [runId, issues.map(([kind]) => kind), issues.map(([, issue]) => JSON.stringify(issue))],
    );
  }
  await insertInvoices(tx, chunk.invoices);
  await writeBillingStarts(
    tx,
    chunk.ledgers.flatMap((subscription) => subscription.ledgers),
  );
  const setErrors = [...chunk.recordErrors].filter(([, error]) => error !== null);
  const cleared = [...chunk.recordErrors].filter(([, error]) => error === null);
  if (setErrors.length > 0) {
    await tx.query(
      `insert into record_errors (record_id, error)
         select id, error::json from unnest($1::text[], $2::text[]) as e(id, error)
       on conflict (record_id) do update set error = excluded.error`,
      [setErrors.map(([id]) => id), setErrors.map(([, error]) => JSON.stringify(error))],
    );
  }
  if (cleared.length > 0) {
    await tx.query('delete from record_errors where record_id = any($1)', [
      cleared.map(([id]) => id),
    ]);
  }
}

/**
 * Joined to `transactions t`: its link, if it has one (`link.transaction_id is null`: unbilled),
 * looked up by the link's primary key for each of the part's transactions (about 2,000 of them).
 * Written as `not exists`, the planner may hash every link stored so far for each part instead
 * (a part's cost then grows with the run); a lateral subquery with a limit is probed per row. At
 * 200,000 subscriptions, all billed, one part's usage took 7 to 15 ms so, 33 to 44 ms as
 * `not exists` (bench/ANALYSIS.md). Both ids compare in collation "C" (migration 5): compared in
 * two collations, the key could not be used at all and every probe read every link.
 */
const LINK = `left join lateral (
    select l.transaction_id from transaction_links l where l.transaction_id = t.id limit 1
  ) link on true`;

async function putRuns(db: Queryable, runs: readonly RunRecord[]): Promise<void> {
  if (runs.length === 0) return;
  await db.query(
    `insert into runs (id, sequence, record)
       select id, sequence, record::json from unnest($1::text[], $2::int[], $3::text[]) as r(id, sequence, record)
     on conflict (id) do update set record = excluded.record`,
    [
      runs.map((run) => run.id),
      runs.map((run) => run.sequence),
      runs.map((run) => JSON.stringify(run)),
    ],
  );
}

/**
 * Stores new invoices with their links and coverage rows. A transaction or record already linked,
 * or an item day already covered, makes the database refuse the whole transaction.
 */
async function insertInvoices(db: Queryable, invoices: readonly Invoice[]): Promise<void> {
  if (invoices.length === 0) return;
  await db.query(
    `insert into invoices (id, run_id, status, record)
       select id, run_id, status, record::json from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as i(id, run_id, status, record)`,
    [
      invoices.map((invoice) => invoice.id),
      invoices.map((invoice) => invoice.runId),
      invoices.map((invoice) => invoice.status),
      invoices.map((invoice) => JSON.stringify(invoice)),
    ],
  );
  const transactionIds: string[] = [];
  const transactionInvoices: string[] = [];
  const recordIds: string[] = [];
  const recordInvoices: string[] = [];
  for (const invoice of invoices) {
    for (const id of invoice.transactionIds) {
      transactionIds.push(id);
      transactionInvoices.push(invoice.id);
    }
    for (const id of invoice.recordIds) {
      recordIds.push(id);
      recordInvoices.push(invoice.id);
    }
  }
  if (transactionIds.length > 0) {
    await db.query(
      'insert into transaction_links (transaction_id, invoice_id) select * from unnest($1::text[], $2::text[])',
      [transactionIds, transactionInvoices],
    );
  }
  if (recordIds.length > 0) {
    await db.query(
      'insert into record_links (record_id, invoice_id) select * from unnest($1::text[], $2::text[])',
      [recordIds, recordInvoices],
    );
  }
  await insertCoverage(db, invoices);
}

async function insertCoverage(db: Queryable, invoices: readonly Invoice[]): Promise<void> {
  const [items, invoiceIds, starts, ends] = coverageRows(invoices);
  if (items.length === 0) return;
  await db.query(
    `insert into item_coverage (item_id, invoice_id, days)
       select item, invoice, daterange(first::date, last::date, '[]')
         from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as c(item, invoice, first, last)`,
    [items, invoiceIds, starts, ends],
  );
}

/** Billing starts are fixed the first time: a stored one never moves. */
async function writeBillingStarts(db: Queryable, ledgers: readonly ItemLedger[]): Promise<void> {
  const fixed = ledgers.filter((ledger) => ledger.billingStart !== undefined);
  if (fixed.length === 0) return;
  await db.query(
    `insert into item_billing_starts (item_id, billing_start)
       select item, start::date from unnest($1::text[], $2::text[]) as b(item, start)
     on conflict (item_id) do nothing`,
    [fixed.map((ledger) => ledger.itemId), fixed.map((ledger) => ledger.billingStart!)],
  );
}
