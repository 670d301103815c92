import {describe, it, expect} from 'vitest';
import fc from 'fast-check';
import {UTCDate} from '@date-fns/utc';
import {
  addDays,
  addMonths as addMonthsFns,
  addWeeks,
  format,
  startOfMonth,
  startOfWeek as startOfWeekFns,
} from 'date-fns';
import {
  daysInMonth,
  epochDayFromCivil,
  isoWeekday,
  parseIsoDate,
  toEpochDay,
  toIsoDate,
} from '../primitives/dates.js';
import {
  firingPeriod,
  firingTimes,
  localFiringTime,
  parseFiringTime,
  SHIFT_DAYS_LIMIT,
  scheduleSchema,
  scheduledInvoiceDate,
} from './schedule.js';
import type {Schedule, ScheduleInput} from './schedule.js';

type Rules = Pick<Schedule, 'interval' | 'alignment' | 'shiftDays' | 'startOfWeek'>;

function rules(
  interval: string,
  alignment: Rules['alignment'] = 'previous',
  more: Partial<Rules> = {},
): Rules {
  return {interval, alignment, shiftDays: 0, startOfWeek: 1, ...more};
}

function period(rule: Rules, fired: string): string {
  const {periodStart, periodEnd} = firingPeriod(rule, fired);
  return `${periodStart} .. ${periodEnd}`;
}

/** Issues of a refused input as `path: message`, or [] when it parses. */
function issuesOf(input: unknown): {path: PropertyKey[]; message: string}[] {
  const result = scheduleSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map(({path, message}) => ({path, message}));
}

const MIN_DAY = epochDayFromCivil(1900, 1, 1);
const MAX_DAY = epochDayFromCivil(2200, 12, 31);
const anyDay = fc.integer({min: MIN_DAY, max: MAX_DAY});
/** Month index (year * 12 + month - 1) of a month in 1900..2198. */
const anyMonthIndex = fc.integer({min: 1900 * 12, max: 2198 * 12});

function monthFromIndex(index: number): {year: number; month: number} {
  const year = Math.floor(index / 12);
  return {year, month: index - year * 12 + 1};
}

// ---------------------------------------------------------------------------------------------

describe('firingPeriod: units d, w, m (spec table)', () => {
  const table: [string, string, Rules['alignment'], string][] = [
    ['2026-03-05', '1m', 'previous', '2026-02-01 .. 2026-02-28'],
    ['2026-03-05', '1m', 'current', '2026-03-01 .. 2026-03-31'],
    ['2026-03-05', '1m', 'next', '2026-04-01 .. 2026-04-30'],
    ['2026-03-05', '-3m', 'current', '2026-01-01 .. 2026-03-31'],
    ['2026-03-05', '3m', 'next', '2026-04-01 .. 2026-06-30'],
    ['2026-03-05', '1w', 'previous', '2026-02-23 .. 2026-03-01'],
    ['2026-03-05', '3m', 'previous', '2025-12-01 .. 2026-02-28'],
    ['2026-03-05', '7d', 'previous', '2026-02-26 .. 2026-03-04'],
    ['2026-03-05', '-7d', 'current', '2026-02-27 .. 2026-03-05'],
  ];
  it.each(table)('fired %s, %s %s: %s', (fired, interval, alignment, expected) => {
    expect(period(rules(interval, alignment, {startOfWeek: 1}), fired)).toBe(expected);
  });
});

describe('firingPeriod: day ranges (spec table)', () => {
  const table: [string, string, string][] = [
    ['2026-03-20', '16-15', '2026-02-16 .. 2026-03-15'],
    ['2026-03-10', '16-15', '2026-01-16 .. 2026-02-15'],
    ['2026-03-20', '1-15', '2026-03-01 .. 2026-03-15'],
    ['2026-03-05', '10-31', '2026-02-10 .. 2026-02-28'],
    ['2026-03-30', '30-29', '2026-03-01 .. 2026-03-29'],
    ['2026-02-28', '29-28', '2025-12-29 .. 2026-01-28'],
  ];
  it.each(table)('fired %s, %s: %s', (fired, interval, expected) => {
    expect(period(rules(interval), fired)).toBe(expected);
  });

  it('ignores the alignment and startOfWeek', () => {
    for (const alignment of ['previous', 'current', 'next'] as const) {
      expect(period(rules('16-15', alignment, {startOfWeek: 4}), '2026-03-20')).toBe(
        '2026-02-16 .. 2026-03-15',
      );
    }
  });
});

describe('firingPeriod: month ends', () => {
  it.each([
    ['2026-03-31', '1m', 'previous', '2026-02-01 .. 2026-02-28'],
    ['2026-01-31', '1m', 'next', '2026-02-01 .. 2026-02-28'],
    ['2026-01-31', '2m', 'current', '2026-01-01 .. 2026-02-28'],
    ['2026-03-31', '-2m', 'current', '2026-02-01 .. 2026-03-31'],
    ['2026-05-31', '1m', 'previous', '2026-04-01 .. 2026-04-30'],
  ] as const)('fired %s, %s %s: %s', (fired, interval, alignment, expected) => {
    expect(period(rules(interval, alignment), fired)).toBe(expected);
  });

  it.each([
    // 1-31 is the whole month of D (not the x = y + 1 form).
    ['2026-02-10', '1-31', '2026-02-01 .. 2026-02-28'],
    ['2026-04-30', '1-31', '2026-04-01 .. 2026-04-30'],
    ['2026-04-15', '10-31', '2026-04-10 .. 2026-04-30'],
    // 31-30 repeats monthly: it tiles through February and 30-day months.
    ['2026-03-30', '31-30', '2026-01-31 .. 2026-02-28'], // 30 < 31 as written: one month back
    ['2026-03-31', '31-30', '2026-03-01 .. 2026-03-30'], // day after Feb 28, not the clamped Feb 28
    ['2026-05-01', '31-30', '2026-03-31 .. 2026-04-30'],
    ['2026-05-31', '31-30', '2026-05-01 .. 2026-05-30'], // April has no 31st
    // x > y but not x = y + 1: plain clamping, which may overlap the previous period.
    ['2026-03-31', '31-15', '2026-02-28 .. 2026-03-15'],
    ['2026-03-30', '30-10', '2026-02-28 .. 2026-03-10'],
    ['2026-03-31', '31-29', '2026-02-28 .. 2026-03-29'],
    ['2026-03-01', '31-29', '2026-01-31 .. 2026-02-28'],
    // x <= y with both days clamped.
    ['2026-03-05', '30-31', '2026-02-28 .. 2026-02-28'],
    ['2026-03-30', '30-31', '2026-03-30 .. 2026-03-31'],
    // D's day before x as written (28 < 29), although the 29th does not exist in February.
    ['2026-02-28', '29-31', '2026-01-29 .. 2026-01-31'],
  ])('fired %s, %s: %s', (fired, interval, expected) => {
    expect(period(rules(interval), fired)).toBe(expected);
  });
});

