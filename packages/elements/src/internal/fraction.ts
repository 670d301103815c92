/**
 * Exact fractions for the words of an explanation: a line's pieces carry their factors as reduced
 * fractions (`"17/31"`), which add up exactly to the line's factor. Numerator and denominator are
 * BigInts, so no sum or decimal shown is ever off by a float's rounding.
 */

export interface Fraction {
  readonly num: bigint;
  /** Always positive; the fraction is in lowest terms. */
  readonly den: bigint;
}

const FRACTION = /^(-?\d+)(?:\/(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduced(num: bigint, den: bigint): Fraction {
  const divisor = gcd(num, den);
  return divisor <= 1n ? {num, den} : {num: num / divisor, den: den / divisor};
}

/** `"17/31"`, `"3"` or `"-1/2"` as a fraction; undefined for anything else (or a zero denominator). */
export function parseFraction(text: string): Fraction | undefined {
  const match = FRACTION.exec(text.trim());
  if (match === null) return undefined;
  const den = BigInt(match[2] ?? '1');
  if (den === 0n) return undefined;
  return reduced(BigInt(match[1]!), den);
}

export function addFractions(a: Fraction, b: Fraction): Fraction {
  return reduced(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function equalFractions(a: Fraction, b: Fraction): boolean {
  return a.num === b.num && a.den === b.den;
}

export function isWhole(value: Fraction): boolean {
  return value.den === 1n;
}

/** `17/31` or `3`, in lowest terms, as the engine writes factors. */
export function fractionText(value: Fraction): string {
  return value.den === 1n ? String(value.num) : `${value.num}/${value.den}`;
}

/**
 * The fraction as a decimal string rounded half away from zero to `digits` places (as the engine
 * rounds a line's factor for display), trailing zeros dropped: `17/31` gives `"0.548387"`.
 */
export function fractionDecimal(value: Fraction, digits = 6): string {
  const negative = value.num < 0n;
  const scale = 10n ** BigInt(digits);
  const magnitude = negative ? -value.num : value.num;
  const scaled = magnitude * scale;
  let units = scaled / value.den;
  if ((scaled % value.den) * 2n >= value.den) units += 1n;
  const whole = units / scale;
  const fraction = (units % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  const text = fraction === '' ? String(whole) : `${whole}.${fraction}`;
  return negative && units !== 0n ? `-${text}` : text;
}

/** Whether `fractionDecimal(value, digits)` is the exact value (no digits were dropped). */
export function isExactDecimal(value: Fraction, digits = 6): boolean {
  return (value.num * 10n ** BigInt(digits)) % value.den === 0n;
}
