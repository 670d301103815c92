import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine} from '../engine.js';
import {MemoryStore} from '../store/memory-store.js';

const account = {id: 'a1', name: 'Acme'};
const subscription = {id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'};
const item = {
  id: 'i1',
  subscriptionId: 's1',
  description: 'Plan',
  billingType: 'recurring',
  unitPrice: '10',
  billingPeriod: {count: 1, unit: 'month'},
  startDate: '2026-01-01',
};
const usageItem = {...item, id: 'u1', billingType: 'transactional', orderNo: 'PO-1'};

describe('import warnings of records that name a record stored nowhere', () => {
  it('warns of an item whose subscription is neither stored nor imported, and stores it', async () => {
    const engine = new InvoiceRunEngine(new MemoryStore());
    const report = await engine.import({items: [item]});
    expect(report.stored).toBe(1);
    expect(report.rejected).toEqual([]);
    expect(report.warnings).toEqual([
      {
        kind: 'items',
        id: 'i1',
        path: 'subscriptionId',
        code: 'UNKNOWN_SUBSCRIPTION',
        message:
          'subscription "s1" is not stored; the item is not billed until an import adds that subscription',
      },
    ]);
  });

  it('does not warn when the same import or an earlier one holds what a record names', async () => {
    const together = new InvoiceRunEngine(new MemoryStore());
    expect(
      (await together.import({items: [item], subscriptions: [subscription], accounts: [account]}))
        .warnings,
    ).toEqual([]);
    const inTurns = new InvoiceRunEngine(new MemoryStore());
    expect((await inTurns.import({accounts: [account]})).warnings).toEqual([]);
    expect((await inTurns.import({subscriptions: [subscription]})).warnings).toEqual([]);
    expect((await inTurns.import({items: [item, usageItem]})).warnings).toEqual([]);
    expect(
      (
        await inTurns.import({
          transactions: [
            {id: 't1', itemId: 'u1', date: '2026-01-05', quantity: '1'},
            {id: 't2', orderNo: 'PO-1', date: '2026-01-05', quantity: '1'},
          ],
        })
      ).warnings,
    ).toEqual([]);
  });

  it('warns of accounts, items and order numbers stored nowhere', async () => {
    const engine = new InvoiceRunEngine(new MemoryStore());
    const report = await engine.import({
      subscriptions: [subscription],
      records: [{id: 'r1', object: 'expense', accountId: 'a9'}],
      transactions: [
        {id: 't1', itemId: 'u9', date: '2026-01-05', quantity: '1'},
        {id: 't2', orderNo: 'PO-9', date: '2026-01-05', quantity: '1'},
      ],
    });
    expect(report.stored).toBe(4);
    expect(report.warnings.map(({kind, id, path, code}) => ({kind, id, path, code}))).toEqual([
      {kind: 'subscriptions', id: 's1', path: 'accountId', code: 'UNKNOWN_ACCOUNT'},
      {kind: 'records', id: 'r1', path: 'accountId', code: 'UNKNOWN_ACCOUNT'},
      {kind: 'transactions', id: 't1', path: 'itemId', code: 'UNKNOWN_ITEM'},
      {kind: 'transactions', id: 't2', path: 'orderNo', code: 'UNKNOWN_ITEM'},
    ]);
  });
});
