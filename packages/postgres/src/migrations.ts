/**
 * The schema, as numbered migrations applied in order, each once, in a transaction of its own,
 * recorded in `invoice_run_migrations`. Processes that open one server at once take turns on an
 * advisory lock, so a migration never runs twice.
 *
 * Records are kept as the host gave them (`json`, which keeps the text and so the key order, so
 * output is the same as from the other stores), beside the columns that queries need.
 *
 * What is never billed twice is kept by the database itself, not only by the engine:
 * - `transaction_links` and `record_links` have the transaction or record as primary key: a second
 *   link of one is refused;
 * - `item_coverage` holds one row per item line of an invoice that exists, and an exclusion
 *   constraint (`btree_gist`) refuses two rows of one item whose days overlap.
 * Links and coverage belong to their invoice (`on delete cascade`): deleting a draft gives back
 * exactly what it billed. A part of a run in parts is kept in `run_parts` with the run and its
 * invoices, in one transaction: a part stored once is never stored again; the run's plan is kept
 * in `run_plans`, stored with the run.
 */
import type {Database} from './database.js';

export const MIGRATIONS: readonly {readonly version: number; readonly sql: string}[] = [
  {
    version: 1,
    sql: `
      create extension if not exists btree_gist;

      create table settings (key text primary key, value json not null);

      create table accounts (id text primary key, record json not null);
      create table subscriptions (
        id text collate "C" primary key,
        account_id text not null,
        record json not null
      );
      create table items (
        id text primary key,
        subscription_id text not null,
        order_no text,
        transactional boolean not null,
        record json not null
      );
      create index items_of_subscription on items (subscription_id, id collate "C");
      create index items_by_order_no on items (order_no) where transactional;
      create table transactions (
        id text collate "C" primary key,
        date date not null,
        record json not null
      );
      create index transactions_by_date on transactions (date, id);
      create table records (id text collate "C" primary key, record json not null);
      create table record_errors (record_id text primary key, error json not null);
      create table filters (id text primary key, record json not null);

      create sequence run_sequence;
      create table runs (id text primary key, sequence integer not null unique, record json not null);
      create table run_issues (
        seq bigserial primary key,
        run_id text not null references runs (id),
        kind text not null check (kind in ('error', 'warning')),
        issue json not null
      );
      create index run_issues_of_run on run_issues (run_id, seq);

      create table invoices (
        id text primary key,
        run_id text references runs (id),
        status text not null check (status in ('draft', 'open')),
        record json not null
      );
      create index invoices_of_run on invoices (run_id);

      create table transaction_links (
        transaction_id text primary key,
        invoice_id text not null references invoices (id) on delete cascade
      );
      create index transaction_links_of_invoice on transaction_links (invoice_id);
      create table record_links (
        record_id text primary key,
        invoice_id text not null references invoices (id) on delete cascade
      );
      create index record_links_of_invoice on record_links (invoice_id);
      create table item_coverage (
        item_id text not null,
        invoice_id text not null references invoices (id) on delete cascade,
        days daterange not null,
        exclude using gist (item_id with =, days with &&)
      );
      create index item_coverage_of_invoice on item_coverage (invoice_id);
      create table item_billing_starts (item_id text primary key, billing_start date not null);

      create table counters (key text primary key, value integer not null);
      create table firings (
        schedule_id text not null,
        at text not null,
        run_id text,
        status text not null check (status in ('fired', 'skipped', 'refused')),
        reason text,
        primary key (schedule_id, at)
      );
    `,
  },
  {
    version: 2,
    sql: `
      create table schedules (id text collate "C" primary key, record json not null);
      create table schedule_states (
        schedule_id text primary key references schedules (id) on delete cascade,
        saved_at timestamptz not null,
        since timestamptz not null,
        last_checked_at timestamptz
      );
    `,
  },
  {
    // Runs in parts: a part reads the usage of its own items only (by item id or order number,
    // indexed), and each part of a run is stored once (`run_parts`, committed with the part).
    version: 3,
    sql: `
      alter table transactions add column item_id text, add column order_no text;
      update transactions set item_id = record->>'itemId', order_no = record->>'orderNo';
      create index transactions_by_item on transactions (item_id, date);
      create index transactions_by_order_no on transactions (order_no, date) where item_id is null;
      create table run_parts (
        run_id text not null references runs (id),
        part integer not null,
        subscriptions integer not null,
        committed_at timestamptz not null default now(),
        primary key (run_id, part)
      );
    `,
  },
  {
    // The plan of a run in parts, stored with the run (in one transaction): whoever follows the
    // run to its end, the process that planned it or another once that one died, knows every
    // part. `parts` is the plan as the engine gave it, `part_count` its length (for listings).
    version: 4,
    sql: `
      create table run_plans (
        run_id text primary key references runs (id),
        part_count integer not null,
        parts json not null
      );
    `,
  },
  {
    // Links compare as the records they link: transaction and record ids are kept in collation
    // "C" (byte order, the order the engine pages in), the links' keys were in the default one,
    // so `link.transaction_id = t.id` could not use the links' primary key and every look for
    // unbilled usage hashed all the links (at 1,000,000 subscriptions, 3.4 s per page of the
    // scan; bench/ANALYSIS.md). Only the indexes are rebuilt: the text is the same.
    version: 5,
    sql: `
      alter table transaction_links alter column transaction_id type text collate "C";
      alter table record_links alter column record_id type text collate "C";
    `,
  },
];

/** Applies the migrations the database has not had yet. */
export async function migrate(db: Database): Promise<number> {
  return db.exclusive('invoice-run:migrations', async () => {
    await db.exec(
      'create table if not exists invoice_run_migrations (version integer primary key, applied_at timestamptz not null default now())',
    );
    const {rows} = await db.query<{version: number}>('select version from invoice_run_migrations');
    const applied = new Set(rows.map((row) => row.version));
    let count = 0;
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await db.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query('insert into invoice_run_migrations (version) values ($1)', [
          migration.version,
        ]);
      });
      count++;
    }
    return count;
  });
}
