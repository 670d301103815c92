import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Dexie} from 'dexie';
import {afterEach, describe, expect, it} from 'vitest';
import {InvoiceRunError, parseScenarioText, runScenario, type Invoice} from '@invoice-run/core';
import type {InvoiceRunClient, JobProgress, RemainingWatch, RunView} from './api.js';
import {databaseLockName, defaultLocks, runLockName} from './locks.js';
import {SCHEMA_V1, SCHEMA_VERSION} from './db.js';
import {createInProcessApi, createInProcessClient} from './in-process.js';
import {JANUARY, monthlyDataSet, usageDataSet} from './test-support/data.js';
import {quotaFaults, type FaultSwitch} from './test-support/faults.js';
import {rewriteAsVersion} from './test-support/legacy.js';
import {retry} from './test-support/retry.js';
import {runScenarioThroughClient} from './test-support/scenario-driver.js';

const scenarioDir = fileURLToPath(new URL('../../../test/scenarios/', import.meta.url));
const TODAY = '2026-06-30';
let counter = 0;
const clients: InvoiceRunClient[] = [];

function newDatabase(): string {
  return `test-${process.pid}-${++counter}`;
}

function client(
  database = newDatabase(),
  options: {faults?: FaultSwitch; chunkSize?: number} = {},
) {
  const made = createInProcessClient({
    database,
    ...(options.chunkSize === undefined ? {} : {chunkSize: options.chunkSize}),
    ...(options.faults === undefined ? {} : {middleware: [quotaFaults(options.faults)]}),
  });
  clients.push(made);
  return made;
}

async function errorOf(promise: Promise<unknown>): Promise<InvoiceRunError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvoiceRunError);
    return error as InvoiceRunError;
  }
  throw new Error('expected a refusal');
}

function sumsUp(invoice: Invoice): boolean {
  const cents = (amount: string) => Math.round(Number(amount) * 100);
  return invoice.lines.reduce((sum, line) => sum + cents(line.net), 0) === cents(invoice.net);
}

afterEach(async () => {
  for (const made of clients.splice(0)) await made.dispose();
});

describe('the API runs the public scenario suite like the command line', () => {
  const files = readdirSync(scenarioDir).filter((file) => file.endsWith('.json'));
  for (const file of files.sort()) {
    it(file, async () => {
      const scenario = parseScenarioText(readFileSync(scenarioDir + file, 'utf8'));
      const expected = await runScenario(scenario, {today: TODAY});
      const actual = await runScenarioThroughClient(client(), scenario, TODAY);
      expect(JSON.stringify(actual, null, 2)).toBe(JSON.stringify(expected, null, 2));
    });
  }
});

describe('import and export', () => {
  it('stores the valid records, reports each rejected one with kind, id and path', async () => {
    const billing = client();
    const report = await billing.import({
      // @ts-expect-error an account without a name, on purpose
      accounts: [{id: 'a1', name: 'Acme'}, {id: 'a2'}],
      items: [
        {
          id: 'i1',
          subscriptionId: 's1',
          description: 'Plan',
          billingType: 'recurring',
          unitPrice: '10',
          billingPeriod: {count: 0, unit: 'month'},
          startDate: '2026-01-01',
        },
      ],
      subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'}],
    });
    expect(report.stored).toBe(2);
    expect(report.rejected).toEqual([
      {kind: 'accounts', id: 'a2', path: 'name', message: 'is required'},
      {kind: 'items', id: 'i1', path: 'billingPeriod.count', message: 'must be at least 1'},
    ]);
    const exported = await billing.export();
    expect(exported.accounts.map((account) => account.id)).toEqual(['a1']);
    expect(exported.subscriptions).toHaveLength(1);
    expect(Object.keys(exported).sort()).toEqual(
      ['accounts', 'filters', 'items', 'records', 'subscriptions', 'transactions'].sort(),
    );
  });

  it('refuses a value that is not a data set with INVALID_INPUT', async () => {
    // @ts-expect-error not a record kind, on purpose
    const error = await errorOf(client().import({invoices: []}));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.faults[0]?.path).toBe('invoices');
  });

  it('keeps a billed transaction billed when it is imported again', async () => {
    const billing = client();
    await billing.import({
      accounts: [{id: 'a1', name: 'Acme'}],
      subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'}],
      items: [
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
      filters: [{id: 'usage', name: 'Usage', useCase: 'transaction', condition: {all: []}}],
    });
    const config = {...JANUARY, transactionFilters: ['usage']};
    expect((await billing.startRun(config)).counters.invoices).toBe(1);
    await billing.import({
      transactions: [{id: 't1', itemId: 'u1', date: '2026-01-05', quantity: '3'}],
    });
    expect((await billing.startRun(config)).counters.invoices).toBe(0);
    expect((await billing.export()).transactions).toEqual([
      {id: 't1', itemId: 'u1', date: '2026-01-05', quantity: '3'},
    ]);
  });
});

