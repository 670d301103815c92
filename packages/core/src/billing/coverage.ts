/**
 * Maintains an item ledger's covered spans as lines are stored and deleted. Because no day is ever
 * covered by two lines (billing.md section 9), a deleted line's span can simply be cut out of the
 * merged spans, without counting how many lines cover a day.
 */
import {toEpochDay, toIsoDate} from '../primitives/dates.js';
import type {CoveredSpan} from './item-billing.js';

interface DaySpan {
  start: number;
  end: number;
}

function toDays(spans: readonly CoveredSpan[]): DaySpan[] {
  return spans.map((span) => ({start: toEpochDay(span.start), end: toEpochDay(span.end)}));
}

function toIso(spans: readonly DaySpan[]): CoveredSpan[] {
  return spans.map((span) => ({start: toIsoDate(span.start), end: toIsoDate(span.end)}));
}

/** The union of `spans` and `added`, merged (touching spans join) and sorted. */
export function addCoverage(
  spans: readonly CoveredSpan[],
  added: readonly CoveredSpan[],
): CoveredSpan[] {
  return toIso(merge([...toDays(spans), ...toDays(added)]));
}

/** `addCoverage` for added spans given as epoch days (the lines a run plans). */
export function addCoveredDays(
  spans: readonly CoveredSpan[],
  added: readonly {readonly start: number; readonly end: number}[],
): CoveredSpan[] {
  return toIso(merge([...toDays(spans), ...added.map(({start, end}) => ({start, end}))]));
}

/** `spans` sorted by start (stable), with touching and overlapping ones joined. */
function merge(spans: DaySpan[]): DaySpan[] {
  // Ledgers are kept sorted and lines are planned in order: the sort is mostly not needed.
  let sorted = true;
  for (let i = 1; i < spans.length && sorted; i++) sorted = spans[i - 1]!.start <= spans[i]!.start;
  if (!sorted) spans.sort((a, b) => a.start - b.start);
  const merged: DaySpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start <= last.end + 1) last.end = Math.max(last.end, span.end);
    else merged.push({...span});
  }
  return merged;
}

/** `spans` without the days of `removed`. */
export function removeCoverage(
  spans: readonly CoveredSpan[],
  removed: readonly CoveredSpan[],
): CoveredSpan[] {
  let result = toDays(spans);
  for (const cut of toDays(removed)) {
    result = result.flatMap((span) => {
      if (cut.end < span.start || cut.start > span.end) return [span];
      const parts: DaySpan[] = [];
      if (span.start < cut.start) parts.push({start: span.start, end: cut.start - 1});
      if (span.end > cut.end) parts.push({start: cut.end + 1, end: span.end});
      return parts;
    });
  }
  return toIso(result);
}
