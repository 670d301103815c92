import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine} from '../engine.js';
import {MemoryStore} from './memory-store.js';

const PLAN = {
  id: 'i1',
  description: 'Plan',
  billingType: 'recurring',
  unitPrice: '10',
  billingPeriod: {count: 1, unit: 'month'},
  startDate: '2026-01-01',
} as const;

async function servicePeriods(engine: InvoiceRunEngine, runId: string): Promise<string[]> {
  return (await engine.draftsOfRun(runId)).flatMap((invoice) =>
    invoice.lines.map(
      (line) => `${invoice.subscriptionId} ${line.servicePeriod.start}..${line.servicePeriod.end}`,
    ),
  );
}

describe('MemoryStore', () => {
  it('keeps subscription ids in order across imports', async () => {
    const store = new MemoryStore();
    const engine = new InvoiceRunEngine(store);
    const subscription = (id: string) => ({
      id,
      accountId: 'a1',
      number: id,
      startDate: '2026-01-01',
    });
    await engine.import({
      accounts: [{id: 'a1', name: 'A'}],
      subscriptions: [subscription('s3'), subscription('s1')],
    });
    await engine.import({
      subscriptions: [subscription('s2'), subscription('s1'), subscription('s0')],
    });
    const ids: string[] = [];
    for await (const chunk of store.scanSubscriptionChunks(2)) {
      ids.push(...chunk.subscriptions.map((sub) => sub.id));
    }
    expect(ids).toEqual(['s0', 's1', 's2', 's3']);
  });

  it('bills a transaction once, and again after its invoice is deleted', async () => {
    const store = new MemoryStore();
    const engine = new InvoiceRunEngine(store);
    await engine.import({
      accounts: [{id: 'a1', name: 'A'}],
      subscriptions: [{id: 's1', accountId: 'a1', number: 'S1', startDate: '2026-01-01'}],
      items: [{...PLAN, subscriptionId: 's1', billingType: 'transactional', unitPrice: '0.5'}],
      transactions: [
        {id: 't1', itemId: 'i1', date: '2026-01-05', quantity: '4'},
        {id: 't2', itemId: 'i1', date: '2026-01-06', quantity: '2'},
      ],
      filters: [{id: 'usage', name: 'Usage', useCase: 'transaction', condition: {all: []}}],
    });
    const config = {
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      transactionFilters: ['usage'],
    };
    const first = await engine.startRun(config);
    const [invoice] = await engine.draftsOfRun(first.run.id);
    expect(invoice?.transactionIds).toEqual(['t1', 't2']);
    expect((await engine.startRun(config)).counters.invoices).toBe(0);
    await engine.deleteDrafts([invoice!]);
    const again = await engine.startRun(config);
    expect((await engine.draftsOfRun(again.run.id))[0]?.transactionIds).toEqual(['t1', 't2']);
  });

  it('takes an item ledger along when an import moves the item to another subscription', async () => {
    const store = new MemoryStore();
    const engine = new InvoiceRunEngine(store);
    await engine.import({
      accounts: [{id: 'a1', name: 'A'}],
      subscriptions: [
        {id: 's1', accountId: 'a1', number: 'S1', startDate: '2026-01-01'},
        {id: 's2', accountId: 'a1', number: 'S2', startDate: '2026-01-01'},
      ],
      items: [{...PLAN, subscriptionId: 's1'}],
    });
    const january = await engine.startRun({periodStart: '2026-01-01', periodEnd: '2026-01-31'});
    expect(await servicePeriods(engine, january.run.id)).toEqual(['s1 2026-01-01..2026-01-31']);

    await engine.import({items: [{...PLAN, subscriptionId: 's2'}]});
    // January stays covered: only February is billed, onto the item's new subscription.
    const february = await engine.startRun({periodStart: '2026-01-01', periodEnd: '2026-02-28'});
    expect(await servicePeriods(engine, february.run.id)).toEqual(['s2 2026-02-01..2026-02-28']);
    // The ledger is found under the subscription the item was billed on, too.
    const byOldSubscription = await store.readLedgers([{id: 'i1', subscriptionId: 's1'}]);
    expect(byOldSubscription.get('i1')?.covered).toEqual([
      {start: '2026-01-01', end: '2026-02-28'},
    ]);

    // Deleting January's draft uncovers January, which the next run bills again.
    await engine.deleteDrafts(await engine.draftsOfRun(january.run.id));
    const again = await engine.startRun({periodStart: '2026-01-01', periodEnd: '2026-02-28'});
    expect(await servicePeriods(engine, again.run.id)).toEqual(['s2 2026-01-01..2026-01-31']);
  });
});
