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

/**
 * `addCoverage` for added spans given as epoch days (the lines a run plans), without writing them
 * as dates first. Spans that arrive in order, as planned lines do, are not sorted again.
 */
export function addCoveredDays(
  spans: readonly CoveredSpan[],
  added: readonly {readonly start: number; readonly end: number}[],
): readonly CoveredSpan[] {
  // The usual case: nothing covered yet, and lines apart from each other (planned lines never
  // touch: touching pieces form one line). Those are the spans.
  const merged =
    spans.length === 0 && apart(added)
      ? added
      : merge([...toDays(spans), ...added.map((span) => ({start: span.start, end: span.end}))]);
  if (merged.length === 1) return sharedCover(merged[0]!.start, merged[0]!.end);
  return merged.map((span) => sharedCover(span.start, span.end)[0]!);
}

/**
 * Covered spans are immutable, and a run gives most items of a cadence the same one (a month, a
 * quarter), while a ledger is kept for every item: `addCoveredDays` hands out one shared span, as
 * a one-span list, per distinct span instead of a copy per ledger. Bounded like the date caches.
 */
const sharedCovers = new Map<number, readonly CoveredSpan[]>();
const SHARED_COVERS_LIMIT = 10_000;
/** Spans up to this many days long have a numeric key (start and length in one safe integer). */
const KEYED_LENGTH = 2 ** 22;

function sharedCover(start: number, end: number): readonly CoveredSpan[] {
  const length = end - start;
  if (length < 0 || length >= KEYED_LENGTH) return [{start: toIsoDate(start), end: toIsoDate(end)}];
  const key = start * KEYED_LENGTH + length;
  let cover = sharedCovers.get(key);
  if (cover === undefined) {
    if (sharedCovers.size >= SHARED_COVERS_LIMIT) sharedCovers.clear();
    cover = [{start: toIsoDate(start), end: toIsoDate(end)}];
    sharedCovers.set(key, cover);
  }
  return cover;
}

/** Whether spans are in order with at least one day between each and the next. */
function apart(spans: readonly {readonly start: number; readonly end: number}[]): boolean {
  for (let i = 1; i < spans.length; i++) if (spans[i]!.start <= spans[i - 1]!.end + 1) return false;
  return true;
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
