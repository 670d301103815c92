import {expect} from '@open-wc/testing';
import {
  addFractions,
  fractionDecimal,
  fractionText,
  isExactDecimal,
  parseFraction,
} from './fraction.js';

describe('fractions', () => {
  it('reads the engine’s factors in lowest terms and adds them exactly', () => {
    expect(parseFraction('17/31')).to.deep.equal({num: 17n, den: 31n});
    expect(parseFraction('2/4')).to.deep.equal({num: 1n, den: 2n});
    expect(parseFraction('3')).to.deep.equal({num: 3n, den: 1n});
    expect(parseFraction('1/0')).to.equal(undefined);
    expect(parseFraction('0.5')).to.equal(undefined);
    const third = parseFraction('1/3')!;
    expect(fractionText(addFractions(addFractions(third, third), third))).to.equal('1');
    expect(fractionText(addFractions(parseFraction('17/31')!, parseFraction('14/28')!))).to.equal(
      '65/62',
    );
  });

  it('writes a fraction as a decimal rounded half away from zero, as the engine rounds factors', () => {
    expect(fractionDecimal(parseFraction('17/31')!)).to.equal('0.548387');
    expect(fractionDecimal(parseFraction('204/365')!)).to.equal('0.558904');
    expect(fractionDecimal(parseFraction('1/2')!)).to.equal('0.5');
    expect(fractionDecimal(parseFraction('1/8')!, 2)).to.equal('0.13');
    expect(fractionDecimal(parseFraction('-1/8')!, 2)).to.equal('-0.13');
    expect(fractionDecimal(parseFraction('-1/3000000')!)).to.equal('0');
    expect(isExactDecimal(parseFraction('1/2')!)).to.equal(true);
    expect(isExactDecimal(parseFraction('1/3')!)).to.equal(false);
  });
});
