/**
 * The columns of the review grid and what each cell shows, copies, sorts and filters by. An
 * invoice row and a line row have columns of their own; a cell is named by its row and its column
 * index within that row. What a cell copies is what a spreadsheet reads back as the same value:
 * plain numbers in the page's decimal notation (no grouping, no currency), calendar dates as ISO
 * dates, text as it is.
 */
import type {Invoice, InvoiceLine} from '@invoice-run/core';
import {compareDecimals, decimalForCell} from '../internal/decimal.js';
import {formatDate, formatMoney, formatPeriod} from '../internal/format.js';
import type {InvoiceGridMessages} from './invoice-grid.messages.js';
import {formatPercent, formatQuantity} from './numbers.js';

/** The fields of a draft's line that the grid edits (review.md section 2). */
export type EditableField =
  'description' | 'quantity' | 'unitPrice' | 'discountPercent' | 'taxRate';

export const INVOICE_COLUMNS = [
  'select',
  'status',
  'number',
  'account',
  'source',
  'period',
  'net',
  'tax',
  'gross',
  'edited',
  'document',
  'addLine',
] as const;
export type InvoiceColumn = (typeof INVOICE_COLUMNS)[number];

export const LINE_COLUMNS = [
  'description',
  'period',
  'quantity',
  'unitPrice',
  'factor',
  'discountPercent',
  'net',
  'taxRate',
  'explain',
  'remove',
] as const;
export type LineColumn = (typeof LINE_COLUMNS)[number];

/** Columns of an invoice row that hold a control rather than a value. */
export const INVOICE_WIDGETS: ReadonlySet<InvoiceColumn> = new Set([
  'select',
  'document',
  'addLine',
]);
export const LINE_WIDGETS: ReadonlySet<LineColumn> = new Set(['explain', 'remove']);

/** Columns a clerk can sort the invoices by. */
export type SortColumn = Exclude<InvoiceColumn, 'select' | 'document' | 'addLine'>;
export const SORT_COLUMNS: readonly SortColumn[] = [
  'status',
  'number',
  'account',
  'source',
  'period',
  'net',
  'tax',
  'gross',
  'edited',
];

/** What the text filter looks in: every column, one invoice column, or the lines' descriptions. */
export type FilterColumn = 'all' | 'status' | 'number' | 'account' | 'source' | 'period' | 'lines';
export const FILTER_COLUMNS: readonly FilterColumn[] = [
  'all',
  'status',
  'number',
  'account',
  'source',
  'period',
  'lines',
];

/** The line fields a cell of each line column edits. */
export const EDITABLE: Partial<Record<LineColumn, EditableField>> = {
  description: 'description',
  quantity: 'quantity',
  unitPrice: 'unitPrice',
  discountPercent: 'discountPercent',
  taxRate: 'taxRate',
};

/** What the cells need besides the invoice: the language, the texts, the accounts' names. */
export interface CellContext {
  readonly locale: string;
  readonly text: InvoiceGridMessages;
  readonly accountName: (id: string) => string;
}

export function statusText(invoice: Invoice, text: InvoiceGridMessages): string {
  const status = invoice.status === 'draft' ? text.draft : text.finalized;
  return invoice.class === 'credit' ? `${status} · ${text.credit}` : status;
}

/** What an invoice bills: its subscription, else its records (the first and how many more). */
export function sourceText(invoice: Invoice): string {
  if (invoice.subscriptionId !== null) return invoice.subscriptionId;
  const [first, ...more] = invoice.recordIds;
  if (first === undefined) return '';
  return `${first}${more.length === 0 ? '' : ` +${more.length}`}`;
}

/** An invoice cell as shown; widget columns show nothing here (the grid draws the control). */
export function invoiceCell(column: InvoiceColumn, invoice: Invoice, context: CellContext): string {
  const {locale, text} = context;
  switch (column) {
    case 'status':
      return statusText(invoice, text);
    case 'number':
      return invoice.number ?? '';
    case 'account':
      return context.accountName(invoice.accountId);
    case 'source':
      return sourceText(invoice);
    case 'period':
      return formatPeriod(invoice.servicePeriod.start, invoice.servicePeriod.end, locale);
    case 'net':
    case 'tax':
    case 'gross':
      return formatMoney(invoice[column], invoice.currency, locale);
    case 'edited':
      return invoice.edited ? text.edited : '';
    default:
      return '';
  }
}

