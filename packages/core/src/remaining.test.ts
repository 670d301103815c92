import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine, type RemainingSubscription} from './engine.js';
import {InvoiceRunError} from './primitives/errors.js';
import {compareCodeUnits, totalsByCurrency} from './billing/invoices.js';
import type {Invoice} from './records/model.js';
import {MemoryStore} from './store/memory-store.js';
import type {RunProgress} from './pass/run-pass.js';

const JANUARY = {periodStart: '2026-01-01', periodEnd: '2026-01-31'} as const;
const CHUNK = 10;

/**
 * `count` subscriptions: every third with a second item of its own invoice criterion (two invoices),
 * every fifth billed in USD, every seventh inactive (nothing to bill); and generic records.
 */
function dataSet(count: number) {
  const pad = (n: number) => String(n).padStart(4, '0');
  const accounts = [];
  const subscriptions = [];
  const items = [];
  for (let n = 0; n < count; n++) {
    accounts.push({id: `a${pad(n)}`, name: `Account ${n}`});
    subscriptions.push({
      id: `s${pad(n)}`,
      accountId: `a${pad(n)}`,
      number: `S-${n}`,
      startDate: '2026-01-01',
      ...(n % 5 === 0 ? {currency: 'USD'} : {}),
      ...(n % 7 === 3 ? {status: 'inactive'} : {}),
    });
    const item = {
      subscriptionId: `s${pad(n)}`,
      billingType: 'recurring',
      taxRate: '19',
      billingPeriod: {count: 1, unit: 'month'},
      startDate: '2026-01-01',
    };
    items.push({...item, id: `i${pad(n)}`, description: 'Plan', unitPrice: String(10 + (n % 4))});
    if (n % 3 === 0) {
      items.push({
        ...item,
        id: `j${pad(n)}`,
        description: 'Support',
        unitPrice: '5',
        invoiceCriterion: 'support',
      });
    }
  }
  const records = [0, 1, 2].map((n) => ({
    id: `o${n}`,
    object: 'Order',
    accountId: `a${pad(n)}`,
    lines: [
      {description: 'Setup', quantity: '1', unitPrice: '100', taxRate: '19'},
      ...(n === 1 ? [{description: 'Travel', quantity: '2', unitPrice: '7.50', taxRate: '7'}] : []),
    ],
  }));
  const filters = [{id: 'orders', name: 'Orders', useCase: 'generic', condition: {all: []}}];
  return {accounts, subscriptions, items, records, filters};
}

async function engineWith(count: number): Promise<InvoiceRunEngine> {
  const engine = new InvoiceRunEngine(new MemoryStore({currency: 'EUR'}), {chunkSize: CHUNK});
  const report = await engine.import(dataSet(count));
  expect(report.rejected).toEqual([]);
  return engine;
}

/** The rows as View Remaining made them before it streamed: from the whole preview at once. */
function rowsOf(invoices: readonly Invoice[]): RemainingSubscription[] {
  const bySubscription = new Map<string, Invoice[]>();
  for (const invoice of invoices) {
    if (invoice.subscriptionId === null) continue;
    bySubscription.set(invoice.subscriptionId, [
      ...(bySubscription.get(invoice.subscriptionId) ?? []),
      invoice,
    ]);
  }
  return [...bySubscription]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([id, made]) => ({id, account: made[0]!.accountId, totals: totalsByCurrency(made)}));
}