describe('CSV', () => {
  it('imports every record kind with the documented column convention', async () => {
    const billing = client();
    const imports = {
      accounts:
        'id,name,active,paymentDueDays,fields.region,fields.seats:json\na1,Acme,true,14,EU,12\na2,Beta,no,,US,\n',
      subscriptions: 'id,accountId,number,startDate,status\ns1,a1,SUB-1,2026-01-01,active\n',
      items:
        'id,subscriptionId,description,billingType,unitPrice,billingPeriod.count,billingPeriod.unit,startDate,taxRate\n' +
        'i1,s1,"Plan, monthly",recurring,10.50,1,month,2026-01-01,19\n' +
        'i2,s1,Broken,recurring,10,0,month,2026-01-01,\n',
      transactions: 'id,itemId,date,quantity\nt1,u1,2026-01-03,2\n',
      records:
        'id,object,accountId,lines\nr1,expense,a1,"[{""description"":""Taxi"",""quantity"":""1"",""unitPrice"":""30""}]"\nr2,expense,a1,[oops\n',
      filters:
        'id,name,useCase,condition\neu,EU,subscription,"{""field"":""fields.region"",""op"":""eq"",""value"":""EU""}"\n',
    } as const;
    const reports = Object.fromEntries(
      await Promise.all(
        Object.entries(imports).map(async ([kind, csv]) => [
          kind,
          await billing.importCsv(kind as keyof typeof imports, csv),
        ]),
      ),
    );
    expect(reports.accounts.stored).toBe(2);
    expect(reports.items.rejected).toEqual([
      {kind: 'items', id: 'i2', path: 'billingPeriod.count', message: 'line 3: must be at least 1'},
    ]);
    expect(reports.records.rejected).toEqual([
      {kind: 'records', id: 'r2', path: 'lines', message: 'line 3: is not valid JSON: "[oops"'},
    ]);
    const data = await billing.export();
    expect(data.accounts.find((account) => account.id === 'a1')).toMatchObject({
      active: true,
      paymentDueDays: 14,
      fields: {region: 'EU', seats: 12},
    });
    expect(data.accounts.find((account) => account.id === 'a2')?.active).toBe(false);
    expect(data.items[0]).toMatchObject({
      description: 'Plan, monthly',
      unitPrice: '10.5',
      billingPeriod: {count: 1, unit: 'month'},
    });
    expect(data.records[0]?.lines).toEqual([
      {description: 'Taxi', quantity: '1', unitPrice: '30', taxRate: '0'},
    ]);
    expect(data.filters[0]?.condition).toEqual({field: 'fields.region', op: 'eq', value: 'EU'});
    expect(data.transactions).toHaveLength(1);
  });

  it('exports invoices and lines, neutralising cells a spreadsheet would run as formulas', async () => {
    const billing = client();
    await billing.import({
      accounts: [{id: '=cmd()', name: 'Evil'}],
      subscriptions: [{id: '@s1', accountId: '=cmd()', number: 'S-1', startDate: '2026-01-01'}],
      items: [
        {
          id: 'i1',
          subscriptionId: '@s1',
          description: '+SUM(A1)',
          billingType: 'recurring',
          unitPrice: '-10',
          billingPeriod: {count: 1, unit: 'month'},
          startDate: '2026-01-01',
        },
      ],
    });
    const {run} = await billing.startRun(JANUARY);
    const invoices = await billing.exportCsv('invoices', run.id);
    const lines = await billing.exportCsv('lines');
    const [header, row] = invoices.split('\r\n');
    expect(header).toBe(
      'id,runId,number,status,class,accountId,subscriptionId,criterion,currency,invoiceDate,dueDate,servicePeriodStart,servicePeriodEnd,net,tax,gross',
    );
    expect(row).toContain(",'=cmd(),'@s1,");
    expect(row).toContain(',-10.00,0.00,-10.00');
    expect(lines.split('\r\n')[1]).toContain(",'+SUM(A1),");
  });
});

