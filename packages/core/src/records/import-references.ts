/**
 * Warnings for imported records that name a record stored nowhere: an item whose subscription,
 * a subscription or generic record whose account, a transaction whose item does not exist, neither
 * in the store nor in the same import. They are stored all the same (billing.md imports upsert the
 * valid records; a later import may add what they name, in any order), and a run reports them
 * when it meets them (`SUBSCRIPTION_NOT_BILLABLE`, `ACCOUNT_NOT_FOUND`, `NO_MATCHING_ITEM`); the
 * warning says so at the moment the data comes in, where the mistake can still be fixed.
 */
import type {Item} from './schemas.js';
import type {BillingStore} from '../store/store.js';
import type {ImportWarning, ValidRecords} from './validation.js';

/** Subscriptions read per step to find which exist (only those the import itself lacks). */
const CHUNK = 500;

function missing(wanted: Iterable<string>, present: ReadonlySet<string>): string[] {
  const list: string[] = [];
  for (const id of new Set(wanted)) if (!present.has(id)) list.push(id);
  return list;
}

async function storedSubscriptions(
  store: BillingStore,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (ids.length === 0) return found;
  for await (const chunk of store.scanSubscriptionChunks(CHUNK, ids)) {
    for (const subscription of chunk.subscriptions) found.add(subscription.id);
  }
  return found;
}

/** The warnings of records in `valid` that name a record found neither there nor in `store`. */
export async function referenceWarnings(
  valid: ValidRecords,
  store: BillingStore,
): Promise<ImportWarning[]> {
  const warnings: ImportWarning[] = [];

  // Accounts named by subscriptions and generic records.
  const accounts = new Set(valid.accounts.map((account) => account.id));
  const accountIds = missing(
    [...valid.subscriptions, ...valid.records].map((record) => record.accountId),
    accounts,
  );
  for (const id of (await store.readAccounts(accountIds)).keys()) accounts.add(id);
  for (const kind of ['subscriptions', 'records'] as const) {
    for (const record of valid[kind]) {
      if (accounts.has(record.accountId)) continue;
      warnings.push({
        kind,
        id: record.id,
        path: 'accountId',
        code: 'UNKNOWN_ACCOUNT',
        message: `account "${record.accountId}" is not stored; a run bills nothing for it until an import adds that account`,
      });
    }
  }

  // Subscriptions named by items.
  const subscriptions = new Set(valid.subscriptions.map((subscription) => subscription.id));
  const subscriptionIds = missing(
    valid.items.map((item) => item.subscriptionId),
    subscriptions,
  );
  for (const id of await storedSubscriptions(store, subscriptionIds)) subscriptions.add(id);
  for (const item of valid.items) {
    if (subscriptions.has(item.subscriptionId)) continue;
    warnings.push({
      kind: 'items',
      id: item.id,
      path: 'subscriptionId',
      code: 'UNKNOWN_SUBSCRIPTION',
      message: `subscription "${item.subscriptionId}" is not stored; the item is not billed until an import adds that subscription`,
    });
  }

  // Items named by transactions: by id, or (without one) transactional items by order number.
  const items = new Set(valid.items.map((item) => item.id));
  const itemIds = missing(
    valid.transactions.flatMap((transaction) =>
      transaction.itemId === undefined ? [] : [transaction.itemId],
    ),
    items,
  );
  for (const id of (await store.readItems(itemIds)).keys()) items.add(id);
  const orderNos = new Set(
    valid.items
      .filter((item): item is Item & {orderNo: string} => item.orderNo !== undefined)
      .filter((item) => item.billingType === 'transactional')
      .map((item) => item.orderNo),
  );
  const orderNoIds = missing(
    valid.transactions.flatMap((transaction) =>
      transaction.itemId === undefined && transaction.orderNo !== undefined
        ? [transaction.orderNo]
        : [],
    ),
    orderNos,
  );
  // Order numbers are looked up in one pass over the stored transactional items, and only when
  // an import carries a transaction whose order number none of its own items has.
  if (orderNoIds.length > 0) {
    for await (const page of store.scanTransactionalItems(1000)) {
      for (const item of page) if (item.orderNo !== undefined) orderNos.add(item.orderNo);
    }
  }
  for (const transaction of valid.transactions) {
    const {itemId, orderNo} = transaction;
    if (itemId !== undefined ? items.has(itemId) : orderNo === undefined || orderNos.has(orderNo)) {
      continue;
    }
    warnings.push({
      kind: 'transactions',
      id: transaction.id,
      path: itemId !== undefined ? 'itemId' : 'orderNo',
      code: 'UNKNOWN_ITEM',
      message:
        itemId !== undefined
          ? `item "${itemId}" is not stored; the transaction is not billed until an import adds that item`
          : `no transactional item has order number "${orderNo}"; the transaction is not billed until an import adds one`,
    });
  }
  return warnings;
}
