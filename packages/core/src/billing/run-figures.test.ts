import {describe, expect, it} from 'vitest';
import {
  FiguresTally,
  NO_FIGURES,
  changeFigures,
  figuresOf,
  finalizedFigures,
} from './run-figures.js';
import type {CountedInvoice} from './run-figures.js';

function invoice(overrides: Partial<CountedInvoice> = {}): CountedInvoice {
  return {
    class: 'invoice',
    status: 'draft',
    currency: 'EUR',
    net: '10.00',
    tax: '1.90',
    gross: '11.90',
    lines: [{}, {}],
    ...overrides,
  };
}

describe('run figures', () => {
  it('count invoices and credits, drafts and lines, and sum amounts per currency exactly', () => {
    const figures = figuresOf([
      invoice(),
      invoice({status: 'open', net: '0.10', tax: '0.02', gross: '0.12'}),
      invoice({class: 'credit', net: '-5.00', tax: '-0.95', gross: '-5.95', lines: [{}]}),
      invoice({currency: 'JPY', net: '1000', tax: '100', gross: '1100'}),
    ]);
    expect(figures).toEqual({
      invoices: 3,
      credits: 1,
      drafts: 3,
      lines: 7,
      totals: [
        {currency: 'EUR', net: '5.10', tax: '0.97', gross: '6.07', count: 3},
        {currency: 'JPY', net: '1000', tax: '100', gross: '1100', count: 1},
      ],
    });
  });

  it('give back the same figures when an invoice is counted in and taken out again', () => {
    const before = figuresOf([
      invoice(),
      invoice({currency: 'KWD', net: '1.005', tax: '0.000', gross: '1.005'}),
    ]);
    const added = invoice({net: '0.01', tax: '0.00', gross: '0.01'});
    expect(changeFigures(changeFigures(before, [added]), [], [added])).toEqual(before);
  });

  it('drop a currency when its last invoice goes, keep one whose invoices sum to zero', () => {
    const plus = invoice({currency: 'USD'});
    const minus = invoice({
      currency: 'USD',
      class: 'credit',
      net: '-10.00',
      tax: '-1.90',
      gross: '-11.90',
    });
    const both = figuresOf([invoice(), plus, minus]);
    expect(both.totals.map((total) => [total.currency, total.gross, total.count])).toEqual([
      ['EUR', '11.90', 1],
      ['USD', '0.00', 2],
    ]);
    const gone = changeFigures(both, [], [plus, minus]);
    expect(gone.totals.map((total) => total.currency)).toEqual(['EUR']);
    expect(changeFigures(gone, [], [invoice()])).toEqual(NO_FIGURES);
  });

  it('count a chunk summed by the pass as if each invoice were counted', () => {
    const chunk = [
      invoice(),
      invoice({class: 'credit', net: '-1.00', tax: '-0.19', gross: '-1.19'}),
    ];
    const tally = new FiguresTally(figuresOf([invoice()]));
    tally.countSummed(chunk, [{currency: 'EUR', net: '9.00', tax: '1.71', gross: '10.71'}]);
    expect(tally.figures()).toEqual(figuresOf([invoice(), ...chunk]));
  });

  it('finalizing drafts changes their count alone', () => {
    const figures = figuresOf([invoice(), invoice()]);
    expect(finalizedFigures(figures, 2)).toEqual({...figures, drafts: 0});
  });
});
