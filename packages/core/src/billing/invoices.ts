/**
 * Turns planned lines into invoices (billing.md section 8): one rounding per line, tax per rate
 * as EN 16931 does (the sum of nets at a rate, times the rate, rounded once), class by the sign of
 * the gross amount, and the stable orders of scenarios.md.
 */
import {addDaysIso, type EpochDay, type IsoDate, toIsoDate} from '../primitives/dates.js';
import {
  compare,
  divideRounded,
  formatPlain,
  formatRounded,
  formatUnits,
  parseUnits,
  powerOfTen,
  type Rational,
} from '../primitives/decimal.js';
import {minorUnit} from '../primitives/currency.js';
import {
  LINE_KINDS,
  SOURCE_KINDS,
  type CurrencyTotal,
  type Invoice,
  type InvoiceLine,
  type LineExplanation,
  type LineKind,
  type SourceIssue,
} from '../records/model.js';

export interface LineDraft {
  readonly kind: LineKind;
  /** Null on manual lines. */
  readonly source: string | null;
  readonly description: string;
  readonly start: EpochDay;
  readonly end: EpochDay;
  readonly quantity: Rational;
  readonly unitPrice: Rational;
  readonly factor: Rational;
  readonly discountPercent: Rational;
  readonly taxRate: Rational;
  readonly criterion?: string | null;
  /** Record lines: position in the record's own `lines`. */
  readonly position?: number;
  readonly explanation: LineExplanation | null;
  /** Usage lines: the transactions the line bills. */
  readonly transactionIds?: readonly string[];
}

export interface InvoiceDraft {
  readonly subscriptionId: string | null;
  readonly accountId: string;
  readonly criterion: string | null;
  readonly currency: string;
  readonly invoiceDate: IsoDate | null;
  readonly paymentDueDays: number;
  readonly lines: LineDraft[];
  /**
   * The transactions the invoice bills, usage line by usage line in line order. Absent: gathered
   * from the usage lines' own `transactionIds` once they are in order.
   */
  readonly transactionIds?: readonly string[];
  readonly recordIds: readonly string[];
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** null sorts first. */
function compareOptional(a: string | null | undefined, b: string | null | undefined): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  return compareCodeUnits(a, b);
}

/**
 * Lines by kind, then source; item lines by start; usage lines by start, criterion and price;
 * record lines by their position in the record; manual lines stay in the order they were added
 * (the sorts are stable).
 */
function compareLineDrafts(a: LineDraft, b: LineDraft): number {
  const byKind = LINE_KINDS.indexOf(a.kind) - LINE_KINDS.indexOf(b.kind);
  if (byKind !== 0 || a.kind === 'manual') return byKind;
  return (
    compareOptional(a.source, b.source) ||
    (a.kind === 'record'
      ? (a.position ?? 0) - (b.position ?? 0)
      : a.start - b.start ||
        (a.kind === 'usage'
          ? compareOptional(a.criterion, b.criterion) || compare(a.unitPrice, b.unitPrice)
          : 0))
  );
}

/** The lines in invoice order (a copy; `Array#sort` is stable). */
function sortedLines(lines: readonly LineDraft[]): readonly LineDraft[] {
  return lines.length < 2 ? lines : [...lines].sort(compareLineDrafts);
}

/** Invoices: by account, subscription (none first), currency, criterion (none first), made order. */
export function compareInvoices(a: Invoice, b: Invoice): number {
  return (
    compareCodeUnits(a.accountId, b.accountId) ||
    compareOptional(a.subscriptionId, b.subscriptionId) ||
    compareCodeUnits(a.currency, b.currency) ||
    compareOptional(a.criterion, b.criterion) ||
    a.index - b.index
  );
}

/** Errors and warnings: by source kind, then id, then code. */
export function compareIssues(a: SourceIssue<string>, b: SourceIssue<string>): number {
  return (
    SOURCE_KINDS.indexOf(a.source) - SOURCE_KINDS.indexOf(b.source) ||
    compareCodeUnits(a.id, b.id) ||
    compareCodeUnits(a.code, b.code)
  );
}

