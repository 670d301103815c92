import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {addCoverage, removeCoverage} from './coverage.js';
import {toEpochDay, toIsoDate} from '../primitives/dates.js';
import type {CoveredSpan} from './item-billing.js';

const s = (start: string, end: string): CoveredSpan => ({start, end});

describe('addCoverage', () => {
  it('adds to nothing', () => {
    expect(addCoverage([], [s('2026-01-01', '2026-01-31')])).toEqual([
      s('2026-01-01', '2026-01-31'),
    ]);
    expect(addCoverage([], [])).toEqual([]);
  });

  it('joins touching spans, across a month and a year end', () => {
    expect(addCoverage([s('2026-01-01', '2026-01-31')], [s('2026-02-01', '2026-02-28')])).toEqual([
      s('2026-01-01', '2026-02-28'),
    ]);
    // Feb 28 and Mar 1 touch in 2026 (no Feb 29), which string order cannot see
    expect(addCoverage([s('2026-03-01', '2026-03-31')], [s('2026-02-01', '2026-02-28')])).toEqual([
      s('2026-02-01', '2026-03-31'),
    ]);
    expect(addCoverage([s('2025-12-01', '2025-12-31')], [s('2026-01-01', '2026-01-05')])).toEqual([
      s('2025-12-01', '2026-01-05'),
    ]);
  });

  it('keeps spans apart when a day lies between them', () => {
    expect(addCoverage([s('2026-01-01', '2026-01-30')], [s('2026-02-01', '2026-02-28')])).toEqual([
      s('2026-01-01', '2026-01-30'),
      s('2026-02-01', '2026-02-28'),
    ]);
    // in 2028 Feb 29 exists, so Feb 28 and Mar 1 do not touch
    expect(addCoverage([s('2028-03-01', '2028-03-31')], [s('2028-02-01', '2028-02-28')])).toEqual([
      s('2028-02-01', '2028-02-28'),
      s('2028-03-01', '2028-03-31'),
    ]);
  });

  it('merges overlapping and contained spans and sorts the result', () => {
    expect(
      addCoverage(
        [s('2026-05-01', '2026-05-31'), s('2026-01-01', '2026-01-31')],
        [
          s('2026-01-15', '2026-02-10'),
          s('2026-05-10', '2026-05-12'),
          s('2026-03-01', '2026-03-01'),
        ],
      ),
    ).toEqual([
      s('2026-01-01', '2026-02-10'),
      s('2026-03-01', '2026-03-01'),
      s('2026-05-01', '2026-05-31'),
    ]);
  });

  it('bridges a gap when the added span fills it', () => {
    expect(
      addCoverage(
        [s('2026-01-01', '2026-01-31'), s('2026-03-01', '2026-03-31')],
        [s('2026-02-01', '2026-02-28')],
      ),
    ).toEqual([s('2026-01-01', '2026-03-31')]);
  });

  it('does not change its inputs', () => {
    const spans = [s('2026-01-01', '2026-01-31')];
    addCoverage(spans, [s('2026-02-01', '2026-02-28')]);
    expect(spans).toEqual([s('2026-01-01', '2026-01-31')]);
  });
});

