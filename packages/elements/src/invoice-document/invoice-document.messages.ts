/**
 * Every text of `<invoice-document>`. Dates, amounts and percentages come in already formatted for
 * the page's language; the edit record's values come formatted as the field they belong to.
 */
import type {EditableLineField} from '@invoice-run/core';
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {plural} from '../internal/plural.js';

export interface InvoiceDocumentMessages extends ErrorMessages {
  loading: string;
  /** The title of the document, by class and status. */
  invoiceTitle: string;
  creditTitle: string;
  draftInvoiceTitle: string;
  draftCreditTitle: string;
  /** What a draft is, printed on it. */
  draftNotice: string;
  /** The accessible name of the seller's part. */
  seller: string;
  /** The buyer's heading. */
  billTo: string;
  /** The seller has no details in the settings (`settings.seller`). */
  noSeller: string;
  /** The buyer's account could not be found (only its id is known). */
  noAccount: (accountId: string) => string;
  /** The seller's or buyer's details are still being read. */
  partiesLoading: string;
  taxId: (taxId: string) => string;
  email: string;
  phone: string;
  customer: string;
  number: string;
  /** The number of a draft: none yet. */
  draftNumber: string;
  invoiceDate: string;
  /** A draft without an invoice date: it gets one when finalized. */
  noInvoiceDate: string;
  dueDate: string;
  /** A draft without a due date: days after the invoice date it will get. */
  dueAfter: (days: string, count: number) => string;
  servicePeriod: string;
  subscription: string;
  criterion: string;
  lines: string;
  position: string;
  description: string;
  quantity: string;
  unitPrice: string;
  factor: string;
  discount: string;
  taxRate: string;
  amount: string;
  /** A line's service period under its description. */
  linePeriod: (period: string) => string;
  /** The totals' accessible name. */
  totals: string;
  netTotal: string;
  /** Tax of one rate, on what: `Tax 19% of €100.00`. */
  taxOf: (rate: string, net: string) => string;
  total: string;
  creditTotal: string;
  payment: string;
  /** How to pay: by the due date, quoting the number. */
  paymentTerms: (dueDate: string, reference: string) => string;
  /** How to pay a draft: the due date and number come with finalizing. */
  paymentTermsDraft: string;
  /** A credit note: what happens with the amount. */
  creditTerms: string;
  accountHolder: string;
  iban: string;
  bic: string;
  bank: string;
  /** The heading of the edit record. */
  edits: string;
  /** When an edit was made, as its heading. */
  editAt: (when: string) => string;
  /** How lines are numbered in the edit record. */
  editsHint: string;
  /** The name of each field an edit can set. */
  fields: Record<EditableLineField, string>;
  /** A changed field: `Line 2: quantity 1 → 2` (`line` as numbered then, from 1). */
  changed: (line: string, field: string, from: string, to: string) => string;
  added: (description: string) => string;
  removed: (line: string, description: string) => string;
  /** An empty value in the edit record. */
  empty: string;
  /** The print button. */
  print: string;
  /** Said while the print is being prepared. */
  preparing: string;
  /** The invoice asked for (`invoice-id`) does not exist (any more). */
  notFound: string;
  /** Neither `invoice` nor `invoice-id` is set. */
  noInvoice: string;
  /**
   * The page number printed in the corner of every page; `page` and `pages` stand for the
   * counters (the browser fills them in).
   */
  pageOf: (page: string, pages: string) => string;
  /** How many lines: for the lines' accessible description. */
  lineCount: (count: string, lines: number) => string;
}

export const invoiceDocumentMessages: InvoiceDocumentMessages = {
  ...errorMessages,
  loading: 'Loading the invoice…',
  invoiceTitle: 'Invoice',
  creditTitle: 'Credit note',
  draftInvoiceTitle: 'Draft invoice',
  draftCreditTitle: 'Draft credit note',
  draftNotice:
    'Draft: not yet an invoice. Its number and dates are given when it is finalized, and its lines may still change.',
  seller: 'From',
  billTo: 'Bill to',
  noSeller: 'The seller’s details are not set in the billing settings yet.',
  noAccount: (accountId) => `Account ${accountId} (its details could not be found)`,
  partiesLoading: 'Loading…',
  taxId: (taxId) => `Tax ID: ${taxId}`,
  email: 'Email',
  phone: 'Phone',
  customer: 'Customer',
  number: 'Number',
  draftNumber: 'Draft',
  invoiceDate: 'Invoice date',
  noInvoiceDate: 'When finalized',
  dueDate: 'Due date',
  dueAfter: (days, count) => `${days} ${plural(count, 'day', 'days')} after the invoice date`,
  servicePeriod: 'Service period',
  subscription: 'Subscription',
  criterion: 'Criterion',
  lines: 'Lines',
  position: 'No.',
  description: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  factor: 'Factor',
  discount: 'Discount',
  taxRate: 'Tax',
  amount: 'Amount',
  linePeriod: (period) => period,
  totals: 'Totals',
  netTotal: 'Net total',
  taxOf: (rate, net) => `Tax ${rate} of ${net}`,
  total: 'Total',
  creditTotal: 'Total credit',
  payment: 'Payment',
  paymentTerms: (dueDate, reference) =>
    `Please pay by ${dueDate}, quoting ${reference}, to the account below.`,
  paymentTermsDraft: 'The due date and the number to quote are given when the draft is finalized.',
  creditTerms: 'This amount is credited to you; there is nothing to pay.',
  accountHolder: 'Account holder',
  iban: 'IBAN',
  bic: 'BIC',
  bank: 'Bank',
  edits: 'Edit record',
  editAt: (when) => `Edited ${when}`,
  editsHint: 'Lines are numbered as they stood before each edit.',
  fields: {
    description: 'description',
    quantity: 'quantity',
    unitPrice: 'unit price',
    discountPercent: 'discount',
    taxRate: 'tax rate',
  },
  changed: (line, field, from, to) => `Line ${line}: ${field} ${from} → ${to}`,
  added: (description) => `Line added: ${description}`,
  removed: (line, description) => `Line ${line} removed: ${description}`,
  empty: '—',
  print: 'Print',
  preparing: 'Preparing the print…',
  notFound: 'This invoice does not exist (any more): it may have been deleted.',
  noInvoice: 'No invoice to show.',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  lineCount: (count, lines) => `${count} ${plural(lines, 'line', 'lines')}`,
};