/**
 * A line's net in minor units: `unitPrice * quantity * factor * (1 - discount/100)`, rounded once,
 * half away from zero.
 */
export function lineNetUnits(line: LineDraft, digits: number): bigint {
  // One product and one division: the single rounding of section 1 sees the exact product.
  const {unitPrice, quantity, factor, discountPercent: discount} = line;
  let numerator = powerOfTen(digits) * unitPrice.num * quantity.num * factor.num;
  let denominator = unitPrice.den * quantity.den * factor.den;
  // The discount factor `(100 - d)/100` is exactly 1 without a discount.
  if (discount.num !== 0n) {
    numerator *= 100n * discount.den - discount.num;
    denominator *= 100n * discount.den;
  }
  return divideRounded(numerator, denominator);
}

/** `rate` percent of an amount in minor units, rounded half away from zero to minor units. */
function percentOfUnits(units: bigint, rate: Rational): bigint {
  return divideRounded(units * rate.num, rate.den * 100n);
}

/**
 * Makes an invoice of a draft. With `sums`, its net, tax and gross are also added there, exactly,
 * so a run's totals need not parse them back from the invoice.
 */
export function buildInvoice(
  draft: InvoiceDraft,
  identity: {id: string; runId: string | null; index: number},
  sums?: CurrencySums,
): Invoice {
  const digits = minorUnit(draft.currency);
  const lines = sortedLines(draft.lines);
  // Amounts are whole minor units (BigInt) from here on: each line is rounded once, then only
  // added, and each rate's tax is rounded once from the exact sum of its nets. A rate's spelling is
  // its key: spellings are canonical, and an invoice has one or two rates.
  const rates: {rate: Rational; spelled: string; net: bigint}[] = [];
  let net = 0n;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  const invoiceLines = lines.map((line): InvoiceLine => {
    const lineNet = lineNetUnits(line, digits);
    net += lineNet;
    const taxRate = formatPlain(line.taxRate);
    let group: (typeof rates)[number] | undefined;
    for (const candidate of rates) if (candidate.spelled === taxRate) group = candidate;
    if (group === undefined) rates.push({rate: line.taxRate, spelled: taxRate, net: lineNet});
    else group.net += lineNet;
    if (line.start < firstDay) firstDay = line.start;
    if (line.end > lastDay) lastDay = line.end;
    const servicePeriod = {start: toIsoDate(line.start), end: toIsoDate(line.end)};
    const quantity = formatPlain(line.quantity);
    const unitPrice = formatPlain(line.unitPrice);
    const factor = formatRounded(line.factor, 6);
    const discountPercent = formatPlain(line.discountPercent);
    const lineNetText = formatUnits(lineNet, digits);
    const lineTax = formatUnits(percentOfUnits(lineNet, line.taxRate), digits);
    // A draft's kind, source and explanation agree (the pass and the edits make them together).
    return (
      line.kind === 'usage'
        ? {
            kind: line.kind,
            source: line.source,
            description: line.description,
            servicePeriod,
            quantity,
            unitPrice,
            factor,
            discountPercent,
            net: lineNetText,
            taxRate,
            tax: lineTax,
            criterion: line.criterion ?? null,
            explanation: line.explanation,
          }
        : {
            kind: line.kind,
            source: line.source,
            description: line.description,
            servicePeriod,
            quantity,
            unitPrice,
            factor,
            discountPercent,
            net: lineNetText,
            taxRate,
            tax: lineTax,
            explanation: line.explanation,
          }
    ) as InvoiceLine;
  });
  rates.sort((a, b) => compare(a.rate, b.rate));
  let tax = 0n;
  const taxBreakdown = rates.map(({rate, spelled, net: rateNet}) => {
    const rateTax = percentOfUnits(rateNet, rate);
    tax += rateTax;
    return {
      rate: spelled,
      net: formatUnits(rateNet, digits),
      tax: formatUnits(rateTax, digits),
    };
  });
  const gross = net + tax;
  sums?.add(draft.currency, digits, net, tax, gross);
  return {
    id: identity.id,
    runId: identity.runId,
    index: identity.index,
    subscriptionId: draft.subscriptionId,
    accountId: draft.accountId,
    criterion: draft.criterion,
    class: gross < 0n ? 'credit' : 'invoice',
    status: 'draft',
    number: null,
    currency: draft.currency,
    invoiceDate: draft.invoiceDate,
    dueDate: dueDate(draft.invoiceDate, draft.paymentDueDays),
    paymentDueDays: draft.paymentDueDays,
    servicePeriod: {start: toIsoDate(firstDay), end: toIsoDate(lastDay)},
    net: formatUnits(net, digits),
    tax: formatUnits(tax, digits),
    gross: formatUnits(gross, digits),
    taxBreakdown,
    lines: invoiceLines,
    transactionIds: draft.transactionIds ?? usageTransactionIds(lines),
    recordIds: draft.recordIds,
    edited: false,
    edits: [],
  };
}

