import {expect} from '@open-wc/testing';
import {
  compareDecimals,
  decimalForCell,
  normalizeDecimal,
  parseDecimalInput,
  sumDecimals,
} from './decimal.js';

describe('decimal', () => {
  it('compares by value, exactly, beyond what a float holds', () => {
    expect(compareDecimals('10', '9.99')).to.equal(1);
    expect(compareDecimals('-0.5', '0')).to.equal(-1);
    expect(compareDecimals('1.10', '1.1')).to.equal(0);
    expect(compareDecimals('9007199254740993.01', '9007199254740993.02')).to.equal(-1);
  });

  it('adds amounts exactly, with the digits they have', () => {
    expect(sumDecimals(['0.10', '0.20'])).to.equal('0.30');
    expect(sumDecimals(['-12.50', '2.25', '10'])).to.equal('-0.25');
    expect(sumDecimals([])).to.equal('0');
    expect(sumDecimals(Array.from({length: 10_000}, () => '0.01'))).to.equal('100.00');
  });

  it('writes a decimal plainly', () => {
    expect(normalizeDecimal('010.500')).to.equal('10.5');
    expect(normalizeDecimal('-0.00')).to.equal('0');
    expect(normalizeDecimal('+3')).to.equal('3');
    expect(normalizeDecimal('.5')).to.equal('0.5');
  });

  it('reads numbers as the page language writes them, and refuses what is ambiguous', () => {
    expect(parseDecimalInput('1,234.5', 'en-US')).to.equal('1234.5');
    expect(parseDecimalInput('1234.50', 'en-US')).to.equal('1234.5');
    expect(parseDecimalInput(' -3 ', 'en-US')).to.equal('-3');
    expect(parseDecimalInput('1,5', 'en-US')).to.equal(undefined);
    expect(parseDecimalInput('12,34,567', 'en-US')).to.equal(undefined);
    expect(parseDecimalInput('abc', 'en-US')).to.equal(undefined);
    expect(parseDecimalInput('', 'en-US')).to.equal(undefined);
    expect(parseDecimalInput('1.234,5', 'de-DE')).to.equal('1234.5');
    expect(parseDecimalInput('1,5', 'de-DE')).to.equal('1.5');
    // A spreadsheet's plain cell reads the same in German, but `1.234` groups there.
    expect(parseDecimalInput('1234.5', 'de-DE')).to.equal('1234.5');
    expect(parseDecimalInput('1.234', 'de-DE')).to.equal('1234');
    expect(parseDecimalInput('1 234,5', 'fr-FR')).to.equal('1234.5');
    expect(parseDecimalInput('1\u202f234,5', 'fr-FR')).to.equal('1234.5');
  });

  it('writes a number for a spreadsheet cell in the page language', () => {
    expect(decimalForCell('1234.5', 'en-US')).to.equal('1234.5');
    expect(decimalForCell('1234.5', 'de-DE')).to.equal('1234,5');
    expect(decimalForCell('text', 'de-DE')).to.equal('text');
  });
});
