/**
 * A corpus of hostile and broken input, through the client as a host calls it (in-process, over
 * fake-indexeddb): prototype keys, formula cells, 10 MB cells, broken quoting, byte-order marks,
 * CRLF, wrong kinds. Each case is answered with its rejections and their paths; what a case
 * rejects is stored in no part (the database is compared with what the case may store), and
 * `Object.prototype` is what it was.
 */
import {InvoiceRunError, type ImportReport, type RecordKind} from '@invoice-run/core';
import {afterEach, describe, expect, it} from 'vitest';
import type {InvoiceRunClient} from './api.js';
import {createInProcessClient} from './in-process.js';

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
let counter = 0;
const clients: InvoiceRunClient[] = [];

function client(): InvoiceRunClient {
  const made = createInProcessClient({
    database: `hostile-${process.pid}-${++counter}`,
    scheduler: {enabled: false},
  });
  clients.push(made);
  return made;
}

afterEach(async () => {
  for (const made of clients.splice(0)) await made.dispose();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as {quantity?: unknown}).quantity).toBeUndefined();
});

const ITEM_HEADER =
  'id,subscriptionId,description,billingType,unitPrice,billingPeriod.count,billingPeriod.unit,startDate';
const HUGE = 'x'.repeat(10 * 2 ** 20);

/** The stored ids of each kind. */
async function storedIds(billing: InvoiceRunClient): Promise<Record<string, string[]>> {
  const data = await billing.export();
  return Object.fromEntries(
    Object.entries(data)
      .map(([kind, records]) => [kind, records.map((record) => record.id).sort()] as const)
      .filter(([, ids]) => ids.length > 0),
  );
}

function shape(report: ImportReport) {
  return {
    stored: report.stored,
    rejected: report.rejected.map(({kind, id, path, message}) => ({kind, id, path, message})),
  };
}

interface CsvCase {
  readonly name: string;
  readonly kind: RecordKind;
  readonly csv: string;
  readonly stored: number;
  readonly rejected: readonly {id: string; path: string; message: RegExp}[];
  /** The ids stored afterwards, by kind. */
  readonly after: Record<string, string[]>;
}

const CSV_CASES: readonly CsvCase[] = [
  {
    name: 'a prototype path in the header',
    kind: 'items',
    csv: `${ITEM_HEADER},__proto__.quantity\ni1,s1,Plan,recurring,10,1,month,2026-01-01,1000\n`,
    stored: 0,
    rejected: [{id: '', path: '__proto__.quantity', message: /^line 1: .*object machinery/}],
    after: {},
  },
  {
    name: 'a prototype path under fields',
    kind: 'items',
    csv: `${ITEM_HEADER},fields.__proto__.quantity\ni1,s1,Plan,recurring,10,1,month,2026-01-01,1000\n`,
    stored: 0,
    rejected: [{id: '', path: 'fields.__proto__.quantity', message: /object machinery/}],
    after: {},
  },
  {
    name: 'a constructor.prototype path',
    kind: 'accounts',
    csv: 'id,name,constructor.prototype.quantity\na1,Acme,1000\n',
    stored: 0,
    rejected: [{id: '', path: 'constructor.prototype.quantity', message: /object machinery/}],
    after: {},
  },
  {
    name: 'a prototype key inside a JSON cell',
    kind: 'accounts',
    csv: 'id,name,fields:json\na1,Acme,"{""__proto__"":{""quantity"":""1000""}}"\na2,Beta,{}\n',
    stored: 1,
    rejected: [{id: 'a1', path: 'fields.__proto__', message: /^line 2: .*object machinery/}],
    after: {accounts: ['a2']},
  },
  {
    name: 'formula cells',
    kind: 'accounts',
    csv: 'id,name\n=cmd|calc!A1,"=HYPERLINK(""http://x"",""y"")"\n+1,@SUM(A1)\n',
    stored: 2,
    rejected: [],
    after: {accounts: ['+1', '=cmd|calc!A1']},
  },
  {
    name: 'a 10 MB cell',
    kind: 'accounts',
    csv: `id,name\na1,${HUGE}\na2,Fine\n`,
    stored: 1,
    rejected: [{id: 'a1', path: 'name', message: /^line 2: the cell holds 10,485,760 characters/}],
    after: {accounts: ['a2']},
  },
  {
    name: 'a quote that is never closed',
    kind: 'accounts',
    csv: 'id,name\nCSV-A1,"Broken\nCSV-A2,Fine',
    stored: 0,
    rejected: [{id: 'CSV-A1', path: 'name', message: /^line 2: a quoted cell is never closed/}],
    after: {},
  },
  {
    name: 'a byte-order mark and CRLF line ends, a line break inside a quoted cell',
    kind: 'accounts',
    csv: '\uFEFFid,name\r\na1,"Two\r\nlines"\r\na2,Beta\r\n',
    stored: 2,
    rejected: [],
    after: {accounts: ['a1', 'a2']},
  },
  {
    name: 'an unquoted comma that shifts the cells',
    kind: 'items',
    csv: `${ITEM_HEADER}\ni1,s1,Plan, monthly,recurring,10,1,month,2026-01-01\n`,
    stored: 0,
    rejected: [{id: 'i1', path: '', message: /^line 2: 9 cells where the header has 8 columns/}],
    after: {},
  },
  {
    name: 'a column that is no field',
    kind: 'accounts',
    csv: 'id,name,curency\na1,Acme,USD\n',
    stored: 0,
    rejected: [{id: '', path: 'curency', message: /did you mean "currency"/}],
    after: {},
  },
  {
    name: 'an empty file',
    kind: 'accounts',
    csv: '',
    stored: 0,
    rejected: [{id: '', path: '', message: /^the file is empty/}],
    after: {},
  },
  {
    name: 'values of the wrong kind',
    kind: 'items',
    csv: `${ITEM_HEADER}\ni1,s1,Plan,weekly,ten,zero,fortnight,2026-02-30\n`,
    stored: 0,
    rejected: [
      {id: 'i1', path: 'billingType', message: /^line 2: /},
      {id: 'i1', path: 'unitPrice', message: /^line 2: "ten" is not a decimal number/},
      {id: 'i1', path: 'billingPeriod.count', message: /^line 2: /},
      {id: 'i1', path: 'billingPeriod.unit', message: /^line 2: /},
      {id: 'i1', path: 'startDate', message: /^line 2: "2026-02-30" is not a calendar date/},
    ],
    after: {},
  },
];

