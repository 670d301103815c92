/**
 * What each kind of IndexedDB work of a run costs on its own (bench/indexeddb-costs.mjs): the
 * generated data set stored raw in the worker's own tables, then each access pattern of a run of
 * January over it, alone, in a dedicated worker like the billing worker. `setup` stores the data
 * (and a copy of the transactions with the indexes a per-chunk usage phase would need); each other
 * request does one kind of work once.
 */
import {Dexie} from 'dexie';
import {
  InvoiceRunEngine,
  MemoryStore,
  validateDataSet,
  type Invoice,
  type Subscription,
  type ValidRecords,
} from '@invoice-run/core';
import {invoiceOrder} from '../../packages/worker/src/db.js';
import {InvoiceRunDb} from '@invoice-run/worker/in-process.js';
import {generateDataSet} from '../../demo/src/generate-data.js';

const JANUARY = ['2026-01-01', '2026-01-31'] as const;
const CHUNK = 100;

let db: InvoiceRunDb;
/** The transactions again, with `[itemId+date]` and `[orderNo+date]` (a per-chunk usage phase). */
let byItem: Dexie;
let data: ValidRecords;
let samples: Invoice[] = [];

async function put(table: Dexie['tables'][number], rows: readonly object[], size = 50_000) {
  for (let offset = 0; offset < rows.length; offset += size)
    await table.db.transaction('rw', table, () => table.bulkPut(rows.slice(offset, offset + size)));
}

async function setup(subscriptions: number, transactions: number): Promise<object> {
  await Dexie.delete('costs');
  await Dexie.delete('costs-by-item');
  db = new InvoiceRunDb('costs');
  await db.open();
  byItem = new Dexie('costs-by-item');
  byItem.version(1).stores({transactions: 'id, [date+id], [itemId+date], [orderNo+date]'});
  await byItem.open();
  const generated = generateDataSet({subscriptions, transactions, month: '2026-01'}).data;
  data = validateDataSet(generated).valid;
  for (const kind of ['accounts', 'subscriptions', 'items', 'transactions'] as const)
    await put(db.table(kind), data[kind]);
  await put(byItem.table('transactions'), data.transactions);
  // Invoices shaped as a run makes them (lines with explanations), from a small run in memory.
  const engine = new InvoiceRunEngine(new MemoryStore({currency: 'EUR', paymentDueDays: 14}));
  await engine.import(generateDataSet({subscriptions: 1100, transactions: 11_000}).data);
  const {run} = await engine.startRun({
    periodStart: JANUARY[0],
    periodEnd: JANUARY[1],
    subscriptionFilter: 'all',
    transactionFilters: ['metering', 'manual-usage'],
  });
  samples = (await engine.draftsOfRun(run.id)).slice(0, 1000);
  return {subscriptions, transactions, invoiceSamples: samples.length};
}

/** The subscriptions in chunks as a run reads them. */
function chunks(): Subscription[][] {
  const all = data.subscriptions;
  return Array.from({length: Math.ceil(all.length / CHUNK)}, (_, index) =>
    all.slice(index * CHUNK, (index + 1) * CHUNK),
  );
}

function ledgerOf(subscriptionId: string) {
  return {
    subscriptionId,
    items: [1, 2].map((n) => ({
      itemId: `${subscriptionId}-${n}`,
      subscriptionId,
      billingStart: '2025-11-01',
      covered: [{start: JANUARY[0], end: JANUARY[1]}],
    })),
  };
}