describe('schema upgrade', () => {
  it('opens a database written by version 1 and finds every record', async () => {
    const database = newDatabase();
    const old = new Dexie(database);
    old.version(1).stores(SCHEMA_V1);
    const invoice = (index: number, accountId: string) => ({
      id: `run-1:${index}`,
      runId: 'run-1',
      index,
      subscriptionId: `s-${accountId}`,
      accountId,
      criterion: null,
      class: 'invoice',
      status: 'draft',
      number: null,
      currency: 'EUR',
      invoiceDate: null,
      dueDate: null,
      paymentDueDays: 14,
      servicePeriod: {start: '2026-01-01', end: '2026-01-31'},
      net: '1.00',
      tax: '0.00',
      gross: '1.00',
      taxBreakdown: [],
      lines: [],
      transactionIds: [],
      recordIds: [],
    });
    await old.table('accounts').bulkPut([{id: 'a1', name: 'Acme', active: true}]);
    await old.table('runs').put({id: 'run-1', sequence: 1, status: 'completed', invoicesMade: 3});
    await old.table('invoices').bulkPut([invoice(0, 'b'), invoice(1, 'a'), invoice(2, 'c')]);
    await old.table('counters').put({key: 'invoice:2026', value: 7});
    old.close();

    const billing = client(database);
    const page = await billing.invoices('run-1', {limit: 2});
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.accountId)).toEqual(['a', 'b']);
    expect(page.items[0]).not.toHaveProperty('order');
    expect(
      (await billing.invoices('run-1', {offset: 2})).items.map((item) => item.accountId),
    ).toEqual(['c']);
    expect((await billing.export()).accounts).toEqual([{id: 'a1', name: 'Acme', active: true}]);
    expect((await billing.run('run-1')).sequence).toBe(1);
    const reopened = new Dexie(database);
    await reopened.open();
    expect(reopened.verno).toBe(SCHEMA_VERSION);
    expect(reopened.tables.map((table) => table.name)).toContain('scheduleStates');
    expect(await reopened.table('counters').get('invoice:2026')).toEqual({
      key: 'invoice:2026',
      value: 7,
    });
    reopened.close();
  });

  it('opens a database written by version 5: each run gets the figures of its invoices that exist', async () => {
    const database = newDatabase();
    const writer = createInProcessClient({database});
    await writer.import(monthlyDataSet(6));
    const {run} = await writer.startRun(JANUARY);
    const {run: empty} = await writer.startRun({
      periodStart: '2025-01-01',
      periodEnd: '2025-01-31',
    });
    const invoices = (await writer.invoices(run.id)).items;
    await writer.deleteDrafts(run.id, {invoiceIds: [invoices[0]!.id, invoices[1]!.id]});
    await writer.finalize(run.id, {invoiceIds: [invoices[2]!.id]}, TODAY);
    const expected = (await writer.run(run.id)).current;
    expect(expected).toMatchObject({invoices: 4, drafts: 3});
    await writer.dispose();
    await rewriteAsVersion(database, 5);

    const legacy = new Dexie(database);
    await legacy.open();
    expect(legacy.verno).toBe(5);
    expect(await legacy.table('runs').get(run.id)).not.toHaveProperty('current');
    legacy.close();

    const reader = client(database);
    expect((await reader.run(run.id)).current).toEqual(expected);
    expect(await reader.run(run.id)).toMatchObject({restores: 0, lastRestoredAt: null});
    expect((await reader.run(empty.id)).current).toEqual({
      invoices: 0,
      credits: 0,
      drafts: 0,
      lines: 0,
      totals: [],
    });
  });

  it('opens a database written by version 6: usage named by item id and by order number bills through the new items index', async () => {
    const database = newDatabase();
    const writer = createInProcessClient({database});
    const data = usageDataSet();
    await writer.import({
      ...data,
      items: [
        ...data.items!,
        {
          id: 'u-i2',
          subscriptionId: 'u-s1',
          description: 'Messages',
          billingType: 'transactional',
          unitPrice: '0.5',
          startDate: '2026-01-01',
          orderNo: 'ORD-7',
        },
      ],
      transactions: [
        ...data.transactions!,
        {id: 't4', orderNo: 'ORD-7', date: '2026-01-09', quantity: '4'},
      ],
    });
    await writer.dispose();
    await rewriteAsVersion(database, 6);

    const legacy = new Dexie(database);
    await legacy.open();
    expect(legacy.verno).toBe(6);
    expect(
      legacy
        .table('items')
        .schema.indexes.map((index) => index.name)
        .sort(),
    ).toEqual(['orderNo', 'subscriptionId']);
    legacy.close();

    const reader = client(database);
    const {run} = await reader.startRun({...JANUARY, transactionFilters: ['usage']});
    const [invoice] = (await reader.invoices(run.id)).items;
    expect(invoice!.transactionIds).toEqual(['t1', 't2', 't4']);
    expect(invoice!.lines.map((line) => [line.source, line.quantity])).toEqual([
      ['u-i1', '5'],
      ['u-i2', '4'],
    ]);
    const upgraded = new Dexie(database);
    await upgraded.open();
    expect(upgraded.verno).toBe(SCHEMA_VERSION);
    expect(
      upgraded
        .table('items')
        .schema.indexes.map((index) => index.name)
        .sort(),
    ).toEqual(['[billingType+id]', 'subscriptionId']);
    upgraded.close();
  });

  it.each([1, 3, 4] as const)(
    'opens a database written by version %i with billed transactions: links kept',
    async (version) => {
      const database = newDatabase();
      const writer = createInProcessClient({database});
      await writer.import(usageDataSet());
      await writer.import(monthlyDataSet(5));
      const usage = {...JANUARY, transactionFilters: ['usage']};
      const {run} = await writer.startRun(usage);
      expect(run.counters.invoices).toBe(6);
      const expected = (await writer.invoices(run.id, {limit: 100})).items;
      expect(expected.flatMap((invoice) => invoice.transactionIds).sort()).toEqual(['t1', 't2']);
      const data = await writer.export();
      await writer.dispose();
      await rewriteAsVersion(database, version);

      const legacy = new Dexie(database);
      await legacy.open();
      expect(legacy.verno).toBe(version);
      if (version === 4) {
        expect(await legacy.table('transactionLinks').count()).toBe(2);
      } else {
        expect(await legacy.table('transactions').get('t1')).toMatchObject({billed: 1});
        expect(await legacy.table('transactions').get('t3')).toMatchObject({billed: 0});
      }
      legacy.close();

      const reader = client(database);
      expect(await reader.export()).toEqual(data);
      expect((await reader.invoices(run.id, {limit: 100})).items).toEqual(expected);
      const upgraded = new Dexie(database);
      await upgraded.open();
      expect(upgraded.verno).toBe(SCHEMA_VERSION);
      const invoiceId = expected.find((invoice) => invoice.transactionIds.length > 0)!.id;
      const dates = data.transactions
        .filter((transaction) => transaction.id !== 't3')
        .map((transaction) => transaction.date)
        .sort();
      expect(upgraded.tables.map((table) => table.name)).not.toContain('transactionLinks');
      expect(await upgraded.table('usageLinks').toArray()).toEqual([
        {
          key: invoiceId,
          invoices: [{invoiceId, transactionIds: ['t1', 't2']}],
          first: dates[0],
          last: dates.at(-1),
        },
      ]);
      expect(await upgraded.table('transactions').get('t1')).toEqual(
        data.transactions.find((transaction) => transaction.id === 't1'),
      );
      upgraded.close();
      // Billed stay billed: January again bills nothing; unbilled stay unbilled: February bills t3.
      expect((await reader.startRun(usage)).counters.invoices).toBe(0);
      const february = await reader.startRun({
        periodStart: '2026-02-01',
        periodEnd: '2026-02-28',
        transactionFilters: ['usage'],
      });
      const billed = (await reader.invoices(february.run.id, {limit: 100})).items;
      expect(billed.flatMap((invoice) => invoice.transactionIds)).toEqual(['t3']);
    },
  );
});

