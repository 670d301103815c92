import {beforeEach, describe, expect, it} from 'vitest';
import {InvoiceRunEngine} from './engine.js';
import {InvoiceRunError} from './primitives/errors.js';
import {MemoryStore} from './store/memory-store.js';
import type {Invoice, InvoiceLine} from './records/model.js';

const JANUARY = {
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
  invoiceDate: '2026-02-01',
  transactionFilters: ['usage'],
  genericFilters: ['orders'],
} as const;
const AT = '2026-02-02T09:00:00Z';

/**
 * One subscription with a prorated item starting mid-month, a monthly item and usage of two
 * prices; one account with an order of two lines.
 */
const DATA = {
  accounts: [{id: 'a1', name: 'Acme'}],
  subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'}],
  items: [
    {
      id: 'i1',
      subscriptionId: 's1',
      description: 'Pro plan',
      billingType: 'recurring-prorated',
      unitPrice: '31',
      startDate: '2026-01-15',
      billingAnchor: '2026-01-01',
      billingPeriod: {count: 1, unit: 'month'},
      taxRate: '19',
    },
    {
      id: 'i2',
      subscriptionId: 's1',
      description: 'Support',
      billingType: 'recurring',
      unitPrice: '10',
      startDate: '2026-01-01',
      billingPeriod: {count: 1, unit: 'month'},
      taxRate: '19',
    },
    {
      id: 'u1',
      subscriptionId: 's1',
      description: 'API calls',
      billingType: 'transactional',
      unitPrice: '0.5',
      startDate: '2026-01-01',
      taxRate: '19',
    },
  ],
  transactions: [
    {id: 't1', itemId: 'u1', date: '2026-01-03', quantity: '10'},
    {id: 't2', itemId: 'u1', date: '2026-01-20', quantity: '4'},
    {id: 't3', itemId: 'u1', date: '2026-01-09', quantity: '2', unitPrice: '2'},
  ],
  records: [
    {
      id: 'o1',
      object: 'Order',
      accountId: 'a1',
      serviceDate: '2026-01-10',
      lines: [
        {description: 'Setup', quantity: '1', unitPrice: '100', taxRate: '19'},
        {description: 'Travel', quantity: '2', unitPrice: '7.50', taxRate: '7'},
      ],
    },
  ],
  filters: [
    {id: 'usage', name: 'Usage', useCase: 'transaction', condition: {all: []}},
    {id: 'orders', name: 'Orders', useCase: 'generic', condition: {all: []}},
  ],
};

let engine: InvoiceRunEngine;
let store: MemoryStore;
let runId: string;

async function invoiceOf(subscription: string | null): Promise<Invoice> {
  const invoices = await engine.invoicesOfRun(runId);
  return invoices.find((invoice) => invoice.subscriptionId === subscription)!;
}

function lineIndex(invoice: Invoice, matches: (line: InvoiceLine) => boolean): number {
  const index = invoice.lines.findIndex(matches);
  expect(index, 'the line is on the invoice').toBeGreaterThanOrEqual(0);
  return index;
}

async function refusal(promise: Promise<unknown>): Promise<InvoiceRunError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvoiceRunError);
  return error as InvoiceRunError;
}

beforeEach(async () => {
  store = new MemoryStore({currency: 'EUR', paymentDueDays: 14});
  engine = new InvoiceRunEngine(store);
  await engine.import(DATA);
  runId = (await engine.startRun(JANUARY)).run.id;
});

