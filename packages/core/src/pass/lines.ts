/**
 * The lines a pass makes (billing.md sections 5, 6 and 8), each with its explanation made where
 * the line is made, and how a subscription's lines are grouped into invoices by criterion.
 */
import {addCoveredDays} from '../billing/coverage.js';
import type {LineDraft} from '../billing/invoices.js';
import type {ItemLedger, PlannedItemLine} from '../billing/item-billing.js';
import {toEpochDay, toIsoDate, type EpochDay, type IsoDate} from '../primitives/dates.js';
import {formatFraction, ONE, toRational} from '../primitives/decimal.js';
import type {Item} from '../records/schemas.js';
import type {UsageGroup} from './usage-phase.js';

/** An item line, explained by its pieces; a piece that ends before `runStart` is caught up. */
export function itemLine(item: Item, planned: PlannedItemLine, runStart: EpochDay): LineDraft {
  return {
    kind: 'item',
    source: item.id,
    description: item.description,
    start: planned.start,
    end: planned.end,
    quantity: toRational(item.quantity),
    unitPrice: toRational(item.unitPrice),
    factor: planned.factor,
    discountPercent: toRational(item.discountPercent),
    taxRate: toRational(item.taxRate),
    explanation: {
      billingType: item.billingType,
      practice: item.billingPractice,
      pieces: planned.pieces.map((piece) => ({
        start: toIsoDate(piece.start),
        end: toIsoDate(piece.end),
        period: {start: toIsoDate(piece.period.start), end: toIsoDate(piece.period.end)},
        factor: formatFraction(piece.factor),
        late: piece.end < runStart,
      })),
    },
  };
}

/** The usage line of one group: its item's, at the group's price, over its transactions' dates. */
export function usageLine(group: UsageGroup): LineDraft {
  return {
    kind: 'usage',
    source: group.item.id,
    description: group.item.description,
    start: toEpochDay(group.firstDate),
    end: toEpochDay(group.lastDate),
    quantity: group.quantity,
    unitPrice: toRational(group.price),
    factor: ONE,
    discountPercent: toRational(group.item.discountPercent),
    taxRate: toRational(group.item.taxRate),
    criterion: group.criterion,
    explanation: {
      transactions: group.transactionIds.length,
      first: group.firstDate,
      last: group.lastDate,
      criterion: group.criterion,
    },
    transactionIds: group.transactionIds,
  };
}

/** An item's ledger after a run stores `lines` for it. */
export function ledgerAfter(
  item: Item,
  ledger: ItemLedger | undefined,
  lines: readonly PlannedItemLine[],
  fixesBillingStart: IsoDate | undefined,
): ItemLedger {
  const billingStart = ledger?.billingStart ?? fixesBillingStart;
  const covered = addCoveredDays(ledger?.covered ?? [], lines);
  return billingStart === undefined
    ? {itemId: item.id, subscriptionId: item.subscriptionId, covered}
    : {itemId: item.id, subscriptionId: item.subscriptionId, billingStart, covered};
}

/**
 * A subscription's lines by invoice criterion (section 8: one invoice per subscription and
 * criterion), in the order the criteria first appear (items, then usage).
 */
export type CriterionParts = Map<string | null, LineDraft[]>;

export function addToPart(parts: CriterionParts, criterion: string | null, line: LineDraft): void {
  const lines = parts.get(criterion);
  if (lines === undefined) parts.set(criterion, [line]);
  else lines.push(line);
}
