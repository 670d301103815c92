/**
 * The usage phase (billing.md section 6): every unbilled transaction in scope dated in the run
 * period is resolved to its item and summed per item, criterion and unit price, one group per
 * usage line. The groups are kept by subscription for the subscription phase, which decides
 * whether the subscription may bill them when it reads that subscription anyway.
 *
 * A transaction names its item by id or by order number. What each name resolves to comes from
 * one read of every transactional item before the scan: items cannot change during a pass (the
 * engine runs one writer at a time), and reading them all at once asks the store for a few large
 * pages instead of one read per item id and one index query per order number.
 *
 * A part of a run in parts reads only the usage of its own subscriptions' items (the store's
 * `readSubscriptionUsage`); the usage that no subscription can take (naming no item, an ambiguous
 * order number, or a subscription that does not exist) is found by a part of its own
 * (`reportUnbillableUsage`).
 */
import {add, toRational, type Rational} from '../primitives/decimal.js';
import type {Item, Transaction} from '../records/schemas.js';
import type {PassContext} from './pass-context.js';
import {readAhead} from './read-ahead.js';
import {sourceError} from './source-issues.js';

/** The transactions of one item with one criterion and one unit price: one usage line. */
export interface UsageGroup {
  readonly item: Item;
  readonly criterion: string | null;
  /** Decimals are normalized at import, so equal prices have equal spellings. */
  readonly price: string;
  /** The sum of the transactions' quantities, exact. */
  quantity: Rational;
  /** Earliest and latest transaction date; `YYYY-MM-DD` strings compare as dates. */
  firstDate: string;
  lastDate: string;
  readonly transactionIds: string[];
}

/** Usage groups by the id of their item's subscription. */
export type UsageBySubscription = Map<string, UsageGroup[]>;

/** The item a transaction's `itemId` or `orderNo` names, with its usage groups found so far. */
interface ItemUsage {
  readonly item: Item;
  readonly groups: UsageGroup[];
}

/** An order number that several active transactional items carry. */
const AMBIGUOUS = 'ambiguous';

/** What item ids and order numbers resolve to; a name that resolves to nothing is absent. */
interface References {
  readonly byItemId: ReadonlyMap<string, ItemUsage>;
  readonly byOrderNo: ReadonlyMap<string, ItemUsage | typeof AMBIGUOUS>;
}

/** Pages of the transactional items read at once. */
const ITEM_PAGE = 2000;

/**
 * The usage in scope by subscription. `all`: every transactional item and unbilled transaction
 * (a run, a restore, View Remaining); `part`: only those of the subscriptions in scope.
 */
export async function collectUsage(
  pass: PassContext,
  source: 'all' | 'part' = 'all',
): Promise<UsageBySubscription> {
  const {store, config, scope} = pass.options;
  let references: References;
  let pages: AsyncIterable<readonly Transaction[]>;
  if (source === 'part') {
    const ids = [...(scope?.subscriptions ?? [])];
    if (store.readSubscriptionUsage === undefined) {
      throw new Error('A part of a run needs a store that reads the usage of its subscriptions');
    }
    const own = await store.readSubscriptionUsage(ids, config.periodStart, config.periodEnd);
    references = referencesOf([own.items]);
    pages = once(own.transactions);
  } else {
    references = await readReferences(pass);
    pages = store.scanUnbilledTransactions(
      config.periodStart,
      config.periodEnd,
      pass.chunkSize * 4,
    );
  }
  const usage: UsageBySubscription = new Map();
  const reportUnmatched = scope?.subscriptions === undefined;
  const {transactionMatchers} = pass.filters;
  let done = 0;
  for await (const page of readAhead(pages)) {
    if (pass.cancelled()) break;
    for (const transaction of page) {
      if (!matchesAny(transactionMatchers, transaction)) continue;
      const reference =
        transaction.itemId !== undefined
          ? references.byItemId.get(transaction.itemId)
          : transaction.orderNo !== undefined
            ? references.byOrderNo.get(transaction.orderNo)
            : undefined;
      if (reference === undefined || reference === AMBIGUOUS) {
        if (reportUnmatched) {
          const code = reference === AMBIGUOUS ? 'AMBIGUOUS_ITEM' : 'NO_MATCHING_ITEM';
          pass.tally.error(
            sourceError('transaction', transaction.id, code, describeReference(transaction)),
          );
        }
        continue;
      }
      if (scope?.subscriptions?.has(reference.item.subscriptionId) === false) continue;
      // Whether the subscription may bill it is known when its chunk is billed.
      addUsage(usage, reference, transaction);
    }
    done += page.length;
    pass.progress('transactions', done, -1);
  }
  return usage;
}

