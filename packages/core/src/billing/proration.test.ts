import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {UTCDate} from '@date-fns/utc';
import {addDays as addDaysFns, addMonths as addMonthsFns, differenceInCalendarDays} from 'date-fns';
import {epochDayFromCivil, toEpochDay} from '../primitives/dates.js';
import {
  formatFixed,
  fromInteger,
  mul,
  rational,
  sum,
  toRational,
  ZERO,
  type Rational,
} from '../primitives/decimal.js';
import {billingPeriodAt, cadence, type Cadence, type Span} from './periods.js';
import {averageMonthFactor, pieceFactor, type RecurringType} from './proration.js';
import type {BillingPeriod} from '../records/schemas.js';

function cadenceOf(anchor: string, count: number, unit: BillingPeriod['unit']): Cadence {
  return cadence(toEpochDay(anchor), {count, unit});
}

function span(start: string, end: string): Span {
  return {start: toEpochDay(start), end: toEpochDay(end)};
}

const monthly = cadenceOf('2026-01-01', 1, 'month');
const january = span('2026-01-01', '2026-01-31');
const TYPES: RecurringType[] = ['recurring', 'recurring-prorated', 'recurring-prorated-avg'];

describe('pieceFactor: a whole billing period', () => {
  it.each(TYPES)('is n for %s', (type) => {
    expect(pieceFactor(type, monthly, january, january, january.start)).toEqual(fromInteger(1));
    const quarterly = cadenceOf('2026-01-01', 3, 'month');
    const q1 = span('2026-01-01', '2026-03-31');
    expect(pieceFactor(type, quarterly, q1, q1, q1.start)).toEqual(fromInteger(3));
    const weeks = cadenceOf('2026-01-05', 2, 'week');
    const fortnight = span('2026-01-05', '2026-01-18');
    expect(pieceFactor(type, weeks, fortnight, fortnight, fortnight.start)).toEqual(fromInteger(2));
  });

  it('is n for an average-month item even when the period is not a whole month from its start', () => {
    // Anchor Jan 31: the period [Feb 28, Mar 30] is one billing period, but from Feb 28 one month
    // ends on Mar 27, so the average-month formula would give 1 + 3·12/365.
    const c = cadenceOf('2026-01-31', 1, 'month');
    const period = span('2026-02-28', '2026-03-30');
    expect(billingPeriodAt(c, 1)).toEqual(period);
    expect(pieceFactor('recurring-prorated-avg', c, period, period, period.start)).toEqual(
      fromInteger(1),
    );
    expect(averageMonthFactor(period, 1)).toEqual(rational(401n, 365n));
  });
});

describe('pieceFactor: recurring (no proration)', () => {
  it('charges n to the piece that holds the first active day of the period', () => {
    const piece = span('2026-01-10', '2026-01-31');
    expect(pieceFactor('recurring', monthly, piece, january, piece.start)).toEqual(fromInteger(1));
    // the window ends mid-period: the piece still holds the first day
    const early = span('2026-01-01', '2026-01-15');
    expect(pieceFactor('recurring', monthly, early, january, january.start)).toEqual(
      fromInteger(1),
    );
    const quarterly = cadenceOf('2026-01-01', 3, 'month');
    const q1 = span('2026-01-01', '2026-03-31');
    const tail = span('2026-02-01', '2026-03-31');
    expect(pieceFactor('recurring', quarterly, tail, q1, tail.start)).toEqual(fromInteger(3));
  });

  it('charges nothing to a piece after the first active day', () => {
    const piece = span('2026-01-20', '2026-01-31');
    expect(pieceFactor('recurring', monthly, piece, january, toEpochDay('2026-01-10'))).toEqual(
      ZERO,
    );
    expect(pieceFactor('recurring', monthly, piece, january, january.start)).toEqual(ZERO);
  });
});

