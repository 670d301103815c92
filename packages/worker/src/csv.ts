/**
 * CSV import of each record kind and CSV export of invoices and lines (papaparse).
 *
 * Import column convention (one header row, one record per row):
 * - A column is a field name; a nested field is its dot path: `billingPeriod.count`,
 *   `billingPeriod.unit`, `fields.region`.
 * - An empty cell leaves the field out (the schema's default applies).
 * - Cells are text, except: `active` (`true`/`false`, also `1`/`0`, `yes`/`no`),
 *   `paymentDueDays`, `billingPeriod.count` and `sequence` (numbers), and `lines` (records) and
 *   `condition` (filters), which hold JSON.
 * - Any column may end in `:json` to give its cell as JSON: `fields.seats:json` with `12` stores the
 *   number 12, where `fields.seats` would store the text "12".
 * A row whose cell cannot be read (bad JSON) is rejected like a record that fails its schema.
 *
 * Export: every cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
 * with `'`, so a spreadsheet does not run it as a formula; plain negative amounts (`-12.50`) are
 * numbers, not formulas, and are left as they are.
 */
import Papa from 'papaparse';
import type {Invoice, RecordKind, Rejection} from '@invoice-run/core';

const NUMBER_FIELDS = new Set(['paymentDueDays', 'billingPeriod.count', 'sequence']);
const BOOLEAN_FIELDS = new Set(['active']);
const JSON_FIELDS = new Set(['lines', 'condition']);
const JSON_SUFFIX = ':json';

export interface ParsedCsv {
  readonly records: Record<string, unknown>[];
  readonly rejected: Rejection[];
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
}

function readBoolean(cell: string): unknown {
  const text = cell.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return cell; // left for the schema to reject with its own message
}

function readNumber(cell: string): unknown {
  const text = cell.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : cell;
}

/** Reads a CSV of one record kind into records; unreadable rows are rejected. */
export function parseRecordsCsv(kind: RecordKind, csv: string): ParsedCsv {
  const result = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
  });
  const rejected: Rejection[] = [];
  const badRows = new Set<number>();
  for (const error of result.errors) {
    if (error.row === undefined || error.code === 'UndetectableDelimiter') continue;
    badRows.add(error.row);
    rejected.push({
      kind,
      id: `#${error.row}`,
      path: '',
      message: `CSV row ${error.row + 2}: ${error.message}`,
    });
  }
  const records: Record<string, unknown>[] = [];
  result.data.forEach((row, index) => {
    if (badRows.has(index)) return;
    const record: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (column === '' || cell === undefined || cell === '') continue;
      const json = column.endsWith(JSON_SUFFIX);
      const field = json ? column.slice(0, -JSON_SUFFIX.length) : column;
      let value: unknown = cell;
      if (json || JSON_FIELDS.has(field)) {
        try {
          value = JSON.parse(cell);
        } catch {
          const id = typeof row.id === 'string' && row.id !== '' ? row.id : `#${index}`;
          rejected.push({kind, id, path: field, message: `is not valid JSON: ${cell}`});
          return;
        }
      } else if (NUMBER_FIELDS.has(field)) value = readNumber(cell);
      else if (BOOLEAN_FIELDS.has(field)) value = readBoolean(cell);
      setPath(record, field.split('.'), value);
    }
    records.push(record);
  });
  return {records, rejected};
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Prefixes a cell that a spreadsheet would read as a formula with `'`. */
export function neutralizeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function toCsv(fields: readonly string[], rows: readonly unknown[][]): string {
  return Papa.unparse(
    {fields: [...fields], data: rows.map((row) => row.map(neutralizeCell))},
    {newline: '\r\n'},
  );
}

const INVOICE_FIELDS = [
  'id',
  'runId',
  'number',
  'status',
  'class',
  'accountId',
  'subscriptionId',
  'criterion',
  'currency',
  'invoiceDate',
  'dueDate',
  'servicePeriodStart',
  'servicePeriodEnd',
  'net',
  'tax',
  'gross',
] as const;

export function invoicesToCsv(invoices: readonly Invoice[]): string {
  return toCsv(
    INVOICE_FIELDS,
    invoices.map((invoice) => [
      invoice.id,
      invoice.runId,
      invoice.number,
      invoice.status,
      invoice.class,
      invoice.accountId,
      invoice.subscriptionId,
      invoice.criterion,
      invoice.currency,
      invoice.invoiceDate,
      invoice.dueDate,
      invoice.servicePeriod.start,
      invoice.servicePeriod.end,
      invoice.net,
      invoice.tax,
      invoice.gross,
    ]),
  );
}

const LINE_FIELDS = [
  'invoiceId',
  'invoiceNumber',
  'position',
  'kind',
  'source',
  'description',
  'servicePeriodStart',
  'servicePeriodEnd',
  'quantity',
  'unitPrice',
  'factor',
  'discountPercent',
  'net',
  'taxRate',
  'tax',
  'criterion',
] as const;

export function linesToCsv(invoices: readonly Invoice[]): string {
  return toCsv(
    LINE_FIELDS,
    invoices.flatMap((invoice) =>
      invoice.lines.map((line, position) => [
        invoice.id,
        invoice.number,
        position + 1,
        line.kind,
        line.source,
        line.description,
        line.servicePeriod.start,
        line.servicePeriod.end,
        line.quantity,
        line.unitPrice,
        line.factor,
        line.discountPercent,
        line.net,
        line.taxRate,
        line.tax,
        line.kind === 'usage' ? line.criterion : null,
      ]),
    ),
  );
}
