/**
 * The rows the grid shows, in order: the invoices that match the filter, sorted, each followed by
 * its lines when it is expanded (a row naming the line columns, then one row per line, then the
 * line being added, if any). Every row has a key that stays the same while its invoice and line
 * do, so focus, edits and the DOM follow a row wherever sorting moves it.
 *
 * Each step keeps its result until its own inputs change: an edit of one invoice sorts again but
 * does not search the other invoices' text again.
 */
import type {Invoice} from '@invoice-run/core';
import {
  compareBy,
  searchText,
  type CellContext,
  type FilterColumn,
  type SortColumn,
} from './columns.js';

export type GridRow =
  | {readonly kind: 'invoice'; readonly key: string; readonly invoice: Invoice}
  | {readonly kind: 'lines-head'; readonly key: string; readonly invoice: Invoice}
  | {readonly kind: 'line'; readonly key: string; readonly invoice: Invoice; readonly line: number}
  | {readonly kind: 'new-line'; readonly key: string; readonly invoice: Invoice};

export type RowKind = GridRow['kind'];

/** What `lineOf` holds for the rows that are no line. */
const INVOICE_ROW = -1;
const LINES_HEAD = -2;
const NEW_LINE = -3;

/**
 * The rows, kept as two flat arrays (the invoice of each row, and the line it shows or what else
 * it is), so that 120,000 rows of an expanded run are made again in a few milliseconds after an
 * edit; a row object is made only for a row that is drawn or asked for.
 */
export class GridRows {
  /** Where each invoice's row is, by id; made when first asked. */
  private rowOfInvoice: Map<string, number> | undefined;

  constructor(
    private readonly invoiceOf: readonly Invoice[],
    private readonly lineOf: Int32Array,
  ) {}

  get length(): number {
    return this.lineOf.length;
  }

  kindAt(index: number): RowKind | undefined {
    const line = this.lineOf[index];
    if (line === undefined) return undefined;
    return line >= 0
      ? 'line'
      : line === INVOICE_ROW
        ? 'invoice'
        : line === LINES_HEAD
          ? 'lines-head'
          : 'new-line';
  }

  invoiceAt(index: number): Invoice | undefined {
    return this.invoiceOf[index];
  }

  keyAt(index: number): string | undefined {
    const invoice = this.invoiceOf[index];
    const line = this.lineOf[index]!;
    if (invoice === undefined) return undefined;
    if (line >= 0) return lineKey(invoice.id, line);
    return `${line === INVOICE_ROW ? 'i' : line === LINES_HEAD ? 'h' : 'n'}|${invoice.id}`;
  }

  at(index: number): GridRow | undefined {
    const invoice = this.invoiceOf[index];
    if (invoice === undefined) return undefined;
    const line = this.lineOf[index]!;
    const key = this.keyAt(index)!;
    if (line >= 0) return {kind: 'line', key, invoice, line};
    return {kind: this.kindAt(index) as Exclude<RowKind, 'line'>, key, invoice};
  }

  /** The index of the row with `key`, looked for first at `hint`; undefined when it is gone. */
  indexOf(key: string, hint = 0): number | undefined {
    if (this.keyAt(hint) === key) return hint;
    const [kind, id = '', line] = key.split('|');
    this.rowOfInvoice ??= this.invoiceRows();
    const start = this.rowOfInvoice.get(id);
    if (start === undefined) return undefined;
    let index = start;
    if (kind === 'h') index = start + 1;
    else if (kind === 'l') index = start + 2 + Number(line);
    else if (kind === 'n') index = start + 2 + this.invoiceOf[start]!.lines.length;
    return this.keyAt(index) === key ? index : undefined;
  }

  private invoiceRows(): Map<string, number> {
    const rows = new Map<string, number>();
    for (let index = 0; index < this.lineOf.length; index++) {
      if (this.lineOf[index] === INVOICE_ROW) rows.set(this.invoiceOf[index]!.id, index);
    }
    return rows;
  }
}

export type SortDirection = 'ascending' | 'descending';

export interface GridSort {
  readonly column: SortColumn;
  readonly direction: SortDirection;
}

export interface RowInputs {
  readonly invoices: readonly Invoice[];
  readonly query: string;
  readonly filterColumn: FilterColumn;
  readonly sort: GridSort | undefined;
  /** Ids of the invoices whose lines show. */
  readonly expanded: ReadonlySet<string>;
  /** Ids of the invoices with a line being added. */
  readonly adding: {has(id: string): boolean};
  readonly context: CellContext;
  /** Changes whenever what the cells show changes (locale, texts, account names). */
  readonly contextVersion: number;
}

