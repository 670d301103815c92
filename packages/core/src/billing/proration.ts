/**
 * The factor of a piece of a billing period, in billing units (billing.md section 5, "Factor of a
 * piece"). Factors are exact rationals; nothing is rounded here.
 */
import {addMonths, civilFromEpochDay, daysInclusive} from '../primitives/dates.js';
import {compare, fromInteger, rational, ZERO, type Rational} from '../primitives/decimal.js';
import type {Cadence, Span} from './periods.js';
import type {BillingType} from '../records/schemas.js';

export type RecurringType = Extract<BillingType, `recurring${string}`>;

/**
 * @param piece the billable days, inside `period`
 * @param period the billing period holding the piece
 * @param firstActiveDay the first day of `period` inside the item's active window
 */
export function pieceFactor(
  type: RecurringType,
  c: Cadence,
  piece: Span,
  period: Span,
  firstActiveDay: number,
): Rational {
  const n = fromInteger(c.count);
  if (piece.start === period.start && piece.end === period.end) return n;
  switch (type) {
    case 'recurring':
      // No proration: the period is charged in full, once, by the piece holding its first active day.
      return piece.start <= firstActiveDay && firstActiveDay <= piece.end ? n : ZERO;
    case 'recurring-prorated':
      return proratedByDays(c.count, piece, period);
    case 'recurring-prorated-avg': {
      if (c.unit !== 'month' && c.unit !== 'year') return proratedByDays(c.count, piece, period);
      // A part is never worth more than its whole period: counted from a day late in the month
      // (an anchor on the 31st), whole months and average days can add up to more than n.
      const factor = averageMonthFactor(piece, c.unit === 'year' ? 12 : 1);
      return compare(factor, n) > 0 ? n : factor;
    }
  }
}

function proratedByDays(count: number, piece: Span, period: Span): Rational {
  return rational(
    BigInt(count) * BigInt(daysInclusive(piece.start, piece.end)),
    BigInt(daysInclusive(period.start, period.end)),
  );
}

/**
 * `(m + r * 12/365) / u`: m whole months from the piece's first day (month arithmetic as for
 * boundaries), r the days after them, each worth an average month of 365/12 days.
 */
export function averageMonthFactor(piece: Span, monthsPerUnit: number): Rational {
  const dayOfMonth = civilFromEpochDay(piece.start).day;
  let months = 0;
  while (addMonths(piece.start, months + 1, dayOfMonth) - 1 <= piece.end) months++;
  const remainingDays = piece.end - (addMonths(piece.start, months, dayOfMonth) - 1);
  // (m + r*12/365) / u = (365m + 12r) / (365u)
  return rational(BigInt(365 * months + 12 * remainingDays), BigInt(365 * monthsPerUnit));
}
