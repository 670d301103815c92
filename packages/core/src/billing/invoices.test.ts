import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {toEpochDay} from '../primitives/dates.js';
import {ONE, rational, toRational, ZERO} from '../primitives/decimal.js';
import {
  addTotals,
  buildInvoice,
  compareCodeUnits,
  compareInvoices,
  compareIssues,
  dueDate,
  lineNetUnits,
  totalsByCurrency,
} from './invoices.js';
import type {InvoiceDraft, LineDraft} from './invoices.js';
import type {Invoice, SourceIssue} from '../records/model.js';

const d = toRational;

interface LineInput extends Partial<Omit<LineDraft, 'start' | 'end'>> {
  start?: string;
  end?: string;
}

function line({start = '2026-01-01', end = '2026-01-31', ...rest}: LineInput = {}): LineDraft {
  return {
    explanation: null,
    kind: 'item',
    source: 'i1',
    description: 'Pro plan',
    start: toEpochDay(start),
    end: toEpochDay(end),
    quantity: ONE,
    unitPrice: d('30'),
    factor: ONE,
    discountPercent: ZERO,
    taxRate: ZERO,
    ...rest,
  };
}

function draft(lines: LineDraft[], more: Partial<InvoiceDraft> = {}): InvoiceDraft {
  return {
    subscriptionId: 's1',
    accountId: 'a1',
    criterion: null,
    currency: 'EUR',
    invoiceDate: null,
    paymentDueDays: 0,
    lines,
    transactionIds: [],
    recordIds: [],
    ...more,
  };
}

function build(lines: LineDraft[], more: Partial<InvoiceDraft> = {}): Invoice {
  return buildInvoice(draft(lines, more), {id: 'r1:0', runId: 'r1', index: 0});
}

describe('buildInvoice: one line', () => {
  it('writes a plain monthly line with tax', () => {
    const invoice = build([line({taxRate: d('19')})], {
      invoiceDate: '2026-02-20',
      paymentDueDays: 14,
      transactionIds: ['t1'],
      recordIds: ['o1'],
    });
    expect(invoice).toEqual({
      id: 'r1:0',
      runId: 'r1',
      index: 0,
      subscriptionId: 's1',
      accountId: 'a1',
      criterion: null,
      class: 'invoice',
      status: 'draft',
      number: null,
      currency: 'EUR',
      invoiceDate: '2026-02-20',
      dueDate: '2026-03-06',
      paymentDueDays: 14,
      servicePeriod: {start: '2026-01-01', end: '2026-01-31'},
      net: '30.00',
      tax: '5.70',
      gross: '35.70',
      taxBreakdown: [{rate: '19', net: '30.00', tax: '5.70'}],
      lines: [
        {
          kind: 'item',
          source: 'i1',
          description: 'Pro plan',
          servicePeriod: {start: '2026-01-01', end: '2026-01-31'},
          quantity: '1',
          unitPrice: '30',
          factor: '1',
          discountPercent: '0',
          net: '30.00',
          taxRate: '19',
          tax: '5.70',
          explanation: null,
        },
      ],
      transactionIds: ['t1'],
      recordIds: ['o1'],
      edited: false,
      edits: [],
    });
  });

  it('writes decimals plainly and the factor to 6 decimals', () => {
    const invoice = build([
      line({
        quantity: d('2.500'),
        unitPrice: d('0.0035'),
        factor: rational(6n, 31n),
        discountPercent: d('8.10'),
        taxRate: d('7.50'),
      }),
    ]);
    const [only] = invoice.lines;
    expect(only).toMatchObject({
      quantity: '2.5',
      unitPrice: '0.0035',
      factor: '0.193548',
      discountPercent: '8.1',
      taxRate: '7.5',
      // 0.0035 · 2.5 · 6/31 · 0.919 = 0.00155... -> 0.00
      net: '0.00',
      tax: '0.00',
    });
  });

  it('has no invoice date and no due date on a draft without an invoice date', () => {
    const invoice = build([line()], {paymentDueDays: 30});
    expect(invoice.invoiceDate).toBeNull();
    expect(invoice.dueDate).toBeNull();
    expect(invoice.paymentDueDays).toBe(30);
  });
});

