/// <reference types="mocha" />
/**
 * The scheduler through the real worker, with the platform's Web Locks and IndexedDB: each test
 * moves time by calling `checkSchedules(instant)` (the automatic timer off), except the timer test.
 */
import {expect} from 'chai';
import {InvoiceRunError, type Invoice, type ScheduleInput} from '@invoice-run/core';
import {
  createInvoiceRunClient,
  type InvoiceRunClient,
  type InvoiceRunClientOptions,
} from '@invoice-run/worker';
import {InvoiceRunDb} from './db.js';
import {monthlyDataSet} from './test-support/data.js';

const clients: InvoiceRunClient[] = [];
let counter = 0;

function newDatabase(): string {
  return `scheduler-${Date.now()}-${++counter}`;
}

function client(
  database: string,
  scheduler: InvoiceRunClientOptions['scheduler'] = {enabled: false},
): InvoiceRunClient {
  const made = createInvoiceRunClient({database, scheduler});
  clients.push(made);
  return made;
}

afterEach(async () => {
  for (const made of clients.splice(0)) await made.dispose();
});

async function errorOf(promise: Promise<unknown>): Promise<InvoiceRunError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(InvoiceRunError);
    return error as InvoiceRunError;
  }
  throw new Error('expected an error');
}

const MONTHLY = {
  id: 'monthly',
  cron: '0 6 1 * *',
  timeZone: 'Europe/Berlin',
  interval: '1m',
  alignment: 'previous',
  invoiceDate: 'end+1',
} satisfies ScheduleInput;

async function allInvoices(billing: InvoiceRunClient): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  for (const run of (await billing.runs({limit: 1000})).items) {
    invoices.push(...(await billing.invoices(run.id, {limit: 1000})).items);
  }
  return invoices;
}

/** Item id and billed day spans; two spans of one item never overlap. */
function overlaps(invoices: readonly Invoice[]): string[] {
  const spans = new Map<string, {start: string; end: string}[]>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (line.kind !== 'item') continue;
      spans.set(line.source, [...(spans.get(line.source) ?? []), line.servicePeriod]);
    }
  }
  const found: string[] = [];
  for (const [item, list] of spans) {
    const sorted = [...list].sort((a, b) => (a.start < b.start ? -1 : 1));
    for (let index = 1; index < sorted.length; index++) {
      if (sorted[index]!.start <= sorted[index - 1]!.end) found.push(item);
    }
  }
  return found;
}