describe('firingPeriod: leap years', () => {
  it.each([
    ['2028-03-01', '1m', 'previous', '2028-02-01 .. 2028-02-29'],
    ['2028-02-29', '1m', 'current', '2028-02-01 .. 2028-02-29'],
    ['2028-01-31', '1m', 'next', '2028-02-01 .. 2028-02-29'],
    ['2028-03-03', '7d', 'previous', '2028-02-25 .. 2028-03-02'],
    ['2028-03-01', '1w', 'previous', '2028-02-21 .. 2028-02-27'], // a Wednesday
    ['2028-03-01', '1w', 'current', '2028-02-28 .. 2028-03-05'],
    ['2028-04-15', '-2m', 'current', '2028-03-01 .. 2028-04-30'],
    ['2028-05-10', '3m', 'previous', '2028-02-01 .. 2028-04-30'],
    ['2000-03-01', '1m', 'previous', '2000-02-01 .. 2000-02-29'], // divisible by 400
    ['2100-03-01', '1m', 'previous', '2100-02-01 .. 2100-02-28'], // divisible by 100 only
  ] as const)('fired %s, %s %s: %s', (fired, interval, alignment, expected) => {
    expect(period(rules(interval, alignment), fired)).toBe(expected);
  });

  it.each([
    ['2028-03-29', '29-28', '2028-02-29 .. 2028-03-28'],
    ['2028-02-29', '29-28', '2028-01-29 .. 2028-02-28'],
    ['2028-03-01', '29-28', '2028-01-29 .. 2028-02-28'],
    ['2028-03-01', '30-29', '2028-01-30 .. 2028-02-29'],
    ['2028-03-30', '30-29', '2028-03-01 .. 2028-03-29'],
    ['2028-03-01', '31-30', '2028-01-31 .. 2028-02-29'],
    ['2028-03-31', '31-30', '2028-03-01 .. 2028-03-30'],
    ['2028-03-05', '10-31', '2028-02-10 .. 2028-02-29'],
    ['2028-03-20', '16-15', '2028-02-16 .. 2028-03-15'],
    ['2029-03-01', '29-28', '2029-01-29 .. 2029-02-28'],
    ['2029-03-29', '29-28', '2029-03-01 .. 2029-03-28'],
  ])('fired %s, %s: %s', (fired, interval, expected) => {
    expect(period(rules(interval), fired)).toBe(expected);
  });
});

describe('firingPeriod: year boundaries', () => {
  it.each([
    ['2026-01-05', '1m', 'previous', '2025-12-01 .. 2025-12-31'],
    ['2026-11-15', '3m', 'next', '2026-12-01 .. 2027-02-28'],
    ['2026-02-10', '-3m', 'current', '2025-12-01 .. 2026-02-28'],
    ['2026-01-01', '12m', 'previous', '2025-01-01 .. 2025-12-31'],
    ['2026-12-31', '12m', 'next', '2027-01-01 .. 2027-12-31'],
    ['2026-01-01', '1w', 'current', '2025-12-29 .. 2026-01-04'],
    ['2026-01-03', '7d', 'previous', '2025-12-27 .. 2026-01-02'],
    ['2026-01-01', '1d', 'previous', '2025-12-31 .. 2025-12-31'],
    ['2025-12-31', '1d', 'next', '2026-01-01 .. 2026-01-01'],
  ] as const)('fired %s, %s %s: %s', (fired, interval, alignment, expected) => {
    expect(period(rules(interval, alignment), fired)).toBe(expected);
  });

  it.each([
    ['2026-01-10', '16-15', '2025-11-16 .. 2025-12-15'],
    ['2026-01-20', '16-15', '2025-12-16 .. 2026-01-15'],
    ['2026-01-05', '10-31', '2025-12-10 .. 2025-12-31'],
    ['2026-01-01', '31-30', '2025-12-01 .. 2025-12-30'],
  ])('fired %s, %s: %s', (fired, interval, expected) => {
    expect(period(rules(interval), fired)).toBe(expected);
  });
});

describe('firingPeriod: weeks', () => {
  it.each([
    // 2026-03-05 is a Thursday, 2026-03-01 a Sunday, 2026-02-28 a Saturday.
    ['2026-03-05', '1w', 'previous', 7, '2026-02-22 .. 2026-02-28'],
    ['2026-03-05', '1w', 'current', 7, '2026-03-01 .. 2026-03-07'],
    ['2026-03-05', '1w', 'next', 7, '2026-03-08 .. 2026-03-14'],
    ['2026-03-01', '1w', 'current', 7, '2026-03-01 .. 2026-03-07'],
    ['2026-03-01', '1w', 'current', 1, '2026-02-23 .. 2026-03-01'],
    ['2026-02-28', '1w', 'current', 7, '2026-02-22 .. 2026-02-28'],
    ['2026-03-05', '1w', 'current', 4, '2026-03-05 .. 2026-03-11'],
    ['2026-03-05', '1w', 'previous', 4, '2026-02-26 .. 2026-03-04'],
    ['2026-03-05', '1w', 'current', 5, '2026-02-27 .. 2026-03-05'],
    ['2026-03-05', '2w', 'next', 6, '2026-03-07 .. 2026-03-20'],
    ['2026-03-05', '2w', 'current', 1, '2026-03-02 .. 2026-03-15'],
    ['2026-03-05', '-2w', 'current', 1, '2026-02-23 .. 2026-03-08'],
    ['2026-03-05', '-2w', 'current', 7, '2026-02-22 .. 2026-03-07'],
  ] as const)(
    'fired %s, %s %s, startOfWeek %i: %s',
    (fired, interval, alignment, sow, expected) => {
      expect(period(rules(interval, alignment, {startOfWeek: sow}), fired)).toBe(expected);
    },
  );
});

