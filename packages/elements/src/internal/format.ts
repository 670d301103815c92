/**
 * Dates and money through `Intl`. Calendar dates (`YYYY-MM-DD`) are formatted in UTC from
 * `Date.UTC`, so no time zone moves them to the day before; amounts are decimal strings formatted
 * exactly (no float) with the minor-unit digits the string has.
 */

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const moneyFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** A calendar date (`2026-01-31`) as the locale writes it; anything else is returned as it is. */
export function formatDate(date: string | null | undefined, locale: string): string {
  if (date === null || date === undefined || date === '') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return date;
  const [, year, month, day] = match;
  const format = cached(
    dateFormats,
    `d:${locale}`,
    () => new Intl.DateTimeFormat(locale, {timeZone: 'UTC', dateStyle: 'medium'}),
  );
  return format.format(Date.UTC(Number(year), Number(month) - 1, Number(day)));
}

/** An instant (ISO timestamp) as date and time in the page's time zone. */
export function formatTimestamp(timestamp: string | null | undefined, locale: string): string {
  if (timestamp === null || timestamp === undefined || timestamp === '') return '';
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return timestamp;
  const format = cached(
    dateFormats,
    `t:${locale}`,
    () => new Intl.DateTimeFormat(locale, {dateStyle: 'medium', timeStyle: 'short'}),
  );
  return format.format(time);
}

/**
 * A wall-clock time `YYYY-MM-DDTHH:MM` (a schedule's firing time, already local to its zone) as
 * the locale writes date and time; formatted in UTC, so the page's time zone does not move it.
 * Anything else is returned as it is.
 */
export function formatWallClock(at: string | null | undefined, locale: string): string {
  if (at === null || at === undefined || at === '') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(at);
  if (match === null) return at;
  const [, year, month, day, hours, minutes, seconds] = match;
  const format = cached(
    dateFormats,
    `w:${locale}`,
    () =>
      new Intl.DateTimeFormat(locale, {timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short'}),
  );
  return format.format(
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hours),
      Number(minutes),
      Number(seconds ?? 0),
    ),
  );
}

/** A time of day (`6:00 AM`, `06:00`) as the locale writes it. */
export function formatClockTime(hours: number, minutes: number, locale: string): string {
  const format = cached(
    dateFormats,
    `c:${locale}`,
    () => new Intl.DateTimeFormat(locale, {timeZone: 'UTC', timeStyle: 'short'}),
  );
  return format.format(Date.UTC(2000, 0, 1, hours, minutes));
}

/** The name of a day of the week, 1 = Monday ... 7 = Sunday, as the locale writes it. */
export function formatWeekday(isoDay: number, locale: string): string {
  const format = cached(
    dateFormats,
    `wd:${locale}`,
    () => new Intl.DateTimeFormat(locale, {timeZone: 'UTC', weekday: 'long'}),
  );
  // 2024-01-01 was a Monday.
  return format.format(Date.UTC(2024, 0, isoDay));
}

/** A period `start – end` as the locale writes a date range. */
export function formatPeriod(start: string, end: string, locale: string): string {
  return `${formatDate(start, locale)} – ${formatDate(end, locale)}`;
}

/** A decimal string in a currency, keeping exactly the fraction digits the string has. */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const digits = /\.(\d+)$/.exec(amount)?.[1]?.length ?? 0;
  let format: Intl.NumberFormat;
  try {
    format = cached(moneyFormats, `${locale}|${currency}|${digits}`, () => {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    });
  } catch {
    return `${amount} ${currency}`;
  }
  // Modern engines format a decimal string exactly (Intl.NumberFormat v3); no float on the way.
  return (format.format as unknown as (value: string) => string)(amount);
}

/** A whole number (counts) as the locale writes it. */
export function formatCount(value: number, locale: string): string {
  return cached(moneyFormats, `n:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** A duration in milliseconds: `850 ms`, `12.4 s`, `3 min 5 s`. */
export function formatDuration(milliseconds: number, locale: string): string {
  const unit = (value: number, name: string, fraction = 0) =>
    cached(
      moneyFormats,
      `u:${locale}|${name}|${fraction}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'unit',
          unit: name,
          unitDisplay: 'short',
          maximumFractionDigits: fraction,
        }),
    ).format(value);
  if (milliseconds < 1000) return unit(Math.max(0, Math.round(milliseconds)), 'millisecond');
  if (milliseconds < 60_000) return unit(milliseconds / 1000, 'second', 1);
  const minutes = Math.floor(milliseconds / 60_000);
  const seconds = Math.round((milliseconds % 60_000) / 1000);
  return `${unit(minutes, 'minute')} ${unit(seconds, 'second')}`;
}