describe('explanations', () => {
  it('explains a prorated item line by its piece, a usage line by its transactions, a record line by its record', async () => {
    const invoice = await invoiceOf('s1');
    expect(invoice.lines.map((line) => [line.kind, line.source, line.explanation])).toEqual([
      [
        'item',
        'i1',
        {
          billingType: 'recurring-prorated',
          practice: 'advance',
          pieces: [
            {
              start: '2026-01-15',
              end: '2026-01-31',
              period: {start: '2026-01-01', end: '2026-01-31'},
              factor: '17/31',
              late: false,
            },
          ],
        },
      ],
      [
        'item',
        'i2',
        {
          billingType: 'recurring',
          practice: 'advance',
          pieces: [
            {
              start: '2026-01-01',
              end: '2026-01-31',
              period: {start: '2026-01-01', end: '2026-01-31'},
              factor: '1',
              late: false,
            },
          ],
        },
      ],
      ['usage', 'u1', {transactions: 2, first: '2026-01-03', last: '2026-01-20', criterion: null}],
      ['usage', 'u1', {transactions: 1, first: '2026-01-09', last: '2026-01-09', criterion: null}],
    ]);
    const orders = await invoiceOf(null);
    expect(orders.lines.map((line) => line.explanation)).toEqual([
      {object: 'Order', record: 'o1'},
      {object: 'Order', record: 'o1'},
    ]);
  });

  it('marks caught-up pieces late and keeps each period apart', async () => {
    const invoice = await invoiceOf('s1');
    await engine.deleteDrafts([invoice]);
    const february = await engine.startRun({periodStart: '2026-02-01', periodEnd: '2026-02-28'});
    const [made] = await engine.invoicesOfRun(february.run.id);
    const support = made!.lines.find((line) => line.source === 'i2')!;
    expect(support.servicePeriod).toEqual({start: '2026-01-01', end: '2026-02-28'});
    expect(support.factor).toBe('2');
    expect(support.explanation).toEqual({
      billingType: 'recurring',
      practice: 'advance',
      pieces: [
        {
          start: '2026-01-01',
          end: '2026-01-31',
          period: {start: '2026-01-01', end: '2026-01-31'},
          factor: '1',
          late: true,
        },
        {
          start: '2026-02-01',
          end: '2026-02-28',
          period: {start: '2026-02-01', end: '2026-02-28'},
          factor: '1',
          late: false,
        },
      ],
    });
  });

  it('lists the transactions of a usage line, a page at a time, and none for other lines', async () => {
    const invoice = await invoiceOf('s1');
    const usage = lineIndex(invoice, (line) => line.kind === 'usage' && line.unitPrice === '0.5');
    const all = await engine.lineTransactions(invoice.id, usage);
    expect(all.total).toBe(2);
    expect(all.items.map((t) => t.id).sort()).toEqual(['t1', 't2']);
    const second = await engine.lineTransactions(invoice.id, usage, {offset: 1, limit: 1});
    expect([second.offset, second.total, second.items.length]).toEqual([1, 2, 1]);
    expect(await engine.lineTransactions(invoice.id, 0)).toEqual({items: [], offset: 0, total: 0});
    expect((await refusal(engine.lineTransactions(invoice.id, 9))).code).toBe('LINE_NOT_FOUND');
    expect((await refusal(engine.lineTransactions('nope', 0))).code).toBe('INVOICE_NOT_FOUND');
  });
});