describe('firingPeriod: shiftDays', () => {
  it.each([
    ['2026-03-01', -1, '1m', 'current', '2026-02-01 .. 2026-02-28'],
    ['2026-03-01', -1, '1m', 'previous', '2026-01-01 .. 2026-01-31'],
    ['2026-02-27', 5, '1m', 'previous', '2026-02-01 .. 2026-02-28'],
    ['2026-03-31', -31, '1m', 'previous', '2026-01-01 .. 2026-01-31'],
    ['2026-01-02', -3, '1m', 'current', '2025-12-01 .. 2025-12-31'],
    ['2026-03-05', 3, '1w', 'previous', '2026-02-23 .. 2026-03-01'], // D = Sunday 03-08
    ['2026-03-05', 4, '1w', 'previous', '2026-03-02 .. 2026-03-08'], // D = Monday 03-09
    ['2026-03-14', 2, '16-15', 'previous', '2026-02-16 .. 2026-03-15'],
    ['2026-03-14', 0, '16-15', 'previous', '2026-01-16 .. 2026-02-15'],
    ['2026-03-02', -2, '30-29', 'previous', '2025-12-30 .. 2026-01-29'], // D = Feb 28 < 30
    ['2026-03-03', -2, '30-29', 'previous', '2026-01-30 .. 2026-02-28'], // D = Mar 1
  ] as const)(
    'fired %s, shift %i, %s %s: %s',
    (fired, shiftDays, interval, alignment, expected) => {
      expect(period(rules(interval, alignment, {shiftDays}), fired)).toBe(expected);
    },
  );
});

describe('firingPeriod: the sign of N', () => {
  it('matters for current only', () => {
    const fired = '2026-03-05';
    expect(period(rules('-1m', 'current'), fired)).toBe(period(rules('1m', 'current'), fired));
    expect(period(rules('-3m', 'previous'), fired)).toBe(period(rules('3m', 'previous'), fired));
    expect(period(rules('-3m', 'next'), fired)).toBe(period(rules('3m', 'next'), fired));
    expect(period(rules('-2w', 'previous'), fired)).toBe('2026-02-16 .. 2026-03-01');
    expect(period(rules('-2w', 'next'), fired)).toBe('2026-03-09 .. 2026-03-22');
    expect(period(rules('-1d', 'current'), fired)).toBe('2026-03-05 .. 2026-03-05');
    expect(period(rules('3d', 'current'), fired)).toBe('2026-03-05 .. 2026-03-07');
    expect(period(rules('-12m', 'current'), fired)).toBe('2025-04-01 .. 2026-03-31');
  });
});

describe('firingPeriod: refusals', () => {
  it('throws on rules the schema refuses', () => {
    expect(() => firingPeriod(rules('2x'), '2026-03-05')).toThrow(RangeError);
    expect(() => firingPeriod(rules('0m'), '2026-03-05')).toThrow(RangeError);
    expect(() => firingPeriod(rules('0-15'), '2026-03-05')).toThrow(RangeError);
    expect(() => firingPeriod(rules('1w', 'previous', {startOfWeek: 0}), '2026-03-05')).toThrow(
      RangeError,
    );
    expect(() => firingPeriod(rules('1m'), '2026-02-30')).toThrow(RangeError);
  });
});

