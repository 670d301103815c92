import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {PGlite} from '@electric-sql/pglite';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  InvoiceRunEngine,
  MemoryStore,
  compareInvoices,
  compareIssues,
  parseScenarioText,
  runScenario,
  type BillingStore,
  type Invoice,
  type InvoiceRunError,
  type RunRecord,
} from '@invoice-run/core';
import {createPglite, pgliteDatabase} from './database.js';
import {migrate} from './migrations.js';
import {PostgresStore} from './postgres-store.js';

const scenarioDir = fileURLToPath(new URL('../../../test/scenarios/', import.meta.url));
const files = [
  ...readdirSync(scenarioDir).filter((file) => file.endsWith('.json')),
  ...(existsSync(`${scenarioDir}own`) ? readdirSync(`${scenarioDir}own`) : [])
    .filter((file) => file.endsWith('.json'))
    .map((file) => `own/${file}`),
].sort();
const TODAY = '2026-06-30';

let lite: PGlite;
let schemas = 0;

/** A store in a schema of its own of the one PGlite instance of this file. */
async function freshStore(): Promise<PostgresStore> {
  const db = await pgliteDatabase(lite, `test_${++schemas}`);
  await migrate(db);
  return new PostgresStore(db);
}

beforeAll(async () => {
  lite = await createPglite();
});

afterAll(async () => {
  await lite?.close();
});

describe('PostgresStore runs the scenario suite like the in-memory store', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });
  for (const file of files) {
    it(file, async () => {
      const scenario = parseScenarioText(readFileSync(scenarioDir + file, 'utf8'));
      const expected = await runScenario(scenario, {today: TODAY});
      const actual = await runScenario(scenario, {today: TODAY, store: await freshStore()});
      // The same text: records are kept as json, which keeps their keys' order.
      expect(JSON.stringify(actual, null, 2)).toBe(JSON.stringify(expected, null, 2));
    });
  }
});

describe('the database itself refuses billing anything twice', () => {
  const data = {
    accounts: [{id: 'a1', name: 'Acme'}],
    subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'}],
    items: [
      {
        id: 'i1',
        subscriptionId: 's1',
        description: 'Plan',
        billingType: 'recurring',
        unitPrice: '10',
        billingPeriod: {count: 1, unit: 'month'},
        startDate: '2026-01-01',
      },
      {
        id: 'u1',
        subscriptionId: 's1',
        description: 'Calls',
        billingType: 'transactional',
        unitPrice: '1',
        startDate: '2026-01-01',
      },
    ],
    transactions: [{id: 't1', itemId: 'u1', date: '2026-01-05', quantity: '3'}],
    records: [
      {
        id: 'o1',
        object: 'Order',
        accountId: 'a1',
        lines: [{description: 'Setup', quantity: '1', unitPrice: '5'}],
      },
    ],
    filters: [
      {id: 'usage', name: 'Usage', useCase: 'transaction', condition: {all: []}},
      {id: 'orders', name: 'Orders', useCase: 'generic', condition: {all: []}},
    ],
  };
  const january = {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    transactionFilters: ['usage'],
    genericFilters: ['orders'],
  };

  /** A store with January billed, and a copy of its invoice under another id. */
  async function billedTwiceAttempt() {
    const store = await freshStore();
    const engine = new InvoiceRunEngine(store);
    await engine.import(data);
    const {run} = await engine.startRun(january);
    const invoices = await engine.invoicesOfRun(run.id);
    return {store, run: (await store.readRun(run.id))!, invoices};
  }

  it('refuses a second invoice covering a day, a transaction or a record billed already, and stores none of its chunk', async () => {
    const {store, run, invoices} = await billedTwiceAttempt();
    const byKind = (keep: (line: {kind: string}) => boolean) =>
      invoices
        .map((invoice, n) => ({
          ...invoice,
          id: `copy-${n}`,
          lines: invoice.lines.filter(keep),
          transactionIds: keep({kind: 'usage'}) ? invoice.transactionIds : [],
          recordIds: keep({kind: 'record'}) ? invoice.recordIds : [],
        }))
        .filter((invoice) => invoice.lines.length > 0);
    for (const kind of ['item', 'usage', 'record']) {
      const copies = byKind((line) => line.kind === kind);
      expect(copies.length, kind).toBeGreaterThan(0);
      const commit = store.commitRunChunk({
        run,
        issues: {errors: [], warnings: []},
        invoices: copies,
        ledgers: [],
        recordErrors: new Map(),
      });
      await expect(commit, kind).rejects.toThrow(/duplicate key|exclusion constraint/);
      expect((await store.readInvoices(copies.map((copy) => copy.id))).size, kind).toBe(0);
    }
  });

  it('gives back what a deleted draft billed: its links and coverage go with it', async () => {
    const {store, invoices} = await billedTwiceAttempt();
    const engine = new InvoiceRunEngine(store);
    await engine.deleteDrafts(invoices);
    const {rows} = await store.db.query<{links: number}>(
      `select (select count(*) from transaction_links) + (select count(*) from record_links)
            + (select count(*) from item_coverage) as links`,
    );
    expect(Number(rows[0]!.links)).toBe(0);
    const again = await engine.startRun(january);
    expect(again.counters).toMatchObject({invoices: 2, lines: 3});
  });
});

