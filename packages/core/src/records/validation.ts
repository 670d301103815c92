/**
 * Validates a data set record by record (billing.md section 9, "Invalid input"): each rejected
 * record is reported with its kind, its id (or `#index` when it has none) and, for each fault, the
 * path inside the record and the reason; the valid records are kept.
 */
import {InvoiceRunError, formatPath, issueMessage} from '../primitives/errors.js';
import {RECORD_KINDS, recordSchemas, type RecordKind, type RecordsByKind} from './schemas.js';

export interface Rejection {
  readonly kind: RecordKind;
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

export type ValidRecords = {[K in RecordKind]: RecordsByKind[K][]};

export interface ValidationReport {
  readonly valid: ValidRecords;
  readonly rejected: Rejection[];
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
    records.forEach((record: unknown, index) => {
      const parsed = recordSchemas[kind].safeParse(record, {reportInput: true});
      if (parsed.success) {
        (valid[kind] as unknown[]).push(parsed.data);
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
  }
  return {valid, rejected};
}
