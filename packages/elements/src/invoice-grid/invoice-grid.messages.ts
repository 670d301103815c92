/** The texts of `<invoice-grid>`, in English; a page replaces any of them through `messages`. */
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {plural} from '../internal/plural.js';
import {totalsMessages, type TotalsMessages} from '../internal/templates.js';
import type {EditableField, FilterColumn, InvoiceColumn, LineColumn} from './columns.js';

/** Every text of `<invoice-grid>`; replace any of them through `messages`. */
export interface InvoiceGridMessages extends ErrorMessages, TotalsMessages {
  /** The accessible name of the grid. */
  grid: string;
  /** Before a run is given. */
  noRun: string;
  loading: string;
  /** `Loading invoices: 1,000 of 9,576…` */
  loadingSome: (loaded: string, total: string) => string;
  empty: string;
  /** How the grid is used from the keyboard (its description). */
  keys: string;
  /** Column headers of the invoice rows. */
  invoiceColumns: Record<InvoiceColumn, string>;
  /** Column headers of the line rows. */
  lineColumns: Record<LineColumn, string>;
  /** Field names in sentences (`Quantity of line 2 …`). */
  fields: Record<EditableField, string>;
  draft: string;
  finalized: string;
  credit: string;
  edited: string;
  /** The button that shows an invoice's lines: its status (what it shows), name and lines. */
  toggleLines: (status: string, invoice: string, lines: number) => string;
  /** An invoice in sentences: `the draft for Nordhansa GmbH (SUB-0001)`. */
  invoiceName: (status: string, account: string, source: string) => string;
  /** A line in sentences: `line 2 of the draft for …`. */
  lineName: (line: number, invoice: string) => string;
  select: (invoice: string) => string;
  document: string;
  documentOf: (invoice: string) => string;
  addLine: string;
  addLineTo: (invoice: string) => string;
  explain: string;
  explainLine: (line: string) => string;
  /** The heading of a line's explanation: `Why “Support” costs what it does: the draft for …`. */
  explanationOf: (line: string, invoice: string) => string;
  /** Closes the explanation or the document. */
  close: string;
  removeLine: string;
  removeLineOf: (line: string) => string;
  /** The label of a field being edited: `Quantity of line 2 of …`. */
  editLabel: (field: string, line: string) => string;
  newLine: string;
  /** The hint of the line being added. */
  newLineKeys: string;
  sortBy: (column: string) => string;
  filter: string;
  filterIn: string;
  filterColumns: Record<FilterColumn, string>;
  /** `12 of 9,576 invoices` while filtered, `9,576 invoices` otherwise. */
  shown: (shown: string, total: string, shownCount: number, totalCount: number) => string;
  showAllLines: string;
  hideAllLines: string;
  selectAllDrafts: string;
  selectNone: string;
  selectedDrafts: (count: string, selected: number) => string;
  /** The footer's caption: what the totals are of. */
  totalsOfRun: string;
  totalsOfShown: (count: string, shown: number) => string;
  /** Refusals, next to the cell being edited. */
  notANumber: (example: string) => string;
  descriptionLength: string;
  discountRange: string;
  taxRateRange: string;
  notADraft: string;
  lineNotFound: string;
  invoiceNotFound: string;
  /** The live region after an edit. */
  changed: (field: string, line: string, from: string, to: string, gross: string) => string;
  unchanged: string;
  /** The live region when an edit is refused. */
  refused: (reason: string) => string;
  added: (description: string, invoice: string, gross: string) => string;
  removed: (description: string, invoice: string) => string;
  /** Removing the last line deleted the draft. */
  draftDeleted: (invoice: string) => string;
  confirmRemoveHeading: string;
  confirmRemove: (description: string, invoice: string, last: boolean) => string;
  remove: string;
  cancel: string;
  /** Cells selected with Shift and the arrows: `3 rows, 2 columns selected`. */
  block: (rows: number, columns: number) => string;
  copied: (cells: number) => string;
  pasted: (cells: number, invoices: number) => string;
  /** Nothing was pasted: the reason, and where. */
  pasteRefused: (reason: string, cell: string) => string;
  pasteNoTarget: string;
  pasteTooLong: (values: number, rows: number) => string;
  pasteNotEditable: (column: string) => string;
  pasteNotDraft: string;
  /** A paste stored some drafts, then the worker refused one; those are set back. */
  pasteUndone: (reason: string) => string;
}

