import {describe, expect, it} from 'vitest';
import {checkScenario, compareExpected, formatMismatch} from './expect.js';

describe('compareExpected (partial comparison)', () => {
  it('compares only the keys written in expect', () => {
    expect(compareExpected({a: 1}, {a: 1, b: 2}, 0, 'steps[0]')).toEqual([]);
  });

  it('reports a different value with its path', () => {
    expect(compareExpected({a: {b: '1.00'}}, {a: {b: '2.00'}}, 3, 'steps[3]')).toEqual([
      {step: 3, path: 'steps[3].a.b', expected: '1.00', actual: '2.00'},
    ]);
  });

  it('reports a missing key', () => {
    const [mismatch] = compareExpected({error: {code: 'X'}}, {counters: {}}, 1, 'steps[1]');
    expect(formatMismatch(mismatch!)).toBe(
      'step 1: steps[1].error: expected {"code":"X"}, actual (missing)',
    );
  });

  it('requires lists of the same length and compares their elements partially', () => {
    const mismatches = compareExpected([{a: 1}, {a: 2}], [{a: 1, z: 0}], 0, 'steps[0].invoices');
    expect(mismatches).toEqual([
      {step: 0, path: 'steps[0].invoices', expected: 2, actual: 1, note: 'list length'},
    ]);
    expect(compareExpected([{a: 1}], [{a: 9}], 0, 'p')).toEqual([
      {step: 0, path: 'p[0].a', expected: 1, actual: 9},
    ]);
  });

  it('tells a number from a string and null from a missing key', () => {
    expect(compareExpected({n: 1}, {n: '1'}, 0, 'p')).toHaveLength(1);
    expect(compareExpected({n: null}, {}, 0, 'p')).toHaveLength(1);
    expect(compareExpected({n: null}, {n: null}, 0, 'p')).toEqual([]);
  });

  it('checks only steps that carry an expect block', () => {
    const steps = [{}, {expect: {deleted: 1}}];
    expect(checkScenario(steps, [{deleted: 5}, {deleted: 1}])).toEqual([]);
    expect(checkScenario(steps, [{}, {deleted: 2}])).toHaveLength(1);
  });
});
