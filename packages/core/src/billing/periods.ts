/**
 * Billing boundaries of an item (billing.md section 5).
 *
 * Boundary `B(k)` is computed from the anchor for every k, never from `B(k-1)`, so the anchor's day
 * of month survives short months: an anchor on Jan 31 gives Jan 31, Feb 28, Mar 31, Apr 30.
 */
import {addMonths, civilFromEpochDay, type EpochDay} from '../primitives/dates.js';
import type {BillingPeriod} from '../records/schemas.js';

export interface Cadence {
  readonly anchor: EpochDay;
  readonly anchorDayOfMonth: number;
  readonly count: number;
  readonly unit: BillingPeriod['unit'];
}

export interface Span {
  readonly start: EpochDay;
  readonly end: EpochDay;
}

export function cadence(anchor: EpochDay, billingPeriod: BillingPeriod): Cadence {
  return {
    anchor,
    anchorDayOfMonth: civilFromEpochDay(anchor).day,
    count: billingPeriod.count,
    unit: billingPeriod.unit,
  };
}

function monthsPerPeriod(c: Cadence): number {
  return c.unit === 'year' ? 12 * c.count : c.count;
}

function daysPerPeriod(c: Cadence): number {
  return c.unit === 'week' ? 7 * c.count : c.count;
}

/** `B(k)`: the first day of billing period k. */
export function boundary(c: Cadence, k: number): EpochDay {
  if (c.unit === 'day' || c.unit === 'week') return c.anchor + k * daysPerPeriod(c);
  return addMonths(c.anchor, k * monthsPerPeriod(c), c.anchorDayOfMonth);
}

/** The k of the billing period holding `day`: `B(k) <= day < B(k+1)`. */
export function periodIndexAt(c: Cadence, day: EpochDay): number {
  if (c.unit === 'day' || c.unit === 'week') {
    return Math.floor((day - c.anchor) / daysPerPeriod(c));
  }
  const from = civilFromEpochDay(c.anchor);
  const to = civilFromEpochDay(day);
  const months = (to.year - from.year) * 12 + (to.month - from.month);
  let k = Math.floor(months / monthsPerPeriod(c));
  while (boundary(c, k) > day) k--;
  while (boundary(c, k + 1) <= day) k++;
  return k;
}

/** Billing period k: `[B(k), B(k+1) - 1]`. */
export function billingPeriodAt(c: Cadence, k: number): Span {
  return {start: boundary(c, k), end: boundary(c, k + 1) - 1};
}

export function periodHolding(c: Cadence, day: EpochDay): Span {
  return billingPeriodAt(c, periodIndexAt(c, day));
}
