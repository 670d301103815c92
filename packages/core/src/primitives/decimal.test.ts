import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {
  add,
  compare,
  div,
  equals,
  formatFixed,
  formatPlain,
  formatRounded,
  formatUnits,
  fromInteger,
  isDecimal,
  mul,
  neg,
  normalizeDecimal,
  ONE,
  parseDecimal,
  rational,
  round,
  roundToUnits,
  sign,
  sub,
  sum,
  toRational,
  ZERO,
} from './decimal.js';
import type {Rational} from './decimal.js';

const d = (text: string | number): Rational => toRational(text);

/** A rational with a small numerator and a denominator that need not divide a power of ten. */
const rationalArb = fc
  .tuple(fc.bigInt({min: -(10n ** 12n), max: 10n ** 12n}), fc.bigInt({min: 1n, max: 10n ** 6n}))
  .map(([num, den]) => rational(num, den));

/** A value with a finite decimal expansion: `units / 10^scale`. */
const decimalArb = fc
  .tuple(fc.bigInt({min: -(10n ** 20n), max: 10n ** 20n}), fc.integer({min: 0, max: 12}))
  .map(([units, scale]) => rational(units, 10n ** BigInt(scale)));

describe('rational', () => {
  it('keeps values in lowest terms with a positive denominator', () => {
    expect(rational(2n, 4n)).toEqual({num: 1n, den: 2n});
    expect(rational(2n, -4n)).toEqual({num: -1n, den: 2n});
    expect(rational(-3n, -9n)).toEqual({num: 1n, den: 3n});
    expect(rational(0n, 10n)).toEqual({num: 0n, den: 1n});
    expect(rational(7n)).toEqual({num: 7n, den: 1n});
  });

  it('refuses a zero denominator', () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });

  it('gives equal values equal representations', () => {
    fc.assert(
      fc.property(rationalArb, fc.bigInt({min: 1n, max: 10n ** 9n}), (value, factor) => {
        const scaled = rational(value.num * factor, value.den * factor);
        expect(scaled).toEqual(value);
        expect(equals(scaled, value)).toBe(true);
      }),
    );
  });
});

