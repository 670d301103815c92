import {expect} from '@open-wc/testing';
import {
  durationBetween,
  formatCount,
  formatDate,
  formatDateRange,
  formatDecimal,
  formatDuration,
  formatMoney,
  formatPercent,
  formatPrice,
  formatWallClock,
  formatWeekday,
  usableLocale,
} from './format.js';
import {describeCron, loadCronLanguage} from './cron.js';

describe('format', () => {
  it('writes calendar dates in the locale, without a time zone moving them', () => {
    expect(formatDate('2026-01-01', 'en-US')).to.equal('Jan 1, 2026');
    expect(formatDate('2026-12-31', 'de-DE')).to.equal('31.12.2026');
    expect(formatDate('2026-03-29', 'en-GB')).to.equal('29 Mar 2026');
    // The tests run west of UTC (web-test-runner.config.mjs): local time would say Dec 31.
    expect(new Date(Date.UTC(2026, 0, 1)).getDate()).to.equal(31);
    expect(formatDate('2026-01-01', 'en-US')).to.equal('Jan 1, 2026');
    expect(formatDate(null, 'en-US')).to.equal('');
    expect(formatDate('not a date', 'en-US')).to.equal('not a date');
  });

  it('writes amounts exactly, with the fraction digits the string has', () => {
    expect(formatMoney('1234.50', 'EUR', 'de-DE')).to.equal('1.234,50\u00a0€');
    expect(formatMoney('1234.50', 'EUR', 'en-US')).to.equal('€1,234.50');
    expect(formatMoney('-10.00', 'USD', 'en-US')).to.equal('-$10.00');
    expect(formatMoney('1320', 'JPY', 'en-US')).to.equal('¥1,320');
    expect(formatMoney('1.234', 'KWD', 'en-US')).to.equal('KWD\u00a01.234');
    // Beyond a double's 15-17 significant digits: still exact (no float on the way).
    expect(formatMoney('12345678901234567.89', 'EUR', 'en-US')).to.equal(
      '€12,345,678,901,234,567.89',
    );
    expect(formatMoney('10.00', 'XYZ1', 'en-US')).to.equal('10.00 XYZ1');
  });

  it('writes counts and durations in the locale', () => {
    expect(formatCount(50_000, 'en-US')).to.equal('50,000');
    expect(formatCount(50_000, 'de-DE')).to.equal('50.000');
    expect(formatDuration(850, 'en-US')).to.equal('850 ms');
    expect(formatDuration(2500, 'en-US')).to.equal('2.5 sec');
    expect(formatDuration(185_000, 'en-US')).to.equal('3 min 5 sec');
    expect(durationBetween('2026-01-01T00:00:00Z', '2026-01-01T00:00:02.5Z')).to.equal(2500);
    expect(durationBetween('2026-01-01T00:00:00Z', null)).to.equal(undefined);
  });

  it('falls back to the browser language for an unusable locale', () => {
    expect(usableLocale('de-DE')).to.equal('de-DE');
    expect(usableLocale('')).to.equal(navigator.language);
    expect(usableLocale('not a locale!')).to.equal(navigator.language);
  });

  it('writes a firing time as it stands on the wall clock, without a time zone moving it', () => {
    expect(formatWallClock('2026-03-01T00:30', 'en-US')).to.equal('Mar 1, 2026, 12:30 AM');
    expect(formatWallClock('2026-03-01T06:00', 'de-DE')).to.equal('01.03.2026, 06:00');
    expect(formatWallClock('soon', 'en-US')).to.equal('soon');
    expect(formatWallClock(null, 'en-US')).to.equal('');
    expect(formatWeekday(1, 'en-US')).to.equal('Monday');
    expect(formatWeekday(7, 'de-DE')).to.equal('Sonntag');
  });

  it('says cron expressions in words through cRonstrue, in English and in German', async () => {
    const en = (cron: string) => describeCron(cron, 'en-US');
    expect(en('0 6 1 * *')).to.equal('At 6:00 AM, on day 1 of the month');
    expect(en('30 7 * * 1')).to.equal('At 7:30 AM, only on Monday');
    expect(en('0 18 * * 1-5')).to.equal('At 6:00 PM, Monday through Friday');
    expect(en('*/5 * * * *')).to.equal('Every 5 minutes');
    // The clock of the locale: 24 hours in British English.
    expect(describeCron('0 18 * * *', 'en-GB')).to.equal('At 18:00');
    // German until its texts are loaded: cRonstrue's English.
    expect(describeCron('30 2 * * 0', 'de-DE')).to.equal('At 02:30, only on Sunday');
    await loadCronLanguage('de');
    const de = (cron: string) => describeCron(cron, 'de-DE');
    expect(de('30 2 * * 0')).to.equal('Um 02:30, nur jeden Sonntag');
    expect(de('0 6 1 * *')).to.equal('Um 06:00, an Tag 1 des Monats');
    expect(de('0 18 * * 1-5')).to.equal('Um 18:00, Montag bis Freitag');
    expect(describeCron('*/5 * * * *', 'de-AT')).to.equal('Alle 5 Minuten');
    // A language cRonstrue has not loaded falls back to English, without a console warning.
    expect(describeCron('0 6 1 * *', 'fr-FR')).to.equal('At 06:00, on day 1 of the month');
    // What cRonstrue cannot read is left to the expression as written.
    expect(en('0 6 1 *')).to.equal(undefined);
    expect(en('61 6 1 * *')).to.equal(undefined);
    expect(en('')).to.equal(undefined);
  });

  it('writes quantities, percentages, prices and date ranges exactly, in the locale', () => {
    expect(formatDecimal('18250', 'en-US')).to.equal('18,250');
    expect(formatDecimal('0.548387', 'de-DE')).to.equal('0,548387');
    // Beyond a double's digits: exact.
    expect(formatDecimal('1234567890123456789.5', 'en-US')).to.equal('1,234,567,890,123,456,789.5');
    expect(formatPercent('19', 'en-US')).to.equal('19%');
    expect(formatPercent('12.5', 'de-DE')).to.equal('12,5\u00a0%');
    expect(formatPrice('45', 'EUR', 'en-US', 2)).to.equal('€45.00');
    expect(formatPrice('0.0035', 'EUR', 'en-US', 2)).to.equal('€0.0035');
    expect(formatPrice('1320', 'JPY', 'en-US', 0)).to.equal('¥1,320');
    // The minor unit is ISO 4217's, as the invoice's amounts have it (CLDR says 0 for IQD).
    expect(formatPrice('5', 'IQD', 'en-US', 3)).to.equal('IQD\u00a05.000');
    expect(formatPrice('10', 'XYZ1', 'en-US', 2)).to.equal('10 XYZ1');
    // West of UTC (the tests' zone) nothing moves a day.
    expect(formatDateRange('2026-01-15', '2026-01-31', 'en-US').replace(/\s+/g, ' ')).to.equal(
      'Jan 15 – 31, 2026',
    );
    expect(formatDateRange('2025-12-01', '2026-01-31', 'en-US').replace(/\s+/g, ' ')).to.equal(
      'Dec 1, 2025 – Jan 31, 2026',
    );
    expect(formatDateRange('2026-01-10', '2026-01-10', 'en-US')).to.equal('Jan 10, 2026');
  });
});
