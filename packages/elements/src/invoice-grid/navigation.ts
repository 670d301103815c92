/**
 * Where the keys of the grid lead: rows by index (the header is row -1), columns by index within
 * each row's own columns. The row that names the line columns above an invoice's lines is not a
 * stop: the arrow keys pass over it.
 */
import {EDITABLE, INVOICE_COLUMNS, LINE_COLUMNS} from './columns.js';
import type {GridRow, GridRows} from './rows.js';

/** The header row's index. */
export const HEADER = -1;

/** How many columns a row has (the header has the invoice columns). */
export function columnCount(row: GridRow | undefined): number {
  return row === undefined || row.kind === 'invoice' ? INVOICE_COLUMNS.length : LINE_COLUMNS.length;
}

/** Whether the row at `index` is a stop of the arrow keys. */
export function isStop(rows: GridRows, index: number): boolean {
  if (index === HEADER) return true;
  const kind = rows.kindAt(index);
  return kind !== undefined && kind !== 'lines-head';
}

/** The stop `delta` rows away (over rows that are no stops), kept within the grid. */
export function stepRows(rows: GridRows, from: number, delta: number): number {
  if (rows.length === 0) return HEADER;
  let index = Math.min(rows.length - 1, Math.max(HEADER, from + delta));
  const direction = delta < 0 ? -1 : 1;
  while (!isStop(rows, index)) {
    index += direction;
    if (index >= rows.length) return stepRows(rows, rows.length, -1);
  }
  return index;
}

/** The last stop of the grid. */
export function lastRow(rows: GridRows): number {
  return stepRows(rows, rows.length, -1);
}

/** The first data row (the header when there is none). */
export function firstRow(rows: GridRows): number {
  return rows.length === 0 ? HEADER : stepRows(rows, HEADER, 1);
}

/** Whether the cell at `column` of the row is a line field a clerk can edit now. */
export function isEditable(row: GridRow | undefined, column: number): boolean {
  if (row === undefined || (row.kind !== 'line' && row.kind !== 'new-line')) return false;
  if (row.invoice.status !== 'draft') return false;
  const key = LINE_COLUMNS[column];
  return key !== undefined && EDITABLE[key] !== undefined;
}

/**
 * The editable cell after (`direction` 1) or before (-1) a cell, in reading order, within the
 * line row itself for a line being added (its cells are one form), else over the lines shown.
 */
export function nextEditable(
  rows: GridRows,
  index: number,
  column: number,
  direction: 1 | -1,
): {index: number; column: number} | undefined {
  const row = rows.at(index);
  const count = LINE_COLUMNS.length;
  if (row?.kind === 'new-line') {
    for (let step = 1; step < count; step++) {
      const next = (column + direction * step + count) % count;
      if (isEditable(row, next)) return {index, column: next};
    }
    return undefined;
  }
  let at = index;
  let col = column + direction;
  // A few thousand rows of finalized lines in between are passed over; beyond that, stay.
  for (let scanned = 0; scanned < 5000 && at >= 0 && at < rows.length; scanned++) {
    const candidate = rows.kindAt(at) === 'line' ? rows.at(at) : undefined;
    if (candidate !== undefined) {
      for (; col >= 0 && col < count; col += direction) {
        if (isEditable(candidate, col)) return {index: at, column: col};
      }
    }
    at += direction;
    col = direction === 1 ? 0 : count - 1;
  }
  return undefined;
}
