/**
 * An invoice as a run and a clerk make it, for the explanation and document tests and the print
 * fixture: every kind of line (a whole month, days of a month, caught-up days, a discount, usage,
 * an order's line, a line added by hand), two tax rates, an edit record; seller and buyer details.
 * Amounts are the engine's: each line net rounded once, tax per rate. Not part of the package.
 */
import type {Account, Invoice, InvoiceLine, Seller} from '@invoice-run/core';

export const sampleSeller = {
  name: 'Acme Billing GmbH',
  address: {
    lines: ['Friedrichstraße 123'],
    postalCode: '10117',
    city: 'Berlin',
    country: 'DE',
  },
  taxId: 'DE811907980',
  email: 'billing@acme.example',
  phone: '+49 30 1234567',
  bank: {
    accountHolder: 'Acme Billing GmbH',
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    bankName: 'Commerzbank',
  },
} as Seller;

export const sampleAccount: Account = {
  id: 'ACC-000017',
  name: 'Nordwerk GmbH',
  active: true,
  currency: 'EUR',
  paymentDueDays: 14,
  address: {
    lines: ['Hafenstraße 1', 'Building C'],
    postalCode: '20457',
    city: 'Hamburg',
    country: 'DE',
  },
  taxId: 'DE123456789',
  email: 'invoices@nordwerk.example',
} as Account;

const month = {start: '2026-01-01', end: '2026-01-31'};

export const sampleLines: readonly InvoiceLine[] = [
  {
    kind: 'item',
    source: 'SUB-0000017-1',
    description: 'Platform subscription',
    servicePeriod: month,
    quantity: '1',
    unitPrice: '249.00',
    factor: '1',
    discountPercent: '0',
    net: '249.00',
    taxRate: '19',
    tax: '47.31',
    explanation: {
      billingType: 'recurring',
      practice: 'advance',
      pieces: [{start: '2026-01-01', end: '2026-01-31', period: month, factor: '1', late: false}],
    },
  },
  {
    kind: 'item',
    source: 'SUB-0000017-2',
    description: 'Seats',
    servicePeriod: {start: '2026-01-15', end: '2026-01-31'},
    quantity: '12',
    unitPrice: '15.90',
    factor: '0.548387',
    discountPercent: '0',
    net: '104.63',
    taxRate: '19',
    tax: '19.88',
    explanation: {
      billingType: 'recurring-prorated',
      practice: 'advance',
      pieces: [
        {start: '2026-01-15', end: '2026-01-31', period: month, factor: '17/31', late: false},
      ],
    },
  },
  {
    kind: 'item',
    source: 'SUB-0000017-3',
    description: 'Support plan',
    servicePeriod: {start: '2025-12-01', end: '2026-01-31'},
    quantity: '1',
    unitPrice: '79.00',
    factor: '2',
    discountPercent: '0',
    net: '158.00',
    taxRate: '19',
    tax: '30.02',
    explanation: {
      billingType: 'recurring-prorated',
      practice: 'advance',
      pieces: [
        {
          start: '2025-12-01',
          end: '2025-12-31',
          period: {start: '2025-12-01', end: '2025-12-31'},
          factor: '1',
          late: true,
        },
        {start: '2026-01-01', end: '2026-01-31', period: month, factor: '1', late: false},
      ],
    },
  },
  {
    kind: 'item',
    source: 'SUB-0000017-4',
    description: 'Storage (per TB)',
    servicePeriod: month,
    quantity: '3',
    unitPrice: '23.00',
    factor: '1',
    discountPercent: '10',
    net: '62.10',
    taxRate: '7',
    tax: '4.35',
    explanation: {
      billingType: 'recurring',
      practice: 'arrears',
      pieces: [{start: '2026-01-01', end: '2026-01-31', period: month, factor: '1', late: false}],
    },
  },
  {
    kind: 'usage',
    source: 'SUB-0000017-5',
    description: 'API calls',
    servicePeriod: {start: '2026-01-03', end: '2026-01-29'},
    quantity: '18250',
    unitPrice: '0.0035',
    factor: '1',
    discountPercent: '0',
    net: '63.88',
    taxRate: '19',
    tax: '12.14',
    criterion: null,
    explanation: {transactions: 42, first: '2026-01-03', last: '2026-01-29', criterion: null},
  },
  {
    kind: 'record',
    source: 'ORDER-000017',
    description: 'Onboarding workshop',
    servicePeriod: {start: '2026-01-20', end: '2026-01-20'},
    quantity: '1',
    unitPrice: '1200.00',
    factor: '1',
    discountPercent: '0',
    net: '1200.00',
    taxRate: '19',
    tax: '228.00',
    explanation: {object: 'Order', record: 'ORDER-000017'},
  },
  {
    kind: 'manual',
    source: null,
    description: 'Setup assistance (agreed by phone)',
    servicePeriod: month,
    quantity: '2',
    unitPrice: '45.00',
    factor: '1',
    discountPercent: '0',
    net: '90.00',
    taxRate: '7',
    tax: '6.30',
    explanation: {manual: true},
  },
];

