/** Generated data sets for tests and measurements. */
import type {DataSetInput} from '@invoice-run/core';

/** `count` monthly subscriptions, one account each, one recurring item each. */
export function monthlyDataSet(count: number): DataSetInput {
  const pad = (n: number) => String(n).padStart(6, '0');
  const accounts = [];
  const subscriptions = [];
  const items = [];
  for (let n = 0; n < count; n++) {
    accounts.push({id: `a${pad(n)}`, name: `Account ${n}`});
    subscriptions.push({
      id: `s${pad(n)}`,
      accountId: `a${pad(n)}`,
      number: `SUB-${n}`,
      startDate: '2026-01-01',
    });
    items.push({
      id: `i${pad(n)}`,
      subscriptionId: `s${pad(n)}`,
      description: 'Plan',
      billingType: 'recurring' as const,
      unitPrice: String(10 + (n % 7)),
      taxRate: '19',
      billingPeriod: {count: 1, unit: 'month' as const},
      startDate: '2026-01-01',
    });
  }
  return {accounts, subscriptions, items};
}

export const JANUARY = {periodStart: '2026-01-01', periodEnd: '2026-01-31'} as const;

/**
 * One account with a transactional item and three transactions: two in January (`t1`, `t2`), one
 * in February (`t3`); a January run with the `usage` filter bills the first two.
 */
export function usageDataSet(): DataSetInput {
  return {
    accounts: [{id: 'u-a1', name: 'Usage'}],
    subscriptions: [{id: 'u-s1', accountId: 'u-a1', number: 'U-1', startDate: '2026-01-01'}],
    items: [
      {
        id: 'u-i1',
        subscriptionId: 'u-s1',
        description: 'Calls',
        billingType: 'transactional',
        unitPrice: '1',
        startDate: '2026-01-01',
      },
    ],
    transactions: [
      {id: 't1', itemId: 'u-i1', date: '2026-01-05', quantity: '3'},
      {id: 't2', itemId: 'u-i1', date: '2026-01-20', quantity: '2'},
      {id: 't3', itemId: 'u-i1', date: '2026-02-03', quantity: '1'},
    ],
    filters: [{id: 'usage', name: 'Usage', useCase: 'transaction', condition: {all: []}}],
  };
}