describe('editDraft', () => {
  it('sets fields and makes the amounts again exactly, keeping the exact factor of a prorated line', async () => {
    const invoice = await invoiceOf('s1');
    const prorated = lineIndex(invoice, (line) => line.source === 'i1');
    // 31 x 17/31 = 17.00; with quantity 3 and 10 % off: 45.90 exactly (not from the 6-digit factor).
    const edited = await engine.editDraft(
      invoice.id,
      [
        {
          line: prorated,
          set: {quantity: '3', discountPercent: '10', description: 'Pro plan (3 seats)'},
        },
      ],
      {at: AT},
    );
    const line = edited!.lines[prorated]!;
    expect([line.description, line.quantity, line.factor, line.discountPercent, line.net]).toEqual([
      'Pro plan (3 seats)',
      '3',
      '0.548387',
      '10',
      '45.90',
    ]);
    expect(edited!.edited).toBe(true);
    expect(edited!.edits).toEqual([
      {
        at: AT,
        changes: [
          {line: prorated, field: 'description', from: 'Pro plan', to: 'Pro plan (3 seats)'},
          {line: prorated, field: 'quantity', from: '1', to: '3'},
          {line: prorated, field: 'discountPercent', from: '0', to: '10'},
        ],
      },
    ]);
    expect(await invoiceOf('s1')).toEqual(edited);
  });

  it('adds manual lines after the record lines, in the order added, with the invoice period by default', async () => {
    const orders = await invoiceOf(null);
    const edited = await engine.editDraft(
      orders.id,
      [
        {add: {description: 'Rush fee', quantity: '1', unitPrice: '20', taxRate: '19'}},
        {
          add: {
            description: 'Goodwill',
            quantity: 1,
            unitPrice: '-5',
            servicePeriod: {start: '2026-01-05', end: '2026-01-06'},
          },
        },
      ],
      {at: AT},
    );
    expect(edited!.lines.map((line) => [line.kind, line.source, line.description])).toEqual([
      ['record', 'o1', 'Setup'],
      ['record', 'o1', 'Travel'],
      ['manual', null, 'Rush fee'],
      ['manual', null, 'Goodwill'],
    ]);
    const [rush, goodwill] = edited!.lines.slice(2);
    expect(rush!.servicePeriod).toEqual(orders.servicePeriod);
    expect([goodwill!.taxRate, goodwill!.discountPercent, goodwill!.net]).toEqual([
      '0',
      '0',
      '-5.00',
    ]);
    expect(goodwill!.explanation).toEqual({manual: true});
    expect(edited!.servicePeriod).toEqual({start: '2026-01-05', end: '2026-01-10'});
    // 100 + 15 + 20 - 5 = 130 net; tax 19 % of 120 = 22.80, 7 % of 15 = 1.05, 0 % of -5.
    expect([edited!.net, edited!.tax, edited!.gross]).toEqual(['130.00', '23.85', '153.85']);
    expect(edited!.taxBreakdown).toEqual([
      {rate: '0', net: '-5.00', tax: '0.00'},
      {rate: '7', net: '15.00', tax: '1.05'},
      {rate: '19', net: '120.00', tax: '22.80'},
    ]);
    expect(edited!.edits[0]!.changes).toEqual([
      {line: null, field: 'added', from: null, to: 'Rush fee'},
      {line: null, field: 'added', from: null, to: 'Goodwill'},
    ]);
  });

  it('turns an invoice into a credit and back', async () => {
    const orders = await invoiceOf(null);
    const credit = await engine.editDraft(orders.id, [{line: 0, set: {unitPrice: '-100'}}]);
    expect([credit!.class, credit!.gross]).toEqual(['credit', '-102.95']);
    const back = await engine.editDraft(orders.id, [{line: 0, set: {unitPrice: '100'}}]);
    expect([back!.class, back!.gross]).toEqual(['invoice', '135.05']);
    expect(back!.edits).toHaveLength(2);
  });

  it('applies changes by the indexes before the edit, removals last', async () => {
    const invoice = await invoiceOf('s1');
    const edited = await engine.editDraft(invoice.id, [
      {remove: 0},
      {line: 1, set: {quantity: '2'}},
      {add: {description: 'Extra', quantity: '1', unitPrice: '1'}},
    ]);
    expect(edited!.lines.map((line) => [line.source, line.quantity])).toEqual([
      ['i2', '2'],
      ['u1', '14'],
      ['u1', '2'],
      [null, '1'],
    ]);
    expect(edited!.edits[0]!.changes.map((change) => [change.line, change.field])).toEqual([
      [1, 'quantity'],
      [null, 'added'],
      [0, 'removed'],
    ]);
  });

  it('gives back the days of a removed item line: View Remaining shows them and a restore bills them once', async () => {
    const invoice = await invoiceOf('s1');
    expect((await engine.remaining(runId)).subscriptions).toEqual([]);
    await engine.editDraft(invoice.id, [{remove: lineIndex(invoice, (l) => l.source === 'i2')}]);
    const remaining = await engine.remaining(runId);
    expect(remaining.subscriptions.map((row) => [row.id, row.totals[0]!.net])).toEqual([
      ['s1', '10.00'],
    ]);
    const restored = await engine.restore(runId, {subscriptions: ['s1']});
    expect(restored.counters).toMatchObject({invoices: 1, lines: 1});
    expect((await engine.remaining(runId)).subscriptions).toEqual([]);
  });

  it('gives back the transactions of a removed usage line, and only those', async () => {
    const invoice = await invoiceOf('s1');
    const edited = await engine.editDraft(invoice.id, [
      {remove: lineIndex(invoice, (l) => l.kind === 'usage' && l.unitPrice === '0.5')},
    ]);
    expect(edited!.transactionIds).toEqual(['t3']);
    const rerun = await engine.preview(JANUARY);
    expect(rerun.invoices.flatMap((made) => made.transactionIds).sort()).toEqual(['t1', 't2']);
    // The kept usage line still lists its transaction.
    const kept = lineIndex(edited!, (l) => l.kind === 'usage');
    expect((await engine.lineTransactions(invoice.id, kept)).items.map((t) => t.id)).toEqual([
      't3',
    ]);
  });

  it('unlinks a record only when its last line is removed', async () => {
    const orders = await invoiceOf(null);
    const first = await engine.editDraft(orders.id, [{remove: 1}]);
    expect(first!.recordIds).toEqual(['o1']);
    expect((await engine.remaining(runId)).records).toEqual([]);
    await engine.editDraft(orders.id, [
      {add: {description: 'Kept', quantity: '1', unitPrice: '1'}},
      {remove: 0},
    ]);
    const after = await invoiceOf(null);
    expect([after.recordIds, after.lines.map((line) => line.kind)]).toEqual([[], ['manual']]);
    expect((await engine.remaining(runId)).records.map((record) => record.id)).toEqual(['o1']);
  });

  it('deletes the draft when its last line goes, as a delete would', async () => {
    const orders = await invoiceOf(null);
    expect(await engine.editDraft(orders.id, [{remove: 0}, {remove: 1}])).toBeNull();
    expect(await invoiceOf(null)).toBeUndefined();
    const run = await engine.existingRun(runId);
    expect(run.current.invoices).toBe(1);
    expect((await engine.remaining(runId)).records.map((record) => record.id)).toEqual(['o1']);
  });

  it('stores nothing and records no edit when nothing would change', async () => {
    const invoice = await invoiceOf('s1');
    const same = await engine.editDraft(invoice.id, [{line: 1, set: {unitPrice: '10.00'}}]);
    expect(same).toEqual(invoice);
    expect(same!.edited).toBe(false);
  });

  it("moves the run's current figures and keeps its cumulative counters", async () => {
    const before = await engine.existingRun(runId);
    const invoice = await invoiceOf('s1');
    await engine.editDraft(invoice.id, [{line: 1, set: {unitPrice: '20'}}]);
    const after = await engine.existingRun(runId);
    expect(after.counters).toEqual(before.counters);
    expect(after.totals).toEqual(before.totals);
    const net = (run: typeof before) => run.current.totals[0]!.net;
    // s1: 17 + 10 + 7 + 4; the order: 100 + 15.
    expect([net(before), net(after)]).toEqual(['153.00', '163.00']);
  });
});

