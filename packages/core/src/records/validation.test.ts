import {describe, expect, it} from 'vitest';
import {InvoiceRunError} from '../primitives/errors.js';
import {MAX_TEXT_LENGTH, validateDataSet} from './validation.js';

const item = {
  id: 'i1',
  subscriptionId: 's1',
  description: 'Plan',
  billingType: 'recurring',
  unitPrice: '10',
  billingPeriod: {count: 1, unit: 'month'},
  startDate: '2026-01-01',
};

describe('validateDataSet', () => {
  it('keeps valid records with their defaults applied and normalized decimals', () => {
    const {valid, rejected} = validateDataSet({
      items: [{...item, unitPrice: 10.5, taxRate: '19.00'}],
    });
    expect(rejected).toEqual([]);
    expect(valid.items[0]).toMatchObject({
      unitPrice: '10.5',
      taxRate: '19',
      quantity: '1',
      active: true,
      billingPractice: 'advance',
      discountPercent: '0',
    });
  });

  it('reports every fault of a rejected record with kind, id and path, in input order, and keeps the valid ones', () => {
    const {valid, rejected} = validateDataSet({
      accounts: [{id: 'a1', name: 'Acme'}],
      items: [
        {...item, id: 'bad', billingType: 'monthly', billingPeriod: {count: 0, unit: 'month'}},
        item,
        {...item, id: undefined, startDate: '2026-02-30'},
      ],
    });
    expect(valid.accounts).toHaveLength(1);
    expect(valid.items.map((record) => record.id)).toEqual(['i1']);
    expect(rejected.map(({kind, id, path}) => ({kind, id, path}))).toEqual([
      {kind: 'items', id: 'bad', path: 'billingType'},
      {kind: 'items', id: 'bad', path: 'billingPeriod.count'},
      {kind: 'items', id: '#2', path: 'id'},
      {kind: 'items', id: '#2', path: 'startDate'},
    ]);
    expect(rejected[2]!.message).toBe('is required');
    expect(rejected[3]!.message).toContain('not a calendar date');
  });

  it('names the array index in paths inside a record', () => {
    const {rejected} = validateDataSet({
      records: [
        {
          id: 'o1',
          object: 'Order',
          accountId: 'a1',
          lines: [{description: 'x', quantity: '1', unitPrice: 'ten'}],
        },
      ],
    });
    expect(rejected).toEqual([
      {
        kind: 'records',
        id: 'o1',
        path: 'lines[0].unitPrice',
        message: '"ten" is not a decimal number',
      },
    ]);
  });

  it('points into a malformed filter condition', () => {
    const {rejected} = validateDataSet({
      filters: [
        {
          id: 'f1',
          name: 'F',
          useCase: 'subscription',
          condition: {all: [{field: 'x', op: 'like', value: 1}]},
        },
      ],
    });
    expect(rejected[0]).toMatchObject({kind: 'filters', id: 'f1', path: 'condition.all[0].op'});
  });

  it.each([
    ['a list', []],
    ['null', null],
    ['an unknown kind', {customers: []}],
    ['a kind that is not a list', {items: {}}],
  ])('refuses %s as a whole with INVALID_INPUT', (_, input) => {
    expect(() => validateDataSet(input)).toThrow(InvoiceRunError);
    try {
      validateDataSet(input);
    } catch (error) {
      expect((error as InvoiceRunError).code).toBe('INVALID_INPUT');
    }
  });

  it.each([
    ['a key __proto__ at the top', '{"id": "i1", "__proto__": {"quantity": "1000"}}', '__proto__'],
    [
      'a custom field __proto__',
      '{"id": "i1", "fields": {"__proto__": {"x": 1}}}',
      'fields.__proto__',
    ],
    [
      'a custom field constructor',
      '{"id": "i1", "fields": {"constructor": "c"}}',
      'fields.constructor',
    ],
    [
      'a key prototype deep inside',
      '{"id": "i1", "fields": {"a": [{"prototype": 1}]}}',
      'fields.a[0].prototype',
    ],
  ])('rejects a record with %s at its path, whatever zod would make of it', (_, json, path) => {
    const record = {...item, ...(JSON.parse(json) as object)};
    const {valid, rejected, warnings} = validateDataSet({items: [record, {...item, id: 'i2'}]});
    expect(valid.items.map((kept) => kept.id)).toEqual(['i2']);
    expect(rejected).toEqual([
      {kind: 'items', id: 'i1', path, message: expect.stringContaining('object machinery')},
    ]);
    expect(warnings).toEqual([]);
    expect(({} as {quantity?: unknown}).quantity).toBeUndefined();
  });

  it('rejects text longer than MAX_TEXT_LENGTH at its path', () => {
    const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    const {valid, rejected} = validateDataSet({
      items: [
        {...item, description: long},
        {...item, id: 'i2', description: 'x'.repeat(MAX_TEXT_LENGTH)},
      ],
    });
    expect(valid.items.map((kept) => kept.id)).toEqual(['i2']);
    expect(rejected).toEqual([
      {
        kind: 'items',
        id: 'i1',
        path: 'description',
        message: 'is 100,001 characters long; at most 100,000 are accepted',
      },
    ]);
  });

  it('warns of keys that are no field (dropped), once per key, and of ids given twice', () => {
    const {valid, rejected, warnings} = validateDataSet({
      accounts: [
        {id: 'a1', name: 'Acme', curency: 'USD'},
        {id: 'a2', name: 'Beta', curency: 'EUR', currency: null},
        {id: 'a1', name: 'Acme again'},
      ],
      items: [{...item, billingPeriod: {count: 1, unit: 'month', anchor: 3}}],
    });
    expect(rejected).toEqual([]);
    expect(valid.accounts).toHaveLength(3);
    expect(warnings).toEqual([
      {
        kind: 'accounts',
        id: 'a1',
        path: 'curency',
        code: 'UNKNOWN_FIELD',
        message: '"curency" is not a field here; it was not stored (in 2 records of this import)',
      },
      {
        kind: 'accounts',
        id: 'a1',
        path: 'id',
        code: 'DUPLICATE_ID',
        message: 'id "a1" is given 2 times in this import; the last one was stored',
      },
      {
        kind: 'items',
        id: 'i1',
        path: 'billingPeriod.anchor',
        code: 'UNKNOWN_FIELD',
        message: '"anchor" is not a field here; it was not stored',
      },
    ]);
  });
});