/** The usage lines' transactions in line order; a single usage line's list as it is. */
function usageTransactionIds(lines: readonly LineDraft[]): readonly string[] {
  let ids: readonly string[] = NO_IDS;
  for (const line of lines) {
    if (line.transactionIds === undefined || line.transactionIds.length === 0) continue;
    ids = ids.length === 0 ? line.transactionIds : ids.concat(line.transactionIds);
  }
  return ids;
}

const NO_IDS: readonly string[] = [];

export function dueDate(invoiceDate: IsoDate | null, paymentDueDays: number): IsoDate | null {
  return invoiceDate === null ? null : addDaysIso(invoiceDate, paymentDueDays);
}

/** Signed sums of the invoices' net, tax and gross per currency, by currency code. */
export function totalsByCurrency(
  invoices: Iterable<Pick<Invoice, 'currency' | 'net' | 'tax' | 'gross'>>,
): CurrencyTotal[] {
  return addTotals([], [...invoices]);
}

/** `totals` plus the amounts of `more`, per currency, by currency code. */
export function addTotals(
  totals: readonly CurrencyTotal[],
  more: readonly Pick<CurrencyTotal, 'currency' | 'net' | 'tax' | 'gross'>[],
): CurrencyTotal[] {
  const sums = new CurrencySums();
  sums.addRows(totals);
  sums.addRows(more);
  return sums.totals();
}

/** Signed sums of amounts per currency, in whole minor units (exact). */
export class CurrencySums {
  private readonly sums = new Map<
    string,
    {readonly digits: number; net: bigint; tax: bigint; gross: bigint}
  >();

  get size(): number {
    return this.sums.size;
  }

  /** Adds amounts in minor units of `currency`, which has `digits` minor-unit digits. */
  add(currency: string, digits: number, net: bigint, tax: bigint, gross: bigint): void {
    const sum = this.sums.get(currency);
    if (sum === undefined) {
      this.sums.set(currency, {digits, net, tax, gross});
      return;
    }
    sum.net += net;
    sum.tax += tax;
    sum.gross += gross;
  }

  /** Adds stored amounts: they have exactly their currency's minor-unit digits, so whole units. */
  addRows(rows: readonly Pick<CurrencyTotal, 'currency' | 'net' | 'tax' | 'gross'>[]): void {
    for (const row of rows) {
      const digits = minorUnit(row.currency);
      this.add(
        row.currency,
        digits,
        parseUnits(row.net, digits),
        parseUnits(row.tax, digits),
        parseUnits(row.gross, digits),
      );
    }
  }

  /** Adds a line's net and tax (and their sum as gross), in minor units of `currency`. */
  addLine(currency: string, line: Pick<InvoiceLine, 'net' | 'tax'>): void {
    const digits = minorUnit(currency);
    const net = parseUnits(line.net, digits);
    const tax = parseUnits(line.tax, digits);
    this.add(currency, digits, net, tax, net + tax);
  }

  /** The sums as totals, by currency code. */
  totals(): CurrencyTotal[] {
    return [...this.sums.entries()]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([currency, sum]) => ({
        currency,
        net: formatUnits(sum.net, sum.digits),
        tax: formatUnits(sum.tax, sum.digits),
        gross: formatUnits(sum.gross, sum.digits),
      }));
  }
}
