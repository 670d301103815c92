import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {UTCDate} from '@date-fns/utc';
import {addDays as addDaysFns, addMonths as addMonthsFns, differenceInCalendarDays} from 'date-fns';
import {epochDayFromCivil, toEpochDay, toIsoDate} from '../primitives/dates.js';
import {billingPeriodAt, boundary, cadence, periodHolding, periodIndexAt} from './periods.js';
import type {Cadence} from './periods.js';
import type {BillingPeriod} from '../records/schemas.js';

function cadenceOf(anchor: string, count: number, unit: BillingPeriod['unit']): Cadence {
  return cadence(toEpochDay(anchor), {count, unit});
}

function boundaries(c: Cadence, ks: readonly number[]): string[] {
  return ks.map((k) => toIsoDate(boundary(c, k)));
}

function periodOf(c: Cadence, k: number): [string, string] {
  const span = billingPeriodAt(c, k);
  return [toIsoDate(span.start), toIsoDate(span.end)];
}

describe('cadence', () => {
  it('keeps the anchor and its day of month', () => {
    expect(cadenceOf('2026-01-31', 3, 'month')).toEqual({
      anchor: toEpochDay('2026-01-31'),
      anchorDayOfMonth: 31,
      count: 3,
      unit: 'month',
    });
  });
});

describe('monthly boundaries', () => {
  it('computes every boundary from the anchor, never chained (Jan 31)', () => {
    const c = cadenceOf('2026-01-31', 1, 'month');
    expect(boundaries(c, [0, 1, 2, 3, 4, 5, 6, 13])).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2027-02-28',
    ]);
    expect(boundaries(c, [-1, -2, -3])).toEqual(['2025-12-31', '2025-11-30', '2025-10-31']);
  });

  it('gives Feb 29 in a leap year', () => {
    const c = cadenceOf('2028-01-31', 1, 'month');
    expect(boundaries(c, [1, 2, 13])).toEqual(['2028-02-29', '2028-03-31', '2029-02-28']);
  });

  it('keeps a Feb 29 anchor on the 29th', () => {
    const c = cadenceOf('2028-02-29', 1, 'month');
    expect(boundaries(c, [1, 2, 11, 12, 24, 48, -1])).toEqual([
      '2028-03-29',
      '2028-04-29',
      '2029-01-29',
      '2029-02-28',
      '2030-02-28',
      '2032-02-29',
      '2028-01-29',
    ]);
  });

  it('makes billing periods of the boundaries', () => {
    const c = cadenceOf('2026-01-31', 1, 'month');
    expect(periodOf(c, 0)).toEqual(['2026-01-31', '2026-02-27']);
    expect(periodOf(c, 1)).toEqual(['2026-02-28', '2026-03-30']);
    expect(periodOf(c, 2)).toEqual(['2026-03-31', '2026-04-29']);
    expect(periodOf(c, -1)).toEqual(['2025-12-31', '2026-01-30']);
    const first = cadenceOf('2026-01-01', 1, 'month');
    expect(periodOf(first, 1)).toEqual(['2026-02-01', '2026-02-28']);
  });
});

describe('quarterly and yearly boundaries', () => {
  it('steps a quarter at a time from the anchor (Aug 31)', () => {
    const c = cadenceOf('2025-08-31', 3, 'month');
    // A chained computation would give May 28 after Feb 28.
    expect(boundaries(c, [0, 1, 2, 3, 4, -1])).toEqual([
      '2025-08-31',
      '2025-11-30',
      '2026-02-28',
      '2026-05-31',
      '2026-08-31',
      '2025-05-31',
    ]);
    expect(periodOf(c, 1)).toEqual(['2025-11-30', '2026-02-27']);
  });

  it('steps a quarter from Nov 30', () => {
    const c = cadenceOf('2025-11-30', 3, 'month');
    expect(boundaries(c, [1, 2, 3, 4])).toEqual([
      '2026-02-28',
      '2026-05-30',
      '2026-08-30',
      '2026-11-30',
    ]);
  });

  it('steps whole years', () => {
    const c = cadenceOf('2026-03-15', 1, 'year');
    expect(boundaries(c, [-1, 0, 1, 2])).toEqual([
      '2025-03-15',
      '2026-03-15',
      '2027-03-15',
      '2028-03-15',
    ]);
    expect(boundaries(cadenceOf('2026-03-15', 2, 'year'), [1, -1])).toEqual([
      '2028-03-15',
      '2024-03-15',
    ]);
  });

  it('keeps a yearly Feb 29 anchor on the 29th in leap years only', () => {
    const c = cadenceOf('2028-02-29', 1, 'year');
    expect(boundaries(c, [-4, -1, 1, 2, 3, 4])).toEqual([
      '2024-02-29',
      '2027-02-28',
      '2029-02-28',
      '2030-02-28',
      '2031-02-28',
      '2032-02-29',
    ]);
    expect(periodOf(c, 0)).toEqual(['2028-02-29', '2029-02-27']);
    expect(periodOf(c, 3)).toEqual(['2031-02-28', '2032-02-28']);
  });
});

