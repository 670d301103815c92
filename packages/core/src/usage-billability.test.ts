import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine} from './engine.js';
import {MemoryStore} from './store/memory-store.js';

const JANUARY = {periodStart: '2026-01-01', periodEnd: '2026-01-31'} as const;

/**
 * Usage onto subscriptions that may and may not bill it: `ok` (active, active account), `quiet`
 * (inactive subscription), `closed` (active subscription of an inactive account), `lost` (its
 * account does not exist), and an item of a subscription that does not exist (`ghost`). `ok` and
 * `quiet` fall outside the `only-ok` subscription filter's complement, to check usage is billed
 * onto a subscription outside the run's filter in a plain run.
 */
function dataSet() {
  const subscription = (id: string, accountId: string, status = 'active') => ({
    id,
    accountId,
    number: id,
    startDate: '2026-01-01',
    status,
  });
  const usageItem = (id: string, subscriptionId: string) => ({
    id,
    subscriptionId,
    description: `Usage ${id}`,
    billingType: 'transactional',
    unitPrice: '2',
    startDate: '2026-01-01',
  });
  return {
    accounts: [
      {id: 'a-ok', name: 'OK'},
      {id: 'a-closed', name: 'Closed', active: false},
    ],
    subscriptions: [
      subscription('ok', 'a-ok'),
      subscription('quiet', 'a-ok', 'inactive'),
      subscription('closed', 'a-closed'),
      subscription('lost', 'a-missing'),
    ],
    items: [
      usageItem('u-ok', 'ok'),
      usageItem('u-quiet', 'quiet'),
      usageItem('u-closed', 'closed'),
      usageItem('u-lost', 'lost'),
      usageItem('u-ghost', 'ghost'),
    ],
    transactions: ['ok', 'quiet', 'closed', 'lost', 'ghost'].flatMap((name) => [
      {id: `t-${name}-1`, itemId: `u-${name}`, date: '2026-01-03', quantity: '1'},
      {id: `t-${name}-2`, itemId: `u-${name}`, date: '2026-01-30', quantity: '4'},
    ]),
    filters: [
      {id: 'usage', name: 'Usage', useCase: 'transaction', condition: {all: []}},
      {
        id: 'not-ok',
        name: 'Not ok',
        useCase: 'subscription',
        condition: {field: 'id', op: 'ne', value: 'ok'},
      },
    ],
  };
}

async function engineWith(): Promise<InvoiceRunEngine> {
  const engine = new InvoiceRunEngine(new MemoryStore(), {
    now: () => '2026-02-01T00:00:00.000Z',
    chunkSize: 2,
  });
  const report = await engine.import(dataSet());
  expect(report.rejected).toEqual([]);
  return engine;
}

describe('usage onto subscriptions that may not bill it', () => {
  it('bills usage only onto active subscriptions of active accounts and reports every other transaction once', async () => {
    const engine = await engineWith();
    const result = await engine.startRun({
      ...JANUARY,
      subscriptionFilter: 'not-ok',
      transactionFilters: ['usage'],
    });
    // `ok` is outside the subscription filter: a plain run still bills its usage.
    const invoices = await engine.draftsOfRun(result.run.id);
    expect(invoices.map((invoice) => [invoice.subscriptionId, invoice.net])).toEqual([
      ['ok', '10.00'],
    ]);
    expect(invoices[0]!.transactionIds).toEqual(['t-ok-1', 't-ok-2']);
    const unbillable = result.errors.filter((error) => error.code === 'SUBSCRIPTION_NOT_BILLABLE');
    expect(unbillable.map((error) => [error.id, error.message])).toEqual(
      ['closed', 'ghost', 'lost', 'quiet'].flatMap((name) =>
        [1, 2].map((n) => [
          `t-${name}-${n}`,
          `Transaction t-${name}-${n} belongs to a subscription that is not active or whose account is not active (${name}).`,
        ]),
      ),
    );
    // The missing account is reported for the subscription the filter selects.
    expect(
      result.errors.filter((error) => error.code !== 'SUBSCRIPTION_NOT_BILLABLE'),
    ).toMatchObject([{source: 'subscription', id: 'lost', code: 'ACCOUNT_NOT_FOUND'}]);
    expect(result.run.counters.errors).toBe(result.errors.length);
  });

  it('says nothing of usage a cancelled pass did not reach', async () => {
    const engine = await engineWith();
    const controller = new AbortController();
    const result = await engine.startRun(
      {...JANUARY, transactionFilters: ['usage']},
      {
        signal: controller.signal,
        // Cancelled once the first chunk of subscriptions (`closed`, `lost`) is billed.
        onProgress: (progress) => {
          if (progress.phase === 'subscriptions') controller.abort();
        },
      },
    );
    expect(result.status).toBe('cancelled');
    expect(
      result.errors
        .filter((error) => error.code === 'SUBSCRIPTION_NOT_BILLABLE')
        .map((error) => error.id),
    ).toEqual(['t-closed-1', 't-closed-2', 't-lost-1', 't-lost-2']);
  });
});
