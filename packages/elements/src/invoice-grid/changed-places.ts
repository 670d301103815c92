/**
 * Where two lists of invoices differ, when the second is the first with some invoices replaced in
 * place (an edit returns a new invoice object for the same place): what lets the totals and the
 * rows follow an edit among 10,000 invoices by the few that changed instead of all of them.
 */
import type {Invoice} from '@invoice-run/core';

/**
 * The indexes at which `after` holds another object than `before`; `undefined` when the lists
 * differ in length or in more than `limit` places (then working through all of them is as quick).
 */
export function changedPlaces(
  before: readonly Invoice[],
  after: readonly Invoice[],
  limit: number,
): number[] | undefined {
  if (before.length !== after.length) return undefined;
  const places: number[] = [];
  for (let index = 0; index < after.length; index++) {
    if (before[index] === after[index]) continue;
    if (places.length === limit) return undefined;
    places.push(index);
  }
  return places;
}
