/**
 * Calendar dates without time or time zone.
 *
 * A date is written `YYYY-MM-DD` at every boundary and held as an *epoch day* (whole days since
 * 1970-01-01) inside the engine. The conversion is plain integer arithmetic on year, month and day
 * (Howard Hinnant's civil-from-days), so no `Date` object and therefore no host time zone can ever
 * shift a date. date-fns serves as an independent oracle for these functions in the tests.
 */

import {memo} from './memo.js';

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

/** Whole days since 1970-01-01. */
export type EpochDay = number;

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function epochDayFromCivil(year: number, month: number, day: number): EpochDay {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromEpochDay(epochDay: EpochDay): CivilDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

/** The epoch day of a `YYYY-MM-DD` string, or `undefined` when it is malformed or impossible. */
export function parseIsoDate(text: string): EpochDay | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return epochDayFromCivil(year, month, day);
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

/**
 * The epoch day of a date already validated at the boundary; throws on anything else. Remembered
 * in `memo` (a run converts the same dates over and over).
 */
export function toEpochDay(date: IsoDate): EpochDay {
  const known = memo.epochDays.get(date);
  if (known !== undefined) return known;
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return memo.epochDays.set(date, day);
}

/** The `YYYY-MM-DD` of an epoch day; remembered in `memo` like `toEpochDay`. */
export function toIsoDate(epochDay: EpochDay): IsoDate {
  const known = memo.isoDates.get(epochDay);
  if (known !== undefined) return known;
  const {year, month, day} = civilFromEpochDay(epochDay);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return memo.isoDates.set(epochDay, `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}

/**
 * The date `months` calendar months after `epochDay`, on day `dayOfMonth` (default: the same day
 * as `epochDay`) clamped to the last day of the target month. Callers that step from an anchor pass
 * the anchor's day, so Jan 31 + 1 month is Feb 28 and Jan 31 + 2 months is Mar 31 (no drift).
 */
export function addMonths(epochDay: EpochDay, months: number, dayOfMonth?: number): EpochDay {
  const start = civilFromEpochDay(epochDay);
  const monthIndex = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(dayOfMonth ?? start.day, daysInMonth(year, month));
  return epochDayFromCivil(year, month, day);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(epochDay: EpochDay): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** Inclusive day count of `[start, end]`. */
export function daysInclusive(start: EpochDay, end: EpochDay): number {
  return end - start + 1;
}

export function addDaysIso(date: IsoDate, days: number): IsoDate {
  return toIsoDate(toEpochDay(date) + days);
}
