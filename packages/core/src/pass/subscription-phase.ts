/**
 * The subscription phase (billing.md sections 4, 5 and 8): the subscriptions a chunk at a time,
 * each in-scope subscription with the lines its active items owe and the usage the usage phase
 * found for it, one draft invoice per subscription and criterion. A chunk's invoices are committed
 * with the ledgers of the subscriptions they bill.
 *
 * The store reads the next chunk while the pass bills and commits this one: chunks hold disjoint
 * subscriptions, so a chunk never reads what the commit before it writes.
 */
import type {InvoiceDraft} from '../billing/invoices.js';
import {planItem, type ItemLedger} from '../billing/item-billing.js';
import type {Account, Subscription} from '../records/schemas.js';
import type {SubscriptionLedgers} from '../store/store.js';
import {addToPart, itemLine, ledgerAfter, usageLine, type CriterionParts} from './lines.js';
import type {PassContext} from './pass-context.js';
import {readAhead} from './read-ahead.js';
import {issue, sourceError} from './source-issues.js';
import type {UsageBySubscription, UsageGroup} from './usage-phase.js';

export async function billSubscriptions(
  pass: PassContext,
  usage: UsageBySubscription,
): Promise<void> {
  const {store, scope} = pass.options;
  const usageOnlyInFilter = scope?.usageOnlyInFilter === true;
  const {subscriptionMatches, everySubscription} = pass.filters;
  let done = 0;
  const only = scope?.subscriptions === undefined ? undefined : [...scope.subscriptions];
  for await (const chunk of readAhead(store.scanSubscriptionChunks(pass.chunkSize, only))) {
    if (pass.cancelled()) break;
    const {subscriptions, accounts, items: itemsBySubscription, ledgers} = chunk;
    // In scope (section 4): active, matching the filter, of an existing active account.
    const billableIds = new Set<string>();
    for (const sub of subscriptions) {
      if (sub.status !== 'active') continue;
      const account = accounts.get(sub.accountId);
      // The subject (the subscription with its account) is built only for a filter that reads it
      // (measured: a run 4-7 % faster with the usual filter `{"all": []}`).
      if (!everySubscription && !subscriptionMatches({...sub, account: account ?? null})) {
        continue;
      }
      if (account === undefined) {
        pass.tally.error(
          sourceError('subscription', sub.id, 'ACCOUNT_NOT_FOUND', ` (${sub.accountId})`),
        );
        continue;
      }
      if (account.active) billableIds.add(sub.id);
    }

    const drafts: InvoiceDraft[] = [];
    const ledgerUpdates: SubscriptionLedgers[] = [];
    for (const subscription of subscriptions) {
      const parts: CriterionParts = new Map();
      const billable = billableIds.has(subscription.id);
      if (billable) {
        const kept = ledgers.get(subscription.id) ?? NO_LEDGERS;
        const updated: ItemLedger[] = [];
        for (const item of itemsBySubscription.get(subscription.id) ?? []) {
          if (!item.active || item.billingType === 'transactional') continue;
          const ledger = kept.find((each) => each.itemId === item.id);
          const plan = planItem(item, subscription, ledger, pass.period);
          if (plan.kind === 'error') {
            pass.tally.error(sourceError('item', item.id, plan.code));
            continue;
          }
          if (plan.lines.length === 0) continue;
          const criterion = item.invoiceCriterion ?? null;
          for (const planned of plan.lines) {
            addToPart(parts, criterion, itemLine(item, planned, pass.period.start));
          }
          if (plan.unbilledHistory) {
            pass.tally.warning(
              issue(
                'item',
                item.id,
                'UNBILLED_HISTORY',
                `Item ${item.id} is billed from ${plan.fixesBillingStart}; its active days before that will not be billed.`,
              ),
            );
          }
          updated.push(ledgerAfter(item, ledger, plan.lines, plan.fixesBillingStart));
        }
        if (updated.length > 0) {
          ledgerUpdates.push({
            subscriptionId: subscription.id,
            ledgers: withUpdated(kept, updated),
          });
        }
      }
      const account = accounts.get(subscription.accountId);
      const usageGroups = usage.get(subscription.id);
      if (usageGroups !== undefined) {
        usage.delete(subscription.id);
        // Usage bills onto an active subscription of an active account, in the filter or not
        // (View Remaining and restore: only in it).
        if (subscription.status !== 'active' || account?.active !== true) {
          unbillableUsage(pass, subscription.id, usageGroups);
        } else if (!usageOnlyInFilter || billable) {
          for (const group of usageGroups) {
            addToPart(parts, group.item.invoiceCriterion ?? null, usageLine(group));
          }
        }
      }
      if (parts.size === 0 || account === undefined) continue;
      subscriptionDrafts(pass, subscription, account, parts, drafts);
    }
    await pass.commit(drafts, ledgerUpdates, new Map());
    done += subscriptions.length;
    pass.progress('subscriptions', done, -1);
  }
  // Usage left over names subscriptions that do not exist (a pass that stopped early did not
  // reach the rest: nothing to say about them).
  if (pass.stopped) return;
  for (const [subscriptionId, groups] of usage) unbillableUsage(pass, subscriptionId, groups);
}

const NO_LEDGERS: readonly ItemLedger[] = [];

/** A subscription's ledgers with `updated` in place of those of the same items, by item id. */
function withUpdated(
  kept: readonly ItemLedger[],
  updated: readonly ItemLedger[],
): readonly ItemLedger[] {
  if (kept.length === 0) return updated;
  const byItem = new Map(kept.map((ledger) => [ledger.itemId, ledger]));
  for (const ledger of updated) byItem.set(ledger.itemId, ledger);
  return [...byItem.values()].sort((a, b) =>
    a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0,
  );
}

/** Reports each transaction of `groups` as belonging to a subscription that may not bill. */
function unbillableUsage(
  pass: PassContext,
  subscriptionId: string,
  groups: readonly UsageGroup[],
): void {
  for (const group of groups) {
    for (const id of group.transactionIds) {
      pass.tally.error(
        sourceError('transaction', id, 'SUBSCRIPTION_NOT_BILLABLE', ` (${subscriptionId})`),
      );
    }
  }
}

/** Adds one draft per part (invoice criterion) of a subscription's lines to `drafts`. */
function subscriptionDrafts(
  pass: PassContext,
  subscription: Subscription,
  account: Account,
  parts: CriterionParts,
  drafts: InvoiceDraft[],
): void {
  const {settings, config} = pass.options;
  const currency = subscription.currency ?? account.currency ?? settings.currency;
  const paymentDueDays =
    subscription.paymentDueDays ?? account.paymentDueDays ?? settings.paymentDueDays ?? 0;
  for (const [criterion, lines] of parts) {
    drafts.push({
      subscriptionId: subscription.id,
      accountId: account.id,
      criterion,
      currency,
      invoiceDate: config.invoiceDate,
      paymentDueDays,
      lines,
      recordIds: [],
    });
  }
}