describe('PostgresStore keeps schedules like the in-memory store', () => {
  it('saves, restarts, advances and deletes schedules, and records firings once', async () => {
    const act = async (store: BillingStore) => {
      const engine = new InvoiceRunEngine(store);
      const schedule = {
        id: 'monthly',
        name: 'Monthly',
        cron: '0 6 1 * *',
        timeZone: 'Europe/Berlin',
        interval: '1m',
        alignment: 'previous',
      };
      await engine.saveSchedule(schedule, '2026-01-10T00:00:00.000Z');
      const saved = await store.readScheduleState('monthly');
      await store.advanceScheduleState('monthly', '2026-02-01T00:00:00.000Z');
      await store.advanceScheduleState('monthly', '2026-01-20T00:00:00.000Z'); // never back
      const advanced = await store.readScheduleState('monthly');
      await engine.saveSchedule({...schedule, name: 'Renamed'}, '2026-02-02T00:00:00.000Z');
      const renamed = await store.readScheduleState('monthly');
      await engine.saveSchedule({...schedule, cron: '0 7 1 * *'}, '2026-02-03T00:00:00.000Z');
      const restarted = await store.readScheduleState('monthly');
      const skipped = await store.recordSkippedFirings([
        {
          scheduleId: 'monthly',
          at: '2026-01-01T06:00',
          runId: null,
          status: 'skipped',
          reason: 'x',
        },
        {
          scheduleId: 'monthly',
          at: '2026-02-01T06:00',
          runId: null,
          status: 'skipped',
          reason: 'x',
        },
      ]);
      const again = await store.recordSkippedFirings([
        {
          scheduleId: 'monthly',
          at: '2026-02-01T06:00',
          runId: null,
          status: 'skipped',
          reason: 'y',
        },
      ]);
      const failed = await store.recordFiringFailure(
        'monthly',
        '2026-03-01T06:00',
        'UNKNOWN_FILTER',
      );
      const from = await store.readFiringsFrom('monthly', '2026-02-01T06:00');
      const last = await store.readLastFiring('monthly');
      const deleted = [
        await engine.deleteSchedule('monthly'),
        await engine.deleteSchedule('monthly'),
      ];
      await store.startScheduleState({
        scheduleId: 'monthly',
        savedAt: '2026-01-01T00:00:00.000Z',
        since: '2026-01-01T00:00:00.000Z',
        lastCheckedAt: null,
      });
      return {
        saved,
        advanced,
        renamed,
        restarted,
        skipped: skipped.map((firing) => firing.at),
        again: again.length,
        failed,
        from: from.map((firing) => firing.at),
        last: last?.at,
        deleted,
        states: await store.readScheduleStates(),
        schedules: await store.readSchedules(),
        firings: (await store.readFirings('monthly')).length,
      };
    };
    const memory = await act(new MemoryStore());
    const postgres = await act(await freshStore());
    expect(postgres).toEqual(memory);
    expect(memory.advanced).toEqual({
      scheduleId: 'monthly',
      savedAt: '2026-01-10T00:00:00.000Z',
      since: '2026-02-01T00:00:00.000Z',
      lastCheckedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(memory.renamed!.since).toBe('2026-02-01T00:00:00.000Z');
    expect(memory.restarted!.since).toBe('2026-02-03T00:00:00.000Z');
    expect([memory.skipped, memory.again, memory.failed.status, memory.from, memory.last]).toEqual([
      ['2026-01-01T06:00', '2026-02-01T06:00'],
      0,
      'refused',
      ['2026-02-01T06:00', '2026-03-01T06:00'],
      '2026-03-01T06:00',
    ]);
    expect([memory.deleted, memory.states, memory.schedules, memory.firings]).toEqual([
      [true, false],
      [],
      [],
      3,
    ]);
  });
});

describe('a run in parts on PostgreSQL bills what one pass bills', () => {
  const withRun = files.flatMap((file) => {
    const scenario = parseScenarioText(readFileSync(scenarioDir + file, 'utf8'));
    const run = scenario.steps.find((step) => step.do === 'run');
    return run?.do === 'run' ? [{file, scenario, config: run.config}] : [];
  });
  const engineOf = async (scenario: (typeof withRun)[number]['scenario']) => {
    const store = await freshStore();
    await store.writeSettings(scenario.settings);
    const engine = new InvoiceRunEngine(store, {chunkSize: 2});
    await engine.import(scenario.data);
    return {store, engine};
  };
  const asMade = (invoices: readonly Invoice[]) =>
    [...invoices].sort(compareInvoices).map(({id: _id, index: _index, ...invoice}) => invoice);
  const figuresOf = (run: RunRecord) => ({
    status: run.status,
    counters: run.counters,
    warningCount: run.warningCount,
    totals: run.totals,
    current: run.current,
  });

  for (const {file, scenario, config} of withRun) {
    it(file, async () => {
      const single = await engineOf(scenario);
      const expected = await single.engine
        .startRun(config)
        .catch((error: InvoiceRunError) => error);
      const parted = await engineOf(scenario);
      if (expected instanceof Error) {
        await expect(parted.engine.beginRun(config)).rejects.toMatchObject({code: expected.code});
        return;
      }
      const {run, parts} = await parted.engine.beginRun(config, {partSize: 2});
      // The plan is stored with the run, as another process reads it.
      expect(await parted.engine.runPlan(run.id)).toEqual({run, parts});
      // Backwards, and the first part twice: the second time it stores nothing.
      const order = [...parts].reverse();
      const results = await Promise.all(
        [...order, ...order.slice(0, 1)].map((part) => parted.engine.billRunPart(run.id, part)),
      );
      expect(results.filter((result) => !result.stored)).toHaveLength(Math.min(1, parts.length));
      expect(await parted.store.readRunParts(run.id)).toHaveLength(parts.length);
      const ended = await parted.engine.endRun(run.id);
      expect(figuresOf(ended)).toEqual(figuresOf(expected.run));
      expect(asMade(await parted.engine.invoicesOfRun(run.id))).toEqual(
        asMade(await single.engine.invoicesOfRun(expected.run.id)),
      );
      const sortedIssues = async (store: PostgresStore, runId: string) => {
        const issues = await store.readRunIssues(runId);
        return [...issues.errors, ...issues.warnings].sort(compareIssues);
      };
      expect(await sortedIssues(parted.store, run.id)).toEqual(
        await sortedIssues(single.store, expected.run.id),
      );
    });
  }
});