/**
 * The usage part of a run in parts: reports the transactions in scope that no subscription can
 * take (naming no active transactional item, an ambiguous order number, or an item of a
 * subscription that does not exist). The usage of existing subscriptions is their parts' to bill
 * or to report.
 */
export async function reportUnbillableUsage(pass: PassContext): Promise<void> {
  const usage = await collectUsage(pass, 'all');
  if (pass.stopped || usage.size === 0) return;
  const existing = new Set<string>();
  for await (const chunk of pass.options.store.scanSubscriptionChunks(pass.chunkSize, [
    ...usage.keys(),
  ])) {
    for (const subscription of chunk.subscriptions) existing.add(subscription.id);
  }
  for (const [subscriptionId, groups] of usage) {
    if (existing.has(subscriptionId)) continue;
    for (const group of groups) {
      for (const id of group.transactionIds) {
        pass.tally.error(
          sourceError('transaction', id, 'SUBSCRIPTION_NOT_BILLABLE', ` (${subscriptionId})`),
        );
      }
    }
  }
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/** Only an active transactional item bills usage. */
function billsUsage(item: Item): boolean {
  return item.active && item.billingType === 'transactional';
}

/**
 * What item ids and order numbers resolve to (section 6): an item id to its active transactional
 * item; an order number to the one active transactional item that carries it, or to `AMBIGUOUS`
 * when several do. An item named both ways shares its groups.
 */
async function readReferences(pass: PassContext): Promise<References> {
  const pages: (readonly Item[])[] = [];
  for await (const items of readAhead(pass.options.store.scanTransactionalItems(ITEM_PAGE))) {
    pages.push(items);
  }
  return referencesOf(pages);
}

function referencesOf(pages: Iterable<readonly Item[]>): References {
  const byItemId = new Map<string, ItemUsage>();
  const byOrderNo = new Map<string, ItemUsage | typeof AMBIGUOUS>();
  for (const items of pages) {
    for (const item of items) {
      if (!billsUsage(item)) continue;
      const reference: ItemUsage = {item, groups: []};
      byItemId.set(item.id, reference);
      if (item.orderNo === undefined) continue;
      byOrderNo.set(item.orderNo, byOrderNo.has(item.orderNo) ? AMBIGUOUS : reference);
    }
  }
  return {byItemId, byOrderNo};
}

function describeReference(transaction: Transaction): string {
  if (transaction.itemId !== undefined) return ` (item ${transaction.itemId})`;
  if (transaction.orderNo !== undefined) return ` (order number ${transaction.orderNo})`;
  return ' (it names neither an item nor an order number)';
}

function matchesAny(
  matchers: readonly ((subject: unknown) => boolean)[],
  subject: unknown,
): boolean {
  for (const matches of matchers) if (matches(subject)) return true;
  return false;
}

/** Adds a transaction to its item's group of the same criterion and price, or starts one. */
function addUsage(
  usage: UsageBySubscription,
  reference: ItemUsage,
  transaction: Transaction,
): void {
  const {item, groups} = reference;
  const price = transaction.unitPrice ?? item.unitPrice;
  const criterion = transaction.criterion ?? null;
  const quantity = toRational(transaction.quantity);
  for (const group of groups) {
    if (group.price !== price || group.criterion !== criterion) continue;
    group.quantity = add(group.quantity, quantity);
    if (transaction.date < group.firstDate) group.firstDate = transaction.date;
    if (transaction.date > group.lastDate) group.lastDate = transaction.date;
    group.transactionIds.push(transaction.id);
    return;
  }
  const group: UsageGroup = {
    item,
    criterion,
    price,
    quantity,
    firstDate: transaction.date,
    lastDate: transaction.date,
    transactionIds: [transaction.id],
  };
  groups.push(group);
  const ofSubscription = usage.get(item.subscriptionId);
  if (ofSubscription === undefined) usage.set(item.subscriptionId, [group]);
  else ofSubscription.push(group);
}
