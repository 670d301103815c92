/**
 * Turns planned lines into invoices (billing.md section 8): one rounding per line, tax per rate
 * as EN 16931 does (the sum of nets at a rate, times the rate, rounded once), class by the sign of
 * the gross amount, and the stable orders of scenarios.md.
 */
import {addDaysIso, type EpochDay, type IsoDate, toIsoDate} from './dates.js';
import {
  compare,
  complementOfPercent,
  divideRounded,
  formatPlain,
  formatRounded,
  formatUnits,
  parseUnits,
  productToUnits,
  type Rational,
} from './decimal.js';
import {minorUnit} from './currency.js';
import {
  LINE_KINDS,
  SOURCE_KINDS,
  type CurrencyTotal,
  type Invoice,
  type InvoiceLine,
  type LineKind,
  type SourceIssue,
} from './model.js';

export interface LineDraft {
  readonly kind: LineKind;
  readonly source: string;
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
}

export interface InvoiceDraft {
  readonly subscriptionId: string | null;
  readonly accountId: string;
  readonly criterion: string | null;
  readonly currency: string;
  readonly invoiceDate: IsoDate | null;
  readonly paymentDueDays: number;
  readonly lines: LineDraft[];
  readonly transactionIds: string[];
  readonly recordIds: string[];
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

function compareLineDrafts(a: LineDraft, b: LineDraft): number {
  return (
    LINE_KINDS.indexOf(a.kind) - LINE_KINDS.indexOf(b.kind) ||
    compareCodeUnits(a.source, b.source) ||
    (a.kind === 'record'
      ? (a.position ?? 0) - (b.position ?? 0)
      : a.start - b.start ||
        (a.kind === 'usage'
          ? compareOptional(a.criterion, b.criterion) || compare(a.unitPrice, b.unitPrice)
          : 0))
  );
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
  return productToUnits(
    [line.unitPrice, line.quantity, line.factor, complementOfPercent(line.discountPercent)],
    digits,
  );
}

/** `rate` percent of an amount in minor units, rounded half away from zero to minor units. */
function percentOfUnits(units: bigint, rate: Rational): bigint {
  return divideRounded(units * rate.num, rate.den * 100n);
}

export function buildInvoice(
  draft: InvoiceDraft,
  identity: {id: string; runId: string | null; index: number},
): Invoice {
  const digits = minorUnit(draft.currency);
  const lines = [...draft.lines].sort(compareLineDrafts);
  // Amounts are whole minor units (BigInt) from here on: each line is rounded once, then only
  // added, and each rate's tax is rounded once from the exact sum of its nets.
  const byRate = new Map<string, {rate: Rational; net: bigint}>();
  let net = 0n;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  const invoiceLines: InvoiceLine[] = lines.map((line) => {
    const lineNet = lineNetUnits(line, digits);
    net += lineNet;
    const rateKey = formatPlain(line.taxRate);
    const group = byRate.get(rateKey);
    if (group === undefined) byRate.set(rateKey, {rate: line.taxRate, net: lineNet});
    else group.net += lineNet;
    firstDay = Math.min(firstDay, line.start);
    lastDay = Math.max(lastDay, line.end);
    return {
      kind: line.kind,
      source: line.source,
      description: line.description,
      servicePeriod: {start: toIsoDate(line.start), end: toIsoDate(line.end)},
      quantity: formatPlain(line.quantity),
      unitPrice: formatPlain(line.unitPrice),
      factor: formatRounded(line.factor, 6),
      discountPercent: formatPlain(line.discountPercent),
      net: formatUnits(lineNet, digits),
      taxRate: rateKey,
      tax: formatUnits(percentOfUnits(lineNet, line.taxRate), digits),
      ...(line.kind === 'usage' ? {criterion: line.criterion ?? null} : {}),
    };
  });
  const rates = [...byRate.values()].sort((a, b) => compare(a.rate, b.rate));
  let tax = 0n;
  const taxBreakdown = rates.map(({rate, net: rateNet}) => {
    const rateTax = percentOfUnits(rateNet, rate);
    tax += rateTax;
    return {
      rate: formatPlain(rate),
      net: formatUnits(rateNet, digits),
      tax: formatUnits(rateTax, digits),
    };
  });
  const gross = net + tax;
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
    transactionIds: draft.transactionIds,
    recordIds: draft.recordIds,
  };
}

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
  // Stored amounts have exactly their currency's minor-unit digits, so they add as whole units.
  const sums = new Map<string, {digits: number; net: bigint; tax: bigint; gross: bigint}>();
  for (const rows of [totals, more]) {
    for (const row of rows) {
      let sum = sums.get(row.currency);
      if (sum === undefined) {
        sum = {digits: minorUnit(row.currency), net: 0n, tax: 0n, gross: 0n};
        sums.set(row.currency, sum);
      }
      sum.net += parseUnits(row.net, sum.digits);
      sum.tax += parseUnits(row.tax, sum.digits);
      sum.gross += parseUnits(row.gross, sum.digits);
    }
  }
  return [...sums.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([currency, sum]) => ({
      currency,
      net: formatUnits(sum.net, sum.digits),
      tax: formatUnits(sum.tax, sum.digits),
      gross: formatUnits(sum.gross, sum.digits),
    }));
}
