/**
 * A run's figures of what it holds now (`RunRecord.current`): counts and totals over its invoices
 * that exist. They change only by whole invoices (a chunk adds some, a deletion takes some out, a
 * finalization turns drafts into open invoices), and every amount is an exact sum in minor units,
 * so adding an invoice and taking it out again gives back the very same figures.
 */
import {minorUnit} from '../primitives/currency.js';
import {formatUnits, parseUnits} from '../primitives/decimal.js';
import {addTotals, compareCodeUnits} from './invoices.js';
import type {
  CurrencyFigures,
  CurrencyTotal,
  Invoice,
  RunFigures,
  RunRecord,
} from '../records/model.js';
import type {RunAddition} from '../store/store.js';

/** The figures of a run without invoices. */
export const NO_FIGURES: RunFigures = {invoices: 0, credits: 0, drafts: 0, lines: 0, totals: []};

/** What the figures count of an invoice. */
export type CountedInvoice = Pick<
  Invoice,
  'class' | 'status' | 'currency' | 'net' | 'tax' | 'gross'
> & {readonly lines: {readonly length: number}};

interface Sum {
  readonly digits: number;
  count: number;
  net: bigint;
  tax: bigint;
  gross: bigint;
}

/** Figures being added up: start from some, count invoices in or out, read the result. */
export class FiguresTally {
  private invoices: number;
  private credits: number;
  private drafts: number;
  private lines: number;
  private readonly sums = new Map<string, Sum>();

  constructor(from: RunFigures = NO_FIGURES) {
    this.invoices = 0;
    this.credits = 0;
    this.drafts = 0;
    this.lines = 0;
    this.add(from);
  }

  /** Adds other figures (those of other invoices of the run) to these. */
  add(figures: RunFigures): void {
    this.invoices += figures.invoices;
    this.credits += figures.credits;
    this.drafts += figures.drafts;
    this.lines += figures.lines;
    for (const row of figures.totals) {
      const sum = this.sumOf(row.currency);
      sum.count += row.count;
      this.addAmounts(sum, row, 1n);
    }
  }

  /** Counts an invoice in (`sign` 1) or takes it out (-1). */
  count(invoice: CountedInvoice, sign: 1 | -1 = 1): void {
    if (invoice.class === 'credit') this.credits += sign;
    else this.invoices += sign;
    if (invoice.status === 'draft') this.drafts += sign;
    this.lines += sign * invoice.lines.length;
    const sum = this.sumOf(invoice.currency);
    sum.count += sign;
    this.addAmounts(sum, invoice, BigInt(sign));
  }

  /**
   * Counts in invoices whose amounts are already summed exactly (`totals`, per currency, as a pass
   * makes them): their amounts are not parsed back from each invoice.
   */
  countSummed(invoices: readonly CountedInvoice[], totals: readonly CurrencyTotal[]): void {
    for (const invoice of invoices) {
      if (invoice.class === 'credit') this.credits++;
      else this.invoices++;
      if (invoice.status === 'draft') this.drafts++;
      this.lines += invoice.lines.length;
      this.sumOf(invoice.currency).count++;
    }
    for (const total of totals) this.addAmounts(this.sumOf(total.currency), total, 1n);
  }

  /** `count` drafts became open invoices (their amounts stay). */
  finalized(count: number): void {
    this.drafts -= count;
  }

  /** The figures; a currency stays as long as one invoice is in it (even one of zero amounts). */
  figures(): RunFigures {
    const totals: CurrencyFigures[] = [...this.sums.entries()]
      .filter(([, sum]) => sum.count > 0)
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([currency, sum]) => ({
        currency,
        net: formatUnits(sum.net, sum.digits),
        tax: formatUnits(sum.tax, sum.digits),
        gross: formatUnits(sum.gross, sum.digits),
        count: sum.count,
      }));
    return {
      invoices: this.invoices,
      credits: this.credits,
      drafts: this.drafts,
      lines: this.lines,
      totals,
    };
  }

  private sumOf(currency: string): Sum {
    let sum = this.sums.get(currency);
    if (sum === undefined) {
      sum = {digits: minorUnit(currency), count: 0, net: 0n, tax: 0n, gross: 0n};
      this.sums.set(currency, sum);
    }
    return sum;
  }

  /** Stored amounts have exactly their currency's minor-unit digits: whole units. */
  private addAmounts(
    sum: Sum,
    amounts: Pick<CurrencyTotal, 'net' | 'tax' | 'gross'>,
    sign: bigint,
  ) {
    sum.net += sign * parseUnits(amounts.net, sum.digits);
    sum.tax += sign * parseUnits(amounts.tax, sum.digits);
    sum.gross += sign * parseUnits(amounts.gross, sum.digits);
  }
}

/** `figures` with the invoices of `added` counted in and those of `removed` taken out. */
export function changeFigures(
  figures: RunFigures,
  added: readonly CountedInvoice[],
  removed: readonly CountedInvoice[] = [],
): RunFigures {
  const tally = new FiguresTally(figures);
  for (const invoice of added) tally.count(invoice, 1);
  for (const invoice of removed) tally.count(invoice, -1);
  return tally.figures();
}

/** The figures of these invoices (all of one run), counted afresh. */
export function figuresOf(invoices: Iterable<CountedInvoice>): RunFigures {
  const tally = new FiguresTally();
  for (const invoice of invoices) tally.count(invoice);
  return tally.figures();
}

/** `figures` after `count` of its drafts were finalized. */
export function finalizedFigures(figures: RunFigures, count: number): RunFigures {
  return {...figures, drafts: figures.drafts - count};
}

/**
 * The run with what one of its parts added (a run billed in parts, several processes committing
 * in any order): counters, warnings, totals and current figures summed exactly, and the invoice
 * index moved past the part's.
 */
export function addToRun(run: RunRecord, added: RunAddition): RunRecord {
  const current = new FiguresTally(run.current);
  current.add(added.current);
  return {
    ...run,
    counters: {
      invoices: run.counters.invoices + added.counters.invoices,
      credits: run.counters.credits + added.counters.credits,
      lines: run.counters.lines + added.counters.lines,
      errors: run.counters.errors + added.counters.errors,
    },
    warningCount: run.warningCount + added.warningCount,
    totals: addTotals(run.totals, added.totals),
    current: current.figures(),
    invoicesMade: Math.max(run.invoicesMade, added.invoicesMade),
  };
}