// date-fns (in UTC, so the host zone plays no part) as an independent oracle for units.
function oraclePeriod(
  fired: string,
  count: number,
  unit: 'd' | 'w' | 'm',
  alignment: Rules['alignment'],
  sow: number,
): string {
  const [y, m, d] = fired.split('-').map(Number) as [number, number, number];
  const date = new UTCDate(y, m - 1, d);
  const unitStart = (k: number): Date =>
    unit === 'd'
      ? addDays(date, k)
      : unit === 'w'
        ? addWeeks(startOfWeekFns(date, {weekStartsOn: (sow % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6}), k)
        : addMonthsFns(startOfMonth(date), k);
  const n = Math.abs(count);
  const [first, last] =
    alignment === 'previous'
      ? [-n, -1]
      : alignment === 'next'
        ? [1, n]
        : count > 0
          ? [0, n - 1]
          : [1 - n, 0];
  return `${format(unitStart(first), 'yyyy-MM-dd')} .. ${format(addDays(unitStart(last + 1), -1), 'yyyy-MM-dd')}`;
}

describe('firingPeriod: properties of units', () => {
  const unitCase = fc.record({
    day: anyDay,
    shiftDays: fc.integer({min: -400, max: 400}),
    count: fc.integer({min: -24, max: 24}).filter((n) => n !== 0),
    unit: fc.constantFrom('d' as const, 'w' as const, 'm' as const),
    alignment: fc.constantFrom('previous' as const, 'current' as const, 'next' as const),
    startOfWeek: fc.integer({min: 1, max: 7}),
  });

  it('agrees with date-fns', () => {
    fc.assert(
      fc.property(unitCase, ({day, shiftDays, count, unit, alignment, startOfWeek}) => {
        const rule = rules(`${count}${unit}`, alignment, {shiftDays, startOfWeek});
        const fired = toIsoDate(day);
        const d = toIsoDate(day + shiftDays);
        expect(period(rule, fired)).toBe(oraclePeriod(d, count, unit, alignment, startOfWeek));
      }),
      {numRuns: 2000},
    );
  });

  it('covers |N| whole units placed by the alignment around D', () => {
    fc.assert(
      fc.property(unitCase, ({day, shiftDays, count, unit, alignment, startOfWeek}) => {
        const rule = rules(`${count}${unit}`, alignment, {shiftDays, startOfWeek});
        const {periodStart, periodEnd} = firingPeriod(rule, toIsoDate(day));
        const start = toEpochDay(periodStart);
        const end = toEpochDay(periodEnd);
        const d = day + shiftDays;
        const n = Math.abs(count);
        expect(start).toBeLessThanOrEqual(end);
        if (unit === 'd') expect(end - start + 1).toBe(n);
        if (unit === 'w') {
          expect(end - start + 1).toBe(7 * n);
          expect(isoWeekday(start)).toBe(startOfWeek);
        }
        if (unit === 'm') {
          expect(periodStart.endsWith('-01')).toBe(true);
          expect(periodEnd.endsWith('-01')).toBe(false);
          expect(toIsoDate(end + 1).endsWith('-01')).toBe(true);
        }
        if (alignment === 'previous') expect(end).toBeLessThan(d);
        if (alignment === 'next') expect(start).toBeGreaterThan(d);
        if (alignment === 'current') {
          expect(start).toBeLessThanOrEqual(d);
          expect(end).toBeGreaterThanOrEqual(d);
        }
      }),
      {numRuns: 2000},
    );
  });

  it('fired once a month, 1m previous periods tile (whatever the day of month)', () => {
    fc.assert(
      fc.property(
        anyMonthIndex,
        fc.array(fc.integer({min: 1, max: 31}), {minLength: 2, maxLength: 36}),
        (firstMonth, days) => {
          const periods = days.map((dayOfMonth, i) => {
            const {year, month} = monthFromIndex(firstMonth + i);
            const fired = epochDayFromCivil(
              year,
              month,
              Math.min(dayOfMonth, daysInMonth(year, month)),
            );
            return firingPeriod(rules('1m'), toIsoDate(fired));
          });
          for (let i = 1; i < periods.length; i++) {
            const previous = periods[i - 1]!;
            const current = periods[i]!;
            expect(toEpochDay(current.periodStart)).toBe(toEpochDay(previous.periodEnd) + 1);
          }
        },
      ),
    );
  });

  it('fired once a month, 1m current and 1m next periods tile too', () => {
    fc.assert(
      fc.property(
        anyMonthIndex,
        fc.constantFrom('current' as const, 'next' as const),
        fc.array(fc.integer({min: 1, max: 31}), {minLength: 2, maxLength: 24}),
        (firstMonth, alignment, days) => {
          const periods = days.map((dayOfMonth, i) => {
            const {year, month} = monthFromIndex(firstMonth + i);
            const fired = epochDayFromCivil(
              year,
              month,
              Math.min(dayOfMonth, daysInMonth(year, month)),
            );
            return firingPeriod(rules('1m', alignment), toIsoDate(fired));
          });
          for (let i = 1; i < periods.length; i++) {
            expect(toEpochDay(periods[i]!.periodStart)).toBe(
              toEpochDay(periods[i - 1]!.periodEnd) + 1,
            );
          }
        },
      ),
    );
  });
});

describe('firingPeriod: properties of day ranges', () => {
  /** A monthly repeating range `x-(x-1)`, x in 2..31. */
  const tilingStart = fc.integer({min: 2, max: 31});

  function monthlyPeriods(
    x: number,
    firstMonth: number,
    dayOf: (year: number, month: number, i: number) => number,
  ) {
    return Array.from({length: 30}, (_, i) => {
      const {year, month} = monthFromIndex(firstMonth + i);
      const fired = epochDayFromCivil(year, month, dayOf(year, month, i));
      return firingPeriod(rules(`${x}-${x - 1}`), toIsoDate(fired));
    });
  }

  function expectTiling(periods: {periodStart: string; periodEnd: string}[]): void {
    for (let i = 1; i < periods.length; i++) {
      expect(toEpochDay(periods[i]!.periodStart)).toBe(toEpochDay(periods[i - 1]!.periodEnd) + 1);
    }
  }

  it('x = y + 1, fired once a month on a day >= x: periods tile', () => {
    // Every month has such a day only when x <= 28; for 29-28, 30-29 and 31-30 see below.
    fc.assert(
      fc.property(
        fc.integer({min: 2, max: 28}),
        anyMonthIndex,
        fc.array(fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}), {
          minLength: 30,
          maxLength: 30,
        }),
        (x, firstMonth, picks) => {
          const periods = monthlyPeriods(x, firstMonth, (year, month, i) => {
            const last = daysInMonth(year, month);
            return x + Math.floor(picks[i]! * (last - x + 1)); // x..last
          });
          expectTiling(periods);
          // Each period ends on day x - 1 of the firing's month.
          periods.forEach((p, i) => {
            const {year, month} = monthFromIndex(firstMonth + i);
            expect(p.periodEnd).toBe(toIsoDate(epochDayFromCivil(year, month, x - 1)));
          });
        },
      ),
    );
  });

  it('x = y + 1, fired once a month on a day < x (any x, 29-28, 30-29, 31-30 included): periods tile', () => {
    fc.assert(
      fc.property(
        tilingStart,
        anyMonthIndex,
        fc.array(fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}), {
          minLength: 30,
          maxLength: 30,
        }),
        (x, firstMonth, picks) => {
          const periods = monthlyPeriods(x, firstMonth, (year, month, i) => {
            const highest = Math.min(x - 1, daysInMonth(year, month));
            return 1 + Math.floor(picks[i]! * highest); // 1..min(x - 1, last)
          });
          expectTiling(periods);
        },
      ),
    );
  });

  it('x = y + 1: the period of each month starts the day after the previous month’s ends', () => {
    // Stepping month by month through the month the period ends in, for every tiling range.
    fc.assert(
      fc.property(tilingStart, anyMonthIndex, (x, firstMonth) => {
        // Fired on the 1st (always before x), the period ends in the month before.
        const periods = monthlyPeriods(x, firstMonth, () => 1);
        expectTiling(periods);
        for (const p of periods) {
          const length = toEpochDay(p.periodEnd) - toEpochDay(p.periodStart) + 1;
          expect(length).toBeGreaterThanOrEqual(28);
          expect(length).toBeLessThanOrEqual(31);
        }
      }),
    );
  });

  it('x = y + 1: firing the day after a period ends gives that period', () => {
    fc.assert(
      fc.property(tilingStart, anyDay, (x, day) => {
        const rule = rules(`${x}-${x - 1}`);
        const p = firingPeriod(rule, toIsoDate(day));
        expect(firingPeriod(rule, toIsoDate(toEpochDay(p.periodEnd) + 1))).toEqual(p);
      }),
    );
  });

  it('every day range gives a period of at most two months ending on or before D’s month end', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 31}),
        fc.integer({min: 1, max: 31}),
        anyDay,
        (x, y, day) => {
          const {periodStart, periodEnd} = firingPeriod(rules(`${x}-${y}`), toIsoDate(day));
          const start = toEpochDay(periodStart);
          const end = toEpochDay(periodEnd);
          expect(start).toBeLessThanOrEqual(end);
          expect(end - start + 1).toBeLessThanOrEqual(x <= y ? 31 : 62);
          const [dy, dm] = toIsoDate(day).split('-').map(Number) as [number, number];
          expect(end).toBeLessThanOrEqual(epochDayFromCivil(dy, dm, daysInMonth(dy, dm)));
        },
      ),
    );
  });

  it('documents that a cron on day x > 28 skips the period ending in February', () => {
    // "0 6 30 * *" with 30-29: no firing in February, and the firings on Jan 30 and Mar 30 give
    // the periods ending in January and March. The period ending in February (Jan 30 .. Feb 28)
    // is only made by a firing on Mar 1..29, so such a schedule should fire on a day <= 28.
    expect(period(rules('30-29'), '2026-01-30')).toBe('2025-12-30 .. 2026-01-29');
    expect(period(rules('30-29'), '2026-03-30')).toBe('2026-03-01 .. 2026-03-29');
    expect(period(rules('30-29'), '2026-03-01')).toBe('2026-01-30 .. 2026-02-28');
  });
});