describe('buildInvoice: rounding', () => {
  it('rounds a prorated line once, exactly: 15.15 for 1 day of 30 is 0.505 -> 0.51', () => {
    const prorated = line({unitPrice: d('15.15'), factor: rational(1n, 30n)});
    // Exactly 0.505: three decimals hold it without rounding.
    expect(lineNetUnits(prorated, 3)).toBe(505n);
    const invoice = build([prorated]);
    expect(invoice.lines[0]).toMatchObject({net: '0.51', factor: '0.033333'});
    expect(invoice.net).toBe('0.51');
  });

  it('sums the rounded line nets, not the exact amounts', () => {
    const lines = ['i1', 'i2', 'i3'].map((source) =>
      line({source, unitPrice: d('15.15'), factor: rational(1n, 30n)}),
    );
    const invoice = build(lines);
    expect(invoice.lines.map((l) => l.net)).toEqual(['0.51', '0.51', '0.51']);
    // 3 · 0.505 = 1.515 would round to 1.52; the invoice is the sum of its lines
    expect(invoice.net).toBe('1.53');
  });

  it('applies the discount before rounding', () => {
    const discounted = line({unitPrice: d('100'), quantity: d('3'), discountPercent: d('12.5')});
    expect(lineNetUnits(discounted, 1)).toBe(2625n);
    expect(build([discounted]).lines[0]).toMatchObject({net: '262.50', discountPercent: '12.5'});
    const third = line({unitPrice: d('10'), discountPercent: d('33.333')});
    expect(build([third]).net).toBe('6.67');
  });

  it('rounds a negative half away from zero', () => {
    const invoice = build([line({unitPrice: d('-0.50'), taxRate: d('1')})]);
    // -0.50 · 1% = -0.005 -> -0.01
    expect(invoice.lines[0]).toMatchObject({net: '-0.50', tax: '-0.01'});
    expect(invoice).toMatchObject({net: '-0.50', tax: '-0.01', gross: '-0.51', class: 'credit'});
  });
});

describe('buildInvoice: tax per rate (EN 16931)', () => {
  it('rounds the tax of each rate once, not the sum of the line taxes', () => {
    const lines = ['i1', 'i2', 'i3'].map((source) =>
      line({source, unitPrice: d('0.03'), taxRate: d('19')}),
    );
    const invoice = build(lines);
    // each line: 0.03 · 19% = 0.0057 -> 0.01, so the line taxes sum to 0.03
    expect(invoice.lines.map((l) => l.tax)).toEqual(['0.01', '0.01', '0.01']);
    // per rate: 0.09 · 19% = 0.0171 -> 0.02
    expect(invoice.taxBreakdown).toEqual([{rate: '19', net: '0.09', tax: '0.02'}]);
    expect(invoice).toMatchObject({net: '0.09', tax: '0.02', gross: '0.11'});
  });

  it('can also come out below the sum of the line taxes', () => {
    const lines = ['i1', 'i2'].map((source) =>
      line({source, unitPrice: d('0.10'), taxRate: d('5')}),
    );
    const invoice = build(lines);
    // each line: 0.005 -> 0.01; per rate: 0.20 · 5% = 0.01
    expect(invoice.lines.map((l) => l.tax)).toEqual(['0.01', '0.01']);
    expect(invoice).toMatchObject({net: '0.20', tax: '0.01', gross: '0.21'});
  });

  it('lists one row per distinct rate, lowest rate first (as numbers)', () => {
    const invoice = build([
      line({source: 'a', unitPrice: d('100'), taxRate: d('19')}),
      line({source: 'b', unitPrice: d('50'), taxRate: d('7')}),
      line({source: 'c', unitPrice: d('10.05'), taxRate: d('7.0')}),
      line({source: 'd', unitPrice: d('20'), taxRate: d('7.5')}),
      line({source: 'e', unitPrice: d('10'), taxRate: d('0')}),
    ]);
    expect(invoice.taxBreakdown).toEqual([
      {rate: '0', net: '10.00', tax: '0.00'},
      {rate: '7', net: '60.05', tax: '4.20'}, // 60.05 · 7% = 4.2035
      {rate: '7.5', net: '20.00', tax: '1.50'},
      {rate: '19', net: '100.00', tax: '19.00'},
    ]);
    expect(invoice.lines.map((l) => [l.source, l.taxRate, l.tax])).toEqual([
      ['a', '19', '19.00'],
      ['b', '7', '3.50'],
      ['c', '7', '0.70'],
      ['d', '7.5', '1.50'],
      ['e', '0', '0.00'],
    ]);
    expect(invoice).toMatchObject({net: '190.05', tax: '24.70', gross: '214.75'});
  });
});