/** An invoice cell as it is copied for a spreadsheet. */
export function invoiceCellCopy(
  column: InvoiceColumn,
  invoice: Invoice,
  context: CellContext,
): string {
  switch (column) {
    case 'period':
      return `${invoice.servicePeriod.start} – ${invoice.servicePeriod.end}`;
    case 'net':
    case 'tax':
    case 'gross':
      return decimalForCell(invoice[column], context.locale);
    case 'select':
    case 'document':
    case 'addLine':
      return '';
    default:
      return invoiceCell(column, invoice, context);
  }
}

/** A line cell as shown. */
export function lineCell(
  column: LineColumn,
  invoice: Invoice,
  line: InvoiceLine,
  context: CellContext,
): string {
  const {locale} = context;
  switch (column) {
    case 'description':
      return line.description;
    case 'period':
      return line.servicePeriod.start === line.servicePeriod.end
        ? formatDate(line.servicePeriod.start, locale)
        : formatPeriod(line.servicePeriod.start, line.servicePeriod.end, locale);
    case 'quantity':
    case 'factor':
      return formatQuantity(line[column], locale);
    case 'unitPrice':
      return formatQuantity(line.unitPrice, locale);
    case 'discountPercent':
    case 'taxRate':
      return formatPercent(line[column], locale);
    case 'net':
      return formatMoney(line.net, invoice.currency, locale);
    default:
      return '';
  }
}

/** A line cell as it is copied for a spreadsheet (percentages as their number: `19`). */
export function lineCellCopy(
  column: LineColumn,
  invoice: Invoice,
  line: InvoiceLine,
  context: CellContext,
): string {
  switch (column) {
    case 'description':
      return line.description;
    case 'period':
      return line.servicePeriod.start === line.servicePeriod.end
        ? line.servicePeriod.start
        : `${line.servicePeriod.start} – ${line.servicePeriod.end}`;
    case 'quantity':
    case 'unitPrice':
    case 'factor':
    case 'discountPercent':
    case 'taxRate':
    case 'net':
      return decimalForCell(line[column], context.locale);
    default:
      return '';
  }
}

/** Orders invoices by a column, ascending; ties keep the run's order. */
export function compareBy(
  column: SortColumn,
  context: CellContext,
  collator: Intl.Collator,
): (a: Invoice, b: Invoice) => number {
  const byText = (value: (invoice: Invoice) => string) => (a: Invoice, b: Invoice) =>
    collator.compare(value(a), value(b));
  switch (column) {
    case 'status':
      return byText((invoice) => statusText(invoice, context.text));
    case 'number':
      return byText((invoice) => invoice.number ?? '');
    case 'account':
      return byText((invoice) => context.accountName(invoice.accountId));
    case 'source':
      return byText(sourceText);
    case 'period':
      return (a, b) =>
        a.servicePeriod.start.localeCompare(b.servicePeriod.start) ||
        a.servicePeriod.end.localeCompare(b.servicePeriod.end);
    case 'net':
    case 'tax':
    case 'gross':
      return (a, b) =>
        compareDecimals(a[column], b[column]) || a.currency.localeCompare(b.currency);
    case 'edited':
      return (a, b) => Number(a.edited) - Number(b.edited);
  }
}

/** The text the filter searches in a column of an invoice (lower case). */
export function searchText(column: FilterColumn, invoice: Invoice, context: CellContext): string {
  const of = (each: InvoiceColumn) => invoiceCell(each, invoice, context);
  switch (column) {
    case 'all':
      return [
        of('status'),
        of('number'),
        of('account'),
        invoice.accountId,
        of('source'),
        of('period'),
        of('net'),
        of('tax'),
        of('gross'),
        invoice.gross,
        of('edited'),
        ...invoice.lines.map((line) => line.description),
      ]
        .join('\n')
        .toLowerCase();
    case 'account':
      return `${of('account')}\n${invoice.accountId}`.toLowerCase();
    case 'lines':
      return invoice.lines
        .map((line) => line.description)
        .join('\n')
        .toLowerCase();
    default:
      return of(column).toLowerCase();
  }
}