describe('View Remaining, streamed', () => {
  it('reports the rows of each chunk as the pass makes them, in the order of the result', async () => {
    const engine = await engineWith(45);
    // With the run's drafts deleted, everything the run billed remains again.
    const {run} = await engine.startRun({...JANUARY, genericFilters: ['orders']});
    await engine.deleteDrafts(await engine.draftsOfRun(run.id));
    const expected = await engine.preview({...JANUARY, genericFilters: ['orders']});

    const calls: (readonly RemainingSubscription[])[] = [];
    const progress: RunProgress[] = [];
    const remaining = await engine.remaining(run.id, {
      onSubscriptions: (rows) => calls.push(rows),
      onProgress: (event) => progress.push(event),
    });

    // 45 subscriptions in chunks of 10: five chunks, each with rows.
    expect(calls).toHaveLength(5);
    expect(calls.flat()).toEqual(remaining.subscriptions);
    expect(remaining.subscriptions).toEqual(rowsOf(expected.invoices));
    // Inactive subscriptions (every seventh from 3) have nothing to bill.
    expect(remaining.subscriptions).toHaveLength(45 - 6);
    const inDollars = remaining.subscriptions.find((row) => row.id === 's0000');
    expect(inDollars?.totals.map((total) => total.currency)).toEqual(['USD']);
    expect(remaining.subscriptions.find((row) => row.id === 's0003')).toBeUndefined();
    // The support item makes a second invoice; the row sums both.
    expect(remaining.subscriptions.find((row) => row.id === 's0006')?.totals).toEqual([
      {currency: 'EUR', net: '17.00', tax: '3.23', gross: '20.23'},
    ]);
    // Records come in the result only, after the subscriptions, each with the sums of its lines.
    const setup = [{currency: 'EUR', net: '100.00', tax: '19.00', gross: '119.00'}];
    expect(remaining.records).toEqual([
      {id: 'o0', account: 'a0000', totals: setup},
      {
        id: 'o1',
        account: 'a0001',
        totals: [{currency: 'EUR', net: '115.00', tax: '20.05', gross: '135.05'}],
      },
      {id: 'o2', account: 'a0002', totals: setup},
    ]);
    expect(progress.filter((event) => event.phase === 'subscriptions').at(-1)?.done).toBe(45);
  });

  it('gives the first rows before the rest of the pass has run', async () => {
    const engine = await engineWith(45);
    const {run} = await engine.startRun(JANUARY);
    await engine.deleteDrafts(await engine.draftsOfRun(run.id));
    let doneAtFirstRows: number | undefined;
    let done = 0;
    await engine.remaining(run.id, {
      onProgress: (event) => {
        done = event.done;
      },
      onSubscriptions: () => {
        doneAtFirstRows ??= done;
      },
    });
    // The first chunk's rows come before the pass has reported its first chunk done.
    expect(doneAtFirstRows).toBe(0);
    expect(done).toBe(45);
  });

  it('leaves out chunks with nothing remaining and keeps the rows in order', async () => {
    const engine = await engineWith(45);
    const {run} = await engine.startRun(JANUARY);
    // Delete the drafts of the first chunk and of the last one: only they remain.
    const drafts = await engine.draftsOfRun(run.id);
    const chosen = drafts.filter((invoice) => /^s00(0|4)/.test(invoice.subscriptionId ?? ''));
    await engine.deleteDrafts(chosen);
    const calls: string[][] = [];
    const remaining = await engine.remaining(run.id, {
      onSubscriptions: (rows) => calls.push(rows.map((row) => row.id)),
    });
    expect(calls.map((ids) => [ids[0], ids.at(-1)])).toEqual([
      ['s0000', 's0009'],
      ['s0040', 's0044'],
    ]);
    expect(calls.flat()).toEqual(remaining.subscriptions.map((row) => row.id));
  });

  it('stops between chunks when its signal aborts, rejecting with CANCELLED', async () => {
    const engine = await engineWith(45);
    const {run} = await engine.startRun(JANUARY);
    await engine.deleteDrafts(await engine.draftsOfRun(run.id));
    const controller = new AbortController();
    let calls = 0;
    const error = await engine
      .remaining(run.id, {
        signal: controller.signal,
        onSubscriptions: () => {
          calls++;
          controller.abort();
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvoiceRunError);
    expect((error as InvoiceRunError).code).toBe('CANCELLED');
    expect(calls).toBe(1);

    const aborted = AbortSignal.abort();
    await expect(engine.remaining(run.id, {signal: aborted})).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    // Nothing was stored by the cancelled passes: the whole list is still there.
    expect((await engine.remaining(run.id)).subscriptions).toHaveLength(39);
  });

  it('refuses a run that is not the latest of its selection before it makes any row', async () => {
    const engine = await engineWith(5);
    const first = await engine.startRun(JANUARY);
    await engine.startRun(JANUARY);
    let calls = 0;
    await expect(
      engine.remaining(first.run.id, {onSubscriptions: () => calls++}),
    ).rejects.toMatchObject({code: 'RUN_NOT_LATEST'});
    expect(calls).toBe(0);
  });
});