export const invoiceGridMessages: InvoiceGridMessages = {
  ...errorMessages,
  ...totalsMessages,
  grid: 'Invoices of the run',
  noRun: 'Choose a run to review its invoices.',
  loading: 'Loading invoices…',
  loadingSome: (loaded, total) => `Loading invoices: ${loaded} of ${total}…`,
  empty: 'This run has no invoices.',
  keys: 'Arrow keys move between cells. Enter opens an invoice’s lines; on a line of a draft, Enter or F2 edits the cell, Enter keeps the change, Escape cancels it, Tab keeps it and moves on. Space selects a draft. Shift with the arrows selects cells; Ctrl+C copies them, Ctrl+V pastes. Insert adds a line to a draft, Delete removes one.',
  invoiceColumns: {
    select: 'Selected',
    status: 'Status',
    number: 'Number',
    account: 'Account',
    source: 'Subscription',
    period: 'Period',
    net: 'Net',
    tax: 'Tax',
    gross: 'Gross',
    edited: 'Edited',
    document: 'Document',
    addLine: 'Add a line',
  },
  lineColumns: {
    description: 'Description',
    period: 'Period',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    factor: 'Factor',
    discountPercent: 'Discount',
    net: 'Net',
    taxRate: 'Tax rate',
    explain: 'Explanation',
    remove: 'Remove',
  },
  fields: {
    description: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    discountPercent: 'Discount',
    taxRate: 'Tax rate',
  },
  draft: 'Draft',
  finalized: 'Finalized',
  credit: 'Credit note',
  edited: 'Edited',
  toggleLines: (status, invoice, lines) =>
    `${status}: ${invoice}, ${lines} ${plural(lines, 'line', 'lines')}`,
  invoiceName: (status, account, source) =>
    `${status === '' ? 'the draft' : status} for ${account}${source === '' ? '' : ` (${source})`}`,
  lineName: (line, invoice) => `line ${line} of ${invoice}`,
  select: (invoice) => `Select ${invoice}`,
  document: 'Document',
  documentOf: (invoice) => `Document of ${invoice}`,
  addLine: 'Add line',
  addLineTo: (invoice) => `Add line to ${invoice}`,
  explain: 'Explain',
  explainLine: (line) => `Explain ${line}`,
  explanationOf: (line, invoice) => `Why “${line}” costs what it does: ${invoice}`,
  close: 'Close',
  removeLine: 'Remove',
  removeLineOf: (line) => `Remove ${line}`,
  editLabel: (field, line) => `${field} of ${line}`,
  newLine: 'New line',
  newLineKeys: 'Fill in the new line; Tab moves between its cells, Enter adds it, Escape drops it.',
  sortBy: (column) => `Sort by ${column}`,
  filter: 'Filter',
  filterIn: 'in',
  filterColumns: {
    all: 'All columns',
    status: 'Status',
    number: 'Number',
    account: 'Account',
    source: 'Subscription',
    period: 'Period',
    lines: 'Line descriptions',
  },
  shown: (shown, total, shownCount, totalCount) =>
    shownCount === totalCount
      ? `${total} ${plural(totalCount, 'invoice', 'invoices')}`
      : `${shown} of ${total} ${plural(totalCount, 'invoice', 'invoices')}`,
  showAllLines: 'Show all lines',
  hideAllLines: 'Hide all lines',
  selectAllDrafts: 'Select all drafts',
  selectNone: 'Select none',
  selectedDrafts: (count, selected) => `${count} ${plural(selected, 'draft', 'drafts')} selected`,
  totalsOfRun: 'Totals of the run, per currency',
  totalsOfShown: (count, shown) =>
    `Totals of the ${count} ${plural(shown, 'invoice', 'invoices')} shown, per currency`,
  notANumber: (example) => `Write a number, such as ${example}.`,
  descriptionLength: 'A description has 1 to 500 characters, not only spaces.',
  discountRange: 'A discount is a percentage from 0 to 100.',
  taxRateRange: 'A tax rate is a percentage of 0 or more.',
  notADraft: 'This invoice has been finalized: it can no longer be changed.',
  lineNotFound: 'This line no longer exists: the draft was changed elsewhere.',
  invoiceNotFound: 'This draft no longer exists: it was deleted elsewhere.',
  changed: (field, line, from, to, gross) =>
    `${field} of ${line} changed from ${from} to ${to}. The invoice now totals ${gross}.`,
  unchanged: 'Nothing changed.',
  refused: (reason) => `Not changed: ${reason}`,
  added: (description, invoice, gross) =>
    `Line “${description}” added to ${invoice}, which now totals ${gross}.`,
  removed: (description, invoice) => `Line “${description}” removed from ${invoice}.`,
  draftDeleted: (invoice) => `The last line is removed: ${invoice} is deleted.`,
  confirmRemoveHeading: 'Remove a line',
  confirmRemove: (description, invoice, last) =>
    `Remove the line “${description}” from ${invoice}? What it billed comes back in View Remaining of the run.` +
    (last ? ' It is the draft’s only line: the draft is deleted.' : ''),
  remove: 'Remove',
  cancel: 'Cancel',
  block: (rows, columns) =>
    `${rows} ${plural(rows, 'row', 'rows')}, ${columns} ${plural(columns, 'column', 'columns')} selected`,
  copied: (cells) => `${cells} ${plural(cells, 'cell', 'cells')} copied.`,
  pasted: (cells, invoices) =>
    `${cells} ${plural(cells, 'cell', 'cells')} pasted into ${invoices} ${plural(invoices, 'draft', 'drafts')}.`,
  pasteRefused: (reason, cell) => `Nothing was pasted. ${cell}: ${reason}`,
  pasteNoTarget: 'Paste into the lines of a draft: open its lines and choose the first cell.',
  pasteTooLong: (values, rows) =>
    `${values} ${plural(values, 'row', 'rows')} of values, but only ${rows} ${plural(rows, 'line follows', 'lines follow')}.`,
  pasteNotEditable: (column) => `${column} cannot be changed.`,
  pasteNotDraft: 'It is not a draft.',
  pasteUndone: (reason) =>
    `Nothing was pasted: ${reason} The drafts already changed by this paste were set back.`,
};
