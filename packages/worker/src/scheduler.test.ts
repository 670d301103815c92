import {afterEach, describe, expect, it} from 'vitest';
import {InvoiceRunError, type Invoice, type ScheduleInput} from '@invoice-run/core';
import type {InvoiceRunClient} from './api.js';
import {connectClient} from './client.js';
import {createInProcessApi, type InvoiceRunService, type ServiceOptions} from './in-process.js';
import type {Locks} from './locks.js';
import {monthlyDataSet} from './test-support/data.js';
import {quotaFaults, type FaultSwitch} from './test-support/faults.js';

let counter = 0;
const opened: {client: InvoiceRunClient}[] = [];

function newDatabase(): string {
  return `scheduler-${process.pid}-${++counter}`;
}

/** A client and its service (to reach the database behind the API), with the timer off. */
function open(
  database = newDatabase(),
  options: Partial<ServiceOptions> = {},
): {client: InvoiceRunClient; service: InvoiceRunService; database: string} {
  const service = createInProcessApi({database, scheduler: {enabled: false}, ...options});
  const client = connectClient(Promise.resolve(service), () => service.close());
  opened.push({client});
  return {client, service, database};
}

afterEach(async () => {
  for (const {client} of opened.splice(0)) await client.dispose();
});

async function errorOf(promise: Promise<unknown>): Promise<InvoiceRunError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InvoiceRunError);
    return error as InvoiceRunError;
  }
  throw new Error('expected a refusal');
}

/** Fires on the 1st at 06:00 Berlin time; bills the previous month. */
const MONTHLY = {
  id: 'monthly',
  cron: '0 6 1 * *',
  timeZone: 'Europe/Berlin',
  interval: '1m',
  alignment: 'previous',
  invoiceDate: 'end+1',
} satisfies ScheduleInput;

const EVERYONE = {
  id: 'everyone',
  name: 'Every subscription',
  useCase: 'subscription',
  condition: {field: 'accountId', op: 'ne', value: 'nobody'},
} as const;

async function allInvoices(client: InvoiceRunClient): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  for (const run of (await client.runs({limit: 1000})).items) {
    invoices.push(...(await client.invoices(run.id, {limit: 1000})).items);
  }
  return invoices;
}

/** Every item's billed spans, checked pairwise: no day is billed twice. */
function expectNoDayBilledTwice(invoices: readonly Invoice[]): void {
  const spans = new Map<string, {start: string; end: string}[]>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (line.kind !== 'item') continue;
      const list = spans.get(line.source) ?? [];
      list.push(line.servicePeriod);
      spans.set(line.source, list);
    }
  }
  for (const [item, list] of spans) {
    const sorted = [...list].sort((a, b) => (a.start < b.start ? -1 : 1));
    for (let index = 1; index < sorted.length; index++) {
      expect(sorted[index]!.start > sorted[index - 1]!.end, `${item} billed twice`).toBe(true);
    }
  }
}