describe('pieceFactor: recurring-prorated (actual days of the period)', () => {
  it.each([
    ['2026-01-01', '2026-01-01', 1n, 31n],
    ['2026-01-15', '2026-01-31', 17n, 31n],
    ['2026-01-01', '2026-01-30', 30n, 31n],
  ])('prorates %s..%s of January as %i/%i', (start, end, num, den) => {
    expect(
      pieceFactor('recurring-prorated', monthly, span(start, end), january, january.start),
    ).toEqual(rational(num, den));
  });

  it('prorates 1 day of a 30-day month: 15.15 gives exactly 0.505, written 0.51', () => {
    const april = span('2026-04-01', '2026-04-30');
    const factor = pieceFactor(
      'recurring-prorated',
      monthly,
      span('2026-04-30', '2026-04-30'),
      april,
      april.start,
    );
    expect(factor).toEqual(rational(1n, 30n));
    const amount = mul(toRational('15.15'), factor);
    expect(amount).toEqual(toRational('0.505'));
    expect(formatFixed(amount, 2)).toBe('0.51');
  });

  it('uses the actual days of a leap February', () => {
    const c = cadenceOf('2028-01-01', 1, 'month');
    const feb = span('2028-02-01', '2028-02-29');
    expect(
      pieceFactor('recurring-prorated', c, span('2028-02-20', '2028-02-29'), feb, feb.start),
    ).toEqual(rational(10n, 29n));
  });

  it('gives n·days(p)/days(P) in billing units for a quarter', () => {
    const c = cadenceOf('2026-01-01', 3, 'month');
    const q1 = span('2026-01-01', '2026-03-31'); // 90 days
    const tail = span('2026-02-01', '2026-03-31'); // 59 days
    expect(pieceFactor('recurring-prorated', c, tail, q1, q1.start)).toEqual(rational(59n, 30n));
  });

  it('prorates day and week units by days', () => {
    const weeks = cadenceOf('2026-01-05', 2, 'week');
    const fortnight = span('2026-01-05', '2026-01-18');
    expect(
      pieceFactor(
        'recurring-prorated',
        weeks,
        span('2026-01-05', '2026-01-07'),
        fortnight,
        fortnight.start,
      ),
    ).toEqual(rational(3n, 7n));
    const days = cadenceOf('2026-01-01', 10, 'day');
    const tenDays = span('2026-01-01', '2026-01-10');
    expect(
      pieceFactor(
        'recurring-prorated',
        days,
        span('2026-01-07', '2026-01-10'),
        tenDays,
        tenDays.start,
      ),
    ).toEqual(fromInteger(4));
  });
});

describe('pieceFactor: recurring-prorated-avg', () => {
  it('counts days of a month piece as 12/365 of a month', () => {
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        monthly,
        span('2026-01-15', '2026-01-31'),
        january,
        january.start,
      ),
    ).toEqual(rational(204n, 365n));
    // a 30-day month and a 31-day month give the same factor for the same number of days
    const april = span('2026-04-01', '2026-04-30');
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        monthly,
        span('2026-04-15', '2026-04-30'),
        april,
        april.start,
      ),
    ).toEqual(rational(192n, 365n));
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        monthly,
        span('2026-01-16', '2026-01-31'),
        january,
        january.start,
      ),
    ).toEqual(rational(192n, 365n));
  });

  it('counts whole months first in a quarter', () => {
    const c = cadenceOf('2026-01-01', 3, 'month');
    const q1 = span('2026-01-01', '2026-03-31');
    expect(
      pieceFactor('recurring-prorated-avg', c, span('2026-02-01', '2026-03-31'), q1, q1.start),
    ).toEqual(fromInteger(2));
    expect(
      pieceFactor('recurring-prorated-avg', c, span('2026-02-01', '2026-03-03'), q1, q1.start),
    ).toEqual(rational(401n, 365n));
  });

  it('never lets a part of a clamped period be worth more than the whole period (n)', () => {
    // Anchor Jan 31: the period [Feb 28, Mar 30] is worth 1. A piece [Feb 28, Mar 29] of it, cut by
    // an end date, counts one month from Feb 28 (to Mar 27) plus 2 days: 1 + 24/365 by the formula,
    // capped at n = 1 (billing.md section 5).
    const c = cadenceOf('2026-01-31', 1, 'month');
    const period = span('2026-02-28', '2026-03-30');
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        c,
        span('2026-02-28', '2026-03-29'),
        period,
        period.start,
      ),
    ).toEqual(rational(1n));
    // Feb 28..Mar 26 is no whole month from Feb 28, only 27 days: 324/365, below the cap.
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        c,
        span('2026-02-28', '2026-03-26'),
        period,
        period.start,
      ),
    ).toEqual(rational(324n, 365n));
  });

  it('caps a quarterly part at 3 months, not 1', () => {
    // Anchor Jan 31, quarterly: period [Jan 31, Apr 29]. The piece [Feb 28, Apr 29] is 2 months
    // (Feb 28..Apr 27) and 2 days: 2 + 24/365, below n = 3, so it stands.
    const c = cadenceOf('2026-01-31', 3, 'month');
    const period = span('2026-01-31', '2026-04-29');
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        c,
        span('2026-02-28', '2026-04-29'),
        period,
        period.start,
      ),
    ).toEqual(rational(2n * 365n + 24n, 365n));
  });

  it('divides by 12 for a yearly item', () => {
    const c = cadenceOf('2026-01-01', 1, 'year');
    const year = span('2026-01-01', '2026-12-31');
    // m = 2 (Jan 1..Feb 28), r = 15 (Mar 1..Mar 15): (2 + 15·12/365)/12 = 910/4380
    expect(
      pieceFactor('recurring-prorated-avg', c, span('2026-01-01', '2026-03-15'), year, year.start),
    ).toEqual(rational(91n, 438n));
  });

  it('prorates day and week units by actual days', () => {
    const weeks = cadenceOf('2026-01-05', 2, 'week');
    const fortnight = span('2026-01-05', '2026-01-18');
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        weeks,
        span('2026-01-05', '2026-01-07'),
        fortnight,
        fortnight.start,
      ),
    ).toEqual(rational(3n, 7n));
    const days = cadenceOf('2026-01-01', 10, 'day');
    const tenDays = span('2026-01-01', '2026-01-10');
    expect(
      pieceFactor(
        'recurring-prorated-avg',
        days,
        span('2026-01-07', '2026-01-10'),
        tenDays,
        tenDays.start,
      ),
    ).toEqual(fromInteger(4));
  });
});

