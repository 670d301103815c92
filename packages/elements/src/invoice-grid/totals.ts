/**
 * Net, tax and gross per currency over the invoices shown, summed exactly. Each invoice's amounts
 * are read once (kept by the invoice object, which an edit replaces), so the totals after an edit
 * among 10,000 invoices add numbers and read only the edited invoice.
 */
import type {CurrencyTotal, Invoice} from '@invoice-run/core';
import {scaled, sumScaled, type Scaled} from '../internal/decimal.js';

interface Amounts {
  readonly net: Scaled;
  readonly tax: Scaled;
  readonly gross: Scaled;
}

const ZERO: Scaled = {units: 0n, digits: 0};

export class CurrencyTotals {
  private readonly amounts = new WeakMap<Invoice, Amounts>();
  private last: {readonly of: readonly Invoice[]; readonly totals: CurrencyTotal[]} | undefined;

  /** The totals of `invoices`, currencies in alphabetical order. */
  of(invoices: readonly Invoice[]): CurrencyTotal[] {
    if (this.last?.of === invoices) return this.last.totals;
    const byCurrency = new Map<string, Amounts[]>();
    for (const invoice of invoices) {
      let amounts = this.amounts.get(invoice);
      if (amounts === undefined) {
        amounts = {
          net: scaled(invoice.net) ?? ZERO,
          tax: scaled(invoice.tax) ?? ZERO,
          gross: scaled(invoice.gross) ?? ZERO,
        };
        this.amounts.set(invoice, amounts);
      }
      const list = byCurrency.get(invoice.currency);
      if (list === undefined) byCurrency.set(invoice.currency, [amounts]);
      else list.push(amounts);
    }
    const totals = [...byCurrency]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, list]) => ({
        currency,
        net: sumScaled(list.map((each) => each.net)),
        tax: sumScaled(list.map((each) => each.tax)),
        gross: sumScaled(list.map((each) => each.gross)),
      }));
    this.last = {of: invoices, totals};
    return totals;
  }
}
