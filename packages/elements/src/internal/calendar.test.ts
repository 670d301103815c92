import {expect} from '@open-wc/testing';
import {dayNumber, daysIn, longerThanMonths} from './calendar.js';

describe('calendar', () => {
  it('takes the dates the engine takes: a four-digit year and a day that exists', () => {
    expect(dayNumber('1970-01-01')).to.equal(0);
    expect(dayNumber('2024-02-29')).to.equal(19782);
    expect(dayNumber('0050-03-01')).to.be.a('number');
    expect(dayNumber('2026-02-29')).to.equal(undefined);
    expect(dayNumber('2026-13-01')).to.equal(undefined);
    expect(dayNumber('275760-01-31')).to.equal(undefined);
    expect(dayNumber('')).to.equal(undefined);
  });

  it('counts the days of a period, both ends included', () => {
    expect(daysIn('2026-01-01', '2026-01-31')).to.equal(31);
    expect(daysIn('2026-01-01', '2035-12-31')).to.equal(3652);
    expect(daysIn('2026-01-01', 'nonsense')).to.equal(undefined);
  });

  it('finds a period longer than 12 months from the same day a year on', () => {
    const cases: [string, string, boolean][] = [
      ['2026-01-01', '2026-12-31', false],
      ['2026-01-01', '2027-01-01', true],
      ['2026-01-31', '2027-01-30', false],
      ['2026-01-31', '2027-01-31', true],
      // From 29 February, the year on ends on the 28th.
      ['2024-02-29', '2025-02-27', false],
      ['2024-02-29', '2025-02-28', true],
      ['2026-01-01', '2035-12-31', true],
    ];
    for (const [start, end, longer] of cases) {
      expect(longerThanMonths(start, end, 12), `${start}..${end}`).to.equal(longer);
    }
  });
});