const work: Record<string, () => Promise<unknown>> = {
  /** The ceiling's work: an invoice per billable subscription, 100 per transaction. */
  async invoices() {
    const count = Math.round(data.subscriptions.length * 0.96);
    const stamp = Date.now();
    for (let offset = 0; offset < count; offset += CHUNK) {
      const rows = Array.from({length: Math.min(CHUNK, count - offset)}, (_, k) => {
        const invoice = {
          ...samples[(offset + k) % samples.length]!,
          id: `c-${stamp}-${offset + k}`,
        };
        return {...invoice, order: invoiceOrder({...invoice, accountId: invoice.id})};
      });
      await db.transaction('rw', db.invoices, () => db.invoices.bulkPut(rows));
    }
  },
  /** The usage phase's scan: the month's transactions by `[date+id]`, pages of 400. */
  async transactionScan() {
    let after: [string, string] | undefined;
    for (;;) {
      const rows = await db.transactions
        .where('[date+id]')
        .between(after ?? [JANUARY[0]], [JANUARY[1], Dexie.maxKey], after === undefined, true)
        .limit(400)
        .toArray();
      if (rows.length < 400) return;
      after = [rows.at(-1)!.date, rows.at(-1)!.id];
    }
  },
  /** The same month's transaction keys only, pages of 5,000. */
  async transactionKeys() {
    let after: [string, string] | undefined;
    for (;;) {
      const keys = (await db.transactions
        .where('[date+id]')
        .between(after ?? [JANUARY[0]], [JANUARY[1], Dexie.maxKey], after === undefined, true)
        .limit(5000)
        .keys()) as unknown as [string, string][];
      if (keys.length < 5000) return;
      after = keys.at(-1);
    }
  },
  /** Usage per chunk instead: each transactional item's month by `[itemId+date]` and `[orderNo+date]`. */
  async transactionsByItem() {
    const table = byItem.table('transactions');
    const usageItems = new Map<string, typeof data.items>();
    for (const item of data.items) {
      if (item.billingType !== 'transactional') continue;
      const list = usageItems.get(item.subscriptionId) ?? [];
      list.push(item);
      usageItems.set(item.subscriptionId, list);
    }
    for (const chunk of chunks()) {
      const items = chunk.flatMap((subscription) => usageItems.get(subscription.id) ?? []);
      await byItem.transaction('r', table, () =>
        Promise.all(
          items.flatMap((item) => [
            table
              .where('[itemId+date]')
              .between([item.id, JANUARY[0]], [item.id, JANUARY[1]], true, true)
              .toArray(),
            table
              .where('[orderNo+date]')
              .between([item.orderNo, JANUARY[0]], [item.orderNo, JANUARY[1]], true, true)
              .toArray(),
          ]),
        ),
      );
    }
  },
  /** Every transactional item, by `[billingType+id]`. */
  async transactionalItems() {
    await db.items
      .where('[billingType+id]')
      .between(['transactional', ''], ['transactional', Dexie.maxKey])
      .toArray();
  },
  /** The subscription chunks: subscriptions, their accounts, items and ledger rows. */
  async chunkReads() {
    for (const chunk of chunks()) {
      const first = chunk[0]!.id;
      const last = chunk.at(-1)!.id;
      await db.transaction(
        'r',
        [db.subscriptions, db.accounts, db.items, db.subscriptionLedgers],
        () =>
          Promise.all([
            db.subscriptions.where('id').between(first, last, true, true).toArray(),
            db.accounts.bulkGet([...new Set(chunk.map((subscription) => subscription.accountId))]),
            db.items.where('subscriptionId').between(first, last, true, true).toArray(),
            db.subscriptionLedgers.where(':id').between(first, last, true, true).toArray(),
          ]),
      );
    }
  },
  /** The ledgers as stored now: a row per subscription, a chunk's in one transaction. */
  async ledgerRows() {
    for (const chunk of chunks()) {
      const rows = chunk.map((subscription) => ledgerOf(subscription.id));
      await db.transaction('rw', db.subscriptionLedgers, () =>
        db.subscriptionLedgers.bulkPut(rows),
      );
    }
  },
  /** The same ledgers a row per chunk of subscriptions. */
  async ledgerPages() {
    const pages = byItem.table('transactions'); // any table keyed by a string
    for (const chunk of chunks()) {
      const page = {id: `page-${chunk[0]!.id}`, subscriptions: chunk.map((s) => ledgerOf(s.id))};
      await byItem.transaction('rw', pages, () => pages.put(page));
    }
    await byItem.transaction('rw', pages, () => pages.where('id').startsWith('page-').delete());
  },
  /** A usage link row per chunk, each with the ids of its transactions. */
  async usageLinks() {
    const ids = data.transactions.map((transaction) => transaction.id);
    const perChunk = Math.ceil(ids.length / chunks().length);
    for (let offset = 0; offset < ids.length; offset += perChunk) {
      const part = ids.slice(offset, offset + perChunk);
      const invoices = Array.from({length: CHUNK}, (_, k) => ({
        invoiceId: `i-${offset}-${k}`,
        transactionIds: part.filter((_, index) => index % CHUNK === k),
      }));
      await db.transaction('rw', db.usageLinks, () =>
        db.usageLinks.put({key: `k-${offset}`, invoices, first: JANUARY[0], last: JANUARY[1]}),
      );
    }
  },
};

self.onmessage = async (
  event: MessageEvent<{op: string; subscriptions?: number; transactions?: number}>,
) => {
  try {
    const {op} = event.data;
    const started = performance.now();
    const result =
      op === 'setup'
        ? await setup(event.data.subscriptions!, event.data.transactions!)
        : op === 'list'
          ? Object.keys(work)
          : await work[op]!();
    self.postMessage({ok: true, result: {ms: performance.now() - started, result}});
  } catch (error) {
    self.postMessage({ok: false, error: String((error as Error).stack ?? error)});
  }
};
