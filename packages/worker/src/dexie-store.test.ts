import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {
  InvoiceRunEngine,
  MemoryStore,
  itemSchema,
  subscriptionSchema,
  parseScenarioText,
  runScenario,
  type BillingStore,
  type Item,
  type RunRecord,
} from '@invoice-run/core';
import {InvoiceRunDb} from './db.js';
import {DexieStore} from './dexie-store.js';
import {JANUARY, monthlyDataSet} from './test-support/data.js';

const scenarioDir = fileURLToPath(new URL('../../../test/scenarios/', import.meta.url));
const files = [
  ...readdirSync(scenarioDir).filter((file) => file.endsWith('.json')),
  // The team's own scenarios, where present.
  ...(existsSync(scenarioDir + 'own') ? readdirSync(scenarioDir + 'own') : [])
    .filter((file) => file.endsWith('.json'))
    .map((file) => `own/${file}`),
].sort();
const TODAY = '2026-06-30';

describe('DexieStore runs the public scenario suite like the in-memory store', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });
  for (const file of files) {
    it(file, async () => {
      const scenario = parseScenarioText(readFileSync(scenarioDir + file, 'utf8'));
      const expected = await runScenario(scenario, {today: TODAY});
      const db = new InvoiceRunDb(`scenario-${file}`);
      try {
        const actual = await runScenario(scenario, {today: TODAY, store: new DexieStore(db)});
        // The CLI prints JSON: the same text, key order included.
        expect(JSON.stringify(actual, null, 2)).toBe(JSON.stringify(expected, null, 2));
      } finally {
        await db.delete();
      }
    });
  }
});

/** The items of the chunks of these subscriptions, by subscription. */
async function itemsOfChunks(
  store: BillingStore,
  ids: readonly string[],
): Promise<Map<string, readonly Item[]>> {
  const items = new Map<string, readonly Item[]>();
  for await (const chunk of store.scanSubscriptionChunks(10, ids)) {
    for (const [id, list] of chunk.items) items.set(id, list);
  }
  return items;
}

