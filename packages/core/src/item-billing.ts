/**
 * What a run bills for one recurring or one-time item (billing.md section 5): billing start,
 * billable days, pieces, due pieces, factors, and the lines they form.
 */
import {toEpochDay, toIsoDate, type EpochDay, type IsoDate} from './dates.js';
import {add, ONE, type Rational} from './decimal.js';
import {billingPeriodAt, cadence, periodHolding, periodIndexAt, type Span} from './periods.js';
import {pieceFactor, type RecurringType} from './proration.js';
import type {Item, Subscription} from './schemas.js';

/**
 * What is known of an item's billing history: a compact coverage index kept beside the invoices
 * (one record per item, not a row per line).
 */
export interface ItemLedger {
  readonly itemId: string;
  /** The item's subscription: stores may keep a subscription's ledgers together. */
  readonly subscriptionId: string;
  /** Fixed the first time a run stores a line for the item; never moves afterwards. */
  readonly billingStart?: IsoDate;
  /** The service periods of the item's lines on invoices that exist, merged and sorted. */
  readonly covered: readonly CoveredSpan[];
}

export interface CoveredSpan {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export interface PlannedItemLine {
  readonly start: EpochDay;
  readonly end: EpochDay;
  readonly factor: Rational;
}

export type ItemPlan =
  | {readonly kind: 'error'; readonly code: 'MISSING_BILLING_PERIOD'}
  | {
      readonly kind: 'lines';
      readonly lines: readonly PlannedItemLine[];
      /** The billing start this run fixes when it stores the lines (none when already fixed). */
      readonly fixesBillingStart?: IsoDate;
      /** The billing start is fixed after the active window's start: that history is never billed. */
      readonly unbilledHistory: boolean;
    };

const NOTHING: ItemPlan = {kind: 'lines', lines: [], unbilledHistory: false};

export interface RunPeriod {
  readonly start: EpochDay;
  readonly end: EpochDay;
}

export function isRecurring(type: Item['billingType']): type is RecurringType {
  return type === 'recurring' || type === 'recurring-prorated' || type === 'recurring-prorated-avg';
}

/** Plans the lines a run with `period` owes for an active item of an in-scope subscription. */
export function planItem(
  item: Item,
  subscription: Subscription,
  ledger: ItemLedger | undefined,
  period: RunPeriod,
): ItemPlan {
  if (item.billingType === 'one-time') return planOneTimeItem(item, subscription, ledger, period);
  if (isRecurring(item.billingType)) {
    return planRecurringItem(item, item.billingType, subscription, ledger, period);
  }
  return NOTHING;
}

function planOneTimeItem(
  item: Item,
  subscription: Subscription,
  ledger: ItemLedger | undefined,
  period: RunPeriod,
): ItemPlan {
  const itemStart = toEpochDay(item.startDate);
  const day = Math.max(itemStart, toEpochDay(subscription.startDate));
  if (day > period.end) return NOTHING;
  if (subscription.endDate !== undefined && itemStart > toEpochDay(subscription.endDate)) {
    return NOTHING;
  }
  if (item.nextServicePeriodStart !== undefined) return NOTHING;
  if (ledger !== undefined && ledger.covered.length > 0) return NOTHING;
  return {kind: 'lines', lines: [{start: day, end: day, factor: ONE}], unbilledHistory: false};
}

function planRecurringItem(
  item: Item,
  type: RecurringType,
  subscription: Subscription,
  ledger: ItemLedger | undefined,
  period: RunPeriod,
): ItemPlan {
  if (item.billingPeriod === undefined) return {kind: 'error', code: 'MISSING_BILLING_PERIOD'};
  const window = activeWindow(item, subscription);
  if (window.start > window.end) return NOTHING;

  const c = cadence(toEpochDay(item.billingAnchor ?? item.startDate), item.billingPeriod);
  const hostStart =
    item.nextServicePeriodStart === undefined ? undefined : toEpochDay(item.nextServicePeriodStart);
  const fixedStart =
    ledger?.billingStart === undefined ? undefined : toEpochDay(ledger.billingStart);
  const billingStart =
    fixedStart ?? hostStart ?? Math.max(window.start, periodHolding(c, period.start).start);

  // Every day before the host's next service period start counts as covered.
  const from = Math.max(window.start, billingStart, hostStart ?? -Infinity);
  const covered = (ledger?.covered ?? []).map((span) => ({
    start: toEpochDay(span.start),
    end: toEpochDay(span.end),
  }));

  const lines: {start: EpochDay; end: EpochDay; factor: Rational}[] = [];
  let coveredIndex = 0;
  for (let k = periodIndexAt(c, from); ; k++) {
    const billing = billingPeriodAt(c, k);
    if (billing.start > period.end || billing.start > window.end) break;
    const firstActiveDay = Math.max(billing.start, window.start);
    const segment = {start: Math.max(billing.start, from), end: Math.min(billing.end, window.end)};
    while (coveredIndex < covered.length && covered[coveredIndex]!.end < segment.start) {
      coveredIndex++;
    }
    for (const piece of uncoveredPieces(segment, covered, coveredIndex)) {
      const due =
        item.billingPractice === 'advance' ? piece.start <= period.end : piece.end <= period.end;
      if (!due) continue;
      const factor = pieceFactor(type, c, piece, billing, firstActiveDay);
      const last = lines[lines.length - 1];
      if (last !== undefined && last.end + 1 === piece.start) {
        last.end = piece.end;
        last.factor = add(last.factor, factor);
      } else {
        lines.push({start: piece.start, end: piece.end, factor});
      }
    }
  }

  if (lines.length === 0) return NOTHING;
  const fixes = fixedStart === undefined;
  return {
    kind: 'lines',
    lines,
    ...(fixes ? {fixesBillingStart: toIsoDate(billingStart)} : {}),
    unbilledHistory: fixes && hostStart === undefined && billingStart > window.start,
  };
}

/** `[max(item start, subscription start), min(item end, subscription end)]`, open-ended as set. */
export function activeWindow(item: Item, subscription: Subscription): Span {
  const start = Math.max(toEpochDay(item.startDate), toEpochDay(subscription.startDate));
  const end = Math.min(
    item.endDate === undefined ? Infinity : toEpochDay(item.endDate),
    subscription.endDate === undefined ? Infinity : toEpochDay(subscription.endDate),
  );
  return {start, end};
}

/** The parts of `segment` that no covered span touches, in order. */
function* uncoveredPieces(
  segment: Span,
  covered: readonly Span[],
  fromIndex: number,
): Generator<Span> {
  let cursor = segment.start;
  for (let i = fromIndex; i < covered.length && cursor <= segment.end; i++) {
    const span = covered[i]!;
    if (span.start > segment.end) break;
    if (span.end < cursor) continue;
    if (span.start > cursor) yield {start: cursor, end: span.start - 1};
    cursor = Math.max(cursor, span.end + 1);
  }
  if (cursor <= segment.end) yield {start: cursor, end: segment.end};
}
