/** Quantities, prices and percentages of lines, as the page's language writes them, exactly. */
import {isPlainDecimal} from '../internal/decimal.js';

const formats = new Map<string, Intl.NumberFormat>();

function formatWith(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = formats.get(key);
  if (format === undefined) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

function digitsOf(value: string): number {
  return /\.(\d+)$/.exec(value)?.[1]?.length ?? 0;
}

/** A plain decimal (a quantity, a unit price, a factor) with every digit it has. */
export function formatQuantity(value: string, locale: string): string {
  if (!isPlainDecimal(value)) return value;
  const digits = digitsOf(value);
  const format = formatWith(
    `q:${locale}|${digits}`,
    () =>
      new Intl.NumberFormat(locale, {minimumFractionDigits: digits, maximumFractionDigits: digits}),
  );
  // Formatted from the string (Intl.NumberFormat v3): exact, no float on the way.
  return (format.format as unknown as (value: string) => string)(value);
}

/** A percentage written as a plain decimal (`"19"`, `"12.5"`): `19%`. */
export function formatPercent(value: string, locale: string): string {
  if (!isPlainDecimal(value)) return `${value}%`;
  const digits = digitsOf(value);
  const format = formatWith(
    `p:${locale}|${digits}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  );
  return (format.format as unknown as (value: string) => string)(value);
}

/**
 * A plain decimal as a clerk edits it: the language's decimal sign, no grouping (`1234,5` in
 * German), so what the field shows is what it reads back.
 */
export function editableDecimal(value: string, locale: string): string {
  const format = formatWith(
    `e:${locale}|${digitsOf(value)}`,
    () =>
      new Intl.NumberFormat(locale, {
        useGrouping: false,
        minimumFractionDigits: digitsOf(value),
        maximumFractionDigits: digitsOf(value),
      }),
  );
  return isPlainDecimal(value) ? (format.format as unknown as (v: string) => string)(value) : value;
}
