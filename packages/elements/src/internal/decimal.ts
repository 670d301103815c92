/**
 * Exact decimals for the screens: amounts and quantities travel as plain decimal strings
 * (`"-12.50"`, `"0.0035"`), and are compared, added and read back from what a clerk typed or
 * pasted without ever becoming a float. A decimal is an integer of digits and a count of fraction
 * digits; two of them are brought to the same count before they are compared or added.
 */

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** A decimal as an integer of units and the count of fraction digits (`"-12.50"`: -1250, 2). */
export interface Scaled {
  readonly units: bigint;
  readonly digits: number;
}

export function scaled(value: string): Scaled | undefined {
  const match = PLAIN.exec(value.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const units = BigInt(`${whole}${fraction}` || '0');
  return {units: sign === '-' ? -units : units, digits: fraction.length};
}

function atDigits(value: Scaled, digits: number): bigint {
  return value.units * 10n ** BigInt(digits - value.digits);
}

/** Whether `value` is a plain decimal (`"12"`, `"-0.5"`, `"+3"`, `".5"`). */
export function isPlainDecimal(value: string): boolean {
  return scaled(value) !== undefined;
}

/** Orders two plain decimals by value (`"10"` after `"9.99"`); anything else sorts first. */
export function compareDecimals(a: string, b: string): number {
  const x = scaled(a);
  const y = scaled(b);
  if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
  const digits = Math.max(x.digits, y.digits);
  const difference = atDigits(x, digits) - atDigits(y, digits);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * The sum of plain decimals, with as many fraction digits as the longest of them (amounts of one
 * currency all have its minor-unit digits, so their sum has them too).
 */
export function sumDecimals(values: Iterable<string>): string {
  return sumScaled([...values].map(scaled).filter((each): each is Scaled => each !== undefined));
}

/** The sum of scaled decimals, as a plain decimal with the most fraction digits among them. */
export function sumScaled(all: readonly Scaled[]): string {
  let digits = 0;
  for (const each of all) digits = Math.max(digits, each.digits);
  let total = 0n;
  for (const each of all) total += atDigits(each, digits);
  const negative = total < 0n;
  const text = (negative ? -total : total).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** A plain decimal without a sign for zero, leading zeros, or trailing fraction zeros. */
export function normalizeDecimal(value: string): string {
  const x = scaled(value);
  if (x === undefined) return value;
  const negative = x.units < 0n;
  let digits = (negative ? -x.units : x.units).toString().padStart(x.digits + 1, '0');
  let fraction = digits.slice(digits.length - x.digits);
  digits = digits.slice(0, digits.length - x.digits);
  fraction = fraction.replace(/0+$/, '');
  const whole = digits.replace(/^0+(?=\d)/, '');
  const zero = /^0*$/.test(whole) && fraction === '';
  return `${negative && !zero ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

const separatorsCache = new Map<string, {readonly decimal: string; readonly group: string}>();

/** The decimal and grouping separators of a locale (`.` and `,` in English). */
export function separatorsOf(locale: string): {readonly decimal: string; readonly group: string} {
  let separators = separatorsCache.get(locale);
  if (separators === undefined) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    separators = {
      decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
      group: parts.find((part) => part.type === 'group')?.value ?? ',',
    };
    separatorsCache.set(locale, separators);
  }
  return separators;
}

/**
 * A number as a clerk types or pastes it, read in the page's language: `1,234.5` in English,
 * `1.234,5` in German, `1234.5` in either (a spreadsheet's plain cell). Grouping separators count
 * only between groups of three digits, so `1,5` in English is refused rather than read as 15.
 * Returns a plain decimal string, or `undefined` when the text is not a number.
 */
export function parseDecimalInput(text: string, locale: string): string | undefined {
  const {decimal, group} = separatorsOf(locale);
  // Spaces of any kind group digits in some languages (and pasted cells carry them).
  let value = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  const sign = /^[+-]/.test(value) ? value[0]! : '';
  value = value.slice(sign.length);
  // A plain decimal (a spreadsheet's raw cell, `1234.5`) reads the same in every language, except
  // a whole number grouped by dots where dots group (`1.234` is 1234 in German).
  if (/^(\d+|\d*\.\d+)$/.test(value)) {
    const grouped = group === '.' && /^\d{1,3}(\.\d{3})+$/.test(value);
    return normalizeDecimal(`${sign}${grouped ? value.split('.').join('') : value}`);
  }
  const at = value.lastIndexOf(decimal);
  let whole = at < 0 ? value : value.slice(0, at);
  const fraction = at < 0 ? '' : value.slice(at + decimal.length);
  if (whole.includes(group)) {
    const grouping = new RegExp(`^\\d{1,3}(${escapeRegExp(group)}\\d{3})+$`);
    if (!grouping.test(whole)) return undefined;
    whole = whole.split(group).join('');
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || whole + fraction === '') return undefined;
  return normalizeDecimal(`${sign}${whole || '0'}${fraction === '' ? '' : `.${fraction}`}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A plain decimal as the locale writes it for a spreadsheet cell: its decimal separator, no
 * grouping, every digit (`1234.5` in English, `1234,5` in German).
 */
export function decimalForCell(value: string, locale: string): string {
  if (!isPlainDecimal(value)) return value;
  const {decimal} = separatorsOf(locale);
  return decimal === '.' ? value : value.replace('.', decimal);
}
