import {describe, expect, it} from 'vitest';
import * as currencies from 'dinero.js/currencies';
import {minorUnit} from './currency.js';

/** ISO 4217 currencies whose minor unit is not 2 (list of 2025); every other code has 2. */
const ISO_4217_NOT_TWO: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

describe('minorUnit', () => {
  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
  ])('gives %s %i decimals (ISO 4217)', (code, digits) => {
    expect(minorUnit(code)).toBe(digits);
  });

  it.each([
    // CLDR (and so Intl.NumberFormat) shows these with 0 decimals; ISO 4217 says otherwise.
    ['HUF', 2],
    ['IQD', 3],
  ])('follows ISO 4217, not CLDR display digits, for %s (%i)', (code, digits) => {
    expect(minorUnit(code)).toBe(digits);
  });

  it.each(['MGA', 'MRU'])(
    'gives the non-decimal %s the 2 decimals of ISO 4217 (not one fifth as 1 decimal)',
    (code) => {
      expect(minorUnit(code)).toBe(2);
    },
  );

  it('agrees with ISO 4217 for every code of the currency table', () => {
    const codes = Object.values(currencies as unknown as Record<string, {code?: unknown}>)
      .map((entry) => entry.code)
      .filter((code): code is string => typeof code === 'string');
    expect(codes.length).toBeGreaterThan(150);
    const wrong = codes.filter((code) => minorUnit(code) !== (ISO_4217_NOT_TWO[code] ?? 2));
    expect(wrong).toEqual([]);
    for (const [code, digits] of Object.entries(ISO_4217_NOT_TWO)) {
      expect(minorUnit(code), code).toBe(digits);
    }
  });

  it.each(['XYZ', 'ZZZ', 'QQQ'])('gives the unknown code %s 2 decimals', (code) => {
    expect(minorUnit(code)).toBe(2);
  });

  it('matches codes exactly (case-sensitive), an unknown spelling getting the default 2', () => {
    expect(minorUnit('jpy')).toBe(2);
    expect(minorUnit('Kwd')).toBe(2);
    expect(minorUnit('')).toBe(2);
  });
});
