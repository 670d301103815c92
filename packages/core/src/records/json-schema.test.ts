import {describe, expect, it} from 'vitest';
import {dataSetJsonSchema} from './json-schema.js';

type JsonSchema = {
  properties: Record<
    string,
    {items: {required: string[]; properties: Record<string, {format?: string; type?: unknown}>}}
  >;
};

describe('dataSetJsonSchema', () => {
  const schema = dataSetJsonSchema() as unknown as JsonSchema;

  it('describes every record kind', () => {
    expect(Object.keys(schema.properties)).toEqual([
      'accounts',
      'subscriptions',
      'items',
      'transactions',
      'records',
      'filters',
    ]);
  });

  it('lists the required fields as a producer must write them (defaults are optional)', () => {
    expect(schema.properties.items!.items.required).toEqual([
      'id',
      'subscriptionId',
      'description',
      'billingType',
      'unitPrice',
      'startDate',
    ]);
    expect(schema.properties.accounts!.items.required).toEqual(['id', 'name']);
  });

  it('marks dates and accepts decimals as strings or numbers', () => {
    const item = schema.properties.items!.items.properties;
    expect(item.startDate!.format).toBe('date');
    expect(item.unitPrice!.type).toEqual(['string', 'number']);
  });
});