describe('editDraft refusals', () => {
  it('refuses a malformed edit whole, with every fault at its path', async () => {
    const invoice = await invoiceOf('s1');
    const error = await refusal(
      engine.editDraft(invoice.id, [
        {line: 0, set: {discountPercent: '120', taxRate: '-1'}},
        {line: 1, set: {factor: '2'}},
        {add: {description: '', quantity: 'x', unitPrice: '1'}},
        {remove: -1},
        {line: 0, set: {}},
        {line: 0, set: {description: 'x'.repeat(501)}},
        {frobnicate: true},
      ] as never),
    );
    expect(error.code).toBe('INVALID_EDIT');
    expect(error.faults.map((fault) => fault.path)).toEqual([
      'changes[0].set.discountPercent',
      'changes[0].set.taxRate',
      'changes[1].set',
      'changes[2].add.description',
      'changes[2].add.quantity',
      'changes[3].remove',
      'changes[4].set',
      'changes[5].set.description',
      'changes[6]',
    ]);
    expect(error.faults[2]!.message).toMatch(/factor cannot be changed/);
    expect(await invoiceOf('s1')).toEqual(invoice);
  });

  it('refuses a list that is not one, or is empty', async () => {
    const invoice = await invoiceOf('s1');
    for (const changes of [[], {line: 0}, null]) {
      const error = await refusal(engine.editDraft(invoice.id, changes as never));
      expect([error.code, error.faults[0]!.path]).toEqual(['INVALID_EDIT', 'changes']);
    }
  });

  it('refuses removing a line twice and setting a line the same edit removes', async () => {
    const invoice = await invoiceOf('s1');
    const twice = await refusal(engine.editDraft(invoice.id, [{remove: 1}, {remove: 1}]));
    expect([twice.code, twice.faults[0]!.path]).toEqual(['INVALID_EDIT', 'changes[1].remove']);
    const setRemoved = await refusal(
      engine.editDraft(invoice.id, [{line: 2, set: {quantity: '1'}}, {remove: 2}]),
    );
    expect([setRemoved.code, setRemoved.faults[0]!.path]).toEqual([
      'INVALID_EDIT',
      'changes[0].line',
    ]);
  });

  it('refuses a line that does not exist, an invoice that does not, a finalized one, a bad instant', async () => {
    const invoice = await invoiceOf('s1');
    const missing = await refusal(engine.editDraft(invoice.id, [{line: 4, set: {quantity: '1'}}]));
    expect([missing.code, missing.faults[0]!.path]).toEqual(['LINE_NOT_FOUND', 'changes[0].line']);
    expect((await refusal(engine.editDraft('nope', [{remove: 0}]))).code).toBe('INVOICE_NOT_FOUND');
    const badAt = await refusal(engine.editDraft(invoice.id, [{remove: 0}], {at: 'yesterday'}));
    expect([badAt.code, badAt.faults[0]!.path]).toEqual(['INVALID_EDIT', 'at']);
    await engine.finalize([invoice], '2026-02-05');
    expect((await refusal(engine.editDraft(invoice.id, [{remove: 0}]))).code).toBe('NOT_A_DRAFT');
  });
});

