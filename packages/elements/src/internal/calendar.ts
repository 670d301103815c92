/**
 * Calendar dates as the form checks them (`YYYY-MM-DD`, the engine's format): what a date field may
 * hold, and how long a period is. Counted in UTC days, so no time zone moves a day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY = 86_400_000;

/** Day `day` of month `month` (0-based, may run past 11) of `year`, as a UTC day number. */
function utcDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 as written.
  date.setUTCFullYear(year, month, day);
  return Math.round(date.getTime() / DAY);
}

/** The UTC day number of a date the engine accepts (four-digit year, a day that exists). */
export function dayNumber(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return undefined;
  // Day 0 of the next month is the last day of this one.
  if (day > utcDay(year, month, 0) - utcDay(year, month - 1, 0)) return undefined;
  return utcDay(year, month - 1, day);
}

/** The number of days from `start` to `end`, both included; undefined unless both are dates. */
export function daysIn(start: string, end: string): number | undefined {
  const from = dayNumber(start);
  const to = dayNumber(end);
  return from === undefined || to === undefined ? undefined : to - from + 1;
}

/**
 * Whether the period `start..end` is longer than `months` calendar months: whether it reaches the
 * same day `months` months after its start (that month's last day when it is shorter).
 */
export function longerThanMonths(start: string, end: string, months: number): boolean {
  const from = ISO_DATE.exec(start);
  const to = dayNumber(end);
  if (dayNumber(start) === undefined || from === null || to === undefined) return false;
  const year = Number(from[1]);
  const month = Number(from[2]) - 1 + months;
  const lastDay = utcDay(year, month + 1, 0) - utcDay(year, month, 0);
  return to >= utcDay(year, month, Math.min(Number(from[3]), lastDay));
}