describe('removeCoverage', () => {
  const year = [s('2026-01-01', '2026-12-31')];

  it('cuts a hole in the middle', () => {
    expect(removeCoverage(year, [s('2026-03-01', '2026-03-31')])).toEqual([
      s('2026-01-01', '2026-02-28'),
      s('2026-04-01', '2026-12-31'),
    ]);
  });

  it('cuts the start, the end, or everything', () => {
    expect(removeCoverage(year, [s('2026-01-01', '2026-01-31')])).toEqual([
      s('2026-02-01', '2026-12-31'),
    ]);
    expect(removeCoverage(year, [s('2026-12-01', '2026-12-31')])).toEqual([
      s('2026-01-01', '2026-11-30'),
    ]);
    expect(removeCoverage(year, [s('2025-06-01', '2027-01-31')])).toEqual([]);
    expect(removeCoverage(year, [s('2026-01-01', '2026-12-31')])).toEqual([]);
  });

  it('leaves spans the cut does not touch', () => {
    expect(removeCoverage(year, [s('2027-01-01', '2027-01-31')])).toEqual(year);
    expect(removeCoverage(year, [])).toEqual(year);
    expect(removeCoverage([], [s('2026-01-01', '2026-01-31')])).toEqual([]);
  });

  it('cuts through several spans with one cut and applies several cuts', () => {
    const spans = [
      s('2026-01-01', '2026-01-31'),
      s('2026-03-01', '2026-03-31'),
      s('2026-05-01', '2026-05-31'),
    ];
    expect(removeCoverage(spans, [s('2026-01-20', '2026-03-10')])).toEqual([
      s('2026-01-01', '2026-01-19'),
      s('2026-03-11', '2026-03-31'),
      s('2026-05-01', '2026-05-31'),
    ]);
    expect(
      removeCoverage(spans, [s('2026-05-31', '2026-05-31'), s('2026-01-01', '2026-01-01')]),
    ).toEqual([
      s('2026-01-02', '2026-01-31'),
      s('2026-03-01', '2026-03-31'),
      s('2026-05-01', '2026-05-30'),
    ]);
  });

  it('cuts a single day into two spans across a leap day', () => {
    expect(
      removeCoverage([s('2028-02-01', '2028-03-31')], [s('2028-02-29', '2028-02-29')]),
    ).toEqual([s('2028-02-01', '2028-02-28'), s('2028-03-01', '2028-03-31')]);
  });
});

// ---- properties against a model: a set of days --------------------------------------------------

const BASE = toEpochDay('2026-01-01');

/** Spans within ~ten months of 2026 (so they often touch and overlap), as offsets from BASE. */
const spanArb = fc
  .tuple(fc.integer({min: 0, max: 300}), fc.integer({min: 0, max: 40}))
  .map(([start, length]) => s(toIsoDate(BASE + start), toIsoDate(BASE + start + length)));

function daysOf(spans: readonly CoveredSpan[]): Set<number> {
  const days = new Set<number>();
  for (const span of spans) {
    for (let day = toEpochDay(span.start); day <= toEpochDay(span.end); day++) days.add(day);
  }
  return days;
}

function sorted(days: Set<number>): number[] {
  return [...days].sort((a, b) => a - b);
}

/** Sorted, each start <= end, and neither overlapping nor touching its neighbour. */
function expectNormal(spans: readonly CoveredSpan[]): void {
  for (const [i, span] of spans.entries()) {
    expect(toEpochDay(span.start)).toBeLessThanOrEqual(toEpochDay(span.end));
    const next = spans[i + 1];
    if (next !== undefined)
      expect(toEpochDay(next.start)).toBeGreaterThan(toEpochDay(span.end) + 1);
  }
}

describe('coverage properties', () => {
  it('addCoverage covers exactly the union, in normal form', () => {
    fc.assert(
      fc.property(fc.array(spanArb, {maxLength: 8}), fc.array(spanArb, {maxLength: 8}), (a, b) => {
        const result = addCoverage(a, b);
        expectNormal(result);
        expect(sorted(daysOf(result))).toEqual(sorted(new Set([...daysOf(a), ...daysOf(b)])));
      }),
    );
  });

  it('removeCoverage covers exactly the difference, in normal form', () => {
    fc.assert(
      fc.property(fc.array(spanArb, {maxLength: 8}), fc.array(spanArb, {maxLength: 4}), (a, b) => {
        const spans = addCoverage([], a);
        const result = removeCoverage(spans, b);
        expectNormal(result);
        const removed = daysOf(b);
        expect(sorted(daysOf(result))).toEqual(
          sorted(daysOf(spans)).filter((day) => !removed.has(day)),
        );
      }),
    );
  });

  it('adding then removing a disjoint span gives back the original', () => {
    fc.assert(
      fc.property(fc.array(spanArb, {maxLength: 8}), spanArb, (a, added) => {
        // any coverage with the days of `added` taken out is disjoint from it (it may touch it)
        const original = removeCoverage(addCoverage([], a), [added]);
        const addedDays = daysOf([added]);
        expect([...daysOf(original)].some((day) => addedDays.has(day))).toBe(false);
        expect(removeCoverage(addCoverage(original, [added]), [added])).toEqual(original);
      }),
    );
  });
});
