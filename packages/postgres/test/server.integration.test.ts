/**
 * On a real PostgreSQL server (Debian's package, a throwaway cluster on a loopback port, started
 * here and stopped afterwards): the scenario suite as on the in-memory store, and what two
 * processes billing one database at once may and may not do.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {InvoiceRunEngine, parseScenarioText, runScenario} from '@invoice-run/core';
import {startPostgres} from '../../../scripts/postgres-server.mjs';
import {openDatabase, type Database} from '../src/database.js';
import {migrate} from '../src/migrations.js';
import {PostgresStore} from '../src/postgres-store.js';

const scenarioDir = fileURLToPath(new URL('../../../test/scenarios/', import.meta.url));
const TODAY = '2026-06-30';

let server: {url: string; stop(): Promise<void>};
const open: Database[] = [];
let schemas = 0;

async function database(schema = `it_${++schemas}`): Promise<Database> {
  const db = await openDatabase(server.url, {schema});
  open.push(db);
  await migrate(db);
  return db;
}

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  for (const db of open) await db.close();
  await server?.stop();
});

describe('a PostgreSQL server', () => {
  it('runs the public scenarios like the in-memory store', async () => {
    const files = readdirSync(scenarioDir).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const scenario = parseScenarioText(readFileSync(scenarioDir + file, 'utf8'));
      const expected = await runScenario(scenario, {today: TODAY});
      const store = new PostgresStore(await database());
      const actual = await runScenario(scenario, {today: TODAY, store});
      expect(JSON.stringify(actual, null, 2), file).toBe(JSON.stringify(expected, null, 2));
    }
    expect(existsSync(scenarioDir)).toBe(true);
  });

  it('two processes starting the same run at once bill each day once: the advisory lock makes them take turns', async () => {
    const schema = `it_${++schemas}`;
    const [first, second] = [await database(schema), await database(schema)];
    const data = subscriptions(200);
    await new InvoiceRunEngine(new PostgresStore(first)).import(data);
    const run = (db: Database) =>
      db.exclusive('invoice-run:billing', () =>
        new InvoiceRunEngine(new PostgresStore(db), {chunkSize: 25}).startRun(JANUARY),
      );
    const results = await Promise.all([run(first), run(second)]);
    expect(results.map((result) => result.counters.invoices).sort()).toEqual([0, 200]);
    const {rows} = await first.query<{days: string}>(
      "select count(*)::int as days from item_coverage where days && daterange('2026-01-01', '2026-01-31', '[]')",
    );
    expect(rows[0]!.days).toBe(200);
  });

  it('without the lock, the database itself refuses the second run\u2019s chunks: nothing is billed twice', async () => {
    const schema = `it_${++schemas}`;
    const [first, second] = [await database(schema), await database(schema)];
    await new InvoiceRunEngine(new PostgresStore(first)).import(subscriptions(200));
    const engines = [first, second].map(
      (db) => new InvoiceRunEngine(new PostgresStore(db), {chunkSize: 25}),
    );
    const settled = await Promise.allSettled(engines.map((engine) => engine.startRun(JANUARY)));
    const {rows} = await first.query<{lines: number; items: number}>(
      'select count(*)::int as lines, count(distinct item_id)::int as items from item_coverage',
    );
    // Every item billed once, whichever engine's chunk got there first.
    expect(rows[0]).toEqual({lines: 200, items: 200});
    const refused = settled.filter((result) => result.status === 'rejected');
    for (const result of refused) {
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/exclusion constraint/);
    }
  });
});

const JANUARY = {periodStart: '2026-01-01', periodEnd: '2026-01-31'};

function subscriptions(count: number) {
  const pad = (n: number) => String(n).padStart(5, '0');
  return {
    accounts: [{id: 'a', name: 'Acme'}],
    subscriptions: Array.from({length: count}, (_, n) => ({
      id: `s${pad(n)}`,
      accountId: 'a',
      number: `S-${n}`,
      startDate: '2026-01-01',
    })),
    items: Array.from({length: count}, (_, n) => ({
      id: `i${pad(n)}`,
      subscriptionId: `s${pad(n)}`,
      description: 'Plan',
      billingType: 'recurring',
      unitPrice: '10',
      billingPeriod: {count: 1, unit: 'month'},
      startDate: '2026-01-01',
    })),
  };
}

describe('a link is looked up by its key on a server', () => {
  // Transaction and record ids compare in collation "C". A server's default collation is the
  // locale's (here C.UTF-8, elsewhere en_US.UTF-8, ...): links keyed in it could not be probed by
  // key, and every look for unbilled usage read every link (bench/ANALYSIS.md). With every other
  // way priced out, the planner probes the links' key per row when it can (`Index Cond`), and
  // otherwise reads the whole index for each row (a join filter).
  it.each([
    ['transactions t', 'transaction_links', 'transaction_id'],
    ['records t', 'record_links', 'record_id'],
  ])('finds the link of each of %s by the primary key of %s', async (from, links, column) => {
    const db = await database();
    const plan = await db.transaction(async (tx) => {
      for (const setting of ['seqscan', 'hashjoin', 'mergejoin', 'material']) {
        await tx.query(`set local enable_${setting} = off`);
      }
      const {rows} = await tx.query<{'QUERY PLAN': string}>(
        `explain select t.id from ${from}
          where not exists (select 1 from ${links} l where l.${column} = t.id)`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain(`Index Only Scan using ${links}_pkey`);
    expect(plan).toContain(`Index Cond: (${column} = t.id)`);
  });
});
