/**
 * What a run bills for one recurring or one-time item (billing.md section 5): billing start,
 * billable days, pieces, due pieces, factors, and the lines they form.
 */
import {toEpochDay, toIsoDate, type EpochDay, type IsoDate} from '../primitives/dates.js';
import {add, ONE, type Rational} from '../primitives/decimal.js';
import {
  boundary,
  cadence,
  periodHolding,
  periodIndexAt,
  type Cadence,
  type Span,
} from './periods.js';
import {pieceFactor, type RecurringType} from './proration.js';
import type {Item, Subscription} from '../records/schemas.js';

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
  /** The sum of the pieces' factors. */
  readonly factor: Rational;
  /** The due pieces that form the line, in date order, without gaps. */
  readonly pieces: readonly PlannedPiece[];
}

/** Billable days inside one billing period, and what they are worth. */
export interface PlannedPiece {
  readonly start: EpochDay;
  readonly end: EpochDay;
  /** The billing period holding the piece. */
  readonly period: Span;
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
  const piece = {start: day, end: day, period: {start: day, end: day}, factor: ONE};
  return {
    kind: 'lines',
    lines: [{start: day, end: day, factor: ONE, pieces: [piece]}],
    unbilledHistory: false,
  };
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
  const coveredSpans = ledger?.covered ?? [];
  const covered: readonly Span[] =
    coveredSpans.length === 0
      ? NO_SPANS
      : coveredSpans.map((span) => ({start: toEpochDay(span.start), end: toEpochDay(span.end)}));

  const lines: PlannedLine[] = [];
  const due: DuePieces = {
    type,
    cadence: c,
    advance: item.billingPractice === 'advance',
    runEnd: period.end,
    lines,
  };
  let coveredIndex = 0;
  // B(k + 1) of one period is B(k) of the next: each boundary is computed once.
  let k = periodIndexAt(c, from);
  let periodStart = boundary(c, k);
  for (;;) {
    if (periodStart > period.end || periodStart > window.end) break;
    const nextStart = boundary(c, k + 1);
    const billing: Span = {start: periodStart, end: nextStart - 1};
    const firstActiveDay = Math.max(billing.start, window.start);
    const segmentStart = Math.max(billing.start, from);
    const segmentEnd = Math.min(billing.end, window.end);
    while (coveredIndex < covered.length && covered[coveredIndex]!.end < segmentStart) {
      coveredIndex++;
    }
    // The parts of the segment that no covered span touches, in order.
    let cursor = segmentStart;
    for (let i = coveredIndex; i < covered.length && cursor <= segmentEnd; i++) {
      const span = covered[i]!;
      if (span.start > segmentEnd) break;
      if (span.end < cursor) continue;
      if (span.start > cursor) addIfDue(due, cursor, span.start - 1, billing, firstActiveDay);
      cursor = Math.max(cursor, span.end + 1);
    }
    if (cursor <= segmentEnd) addIfDue(due, cursor, segmentEnd, billing, firstActiveDay);
    k++;
    periodStart = nextStart;
  }

  if (lines.length === 0) return NOTHING;
  if (fixedStart !== undefined) return {kind: 'lines', lines, unbilledHistory: false};
  return {
    kind: 'lines',
    lines,
    fixesBillingStart: toIsoDate(billingStart),
    unbilledHistory: hostStart === undefined && billingStart > window.start,
  };
}

const NO_SPANS: readonly Span[] = [];

/** `[max(item start, subscription start), min(item end, subscription end)]`, open-ended as set. */
export function activeWindow(item: Item, subscription: Subscription): Span {
  const start = Math.max(toEpochDay(item.startDate), toEpochDay(subscription.startDate));
  const end = Math.min(
    item.endDate === undefined ? Infinity : toEpochDay(item.endDate),
    subscription.endDate === undefined ? Infinity : toEpochDay(subscription.endDate),
  );
  return {start, end};
}

interface PlannedLine {
  readonly start: EpochDay;
  end: EpochDay;
  factor: Rational;
  readonly pieces: PlannedPiece[];
}

/** What decides whether a piece is due and what it adds, for one item in one run. */
interface DuePieces {
  readonly type: RecurringType;
  readonly cadence: Cadence;
  readonly advance: boolean;
  /** The run period's last day. */
  readonly runEnd: EpochDay;
  /** The lines so far: a due piece that follows the last line without a gap extends it. */
  readonly lines: PlannedLine[];
}

/** Adds the piece `[start, end]` of billing period `billing` to the lines when it is due. */
function addIfDue(
  due: DuePieces,
  start: EpochDay,
  end: EpochDay,
  billing: Span,
  firstActiveDay: EpochDay,
): void {
  if ((due.advance ? start : end) > due.runEnd) return;
  const factor = pieceFactor(due.type, due.cadence, {start, end}, billing, firstActiveDay);
  const piece = {start, end, period: billing, factor};
  const last = due.lines[due.lines.length - 1];
  if (last !== undefined && last.end + 1 === start) {
    last.end = end;
    last.factor = add(last.factor, factor);
    last.pieces.push(piece);
  } else {
    due.lines.push({start, end, factor, pieces: [piece]});
  }
}