describe('hostile CSV', () => {
  for (const {name, kind, csv, stored, rejected, after} of CSV_CASES) {
    it(`answers ${name}`, async () => {
      const billing = client();
      const report = await billing.importCsv(kind, csv);
      expect(shape(report)).toEqual({
        stored,
        rejected: rejected.map(({id, path, message}) => ({
          kind,
          id,
          path,
          message: expect.stringMatching(message),
        })),
      });
      expect(await storedIds(billing)).toEqual(after);
    });
  }

  it('keeps formula cells as text and neutralises them on export', async () => {
    const billing = client();
    await billing.importCsv('accounts', 'id,name\na1,=cmd|calc!A1\n');
    await billing.importCsv(
      'subscriptions',
      'id,accountId,number,startDate\ns1,a1,S-1,2026-01-01\n',
    );
    const report = await billing.importCsv(
      'items',
      `${ITEM_HEADER}\ni1,s1,"=HYPERLINK(""http://x"")",recurring,10,1,month,2026-01-01\n`,
    );
    expect(report).toEqual({stored: 1, rejected: [], warnings: []});
    const data = await billing.export();
    expect(data.items[0]?.description).toBe('=HYPERLINK("http://x")');
    const {run} = await billing.startRun({periodStart: '2026-01-01', periodEnd: '2026-01-31'});
    expect(await billing.exportCsv('lines', run.id)).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('refuses a record kind it does not know with INVALID_INPUT, storing nothing', async () => {
    const billing = client();
    await expect(billing.importCsv('customers' as RecordKind, 'id,name\nc1,X\n')).rejects.toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        faults: [expect.objectContaining({path: 'kind'})],
      }),
    );
    expect(await storedIds(billing)).toEqual({});
  });
});

interface JsonCase {
  readonly name: string;
  /** The data set as JSON text, as a host receives it. */
  readonly json: string;
  readonly stored: number;
  readonly rejected: readonly {kind: RecordKind; id: string; path: string; message: RegExp}[];
  readonly after: Record<string, string[]>;
}

const ITEM = JSON.stringify({
  subscriptionId: 's1',
  description: 'Plan',
  billingType: 'recurring',
  unitPrice: '10',
  billingPeriod: {count: 1, unit: 'month'},
  startDate: '2026-01-01',
}).slice(1, -1);