describe("a run's current figures", () => {
  it('follow deletions, restores and finalizations, in the same transaction as each', async () => {
    const billing = client();
    await billing.import(monthlyDataSet(4));
    const {run} = await billing.startRun(JANUARY);
    const made = run.current;
    expect(made).toEqual({
      invoices: 4,
      credits: 0,
      drafts: 4,
      lines: 4,
      totals: [{currency: 'EUR', net: '46.00', tax: '8.74', gross: '54.74', count: 4}],
    });
    const [first] = (await billing.invoices(run.id)).items;
    await billing.deleteDrafts(run.id, {invoiceIds: [first!.id]});
    const afterDelete = await billing.run(run.id);
    expect(afterDelete.current).toMatchObject({invoices: 3, drafts: 3, lines: 3});
    expect(afterDelete.current.totals[0]!.gross).toBe((54.74 - Number(first!.gross)).toFixed(2));
    // Made in total stays: the counters are cumulative.
    expect(afterDelete.counters.invoices).toBe(4);
    await billing.restore(run.id, {subscriptions: [first!.subscriptionId!]});
    expect((await billing.run(run.id)).current).toEqual(made);
    await billing.finalize(run.id, {}, TODAY);
    expect((await billing.run(run.id)).current).toEqual({...made, drafts: 0});
    expect((await billing.run(run.id)).counters.invoices).toBe(5);
  });
});