async function waitFor(condition: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeout) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the scheduler in the worker', () => {
  it('catches up after months: fires the latest three in order, records older ones skipped', async () => {
    const billing = client(newDatabase());
    await billing.import(monthlyDataSet(3));
    await billing.saveSchedule(MONTHLY, '2026-01-15T12:00:00Z');
    const check = await billing.checkSchedules('2026-07-01T03:00:00Z');
    expect(check.fired.map((firing) => firing.at)).to.deep.equal([
      '2026-04-01T06:00',
      '2026-05-01T06:00',
      '2026-06-01T06:00',
    ]);
    expect(check.skipped.map((firing) => firing.at)).to.deep.equal([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
    ]);
    const runs = (await billing.runs()).items.slice().reverse();
    expect(runs.map((run) => `${run.config.periodStart}..${run.config.periodEnd}`)).to.deep.equal([
      '2026-03-01..2026-03-31',
      '2026-04-01..2026-04-30',
      '2026-05-01..2026-05-31',
    ]);
    expect(
      runs.every((run) => run.origin === 'scheduled' && run.scheduleId === 'monthly'),
    ).to.equal(true);
    expect((await billing.firings('monthly')).map((firing) => firing.status)).to.deep.equal([
      'skipped',
      'skipped',
      'fired',
      'fired',
      'fired',
    ]);
  });

  it('two workers checking one database at the same instant fire each firing time once', async () => {
    const database = newDatabase();
    const first = client(database);
    const second = client(database);
    await first.import(monthlyDataSet(20));
    await first.saveSchedule(MONTHLY, '2026-01-15T12:00:00Z');
    await second.runs(); // both workers have the database open
    const checks = await Promise.all([
      first.checkSchedules('2026-07-01T03:00:00Z'),
      second.checkSchedules('2026-07-01T03:00:00Z'),
    ]);
    expect(checks.flatMap((check) => check.fired).map((firing) => firing.at)).to.have.members([
      '2026-04-01T06:00',
      '2026-05-01T06:00',
      '2026-06-01T06:00',
    ]);
    const runs = (await first.runs()).items;
    expect(runs).to.have.length(3);
    expect(runs.map((run) => run.counters.invoices)).to.deep.equal([20, 20, 20]);
    expect(await first.firings('monthly')).to.have.length(5);
    expect(overlaps(await allInvoices(first))).to.deep.equal([]);
  });

  it('leads only with the scheduler lock: while another context holds it, a check does nothing', async () => {
    const database = newDatabase();
    const billing = client(database);
    await billing.import(monthlyDataSet(1));
    await billing.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      void navigator.locks.request(`invoice-run:${database}:scheduler`, () => {
        resolve();
        return new Promise<void>((done) => (release = done));
      });
    });
    await held;
    const check = await billing.checkSchedules('2026-02-02T00:00:00Z');
    expect(check.led).to.equal(false);
    expect(check.fired).to.deep.equal([]);
    release();
    const led = await billing.checkSchedules('2026-02-02T00:00:00Z');
    expect(led.led).to.equal(true);
    expect(led.fired.map((firing) => firing.at)).to.deep.equal(['2026-02-01T06:00']);
  });

  it('merges a firing into a manual run with the same key', async () => {
    const billing = client(newDatabase());
    await billing.import(monthlyDataSet(2));
    const manual = await billing.startRun({periodStart: '2026-02-01', periodEnd: '2026-02-28'});
    await billing.saveSchedule(MONTHLY, '2026-02-10T00:00:00Z');
    const check = await billing.checkSchedules('2026-03-01T05:30:00Z');
    expect(check.fired).to.have.length(1);
    expect(check.fired[0]!.runId).to.equal(manual.run.id);
    expect(check.fired[0]!.merged).to.equal(true);
    expect((await billing.runs()).total).to.equal(1);
    expect(overlaps(await allInvoices(billing))).to.deep.equal([]);
  });

  it('refuses invalid schedules with the field and the reason', async () => {
    const billing = client(newDatabase());
    const error = await errorOf(
      billing.saveSchedule({...MONTHLY, interval: '5x', invoiceDate: 'later'}),
    );
    expect(error.code).to.equal('INVALID_SCHEDULE');
    expect(error.faults.map((fault) => fault.path)).to.have.members(['interval', 'invoiceDate']);
    expect(error.faults.find((fault) => fault.path === 'interval')!.message).to.contain('"5x"');
  });

  it('refuses and records the firing of a schedule whose filter was deleted', async () => {
    const database = newDatabase();
    const billing = client(database);
    await billing.import({
      ...monthlyDataSet(1),
      filters: [
        {
          id: 'everyone',
          name: 'Everyone',
          useCase: 'subscription',
          condition: {field: 'accountId', op: 'ne', value: 'nobody'},
        },
      ],
    });
    await billing.saveSchedule(
      {...MONTHLY, subscriptionFilter: 'everyone'},
      '2026-01-15T00:00:00Z',
    );
    // Another tab deletes the filter (the API has no deleteFilter; the database is shared).
    const page = new InvoiceRunDb(database);
    await page.filters.delete('everyone');
    page.close();
    const check = await billing.checkSchedules('2026-02-02T00:00:00Z');
    expect(check.fired).to.deep.equal([]);
    expect(check.refused.map((firing) => firing.at)).to.deep.equal(['2026-02-01T06:00']);
    const [firing] = await billing.firings('monthly');
    expect(firing!.status).to.equal('refused');
    expect(firing!.runId).to.equal(null);
    expect(firing!.reason).to.match(/^UNKNOWN_FILTER: /);
  });

  it('a new worker on the same database does not fire again what was fired; disabled ones never fire', async () => {
    const database = newDatabase();
    const first = client(database);
    await first.import(monthlyDataSet(2));
    await first.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    await first.saveSchedule({...MONTHLY, id: 'off', enabled: false}, '2026-01-15T00:00:00Z');
    expect((await first.checkSchedules('2026-03-02T00:00:00Z')).fired).to.have.length(2);
    await first.dispose();
    const restarted = client(database);
    const check = await restarted.checkSchedules('2026-03-02T00:00:00Z');
    expect(check.fired).to.deep.equal([]);
    expect((await restarted.runs()).total).to.equal(2);
    expect(await restarted.firings('off')).to.deep.equal([]);
    const [monthly, off] = await restarted.scheduleOverview('2026-03-02T00:00:00Z');
    expect(monthly!.next.map((next) => next.periodStart)).to.deep.equal([
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
    ]);
    expect(off!.next).to.deep.equal([]);
  });

  it('the automatic timer fires by itself', async () => {
    const billing = client(newDatabase(), {intervalMs: 200});
    await billing.import(monthlyDataSet(2));
    // Saved ten minutes ago (as if the page had been closed since): about ten minutely firings
    // are due; at most two are on time, the latest three missed ones are caught up, the rest
    // are recorded as skipped.
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await billing.saveSchedule(
      {id: 'minutely', cron: '* * * * *', interval: '1d', maxCatchUp: 3},
      tenMinutesAgo,
    );
    await waitFor(async () => {
      const firings = await billing.firings('minutely');
      return firings.filter((firing) => firing.status === 'fired').length >= 3;
    });
    const firings = await billing.firings('minutely');
    expect(firings.filter((firing) => firing.status === 'skipped').length).to.be.at.least(1);
    const runs = (await billing.runs()).items;
    expect(runs.length).to.be.at.least(1);
    expect(
      runs.every((run) => run.origin === 'scheduled' && run.scheduleId === 'minutely'),
    ).to.equal(true);
  });
});