describe('day and week boundaries', () => {
  it('steps n days', () => {
    const c = cadenceOf('2026-01-01', 10, 'day');
    expect(boundaries(c, [-1, 0, 1, 2, 6])).toEqual([
      '2025-12-22',
      '2026-01-01',
      '2026-01-11',
      '2026-01-21',
      '2026-03-02',
    ]);
    expect(periodOf(c, 0)).toEqual(['2026-01-01', '2026-01-10']);
  });

  it('steps 7·n days', () => {
    const c = cadenceOf('2026-01-05', 2, 'week');
    expect(boundaries(c, [-1, 0, 1, 2])).toEqual([
      '2025-12-22',
      '2026-01-05',
      '2026-01-19',
      '2026-02-02',
    ]);
    expect(periodOf(cadenceOf('2026-01-05', 1, 'week'), 0)).toEqual(['2026-01-05', '2026-01-11']);
  });
});

describe('periodIndexAt and periodHolding', () => {
  it('finds the period of a day (monthly, Jan 31 anchor)', () => {
    const c = cadenceOf('2026-01-31', 1, 'month');
    const at = (text: string): number => periodIndexAt(c, toEpochDay(text));
    expect(at('2026-01-30')).toBe(-1);
    expect(at('2026-01-31')).toBe(0);
    expect(at('2026-02-27')).toBe(0);
    expect(at('2026-02-28')).toBe(1);
    expect(at('2026-03-30')).toBe(1);
    expect(at('2026-03-31')).toBe(2);
    expect(at('2025-12-31')).toBe(-1);
    expect(at('2025-12-30')).toBe(-2);
    const holding = periodHolding(c, toEpochDay('2026-02-15'));
    expect([toIsoDate(holding.start), toIsoDate(holding.end)]).toEqual([
      '2026-01-31',
      '2026-02-27',
    ]);
  });

  it('finds the period of a day for day units before the anchor', () => {
    const c = cadenceOf('2026-01-01', 10, 'day');
    const at = (text: string): number => periodIndexAt(c, toEpochDay(text));
    expect(at('2025-12-31')).toBe(-1);
    expect(at('2025-12-22')).toBe(-1);
    expect(at('2025-12-21')).toBe(-2);
    expect(at('2026-01-10')).toBe(0);
    expect(at('2026-01-11')).toBe(1);
  });

  it('finds the quarter of a day', () => {
    const c = cadenceOf('2025-08-31', 3, 'month');
    const at = (text: string): number => periodIndexAt(c, toEpochDay(text));
    expect(at('2025-11-29')).toBe(0);
    expect(at('2025-11-30')).toBe(1);
    expect(at('2026-02-27')).toBe(1);
    expect(at('2026-02-28')).toBe(2);
    expect(at('2025-08-30')).toBe(-1);
  });
});

const FIRST_DAY = epochDayFromCivil(1900, 1, 1);
const LAST_DAY = epochDayFromCivil(2200, 12, 31);
const EPOCH = new UTCDate(1970, 0, 1);

const cadenceArb = fc
  .record({
    anchor: fc.integer({min: FIRST_DAY, max: LAST_DAY}),
    count: fc.integer({min: 1, max: 24}),
    unit: fc.constantFrom('day', 'week', 'month', 'year') as fc.Arbitrary<BillingPeriod['unit']>,
  })
  .map(({anchor, count, unit}) => cadence(anchor, {count, unit}));

describe('properties over random anchors (1900..2200)', () => {
  it('B(k) <= day < B(k+1) for the k that periodIndexAt gives', () => {
    fc.assert(
      fc.property(cadenceArb, fc.integer({min: FIRST_DAY, max: LAST_DAY}), (c, day) => {
        const k = periodIndexAt(c, day);
        expect(boundary(c, k)).toBeLessThanOrEqual(day);
        expect(boundary(c, k + 1)).toBeGreaterThan(day);
        const span = periodHolding(c, day);
        expect(span.start).toBeLessThanOrEqual(day);
        expect(span.end).toBeGreaterThanOrEqual(day);
        expect(span).toEqual(billingPeriodAt(c, k));
      }),
      {numRuns: 2000},
    );
  });

  it('periodIndexAt(B(k)) is k, and periods tile the calendar', () => {
    fc.assert(
      fc.property(cadenceArb, fc.integer({min: -200, max: 200}), (c, k) => {
        expect(boundary(c, 0)).toBe(c.anchor);
        expect(periodIndexAt(c, boundary(c, k))).toBe(k);
        expect(periodIndexAt(c, boundary(c, k + 1) - 1)).toBe(k);
        expect(billingPeriodAt(c, k).end + 1).toBe(billingPeriodAt(c, k + 1).start);
        expect(boundary(c, k + 1)).toBeGreaterThan(boundary(c, k));
      }),
      {numRuns: 2000},
    );
  });

  it('agrees with date-fns stepping k·n months (or days) from the anchor', () => {
    fc.assert(
      fc.property(cadenceArb, fc.integer({min: -200, max: 200}), (c, k) => {
        const anchor = addDaysFns(EPOCH, c.anchor);
        const expected =
          c.unit === 'day'
            ? addDaysFns(anchor, k * c.count)
            : c.unit === 'week'
              ? addDaysFns(anchor, 7 * k * c.count)
              : addMonthsFns(anchor, k * c.count * (c.unit === 'year' ? 12 : 1));
        expect(boundary(c, k)).toBe(differenceInCalendarDays(expected, EPOCH));
      }),
      {numRuns: 2000},
    );
  });
});