describe('buildInvoice: class and zero', () => {
  it('is a credit when the gross amount is negative', () => {
    const invoice = build([line({unitPrice: d('-50'), taxRate: d('19')})]);
    expect(invoice).toMatchObject({
      class: 'credit',
      net: '-50.00',
      tax: '-9.50',
      gross: '-59.50',
      taxBreakdown: [{rate: '19', net: '-50.00', tax: '-9.50'}],
    });
  });

  it('is a credit for a gross of -0.01 and an invoice for a gross of exactly 0', () => {
    const credit = build([
      line({source: 'i1', unitPrice: d('10')}),
      line({source: 'i2', unitPrice: d('-10.01')}),
    ]);
    expect(credit).toMatchObject({class: 'credit', net: '-0.01', gross: '-0.01'});
    const zero = build([
      line({source: 'i1', unitPrice: d('10')}),
      line({source: 'i2', unitPrice: d('-10')}),
    ]);
    expect(zero).toMatchObject({class: 'invoice', net: '0.00', tax: '0.00', gross: '0.00'});
  });

  it('never writes a negative zero and keeps a zero line', () => {
    const invoice = build([line({unitPrice: d('-0.004'), taxRate: d('19')})]);
    expect(invoice.lines).toHaveLength(1);
    expect(invoice.lines[0]).toMatchObject({net: '0.00', tax: '0.00'});
    expect(invoice).toMatchObject({class: 'invoice', net: '0.00', tax: '0.00', gross: '0.00'});
    expect(invoice.taxBreakdown).toEqual([{rate: '19', net: '0.00', tax: '0.00'}]);
  });

  it('is a credit by its gross even when a positive net carries a negative tax', () => {
    // net: 100.00 at 0% and -95.00 at 19% -> net 5.00, tax -18.05, gross -13.05
    const invoice = build([
      line({source: 'i1', unitPrice: d('100')}),
      line({source: 'i2', unitPrice: d('-95'), taxRate: d('19')}),
    ]);
    expect(invoice).toMatchObject({net: '5.00', tax: '-18.05', gross: '-13.05', class: 'credit'});
  });
});

describe('buildInvoice: currencies', () => {
  it('writes JPY with no decimals', () => {
    const invoice = build([line({unitPrice: d('1234.5'), taxRate: d('10')})], {currency: 'JPY'});
    expect(invoice.lines[0]).toMatchObject({net: '1235', tax: '124', unitPrice: '1234.5'});
    expect(invoice).toMatchObject({
      net: '1235',
      tax: '124', // 123.5 -> 124
      gross: '1359',
      taxBreakdown: [{rate: '10', net: '1235', tax: '124'}],
    });
    const credit = build([line({unitPrice: d('-1234.5'), taxRate: d('10')})], {currency: 'JPY'});
    expect(credit).toMatchObject({net: '-1235', tax: '-124', gross: '-1359', class: 'credit'});
  });

  it('writes KWD with three decimals and an unknown code with two', () => {
    const kwd = build([line({unitPrice: d('1.2345'), taxRate: d('5')})], {currency: 'KWD'});
    // 1.2345 -> 1.235; 1.235 · 5% = 0.06175 -> 0.062
    expect(kwd).toMatchObject({net: '1.235', tax: '0.062', gross: '1.297'});
    const unknown = build([line({unitPrice: d('1.005')})], {currency: 'ZZZ'});
    expect(unknown).toMatchObject({net: '1.01', gross: '1.01'});
  });
});