describe('DexieStore mirrors MemoryStore where scenarios do not look', () => {
  async function both<T>(act: (store: BillingStore) => Promise<T>): Promise<[T, T]> {
    const db = new InvoiceRunDb(`contract-${Math.random()}`);
    try {
      return [await act(new MemoryStore()), await act(new DexieStore(db))];
    } finally {
      await db.delete();
    }
  }

  it('records firings once and lists them in time order', async () => {
    const [memory, dexie] = await both(async (store) => {
      const fired = (at: string) => ({
        scheduleId: 'm',
        at,
        runId: null,
        status: 'fired' as const,
        reason: null,
      });
      const results = [
        await store.recordFiring(fired('2026-03-01T06:00'), null),
        await store.recordFiring(fired('2026-02-01T06:00'), null),
        await store.recordFiring(fired('2026-03-01T06:00'), null),
        await store.recordFiring({...fired('2026-01-01T06:00'), scheduleId: 'other'}, null),
      ];
      return {
        results,
        firings: await store.readFirings('m'),
        one: await store.readFiring('m', '2026-02-01T06:00'),
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory.results).toEqual([true, true, false, true]);
    expect(memory.firings.map((firing) => firing.at)).toEqual([
      '2026-02-01T06:00',
      '2026-03-01T06:00',
    ]);
  });

  it('finds items again after an import moves them to another subscription or order number', async () => {
    const item = (subscriptionId: string, orderNo: string) =>
      itemSchema.parse({
        id: 'u1',
        subscriptionId,
        description: 'Calls',
        billingType: 'transactional',
        unitPrice: '1',
        startDate: '2026-01-01',
        orderNo,
      });
    // Same content; an empty list and a missing entry mean the same to the engine.
    const normal = (map: ReadonlyMap<string, readonly Item[]>) =>
      [...map.entries()]
        .filter(([, items]) => items.length > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1));
    const [memory, dexie] = await both(async (store) => {
      await store.upsert(
        'subscriptions',
        ['s1', 's2'].map((id) =>
          subscriptionSchema.parse({id, accountId: 'a', number: id, startDate: '2026-01-01'}),
        ),
      );
      await store.upsert('items', [item('s1', 'o1')]);
      await store.upsert('items', [item('s2', 'o2')]);
      await store.upsert('items', [
        {...item('s1', 'o3'), id: 'u2', active: false},
        {...item('s1', 'o4'), id: 'r1', billingType: 'recurring'},
      ]);
      const transactional: Item[] = [];
      for await (const page of store.scanTransactionalItems(1)) transactional.push(...page);
      return {
        bySubscription: normal(await itemsOfChunks(store, ['s1', 's2'])),
        transactional: transactional.sort((a, b) => (a.id < b.id ? -1 : 1)),
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory.bySubscription.map(([id]) => id)).toEqual(['s1', 's2']);
    // Active or not, with the order number of their last import; never another billing type.
    expect(memory.transactional.map((each) => [each.id, each.orderNo, each.active])).toEqual([
      ['u1', 'o2', true],
      ['u2', 'o3', false],
    ]);
  });

  it('keeps an item ledger with the item when it moves subscription: covered days stay covered until their draft is deleted', async () => {
    const data = monthlyDataSet(2);
    const [memory, dexie] = await both(async (store) => {
      const engine = new InvoiceRunEngine(store, {now: () => '2026-02-01T00:00:00.000Z'});
      await engine.import(data);
      const lines = async (id: string) =>
        (await engine.draftsOfRun(id)).flatMap((invoice) =>
          invoice.lines.map((line) => `${invoice.subscriptionId} ${line.source}`),
        );
      const {run} = await engine.startRun(JANUARY);
      const first = await lines(run.id);
      // i000000 moves from s000000 to s000001: January is covered where it is billed now too.
      await engine.import({items: [{...data.items![0]!, subscriptionId: 's000001'}]});
      const again = await engine.startRun(JANUARY);
      const drafts = await engine.draftsOfRun(run.id);
      await engine.deleteDrafts(drafts.filter((invoice) => invoice.subscriptionId === 's000000'));
      const afterDelete = await engine.startRun(JANUARY);
      return {
        first,
        again: again.run.counters.invoices,
        afterDelete: await lines(afterDelete.run.id),
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory).toEqual({
      first: ['s000000 i000000', 's000001 i000001'],
      again: 0,
      afterDelete: ['s000001 i000000'],
    });
  });

  it('frees exactly the transactions of deleted drafts, whose links share a row with kept ones', async () => {
    const data = monthlyDataSet(4);
    const usage = {
      items: data.items!.map((item, n) => ({
        ...item,
        id: `u${n}`,
        billingType: 'transactional' as const,
        billingPeriod: undefined,
      })),
      transactions: data.items!.flatMap((_, n) => [
        {id: `t${n}a`, itemId: `u${n}`, date: '2026-01-05', quantity: '1'},
        {id: `t${n}b`, itemId: `u${n}`, date: '2026-01-25', quantity: '2'},
      ]),
      filters: [
        {id: 'usage', name: 'Usage', useCase: 'transaction' as const, condition: {all: []}},
      ],
    };
    const config = {...JANUARY, transactionFilters: ['usage']};
    const [memory, dexie] = await both(async (store) => {
      const engine = new InvoiceRunEngine(store, {now: () => '2026-02-01T00:00:00.000Z'});
      await engine.import(data);
      await engine.import(usage);
      const {run} = await engine.startRun(config);
      const drafts = await engine.draftsOfRun(run.id);
      const deleted = ['s000001', 's000002'];
      await engine.deleteDrafts(drafts.filter((draft) => deleted.includes(draft.subscriptionId!)));
      const again = await engine.startRun(config);
      const third = await engine.startRun(config);
      const transactions = async (id: string) =>
        (await engine.draftsOfRun(id)).flatMap((invoice) => invoice.transactionIds).sort();
      return {
        first: (await transactions(run.id)).length,
        again: await transactions(again.run.id),
        third: third.run.counters.invoices,
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory).toEqual({first: 4, again: ['t1a', 't1b', 't2a', 't2b'], third: 0});
  });

  it('frees exactly the transactions of a removed usage line, whose link row it shares with other invoices', async () => {
    const data = monthlyDataSet(3);
    const usage = {
      items: data.items!.map((item, n) => ({
        ...item,
        id: `u${n}`,
        billingType: 'transactional' as const,
        billingPeriod: undefined,
      })),
      transactions: data.items!.flatMap((_, n) => [
        {id: `t${n}a`, itemId: `u${n}`, date: '2026-01-05', quantity: '1'},
        {id: `t${n}b`, itemId: `u${n}`, date: '2026-01-25', quantity: '2', unitPrice: '3'},
      ]),
      filters: [
        {id: 'usage', name: 'Usage', useCase: 'transaction' as const, condition: {all: []}},
      ],
    };
    const config = {...JANUARY, transactionFilters: ['usage']};
    const [memory, dexie] = await both(async (store) => {
      const engine = new InvoiceRunEngine(store, {now: () => '2026-02-01T00:00:00.000Z'});
      await engine.import(data);
      await engine.import(usage);
      const {run} = await engine.startRun(config);
      const draft = (await engine.draftsOfRun(run.id)).find((d) => d.subscriptionId === 's000001')!;
      const priced = draft.lines.findIndex(
        (line) => line.kind === 'usage' && line.unitPrice === '3',
      );
      const edited = await engine.editDraft(draft.id, [{remove: priced}]);
      const again = await engine.startRun(config);
      return {
        kept: edited!.transactionIds,
        stored: (await store.readInvoices([draft.id])).get(draft.id)!.transactionIds,
        again: (await engine.draftsOfRun(again.run.id)).flatMap(
          (invoice) => invoice.transactionIds,
        ),
        lines: (await engine.lineTransactions(draft.id, priced - 1)).items.map((t) => t.id),
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory).toEqual({kept: ['t1a'], stored: ['t1a'], again: ['t1b'], lines: ['t1a']});
  });

  it('reads invoices stored before lines explained themselves as unedited, without explanations', async () => {
    const db = new InvoiceRunDb(`legacy-lines-${Math.random()}`);
    try {
      const store = new DexieStore(db);
      const engine = new InvoiceRunEngine(store);
      await engine.import(monthlyDataSet(1));
      const {run} = await engine.startRun(JANUARY);
      const [stored] = await db.invoices.toArray();
      const {edited, edits, ...rest} = stored!;
      void edited;
      void edits;
      await db.invoices.put({
        ...rest,
        lines: rest.lines.map(({explanation, ...line}) => (void explanation, line)),
      } as never);
      const [read] = await engine.invoicesOfRun(run.id);
      expect([read!.edited, read!.edits, read!.lines[0]!.explanation]).toEqual([false, [], null]);
      const renamed = await engine.editDraft(read!.id, [{line: 0, set: {quantity: '2'}}]);
      expect([renamed!.lines[0]!.net, renamed!.edited]).toEqual(['20.00', true]);
    } finally {
      await db.delete();
    }
  });

  it('adds up an item named by order number and by item id on pages read ahead into one line', async () => {
    const data = {
      accounts: [{id: 'a', name: 'A'}],
      subscriptions: [{id: 's', accountId: 'a', number: 'S', startDate: '2026-01-01'}],
      items: [
        {
          id: 'u',
          subscriptionId: 's',
          description: 'Calls',
          billingType: 'transactional' as const,
          unitPrice: '1',
          startDate: '2026-01-01',
          orderNo: 'O-1',
        },
      ],
      // Pages of 4 (chunk size 1): by order number, by item id, by order number, by item id.
      transactions: Array.from({length: 16}, (_, n) => ({
        id: `t${String(n).padStart(2, '0')}`,
        ...(Math.floor(n / 4) % 2 === 0 ? {orderNo: 'O-1'} : {itemId: 'u'}),
        date: `2026-01-${String(n + 1).padStart(2, '0')}`,
        quantity: '1',
      })),
      filters: [
        {id: 'usage', name: 'Usage', useCase: 'transaction' as const, condition: {all: []}},
      ],
    };
    const [memory, dexie] = await both(async (store) => {
      const engine = new InvoiceRunEngine(store, {
        now: () => '2026-02-01T00:00:00.000Z',
        chunkSize: 1,
      });
      await engine.import(data);
      const {run} = await engine.startRun({...JANUARY, transactionFilters: ['usage']});
      return (await engine.draftsOfRun(run.id)).map((invoice) =>
        invoice.lines.map((line) => [line.quantity, line.servicePeriod]),
      );
    });
    expect(dexie).toEqual(memory);
    expect(memory).toEqual([[['16', {start: '2026-01-01', end: '2026-01-16'}]]]);
  });

  it('reads a chunk with every ledger kept with its subscriptions, and a run commit writes them back whole', async () => {
    const ledger = (itemId: string, subscriptionId: string, end: string) => ({
      itemId,
      subscriptionId,
      billingStart: '2026-01-01',
      covered: [{start: '2026-01-01', end}],
    });
    const [memory, dexie] = await both(async (store) => {
      await store.upsert(
        'subscriptions',
        ['s1', 's2', 's3'].map((id) =>
          subscriptionSchema.parse({id, accountId: 'a', number: id, startDate: '2026-01-01'}),
        ),
      );
      await store.upsert(
        'items',
        ['s1-a', 's1-b', 's2-a'].map((id) =>
          itemSchema.parse({
            id,
            subscriptionId: id.slice(0, 2),
            description: id,
            billingType: 'recurring',
            unitPrice: '1',
            billingPeriod: {count: 1, unit: 'month'},
            startDate: '2026-01-01',
          }),
        ),
      );
      const commit = (ledgers: {subscriptionId: string; ledgers: ReturnType<typeof ledger>[]}[]) =>
        store.commitRunChunk({
          run: {id: 'run-1'} as RunRecord,
          issues: {errors: [], warnings: []},
          invoices: [],
          ledgers,
          recordErrors: new Map(),
        });
      const chunks = async () => {
        const found: [string, unknown][] = [];
        for await (const chunk of store.scanSubscriptionChunks(2)) found.push(...chunk.ledgers);
        return found;
      };
      await commit([
        {
          subscriptionId: 's1',
          ledgers: [ledger('s1-a', 's1', '2026-01-31'), ledger('s1-b', 's1', '2026-01-31')],
        },
        {subscriptionId: 's2', ledgers: [ledger('s2-a', 's2', '2026-01-31')]},
      ]);
      const first = await chunks();
      // The next run's commit of s1 holds both ledgers again, one of them with more days.
      await commit([
        {
          subscriptionId: 's1',
          ledgers: [ledger('s1-a', 's1', '2026-02-28'), ledger('s1-b', 's1', '2026-01-31')],
        },
      ]);
      return {
        first,
        second: await chunks(),
        read: await store.readLedgers([{id: 's1-a', subscriptionId: 's1'}]),
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory.first.map(([id, ledgers]) => [id, (ledgers as unknown[]).length])).toEqual([
      ['s1', 2],
      ['s2', 1],
    ]);
    expect(memory.second[0]).toEqual([
      's1',
      [ledger('s1-a', 's1', '2026-02-28'), ledger('s1-b', 's1', '2026-01-31')],
    ]);
    expect(memory.read.get('s1-a')).toEqual(ledger('s1-a', 's1', '2026-02-28'));
  });

  it('hands out run sequences once, and keeps a run issues in the order found', async () => {
    const [memory, dexie] = await both(async (store) => {
      const sequences = [await store.nextRunSequence(), await store.nextRunSequence()];
      const run = {id: 'run-1'} as RunRecord;
      const issue = (id: string) => ({
        source: 'subscription' as const,
        id,
        code: 'ACCOUNT_NOT_FOUND' as const,
        message: id,
      });
      const warning = (id: string) => ({
        source: 'item' as const,
        id,
        code: 'UNBILLED_HISTORY' as const,
        message: id,
      });
      for (const ids of [['b', 'a'], ['c']]) {
        await store.commitRunChunk({
          run,
          issues: {errors: ids.map(issue), warnings: ids.map(warning)},
          invoices: [],
          ledgers: [],
          recordErrors: new Map(),
        });
      }
      return {
        sequences,
        issues: await store.readRunIssues('run-1'),
        none: await store.readRunIssues('run-2'),
      };
    });
    expect(dexie).toEqual(memory);
    expect(memory.issues.errors.map((error) => error.id)).toEqual(['b', 'a', 'c']);
  });
});
