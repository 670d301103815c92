/**
 * The record phase (billing.md section 7): generic records in scope, one line per record line,
 * one draft invoice per (account, currency, criterion). A record that cannot be billed keeps its
 * last build error; a record billed clears it.
 */
import {compareCodeUnits, type InvoiceDraft} from '../billing/invoices.js';
import {toEpochDay} from '../primitives/dates.js';
import {ONE, toRational, ZERO} from '../primitives/decimal.js';
import type {SourceErrorCode} from '../records/model.js';
import type {GenericRecord} from '../records/schemas.js';
import type {RecordBuildError} from '../store/store.js';
import type {PassContext} from './pass-context.js';
import {sourceError} from './source-issues.js';

export async function billRecords(pass: PassContext): Promise<void> {
  const {store, settings, config} = pass.options;
  const groups = new Map<string, InvoiceDraft>();
  const recordErrors = new Map<string, RecordBuildError>();
  let done = 0;
  for await (const records of recordChunks(pass)) {
    if (pass.cancelled()) return;
    const inScope = records.filter((record) => recordInScope(pass, record));
    const accounts = await store.readAccounts(new Set(inScope.map((record) => record.accountId)));
    for (const record of inScope) {
      const account = accounts.get(record.accountId);
      const code: SourceErrorCode | undefined =
        account === undefined
          ? 'ACCOUNT_NOT_FOUND'
          : !account.active
            ? 'ACCOUNT_NOT_BILLABLE'
            : record.lines.length === 0
              ? 'NO_LINES'
              : undefined;
      if (code !== undefined || account === undefined) {
        const detail = code === 'ACCOUNT_NOT_FOUND' ? ` (${record.accountId})` : '';
        const error = sourceError('record', record.id, code ?? 'ACCOUNT_NOT_FOUND', detail);
        pass.tally.error(error);
        recordErrors.set(record.id, error);
        continue;
      }
      recordErrors.set(record.id, null);
      const currency = record.currency ?? account.currency ?? settings.currency;
      const criterion = record.invoiceCriterion ?? null;
      const key = JSON.stringify([account.id, currency, criterion]);
      let draft = groups.get(key);
      if (draft === undefined) {
        draft = {
          subscriptionId: null,
          accountId: account.id,
          criterion,
          currency,
          invoiceDate: config.invoiceDate,
          paymentDueDays: account.paymentDueDays ?? settings.paymentDueDays ?? 0,
          lines: [],
          recordIds: [],
        };
        groups.set(key, draft);
      }
      (draft.recordIds as string[]).push(record.id);
      const start =
        record.serviceDate === undefined ? pass.period.start : toEpochDay(record.serviceDate);
      const end = record.serviceDate === undefined ? pass.period.end : start;
      const explanation = {object: record.object, record: record.id};
      record.lines.forEach((line, position) => {
        draft.lines.push({
          kind: 'record',
          source: record.id,
          description: line.description,
          start,
          end,
          quantity: toRational(line.quantity),
          unitPrice: toRational(line.unitPrice),
          factor: ONE,
          discountPercent: ZERO,
          taxRate: toRational(line.taxRate),
          position,
          explanation,
        });
      });
    }
    done += records.length;
    pass.progress('records', done, -1);
  }
  // Errors go with the first chunk; each chunk clears the last errors of the records it bills.
  const drafts = [...groups.values()];
  const errors = new Map([...recordErrors].filter(([, error]) => error !== null));
  if (drafts.length === 0 && errors.size > 0) await pass.commit([], [], errors);
  for (let i = 0; i < drafts.length; i += pass.chunkSize) {
    if (i > 0 && pass.cancelled()) return;
    const chunk = drafts.slice(i, i + pass.chunkSize);
    const cleared = new Map<string, RecordBuildError>(
      chunk.flatMap((draft) => draft.recordIds.map((id) => [id, null])),
    );
    await pass.commit(chunk, [], i === 0 ? new Map([...errors, ...cleared]) : cleared);
  }
}

/** The unbilled records, or only those of a restore, sorted by id. */
async function* recordChunks(pass: PassContext): AsyncGenerator<GenericRecord[]> {
  const {store, scope} = pass.options;
  if (scope?.records === undefined) {
    yield* store.scanUnbilledRecords(pass.chunkSize * 4);
    return;
  }
  const found = await store.readRecords(scope.records);
  yield [...found.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** In scope: a service date in the period (or none), matched by one of the generic filters. */
function recordInScope(pass: PassContext, record: GenericRecord): boolean {
  if (record.serviceDate !== undefined) {
    const day = toEpochDay(record.serviceDate);
    if (day < pass.period.start || day > pass.period.end) return false;
  }
  return pass.filters.genericMatchers.some(
    (matcher) =>
      (matcher.object === undefined || matcher.object === record.object) && matcher.test(record),
  );
}