describe('buildInvoice: line order and service period', () => {
  const lines: LineDraft[] = [
    line({kind: 'record', source: 'r2', position: 1, description: 'r2#1'}),
    line({
      kind: 'usage',
      source: 'i2',
      start: '2026-01-05',
      end: '2026-01-06',
      criterion: 'A',
      unitPrice: d('9'),
      description: 'u-i2-05-A-9',
    }),
    line({kind: 'record', source: 'r2', position: 0, description: 'r2#0'}),
    line({
      kind: 'item',
      source: 'i2',
      start: '2026-02-01',
      end: '2026-02-28',
      description: 'item-i2-feb',
    }),
    line({
      kind: 'usage',
      source: 'i2',
      start: '2026-01-05',
      end: '2026-01-05',
      criterion: null,
      unitPrice: d('10'),
      description: 'u-i2-05-null-10',
    }),
    line({kind: 'record', source: 'r1', position: 3, description: 'r1#3'}),
    line({kind: 'item', source: 'i10', description: 'item-i10'}),
    line({
      kind: 'usage',
      source: 'i2',
      start: '2026-01-05',
      end: '2026-01-07',
      criterion: null,
      unitPrice: d('9'),
      description: 'u-i2-05-null-9',
    }),
    line({
      kind: 'item',
      source: 'i2',
      start: '2026-01-01',
      end: '2026-01-31',
      description: 'item-i2-jan',
    }),
    line({
      kind: 'usage',
      source: 'i2',
      start: '2026-01-01',
      end: '2026-01-01',
      criterion: 'B',
      unitPrice: d('1'),
      description: 'u-i2-01-B-1',
    }),
    line({
      kind: 'usage',
      source: 'i10',
      start: '2026-01-20',
      end: '2026-01-20',
      description: 'u-i10',
    }),
    line({
      kind: 'item',
      source: 'B1',
      start: '2025-12-20',
      end: '2025-12-31',
      description: 'item-B1',
    }),
  ];

  it('orders by kind, source (code units), start, then usage criterion (none first) and price', () => {
    const invoice = build(lines);
    expect(invoice.lines.map((l) => l.description)).toEqual([
      'item-B1',
      'item-i10',
      'item-i2-jan',
      'item-i2-feb',
      'u-i10',
      'u-i2-01-B-1',
      'u-i2-05-null-9',
      'u-i2-05-null-10',
      'u-i2-05-A-9',
      'r1#3',
      'r2#0',
      'r2#1',
    ]);
  });

  it('gives the same order whatever the input order', () => {
    const expected = build(lines).lines;
    fc.assert(
      fc.property(fc.shuffledSubarray(lines, {minLength: lines.length}), (shuffled) => {
        expect(build(shuffled).lines).toEqual(expected);
      }),
      {numRuns: 50},
    );
  });

  it('keeps the criterion on usage lines only', () => {
    const invoice = build(lines);
    const byDescription = new Map(invoice.lines.map((l) => [l.description, l]));
    expect(byDescription.get('u-i2-05-A-9')).toHaveProperty('criterion', 'A');
    expect(byDescription.get('u-i2-05-null-9')).toHaveProperty('criterion', null);
    expect(byDescription.get('u-i10')).toHaveProperty('criterion', null);
    expect(byDescription.get('item-i10')).not.toHaveProperty('criterion');
    expect(byDescription.get('r1#3')).not.toHaveProperty('criterion');
  });

  it('spans the service period from the earliest start to the latest end', () => {
    expect(build(lines).servicePeriod).toEqual({start: '2025-12-20', end: '2026-02-28'});
    expect(
      build([
        line({start: '2026-03-01', end: '2026-03-01'}),
        line({start: '2026-01-10', end: '2026-01-10'}),
      ]).servicePeriod,
    ).toEqual({start: '2026-01-10', end: '2026-03-01'});
  });
});

describe('dueDate', () => {
  it.each([
    ['2026-02-20', 14, '2026-03-06'],
    ['2028-02-20', 14, '2028-03-05'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-05-05', 0, '2026-05-05'],
  ])('%s + %i days is %s', (invoiceDate, days, expected) => {
    expect(dueDate(invoiceDate, days)).toBe(expected);
  });

  it('is null without an invoice date', () => {
    expect(dueDate(null, 14)).toBeNull();
  });
});

describe('compareInvoices', () => {
  const base = build([line()]);
  function invoice(
    accountId: string,
    subscriptionId: string | null,
    currency: string,
    criterion: string | null,
    index: number,
  ): Invoice {
    return {
      ...base,
      id: `${accountId}/${subscriptionId}/${currency}/${criterion}/${index}`,
      accountId,
      subscriptionId,
      currency,
      criterion,
      index,
    };
  }

  const ordered = [
    invoice('A1', 's9', 'EUR', null, 0), // 'A' < 'a' in code units
    invoice('a1', null, 'USD', null, 7), // no subscription first
    invoice('a1', null, 'USD', 'X', 1),
    invoice('a1', 's1', 'EUR', null, 3),
    invoice('a1', 's1', 'EUR', null, 4), // made order
    invoice('a1', 's1', 'EUR', 'A', 0), // no criterion first
    invoice('a1', 's1', 'EUR', 'a', 2),
    invoice('a1', 's1', 'JPY', null, 0),
    invoice('a1', 's10', 'EUR', null, 0),
    invoice('a1', 's2', 'EUR', null, 0),
    invoice('a2', null, 'EUR', null, 0),
  ];

  it('orders by account, subscription (none first), currency, criterion (none first), made order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ordered, {minLength: ordered.length}), (shuffled) => {
        expect([...shuffled].sort(compareInvoices).map((i) => i.id)).toEqual(
          ordered.map((i) => i.id),
        );
      }),
      {numRuns: 200},
    );
  });

  it('puts null first in both argument positions', () => {
    const withSub = invoice('a1', 's1', 'EUR', null, 0);
    const withoutSub = invoice('a1', null, 'EUR', null, 0);
    expect(compareInvoices(withoutSub, withSub)).toBeLessThan(0);
    expect(compareInvoices(withSub, withoutSub)).toBeGreaterThan(0);
    expect(compareInvoices(withoutSub, withoutSub)).toBe(0);
    const withCriterion = invoice('a1', 's1', 'EUR', '', 0);
    // an empty criterion is a criterion, after none
    expect(compareInvoices(withSub, withCriterion)).toBeLessThan(0);
    expect(compareInvoices(withCriterion, withSub)).toBeGreaterThan(0);
  });
});