describe('parseDecimal', () => {
  it.each([
    ['19.99', 1999n, 100n],
    ['-0.0035', -7n, 2000n],
    ['0.0035', 7n, 2000n],
    ['+2', 2n, 1n],
    ['2.50', 5n, 2n],
    ['007', 7n, 1n],
    ['-0', 0n, 1n],
    ['0.000', 0n, 1n],
  ])('parses the string %j exactly', (text, num, den) => {
    expect(parseDecimal(text)).toEqual({num, den});
  });

  it.each([
    [0.1, 1n, 10n],
    [1e-7, 1n, 10_000_000n],
    [19.99, 1999n, 100n],
    [-0, 0n, 1n],
    [42, 42n, 1n],
    [1e21, 10n ** 21n, 1n],
    [-2.5e-8, -1n, 40_000_000n],
  ])('takes the number %s at its shortest decimal spelling', (value, num, den) => {
    expect(parseDecimal(value)).toEqual({num, den});
  });

  it('does not take the binary double near a number', () => {
    // 0.1 + 0.2 is the double 0.30000000000000004, spelled so by JavaScript.
    expect(parseDecimal(0.1 + 0.2)).toEqual(rational(30000000000000004n, 10n ** 17n));
    expect(equals(d(0.1), d('0.1'))).toBe(true);
  });

  it.each([
    '',
    ' 1',
    '1 ',
    '.5',
    '5.',
    '1,5',
    'abc',
    '0x10',
    '1e',
    '1e+',
    // Strings are plain decimals: an exponent is only a JSON number's own spelling.
    '1e-7',
    '1.5E3',
    '2.5e+2',
    // A string far longer than any amount would make BigInt arithmetic crawl.
    '1'.repeat(65),
    `0.${'0'.repeat(70)}1`,
    '--1',
    '+-1',
    '1.2.3',
    'Infinity',
    'NaN',
    '1_000',
  ])('rejects the string %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
    expect(isDecimal(text)).toBe(false);
    expect(() => toRational(text)).toThrow(RangeError);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'rejects the number %s',
    (value) => {
      expect(parseDecimal(value)).toBeUndefined();
      expect(isDecimal(value)).toBe(false);
    },
  );

  it('reads back what formatPlain writes', () => {
    fc.assert(
      fc.property(decimalArb, (value) => {
        expect(parseDecimal(formatPlain(value))).toEqual(value);
      }),
    );
  });

  it('agrees with the decimal spelling of any finite double', () => {
    fc.assert(
      fc.property(fc.double({noNaN: true, noDefaultInfinity: true}), (value) => {
        expect(isDecimal(value)).toBe(true);
        // The exact value written out reads back as the same double (its shortest spelling).
        expect(Number(normalizeDecimal(value))).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

describe('arithmetic', () => {
  it('adds without binary error', () => {
    expect(add(d('0.1'), d('0.2'))).toEqual(d('0.3'));
    expect(add(d(0.1), d(0.2))).toEqual(d('0.3'));
    expect(add(d('1.25'), d('-1.25'))).toEqual(ZERO);
    expect(add(rational(1n, 3n), rational(1n, 6n))).toEqual(rational(1n, 2n));
  });

  it('subtracts and negates', () => {
    expect(sub(d('10'), d('12.50'))).toEqual(d('-2.5'));
    expect(neg(d('3.5'))).toEqual(d('-3.5'));
    expect(neg(ZERO)).toEqual(ZERO);
  });

  it('multiplies and divides exactly', () => {
    expect(mul(d('19.99'), d('3'))).toEqual(d('59.97'));
    expect(mul(d('15.15'), div(ONE, fromInteger(30)))).toEqual(d('0.505'));
    expect(div(ONE, fromInteger(3))).toEqual({num: 1n, den: 3n});
    expect(div(d('-1'), d('-4'))).toEqual(d('0.25'));
    expect(div(d('1'), d('-3'))).toEqual({num: -1n, den: 3n});
    expect(() => div(ONE, ZERO)).toThrow(RangeError);
  });

  it('compares, signs and sums', () => {
    expect(compare(d('0.1'), d('0.10'))).toBe(0);
    expect(compare(d('-1'), d('0.5'))).toBe(-1);
    expect(compare(rational(2n, 3n), rational(3n, 5n))).toBe(1);
    expect(sign(d('-0.001'))).toBe(-1);
    expect(sign(d('0'))).toBe(0);
    expect(sign(d(1e-7))).toBe(1);
    expect(sum([d('0.1'), d('0.2'), d('-0.3')])).toEqual(ZERO);
    expect(sum([])).toEqual(ZERO);
    expect(fromInteger(12n)).toEqual({num: 12n, den: 1n});
  });

  it('is a field: a + b - b = a, (a * b) / b = a', () => {
    fc.assert(
      fc.property(rationalArb, rationalArb, (a, b) => {
        expect(sub(add(a, b), b)).toEqual(a);
        expect(add(a, b)).toEqual(add(b, a));
        if (b.num !== 0n) expect(div(mul(a, b), b)).toEqual(a);
        expect(compare(a, b)).toBe(-compare(b, a) || 0);
        expect(sign(sub(a, b))).toBe(compare(a, b));
      }),
    );
  });
});

describe('roundToUnits', () => {
  it.each([
    ['0.505', 2, 51n],
    ['-0.505', 2, -51n],
    ['0.5049999', 2, 50n],
    ['-0.5049999', 2, -50n],
    ['2.5', 0, 3n],
    ['-2.5', 0, -3n],
    ['1.45', 1, 15n],
    ['-1.45', 1, -15n],
    ['1.2345', 3, 1235n],
    ['-0.004', 2, 0n],
    ['-0.005', 2, -1n],
    ['0', 2, 0n],
    ['1234.5', 0, 1235n],
    ['12', 2, 1200n],
  ])('rounds %s to %i decimals as %s units, half away from zero', (text, digits, units) => {
    expect(roundToUnits(d(text), digits)).toBe(units);
  });

  it('rounds values that are not decimals', () => {
    expect(roundToUnits(rational(1n, 3n), 2)).toBe(33n);
    expect(roundToUnits(rational(2n, 3n), 2)).toBe(67n);
    expect(roundToUnits(rational(-2n, 3n), 2)).toBe(-67n);
    expect(roundToUnits(rational(-1n, 6n), 0)).toBe(0n);
    // 15.15 for 1 day of a 30-day month is exactly 0.505.
    expect(roundToUnits(mul(d('15.15'), rational(1n, 30n)), 2)).toBe(51n);
  });

  it('is within half a unit, ties away from zero, and odd', () => {
    fc.assert(
      fc.property(rationalArb, fc.integer({min: 0, max: 6}), (value, digits) => {
        const units = roundToUnits(value, digits);
        const scale = 10n ** BigInt(digits);
        // error = units - value * scale, as a fraction over value.den
        const error = units * value.den - value.num * scale;
        const absError = error < 0n ? -error : error;
        expect(absError * 2n <= value.den).toBe(true);
        if (absError * 2n === value.den) {
          // an exact tie went away from zero
          expect(units < 0n ? -units : units).toBeGreaterThan(
            ((value.num < 0n ? -value.num : value.num) * scale) / value.den,
          );
        }
        expect(roundToUnits(neg(value), digits)).toBe(-units);
      }),
    );
  });

  it('round returns the rounded rational', () => {
    expect(round(d('0.505'), 2)).toEqual(d('0.51'));
    expect(round(d('-0.505'), 2)).toEqual(d('-0.51'));
    expect(round(rational(1n, 3n), 4)).toEqual(d('0.3333'));
    expect(round(d('7'), 0)).toEqual(d('7'));
  });
});

describe('formatUnits and formatFixed', () => {
  it('writes units with exactly the digits', () => {
    expect(formatUnits(5n, 2)).toBe('0.05');
    expect(formatUnits(-5n, 2)).toBe('-0.05');
    expect(formatUnits(0n, 3)).toBe('0.000');
    expect(formatUnits(123n, 0)).toBe('123');
    expect(formatUnits(-123n, 0)).toBe('-123');
    expect(formatUnits(1250n, 2)).toBe('12.50');
  });

  it.each([
    ['0.505', 2, '0.51'],
    ['-0.505', 2, '-0.51'],
    ['12.5', 2, '12.50'],
    ['1200', 0, '1200'],
    ['1199.5', 0, '1200'],
    ['-1199.5', 0, '-1200'],
    ['0.0005', 3, '0.001'],
    ['0.0035', 4, '0.0035'],
    ['-0.004', 2, '0.00'],
    ['-0.0049', 2, '0.00'],
    ['-0.005', 2, '-0.01'],
    ['-0', 2, '0.00'],
    ['-0.4', 0, '0'],
    ['123456789012345678901.5', 0, '123456789012345678902'],
    ['1.23456', 4, '1.2346'],
  ])('writes %s with %i decimals as %j', (text, digits, expected) => {
    expect(formatFixed(d(text), digits)).toBe(expected);
  });

  it('never writes a negative zero', () => {
    expect(formatFixed(rational(-1n, 3n), 0)).toBe('0');
    expect(formatFixed(rational(-1n, 1000n), 2)).toBe('0.00');
  });

  it('always writes exactly N digits and reads back as the rounded value', () => {
    fc.assert(
      fc.property(rationalArb, fc.integer({min: 0, max: 6}), (value, digits) => {
        const text = formatFixed(value, digits);
        const shape = digits === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${digits}}$`);
        expect(text).toMatch(shape);
        expect(text).not.toMatch(/^-0(\.0*)?$/);
        expect(text).toMatch(/^-?(0|[1-9]\d*)(\.|$)/);
        expect(toRational(text)).toEqual(round(value, digits));
      }),
    );
  });
});

describe('formatRounded', () => {
  it.each([
    [rational(1n, 3n), '0.333333'],
    [rational(2n, 3n), '0.666667'],
    [rational(6n, 31n), '0.193548'],
    [rational(1n, 2n), '0.5'],
    [ONE, '1'],
    [fromInteger(100), '100'],
    [d('10.5'), '10.5'],
    [d(-1e-7), '0'],
    [d('1.0000004'), '1'],
    [d('1.0000005'), '1.000001'],
    [d('-2.5000005'), '-2.500001'],
  ])('writes %o to at most 6 decimals as %j', (value, expected) => {
    expect(formatRounded(value, 6)).toBe(expected);
  });

  it('writes whole numbers with zero digits', () => {
    expect(formatRounded(d('2.5'), 0)).toBe('3');
    expect(formatRounded(d('-0.2'), 0)).toBe('0');
  });
});

describe('formatPlain and normalizeDecimal', () => {
  it.each([
    [d('30.00'), '30'],
    [d('0.0035'), '0.0035'],
    [d('8.10'), '8.1'],
    [rational(1n, 4n), '0.25'],
    [rational(1n, 8n), '0.125'],
    [rational(1n, 40n), '0.025'],
    [rational(-1n, 20n), '-0.05'],
    [rational(1n, 50n), '0.02'],
    [rational(3n, 1024n), '0.0029296875'],
    [ZERO, '0'],
    [d('100'), '100'],
    [d(1e21), '1000000000000000000000'],
    [d(1e-7), '0.0000001'],
  ])('writes %o as %j', (value, expected) => {
    expect(formatPlain(value)).toBe(expected);
  });

  it('writes a value without a finite expansion to 18 decimals', () => {
    expect(formatPlain(rational(1n, 3n))).toBe('0.333333333333333333');
    expect(formatPlain(rational(2n, 3n))).toBe('0.666666666666666667');
    expect(formatPlain(rational(-7n, 6n))).toBe('-1.166666666666666667');
  });

  it('drops trailing zeros and never writes a negative zero', () => {
    fc.assert(
      fc.property(decimalArb, (value) => {
        const text = formatPlain(value);
        expect(text).not.toMatch(/\.\d*0$/);
        expect(text).not.toMatch(/\.$/);
        expect(text).not.toBe('-0');
      }),
    );
  });

  it.each([
    ['19.00', '19'],
    [19.0, '19'],
    ['19', '19'],
    [0.1, '0.1'],
    [1e-7, '0.0000001'],
    ['-0.0', '0'],
    [1.5e3, '1500'],
    ['007.50', '7.5'],
    ['-0.0035', '-0.0035'],
    ['8.1', '8.1'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeDecimal(input)).toBe(expected);
  });

  it('refuses what is not a decimal', () => {
    expect(() => normalizeDecimal('1,5')).toThrow(RangeError);
    expect(() => normalizeDecimal(Number.NaN)).toThrow(RangeError);
  });
});