// ---------------------------------------------------------------------------------------------

describe('scheduledInvoiceDate', () => {
  const february = {periodStart: '2026-02-01', periodEnd: '2026-02-28'};
  it.each([
    ['end+0', '2026-02-28'],
    ['end-0', '2026-02-28'],
    ['end+5', '2026-03-05'],
    ['end-28', '2026-01-31'],
    ['start+0', '2026-02-01'],
    ['start-3', '2026-01-29'],
    ['start+14', '2026-02-15'],
    ['end+400', '2027-04-04'],
  ])('%s: %s', (rule, expected) => {
    expect(scheduledInvoiceDate(rule, february)).toBe(expected);
  });

  it('handles leap days and year ends', () => {
    expect(
      scheduledInvoiceDate('end+1', {periodStart: '2028-02-01', periodEnd: '2028-02-28'}),
    ).toBe('2028-02-29');
    expect(
      scheduledInvoiceDate('end+1', {periodStart: '2026-12-01', periodEnd: '2026-12-31'}),
    ).toBe('2027-01-01');
  });

  it('gives no invoice date without a rule', () => {
    expect(scheduledInvoiceDate(null, february)).toBeNull();
    expect(scheduledInvoiceDate(undefined, february)).toBeNull();
  });

  it('throws on a rule the schema refuses', () => {
    for (const rule of ['end', 'mid+1', 'end+-1', 'END+1', 'end+1.5', 'end +1', '']) {
      expect(() => scheduledInvoiceDate(rule, february), rule).toThrow(RangeError);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseFiringTime', () => {
  it.each([
    ['2026-03-05T06:00', {date: '2026-03-05', time: '06:00'}],
    ['2026-03-05T06:00:00', {date: '2026-03-05', time: '06:00'}],
    ['2026-03-05T23:59:59', {date: '2026-03-05', time: '23:59:59'}],
    ['2026-03-05T00:00:07', {date: '2026-03-05', time: '00:00:07'}],
    ['2028-02-29T12:30', {date: '2028-02-29', time: '12:30'}],
  ])('%s', (at, expected) => {
    expect(parseFiringTime(at)).toEqual(expected);
  });

  it.each([
    '2026-02-29T06:00', // not a leap year
    '2026-02-30T06:00',
    '2026-13-01T06:00',
    '2026-03-05T24:00',
    '2026-03-05T23:60',
    '2026-03-05T06:00:60',
    '2026-03-05 06:00',
    '2026-03-05T6:00',
    '2026-3-5T06:00',
    '2026-03-05T06:00Z',
    '2026-03-05T06:00:00Z',
    '2026-03-05T06:00+01:00',
    '2026-03-05T06:00:00.000',
    '2026-03-05',
    '',
  ])('refuses %s', (at) => {
    expect(parseFiringTime(at)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('scheduleSchema', () => {
  it('parses the spec example', () => {
    const input: ScheduleInput = {
      id: 'monthly',
      name: 'Monthly billing',
      enabled: true,
      cron: '0 6 1 * *',
      interval: '1m',
      alignment: 'previous',
      shiftDays: 0,
      startOfWeek: 1,
      invoiceDate: 'end+0',
      subscriptionFilter: 'f1',
      transactionFilters: [],
      genericFilters: [],
    };
    const schedule: Schedule = scheduleSchema.parse(input);
    expect(schedule).toEqual({...input, maxCatchUp: 3});
  });

  it('fills the defaults, the name from the id', () => {
    expect(scheduleSchema.parse({id: 'weekly', cron: '0 6 * * 1'})).toEqual({
      id: 'weekly',
      name: 'weekly',
      enabled: true,
      cron: '0 6 * * 1',
      interval: '1m',
      alignment: 'previous',
      shiftDays: 0,
      startOfWeek: 1,
      invoiceDate: null,
      transactionFilters: [],
      genericFilters: [],
      maxCatchUp: 3,
    });
  });

  it('accepts every form the spec allows', () => {
    for (const interval of [
      '1m',
      '-3m',
      '3m',
      '7d',
      '-7d',
      '2w',
      '16-15',
      '1-31',
      '31-30',
      '1-1',
      '01-15',
      '12m',
    ]) {
      expect(issuesOf({id: 'a', cron: '0 6 1 * *', interval}), interval).toEqual([]);
    }
    for (const invoiceDate of ['end+0', 'end-0', 'start-3', 'start+14', 'end+365', null]) {
      expect(issuesOf({id: 'a', cron: '0 6 1 * *', invoiceDate}), String(invoiceDate)).toEqual([]);
    }
    for (const cron of [
      '0 6 1 * *',
      '*/15 * * * *',
      '0 6 L * *',
      '0 6 * * MON-FRI',
      '30 2 1,15 * *',
    ]) {
      expect(issuesOf({id: 'a', cron}), cron).toEqual([]);
    }
    for (const timeZone of ['Europe/Berlin', 'America/New_York', 'UTC', 'Pacific/Kiritimati']) {
      expect(issuesOf({id: 'a', cron: '0 6 1 * *', timeZone}), timeZone).toEqual([]);
    }
    expect(
      issuesOf({id: 'a', cron: '0 6 1 * *', startOfWeek: 7, maxCatchUp: 0, shiftDays: -5}),
    ).toEqual([]);
    // A year either way is the range of shiftDays (SHIFT_DAYS_LIMIT), both ends included.
    for (const shiftDays of [-SHIFT_DAYS_LIMIT, SHIFT_DAYS_LIMIT]) {
      expect(issuesOf({id: 'a', cron: '0 6 1 * *', shiftDays}), String(shiftDays)).toEqual([]);
    }
  });

  it('drops unknown keys', () => {
    expect(scheduleSchema.parse({id: 'a', cron: '0 6 1 * *', colour: 'red'})).not.toHaveProperty(
      'colour',
    );
  });

  it('refuses an interval with the reason', () => {
    expect(issuesOf({id: 'a', cron: '0 6 1 * *', interval: '2x'})).toEqual([
      {
        path: ['interval'],
        message:
          'interval "2x" is not N days/weeks/months ("1m", "-3m", "7d", "2w") or a day range ("16-15")',
      },
    ]);
    for (const interval of [
      '0m',
      '-0m',
      '1.5m',
      '1M',
      '1y',
      'm',
      '',
      ' 1m',
      '+1m',
      '--1m',
      '01m',
      '1-2-3',
    ]) {
      const issues = issuesOf({id: 'a', cron: '0 6 1 * *', interval});
      expect(issues, interval).toEqual([
        {path: ['interval'], message: expect.stringContaining(`interval "${interval}" is not`)},
      ]);
    }
    for (const interval of ['0-15', '16-32', '0-0', '32-1']) {
      expect(issuesOf({id: 'a', cron: '0 6 1 * *', interval}), interval).toEqual([
        {
          path: ['interval'],
          message: `interval "${interval}" is a day range, but its days must be between 1 and 31`,
        },
      ]);
    }
    expect(issuesOf({id: 'a', cron: '0 6 1 * *', interval: 3})).toEqual([
      {path: ['interval'], message: 'interval must be a string such as "1m" or "16-15", not 3'},
    ]);
  });

  it('refuses cron expressions that are not 5 valid fields', () => {
    const cronIssue = (cron: unknown, timeZone?: string) => {
      const issues = issuesOf({id: 'a', cron, ...(timeZone ? {timeZone} : {})});
      expect(issues.every((issue) => issue.path[0] === 'cron')).toBe(true);
      expect(issues).toHaveLength(1);
      return issues[0]!.message;
    };
    expect(cronIssue('0 0 6 1 * *')).toMatch(
      /^cron "0 0 6 1 \* \*" has 6 fields \(a seconds field is not supported\); a schedule's cron has exactly 5/,
    );
    expect(cronIssue('0 0 6 1 * * 2026')).toMatch(
      /has 7 fields \(seconds and year fields are not supported\)/,
    );
    expect(cronIssue('0 6 1 *')).toMatch(/has 4 fields/);
    expect(cronIssue('')).toMatch(/has 0 fields/);
    expect(cronIssue('@daily')).toMatch(/is a nickname; write it as 5 fields/);
    expect(cronIssue('61 6 1 * *')).toBe(
      'cron "61 6 1 * *" is not a valid cron expression: CronPattern: Invalid value for minute: 61',
    );
    expect(cronIssue('0 6 1 * XYZ')).toMatch(
      /^cron "0 6 1 \* XYZ" is not a valid cron expression: CronPattern: /,
    );
    expect(cronIssue('0 0 30 2 *')).toBe('cron "0 0 30 2 *" never fires: no date matches it');
    expect(cronIssue('0 0 30 2 *', 'Europe/Berlin')).toBe(
      'cron "0 0 30 2 *" never fires: no date matches it',
    );
    expect(cronIssue(undefined)).toBe(
      'cron is required: a 5-field cron expression such as "0 6 1 * *"',
    );
    expect(cronIssue(6)).toBe('cron must be a 5-field cron expression such as "0 6 1 * *", not 6');
  });

  it('refuses an unknown time zone once, on timeZone', () => {
    expect(issuesOf({id: 'a', cron: '0 6 1 * *', timeZone: 'Mars/Olympus_Mons'})).toEqual([
      {
        path: ['timeZone'],
        message:
          'timeZone "Mars/Olympus_Mons" is not an IANA time zone name (such as "Europe/Berlin")',
      },
    ]);
    expect(issuesOf({id: 'a', cron: '0 6 1 * *', timeZone: ''})).toEqual([
      {
        path: ['timeZone'],
        message: 'timeZone "" is not an IANA time zone name (such as "Europe/Berlin")',
      },
    ]);
  });

  it('refuses the other fields with the reason', () => {
    const base = {id: 'a', cron: '0 6 1 * *'};
    const cases: [Record<string, unknown>, string, string][] = [
      [{id: ''}, 'id', 'id must be a non-empty string'],
      [{id: undefined}, 'id', 'id must be a non-empty string, but it is missing'],
      [{id: 7}, 'id', 'id must be a non-empty string, not 7'],
      [{name: 7}, 'name', 'name must be a string, not 7'],
      [{enabled: 'yes'}, 'enabled', 'enabled must be true or false, not "yes"'],
      [{alignment: 'last'}, 'alignment', 'alignment "last" is not "previous", "current" or "next"'],
      [
        {shiftDays: 0.5},
        'shiftDays',
        'shiftDays must be a whole number of days from -365 to 365, not 0.5',
      ],
      [
        {shiftDays: '1'},
        'shiftDays',
        'shiftDays must be a whole number of days from -365 to 365, not "1"',
      ],
      [
        {shiftDays: -5000},
        'shiftDays',
        'shiftDays must be a whole number of days from -365 to 365, not -5000',
      ],
      [
        {shiftDays: 366},
        'shiftDays',
        'shiftDays must be a whole number of days from -365 to 365, not 366',
      ],
      [
        {startOfWeek: 0},
        'startOfWeek',
        'startOfWeek must be a whole number from 1 (Monday) to 7 (Sunday)',
      ],
      [
        {startOfWeek: 8},
        'startOfWeek',
        'startOfWeek must be a whole number from 1 (Monday) to 7 (Sunday)',
      ],
      [
        {startOfWeek: 1.5},
        'startOfWeek',
        'startOfWeek must be a whole number from 1 (Monday) to 7 (Sunday), not 1.5',
      ],
      [
        {invoiceDate: 'end'},
        'invoiceDate',
        'invoiceDate "end" is not start or end plus or minus N days ("end+0", "start-3", "end+14") or null',
      ],
      [
        {invoiceDate: 'end+-1'},
        'invoiceDate',
        'invoiceDate "end+-1" is not start or end plus or minus N days ("end+0", "start-3", "end+14") or null',
      ],
      [
        {invoiceDate: 'mid+1'},
        'invoiceDate',
        'invoiceDate "mid+1" is not start or end plus or minus N days ("end+0", "start-3", "end+14") or null',
      ],
      [
        {invoiceDate: 0},
        'invoiceDate',
        'invoiceDate must be a rule such as "end+0" or "start-3", or null, not 0',
      ],
      [
        {subscriptionFilter: ['f1']},
        'subscriptionFilter',
        'subscriptionFilter must be a filter name, not ["f1"]',
      ],
      [
        {transactionFilters: 'f1'},
        'transactionFilters',
        'transactionFilters must be a list of filter names, not "f1"',
      ],
      [
        {genericFilters: [1]},
        'genericFilters',
        'genericFilters entries must be filter names (strings), not 1',
      ],
      [{maxCatchUp: -1}, 'maxCatchUp', 'maxCatchUp must be a whole number of firings, 0 or more'],
      [
        {maxCatchUp: 1.5},
        'maxCatchUp',
        'maxCatchUp must be a whole number of firings, 0 or more, not 1.5',
      ],
    ];
    for (const [patch, field, message] of cases) {
      const issues = issuesOf({...base, ...patch});
      expect(issues, JSON.stringify(patch)).toHaveLength(1);
      expect(issues[0]!.path[0], JSON.stringify(patch)).toBe(field);
      expect(issues[0]!.message, JSON.stringify(patch)).toBe(message);
    }
  });

  it('reports every refused field at once', () => {
    const issues = issuesOf({id: '', cron: 'bad', interval: '2x', maxCatchUp: -1});
    expect(issues.map((issue) => issue.path[0]).sort()).toEqual([
      'cron',
      'id',
      'interval',
      'maxCatchUp',
    ]);
  });

  it('names the field and the reason in every refusal, whatever the input', () => {
    const fields = [
      'id',
      'name',
      'enabled',
      'cron',
      'timeZone',
      'interval',
      'alignment',
      'shiftDays',
      'startOfWeek',
      'invoiceDate',
      'subscriptionFilter',
      'transactionFilters',
      'genericFilters',
      'maxCatchUp',
    ];
    // Shallow junk: a field's kind is what the schema looks at, and deep values only cost time.
    const anything = fc.anything({maxDepth: 2, maxKeys: 3});
    const junk = fc.oneof(anything, fc.string(), fc.integer(), fc.array(anything, {maxLength: 3}));
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(fields.map((field) => [field, junk])), {requiredKeys: []}),
        (input) => {
          // One expect per input, not two per issue: vitest's expect costs more than the parse.
          const unnamed = issuesOf(input).filter(
            ({path, message}) =>
              !fields.includes(String(path[0])) || !message.startsWith(String(path[0])),
          );
          expect(unnamed).toEqual([]);
        },
      ),
      {numRuns: 500},
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('firingTimes and localFiringTime', () => {
  const at = (iso: string) => new Date(iso);
  const isoList = (dates: Date[]) => dates.map((date) => date.toISOString());

  it('fires in the schedule’s zone across the spring DST change (Europe/Berlin)', () => {
    const berlin = {cron: '0 6 1 * *', timeZone: 'Europe/Berlin'};
    const times = firingTimes(berlin, at('2026-01-15T00:00:00Z'), at('2026-06-15T00:00:00Z'), 10);
    expect(isoList(times)).toEqual([
      '2026-02-01T05:00:00.000Z',
      '2026-03-01T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z', // summer time since March 29
      '2026-05-01T04:00:00.000Z',
      '2026-06-01T04:00:00.000Z',
    ]);
    expect(times.map((time) => localFiringTime(berlin, time))).toEqual([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
      '2026-04-01T06:00',
      '2026-05-01T06:00',
      '2026-06-01T06:00',
    ]);
  });

  it('is strictly after `after`, at or before `until`, and at most `limit`', () => {
    const berlin = {cron: '0 6 1 * *', timeZone: 'Europe/Berlin'};
    expect(
      isoList(firingTimes(berlin, at('2026-02-01T05:00:00Z'), at('2026-03-01T05:00:00Z'), 10)),
    ).toEqual(['2026-03-01T05:00:00.000Z']);
    expect(
      isoList(firingTimes(berlin, at('2026-02-01T04:59:59.999Z'), at('2026-02-01T05:00:00Z'), 10)),
    ).toEqual(['2026-02-01T05:00:00.000Z']);
    expect(
      isoList(
        firingTimes(berlin, at('2026-02-01T05:00:00.001Z'), at('2026-03-01T04:59:59.999Z'), 10),
      ),
    ).toEqual([]);
    expect(
      isoList(firingTimes(berlin, at('2026-01-15T00:00:00Z'), at('2026-12-31T00:00:00Z'), 2)),
    ).toEqual(['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z']);
    expect(firingTimes(berlin, at('2026-01-15T00:00:00Z'), at('2026-12-31T00:00:00Z'), 0)).toEqual(
      [],
    );
    expect(firingTimes(berlin, at('2026-03-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 10)).toEqual(
      [],
    );
    // A cron that never fires gives no times rather than looping.
    expect(
      firingTimes({cron: '0 0 30 2 *'}, at('2026-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), 10),
    ).toEqual([]);
  });

  it('handles the America/New_York spring-forward gap: fixed times fire right after the gap', () => {
    const newYork = {cron: '30 2 * * *', timeZone: 'America/New_York'};
    const times = firingTimes(newYork, at('2026-03-07T12:00:00Z'), at('2026-03-10T12:00:00Z'), 10);
    expect(isoList(times)).toEqual([
      '2026-03-08T07:00:00.000Z', // 02:30 does not exist on March 8: 03:00 EDT
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
    expect(times.map((time) => localFiringTime(newYork, time))).toEqual([
      '2026-03-08T03:00',
      '2026-03-09T02:30',
      '2026-03-10T02:30',
    ]);
  });

  it('handles the America/New_York fall-back hour: a fixed time fires once', () => {
    const newYork = {cron: '30 1 * * *', timeZone: 'America/New_York'};
    const times = firingTimes(newYork, at('2026-10-31T12:00:00Z'), at('2026-11-02T12:00:00Z'), 10);
    expect(isoList(times)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    expect(times.map((time) => localFiringTime(newYork, time))).toEqual([
      '2026-11-01T01:30',
      '2026-11-02T01:30',
    ]);
  });

  it('fires an interval cron on both occurrences of a repeated hour (same wall-clock time)', () => {
    const newYork = {cron: '*/30 * * * *', timeZone: 'America/New_York'};
    const times = firingTimes(newYork, at('2026-11-01T04:50:00Z'), at('2026-11-01T06:40:00Z'), 10);
    expect(isoList(times)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
    // Distinct instants, equal local times: a firing must be identified by its instant.
    expect(times.map((time) => localFiringTime(newYork, time))).toEqual([
      '2026-11-01T01:00',
      '2026-11-01T01:30',
      '2026-11-01T01:00',
      '2026-11-01T01:30',
    ]);
  });

  it('takes the firing’s local date from the schedule’s zone, not UTC', () => {
    const kiritimati = {cron: '0 0 1 * *', timeZone: 'Pacific/Kiritimati'}; // UTC+14
    const [firing] = firingTimes(
      kiritimati,
      at('2026-02-15T00:00:00Z'),
      at('2026-03-15T00:00:00Z'),
      10,
    );
    expect(firing?.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    const local = parseFiringTime(localFiringTime(kiritimati, firing!));
    expect(local).toEqual({date: '2026-03-01', time: '00:00'});
    expect(firingPeriod(rules('1m'), local!.date)).toEqual({
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
    });

    const newYork = {timeZone: 'America/New_York'};
    expect(localFiringTime(newYork, at('2026-03-01T04:30:00Z'))).toBe('2026-02-28T23:30');
  });

  it('uses the host zone when the schedule has none', () => {
    // Built from local components, so this holds in every host zone.
    const times = firingTimes(
      {cron: '0 6 1 * *'},
      new Date(2026, 0, 15),
      new Date(2026, 2, 15),
      10,
    );
    expect(times.map((time) => time.getTime())).toEqual([
      new Date(2026, 1, 1, 6, 0).getTime(),
      new Date(2026, 2, 1, 6, 0).getTime(),
    ]);
    expect(times.map((time) => localFiringTime({}, time))).toEqual([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
    ]);
  });

  it('writes midnight as 00, pads years and adds only non-zero seconds', () => {
    const utc = {timeZone: 'UTC'};
    expect(localFiringTime(utc, at('2026-03-01T00:00:00Z'))).toBe('2026-03-01T00:00');
    expect(localFiringTime(utc, at('2026-03-01T00:00:42Z'))).toBe('2026-03-01T00:00:42');
    expect(localFiringTime(utc, at('0999-05-01T13:05:00Z'))).toBe('0999-05-01T13:05');
    const berlin = {timeZone: 'Europe/Berlin'};
    expect(localFiringTime(berlin, at('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59');
    expect(localFiringTime(berlin, at('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00');
  });

  it('reads back through parseFiringTime for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2150-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(
          'Europe/Berlin',
          'America/New_York',
          'Pacific/Kiritimati',
          'Asia/Kolkata',
          'UTC',
        ),
        (instant, timeZone) => {
          const text = localFiringTime({timeZone}, instant);
          const parsed = parseFiringTime(text);
          expect(parsed, text).toBeDefined();
          expect(parseIsoDate(parsed!.date)).toBeDefined();
        },
      ),
    );
  });

  it('throws on a cron the schema refuses', () => {
    expect(() =>
      firingTimes(
        {cron: '0 0 6 1 * *'},
        at('2026-01-01T00:00:00Z'),
        at('2026-02-01T00:00:00Z'),
        10,
      ),
    ).toThrow();
    expect(() =>
      firingTimes({cron: 'nonsense'}, at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'), 10),
    ).toThrow();
  });
});
