/**
 * CSV import of each record kind and CSV export of invoices and lines (papaparse), for every host:
 * the worker's `importCsv`/`exportCsv` and the server command line. A subpath of its own
 * (`@invoice-run/core/csv.js`), so the engine's entry does not load papaparse.
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
 *
 * What is refused, and how:
 * - The file as a whole (nothing of it is imported; rejections with the id `""`): no header row or
 *   no rows, a column that names no field of the kind (`curency`; the message suggests the field
 *   meant), a column path through `__proto__`, `constructor` or `prototype`, two columns for one
 *   field.
 * - A row (rejected, never stored; the others are imported): a row that a parse error touches (an
 *   unclosed or malformed quote, reported at the line where it starts, with every line the quote
 *   swallowed), a row with more or fewer cells than the header has columns, a cell longer than
 *   `MAX_TEXT_LENGTH`, a cell that should hold JSON and does not, and then every fault of the
 *   record's schema. Messages begin with the line where the fault is (`line 7: ...`).
 * A leading byte-order mark is dropped; lines may end in CRLF, LF or CR.
 *
 * Export: every cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
 * with `'`, so a spreadsheet does not run it as a formula; plain negative amounts (`-12.50`) are
 * numbers, not formulas, and are left as they are.
 */
import Papa from 'papaparse';
import type {ImportReport} from './engine.js';
import {InvoiceRunError} from './primitives/errors.js';
import type {Invoice} from './records/model.js';
import {RESERVED_KEYS} from './records/reserved-keys.js';
import {
  RECORD_KINDS,
  billingPeriodSchema,
  recordSchemas,
  type RecordKind,
} from './records/schemas.js';
import {MAX_TEXT_LENGTH, type Rejection} from './records/validation.js';

const NUMBER_FIELDS = new Set(['paymentDueDays', 'billingPeriod.count', 'sequence']);
const BOOLEAN_FIELDS = new Set(['active']);
const JSON_FIELDS = new Set(['lines', 'condition']);
const JSON_SUFFIX = ':json';
/** Fields whose parts are columns of their own: `fields.<any name>`, `billingPeriod.count`. */
const NESTED_FIELDS: ReadonlyMap<string, readonly string[] | 'any'> = new Map<
  string,
  readonly string[] | 'any'
>([
  ['fields', 'any'],
  ['billingPeriod', Object.keys(billingPeriodSchema.shape)],
]);
/** How much of a cell a message quotes. */
const QUOTED_LENGTH = 60;

/** Where a record's row starts: its line in the file (from 1) and its place among the rows. */
export interface CsvRow {
  readonly line: number;
  /** 0 for the first row after the header; a row without an id is named `#index`. */
  readonly index: number;
}

export interface ParsedCsv {
  /** The records of the rows that could be read, in file order. */
  readonly records: Record<string, unknown>[];
  /** Where each of `records` comes from. */
  readonly rows: readonly CsvRow[];
  /** Rows that could not be read and, when `refused`, the faults of the file as a whole. */
  readonly rejected: Rejection[];
  /** The file as a whole is refused (no header, no rows, a bad column): import nothing. */
  readonly refused: boolean;
}

type CellValue = {readonly value: unknown} | {readonly fault: string};

interface Column {
  readonly name: string;
  readonly segments: readonly string[];
  readonly read: (cell: string) => CellValue;
}