describe('catch-up', () => {
  it('fires the latest maxCatchUp missed firings in order and records older ones as skipped', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(3));
    await client.saveSchedule(MONTHLY, '2026-01-15T12:00:00Z');
    // 05:00 in Berlin, before July's firing: Feb..Jun are due (checked on July 2, Jul 1 would be too).
    const check = await client.checkSchedules('2026-07-01T03:00:00Z');
    expect(check.led).toBe(true);
    expect(check.fired.map((firing) => firing.at)).toEqual([
      '2026-04-01T06:00',
      '2026-05-01T06:00',
      '2026-06-01T06:00',
    ]);
    expect(check.fired.every((firing) => !firing.merged && firing.runStatus === 'completed')).toBe(
      true,
    );
    expect(check.skipped.map((firing) => firing.at)).toEqual([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
    ]);
    expect(check.refused).toEqual([]);

    const firings = await client.firings('monthly');
    expect(firings.map(({at, status}) => `${at} ${status}`)).toEqual([
      '2026-02-01T06:00 skipped',
      '2026-03-01T06:00 skipped',
      '2026-04-01T06:00 fired',
      '2026-05-01T06:00 fired',
      '2026-06-01T06:00 fired',
    ]);
    expect(firings[0]?.reason).toContain('maxCatchUp');

    const runs = (await client.runs()).items.slice().reverse();
    expect(runs.map((run) => [run.config.periodStart, run.config.periodEnd])).toEqual([
      ['2026-03-01', '2026-03-31'],
      ['2026-04-01', '2026-04-30'],
      ['2026-05-01', '2026-05-31'],
    ]);
    expect(runs.map((run) => run.config.invoiceDate)).toEqual([
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
    ]);
    expect(runs.every((run) => run.origin === 'scheduled' && run.scheduleId === 'monthly')).toBe(
      true,
    );
    expect(runs.map((run) => run.id)).toEqual(check.fired.map((firing) => firing.runId));
    expect(runs.map((run) => run.counters.invoices)).toEqual([3, 3, 3]);
    const invoices = await allInvoices(client);
    expect(new Set(invoices.map((invoice) => invoice.servicePeriod.start))).toEqual(
      new Set(['2026-03-01', '2026-04-01', '2026-05-01']),
    );
    expectNoDayBilledTwice(invoices);

    // The same instant again, and a minute later: nothing is due.
    expect((await client.checkSchedules('2026-07-01T03:00:00Z')).fired).toEqual([]);
    expect((await client.checkSchedules('2026-07-01T03:01:00Z')).fired).toEqual([]);
    const july = await client.checkSchedules('2026-07-02T00:00:00Z');
    expect(july.fired.map((firing) => firing.at)).toEqual(['2026-07-01T06:00']);
    expect(july.skipped).toEqual([]);
  });

  it('does not fire for firing times before the schedule was saved', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(1));
    // 07:00 in Berlin, an hour after that day's firing time.
    await client.saveSchedule(MONTHLY, '2026-03-01T06:00:00Z');
    const check = await client.checkSchedules('2026-03-20T00:00:00Z');
    expect(check.fired).toEqual([]);
    expect(check.skipped).toEqual([]);
    expect(await client.firings('monthly')).toEqual([]);
    const april = await client.checkSchedules('2026-04-01T04:00:00Z'); // 06:00 CEST
    expect(april.fired.map((firing) => firing.at)).toEqual(['2026-04-01T06:00']);
  });

  it('an instant before the last check does nothing; since never moves back', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    expect((await client.checkSchedules('2026-02-02T00:00:00Z')).fired).toHaveLength(1);
    expect((await client.checkSchedules('2026-01-20T00:00:00Z')).fired).toEqual([]);
    const [overview] = await client.scheduleOverview('2026-02-03T00:00:00Z');
    expect(overview?.lastCheckedAt).toBe('2026-02-02T00:00:00.000Z');
  });
});

/** No exclusion at all: every request runs at once (as if there were no locks anywhere). */
const noLocks: Locks = {
  request: (_name, _signal, task) => task(),
  requestIfAvailable: async (_name, task) => ({acquired: true, value: await task()}),
  hold: async () => () => undefined,
  held: async () => new Set(),
};

