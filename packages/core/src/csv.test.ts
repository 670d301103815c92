import {InvoiceRunEngine} from './engine.js';
import {MemoryStore} from './store/memory-store.js';
import {afterEach, describe, expect, it} from 'vitest';
import {parseRecordsCsv} from './csv.js';

/** Every own property of `Object.prototype`, to see that a parse leaves it as it was. */
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
});

describe('parseRecordsCsv', () => {
  it.each([
    ['__proto__.quantity', 'items'],
    ['fields.__proto__.quantity', 'items'],
    ['constructor.prototype.quantity', 'items'],
    ['prototype:json', 'accounts'],
    ['fields.constructor', 'accounts'],
  ] as const)('refuses the header %s and leaves Object.prototype untouched', (header, kind) => {
    const parsed = parseRecordsCsv(kind, `id,${header}\nx1,1000\n`);
    expect(parsed.refused).toBe(true);
    expect(parsed.records).toEqual([]);
    expect(parsed.rejected).toEqual([
      {kind, id: '', path: header, message: expect.stringContaining('object machinery')},
    ]);
    expect(({} as {quantity?: unknown}).quantity).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('rejects the row a broken quote touches at the line where it starts, and every line it swallows', () => {
    const parsed = parseRecordsCsv('accounts', 'id,name\nCSV-A1,"Broken\nCSV-A2,Fine');
    expect(parsed.records).toEqual([]);
    expect(parsed.rejected).toEqual([
      {
        kind: 'accounts',
        id: 'CSV-A1',
        path: 'name',
        message:
          'line 2: a quoted cell is never closed; it runs to line 3, and those lines with it; the row was not imported',
      },
    ]);
  });

  it('keeps the rows around a malformed quote and names its line', () => {
    const parsed = parseRecordsCsv(
      'accounts',
      'id,name\r\nA1,One\r\n\r\nA2,"Two\r\nlines"\r\nA3,"bad"quote\r\nA4,Four',
    );
    expect(parsed.records).toEqual([
      {id: 'A1', name: 'One'},
      {id: 'A2', name: 'Two\r\nlines'},
    ]);
    expect(parsed.rows).toEqual([
      {line: 2, index: 0},
      {line: 4, index: 1},
    ]);
    expect(parsed.rejected.map(({id, message}) => ({id, message}))).toEqual([
      {
        id: 'A3',
        message:
          'line 6: a quoted cell goes on after its closing quote; it runs to line 7, and those lines with it; the row was not imported',
      },
    ]);
  });

  it('refuses a column that is no field, suggesting the one meant, and imports nothing', () => {
    const parsed = parseRecordsCsv(
      'accounts',
      'id,name,curency,billingPeriod.count\na1,Acme,EUR,1\n',
    );
    expect(parsed.refused).toBe(true);
    expect(parsed.records).toEqual([]);
    expect(parsed.rejected).toEqual([
      {
        kind: 'accounts',
        id: '',
        path: 'curency',
        message:
          'line 1: column "curency" is not a field of accounts (did you mean "currency"?); nothing of the file was imported',
      },
      {
        kind: 'accounts',
        id: '',
        path: 'billingPeriod.count',
        message:
          'line 1: column "billingPeriod.count" is not a field of accounts; nothing of the file was imported',
      },
    ]);
    expect(
      parseRecordsCsv('items', 'id,billingPeriod.cuont,fields.a.b\n').rejected.map(
        (rejection) => rejection.message,
      ),
    ).toEqual([
      'line 1: column "billingPeriod.cuont" is not a part of billingPeriod (did you mean "count"?); nothing of the file was imported',
      'line 1: column "fields.a.b": a custom field is one name, such as "fields.region"; nothing of the file was imported',
    ]);
  });

  it('refuses two columns for one field', () => {
    const parsed = parseRecordsCsv('accounts', 'id,name,fields:json,fields.region\na1,A,{},EU\n');
    expect(parsed.rejected.map(({path}) => path)).toEqual(['fields.region']);
    expect(parsed.refused).toBe(true);
  });

  it.each([
    ['an empty file', '', 'line'],
    ['only blank lines and a byte-order mark', '\uFEFF\r\n\r\n', 'line'],
    ['a header without rows', 'id,name\r\n', 'row'],
  ])('says so for %s', (_, csv) => {
    const parsed = parseRecordsCsv('accounts', csv);
    expect(parsed.refused).toBe(true);
    expect(parsed.rejected).toHaveLength(1);
    expect(parsed.rejected[0]?.message).toMatch(
      /^the file (is empty: it has no header row and no records|has a header row but no records); nothing of the file was imported$/,
    );
  });

  it('drops a byte-order mark and reads CRLF, LF and CR line ends', () => {
    for (const end of ['\r\n', '\n', '\r']) {
      const parsed = parseRecordsCsv('accounts', `\uFEFFid,name${end}a1,Acme${end}a2,Beta${end}`);
      expect(parsed.rejected).toEqual([]);
      expect(parsed.records).toEqual([
        {id: 'a1', name: 'Acme'},
        {id: 'a2', name: 'Beta'},
      ]);
      expect(parsed.rows.map((row) => row.line)).toEqual([2, 3]);
    }
  });

  it('rejects a row with more or fewer cells than the header, and a value under a nameless column', () => {
    const parsed = parseRecordsCsv(
      'items',
      'id,description,unitPrice,\ni1,Plan, monthly,10,\ni2,Plan\ni3,Plan,10,\ni4,Plan,10,x\n',
    );
    expect(parsed.records.map((record) => record['id'])).toEqual(['i3']);
    expect(parsed.rejected.map(({id, message}) => `${id}: ${message}`)).toEqual([
      'i1: line 2: 5 cells where the header has 4 columns (a comma or line break inside a cell must be quoted); the row was not imported',
      'i2: line 3: 2 cells where the header has 4 columns (a comma or line break inside a cell must be quoted); the row was not imported',
      'i4: line 5: column 4 has no name in the header, but this row has a value there',
    ]);
  });

  it('rejects a cell longer than the longest text accepted, without quoting it', () => {
    const huge = 'x'.repeat(10 * 2 ** 20);
    const parsed = parseRecordsCsv('accounts', `id,name\na1,${huge}\na2,Fine\n`);
    expect(parsed.records).toEqual([{id: 'a2', name: 'Fine'}]);
    expect(parsed.rejected).toEqual([
      {
        kind: 'accounts',
        id: 'a1',
        path: 'name',
        message: 'line 2: the cell holds 10,485,760 characters; at most 100,000 are accepted',
      },
    ]);
  });

  it('keeps formula-like cells as text (export neutralises them)', () => {
    const parsed = parseRecordsCsv('accounts', 'id,name\n=1+1,"=HYPERLINK(""http://x"")"\n');
    expect(parsed.records).toEqual([{id: '=1+1', name: '=HYPERLINK("http://x")'}]);
  });

  it('names a row without an id by its place among the rows', () => {
    const parsed = parseRecordsCsv(
      'records',
      'id,object,accountId,lines\nr1,o,a1,[]\n,o,a1,[oops\n',
    );
    expect(parsed.rejected).toEqual([
      {kind: 'records', id: '#1', path: 'lines', message: 'line 3: is not valid JSON: "[oops"'},
    ]);
  });

  it('refuses an unknown record kind with INVALID_INPUT', () => {
    expect(() => parseRecordsCsv('customers' as never, 'id\n1')).toThrow(
      expect.objectContaining({code: 'INVALID_INPUT'}),
    );
  });

  it('reads 100,000 rows, which the engine stores whole', async () => {
    const rows = Array.from({length: 100_000}, (_, n) => `a${n},Account ${n},EUR`);
    const parsed = parseRecordsCsv('accounts', `id,name,currency\n${rows.join('\n')}\n`);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.records).toHaveLength(100_000);
    expect(parsed.rows.at(-1)).toEqual({line: 100_001, index: 99_999});
    const report = await new InvoiceRunEngine(new MemoryStore()).import({
      accounts: parsed.records,
    });
    expect(report).toEqual({stored: 100_000, rejected: [], warnings: []});
  });
});