export const invoiceKey = (id: string) => `i|${id}`;
export const lineKey = (id: string, line: number) => `l|${id}|${line}`;

export class RowModel {
  private searchCache = new WeakMap<Invoice, string>();
  private searchCacheOf: {column: FilterColumn; version: number} | undefined;
  private filtered:
    | {
        invoices: readonly Invoice[];
        query: string;
        column: FilterColumn;
        version: number;
        result: readonly Invoice[];
      }
    | undefined;
  private sorted:
    | {
        from: readonly Invoice[];
        sort: GridSort | undefined;
        version: number;
        result: readonly Invoice[];
      }
    | undefined;
  private flat:
    | {
        from: readonly Invoice[];
        expanded: ReadonlySet<string>;
        adding: {has(id: string): boolean};
        result: GridRows;
      }
    | undefined;

  /** The invoices that match the filter, in the order shown. */
  shownInvoices(inputs: RowInputs): readonly Invoice[] {
    return this.sort(inputs, this.filter(inputs));
  }

  rows(inputs: RowInputs): GridRows {
    const invoices = this.shownInvoices(inputs);
    const flat = this.flat;
    if (
      flat !== undefined &&
      flat.from === invoices &&
      flat.expanded === inputs.expanded &&
      flat.adding === inputs.adding
    ) {
      return flat.result;
    }
    let count = 0;
    for (const invoice of invoices) {
      count++;
      if (inputs.expanded.has(invoice.id)) {
        count += 1 + invoice.lines.length + (inputs.adding.has(invoice.id) ? 1 : 0);
      }
    }
    const invoiceOf = new Array<Invoice>(count);
    const lineOf = new Int32Array(count);
    let at = 0;
    for (const invoice of invoices) {
      invoiceOf[at] = invoice;
      lineOf[at++] = INVOICE_ROW;
      if (!inputs.expanded.has(invoice.id)) continue;
      invoiceOf[at] = invoice;
      lineOf[at++] = LINES_HEAD;
      for (let line = 0; line < invoice.lines.length; line++) {
        invoiceOf[at] = invoice;
        lineOf[at++] = line;
      }
      if (inputs.adding.has(invoice.id)) {
        invoiceOf[at] = invoice;
        lineOf[at++] = NEW_LINE;
      }
    }
    const result = new GridRows(invoiceOf, lineOf);
    this.flat = {from: invoices, expanded: inputs.expanded, adding: inputs.adding, result};
    return result;
  }

  private filter(inputs: RowInputs): readonly Invoice[] {
    const query = inputs.query.trim().toLowerCase();
    const cached = this.filtered;
    if (
      cached !== undefined &&
      cached.invoices === inputs.invoices &&
      cached.query === query &&
      cached.column === inputs.filterColumn &&
      cached.version === inputs.contextVersion
    ) {
      return cached.result;
    }
    let result: readonly Invoice[] = inputs.invoices;
    if (query !== '') {
      const of = this.searchCacheOf;
      if (
        of === undefined ||
        of.column !== inputs.filterColumn ||
        of.version !== inputs.contextVersion
      ) {
        this.searchCache = new WeakMap();
        this.searchCacheOf = {column: inputs.filterColumn, version: inputs.contextVersion};
      }
      result = inputs.invoices.filter((invoice) => {
        let text = this.searchCache.get(invoice);
        if (text === undefined) {
          text = searchText(inputs.filterColumn, invoice, inputs.context);
          this.searchCache.set(invoice, text);
        }
        return text.includes(query);
      });
    }
    this.filtered = {
      invoices: inputs.invoices,
      query,
      column: inputs.filterColumn,
      version: inputs.contextVersion,
      result,
    };
    return result;
  }

  private sort(inputs: RowInputs, invoices: readonly Invoice[]): readonly Invoice[] {
    const cached = this.sorted;
    if (
      cached !== undefined &&
      cached.from === invoices &&
      cached.sort === inputs.sort &&
      cached.version === inputs.contextVersion
    ) {
      return cached.result;
    }
    let result = invoices;
    const sort = inputs.sort;
    if (sort !== undefined) {
      const collator = new Intl.Collator(inputs.context.locale, {numeric: true});
      const compare = compareBy(sort.column, inputs.context, collator);
      const sign = sort.direction === 'ascending' ? 1 : -1;
      // Array#sort is stable: invoices that compare equal keep the run's order.
      result = [...invoices].sort((a, b) => sign * compare(a, b));
    }
    this.sorted = {from: invoices, sort, version: inputs.contextVersion, result};
    return result;
  }
}