describe('storage failures', () => {
  it('reports QUOTA_EXCEEDED and stores no part of the failed chunk', async () => {
    const faults: FaultSwitch = {plan: undefined};
    const billing = client(newDatabase(), {faults, chunkSize: 10});
    await billing.import(monthlyDataSet(25));
    faults.plan = {table: 'subscriptionLedgers', after: 1};
    const error = await errorOf(billing.startRun(JANUARY));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    faults.plan = undefined;
    const [run] = (await billing.runs()).items;
    expect(run?.status).toBe('failed');
    // The first chunk (10 invoices) was committed whole; the second failed whole.
    const invoices = await billing.invoices(run!.id, {limit: 100});
    expect(invoices.total).toBe(10);
    expect(run?.counters.invoices).toBe(10);
    const remaining = await billing.remaining(run!.id);
    expect(remaining.subscriptions).toHaveLength(15);
  });

  it('reports DATABASE_BLOCKED when another connection keeps an older version open', async () => {
    const database = newDatabase();
    const holder = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(database, 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const billing = client(database);
    const error = await errorOf(billing.runs());
    expect(error.code).toBe('DATABASE_BLOCKED');
    holder.close();
    // The open goes on once the other connection has closed: a later call succeeds.
    expect((await retry(() => billing.runs())).total).toBe(0);
  });

  it('reports DATABASE_CLOSED after another connection upgraded the database', async () => {
    const database = newDatabase();
    const billing = client(database);
    await billing.import(monthlyDataSet(2));
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(database, 1000);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const error = await errorOf(billing.runs());
    expect(error.code).toBe('DATABASE_CLOSED');
  });
});

describe('runs', () => {
  it('reports progress, and a cancel leaves only whole invoices and a cancelled run', async () => {
    const billing = client(newDatabase(), {chunkSize: 10});
    await billing.import(monthlyDataSet(60));
    const controller = new AbortController();
    const progress: JobProgress[] = [];
    const result = await billing.startRun(JANUARY, {
      signal: controller.signal,
      onProgress: (event) => {
        progress.push(event);
        if (event.done >= 20) controller.abort();
      },
    });
    expect(result.run.status).toBe('cancelled');
    expect(progress[0]).toEqual({phase: 'subscriptions', done: 0, total: 60});
    expect(progress.some((event) => event.done === 20 && event.total === 60)).toBe(true);
    const invoices = await billing.invoices(result.run.id, {limit: 1000});
    expect(invoices.total).toBe(result.run.counters.invoices);
    expect(invoices.total).toBeGreaterThanOrEqual(20);
    expect(invoices.total).toBeLessThan(60);
    expect(invoices.items.every(sumsUp)).toBe(true);
    // Restore completes the run without billing anything twice.
    const remaining = await billing.remaining(result.run.id);
    expect(remaining.subscriptions).toHaveLength(60 - invoices.total);
    const restored = await billing.restore(result.run.id, {
      subscriptions: remaining.subscriptions.map((sub) => sub.id),
    });
    expect(restored.run.counters.invoices).toBe(60);
    expect((await billing.remaining(result.run.id)).subscriptions).toHaveLength(0);
  });

  it('serialises two clients billing one database: nothing billed twice', async () => {
    const database = newDatabase();
    const first = client(database, {chunkSize: 10});
    const second = client(database, {chunkSize: 10});
    await first.import(monthlyDataSet(40));
    const [a, b] = await Promise.all([first.startRun(JANUARY), second.startRun(JANUARY)]);
    expect(a.counters.invoices + b.counters.invoices).toBe(40);
    expect(new Set([a.run.id, b.run.id]).size).toBe(2);
  });

  it('refuses unknown runs with RUN_NOT_FOUND and lists runs newest first', async () => {
    const billing = client();
    await billing.import(monthlyDataSet(3));
    await billing.startRun(JANUARY);
    await billing.startRun({periodStart: '2026-02-01', periodEnd: '2026-02-28'});
    const runs = await billing.runs({limit: 1});
    expect(runs.total).toBe(2);
    expect(runs.items.map((run) => [run.sequence, run.interrupted])).toEqual([[2, false]]);
    expect((await errorOf(billing.run('nope'))).code).toBe('RUN_NOT_FOUND');
  });

  it('finalizes and deletes drafts by selection; live queries follow the changes', async () => {
    const billing = client();
    await billing.import(monthlyDataSet(3));
    const counters: Record<string, number>[] = [];
    const stop = billing.observeCounters((value) => counters.push(value));
    const {run} = await billing.startRun({...JANUARY, invoiceDate: '2026-02-01'});
    const all = await billing.invoices(run.id);
    const finalized = await billing.finalize(run.id, {invoiceIds: [all.items[0]!.id]});
    expect(finalized.map((invoice) => invoice.number)).toEqual(['INV-2026-00001']);
    expect(await billing.deleteDrafts(run.id, {accounts: ['a000001']})).toBe(1);
    expect((await billing.invoices(run.id)).total).toBe(2);
    await expect.poll(() => counters.at(-1)).toEqual({'invoice:2026': 1});
    stop();
  });
});

describe('what View Remaining depends on, live', () => {
  it('counts each change of the run, of the runs of its selection and of the data', async () => {
    const billing = client();
    await billing.import(monthlyDataSet(3));
    const {run} = await billing.startRun(JANUARY);
    const seen: RemainingWatch[] = [];
    const stop = billing.observeRemaining(run.id, (watch) => seen.push(watch));
    await expect.poll(() => seen.at(-1)?.version).toBe(0);
    expect(seen.at(-1)).toMatchObject({run: {id: run.id, interrupted: false}, newer: undefined});
    const [first] = (await billing.invoices(run.id)).items;

    await billing.deleteDrafts(run.id, {invoiceIds: [first!.id]});
    await expect.poll(() => seen.at(-1)?.version).toBe(1);
    expect(seen.at(-1)?.run?.current.invoices).toBe(2);
    await billing.restore(run.id, {subscriptions: [first!.subscriptionId!]});
    await expect.poll(() => seen.at(-1)?.run?.current.invoices).toBe(3);
    const afterRestore = seen.at(-1)!.version;
    expect(afterRestore).toBeGreaterThan(1);
    const [draft] = (await billing.invoices(run.id)).items;
    await billing.editDraft(draft!.id, [{line: 0, set: {quantity: '2'}}]);
    await expect.poll(() => seen.at(-1)?.version).toBeGreaterThan(afterRestore);
    const afterEdit = seen.at(-1)!.version;
    await billing.finalize(run.id, {}, TODAY);
    await expect.poll(() => seen.at(-1)?.version).toBeGreaterThan(afterEdit);
    const afterFinalize = seen.at(-1)!.version;
    await billing.import({accounts: [{id: 'a-new', name: 'New'}]});
    await expect.poll(() => seen.at(-1)?.version).toBeGreaterThan(afterFinalize);
    // Another selection's run does not concern it; a newer run of its own selection does.
    const afterImport = seen.at(-1)!.version;
    const {run: newer} = await billing.startRun(JANUARY);
    await expect.poll(() => seen.at(-1)?.newer?.id).toBe(newer.id);
    expect(seen.at(-1)!.version).toBeGreaterThan(afterImport);
    stop();
  });

  it('delivers an unknown run as undefined', async () => {
    const billing = client();
    const seen: RemainingWatch[] = [];
    const stop = billing.observeRemaining('run-9', (watch) => seen.push(watch));
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({run: undefined, newer: undefined, version: 0});
    stop();
  });
});

describe('runs seen from another tab', () => {
  it("show a run as interrupted once its tab lets go of the run's lock, with no write", async () => {
    const database = newDatabase();
    const billing = client(database);
    await billing.import(monthlyDataSet(2));
    const {run} = await billing.startRun(JANUARY);
    // Another tab's worker that bills the run: storage says running, its lock is held.
    const release = await defaultLocks().hold(runLockName(database, run.id));
    const raw = createInProcessApi({database, scheduler: {enabled: false}});
    await raw.db.runs.put({...(await raw.db.runs.get(run.id))!, status: 'running'});
    const pages: RunView[][] = [];
    const stop = billing.observeRuns((page) => pages.push([...page.items]));
    await expect.poll(() => pages.at(-1)?.[0]?.status).toBe('running');
    expect(pages.at(-1)![0]!.interrupted).toBe(false);
    const delivered = pages.length;
    // The tab closes: its locks go, nothing is written.
    release();
    await expect.poll(() => pages.at(-1)?.[0]?.interrupted).toBe(true);
    expect(pages.length).toBe(delivered + 1);
    stop();
    await raw.close();
  });

  it('a run that waits for another tab says so first, and bills what is left', async () => {
    const database = newDatabase();
    const billing = client(database);
    await billing.import(monthlyDataSet(3));
    const release = await defaultLocks().hold(databaseLockName(database));
    const progress: JobProgress[] = [];
    const running = billing.startRun(JANUARY, {onProgress: (event) => progress.push(event)});
    await expect.poll(() => progress.some((event) => event.phase === 'waiting')).toBe(true);
    expect(progress.at(-1)).toEqual({phase: 'waiting', done: 0, total: -1});
    release();
    const result = await running;
    expect(result.counters.invoices).toBe(3);
    expect(progress.findIndex((event) => event.phase === 'waiting')).toBe(1);
    expect(progress.at(-1)).toEqual({phase: 'subscriptions', done: 3, total: 3});
  });

  it('a run that finds the lock free does not say it waits', async () => {
    const billing = client();
    await billing.import(monthlyDataSet(3));
    const progress: JobProgress[] = [];
    await billing.startRun(JANUARY, {onProgress: (event) => progress.push(event)});
    expect(progress.some((event) => event.phase === 'waiting')).toBe(false);
  });
});

describe('View Remaining', () => {
  /** A run of January made before the subscriptions were imported: all of them remain. */
  async function runBeforeSubscriptions(billing: InvoiceRunClient, count: number) {
    const data = monthlyDataSet(count);
    await billing.import({accounts: data.accounts});
    const {run} = await billing.startRun(JANUARY);
    expect(run.counters.invoices).toBe(0);
    await billing.import({subscriptions: data.subscriptions, items: data.items});
    return run;
  }

  it('streams the subscriptions a chunk at a time, in the order of the result', async () => {
    const billing = client(newDatabase(), {chunkSize: 10});
    const run = await runBeforeSubscriptions(billing, 45);
    const calls: string[][] = [];
    const progress: JobProgress[] = [];
    let doneAtFirstRows: number | undefined;
    const remaining = await billing.remaining(run.id, {
      onSubscriptions: (rows) => {
        if (calls.length === 0) doneAtFirstRows = progress.at(-1)?.done ?? 0;
        calls.push(rows.map((row) => row.id));
      },
      onProgress: (event) => progress.push(event),
    });
    expect(calls.map((ids) => ids.length)).toEqual([10, 10, 10, 10, 5]);
    expect(calls.flat()).toEqual(remaining.subscriptions.map((row) => row.id));
    expect(remaining.subscriptions[0]).toEqual({
      id: 's000000',
      account: 'a000000',
      totals: [{currency: 'EUR', net: '10.00', tax: '1.90', gross: '11.90'}],
    });
    // The first rows came before the pass had finished its first chunk.
    expect(doneAtFirstRows).toBe(0);
    expect(progress.at(-1)).toEqual({phase: 'subscriptions', done: 45, total: 45});
    // Without options it is the same list, at the end.
    expect(await billing.remaining(run.id)).toEqual(remaining);
  });

  it('sends each subscription to the page once: through the listener, not again in the result', async () => {
    const database = newDatabase();
    const billing = client(database, {chunkSize: 10});
    const run = await runBeforeSubscriptions(billing, 25);
    const api = createInProcessApi({database, chunkSize: 10, scheduler: {enabled: false}});
    try {
      const received: string[] = [];
      const raw = await api.remaining(run.id, 'job-1', (rows) => {
        received.push(...rows.map((row) => row.id));
      });
      expect(raw.subscriptions).toEqual([]);
      expect(received).toHaveLength(25);
      const whole = await api.remaining(run.id);
      expect(whole.subscriptions.map((row) => row.id)).toEqual(received);
      expect(raw).toEqual({...whole, subscriptions: []});
    } finally {
      await api.close();
    }
  });

  it('a cancel stops the pass between chunks and rejects with CANCELLED', async () => {
    const billing = client(newDatabase(), {chunkSize: 10});
    const run = await runBeforeSubscriptions(billing, 45);
    const controller = new AbortController();
    let calls = 0;
    const error = await errorOf(
      billing.remaining(run.id, {
        signal: controller.signal,
        onSubscriptions: () => {
          calls++;
          controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(5);
    // Cancelled before it began: nothing is made.
    const early = await errorOf(
      billing.remaining(run.id, {signal: AbortSignal.abort(), onSubscriptions: () => calls++}),
    );
    expect(early.code).toBe('CANCELLED');
  });

  it('refuses a run that is not the latest before it streams anything', async () => {
    const billing = client(newDatabase(), {chunkSize: 10});
    const run = await runBeforeSubscriptions(billing, 5);
    await billing.startRun(JANUARY);
    let calls = 0;
    const error = await errorOf(billing.remaining(run.id, {onSubscriptions: () => calls++}));
    expect(error.code).toBe('RUN_NOT_LATEST');
    expect(calls).toBe(0);
  });
});

describe('schedules', () => {
  it('saves valid schedules, refuses invalid ones with faults, deletes', async () => {
    const billing = client();
    const schedule = {
      id: 'monthly',
      cron: '0 6 1 * *',
      interval: '1m',
      alignment: 'previous',
      invoiceDate: 'end+1',
    } as const;
    const saved = await billing.saveSchedule(schedule);
    expect(saved.name).toBe('monthly');
    expect((await billing.schedules()).map((item) => item.id)).toEqual(['monthly']);
    const error = await errorOf(billing.saveSchedule({...schedule, cron: 'never'}));
    expect(error.code).toBe('INVALID_SCHEDULE');
    expect(error.faults.map((fault) => fault.path)).toContain('cron');
    expect(await billing.deleteSchedule('monthly')).toBe(true);
    expect(await billing.deleteSchedule('monthly')).toBe(false);
  });
});

describe('what an invoice document reads', () => {
  it('reads accounts by id, in the order asked, each once, leaving out unknown ids', async () => {
    const billing = client();
    await billing.import({
      accounts: [
        {id: 'a1', name: 'Acme'},
        {
          id: 'a2',
          name: 'Nordwerk GmbH',
          taxId: ' DE123456789 ',
          email: 'billing@nordwerk.example',
          address: {lines: ['Hafenstraße 1'], postalCode: '20457', city: 'Hamburg', country: 'DE'},
        },
      ],
    });
    const accounts = await billing.accounts(['a2', 'nope', 'a1', 'a2']);
    expect(accounts.map((account) => account.id)).toEqual(['a2', 'a1']);
    expect(accounts[0]).toMatchObject({
      name: 'Nordwerk GmbH',
      taxId: 'DE123456789',
      email: 'billing@nordwerk.example',
      address: {lines: ['Hafenstraße 1'], postalCode: '20457', city: 'Hamburg', country: 'DE'},
    });
    expect(await billing.accounts([])).toEqual([]);
  });

  it('refuses more than 1000 account ids, or ids that are not strings, with INVALID_INPUT', async () => {
    const billing = client();
    const many = Array.from({length: 1001}, (_, n) => `a${n}`);
    expect((await errorOf(billing.accounts(many))).code).toBe('INVALID_INPUT');
    expect((await errorOf(billing.accounts([1] as unknown as string[]))).code).toBe(
      'INVALID_INPUT',
    );
    // The same ids twice count once.
    expect(await billing.accounts([...Array(1001)].map(() => 'a1'))).toEqual([]);
  });

  it('reads one invoice as it is stored now, edits included; INVOICE_NOT_FOUND once it is gone', async () => {
    const billing = client();
    await billing.import(monthlyDataSet(2));
    const {run} = await billing.startRun(JANUARY);
    const [first] = (await billing.invoices(run.id)).items;
    expect(await billing.invoice(first!.id)).toEqual(first);
    await billing.editDraft(first!.id, [{line: 0, set: {quantity: '2'}}], {
      at: '2026-02-02T09:00:00Z',
    });
    const edited = await billing.invoice(first!.id);
    expect(edited.lines[0]!.quantity).toBe('2');
    expect(edited.edits).toEqual([
      {
        at: '2026-02-02T09:00:00Z',
        changes: [{line: 0, field: 'quantity', from: '1', to: '2'}],
      },
    ]);
    await billing.deleteDrafts(run.id, {invoiceIds: [first!.id]});
    expect((await errorOf(billing.invoice(first!.id))).code).toBe('INVOICE_NOT_FOUND');
    expect((await errorOf(billing.invoice(42 as unknown as string))).code).toBe(
      'INVOICE_NOT_FOUND',
    );
  });
});