/** The sample invoice, finalized: every line, two tax rates, one edit. */
export function sampleInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: 'run-1:16',
    runId: 'run-1',
    index: 16,
    subscriptionId: 'SUB-0000017',
    accountId: 'ACC-000017',
    criterion: null,
    class: 'invoice',
    status: 'open',
    number: 'INV-2026-00042',
    currency: 'EUR',
    invoiceDate: '2026-02-01',
    dueDate: '2026-02-15',
    paymentDueDays: 14,
    servicePeriod: {start: '2025-12-01', end: '2026-01-31'},
    net: '1927.61',
    tax: '348.00',
    gross: '2275.61',
    taxBreakdown: [
      {rate: '7', net: '152.10', tax: '10.65'},
      {rate: '19', net: '1775.51', tax: '337.35'},
    ],
    lines: sampleLines,
    transactionIds: Array.from({length: 42}, (_, n) => `TX-${String(n + 1).padStart(8, '0')}`),
    recordIds: ['ORDER-000017'],
    edited: true,
    edits: [
      {
        at: '2026-02-02T09:14:00.000Z',
        changes: [
          {line: 1, field: 'quantity', from: '10', to: '12'},
          {line: null, field: 'added', from: null, to: 'Setup assistance (agreed by phone)'},
        ],
      },
    ],
    ...overrides,
  };
}

/**
 * The sample invoice with `extra` more lines added by hand (10.00 each at 19% tax), its totals
 * made again exactly in cents: long enough to run over several pages.
 */
export function longInvoice(extra: number): Invoice {
  const base = sampleInvoice();
  const lines: InvoiceLine[] = [...base.lines];
  for (let n = 1; n <= extra; n++) {
    lines.push({
      kind: 'manual',
      source: null,
      description: `Consulting hour ${n}`,
      servicePeriod: month,
      quantity: '1',
      unitPrice: '10.00',
      factor: '1',
      discountPercent: '0',
      net: '10.00',
      taxRate: '19',
      tax: '1.90',
      explanation: {manual: true},
    });
  }
  const cents = (amount: string) => BigInt(amount.replace('.', ''));
  const text = (value: bigint) => {
    const digits = value.toString().padStart(3, '0');
    return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  };
  const net19 = cents('1775.51') + BigInt(extra) * 1000n;
  // 19% of whole cents, rounded half away from zero (all positive here).
  const tax19 = (net19 * 19n + 50n) / 100n;
  const net = net19 + cents('152.10');
  const tax = tax19 + cents('10.65');
  return {
    ...base,
    lines,
    net: text(net),
    tax: text(tax),
    gross: text(net + tax),
    taxBreakdown: [
      {rate: '7', net: '152.10', tax: '10.65'},
      {rate: '19', net: text(net19), tax: text(tax19)},
    ],
  };
}
