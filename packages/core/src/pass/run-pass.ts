/**
 * One pass of an invoice run over the store (billing.md sections 4 to 8): the usage pre-pass, the
 * subscription part in chunks, then the generic part. Runs, restores, previews and View Remaining
 * are all this pass with different options. Each chunk's invoices are written in one store
 * transaction with the coverage and links they bring, so a cancelled or crashed pass leaves only
 * whole invoices.
 */
import {toEpochDay, toIsoDate, type EpochDay, type IsoDate} from '../primitives/dates.js';
import {add, formatFraction, ONE, rational, toRational, ZERO} from '../primitives/decimal.js';
import {compileCondition, matchesEverything} from '../records/filter-condition.js';
import {addCoveredDays} from '../billing/coverage.js';
import {
  addTotals,
  buildInvoice,
  compareCodeUnits,
  CurrencySums,
  type InvoiceDraft,
  type LineDraft,
} from '../billing/invoices.js';
import {planItem, type ItemLedger, type PlannedItemLine} from '../billing/item-billing.js';
import type {
  CurrencyTotal,
  Invoice,
  ResolvedRunConfig,
  RunCounters,
  RunIssues,
  RunRecord,
  SourceErrorCode,
  SourceIssue,
  SourceKind,
  WarningCode,
} from '../records/model.js';
import type {
  Account,
  Filter,
  GenericRecord,
  Item,
  Settings,
  Subscription,
  Transaction,
} from '../records/schemas.js';
import type {BillingStore, RecordBuildError} from '../store/store.js';
import {FiguresTally} from '../billing/run-figures.js';

export const DEFAULT_CHUNK_SIZE = 250;

export interface RunProgress {
  readonly phase: 'transactions' | 'subscriptions' | 'records';
  readonly done: number;
  /** -1 when the total is not known in advance. */
  readonly total: number;
}

export interface PassScope {
  /** Only these subscriptions (restore); absent: all. */
  readonly subscriptions?: ReadonlySet<string>;
  /** Only these generic records (restore); absent: all. */
  readonly records?: ReadonlySet<string>;
  /**
   * View Remaining and restore bill usage only onto subscriptions that match the run's
   * subscription filter; a plain run bills usage onto any billable subscription.
   */
  readonly usageOnlyInFilter: boolean;
}

export interface PassOptions {
  readonly store: BillingStore;
  readonly settings: Settings;
  readonly filters: readonly Filter[];
  readonly config: ResolvedRunConfig;
  /** The run the invoices go to; null for a preview: nothing is stored. */
  readonly run: RunRecord | null;
  readonly scope?: PassScope;
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Receives each chunk's invoices once they are stored (or made, for a preview). */
  readonly onInvoices?: (invoices: readonly Invoice[]) => void;
}

export interface PassOutcome {
  readonly counters: RunCounters;
  readonly totals: readonly CurrencyTotal[];
  readonly errors: SourceIssue<SourceErrorCode>[];
  readonly warnings: SourceIssue<WarningCode>[];
  readonly cancelled: boolean;
  /** The run as stored after the pass (null for a preview). */
  readonly run: RunRecord | null;
}

/**
 * What a transaction's `itemId` or `orderNo` resolves to. An item's reference also carries the
 * usage groups of that item found so far, so a transaction finds its group without building keys.
 * Whether the item's subscription may bill usage is decided when its chunk is billed, from the
 * subscription and account that chunk reads anyway (looking them up per referenced item here was
 * two reads per item, most of the usage phase's IndexedDB time).
 */
type ItemReference = ItemUsage | {readonly kind: 'none' | 'ambiguous'};

interface ItemUsage {
  readonly kind: 'item';
  readonly item: Item;
  /** The item's unit price, for transactions without their own (read here, not from the item). */
  readonly unitPrice: string;
  readonly groups: UsageGroup[];
}

const NO_REFERENCE: ItemReference = {kind: 'none'};