describe('at most once', () => {
  it('two clients checking one database at the same instant fire each firing time once', async () => {
    const first = open();
    const second = open(first.database);
    await first.client.import(monthlyDataSet(5));
    await first.client.saveSchedule(MONTHLY, '2026-01-15T12:00:00Z');
    const checks = await Promise.all([
      first.client.checkSchedules('2026-07-01T03:00:00Z'),
      second.client.checkSchedules('2026-07-01T03:00:00Z'),
    ]);
    expect(checks.map((check) => check.led).sort()).toEqual([false, true]);
    expect(checks.flatMap((check) => check.fired)).toHaveLength(3);
    const runs = (await first.client.runs()).items;
    expect(runs).toHaveLength(3);
    expect(new Set(runs.map((run) => run.key)).size).toBe(3);
    expect((await first.client.firings('monthly')).map((firing) => firing.status)).toEqual([
      'skipped',
      'skipped',
      'fired',
      'fired',
      'fired',
    ]);
    expectNoDayBilledTwice(await allInvoices(first.client));
  });

  it('holds even when both lead (no locks): the firing is recorded with its run atomically', async () => {
    const first = open(newDatabase(), {locks: noLocks});
    const second = open(first.database, {locks: noLocks});
    await first.client.import(monthlyDataSet(5));
    await first.client.saveSchedule(MONTHLY, '2026-01-15T12:00:00Z');
    const checks = await Promise.all([
      first.client.checkSchedules('2026-07-01T03:00:00Z'),
      second.client.checkSchedules('2026-07-01T03:00:00Z'),
    ]);
    expect(checks.every((check) => check.led)).toBe(true);
    const fired = checks.flatMap((check) => check.fired).map((firing) => firing.at);
    expect(fired.sort()).toEqual(['2026-04-01T06:00', '2026-05-01T06:00', '2026-06-01T06:00']);
    const runs = (await first.client.runs()).items;
    expect(runs).toHaveLength(3);
    expect(runs.reduce((sum, run) => sum + run.counters.invoices, 0)).toBe(15);
    expectNoDayBilledTwice(await allInvoices(first.client));
  });

  it('a new client on the same database does not fire again what was fired', async () => {
    const first = open();
    await first.client.import(monthlyDataSet(2));
    await first.client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    expect((await first.client.checkSchedules('2026-03-02T00:00:00Z')).fired).toHaveLength(2);
    await first.client.dispose();

    const restarted = open(first.database);
    expect((await restarted.client.checkSchedules('2026-03-02T00:00:00Z')).fired).toEqual([]);
    // A check that died after firing, before it moved `since`: the records still stop a refire.
    await restarted.service.db.scheduleStates.update('monthly', {
      since: '2026-01-15T00:00:00.000Z',
    });
    const again = await restarted.client.checkSchedules('2026-03-02T00:00:00Z');
    expect(again.fired).toEqual([]);
    expect(again.skipped).toEqual([]);
    const april = await restarted.client.checkSchedules('2026-04-02T00:00:00Z');
    expect(april.fired.map((firing) => firing.at)).toEqual(['2026-04-01T06:00']);
    expect((await restarted.client.runs()).total).toBe(3);
    expectNoDayBilledTwice(await allInvoices(restarted.client));
  });
});

describe('merge', () => {
  it('a firing merges into a manual run with the same key', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(2));
    const manual = await client.startRun({periodStart: '2026-02-01', periodEnd: '2026-02-28'});
    expect(manual.run.counters.invoices).toBe(2);
    await client.saveSchedule({...MONTHLY, invoiceDate: null}, '2026-02-10T00:00:00Z');
    // A subscription added after the manual run: the firing bills only that one, into the same run.
    await client.import({
      accounts: [{id: 'late', name: 'Late'}],
      subscriptions: [{id: 's-late', accountId: 'late', number: 'L', startDate: '2026-01-01'}],
      items: [
        {
          id: 'i-late',
          subscriptionId: 's-late',
          description: 'Plan',
          billingType: 'recurring',
          unitPrice: '10',
          billingPeriod: {count: 1, unit: 'month'},
          startDate: '2026-01-01',
        },
      ],
    });
    const check = await client.checkSchedules('2026-03-01T05:30:00Z'); // 06:30 in Berlin
    expect(check.fired).toHaveLength(1);
    expect(check.fired[0]).toMatchObject({
      at: '2026-03-01T06:00',
      runId: manual.run.id,
      merged: true,
    });
    const runs = (await client.runs()).items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({id: manual.run.id, origin: 'manual'});
    expect(runs[0]?.counters.invoices).toBe(3);
    expect((await client.firings('monthly'))[0]).toMatchObject({
      status: 'fired',
      runId: manual.run.id,
    });
    expectNoDayBilledTwice(await allInvoices(client));
  });
});

