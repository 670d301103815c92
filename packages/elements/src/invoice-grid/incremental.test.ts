import {expect} from '@open-wc/testing';
import type {Invoice, InvoiceLine} from '@invoice-run/core';
import {makeInvoice} from '../test-support/fake-client.js';
import {RowModel, type RowInputs} from './rows.js';
import {CurrencyTotals} from './totals.js';

/** Invoices in two currencies with amounts of two and three fraction digits. */
function invoices(count: number): Invoice[] {
  return Array.from({length: count}, (_, index) =>
    makeInvoice({
      id: `r1:${index}`,
      index,
      currency: index % 3 === 0 ? 'USD' : 'EUR',
      net: `${index}.${String(index % 100).padStart(2, '0')}`,
      tax: index % 7 === 0 ? `0.${String(index % 1000).padStart(3, '0')}` : '1.10',
      gross: `-${index % 5}.5`,
      lines: Array.from({length: index % 4}, () => ({}) as InvoiceLine),
    }),
  );
}

function replaced(list: readonly Invoice[], at: number, changes: Partial<Invoice>): Invoice[] {
  const next = [...list];
  next[at] = {...list[at]!, ...changes};
  return next;
}

describe('the grid after an edit', () => {
  it('keeps its totals by what was replaced, equal to summing every invoice again', () => {
    const totals = new CurrencyTotals();
    let list = invoices(500);
    expect(totals.of(list)).to.deep.equal(new CurrencyTotals().of(list));
    for (const [at, changes] of [
      [10, {net: '1000.005', gross: '0.1'}],
      [11, {tax: '-3'}],
      // A replacement in another currency: the last USD invoice of one place moves to CHF.
      [12, {currency: 'CHF', net: '7'}],
    ] as const) {
      list = replaced(list, at, changes);
      expect(totals.of(list)).to.deep.equal(new CurrencyTotals().of(list));
    }
    expect(totals.of(list).map((total) => total.currency)).to.deep.equal(['CHF', 'EUR', 'USD']);
    // A removal: summed again.
    list = list.filter((_, index) => index !== 3);
    expect(totals.of(list)).to.deep.equal(new CurrencyTotals().of(list));
    // A currency whose last invoice is replaced by one in another currency leaves the totals.
    const one = [makeInvoice({id: 'a', currency: 'CHF', net: '1', tax: '0', gross: '1'})];
    totals.of(one);
    expect(totals.of([{...one[0]!, currency: 'EUR'}]).map((total) => total.currency)).to.deep.equal(
      ['EUR'],
    );
  });

  it('keeps its rows when invoices are replaced in place, and makes them again when lines change', () => {
    const model = new RowModel();
    const list = invoices(50);
    const expanded = new Set(list.filter((_, index) => index % 2 === 0).map((each) => each.id));
    const inputs = (of: readonly Invoice[]): RowInputs => ({
      invoices: of,
      query: '',
      filterColumn: 'all',
      sort: undefined,
      expanded,
      adding: new Set<string>(),
      context: {locale: 'en', text: {} as never, accountName: (id) => id},
      contextVersion: 0,
    });
    const keys = (of: readonly Invoice[], model: RowModel) => {
      const rows = model.rows(inputs(of));
      return Array.from({length: rows.length}, (_, index) => [
        rows.keyAt(index),
        rows.invoiceAt(index),
      ]);
    };
    keys(list, model);
    const edited = replaced(list, 4, {net: '9'});
    const after = keys(edited, model);
    expect(after).to.deep.equal(keys(edited, new RowModel()));
    expect(after.find(([key]) => key === 'i|r1:4')![1]).to.equal(edited[4]);
    // A line more: the rows after it move down.
    const grown = replaced(edited, 6, {lines: [...edited[6]!.lines, {} as InvoiceLine]});
    expect(keys(grown, model)).to.deep.equal(keys(grown, new RowModel()));
    expect(model.rows(inputs(grown)).indexOf('i|r1:8')).to.equal(
      new RowModel().rows(inputs(grown)).indexOf('i|r1:8'),
    );
  });
});
