/**
 * The usage phase (billing.md section 6): every unbilled transaction in scope dated in the run
 * period is resolved to its item and summed per item, criterion and unit price, one group per
 * usage line. The groups are kept by subscription for the subscription phase, which decides
 * whether the subscription may bill them when it reads that subscription anyway.
 *
 * Items and subscriptions cannot change during a pass (the engine runs one writer at a time), so
 * what a reference resolves to is looked up once per pass, not once per transaction. The
 * references a page meets for the first time are read from the store for the whole page, and the
 * next page's while this page's are resolved: the reads of a page wait on the store, and the pass
 * has nothing else to do meanwhile.
 */
import {add, toRational} from '../primitives/decimal.js';
import type {Item, Transaction} from '../records/schemas.js';
import type {PassContext} from './pass-context.js';
import {sourceError} from './source-issues.js';

/** The transactions of one item with one criterion and one unit price: one usage line. */
export interface UsageGroup {
  readonly item: Item;
  readonly criterion: string | null;
  /** Decimals are normalized at import, so equal prices have equal spellings. */
  readonly price: string;
  /**
   * The sum of the quantities as a fraction not yet reduced: a quantity with the same denominator
   * (whole quantities, the usual case) adds to the numerator alone. `usageLine` reduces it.
   */
  quantityNum: bigint;
  quantityDen: bigint;
  /** Earliest and latest transaction date; `YYYY-MM-DD` strings compare as dates. */
  firstDate: string;
  lastDate: string;
  readonly transactionIds: string[];
}

/** Usage groups by the id of their item's subscription. */
export type UsageBySubscription = Map<string, UsageGroup[]>;

/**
 * What a transaction's `itemId` or `orderNo` resolves to. An item's reference also carries the
 * usage groups of that item found so far, so a transaction finds its group without building keys.
 */
type ItemReference = ItemUsage | {readonly kind: 'none' | 'ambiguous'};

interface ItemUsage {
  readonly kind: 'item';
  readonly item: Item;
  readonly groups: UsageGroup[];
}

const NO_REFERENCE: ItemReference = {kind: 'none'};

interface References {
  readonly byItemId: Map<string, ItemReference>;
  readonly byOrderNo: Map<string, ItemReference>;
}

/** References being read for earlier pages. */
interface Reading {
  readonly itemIds: Set<string>;
  readonly orderNos: Set<string>;
}

/** A page of the unbilled scan, sorted and with the reads of its new references under way. */
interface UsagePage {
  /** Transactions on the page, in scope or not (for progress). */
  readonly size: number;
  readonly inScope: readonly Transaction[];
  /** The reference of each transaction in scope; undefined: resolved with this or an earlier page. */
  readonly known: readonly (ItemReference | undefined)[];
  /** References first met on this page, and their reads (by item id, by order number). */
  readonly itemIds: ReadonlySet<string>;
  readonly orderNos: ReadonlySet<string>;
  readonly reads: Promise<readonly [Map<string, Item>, Map<string, Item[]>]> | undefined;
}

/** Only an active transactional item bills usage. */
function billsUsage(item: Item): boolean {
  return item.active && item.billingType === 'transactional';
}

export async function collectUsage(pass: PassContext): Promise<UsageBySubscription> {
  const {store, config} = pass.options;
  const usage: UsageBySubscription = new Map();
  const references: References = {byItemId: new Map(), byOrderNo: new Map()};
  const reading: Reading = {itemIds: new Set(), orderNos: new Set()};
  const scan = store.scanUnbilledTransactions(
    config.periodStart,
    config.periodEnd,
    pass.chunkSize * 4,
  );
  const pages = scan[Symbol.asyncIterator]();
  const prepareNext = () =>
    pages
      .next()
      .then((page) => (page.done ? undefined : preparePage(pass, page.value, references, reading)));
  let next = prepareNext();
  let done = 0;
  try {
    for (;;) {
      const page = await next;
      if (page === undefined || pass.cancelled()) break;
      next = prepareNext();
      await billPageUsage(pass, page, references, reading, usage);
      done += page.size;
      pass.progress('transactions', done, -1);
    }
  } finally {
    next.catch(() => undefined); // a page prepared for a pass that stopped early
    await pages.return?.();
  }
  return usage;
}

/**
 * Sorts a page's transactions in scope from the rest and starts reading the references neither
 * resolved nor being read yet.
 */