describe('validation', () => {
  it('refuses invalid schedules with the field and the reason', async () => {
    const {client} = open();
    const cases: [Record<string, unknown>, string, string][] = [
      [{cron: 'every monday'}, 'cron', 'fields'],
      [{cron: '0 6 31 2 *'}, 'cron', 'never fires'],
      [{cron: '0 6 1 * * *'}, 'cron', 'seconds'],
      [{interval: '5x'}, 'interval', 'is not N days/weeks/months'],
      [{interval: '0-15'}, 'interval', 'between 1 and 31'],
      [{alignment: 'sideways'}, 'alignment', '"previous", "current" or "next"'],
      [{invoiceDate: 'end*2'}, 'invoiceDate', 'start or end plus or minus N days'],
      [{timeZone: 'Mars/Olympus'}, 'timeZone', 'IANA'],
      [{maxCatchUp: -1}, 'maxCatchUp', '0 or more'],
      [{startOfWeek: 8}, 'startOfWeek', '1 (Monday) to 7 (Sunday)'],
    ];
    for (const [change, path, reason] of cases) {
      const error = await errorOf(client.saveSchedule({...MONTHLY, ...change}));
      expect(error.code).toBe('INVALID_SCHEDULE');
      const fault = error.faults.find((candidate) => candidate.path === path);
      expect(fault, `${JSON.stringify(change)}: ${JSON.stringify(error.faults)}`).toBeDefined();
      expect(fault?.message).toContain(reason);
    }
    expect(await client.schedules()).toEqual([]);
    const instant = await errorOf(client.saveSchedule(MONTHLY, 'yesterday'));
    expect(instant.code).toBe('INVALID_INPUT');
    expect(instant.faults[0]?.path).toBe('now');
    expect((await errorOf(client.checkSchedules('soon'))).code).toBe('INVALID_INPUT');
  });
});

describe('refusals and failures', () => {
  it('refuses a schedule whose filter was deleted, records why, and goes on with the next', async () => {
    const {client, service} = open();
    await client.import({...monthlyDataSet(2), filters: [EVERYONE]});
    await client.saveSchedule({...MONTHLY, subscriptionFilter: 'everyone'}, '2026-01-15T00:00:00Z');
    await client.saveSchedule({...MONTHLY, id: 'other', interval: '2m'}, '2026-01-15T00:00:00Z');
    await service.db.filters.delete('everyone');

    const check = await client.checkSchedules('2026-03-02T00:00:00Z');
    expect(check.refused.map(({scheduleId, at}) => `${scheduleId} ${at}`)).toEqual([
      'monthly 2026-02-01T06:00',
      'monthly 2026-03-01T06:00',
    ]);
    expect(check.fired.map(({scheduleId, at}) => `${scheduleId} ${at}`)).toEqual([
      'other 2026-02-01T06:00',
      'other 2026-03-01T06:00',
    ]);
    const firings = await client.firings('monthly');
    expect(firings.map((firing) => firing.status)).toEqual(['refused', 'refused']);
    expect(firings[0]?.runId).toBeNull();
    expect(firings[0]?.reason).toMatch(/^UNKNOWN_FILTER: .*everyone/);
    expect((await client.runs()).items.every((run) => run.scheduleId === 'other')).toBe(true);
    // Refused firing times are recorded: they are not tried again.
    expect((await client.checkSchedules('2026-03-03T00:00:00Z')).refused).toEqual([]);
  });

  it('records a firing of a stored schedule that is no longer valid as refused', async () => {
    const {client, service} = open();
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    await client.saveSchedule({...MONTHLY, id: 'zz-next'}, '2026-01-15T00:00:00Z');
    // Written around saveSchedule (an older version, a hand edit): the interval cannot be read.
    await service.db.schedules.update('monthly', {interval: 'fortnightly'});
    const check = await client.checkSchedules('2026-02-02T00:00:00Z');
    expect(check.refused).toHaveLength(1);
    expect(check.refused[0]?.reason).toMatch(/^INVALID_SCHEDULE: .*interval/);
    expect(check.fired.map((firing) => firing.scheduleId)).toEqual(['zz-next']);
  });

  it('a firing whose run fails keeps its record with the reason and does not fire again', async () => {
    const faults: FaultSwitch = {plan: undefined};
    const {client} = open(newDatabase(), {middleware: [quotaFaults(faults)]});
    await client.import(monthlyDataSet(2));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    faults.plan = {table: 'invoices', after: 0};
    const check = await client.checkSchedules('2026-02-02T00:00:00Z');
    faults.plan = undefined;
    expect(check.fired).toEqual([]);
    expect(check.failed).toHaveLength(1);
    expect(check.failed[0]).toMatchObject({at: '2026-02-01T06:00', status: 'fired'});
    expect(check.failed[0]?.reason).toMatch(/^QUOTA_EXCEEDED/);
    const run = await client.run(check.failed[0]!.runId!);
    expect(run.status).toBe('failed');
    expect((await client.checkSchedules('2026-02-03T00:00:00Z')).fired).toEqual([]);
    // The run is completed through View Remaining and restore, as any failed run.
    const remaining = await client.remaining(run.id);
    expect(remaining.subscriptions).toHaveLength(2);
  });

  it('a firing that cannot even be recorded is tried again by the next check', async () => {
    const faults: FaultSwitch = {plan: undefined};
    const {client} = open(newDatabase(), {middleware: [quotaFaults(faults)]});
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    faults.plan = {table: 'firings', after: 0};
    const check = await client.checkSchedules('2026-02-02T00:00:00Z');
    expect(check.fired).toEqual([]);
    expect((await client.runs()).total).toBe(0);
    faults.plan = undefined;
    const retried = await client.checkSchedules('2026-02-02T00:01:00Z');
    expect(retried.fired.map((firing) => firing.at)).toEqual(['2026-02-01T06:00']);
  });
});

