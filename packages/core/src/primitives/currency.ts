/**
 * ISO 4217 minor units from dinero.js's maintained currency table (`dinero.js/currencies`, the
 * stable 2.x release; it follows the ISO 4217 amendments, such as XCG and XAD of 2025).
 *
 * `Intl.NumberFormat` is not used: its digits come from CLDR, which overrides ISO 4217 for display
 * (HUF 0 instead of 2, IQD 0 instead of 3), and billing must follow the standard.
 *
 * Only decimal (base 10) entries are taken: dinero.js describes the non-decimal MGA and MRU as base 5
 * with exponent 1 (one fifth), which is not a count of decimals; ISO 4217 lists both with 2.
 */
import * as currencies from 'dinero.js/currencies';

interface CurrencyEntry {
  readonly code: string;
  readonly base: number | readonly number[];
  readonly exponent: number;
}

const DEFAULT_MINOR_UNIT = 2;

const minorUnits = new Map<string, number>(
  Object.values(currencies as unknown as Record<string, CurrencyEntry>)
    .filter(
      (entry) =>
        typeof entry?.code === 'string' && entry.base === 10 && typeof entry.exponent === 'number',
    )
    .map((entry) => [entry.code, entry.exponent]),
);

/** Decimals of a currency's minor unit: EUR 2, JPY 0, KWD 3; a code not in the table: 2. */
export function minorUnit(currency: string): number {
  return minorUnits.get(currency) ?? DEFAULT_MINOR_UNIT;
}
