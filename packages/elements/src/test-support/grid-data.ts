/**
 * Drafts for the grid's tests, made by core's own edit rules (manual lines added to an empty draft),
 * so that every amount is what the engine computes and later edits in the fake client apply.
 * Not part of the package.
 */
import {applyDraftEdit, type Account, type Invoice} from '@invoice-run/core';
import {FakeClient, makeInvoice, makeRun} from './fake-client.js';

export interface LineInput {
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly taxRate?: string;
  readonly discountPercent?: string;
}

/** A draft of run `r1` with manual lines, as the engine makes them. */
export function draftWith(
  index: number,
  lines: readonly LineInput[],
  overrides: Partial<Invoice> = {},
): Invoice {
  const base = makeInvoice({
    id: `r1:${index}`,
    index,
    accountId: `a${index % 3}`,
    subscriptionId: `SUB-${String(index).padStart(4, '0')}`,
    invoiceDate: '2026-01-31',
    net: '0.00',
    tax: '0.00',
    gross: '0.00',
    ...overrides,
  });
  const outcome = applyDraftEdit(
    base,
    lines.map((line) => ({add: line})),
    '2026-01-31T00:00:00Z',
  );
  if (outcome.kind !== 'edited') throw new Error('no lines');
  return {...outcome.invoice, edited: false, edits: [], ...overrides};
}

export const ACCOUNTS: Account[] = [
  {id: 'a0', name: 'Nordhansa GmbH', active: true},
  {id: 'a1', name: 'Bluecloud Ltd', active: true},
  {id: 'a2', name: 'Atlas Foods SE', active: true},
] as Account[];

/**
 * A client with run `r1` and `count` invoices: drafts of two or three lines, every fourth one
 * finalized, the third in USD.
 */
export function gridClient(count = 6): FakeClient {
  const client = new FakeClient();
  client.accountList = ACCOUNTS;
  const invoices = Array.from({length: count}, (_, index) => {
    const lines: LineInput[] = [
      {
        description: `Seats ${index}`,
        quantity: String(index + 1),
        unitPrice: '12.50',
        taxRate: '19',
      },
      {description: 'Support', quantity: '1', unitPrice: '40', taxRate: '19'},
    ];
    if (index % 2 === 1)
      lines.push({description: 'Setup', quantity: '1', unitPrice: '99', taxRate: '7'});
    const invoice = draftWith(index, lines, index === 2 ? {currency: 'USD'} : {});
    return index % 4 === 3
      ? {...invoice, status: 'open' as const, number: `INV-2026-${String(index).padStart(5, '0')}`}
      : invoice;
  });
  client.setInvoices('r1', invoices);
  client.setRuns([makeRun({id: 'r1'})]);
  return client;
}