describe('averageMonthFactor: (m + r·12/365)/u', () => {
  it.each([
    ['2026-01-31', '2026-03-30', 1, 2n, 1n], // Jan 31 + 2 months - 1 day = Mar 30
    ['2026-01-31', '2026-02-27', 1, 1n, 1n], // Jan 31 + 1 month (Feb 28) - 1 day
    ['2026-01-31', '2026-02-28', 1, 377n, 365n], // one month and one day
    ['2026-02-01', '2026-02-28', 1, 1n, 1n],
    ['2026-01-01', '2026-01-01', 1, 12n, 365n],
    ['2026-02-01', '2026-03-03', 1, 401n, 365n], // m = 1, r = 3
    ['2026-06-01', '2026-06-30', 12, 1n, 12n],
    ['2026-01-01', '2026-12-31', 12, 1n, 1n],
    ['2028-02-29', '2028-03-28', 1, 1n, 1n],
  ])('%s..%s with u = %i is %i/%i', (start, end, u, num, den) => {
    expect(averageMonthFactor(span(start, end), u)).toEqual(rational(num, den));
  });

  const EPOCH = new UTCDate(1970, 0, 1);
  it('is m for a piece of m whole months (date-fns oracle) and grows by 12/365 a day', () => {
    fc.assert(
      fc.property(
        fc.integer({min: epochDayFromCivil(1900, 1, 1), max: epochDayFromCivil(2200, 12, 31)}),
        fc.integer({min: 1, max: 60}),
        fc.integer({min: 0, max: 27}),
        (start, months, extra) => {
          const monthsEnd =
            differenceInCalendarDays(addMonthsFns(addDaysFns(EPOCH, start), months), EPOCH) - 1;
          expect(averageMonthFactor({start, end: monthsEnd}, 1)).toEqual(fromInteger(months));
          expect(averageMonthFactor({start, end: monthsEnd}, 12)).toEqual(
            rational(BigInt(months), 12n),
          );
          // `extra` days past m whole months are fewer than a month, so m stays
          expect(averageMonthFactor({start, end: monthsEnd + extra}, 1)).toEqual(
            rational(BigInt(365 * months + 12 * extra), 365n),
          );
        },
      ),
      {numRuns: 1000},
    );
  });
});

const cadenceArb = fc
  .record({
    anchor: fc.integer({min: epochDayFromCivil(1900, 1, 1), max: epochDayFromCivil(2200, 12, 31)}),
    count: fc.integer({min: 1, max: 12}),
    unit: fc.constantFrom('day', 'week', 'month', 'year') as fc.Arbitrary<BillingPeriod['unit']>,
  })
  .map(({anchor, count, unit}) => cadence(anchor, {count, unit}));

/** A billing period of a random cadence, split at random days into consecutive pieces. */
const splitArb = cadenceArb.chain((c) =>
  fc.integer({min: -50, max: 50}).chain((k) => {
    const period = billingPeriodAt(c, k);
    const length = period.end - period.start + 1;
    return fc
      .uniqueArray(fc.integer({min: 1, max: Math.max(1, length - 1)}), {maxLength: 8})
      .map((cuts) => {
        const starts = [0, ...cuts.filter((cut) => cut < length).sort((a, b) => a - b)];
        const pieces: Span[] = starts.map((offset, i) => ({
          start: period.start + offset,
          end: period.start + (starts[i + 1] ?? length) - 1,
        }));
        return {c, period, pieces};
      });
  }),
);

describe('properties of a split billing period', () => {
  it('recurring-prorated: the factors of the pieces sum exactly to n', () => {
    fc.assert(
      fc.property(splitArb, ({c, period, pieces}) => {
        const factors: Rational[] = pieces.map((piece) =>
          pieceFactor('recurring-prorated', c, piece, period, period.start),
        );
        expect(sum(factors)).toEqual(fromInteger(c.count));
      }),
      {numRuns: 2000},
    );
  });

  it('recurring: exactly the first piece carries n, the others 0', () => {
    fc.assert(
      fc.property(splitArb, ({c, period, pieces}) => {
        const factors = pieces.map((piece) =>
          pieceFactor('recurring', c, piece, period, period.start),
        );
        expect(factors[0]).toEqual(fromInteger(c.count));
        for (const factor of factors.slice(1)) expect(factor).toEqual(ZERO);
      }),
      {numRuns: 500},
    );
  });

  it('recurring-prorated-avg: day and week pieces sum to n; month pieces are never negative', () => {
    fc.assert(
      fc.property(splitArb, ({c, period, pieces}) => {
        const factors = pieces.map((piece) =>
          pieceFactor('recurring-prorated-avg', c, piece, period, period.start),
        );
        if (c.unit === 'day' || c.unit === 'week') {
          expect(sum(factors)).toEqual(fromInteger(c.count));
        }
        for (const factor of factors) expect(factor.num >= 0n).toBe(true);
      }),
      {numRuns: 500},
    );
  });
});
