/**
 * A paste into the grid, planned before anything is stored: the values go into the line rows from
 * the chosen cell down (over the lines shown, across invoices) and right. Every value is read and
 * checked first; one that cannot be stored refuses the whole paste, with the cell and the reason.
 * A value equal to what its cell holds changes nothing, so a block copied from the grid (a factor
 * or net column included) pastes back as it was. The plan is one edit per draft, with the edit
 * that sets it back.
 */
import type {DraftChangeInput, Invoice, InvoiceLine} from '@invoice-run/core';
import {normalizeDecimal} from '../internal/decimal.js';
import {
  EDITABLE,
  LINE_COLUMNS,
  lineCellCopy,
  type CellContext,
  type EditableField,
} from './columns.js';
import {readField} from './edits.js';
import type {GridRow, GridRows} from './rows.js';

export interface DraftEdit {
  readonly invoice: Invoice;
  readonly changes: DraftChangeInput[];
  /** Sets every changed field back to what it was. */
  readonly undo: DraftChangeInput[];
}

export type PastePlan =
  | {
      readonly kind: 'refused';
      readonly reason: string;
      /** The row and column of the cell that refuses, when there is one. */
      readonly row?: number;
      readonly column?: number;
    }
  | {readonly kind: 'plan'; readonly edits: readonly DraftEdit[]; readonly cells: number};

type LineRow = Extract<GridRow, {kind: 'line'}>;

function sameValue(field: EditableField, line: InvoiceLine, value: string): boolean {
  return field === 'description'
    ? line.description === value
    : normalizeDecimal(line[field]) === normalizeDecimal(value);
}

/**
 * Plans pasting `values` (rows of cells) with its top left at `column` of row `start`. `cellName`
 * names a cell in the reason of a refusal.
 */
export function planPaste(
  values: readonly (readonly string[])[],
  rows: GridRows,
  start: number,
  column: number,
  context: CellContext,
  cellName: (row: LineRow, column: number) => string,
): PastePlan {
  const {text, locale} = context;
  if (rows.kindAt(start) !== 'line') return {kind: 'refused', reason: text.pasteNoTarget};
  const targets: {row: LineRow; at: number}[] = [];
  for (let at = start; at < rows.length && targets.length < values.length; at++) {
    if (rows.kindAt(at) === 'line') targets.push({row: rows.at(at) as LineRow, at});
  }
  if (targets.length < values.length) {
    return {kind: 'refused', reason: text.pasteTooLong(values.length, targets.length)};
  }
  const byInvoice = new Map<
    string,
    {invoice: Invoice; sets: Map<number, Record<string, string>>}
  >();
  const undo = new Map<string, Map<number, Record<string, string>>>();
  let cells = 0;
  for (let r = 0; r < values.length; r++) {
    const {row, at} = targets[r]!;
    const line = row.invoice.lines[row.line]!;
    const cellsOfRow = values[r]!;
    for (let c = 0; c < cellsOfRow.length; c++) {
      const index = column + c;
      const key = LINE_COLUMNS[index];
      const input = cellsOfRow[c]!.replace(/\r$/, '');
      const refuse = (reason: string): PastePlan => ({
        kind: 'refused',
        reason: text.pasteRefused(reason, cellName(row, index)),
        row: at,
        column: index,
      });
      // What the cell holds already changes nothing, whatever the column.
      if (key !== undefined && lineCellCopy(key, row.invoice, line, context) === input) continue;
      const field = key === undefined ? undefined : EDITABLE[key];
      if (key === undefined || field === undefined) {
        return refuse(text.pasteNotEditable(key === undefined ? '' : text.lineColumns[key]));
      }
      if (row.invoice.status !== 'draft') return refuse(text.pasteNotDraft);
      const read = readField(field, input, locale, text);
      if ('reason' in read) return refuse(read.reason);
      if (sameValue(field, line, read.value)) continue;
      let entry = byInvoice.get(row.invoice.id);
      if (entry === undefined) {
        entry = {invoice: row.invoice, sets: new Map()};
        byInvoice.set(row.invoice.id, entry);
        undo.set(row.invoice.id, new Map());
      }
      const set = entry.sets.get(row.line) ?? {};
      set[field] = read.value;
      entry.sets.set(row.line, set);
      const back = undo.get(row.invoice.id)!;
      const was = back.get(row.line) ?? {};
      was[field] = line[field];
      back.set(row.line, was);
      cells++;
    }
  }
  const edits = [...byInvoice.values()].map(({invoice, sets}): DraftEdit => ({
    invoice,
    changes: [...sets].map(([line, set]) => ({line, set})),
    undo: [...undo.get(invoice.id)!].map(([line, set]) => ({line, set})),
  }));
  return {kind: 'plan', edits, cells};
}