/** The time between two ISO timestamps, or undefined while the second is missing. */
export function durationBetween(
  start: string | null | undefined,
  end: string | null | undefined,
): number | undefined {
  if (start === null || start === undefined || end === null || end === undefined) return undefined;
  const from = Date.parse(start);
  const to = Date.parse(end);
  if (Number.isNaN(from) || Number.isNaN(to)) return undefined;
  return Math.max(0, to - from);
}

/** A usable BCP 47 tag: the given one when `Intl` knows how to read it, else the browser's. */
export function usableLocale(tag: string | null | undefined): string {
  const fallback = globalThis.navigator?.language || 'en';
  if (tag === null || tag === undefined || tag.trim() === '') return fallback;
  // Asked at every render of every cell: each tag is looked at once.
  let usable = usableTags.get(tag);
  if (usable === undefined) {
    try {
      usable = Intl.getCanonicalLocales(tag.trim())[0] ?? null;
    } catch {
      usable = null;
    }
    usableTags.set(tag, usable);
  }
  return usable ?? fallback;
}

/** Each tag asked for, canonical, or `null` when it is no locale. */
const usableTags = new Map<string, string | null>();

/** A plain decimal string (a quantity, a factor) as the locale writes it, with all its digits. */
export function formatDecimal(value: string, locale: string): string {
  if (!/^-?\d+(?:\.\d+)?$/.test(value)) return value;
  const digits = /\.(\d+)$/.exec(value)?.[1]?.length ?? 0;
  const format = cached(
    moneyFormats,
    `dec:${locale}|${digits}`,
    () =>
      new Intl.NumberFormat(locale, {minimumFractionDigits: digits, maximumFractionDigits: digits}),
  );
  // Formatted from the string (Intl.NumberFormat v3): exact, no float on the way.
  return (format.format as unknown as (value: string) => string)(value);
}

/** A percentage written as a plain decimal (`"19"`, `"12.5"`) as the locale writes it: `19%`. */
export function formatPercent(value: string, locale: string): string {
  if (!/^-?\d+(?:\.\d+)?$/.test(value)) return `${value}%`;
  const digits = /\.(\d+)$/.exec(value)?.[1]?.length ?? 0;
  const format = cached(
    moneyFormats,
    `pct:${locale}|${digits}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  );
  // The unit `percent` writes the number as it is (no times 100), so the string stays exact.
  return (format.format as unknown as (value: string) => string)(value);
}

/**
 * A span of calendar days as the locale writes a range (`Jan 15 – 31, 2026`, `15.–31. Jan. 2026`),
 * one date when it is a single day; in UTC, so no time zone moves a day.
 */
export function formatDateRange(start: string, end: string, locale: string): string {
  const from = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const to = /^(\d{4})-(\d{2})-(\d{2})$/.exec(end);
  if (from === null || to === null) return `${start} – ${end}`;
  if (start === end) return formatDate(start, locale);
  const format = cached(
    dateFormats,
    `d:${locale}`,
    () => new Intl.DateTimeFormat(locale, {timeZone: 'UTC', dateStyle: 'medium'}),
  );
  const utc = (match: RegExpExecArray) =>
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return format.formatRange(utc(from), utc(to));
}

/**
 * A unit price in a currency: at least `minorDigits` (the currency's minor unit, as the invoice's
 * amounts have it: `45` is `€45.00`), and every digit it has beyond them (`0.0035` is `€0.0035`).
 * Exact, from the string.
 */
export function formatPrice(
  amount: string,
  currency: string,
  locale: string,
  minorDigits: number,
): string {
  const digits = Math.max(/\.(\d+)$/.exec(amount)?.[1]?.length ?? 0, minorDigits);
  let format: Intl.NumberFormat;
  try {
    format = cached(moneyFormats, `${locale}|${currency}|${digits}`, () => {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    });
  } catch {
    return `${amount} ${currency}`;
  }
  return (format.format as unknown as (value: string) => string)(amount);
}