const JSON_CASES: readonly JsonCase[] = [
  {
    name: 'a __proto__ key on a record',
    json: `{"items": [{"id": "i1", ${ITEM}, "__proto__": {"quantity": "1000"}}, {"id": "i2", ${ITEM}}]}`,
    stored: 1,
    rejected: [{kind: 'items', id: 'i1', path: '__proto__', message: /object machinery/}],
    after: {items: ['i2']},
  },
  {
    name: 'a __proto__ key among the custom fields (which zod would drop silently)',
    json: '{"accounts": [{"id": "a1", "name": "Acme", "fields": {"__proto__": {"quantity": "1000"}}}]}',
    stored: 0,
    rejected: [{kind: 'accounts', id: 'a1', path: 'fields.__proto__', message: /object machinery/}],
    after: {},
  },
  {
    name: 'a constructor key in a line of a generic record',
    json: '{"records": [{"id": "r1", "object": "o", "accountId": "a1", "lines": [{"description": "x", "quantity": "1", "unitPrice": "1", "constructor": {}}]}]}',
    stored: 0,
    rejected: [
      {kind: 'records', id: 'r1', path: 'lines[0].constructor', message: /object machinery/},
    ],
    after: {},
  },
  {
    name: 'a filter whose field path names the prototype',
    json: '{"filters": [{"id": "f1", "name": "F", "useCase": "subscription", "condition": {"field": "fields.__proto__", "op": "isNull"}}]}',
    stored: 0,
    rejected: [{kind: 'filters', id: 'f1', path: 'condition.field', message: /object machinery/}],
    after: {},
  },
  {
    name: 'a 10 MB text',
    json: `{"accounts": [{"id": "a1", "name": "${HUGE}"}, {"id": "a2", "name": "Fine"}]}`,
    stored: 1,
    rejected: [
      {kind: 'accounts', id: 'a1', path: 'name', message: /^is 10,485,760 characters long/},
    ],
    after: {accounts: ['a2']},
  },
  {
    name: 'a condition nested a thousand levels deep',
    json: `{"filters": [{"id": "f1", "name": "F", "useCase": "subscription", "condition": ${'{"not": '.repeat(1000)}{"field": "x", "op": "isNull"}${'}'.repeat(1000)}}]}`,
    stored: 0,
    rejected: [
      {
        kind: 'filters',
        id: 'f1',
        path: expect.any(String) as never,
        message: /nested more than 64 levels/,
      },
    ],
    after: {},
  },
  {
    name: 'formula text',
    json: '{"accounts": [{"id": "=1+1", "name": "@SUM(A1)"}]}',
    stored: 1,
    rejected: [],
    after: {accounts: ['=1+1']},
  },
  {
    name: 'values of the wrong kind',
    json: `{"items": [{"id": "i1", ${ITEM}, "quantity": {}, "active": "yes"}]}`,
    stored: 0,
    rejected: [
      {kind: 'items', id: 'i1', path: 'active', message: /./},
      {kind: 'items', id: 'i1', path: 'quantity', message: /must be a decimal/},
    ],
    after: {},
  },
];

describe('hostile JSON', () => {
  for (const {name, json, stored, rejected, after} of JSON_CASES) {
    it(`answers ${name}`, async () => {
      const billing = client();
      const report = await billing.import(JSON.parse(json));
      expect(shape(report)).toEqual({
        stored,
        rejected: rejected.map(({kind, id, path, message}) => ({
          kind,
          id,
          path,
          message: expect.stringMatching(message),
        })),
      });
      expect(await storedIds(billing)).toEqual(after);
    });
  }

  it.each([
    ['a list', '[]'],
    ['an unknown kind', '{"customers": []}'],
    ['a kind that is not a list', '{"items": {}}'],
    ['a __proto__ kind', '{"__proto__": [{"id": "x"}]}'],
  ])('refuses %s whole with INVALID_INPUT and a path, storing nothing', async (_, json) => {
    const billing = client();
    const error = await billing.import(JSON.parse(json)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvoiceRunError);
    expect(error).toMatchObject({code: 'INVALID_INPUT'});
    expect((error as InvoiceRunError).faults.length).toBeGreaterThan(0);
    expect(await storedIds(billing)).toEqual({});
  });
});
