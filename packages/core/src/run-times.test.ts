import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine} from './engine.js';
import {MemoryStore} from './store/memory-store.js';

const DATA = {
  accounts: [
    {id: 'a1', name: 'Acme'},
    {id: 'a2', name: 'Beta'},
  ],
  subscriptions: ['1', '2'].map((n) => ({
    id: `s${n}`,
    accountId: `a${n}`,
    number: `S-${n}`,
    startDate: '2026-01-01',
  })),
  items: ['1', '2'].map((n) => ({
    id: `i${n}`,
    subscriptionId: `s${n}`,
    description: 'Plan',
    billingType: 'recurring',
    unitPrice: '10',
    taxRate: '19',
    billingPeriod: {count: 1, unit: 'month'},
    startDate: '2026-01-01',
  })),
};

/** An engine whose clock moves a minute each time it is read. */
async function engine(): Promise<InvoiceRunEngine> {
  let minutes = 0;
  const made = new InvoiceRunEngine(new MemoryStore({currency: 'EUR'}), {
    now: () => new Date(Date.UTC(2026, 1, 1, 9, minutes++)).toISOString(),
  });
  await made.import(DATA);
  return made;
}

describe("a run's own times", () => {
  it('are kept apart from its restores: a restore counts and dates itself, and leaves endedAt', async () => {
    const billing = await engine();
    const {run} = await billing.startRun({periodStart: '2026-01-01', periodEnd: '2026-01-31'});
    expect(run).toMatchObject({restores: 0, lastRestoredAt: null});
    const {startedAt, endedAt} = run;
    expect(startedAt).not.toBeNull();
    expect(endedAt! > startedAt!).toBe(true);

    await billing.deleteDrafts(await billing.draftsOfRun(run.id, {subscriptions: ['s1']}));
    const restored = await billing.restore(run.id, {subscriptions: ['s1']});
    expect(restored.run).toMatchObject({startedAt, endedAt, restores: 1, status: 'completed'});
    expect(restored.run.lastRestoredAt! > endedAt!).toBe(true);

    await billing.deleteDrafts(await billing.draftsOfRun(run.id, {subscriptions: ['s2']}));
    const again = await billing.restore(run.id, {subscriptions: ['s2']});
    expect(again.run).toMatchObject({startedAt, endedAt, restores: 2});
    expect(again.run.lastRestoredAt! > restored.run.lastRestoredAt!).toBe(true);
  });

  it('are those of the first firing of a scheduled run; a merged firing does not move them', async () => {
    const billing = await engine();
    const schedule = {
      id: 'monthly',
      name: 'Monthly',
      cron: '0 6 1 * *',
      interval: '1m',
      alignment: 'previous',
    };
    const first = await billing.fireSchedule(schedule, '2026-02-01T06:00');
    await billing.deleteDrafts(await billing.draftsOfRun(first.run.id));
    const merged = await billing.fireSchedule(schedule, '2026-02-01T07:00');
    expect(merged.merged).toBe(true);
    expect(merged.run).toMatchObject({
      id: first.run.id,
      startedAt: first.run.startedAt,
      endedAt: first.run.endedAt,
      restores: 0,
      lastRestoredAt: null,
    });
  });
});