/** Only an active transactional item bills usage. */
function billsUsage(item: Item): boolean {
  return item.active && item.billingType === 'transactional';
}

/** The transactions of one item with one criterion and one unit price: one usage line. */
interface UsageGroup {
  readonly item: Item;
  readonly criterion: string | null;
  /** Decimals are normalized at import, so equal prices have equal spellings. */
  readonly price: string;
  /**
   * The sum of the quantities as a fraction not yet reduced: a quantity with the same denominator
   * (whole quantities, the usual case) adds to the numerator alone, with no new fraction per
   * transaction. `usageLine` reduces it.
   */
  quantityNum: bigint;
  quantityDen: bigint;
  /** Earliest and latest transaction date; `YYYY-MM-DD` strings compare as dates. */
  firstDate: string;
  lastDate: string;
  readonly transactionIds: string[];
}

const ERROR_MESSAGES: Record<SourceErrorCode, string> = {
  ACCOUNT_NOT_FOUND: 'names an account that does not exist',
  MISSING_BILLING_PERIOD: 'is a recurring item without a billing period',
  NO_MATCHING_ITEM: 'matches no active transactional item',
  AMBIGUOUS_ITEM: 'matches several active transactional items by order number',
  SUBSCRIPTION_NOT_BILLABLE:
    'belongs to a subscription that is not active or whose account is not active',
  ACCOUNT_NOT_BILLABLE: 'belongs to an inactive account',
  NO_LINES: 'has no lines to bill',
};

function issue<Code extends string>(
  source: SourceKind,
  id: string,
  code: Code,
  message: string,
): SourceIssue<Code> {
  return {source, id, code, message};
}

