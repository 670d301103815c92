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
import {changedPlaces} from './changed-places.js';

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
 * The rows, kept as flat arrays (the place of each row's invoice among those shown, and the line
 * it shows or what else it is), so that 120,000 rows of an expanded run are made again in a few
 * milliseconds; a row object is made only for a row that is drawn or asked for. An edit that
 * replaces invoices in place (same id, same number of lines) keeps the arrays and swaps the list.
 */
export class GridRows {
  constructor(
    /** The invoices shown, in order. */
    readonly invoices: readonly Invoice[],
    /** For each row, the index in `invoices` of its invoice. */
    readonly placeOf: Int32Array,
    readonly lineOf: Int32Array,
    /** Where each invoice's row is, by id; made when first asked, shared with a swapped list. */
    private rowOfInvoice: Map<string, number> | undefined = undefined,
  ) {}

  get length(): number {
    return this.lineOf.length;
  }

  /** The same rows over `invoices`, which hold other objects for the same invoices and lines. */
  withInvoices(invoices: readonly Invoice[]): GridRows {
    this.rowOfInvoice ??= this.invoiceRows();
    return new GridRows(invoices, this.placeOf, this.lineOf, this.rowOfInvoice);
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
    const place = this.placeOf[index];
    return place === undefined ? undefined : this.invoices[place];
  }

  keyAt(index: number): string | undefined {
    const invoice = this.invoiceAt(index);
    const line = this.lineOf[index]!;
    if (invoice === undefined) return undefined;
    if (line >= 0) return lineKey(invoice.id, line);
    return `${line === INVOICE_ROW ? 'i' : line === LINES_HEAD ? 'h' : 'n'}|${invoice.id}`;
  }

  at(index: number): GridRow | undefined {
    const invoice = this.invoiceAt(index);
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
    else if (kind === 'n') index = start + 2 + this.invoiceAt(start)!.lines.length;
    return this.keyAt(index) === key ? index : undefined;
  }

  private invoiceRows(): Map<string, number> {
    const rows = new Map<string, number>();
    for (let index = 0; index < this.lineOf.length; index++) {
      if (this.lineOf[index] === INVOICE_ROW) rows.set(this.invoiceAt(index)!.id, index);
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

/** Replacing more invoices than this at once makes the rows again. */
const MOST_REPLACED = 1000;

/** Whether an invoice that replaces another takes exactly its rows (same id, as many lines). */
function sameRows(before: Invoice, after: Invoice): boolean {
  return before.id === after.id && before.lines.length === after.lines.length;
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
    if (flat !== undefined && flat.expanded === inputs.expanded && flat.adding === inputs.adding) {
      if (flat.from === invoices) return flat.result;
      // Invoices replaced in place, each with as many lines: the same rows over the new list.
      const places = changedPlaces(flat.from, invoices, MOST_REPLACED);
      if (places?.every((place) => sameRows(flat.from[place]!, invoices[place]!))) {
        const result = flat.result.withInvoices(invoices);
        this.flat = {...flat, from: invoices, result};
        return result;
      }
    }
    let count = 0;
    for (const invoice of invoices) {
      count++;
      if (inputs.expanded.has(invoice.id)) {
        count += 1 + invoice.lines.length + (inputs.adding.has(invoice.id) ? 1 : 0);
      }
    }
    const placeOf = new Int32Array(count);
    const lineOf = new Int32Array(count);
    let at = 0;
    for (let place = 0; place < invoices.length; place++) {
      const invoice = invoices[place]!;
      placeOf[at] = place;
      lineOf[at++] = INVOICE_ROW;
      if (!inputs.expanded.has(invoice.id)) continue;
      placeOf[at] = place;
      lineOf[at++] = LINES_HEAD;
      for (let line = 0; line < invoice.lines.length; line++) {
        placeOf[at] = place;
        lineOf[at++] = line;
      }
      if (inputs.adding.has(invoice.id)) {
        placeOf[at] = place;
        lineOf[at++] = NEW_LINE;
      }
    }
    const result = new GridRows(invoices, placeOf, lineOf);
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