describe('disabled schedules', () => {
  it('do not fire; enabled again, they start from the save', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(1));
    await client.saveSchedule({...MONTHLY, enabled: false}, '2026-01-15T00:00:00Z');
    const check = await client.checkSchedules('2026-07-01T03:00:00Z');
    expect(check.fired).toEqual([]);
    expect(check.skipped).toEqual([]);
    expect(await client.firings('monthly')).toEqual([]);
    const [overview] = await client.scheduleOverview('2026-07-01T03:00:00Z');
    expect(overview?.next).toEqual([]);

    // Enabled again while no check ran: what it missed meanwhile is not caught up.
    await client.saveSchedule(MONTHLY, '2026-09-10T00:00:00Z');
    const october = await client.checkSchedules('2026-10-02T00:00:00Z');
    expect(october.fired.map((firing) => firing.at)).toEqual(['2026-10-01T06:00']);
    expect(october.skipped).toEqual([]);
  });

  it('other edits keep the schedule where it stands', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    await client.saveSchedule(
      {...MONTHLY, name: 'Renamed', invoiceDate: null},
      '2026-03-10T00:00:00Z',
    );
    const check = await client.checkSchedules('2026-03-11T00:00:00Z');
    expect(check.fired.map((firing) => firing.at)).toEqual([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
    ]);
  });
});