describe('drafts stored before lines explained themselves', () => {
  /** The draft as an earlier version stored it: no explanations, no edit record. */
  async function legacyDraft(): Promise<Invoice> {
    const invoice = await invoiceOf('s1');
    const legacy = {
      ...invoice,
      lines: invoice.lines.map((line) => ({...line, explanation: null})),
    } as Invoice;
    await store.commitDraftEdit({
      invoice: legacy,
      ledgers: [],
      unlinkedTransactions: [],
      unlinkedRecords: [],
    });
    return legacy;
  }

  it('keeps the stored amount of a prorated line while a whole-factor line changes, and refuses changing its own', async () => {
    const invoice = await legacyDraft();
    const prorated = lineIndex(invoice, (line) => line.source === 'i1');
    const support = lineIndex(invoice, (line) => line.source === 'i2');
    const edited = await engine.editDraft(invoice.id, [{line: support, set: {quantity: '2'}}]);
    expect(edited!.lines[prorated]!.net).toBe(invoice.lines[prorated]!.net);
    expect(edited!.lines[support]!.net).toBe('20.00');
    const error = await refusal(
      engine.editDraft(invoice.id, [{line: prorated, set: {quantity: '2'}}]),
    );
    expect([error.code, error.faults[0]!.path]).toEqual([
      'INVALID_EDIT',
      'changes[0].set.quantity',
    ]);
    // Its description and tax rate can still change: they leave its net as it is.
    const renamed = await engine.editDraft(invoice.id, [
      {line: prorated, set: {description: 'Pro', taxRate: '7'}},
    ]);
    expect(renamed!.lines[prorated]!.net).toBe(invoice.lines[prorated]!.net);
  });

  it('refuses removing one of several usage lines whose transactions it cannot tell apart', async () => {
    const invoice = await legacyDraft();
    const usage = lineIndex(invoice, (line) => line.kind === 'usage');
    const error = await refusal(engine.editDraft(invoice.id, [{remove: usage}]));
    expect([error.code, error.faults[0]!.path]).toEqual(['INVALID_EDIT', 'changes[0].remove']);
  });
});
