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
        result: readonly GridRow[];
      }
    | undefined;

  /** The invoices that match the filter, in the order shown. */
  shownInvoices(inputs: RowInputs): readonly Invoice[] {
    return this.sort(inputs, this.filter(inputs));
  }

  rows(inputs: RowInputs): readonly GridRow[] {
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
    const result: GridRow[] = [];
    for (const invoice of invoices) {
      result.push({kind: 'invoice', key: invoiceKey(invoice.id), invoice});
      if (!inputs.expanded.has(invoice.id)) continue;
      result.push({kind: 'lines-head', key: `h|${invoice.id}`, invoice});
      for (let line = 0; line < invoice.lines.length; line++) {
        result.push({kind: 'line', key: lineKey(invoice.id, line), invoice, line});
      }
      if (inputs.adding.has(invoice.id)) {
        result.push({kind: 'new-line', key: `n|${invoice.id}`, invoice});
      }
    }
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
