import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {UTCDate} from '@date-fns/utc';
import {
  addDays as addDaysFns,
  addMonths as addMonthsFns,
  differenceInCalendarDays,
  format,
  getISODay,
} from 'date-fns';
import {
  addDaysIso,
  addMonths,
  civilFromEpochDay,
  daysInclusive,
  daysInMonth,
  epochDayFromCivil,
  isIsoDate,
  isLeapYear,
  isoWeekday,
  parseIsoDate,
  toEpochDay,
  toIsoDate,
} from './dates.js';

const EPOCH = new UTCDate(1970, 0, 1);
const FIRST_DAY = epochDayFromCivil(1900, 1, 1);
const LAST_DAY = epochDayFromCivil(2200, 12, 31);

/** Any epoch day of the years 1900..2200. */
const dayArb = fc.integer({min: FIRST_DAY, max: LAST_DAY});

/** The oracle's date for an epoch day, built by date-fns from 1970-01-01. */
function oracle(epochDay: number): UTCDate {
  return addDaysFns(EPOCH, epochDay);
}

function oracleIso(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

describe('epoch days', () => {
  it.each([
    [1970, 1, 1, 0],
    [1969, 12, 31, -1],
    [1970, 3, 1, 59],
    [2000, 1, 1, 10957],
    [2000, 3, 1, 11017],
    [2026, 1, 1, 20454],
    [1900, 3, 1, -25508],
  ])('%i-%i-%i is epoch day %i', (year, month, day, epochDay) => {
    expect(epochDayFromCivil(year, month, day)).toBe(epochDay);
    expect(civilFromEpochDay(epochDay)).toEqual({year, month, day});
  });

  it('agrees with date-fns for every day of 1900..2200', () => {
    fc.assert(
      fc.property(dayArb, (epochDay) => {
        const date = oracle(epochDay);
        const civil = civilFromEpochDay(epochDay);
        expect(civil).toEqual({
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
        });
        expect(epochDayFromCivil(civil.year, civil.month, civil.day)).toBe(epochDay);
        expect(
          differenceInCalendarDays(new UTCDate(civil.year, civil.month - 1, civil.day), EPOCH),
        ).toBe(epochDay);
        expect(toIsoDate(epochDay)).toBe(oracleIso(date));
      }),
      {numRuns: 2000},
    );
  });

  it('round-trips far outside the usual range', () => {
    fc.assert(
      fc.property(fc.integer({min: -800_000, max: 3_000_000}), (epochDay) => {
        const {year, month, day} = civilFromEpochDay(epochDay);
        expect(epochDayFromCivil(year, month, day)).toBe(epochDay);
      }),
    );
  });
});

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2028, true],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('%i is a leap year: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });
});

describe('parseIsoDate and toIsoDate', () => {
  it.each([
    ['1970-01-01', 0],
    ['2026-01-01', 20454],
    ['2028-02-29', epochDayFromCivil(2028, 2, 29)],
    ['2000-02-29', epochDayFromCivil(2000, 2, 29)],
    ['2026-12-31', 20454 + 364],
    ['1969-12-31', -1],
  ])('parses %j', (text, epochDay) => {
    expect(parseIsoDate(text)).toBe(epochDay);
    expect(isIsoDate(text)).toBe(true);
    expect(toEpochDay(text)).toBe(epochDay);
    expect(toIsoDate(epochDay)).toBe(text);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-06-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-1-01',
    '2026-01-1',
    '26-01-01',
    '02026-01-01',
    '2026/01/01',
    '2026-01-01T00:00',
    ' 2026-01-01',
    '2026-01-01 ',
    '',
    'yesterday',
  ])('rejects %j', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
    expect(isIsoDate(text)).toBe(false);
    expect(() => toEpochDay(text)).toThrow(RangeError);
  });

  it('accepts exactly the dates that exist, as date-fns sees them (1900..2200)', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1900, max: 2200}),
        fc.integer({min: 1, max: 12}),
        fc.integer({min: 1, max: 31}),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const date = new UTCDate(year, month - 1, day);
          const exists = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
          expect(isIsoDate(text)).toBe(exists);
          if (exists) {
            expect(parseIsoDate(text)).toBe(differenceInCalendarDays(date, EPOCH));
            expect(toIsoDate(toEpochDay(text))).toBe(text);
          }
        },
      ),
      {numRuns: 2000},
    );
  });

  it('pads years before 1000 to four digits', () => {
    expect(toIsoDate(epochDayFromCivil(999, 12, 31))).toBe('0999-12-31');
    expect(toIsoDate(epochDayFromCivil(45, 3, 7))).toBe('0045-03-07');
  });
});

