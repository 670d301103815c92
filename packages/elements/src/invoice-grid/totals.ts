/**
 * Net, tax and gross per currency over the invoices shown, summed exactly. Each invoice's amounts
 * are read once (kept by the invoice object, which an edit replaces), and the sums are kept: after
 * an edit among 10,000 invoices only the replaced invoices are taken out and put back in.
 */
import type {CurrencyTotal, Invoice} from '@invoice-run/core';
import {scaled, sumScaled, type Scaled} from '../internal/decimal.js';
import {changedPlaces} from './changed-places.js';

interface Amounts {
  readonly currency: string;
  readonly net: Scaled;
  readonly tax: Scaled;
  readonly gross: Scaled;
}

const ZERO: Scaled = {units: 0n, digits: 0};

/** Replacing more invoices than this at once sums them all again. */
const MOST_REPLACED = 1000;

/** A sum of amounts kept by their number of fraction digits: adding one needs no scaling. */
class Sum {
  private readonly byDigits = new Map<number, bigint>();

  add(value: Scaled, sign: bigint): void {
    this.byDigits.set(value.digits, (this.byDigits.get(value.digits) ?? 0n) + sign * value.units);
  }

  toString(): string {
    return sumScaled([...this.byDigits].map(([digits, units]) => ({units, digits})));
  }
}

interface CurrencySum {
  count: number;
  readonly net: Sum;
  readonly tax: Sum;
  readonly gross: Sum;
}

export class CurrencyTotals {
  private readonly amounts = new WeakMap<Invoice, Amounts>();
  private last:
    | {
        readonly of: readonly Invoice[];
        readonly sums: Map<string, CurrencySum>;
        readonly totals: CurrencyTotal[];
      }
    | undefined;

  /** The totals of `invoices`, currencies in alphabetical order. */
  of(invoices: readonly Invoice[]): CurrencyTotal[] {
    const last = this.last;
    if (last?.of === invoices) return last.totals;
    const places = last === undefined ? undefined : changedPlaces(last.of, invoices, MOST_REPLACED);
    let sums: Map<string, CurrencySum>;
    if (last === undefined || places === undefined) {
      sums = new Map();
      for (const invoice of invoices) this.add(sums, invoice, 1n);
    } else {
      // The last sums are for the last list only, which they are no longer needed for.
      sums = last.sums;
      for (const place of places) {
        this.add(sums, last.of[place]!, -1n);
        this.add(sums, invoices[place]!, 1n);
      }
    }
    const totals = [...sums]
      .filter(([, sum]) => sum.count > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, sum]) => ({
        currency,
        net: sum.net.toString(),
        tax: sum.tax.toString(),
        gross: sum.gross.toString(),
      }));
    this.last = {of: invoices, sums, totals};
    return totals;
  }

  private add(sums: Map<string, CurrencySum>, invoice: Invoice, sign: bigint): void {
    const amounts = this.amountsOf(invoice);
    let sum = sums.get(amounts.currency);
    if (sum === undefined) {
      sum = {count: 0, net: new Sum(), tax: new Sum(), gross: new Sum()};
      sums.set(amounts.currency, sum);
    }
    sum.count += sign > 0n ? 1 : -1;
    sum.net.add(amounts.net, sign);
    sum.tax.add(amounts.tax, sign);
    sum.gross.add(amounts.gross, sign);
  }

  private amountsOf(invoice: Invoice): Amounts {
    let amounts = this.amounts.get(invoice);
    if (amounts === undefined) {
      amounts = {
        currency: invoice.currency,
        net: scaled(invoice.net) ?? ZERO,
        tax: scaled(invoice.tax) ?? ZERO,
        gross: scaled(invoice.gross) ?? ZERO,
      };
      this.amounts.set(invoice, amounts);
    }
    return amounts;
  }
}
