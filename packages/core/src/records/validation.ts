/**
 * Validates a data set record by record (billing.md section 9, "Invalid input"): each rejected
 * record is reported with its kind, its id (or `#index` when it has none) and, for each fault, the
 * path inside the record and the reason; the valid records are kept.
 *
 * Before its schema, every record is walked for what no schema should have to think about: keys
 * that name JavaScript's object machinery (`__proto__`, `constructor`, `prototype`), which code
 * that copies a record key by key could turn into a change of every object in the worker, and text
 * longer than any billing field needs. Such a record is rejected whole, at the path of the fault.
 *
 * What is accepted but probably not meant is reported as a warning: a key that is no field of the
 * record (dropped, as zod drops unknown keys: `curency`), and an id given twice in one import (the
 * last one is stored).
 */
import {InvoiceRunError, formatPath, issueMessage} from '../primitives/errors.js';
import {RESERVED_KEYS} from './reserved-keys.js';
import {RECORD_KINDS, recordSchemas, type RecordKind, type RecordsByKind} from './schemas.js';

export interface Rejection {
  readonly kind: RecordKind;
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

export const IMPORT_WARNING_CODES = [
  /** A key that is no field of the record: it was not stored (a typo such as `curency`?). */
  'UNKNOWN_FIELD',
  /** The same id twice in one import: the last one was stored. */
  'DUPLICATE_ID',
  /** The account a subscription or record names is stored nowhere (yet). */
  'UNKNOWN_ACCOUNT',
  /** The subscription an item names is stored nowhere (yet): the item is not billed until it is. */
  'UNKNOWN_SUBSCRIPTION',
  /** The item a transaction names (by `itemId`, or by `orderNo`) is stored nowhere (yet). */
  'UNKNOWN_ITEM',
] as const;
export type ImportWarningCode = (typeof IMPORT_WARNING_CODES)[number];

/** Something an import stored but that is probably not what was meant, or not complete yet. */
export interface ImportWarning {
  readonly kind: RecordKind;
  readonly id: string;
  readonly path: string;
  readonly code: ImportWarningCode;
  readonly message: string;
}

export type ValidRecords = {[K in RecordKind]: RecordsByKind[K][]};

export interface ValidationReport {
  readonly valid: ValidRecords;
  readonly rejected: Rejection[];
  readonly warnings: ImportWarning[];
}

/** The longest text accepted in a record, in characters (a description, a JSON cell of a CSV). */
export const MAX_TEXT_LENGTH = 100_000;

type Path = (string | number)[];

/** How deep a record may nest (a condition of conditions, lines in a record). */
const MAX_DEPTH = 64;

interface Hazard {
  readonly path: Path;
  readonly message: string;
}

/** The first reserved key, over-long text or too deep nesting in a value, with its path. */
function hazard(value: unknown, path: Path): Hazard | undefined {
  if (typeof value === 'string') {
    if (value.length <= MAX_TEXT_LENGTH) return undefined;
    return {
      path: [...path],
      message: `is ${value.length.toLocaleString('en-US')} characters long; at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} are accepted`,
    };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (path.length >= MAX_DEPTH) {
    return {path: [...path], message: `is nested more than ${MAX_DEPTH} levels deep`};
  }
  const keys: readonly (string | number)[] = Array.isArray(value)
    ? value.map((_, index) => index)
    : Object.keys(value);
  for (const key of keys) {
    path.push(key);
    const found = RESERVED_KEYS.has(key as string)
      ? {
          path: [...path],
          message: `"${key}" is not accepted as a key: it names JavaScript's object machinery`,
        }
      : hazard((value as Record<string | number, unknown>)[key], path);
    path.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Keys of `input` that the parsed record does not have (zod dropped them), with their paths. */
function droppedKeys(input: unknown, output: unknown, path: Path, found: Path[]): void {
  if (input === output || typeof input !== 'object' || input === null) return;
  if (typeof output !== 'object' || output === null) return;
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return;
    const length = Math.min(input.length, output.length);
    for (let index = 0; index < length; index++) {
      path.push(index);
      droppedKeys(input[index], output[index], path, found);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    path.push(key);
    if (!Object.hasOwn(output, key)) found.push([...path]);
    else droppedKeys(value, (output as Record<string, unknown>)[key], path, found);
    path.pop();
  }
}

export function emptyRecords(): ValidRecords {
  return {accounts: [], subscriptions: [], items: [], transactions: [], records: [], filters: []};
}

function isRecordKind(key: string): key is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(key);
}

function recordId(record: unknown, index: number): string {
  const id =
    typeof record === 'object' && record !== null ? (record as {id?: unknown}).id : undefined;
  return typeof id === 'string' && id !== '' ? id : `#${index}`;
}

/**
 * Splits a data set into valid records and rejections, in input order. A value that is not a data
 * set at all (not an object, an unknown kind, a kind that is not a list) is refused whole.
 */
export function validateDataSet(input: unknown): ValidationReport {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvoiceRunError('INVALID_INPUT', 'A data set is an object of record lists.', [
      {path: '', message: 'must be an object such as {"accounts": [...], "items": [...]}'},
    ]);
  }
  const valid = emptyRecords();
  const rejected: Rejection[] = [];
  const warnings: ImportWarning[] = [];
  for (const [kind, records] of Object.entries(input)) {
    if (!isRecordKind(kind)) {
      throw new InvoiceRunError('INVALID_INPUT', `Unknown record kind "${kind}".`, [
        {path: kind, message: `unknown record kind; expected one of ${RECORD_KINDS.join(', ')}`},
      ]);
    }
    if (records === undefined) continue;
    if (!Array.isArray(records)) {
      throw new InvoiceRunError('INVALID_INPUT', `"${kind}" must be a list of records.`, [
        {path: kind, message: 'must be a list'},
      ]);
    }
    /** Unknown keys by their path with indices left out (`lines[].txRate`): first id, count. */
    const unknown = new Map<string, {id: string; path: string; count: number}>();
    const seen = new Map<string, number>();
    records.forEach((record: unknown, index) => {
      const fault = hazard(record, []);
      if (fault !== undefined) {
        rejected.push({
          kind,
          id: recordId(record, index),
          path: formatPath(fault.path),
          message: fault.message,
        });
        return;
      }
      const parsed = recordSchemas[kind].safeParse(record, {reportInput: true});
      if (parsed.success) {
        (valid[kind] as unknown[]).push(parsed.data);
        seen.set(parsed.data.id, (seen.get(parsed.data.id) ?? 0) + 1);
        const dropped: Path[] = [];
        droppedKeys(record, parsed.data, [], dropped);
        for (const path of dropped) {
          const key = formatPath(path.map((step) => (typeof step === 'number' ? '[]' : step)));
          const entry = unknown.get(key);
          if (entry === undefined) {
            unknown.set(key, {id: parsed.data.id, path: formatPath(path), count: 1});
          } else entry.count++;
        }
        return;
      }
      for (const issue of parsed.error.issues) {
        rejected.push({
          kind,
          id: recordId(record, index),
          path: formatPath(issue.path),
          message: issueMessage(issue),
        });
      }
    });
    for (const {id, path, count} of unknown.values()) {
      const key = path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
      warnings.push({
        kind,
        id,
        path,
        code: 'UNKNOWN_FIELD',
        message:
          `"${key}" is not a field here; it was not stored` +
          (count > 1 ? ` (in ${count} records of this import)` : ''),
      });
    }
    for (const [id, count] of seen) {
      if (count < 2) continue;
      warnings.push({
        kind,
        id,
        path: 'id',
        code: 'DUPLICATE_ID',
        message: `id "${id}" is given ${count} times in this import; the last one was stored`,
      });
    }
  }
  return {valid, rejected, warnings};
}