describe('addMonths', () => {
  const day = (text: string): number => toEpochDay(text);

  it.each([
    ['2026-01-31', 1, undefined, '2026-02-28'],
    ['2028-01-31', 1, undefined, '2028-02-29'],
    ['2026-01-31', 2, undefined, '2026-03-31'],
    ['2026-01-31', 3, undefined, '2026-04-30'],
    ['2026-03-31', -1, undefined, '2026-02-28'],
    ['2026-12-15', 1, undefined, '2027-01-15'],
    ['2026-01-15', -1, undefined, '2025-12-15'],
    ['2026-01-15', -13, undefined, '2024-12-15'],
    ['2028-02-29', 12, undefined, '2029-02-28'],
    ['2028-02-29', 48, undefined, '2032-02-29'],
    ['2026-05-10', 0, undefined, '2026-05-10'],
    // the anchor's day, stepping from a clamped boundary
    ['2026-02-28', 1, 31, '2026-03-31'],
    ['2026-02-28', 2, 31, '2026-04-30'],
    ['2026-02-28', 0, 30, '2026-02-28'],
    ['2026-04-30', 10, 31, '2027-02-28'],
    ['2027-02-28', 12, 29, '2028-02-29'],
  ] as const)('%s + %i months (day %s) is %s', (start, months, dayOfMonth, expected) => {
    expect(toIsoDate(addMonths(day(start), months, dayOfMonth))).toBe(expected);
  });

  it('agrees with date-fns addMonths (clamped to the month end) over 1900..2200', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({min: -1200, max: 1200}), (epochDay, months) => {
        const expected = differenceInCalendarDays(addMonthsFns(oracle(epochDay), months), EPOCH);
        expect(addMonths(epochDay, months)).toBe(expected);
      }),
      {numRuns: 2000},
    );
  });

  it('never drifts: stepping from any earlier result with the anchor day gives the anchor step', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({min: -600, max: 600}),
        fc.integer({min: -600, max: 600}),
        (anchor, first, second) => {
          const anchorDay = civilFromEpochDay(anchor).day;
          const stepped = addMonths(addMonths(anchor, first, anchorDay), second, anchorDay);
          expect(stepped).toBe(addMonths(anchor, first + second, anchorDay));
          expect(stepped).toBe(
            differenceInCalendarDays(addMonthsFns(oracle(anchor), first + second), EPOCH),
          );
        },
      ),
      {numRuns: 1000},
    );
  });
});

describe('isoWeekday', () => {
  it.each([
    ['1970-01-01', 4],
    ['2026-01-01', 4],
    ['2026-01-05', 1],
    ['2026-01-04', 7],
    ['1969-12-29', 1],
    ['1969-12-28', 7],
    ['2000-01-01', 6],
  ])('%s is ISO weekday %i', (text, weekday) => {
    expect(isoWeekday(toEpochDay(text))).toBe(weekday);
  });

  it('agrees with date-fns getISODay over 1900..2200', () => {
    fc.assert(
      fc.property(dayArb, (epochDay) => {
        expect(isoWeekday(epochDay)).toBe(getISODay(oracle(epochDay)));
      }),
      {numRuns: 2000},
    );
  });
});

describe('day arithmetic', () => {
  it('counts inclusive days', () => {
    expect(daysInclusive(10, 10)).toBe(1);
    expect(daysInclusive(toEpochDay('2026-01-01'), toEpochDay('2026-12-31'))).toBe(365);
    expect(daysInclusive(toEpochDay('2028-01-01'), toEpochDay('2028-12-31'))).toBe(366);
    expect(daysInclusive(toEpochDay('2026-02-01'), toEpochDay('2026-02-28'))).toBe(28);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-02-20', 14, '2026-03-06'],
    ['2026-02-20', 0, '2026-02-20'],
    ['2026-12-31', 365, '2027-12-31'],
  ])('%s + %i days is %s', (start, days, expected) => {
    expect(addDaysIso(start, days)).toBe(expected);
  });

  it('refuses to add days to an impossible date', () => {
    expect(() => addDaysIso('2026-02-30', 1)).toThrow(RangeError);
  });

  it('agrees with date-fns addDays and differenceInCalendarDays over 1900..2200', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({min: -40_000, max: 40_000}), (epochDay, days) => {
        const start = toIsoDate(epochDay);
        expect(addDaysIso(start, days)).toBe(oracleIso(addDaysFns(oracle(epochDay), days)));
        const end = epochDay + Math.abs(days);
        expect(daysInclusive(epochDay, end)).toBe(
          differenceInCalendarDays(oracle(end), oracle(epochDay)) + 1,
        );
      }),
      {numRuns: 1000},
    );
  });
});