function sourceError(
  source: SourceKind,
  id: string,
  code: SourceErrorCode,
  detail = '',
): SourceIssue<SourceErrorCode> {
  return issue(source, id, code, `${capitalize(source)} ${id} ${ERROR_MESSAGES[code]}${detail}.`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The mutable state of a pass: what it has made, found and stored so far. */
class PassLedger {
  counters = {invoices: 0, credits: 0, lines: 0, errors: 0};
  totals: CurrencyTotal[] = [];
  readonly errors: SourceIssue<SourceErrorCode>[] = [];
  readonly warnings: SourceIssue<WarningCode>[] = [];
  /** Issues found since the last commit, added to the run record with the next one. */
  private pendingErrors: SourceIssue<SourceErrorCode>[] = [];
  private pendingWarnings: SourceIssue<WarningCode>[] = [];
  private nextIndex: number;

  constructor(private run: RunRecord | null) {
    this.nextIndex = run?.invoicesMade ?? 0;
  }

  get storedRun(): RunRecord | null {
    return this.run;
  }

  error(error: SourceIssue<SourceErrorCode>): void {
    this.errors.push(error);
    this.pendingErrors.push(error);
    this.counters.errors++;
  }

  warning(warning: SourceIssue<WarningCode>): void {
    this.warnings.push(warning);
    this.pendingWarnings.push(warning);
  }

  /** The invoices of `drafts`, with their totals per currency. */
  makeInvoices(drafts: readonly InvoiceDraft[]): {invoices: Invoice[]; totals: CurrencyTotal[]} {
    const runId = this.run?.id ?? null;
    const prefix = `${runId ?? 'preview'}:`;
    const sums = new CurrencySums();
    const invoices = drafts.map((draft) => {
      const index = this.nextIndex++;
      return buildInvoice(draft, {id: `${prefix}${index}`, runId, index}, sums);
    });
    return {invoices, totals: sums.totals()};
  }

  /** Whether issues were found since the last commit. */
  get hasPendingIssues(): boolean {
    return this.pendingErrors.length > 0 || this.pendingWarnings.length > 0;
  }

  /**
   * Counts the invoices into the pass; returns the run record that includes them and the issues
   * found since the previous commit, to be stored with them.
   */
  addInvoices(
    invoices: readonly Invoice[],
    totals: readonly CurrencyTotal[],
  ): {run: RunRecord; issues: RunIssues} | null {
    const added = {invoices: 0, credits: 0, lines: 0};
    for (const invoice of invoices) {
      if (invoice.class === 'credit') added.credits++;
      else added.invoices++;
      added.lines += invoice.lines.length;
    }
    this.counters.invoices += added.invoices;
    this.counters.credits += added.credits;
    this.counters.lines += added.lines;
    this.totals = addTotals(this.totals, totals);
    if (this.run === null) return null;
    const run = this.run;
    this.run = {
      ...run,
      counters: {
        invoices: run.counters.invoices + added.invoices,
        credits: run.counters.credits + added.credits,
        lines: run.counters.lines + added.lines,
        errors: run.counters.errors + this.pendingErrors.length,
      },
      warningCount: run.warningCount + this.pendingWarnings.length,
      totals: addTotals(run.totals, totals),
      current: withChunk(run.current, invoices, totals),
      invoicesMade: this.nextIndex,
    };
    const issues = {errors: this.pendingErrors, warnings: this.pendingWarnings};
    this.pendingErrors = [];
    this.pendingWarnings = [];
    return {run: this.run, issues};
  }
}

/** A run's `current` figures with a chunk's new invoices, summed by the pass as `totals`. */
function withChunk(
  current: RunRecord['current'],
  invoices: readonly Invoice[],
  totals: readonly CurrencyTotal[],
): RunRecord['current'] {
  const tally = new FiguresTally(current);
  tally.countSummed(invoices, totals);
  return tally.figures();
}

export async function runPass(options: PassOptions): Promise<PassOutcome> {
  const pass = new RunPassExecution(options);
  return pass.execute();
}

class RunPassExecution {
  private readonly ledger: PassLedger;
  private readonly period: {start: EpochDay; end: EpochDay};
  private readonly chunkSize: number;
  private readonly subscriptionMatches: (subject: unknown) => boolean;
  /** No subscription filter, or one that matches everything (`{"all": []}`). */
  private readonly everySubscription: boolean;
  private readonly transactionMatchers: ((subject: unknown) => boolean)[];
  private readonly genericMatchers: {
    object: string | undefined;
    test: (subject: unknown) => boolean;
  }[];
  private cancelled = false;

  constructor(private readonly options: PassOptions) {
    const {config, filters} = options;
    this.ledger = new PassLedger(options.run);
    this.period = {start: toEpochDay(config.periodStart), end: toEpochDay(config.periodEnd)};
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const byId = new Map(filters.map((filter) => [filter.id, filter]));
    const filterOf = (id: string): Filter => {
      const filter = byId.get(id);
      if (filter === undefined) throw new Error(`Filter ${id} vanished during the run`);
      return filter;
    };
    this.subscriptionMatches =
      config.subscriptionFilter === null
        ? () => true
        : compileCondition(filterOf(config.subscriptionFilter).condition);
    this.everySubscription =
      config.subscriptionFilter === null || matchesEverything(this.subscriptionMatches);
    this.transactionMatchers = config.transactionFilters.map((id) =>
      compileCondition(filterOf(id).condition),
    );
    this.genericMatchers = config.genericFilters.map((id) => {
      const filter = filterOf(id);
      return {object: filter.object, test: compileCondition(filter.condition)};
    });
  }

  async execute(): Promise<PassOutcome> {
    const usage = this.transactionMatchers.length > 0 ? await this.collectUsage() : new Map();
    if (!this.cancelled) await this.billSubscriptions(usage);
    if (!this.cancelled && this.genericMatchers.length > 0) await this.billRecords();
    // Issues found after the last stored chunk are stored on their own.
    if (this.ledger.hasPendingIssues) await this.store([], [], new Map());
    return {
      counters: {...this.ledger.counters},
      totals: this.ledger.totals,
      errors: this.ledger.errors,
      warnings: this.ledger.warnings,
      cancelled: this.cancelled,
      run: this.ledger.storedRun,
    };
  }

  private checkCancelled(): boolean {
    if (this.options.signal?.aborted) this.cancelled = true;
    return this.cancelled;
  }

  private progress(phase: RunProgress['phase'], done: number, total: number): void {
    this.options.onProgress?.({phase, done, total});
  }

  // Usage (section 6): resolve each transaction in scope to its item, then sum per item,
  // criterion and unit price. Keyed by subscription, for the subscription part to pick up.
  // Items and subscriptions cannot change during a pass (the engine runs one writer at a time),
  // so what a reference resolves to is looked up once per pass, not once per transaction.
  // A transaction costs one map look-up of its reference when the reference is known; the
  // references a chunk meets for the first time are read from the store for the whole chunk.
  // The next page's references are read while this page's are (`UsagePage`): the reads of a
  // page wait on the store, and the pass has nothing else to do meanwhile.
  private async collectUsage(): Promise<Map<string, UsageGroup[]>> {
    const {store, config} = this.options;
    const usage = new Map<string, UsageGroup[]>();
    const references: References = {byItemId: new Map(), byOrderNo: new Map()};
    const reading = {itemIds: new Set<string>(), orderNos: new Set<string>()};
    const scan = store.scanUnbilledTransactions(
      config.periodStart,
      config.periodEnd,
      this.chunkSize * 4,
    );
    const pages = scan[Symbol.asyncIterator]();
    const prepareNext = () =>
      pages
        .next()
        .then((page) =>
          page.done ? undefined : this.preparePage(page.value, references, reading),
        );
    let next = prepareNext();
    let done = 0;
    try {
      for (;;) {
        const page = await next;
        if (page === undefined || this.checkCancelled()) break;
        next = prepareNext();
        await this.billPageUsage(page, references, reading, usage);
        done += page.size;
        this.progress('transactions', done, -1);
      }
    } finally {
      next.catch(() => undefined); // a page prepared for a pass that stopped early
      await pages.return?.();
    }
    return usage;
  }

  /**
   * Sorts a page's transactions in scope from the rest and starts reading the references neither
   * resolved nor being read yet (`reading` holds those being read for earlier pages).
   */
  private preparePage(
    chunk: readonly Transaction[],
    references: References,
    reading: {itemIds: Set<string>; orderNos: Set<string>},
  ): UsagePage {
    const inScope: Transaction[] = [];
    const known: (ItemReference | undefined)[] = [];
    const itemIds = new Set<string>();
    const orderNos = new Set<string>();
    for (const transaction of chunk) {
      if (!matchesAny(this.transactionMatchers, transaction)) continue;
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
    const {store} = this.options;
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
  private async billPageUsage(
    page: UsagePage,
    references: References,
    reading: {itemIds: Set<string>; orderNos: Set<string>},
    usage: Map<string, UsageGroup[]>,
  ): Promise<void> {
    const {scope} = this.options;
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
          this.ledger.error(
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

  // The subscription part (section 5), with each subscription's usage, a chunk at a time.
  private async billSubscriptions(usage: Map<string, UsageGroup[]>): Promise<void> {
    const {store, scope} = this.options;
    const usageOnlyInFilter = scope?.usageOnlyInFilter === true;
    let done = 0;
    const only = scope?.subscriptions === undefined ? undefined : [...scope.subscriptions];
    for await (const chunk of store.scanSubscriptionChunks(this.chunkSize, only)) {
      if (this.checkCancelled()) break;
      const {subscriptions, accounts, items: itemsBySubscription, ledgers} = chunk;
      const billableIds = new Set<string>();
      for (const sub of subscriptions) {
        if (sub.status !== 'active') continue;
        const account = accounts.get(sub.accountId);
        // The subject (the subscription with its account) is built only for a filter that reads it.
        if (
          !this.everySubscription &&
          !this.subscriptionMatches({...sub, account: account ?? null})
        ) {
          continue;
        }
        if (account === undefined) {
          this.ledger.error(
            sourceError('subscription', sub.id, 'ACCOUNT_NOT_FOUND', ` (${sub.accountId})`),
          );
          continue;
        }
        if (account.active) billableIds.add(sub.id);
      }

      const drafts: InvoiceDraft[] = [];
      const ledgerUpdates: ItemLedger[] = [];
      const parts = new CriterionParts();
      for (const subscription of subscriptions) {
        parts.clear();
        const billable = billableIds.has(subscription.id);
        if (billable) {
          for (const item of itemsBySubscription.get(subscription.id) ?? []) {
            if (!item.active || item.billingType === 'transactional') continue;
            const ledger = ledgers.get(item.id);
            const plan = planItem(item, subscription, ledger, this.period);
            if (plan.kind === 'error') {
              this.ledger.error(sourceError('item', item.id, plan.code));
              continue;
            }
            if (plan.lines.length === 0) continue;
            const criterion = item.invoiceCriterion ?? null;
            for (const planned of plan.lines) {
              parts.addLine(criterion, itemLine(item, planned, this.period.start));
            }
            if (plan.unbilledHistory) {
              this.ledger.warning(
                issue(
                  'item',
                  item.id,
                  'UNBILLED_HISTORY',
                  `Item ${item.id} is billed from ${plan.fixesBillingStart}; its active days before that will not be billed.`,
                ),
              );
            }
            ledgerUpdates.push(ledgerAfter(item, ledger, plan.lines, plan.fixesBillingStart));
          }
        }
        const account = accounts.get(subscription.accountId);
        const usageGroups = usage.get(subscription.id);
        if (usageGroups !== undefined) {
          usage.delete(subscription.id);
          // Usage bills onto an active subscription of an active account, in the filter or not
          // (View Remaining and restore: only in it).
          if (subscription.status !== 'active' || account?.active !== true) {
            this.unbillableUsage(subscription.id, usageGroups);
          } else if (!usageOnlyInFilter || billable) {
            for (const group of usageGroups) {
              parts.addLine(group.item.invoiceCriterion ?? null, usageLine(group));
            }
          }
        }
        if (parts.count === 0 || account === undefined) continue;
        this.subscriptionDrafts(subscription, account, parts, drafts);
      }
      await this.store(drafts, ledgerUpdates, new Map());
      done += subscriptions.length;
      this.progress('subscriptions', done, -1);
    }
    // Usage left over names subscriptions that do not exist (a pass that stopped early did not
    // reach the rest: nothing to say about them).
    if (this.cancelled) return;
    for (const [subscriptionId, groups] of usage) this.unbillableUsage(subscriptionId, groups);
  }

  /** Reports each transaction of `groups` as belonging to a subscription that may not bill. */
  private unbillableUsage(subscriptionId: string, groups: readonly UsageGroup[]): void {
    for (const group of groups) {
      for (const id of group.transactionIds) {
        this.ledger.error(
          sourceError('transaction', id, 'SUBSCRIPTION_NOT_BILLABLE', ` (${subscriptionId})`),
        );
      }
    }
  }

  /** Adds one draft per part (invoice criterion) of a subscription's lines to `drafts`. */
  private subscriptionDrafts(
    subscription: Subscription,
    account: Account,
    parts: CriterionParts,
    drafts: InvoiceDraft[],
  ): void {
    const {settings, config} = this.options;
    const currency = subscription.currency ?? account.currency ?? settings.currency;
    const paymentDueDays =
      subscription.paymentDueDays ?? account.paymentDueDays ?? settings.paymentDueDays ?? 0;
    for (let part = 0; part < parts.count; part++) {
      drafts.push({
        subscriptionId: subscription.id,
        accountId: account.id,
        criterion: parts.criterion(part),
        currency,
        invoiceDate: config.invoiceDate,
        paymentDueDays,
        lines: parts.lines(part),
        recordIds: [],
      });
    }
  }

  private async *recordChunks(): AsyncGenerator<GenericRecord[]> {
    const {store, scope} = this.options;
    if (scope?.records === undefined) {
      yield* store.scanUnbilledRecords(this.chunkSize * 4);
      return;
    }
    const found = await store.readRecords(scope.records);
    yield [...found.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
  }

  // The generic part (section 7): one invoice per (account, currency, criterion).
  private async billRecords(): Promise<void> {
    const {store, settings, config} = this.options;
    const groups = new Map<string, InvoiceDraft>();
    const recordErrors = new Map<string, RecordBuildError>();
    let done = 0;
    for await (const records of this.recordChunks()) {
      if (this.checkCancelled()) return;
      const inScope = records.filter((record) => this.recordInScope(record));
      const accounts = await store.readAccounts(unique(inScope.map((record) => record.accountId)));
      for (const record of inScope) {
        const account = accounts.get(record.accountId);
        const code: SourceErrorCode | undefined =
          account === undefined
            ? 'ACCOUNT_NOT_FOUND'
            : !account.active
              ? 'ACCOUNT_NOT_BILLABLE'
              : record.lines.length === 0
                ? 'NO_LINES'
                : undefined;
        if (code !== undefined || account === undefined) {
          const detail = code === 'ACCOUNT_NOT_FOUND' ? ` (${record.accountId})` : '';
          const error = sourceError('record', record.id, code ?? 'ACCOUNT_NOT_FOUND', detail);
          this.ledger.error(error);
          recordErrors.set(record.id, error);
          continue;
        }
        recordErrors.set(record.id, null);
        const currency = record.currency ?? account.currency ?? settings.currency;
        const criterion = record.invoiceCriterion ?? null;
        const key = JSON.stringify([account.id, currency, criterion]);
        let draft = groups.get(key);
        if (draft === undefined) {
          draft = {
            subscriptionId: null,
            accountId: account.id,
            criterion,
            currency,
            invoiceDate: config.invoiceDate,
            paymentDueDays: account.paymentDueDays ?? settings.paymentDueDays ?? 0,
            lines: [],
            recordIds: [],
          };
          groups.set(key, draft);
        }
        (draft.recordIds as string[]).push(record.id);
        const start =
          record.serviceDate === undefined ? this.period.start : toEpochDay(record.serviceDate);
        const end = record.serviceDate === undefined ? this.period.end : start;
        const explanation = {object: record.object, record: record.id};
        record.lines.forEach((line, position) => {
          draft.lines.push({
            kind: 'record',
            source: record.id,
            description: line.description,
            start,
            end,
            quantity: toRational(line.quantity),
            unitPrice: toRational(line.unitPrice),
            factor: ONE,
            discountPercent: ZERO,
            taxRate: toRational(line.taxRate),
            position,
            explanation,
          });
        });
      }
      done += records.length;
      this.progress('records', done, -1);
    }
    // Errors go with the first chunk; each chunk clears the last errors of the records it bills.
    const drafts = [...groups.values()];
    const errors = new Map([...recordErrors].filter(([, error]) => error !== null));
    if (drafts.length === 0 && errors.size > 0) await this.store([], [], errors);
    for (let i = 0; i < drafts.length; i += this.chunkSize) {
      if (i > 0 && this.checkCancelled()) return;
      const chunk = drafts.slice(i, i + this.chunkSize);
      const cleared = new Map<string, RecordBuildError>(
        chunk.flatMap((draft) => draft.recordIds.map((id) => [id, null])),
      );
      await this.store(chunk, [], i === 0 ? new Map([...errors, ...cleared]) : cleared);
    }
  }

  private recordInScope(record: GenericRecord): boolean {
    if (record.serviceDate !== undefined) {
      const day = toEpochDay(record.serviceDate);
      if (day < this.period.start || day > this.period.end) return false;
    }
    return this.genericMatchers.some(
      (matcher) =>
        (matcher.object === undefined || matcher.object === record.object) && matcher.test(record),
    );
  }

  /** Makes the invoices and, unless previewing, stores them with their coverage in one transaction. */
  private async store(
    drafts: readonly InvoiceDraft[],
    ledgers: readonly ItemLedger[],
    recordErrors: ReadonlyMap<string, RecordBuildError>,
  ): Promise<void> {
    const {invoices, totals} = this.ledger.makeInvoices(drafts);
    const hadIssues = this.ledger.hasPendingIssues;
    if (invoices.length === 0 && recordErrors.size === 0 && !hadIssues) return;
    const added = this.ledger.addInvoices(invoices, totals);
    if (added !== null) {
      await this.options.store.commitRunChunk({...added, invoices, ledgers, recordErrors});
    }
    if (invoices.length > 0) this.options.onInvoices?.(invoices);
  }
}

function describeReference(transaction: Transaction): string {
  if (transaction.itemId !== undefined) return ` (item ${transaction.itemId})`;
  if (transaction.orderNo !== undefined) return ` (order number ${transaction.orderNo})`;
  return ' (it names neither an item nor an order number)';
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

interface References {
  readonly byItemId: Map<string, ItemReference>;
  readonly byOrderNo: Map<string, ItemReference>;
}

function referenceOf(references: References, transaction: Transaction): ItemReference {
  if (transaction.itemId !== undefined) return references.byItemId.get(transaction.itemId)!;
  if (transaction.orderNo !== undefined) return references.byOrderNo.get(transaction.orderNo)!;
  return NO_REFERENCE;
}

function itemUsage(item: Item): ItemUsage {
  return {kind: 'item', item, unitPrice: item.unitPrice, groups: []};
}

function matchesAny(
  matchers: readonly ((subject: unknown) => boolean)[],
  subject: unknown,
): boolean {
  for (const matches of matchers) if (matches(subject)) return true;
  return false;
}

function addUsage(
  usage: Map<string, UsageGroup[]>,
  reference: ItemUsage,
  transaction: Transaction,
): void {
  const {item, groups} = reference;
  const price = transaction.unitPrice ?? reference.unitPrice;
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

/**
 * A subscription's lines by invoice criterion, in the order the criteria first appear (items,
 * then usage). Usually there is one criterion; one instance serves a whole chunk of
 * subscriptions, cleared for each.
 */
class CriterionParts {
  private readonly criteria: (string | null)[] = [];
  private readonly lineLists: LineDraft[][] = [];

  get count(): number {
    return this.criteria.length;
  }

  clear(): void {
    this.criteria.length = 0;
    this.lineLists.length = 0;
  }

  addLine(criterion: string | null, line: LineDraft): void {
    const part = this.criteria.indexOf(criterion);
    if (part >= 0) {
      this.lineLists[part]!.push(line);
      return;
    }
    this.criteria.push(criterion);
    this.lineLists.push([line]);
  }

  criterion(part: number): string | null {
    return this.criteria[part]!;
  }

  lines(part: number): LineDraft[] {
    return this.lineLists[part]!;
  }
}

/** An item's ledger after a run stores `lines` for it. */
function ledgerAfter(
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

/** An item line, explained by its pieces; a piece that ends before `runStart` is caught up. */
function itemLine(item: Item, planned: PlannedItemLine, runStart: EpochDay): LineDraft {
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

function usageLine(group: UsageGroup): LineDraft {
  return {
    kind: 'usage',
    source: group.item.id,
    description: group.item.description,
    start: toEpochDay(group.firstDate),
    end: toEpochDay(group.lastDate),
    quantity: rational(group.quantityNum, group.quantityDen),
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