function quoted(cell: string): string {
  return JSON.stringify(cell.length > QUOTED_LENGTH ? `${cell.slice(0, QUOTED_LENGTH)}...` : cell);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  // The header was checked: no segment is empty or names `__proto__`, `constructor`, `prototype`.
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

function readJson(cell: string): CellValue {
  try {
    return {value: JSON.parse(cell) as unknown};
  } catch {
    return {fault: `is not valid JSON: ${quoted(cell)}`};
  }
}

/** Edit distance, for "did you mean" (names are short). */
function distance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function suggestion(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  const near =
    known.find((field) => field.toLowerCase() === lower) ??
    known
      .map((field) => ({field, cost: distance(lower, field.toLowerCase())}))
      .filter(({cost}) => cost <= 2)
      .sort((a, b) => a.cost - b.cost)[0]?.field;
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

/** Why a header cell names no field of `kind`, or `undefined` for a good column. */
function columnProblem(
  kind: RecordKind,
  name: string,
  segments: readonly string[],
): string | undefined {
  const reserved = segments.find((segment) => RESERVED_KEYS.has(segment));
  if (reserved !== undefined) {
    return `column "${name}" names "${reserved}", which is JavaScript's object machinery, not a field`;
  }
  if (segments.some((segment) => segment === '')) {
    return `column "${name}" has an empty part; nested fields are written like "billingPeriod.count"`;
  }
  const known = Object.keys(recordSchemas[kind].shape);
  const [first = '', ...rest] = segments;
  if (!known.includes(first)) {
    return `column "${name}" is not a field of ${kind}${suggestion(first, known)}`;
  }
  if (rest.length === 0) return undefined;
  const nested = NESTED_FIELDS.get(first);
  if (nested === undefined) return `column "${name}": ${first} has no parts; name it "${first}"`;
  if (rest.length === 1 && (nested === 'any' || nested.includes(rest[0]!))) return undefined;
  return nested === 'any'
    ? `column "${name}": a custom field is one name, such as "fields.region"`
    : `column "${name}" is not a part of ${first}${suggestion(rest.join('.'), nested)}`;
}

function column(name: string): Column {
  const json = name.endsWith(JSON_SUFFIX);
  const field = json ? name.slice(0, -JSON_SUFFIX.length) : name;
  let read: Column['read'] = (cell) => ({value: cell});
  if (json || JSON_FIELDS.has(field)) read = readJson;
  else if (NUMBER_FIELDS.has(field)) read = (cell) => ({value: readNumber(cell)});
  else if (BOOLEAN_FIELDS.has(field)) read = (cell) => ({value: readBoolean(cell)});
  return {name, segments: field.split('.'), read};
}

/** How many times `needle` occurs in `text` from `start` to before `end`. */
function occurrences(text: string, needle: string, start: number, end: number): number {
  let count = 0;
  let at = text.indexOf(needle, start);
  while (at !== -1 && at + needle.length <= end) {
    count++;
    at = text.indexOf(needle, at + needle.length);
  }
  return count;
}

/** Two columns that write the same field, or one inside the other (`fields` and `fields.a`). */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Reads a CSV of one record kind into records; unreadable rows and bad headers are rejected. */
export function parseRecordsCsv(kind: RecordKind, csv: string): ParsedCsv {
  if (!(RECORD_KINDS as readonly string[]).includes(kind)) {
    throw new InvoiceRunError('INVALID_INPUT', `Unknown record kind "${String(kind)}".`, [
      {path: 'kind', message: `unknown record kind; expected one of ${RECORD_KINDS.join(', ')}`},
    ]);
  }
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  const records: Record<string, unknown>[] = [];
  const rows: CsvRow[] = [];
  const rejected: Rejection[] = [];
  let columns: readonly Column[] | undefined;
  let idColumn = -1;
  let refused = false;
  let rowStart = 0;
  let line = 1;
  let index = 0;

  const refuse = (path: string, message: string) => {
    refused = true;
    rejected.push({kind, id: '', path, message: `${message}; nothing of the file was imported`});
  };

  /** The header row: every column must name a field of the kind, once. */
  const readHeader = (cells: readonly string[], headerLine: number) => {
    columns = cells.map((cell) => column(cell.trim()));
    idColumn = columns.findIndex((entry) => entry.name === 'id');
    const fields: string[] = [];
    for (const {name, segments} of columns) {
      if (name === '') continue;
      const field = segments.join('.');
      const problem = columnProblem(kind, name, segments);
      if (problem !== undefined) refuse(name, `line ${headerLine}: ${problem}`);
      else if (fields.some((other) => overlaps(other, field))) {
        refuse(name, `line ${headerLine}: column "${name}" sets a field another column sets too`);
      }
      fields.push(field);
    }
  };

  Papa.parse<string[]>(text, {
    step: (result, parser) => {
      const {cursor, linebreak} = result.meta;
      const start = rowStart;
      const startLine = line;
      rowStart = cursor;
      line += occurrences(text, linebreak, start, cursor);
      const cells = result.data;
      const [quoteError] = result.errors.filter((error) => error.type === 'Quotes');
      if (quoteError === undefined && cells.every((cell) => cell.trim() === '')) return;

      if (columns === undefined) {
        if (quoteError !== undefined)
          refuse('', `line ${startLine}: the header has a broken quote`);
        else readHeader(cells, startLine);
        if (refused) parser.abort();
        return;
      }

      const position = index++;
      const idCell = cells[idColumn]?.trim() ?? '';
      const id = idCell !== '' && idCell.length <= 200 ? idCell : `#${position}`;
      const reject = (path: string, message: string, at = startLine) =>
        rejected.push({kind, id, path, message: `line ${at}: ${message}`});

      if (quoteError !== undefined) {
        const faultLine =
          startLine + occurrences(text, linebreak, start, quoteError.index ?? start);
        // The row's last line: a line break that ends the row is not part of it.
        const end = text.endsWith(linebreak, cursor) ? cursor - linebreak.length : cursor;
        const lastLine = startLine + occurrences(text, linebreak, start, end);
        const problem =
          quoteError.code === 'MissingQuotes'
            ? 'a quoted cell is never closed'
            : 'a quoted cell goes on after its closing quote';
        const swallowed =
          lastLine > faultLine ? `; it runs to line ${lastLine}, and those lines with it` : '';
        reject(
          columns[cells.length - 1]?.name ?? '',
          `${problem}${swallowed}; the row was not imported`,
          faultLine,
        );
        return;
      }
      if (cells.length !== columns.length) {
        reject(
          '',
          `${cells.length} cell${cells.length === 1 ? '' : 's'} where the header has ${columns.length} columns (a comma or line break inside a cell must be quoted); the row was not imported`,
        );
        return;
      }
      const record: Record<string, unknown> = {};
      for (const [at, cell] of cells.entries()) {
        const {name, segments, read} = columns[at]!;
        if (name === '') {
          if (cell.trim() === '') continue;
          reject('', `column ${at + 1} has no name in the header, but this row has a value there`);
          return;
        }
        if (cell === '') continue;
        if (cell.length > MAX_TEXT_LENGTH) {
          reject(
            name,
            `the cell holds ${cell.length.toLocaleString('en-US')} characters; at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} are accepted`,
          );
          return;
        }
        const value = read(cell);
        if ('fault' in value) {
          reject(name, value.fault);
          return;
        }
        setPath(record, segments, value.value);
      }
      records.push(record);
      rows.push({line: startLine, index: position});
    },
  });
  if (columns === undefined && !refused) {
    refuse('', 'the file is empty: it has no header row and no records');
  } else if (!refused && index === 0) {
    refuse('', 'the file has a header row but no records');
  }
  return {records, rows, rejected, refused};
}

/**
 * The report of a CSV import: the parse's rejections and the engine's, each at its line, in file
 * order. A record the engine names `#i` (the i-th record given to it) is named by its row instead.
 */
export function csvImportReport(parsed: ParsedCsv, report: ImportReport): ImportReport {
  const lineOfId = new Map<string, number>();
  parsed.records.forEach((record, at) => {
    const id = record['id'];
    if (typeof id === 'string' && !lineOfId.has(id)) lineOfId.set(id, parsed.rows[at]!.line);
  });
  const locate = <T extends {readonly id: string; readonly message: string}>(entry: T) => {
    const position = /^#(\d+)$/.exec(entry.id);
    const row = position === null ? undefined : parsed.rows[Number(position[1])];
    const line = row?.line ?? lineOfId.get(entry.id);
    return {
      entry: {
        ...entry,
        id: row === undefined ? entry.id : `#${row.index}`,
        message: line === undefined ? entry.message : `line ${line}: ${entry.message}`,
      },
      line: line ?? 0,
    };
  };
  const lineOf = (message: string) => Number(/^line (\d+):/.exec(message)?.[1] ?? 0);
  const rejected = [
    ...parsed.rejected.map((entry) => ({entry, line: lineOf(entry.message)})),
    ...report.rejected.map(locate),
  ]
    .sort((a, b) => a.line - b.line)
    .map(({entry}) => entry);
  return {
    stored: report.stored,
    rejected,
    warnings: report.warnings.map((entry) => locate(entry).entry),
  };
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
