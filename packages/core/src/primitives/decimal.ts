/**
 * Exact rational arithmetic on BigInt for money, quantities and factors.
 *
 * billing.md section 1 asks that an amount stay a rational number until its one rounding per line
 * (and per tax-rate group): a prorated 15.15 for 1 day of 30 is exactly 0.505 and must round to
 * 0.51. A fixed-precision decimal would have to order every division last; a fraction of two
 * BigInts cannot get it wrong, whatever the order of operations. Values are kept in lowest terms
 * with a positive denominator, so equal values have equal representations.
 */

import {memo} from './memo.js';

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const PLAIN_WHOLE = /^-?\d+$/;
/** A decimal as a host writes it: optional sign, digits, optional fraction; no exponent. */
const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
/** A JSON number's shortest spelling may use an exponent (`1e-7`); a double bounds its size. */
const NUMBER_SPELLING = /^([+-]?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;
/** Longest decimal string accepted: far beyond any amount, short enough that BigInt stays fast. */
const MAX_DECIMAL_LENGTH = 64;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('Division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return {num, den};
  const divisor = gcd(num, den);
  return divisor === 1n ? {num, den} : {num: num / divisor, den: den / divisor};
}

/** The whole numbers 0 to 100, shared: billing units, counts and factors are mostly among them. */
const SMALL_INTEGERS: readonly Rational[] = Array.from({length: 101}, (_, value) => ({
  num: BigInt(value),
  den: 1n,
}));

export const ZERO: Rational = SMALL_INTEGERS[0]!;
export const ONE: Rational = SMALL_INTEGERS[1]!;

/** 10^0 to 10^32: scales of minor units and of rounding, computed once. */
const POWERS_OF_TEN: readonly bigint[] = Array.from({length: 33}, (_, exponent) =>
  BigInt(`1${'0'.repeat(exponent)}`),
);

/** `10^exponent` for a non-negative whole exponent. */
export function powerOfTen(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent);
}

/**
 * Parses a decimal written as a string (`"19.99"`, `"-0.0035"`) or given as a JSON number (taken at
 * its shortest decimal spelling, so `0.1` is one tenth, not the binary double near it).
 */
export function parseDecimal(value: string | number): Rational | undefined {
  let match: RegExpExecArray | null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (Number.isSafeInteger(value)) return {num: BigInt(value), den: 1n};
    match = NUMBER_SPELLING.exec(String(value));
  } else {
    // Fast path for whole numbers (most quantities): no capture groups, no scaling.
    if (value.length > 0 && value.length < 16 && PLAIN_WHOLE.test(value)) {
      return {num: BigInt(value), den: 1n};
    }
    match = value.length <= MAX_DECIMAL_LENGTH ? PLAIN_DECIMAL.exec(value) : null;
  }
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponentText] = match;
  let num = BigInt(`${whole}${fraction}`);
  if (sign === '-') num = -num;
  let scale = fraction.length - Number(exponentText ?? 0);
  if (scale < 0) {
    num *= powerOfTen(-scale);
    scale = 0;
  }
  return rational(num, powerOfTen(scale));
}

export function isDecimal(value: string | number): boolean {
  return parseDecimal(value) !== undefined;
}

for (const value of SMALL_INTEGERS) memo.spellings.set(value, value.num.toString());

/**
 * Parses a value that was validated at the boundary; throws on anything else. A decimal string's
 * value and its plain spelling are remembered in `memo` (a run reads the same prices, quantities
 * and rates over and over, and writes them back onto lines).
 */
export function toRational(value: string | number): Rational {
  if (typeof value === 'string') {
    const known = memo.decimals.get(value);
    if (known !== undefined) return known;
  }
  const parsed = parseDecimal(value);
  if (!parsed) throw new RangeError(`Not a decimal: ${JSON.stringify(value)}`);
  if (typeof value === 'string') {
    memo.decimals.set(value, parsed);
    memo.spellings.set(parsed, spellPlain(parsed));
  }
  return parsed;
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num + b.num, a.den);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}

export function neg(a: Rational): Rational {
  return {num: -a.num, den: a.den};
}