function preparePage(
  pass: PassContext,
  chunk: readonly Transaction[],
  references: References,
  reading: Reading,
): UsagePage {
  const inScope: Transaction[] = [];
  const known: (ItemReference | undefined)[] = [];
  const itemIds = new Set<string>();
  const orderNos = new Set<string>();
  for (const transaction of chunk) {
    if (!matchesAny(pass.filters.transactionMatchers, transaction)) continue;
    let reference: ItemReference | undefined = NO_REFERENCE;
    if (transaction.itemId !== undefined) {
      reference = references.byItemId.get(transaction.itemId);
      if (reference === undefined && !reading.itemIds.has(transaction.itemId)) {
        itemIds.add(transaction.itemId);
      }
    } else if (transaction.orderNo !== undefined) {
      reference = references.byOrderNo.get(transaction.orderNo);
      if (reference === undefined && !reading.orderNos.has(transaction.orderNo)) {
        orderNos.add(transaction.orderNo);
      }
    }
    inScope.push(transaction);
    known.push(reference);
  }
  for (const id of itemIds) reading.itemIds.add(id);
  for (const orderNo of orderNos) reading.orderNos.add(orderNo);
  const {store} = pass.options;
  const reads =
    itemIds.size === 0 && orderNos.size === 0
      ? undefined
      : Promise.all([
          store.readItems(itemIds),
          store.readTransactionalItemsByOrderNo(orderNos),
        ] as const);
  reads?.catch(() => undefined); // awaited by billPageUsage; a failure surfaces there
  return {size: chunk.length, inScope, known, itemIds, orderNos, reads};
}

/** Resolves a page's new references (pages in scan order) and adds its transactions' usage. */
async function billPageUsage(
  pass: PassContext,
  page: UsagePage,
  references: References,
  reading: Reading,
  usage: UsageBySubscription,
): Promise<void> {
  const {scope} = pass.options;
  if (page.reads !== undefined) {
    const [byId, byOrderNo] = await page.reads;
    resolveReferences(page.itemIds, page.orderNos, byId, byOrderNo, references);
    for (const id of page.itemIds) reading.itemIds.delete(id);
    for (const orderNo of page.orderNos) reading.orderNos.delete(orderNo);
  }
  const reportUnmatched = scope?.subscriptions === undefined;
  const {inScope, known} = page;
  for (let i = 0; i < inScope.length; i++) {
    const transaction = inScope[i]!;
    const reference = known[i] ?? referenceOf(references, transaction);
    if (reference.kind !== 'item') {
      if (reportUnmatched) {
        const code = reference.kind === 'ambiguous' ? 'AMBIGUOUS_ITEM' : 'NO_MATCHING_ITEM';
        pass.tally.error(
          sourceError('transaction', transaction.id, code, describeReference(transaction)),
        );
      }
      continue;
    }
    if (
      scope?.subscriptions !== undefined &&
      !scope.subscriptions.has(reference.item.subscriptionId)
    ) {
      continue;
    }
    // Whether the subscription may bill it is known when its chunk is billed.
    addUsage(usage, reference, transaction);
  }
}

/** Records what item ids and order numbers resolve to, from the items read for them. */
function resolveReferences(
  itemIds: ReadonlySet<string>,
  orderNos: ReadonlySet<string>,
  byId: ReadonlyMap<string, Item>,
  byOrderNo: ReadonlyMap<string, readonly Item[]>,
  references: References,
): void {
  for (const id of itemIds) {
    // Met through an order number on an earlier page meanwhile: keep that reference, its groups.
    if (references.byItemId.has(id)) continue;
    const item = byId.get(id);
    references.byItemId.set(
      id,
      item !== undefined && billsUsage(item) ? itemUsage(item) : NO_REFERENCE,
    );
  }
  for (const orderNo of orderNos) {
    const matching = (byOrderNo.get(orderNo) ?? []).filter(billsUsage);
    // An order number and an item id that name the same item share its usage groups.
    const reference: ItemReference =
      matching.length === 1
        ? (references.byItemId.get(matching[0]!.id) ?? itemUsage(matching[0]!))
        : {kind: matching.length === 0 ? 'none' : 'ambiguous'};
    if (reference.kind === 'item') references.byItemId.set(reference.item.id, reference);
    references.byOrderNo.set(orderNo, reference);
  }
}

function referenceOf(references: References, transaction: Transaction): ItemReference {
  if (transaction.itemId !== undefined) return references.byItemId.get(transaction.itemId)!;
  if (transaction.orderNo !== undefined) return references.byOrderNo.get(transaction.orderNo)!;
  return NO_REFERENCE;
}

function itemUsage(item: Item): ItemUsage {
  return {kind: 'item', item, groups: []};
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
    if (quantity.den === group.quantityDen) {
      group.quantityNum += quantity.num;
    } else {
      const sum = add({num: group.quantityNum, den: group.quantityDen}, quantity);
      group.quantityNum = sum.num;
      group.quantityDen = sum.den;
    }
    if (transaction.date < group.firstDate) group.firstDate = transaction.date;
    if (transaction.date > group.lastDate) group.lastDate = transaction.date;
    group.transactionIds.push(transaction.id);
    return;
  }
  const group: UsageGroup = {
    item,
    criterion,
    price,
    quantityNum: quantity.num,
    quantityDen: quantity.den,
    firstDate: transaction.date,
    lastDate: transaction.date,
    transactionIds: [transaction.id],
  };
  groups.push(group);
  const ofSubscription = usage.get(item.subscriptionId);
  if (ofSubscription === undefined) usage.set(item.subscriptionId, [group]);
  else ofSubscription.push(group);
}