describe('overview', () => {
  it('lists each schedule with its next three firing times and what they bill', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    await client.saveSchedule(
      {id: 'weekly', cron: '30 7 * * 1', timeZone: 'UTC', interval: '1w', invoiceDate: null},
      '2026-01-15T00:00:00Z',
    );
    await client.checkSchedules('2026-02-02T00:00:00Z');
    const overview = await client.scheduleOverview('2026-02-10T00:00:00Z');
    expect(overview.map((entry) => entry.schedule.id)).toEqual(['monthly', 'weekly']);
    const [monthly, weekly] = overview;
    expect(monthly?.savedAt).toBe('2026-01-15T00:00:00.000Z');
    expect(monthly?.lastCheckedAt).toBe('2026-02-02T00:00:00.000Z');
    expect(monthly?.lastFiring).toMatchObject({at: '2026-02-01T06:00', status: 'fired'});
    expect(monthly?.next).toEqual([
      {
        at: '2026-03-01T06:00',
        instant: '2026-03-01T05:00:00.000Z',
        periodStart: '2026-02-01',
        periodEnd: '2026-02-28',
        invoiceDate: '2026-03-01',
      },
      {
        at: '2026-04-01T06:00',
        instant: '2026-04-01T04:00:00.000Z',
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
        invoiceDate: '2026-04-01',
      },
      {
        at: '2026-05-01T06:00',
        instant: '2026-05-01T04:00:00.000Z',
        periodStart: '2026-04-01',
        periodEnd: '2026-04-30',
        invoiceDate: '2026-05-01',
      },
    ]);
    expect(
      weekly?.next.map(({at, periodStart, periodEnd, invoiceDate}) => [
        at,
        periodStart,
        periodEnd,
        invoiceDate,
      ]),
    ).toEqual([
      ['2026-02-16T07:30', '2026-02-09', '2026-02-15', null],
      ['2026-02-23T07:30', '2026-02-16', '2026-02-22', null],
      ['2026-03-02T07:30', '2026-02-23', '2026-03-01', null],
    ]);
  });

  it('deleting a schedule keeps its firings and forgets its state', async () => {
    const {client} = open();
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY, '2026-01-15T00:00:00Z');
    await client.checkSchedules('2026-02-02T00:00:00Z');
    expect(await client.deleteSchedule('monthly')).toBe(true);
    expect(await client.scheduleOverview()).toEqual([]);
    expect((await client.firings('monthly')).map((firing) => firing.status)).toEqual(['fired']);
    // Saved again later: it starts from that save.
    await client.saveSchedule(MONTHLY, '2026-05-15T00:00:00Z');
    const june = await client.checkSchedules('2026-06-02T00:00:00Z');
    expect(june.fired.map((firing) => firing.at)).toEqual(['2026-06-01T06:00']);
  });
});

describe('the automatic timer', () => {
  it('checks on start and every intervalMs with the clock', async () => {
    let now = new Date('2026-01-15T00:00:00Z');
    const {client} = open(newDatabase(), {
      scheduler: {intervalMs: 20},
      clock: () => now,
    });
    await client.import(monthlyDataSet(2));
    await client.saveSchedule(MONTHLY); // saved at the clock's now
    now = new Date('2026-03-02T00:00:00Z');
    await expect.poll(async () => (await client.runs()).total, {timeout: 5_000}).toBe(2);
    const runs = (await client.runs()).items;
    expect(runs.every((run) => run.origin === 'scheduled')).toBe(true);
    expect((await client.firings('monthly')).map((firing) => firing.at)).toEqual([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
    ]);
    // Later ticks find nothing more to do.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await client.runs()).total).toBe(2);
  });

  it('keeps going after a failing check', async () => {
    const faults: FaultSwitch = {plan: {table: 'scheduleStates', after: 1}};
    let now = new Date('2026-01-15T00:00:00Z');
    const {client} = open(newDatabase(), {
      scheduler: {intervalMs: 20},
      clock: () => now,
      middleware: [quotaFaults(faults)],
    });
    await client.import(monthlyDataSet(1));
    await client.saveSchedule(MONTHLY); // the one write let through
    now = new Date('2026-02-02T00:00:00Z');
    // Each check fires, then fails to move `since` (a problem in its result); the timer goes on.
    await expect.poll(async () => (await client.runs()).total, {timeout: 5_000}).toBe(1);
    // A check of our own (the timer's may be leading at that moment: then ours does nothing).
    await expect
      .poll(async () => {
        const check = await client.checkSchedules();
        return check.led ? [...check.fired, ...check.problems.map((problem) => problem.code)] : [];
      })
      .toEqual(['QUOTA_EXCEEDED']);
    faults.plan = undefined;
    now = new Date('2026-03-02T00:00:00Z');
    await expect.poll(async () => (await client.runs()).total, {timeout: 5_000}).toBe(2);
  });
});