export function fromInteger(value: number | bigint): Rational {
  if (typeof value === 'number' && value >= 0 && value < SMALL_INTEGERS.length) {
    const shared = SMALL_INTEGERS[value];
    if (shared !== undefined) return shared;
  }
  return {num: BigInt(value), den: 1n};
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

export function sign(a: Rational): -1 | 0 | 1 {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}

export function sum(values: Iterable<Rational>): Rational {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

/**
 * Rounds half away from zero to `digits` decimals and returns the result as a whole number of
 * `10^-digits` units (minor units for money).
 */
export function roundToUnits(value: Rational, digits: number): bigint {
  if (value.den === 1n) return value.num * powerOfTen(digits);
  return divideRounded(value.num * powerOfTen(digits), value.den);
}

/** `numerator / denominator` rounded half away from zero to a whole number (denominator > 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const rounded = (magnitude % denominator) * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/**
 * Parses an amount written with exactly `digits` decimals (as amounts are stored) into its units:
 * `"12.50"` with 2 digits is 1250.
 */
export function parseUnits(amount: string, digits: number): bigint {
  return digits === 0 ? BigInt(amount) : BigInt(amount.replace('.', ''));
}

/** Rounds half away from zero to `digits` decimals, as a rational. */
export function round(value: Rational, digits: number): Rational {
  return rational(roundToUnits(value, digits), powerOfTen(digits));
}

/** Writes a count of `10^-digits` units with exactly `digits` decimals; zero is never negative. */
export function formatUnits(units: bigint, digits: number): string {
  const negative = units < 0n;
  const digitsText = (negative ? -units : units).toString().padStart(digits + 1, '0');
  const whole = digitsText.slice(0, digitsText.length - digits);
  const fraction = digitsText.slice(digitsText.length - digits);
  const text = digits > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}

/** Rounds half away from zero and writes exactly `digits` decimals (money). */
export function formatFixed(value: Rational, digits: number): string {
  return formatUnits(roundToUnits(value, digits), digits);
}

function trimFraction(text: string): string {
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (text.charCodeAt(end - 1) === 46 /* . */) end--;
  const trimmed = end === text.length ? text : text.slice(0, end);
  return trimmed === '-0' ? '0' : trimmed;
}

/** Rounds half away from zero to at most `digits` decimals, trailing zeros dropped (factors). */
export function formatRounded(value: Rational, digits: number): string {
  if (value.den === 1n) return memo.spellings.get(value) ?? value.num.toString();
  return trimFraction(formatFixed(value, digits));
}

/**
 * Writes a value that has a finite decimal expansion (any sum or product of decimals) with no
 * trailing zeros: `"30"`, `"0.0035"`, `"8.1"`. Values without one are written to 18 decimals.
 */
export function formatPlain(value: Rational): string {
  return memo.spellings.get(value) ?? spellPlain(value);
}

function spellPlain(value: Rational): string {
  if (value.den === 1n) return value.num.toString();
  let den = value.den;
  let digits = 0;
  while (den % 10n === 0n) {
    den /= 10n;
    digits++;
  }
  while (den % 2n === 0n || den % 5n === 0n) {
    den = den % 2n === 0n ? den / 2n : den / 5n;
    digits++;
  }
  return formatRounded(value, den === 1n ? digits : 18);
}

/** Writes an exact value as a reduced fraction: `"17/31"`, `"-3/4"`, or `"2"` when whole. */
export function formatFraction(value: Rational): string {
  return value.den === 1n ? value.num.toString() : `${value.num}/${value.den}`;
}

const FRACTION = /^(-?\d+)(?:\/(\d+))?$/;

/** Reads a fraction written by `formatFraction`; undefined for anything else. */
export function parseFraction(text: string): Rational | undefined {
  const match = FRACTION.exec(text);
  if (match === null || match[2] === '0') return undefined;
  return rational(BigInt(match[1]!), BigInt(match[2] ?? '1'));
}

/** Normalizes a decimal string or number to its plain spelling (`"19.00"` -> `"19"`). */
export function normalizeDecimal(value: string | number): string {
  return formatPlain(toRational(value));
}