describe('compareIssues and compareCodeUnits', () => {
  it('orders issues by source kind, then id, then code', () => {
    const issue = (
      source: SourceIssue['source'],
      id: string,
      code: string,
    ): SourceIssue<string> => ({
      source,
      id,
      code,
      message: '',
    });
    const ordered = [
      issue('subscription', 's2', 'ACCOUNT_NOT_FOUND'),
      issue('item', 'i1', 'MISSING_BILLING_PERIOD'),
      issue('item', 'i1', 'UNBILLED_HISTORY'),
      issue('item', 'i2', 'MISSING_BILLING_PERIOD'),
      issue('transaction', 'T9', 'NO_MATCHING_ITEM'),
      issue('transaction', 't1', 'AMBIGUOUS_ITEM'),
      issue('record', 'o1', 'NO_LINES'),
    ];
    expect([...ordered].reverse().sort(compareIssues)).toEqual(ordered);
  });

  it('compares strings by code units', () => {
    expect(compareCodeUnits('B', 'a')).toBeLessThan(0);
    expect(compareCodeUnits('i10', 'i2')).toBeLessThan(0);
    expect(compareCodeUnits('a', 'a')).toBe(0);
    expect(compareCodeUnits('ä', 'z')).toBeGreaterThan(0);
  });
});

describe('totalsByCurrency and addTotals', () => {
  it('sums signed amounts per currency, by currency code', () => {
    expect(
      totalsByCurrency([
        {currency: 'USD', net: '1.00', tax: '0.00', gross: '1.00'},
        {currency: 'EUR', net: '10.00', tax: '1.90', gross: '11.90'},
        {currency: 'JPY', net: '100', tax: '10', gross: '110'},
        {currency: 'EUR', net: '-12.50', tax: '-2.38', gross: '-14.88'},
        {currency: 'JPY', net: '5', tax: '0', gross: '5'},
      ]),
    ).toEqual([
      {currency: 'EUR', net: '-2.50', tax: '-0.48', gross: '-2.98'},
      {currency: 'JPY', net: '105', tax: '10', gross: '115'},
      {currency: 'USD', net: '1.00', tax: '0.00', gross: '1.00'},
    ]);
  });

  it('writes a currency that sums to zero as zero and keeps KWD digits', () => {
    expect(
      totalsByCurrency([
        {currency: 'EUR', net: '5.00', tax: '0.95', gross: '5.95'},
        {currency: 'EUR', net: '-5.00', tax: '-0.95', gross: '-5.95'},
        {currency: 'KWD', net: '1.235', tax: '0.062', gross: '1.297'},
      ]),
    ).toEqual([
      {currency: 'EUR', net: '0.00', tax: '0.00', gross: '0.00'},
      {currency: 'KWD', net: '1.235', tax: '0.062', gross: '1.297'},
    ]);
  });

  it('is empty for no invoices', () => {
    expect(totalsByCurrency([])).toEqual([]);
  });

  it('adds more rows to existing totals', () => {
    expect(
      addTotals(
        [{currency: 'EUR', net: '1.00', tax: '0.19', gross: '1.19'}],
        [
          {currency: 'EUR', net: '2.00', tax: '0.38', gross: '2.38'},
          {currency: 'CHF', net: '3.00', tax: '0.00', gross: '3.00'},
        ],
      ),
    ).toEqual([
      {currency: 'CHF', net: '3.00', tax: '0.00', gross: '3.00'},
      {currency: 'EUR', net: '3.00', tax: '0.57', gross: '3.57'},
    ]);
  });

  it('sums the invoices built from lines', () => {
    const a = build([line({unitPrice: d('15.15'), factor: rational(1n, 30n), taxRate: d('19')})]);
    const b = build([line({unitPrice: d('-0.51'), taxRate: d('19')})]);
    expect(a).toMatchObject({net: '0.51', tax: '0.10', gross: '0.61'});
    expect(totalsByCurrency([a, b])).toEqual([
      {currency: 'EUR', net: '0.00', tax: '0.00', gross: '0.00'},
    ]);
  });
});
