/**
 * A clerk's corrections of one draft (review.md section 2): set fields of a line, add a manual
 * line, remove a line. Pure: it reads the draft and the requested changes and says what the draft
 * becomes and what the removed lines give back (item days, transactions, records); the engine
 * stores all of it in one transaction.
 *
 * Amounts are made again exactly as a run makes them: each line goes back to exact rationals (the
 * factor from its explanation's pieces, which add up to it exactly) and through `buildInvoice`, so
 * an untouched line keeps its amount to the cent and an edited one is rounded once, like a new one.
 */
import {z} from 'zod';
import {toEpochDay} from '../primitives/dates.js';
import {
  add,
  compare,
  div,
  formatPlain,
  mul,
  parseFraction,
  rational,
  sub,
  toRational,
  ONE,
  ZERO,
  type Rational,
} from '../primitives/decimal.js';
import {InvoiceRunError, formatPath, issueMessage, type Fault} from '../primitives/errors.js';
import {buildInvoice, type LineDraft} from './invoices.js';
import {minorUnit} from '../primitives/currency.js';
import type {
  EditableLineField,
  EditChangeRecord,
  Invoice,
  InvoiceLine,
  InvoiceEdit,
  DateSpan,
} from '../records/model.js';
import {decimalSchema, isoDateSchema} from '../records/schemas.js';

/** Fields of a line that only the run decides. */
const FIXED_LINE_FIELDS = ['factor', 'servicePeriod', 'kind', 'source', 'net', 'tax'] as const;

const MAX_DESCRIPTION = 500;

const descriptionSchema = z
  .string({error: 'must be text'})
  .refine((text) => text.trim().length > 0, {error: 'must not be empty'})
  .refine((text) => [...text].length <= MAX_DESCRIPTION, {
    error: `must be at most ${MAX_DESCRIPTION} characters`,
  });

const discountSchema = decimalSchema.refine(
  (value) => compare(toRational(value), ZERO) >= 0 && compare(toRational(value), HUNDRED) <= 0,
  {error: 'must be between 0 and 100 (percent)'},
);

const taxRateSchema = decimalSchema.refine((value) => compare(toRational(value), ZERO) >= 0, {
  error: 'must be 0 or more (percent)',
});

const HUNDRED = rational(100n);

const lineIndexSchema = z
  .int({error: 'must be a line index (a whole number from 0)'})
  .min(0, {error: 'must be a line index (a whole number from 0)'});

const setSchema = z.strictObject(
  {
    description: descriptionSchema.optional(),
    quantity: decimalSchema.optional(),
    unitPrice: decimalSchema.optional(),
    discountPercent: discountSchema.optional(),
    taxRate: taxRateSchema.optional(),
  },
  {error: 'must be an object of the fields to set'},
);

const servicePeriodSchema = z
  .strictObject({start: isoDateSchema, end: isoDateSchema})
  .refine((span) => span.start <= span.end, {
    error: 'must not end before it starts',
    path: ['end'],
  });

const addSchema = z.strictObject(
  {
    description: descriptionSchema,
    quantity: decimalSchema,
    unitPrice: decimalSchema,
    taxRate: taxRateSchema.optional(),
    discountPercent: discountSchema.optional(),
    servicePeriod: servicePeriodSchema.optional(),
  },
  {error: 'must be an object with description, quantity and unitPrice'},
);

const atSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO instant such as 2026-02-02T09:00:00Z',
});

type SetFields = z.output<typeof setSchema>;
type AddedLine = z.output<typeof addSchema>;

/** One change as a host writes it (decimals as strings such as `"19.99"`, or numbers). */
export type DraftChangeInput =
  | {readonly line: number; readonly set: z.input<typeof setSchema>}
  | {readonly add: z.input<typeof addSchema>}
  | {readonly remove: number};

/** One change after validation. */
export type DraftChange =
  | {readonly line: number; readonly set: SetFields}
  | {readonly add: AddedLine}
  | {readonly remove: number};

/** What an edit does to a draft. */
export type DraftEditOutcome =
  /** Nothing would change: nothing is stored and no edit is recorded. */
  | {readonly kind: 'unchanged'}
  /** The edit removes the last line: the draft is deleted, as `delete` would. */
  | {readonly kind: 'deleted'}
  | {
      readonly kind: 'edited';
      readonly invoice: Invoice;
      /** The service periods of removed item lines, by item: these days become billable again. */
      readonly releasedDays: ReadonlyMap<string, readonly DateSpan[]>;
      /** Transactions of removed usage lines. */
      readonly unlinkedTransactions: readonly string[];
      /** Records no line of the invoice bills any more. */
      readonly unlinkedRecords: readonly string[];
    };

/**
 * Applies `input` (a list of changes) to `invoice`, a draft, at instant `at`. Refuses the whole
 * edit with `INVALID_EDIT` (faults at `changes[i]...`) or `LINE_NOT_FOUND` before anything changes.
 */
export function applyDraftEdit(invoice: Invoice, input: unknown, at: string): DraftEditOutcome {
  const changes = parseChanges(input, invoice.lines.length);
  const edit = new DraftEditing(invoice);
  const records: EditChangeRecord[] = [];
  changes.forEach((change, index) => {
    const path = `changes[${index}]`;
    if ('set' in change) records.push(...edit.set(change.line, change.set, `${path}.set`));
    else if ('add' in change) records.push(edit.add(change.add));
  });
  // Removals last, by the indexes the lines had before the edit.
  changes.forEach((change, index) => {
    if ('remove' in change) records.push(edit.remove(change.remove, `changes[${index}].remove`));
  });
  if (records.length === 0) return {kind: 'unchanged'};
  if (edit.isEmpty) return {kind: 'deleted'};
  return edit.result({at, changes: records});
}

/** Checks an edit's instant; `INVALID_EDIT` at `at` when it is not an ISO instant. */
export function parseEditInstant(at: unknown): string {
  const parsed = atSchema.safeParse(at);
  if (parsed.success) return parsed.data;
  throw invalidEdit([{path: 'at', message: 'must be an ISO instant such as 2026-02-02T09:00:00Z'}]);
}

function invalidEdit(faults: readonly Fault[]): InvoiceRunError {
  return new InvoiceRunError(
    'INVALID_EDIT',
    `The edit is refused: ${faults.map((fault) => `${fault.path}: ${fault.message}`).join('; ')}`,
    faults,
  );
}

/**
 * Validates the changes: their shape first (every fault, `INVALID_EDIT`), then that each line
 * index exists (`LINE_NOT_FOUND`), then that they agree with each other (`INVALID_EDIT`).
 */
function parseChanges(input: unknown, lineCount: number): DraftChange[] {
  if (!Array.isArray(input)) {
    throw invalidEdit([{path: 'changes', message: 'must be a list of changes'}]);
  }
  if (input.length === 0) {
    throw invalidEdit([{path: 'changes', message: 'must hold at least one change'}]);
  }
  const faults: Fault[] = [];
  const changes: DraftChange[] = [];
  input.forEach((raw, index) => {
    const change = parseChange(raw, `changes[${index}]`, faults);
    if (change !== undefined) changes.push(change);
  });
  if (faults.length > 0) throw invalidEdit(faults);

  changes.forEach((change, index) => {
    const line = 'set' in change ? change.line : 'remove' in change ? change.remove : undefined;
    if (line !== undefined && line >= lineCount) {
      const field = 'set' in change ? 'line' : 'remove';
      throw new InvoiceRunError(
        'LINE_NOT_FOUND',
        `The draft has no line ${line} (it has ${lineCount}: 0 to ${lineCount - 1}).`,
        [{path: `changes[${index}].${field}`, message: `there is no line ${line}`}],
      );
    }
  });

  const removedBy = new Map<number, number>();
  changes.forEach((change, index) => {
    if (!('remove' in change)) return;
    const earlier = removedBy.get(change.remove);
    if (earlier !== undefined) {
      faults.push({
        path: `changes[${index}].remove`,
        message: `removes line ${change.remove}, which changes[${earlier}] removes already`,
      });
    } else removedBy.set(change.remove, index);
  });
  changes.forEach((change, index) => {
    if (!('set' in change)) return;
    const remover = removedBy.get(change.line);
    if (remover !== undefined) {
      faults.push({
        path: `changes[${index}].line`,
        message: `sets line ${change.line}, which changes[${remover}] removes`,
      });
    }
  });
  if (faults.length > 0) throw invalidEdit(faults);
  return changes;
}

function parseChange(raw: unknown, path: string, faults: Fault[]): DraftChange | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    faults.push({path, message: 'must be {"line", "set"}, {"add"} or {"remove"}'});
    return undefined;
  }
  const keys = Object.keys(raw);
  const record = raw as Record<string, unknown>;
  const extra = (allowed: readonly string[]) => {
    for (const key of keys) {
      if (!allowed.includes(key))
        faults.push({path: `${path}.${key}`, message: 'is not expected here'});
    }
  };
  const collect = <T>(schema: z.ZodType<T>, value: unknown, at: string): T | undefined => {
    const parsed = schema.safeParse(value, {reportInput: true});
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const inner = formatPath(issue.path);
      faults.push({
        path: inner === '' ? at : `${at}.${inner}`,
        message:
          issue.code === 'unrecognized_keys'
            ? unrecognizedMessage(issue.keys)
            : issueMessage(issue),
      });
    }
    return undefined;
  };
  if ('set' in record || 'line' in record) {
    extra(['line', 'set']);
    const line = collect(lineIndexSchema, record.line, `${path}.line`);
    if (!('set' in record)) {
      faults.push({path: `${path}.set`, message: 'is required: the fields to set'});
      return undefined;
    }
    const set = collect(setSchema, record.set, `${path}.set`);
    if (set !== undefined && Object.keys(set).length === 0) {
      faults.push({path: `${path}.set`, message: 'must name at least one field to set'});
      return undefined;
    }
    return line === undefined || set === undefined ? undefined : {line, set};
  }
  if ('add' in record) {
    extra(['add']);
    const added = collect(addSchema, record.add, `${path}.add`);
    return added === undefined ? undefined : {add: added};
  }
  if ('remove' in record) {
    extra(['remove']);
    const line = collect(lineIndexSchema, record.remove, `${path}.remove`);
    return line === undefined ? undefined : {remove: line};
  }
  faults.push({path, message: 'must be {"line", "set"}, {"add"} or {"remove"}'});
  return undefined;
}

function unrecognizedMessage(keys: readonly string[]): string {
  const fixed = keys.filter((key) => (FIXED_LINE_FIELDS as readonly string[]).includes(key));
  if (fixed.length > 0) return `${fixed.join(', ')} cannot be changed: the run decides it`;
  return `unknown field${keys.length === 1 ? '' : 's'} ${keys.join(', ')}`;
}

/** A line during an edit: exact values, and what it bills. */
interface EditedLine {
  draft: LineDraft;
  /** Its index before the edit; null for an added line. */
  readonly before: number | null;
  /** Whether the amount can be made again exactly (false: a line stored without its exact factor). */
  readonly exact: boolean;
}

class DraftEditing {
  private readonly lines: (EditedLine | undefined)[];
  private readonly added: EditedLine[] = [];
  private readonly releasedDays = new Map<string, DateSpan[]>();
  private readonly unlinkedTransactions: string[] = [];
  /** Per line before the edit: its transactions (usage lines), when known. */
  private readonly transactionsOf: (readonly string[] | undefined)[];

  constructor(private readonly invoice: Invoice) {
    this.transactionsOf = usageSlices(invoice);
    this.lines = invoice.lines.map((line, index) => ({
      draft: toLineDraft(line, index, this.transactionsOf[index], invoice.currency),
      before: index,
      exact: line.kind !== 'item' || line.explanation !== null || WHOLE.test(line.factor),
    }));
  }

  get isEmpty(): boolean {
    return this.added.length === 0 && this.lines.every((line) => line === undefined);
  }

  set(index: number, fields: SetFields, path: string): EditChangeRecord[] {
    const line = this.lines[index]!;
    const records: EditChangeRecord[] = [];
    let draft = line.draft;
    for (const field of [
      'description',
      'quantity',
      'unitPrice',
      'discountPercent',
      'taxRate',
    ] as const) {
      const value = fields[field];
      if (value === undefined) continue;
      const from = field === 'description' ? draft.description : formatPlain(draft[field]);
      if (from === value) continue;
      if (
        !line.exact &&
        (field === 'quantity' || field === 'unitPrice' || field === 'discountPercent')
      ) {
        throw invalidEdit([
          {
            path: `${path}.${field}`,
            message:
              'this line was stored before lines kept their exact factor, so its amount cannot be made again: delete the draft and restore it to bill it anew',
          },
        ]);
      }
      draft =
        field === 'description'
          ? {...draft, description: value}
          : {...draft, [field]: toRational(value)};
      records.push({line: index, field: field satisfies EditableLineField, from, to: value});
    }
    line.draft = draft;
    return records;
  }

  add(fields: AddedLine): EditChangeRecord {
    const period = fields.servicePeriod ?? this.invoice.servicePeriod;
    this.added.push({
      before: null,
      exact: true,
      draft: {
        kind: 'manual',
        source: null,
        description: fields.description,
        start: toEpochDay(period.start),
        end: toEpochDay(period.end),
        quantity: toRational(fields.quantity),
        unitPrice: toRational(fields.unitPrice),
        factor: ONE,
        discountPercent: toRational(fields.discountPercent ?? '0'),
        taxRate: toRational(fields.taxRate ?? '0'),
        explanation: {manual: true},
      },
    });
    return {line: null, field: 'added', from: null, to: fields.description};
  }

  remove(index: number, path: string): EditChangeRecord {
    const line = this.lines[index]!;
    const stored = this.invoice.lines[index]!;
    if (stored.kind === 'item') {
      const spans = this.releasedDays.get(stored.source) ?? [];
      spans.push(stored.servicePeriod);
      this.releasedDays.set(stored.source, spans);
    } else if (stored.kind === 'usage') {
      const transactions = this.transactionsOf[index];
      if (transactions === undefined) {
        throw invalidEdit([
          {
            path,
            message:
              'this usage line was stored before lines kept their transactions apart: delete the draft to unlink its usage',
          },
        ]);
      }
      this.unlinkedTransactions.push(...transactions);
    }
    this.lines[index] = undefined;
    return {line: index, field: 'removed', from: line.draft.description, to: null};
  }

  result(edit: InvoiceEdit): DraftEditOutcome {
    const {invoice} = this;
    const kept = this.lines.filter((line): line is EditedLine => line !== undefined);
    const lines = [...kept, ...this.added].map((line) => line.draft);
    const billedRecords = new Set(
      lines.flatMap((line) =>
        line.kind === 'record' && line.source !== null ? [line.source] : [],
      ),
    );
    // Lines whose transactions are known carry them; otherwise (an invoice stored before lines
    // kept them apart, with one usage line or none removed) the invoice keeps its list.
    const known = this.transactionsOf.every((ids, index) =>
      invoice.lines[index]!.kind === 'usage' ? ids !== undefined : true,
    );
    const rebuilt = buildInvoice(
      {
        subscriptionId: invoice.subscriptionId,
        accountId: invoice.accountId,
        criterion: invoice.criterion,
        currency: invoice.currency,
        invoiceDate: invoice.invoiceDate,
        paymentDueDays: invoice.paymentDueDays,
        lines,
        ...(known ? {} : {transactionIds: invoice.transactionIds}),
        recordIds: invoice.recordIds.filter((id) => billedRecords.has(id)),
      },
      {id: invoice.id, runId: invoice.runId, index: invoice.index},
    );
    return {
      kind: 'edited',
      invoice: {...rebuilt, edited: true, edits: [...invoice.edits, edit]},
      releasedDays: this.releasedDays,
      unlinkedTransactions: this.unlinkedTransactions,
      unlinkedRecords: invoice.recordIds.filter((id) => !billedRecords.has(id)),
    };
  }
}

/**
 * The transactions of each usage line (undefined for other lines). The invoice lists them line by
 * line in line order, each line's `explanation.transactions` of them; an invoice stored before
 * that lists them in another order, and only a single usage line's are then known (all of them).
 */
export function usageSlices(invoice: Invoice): (readonly string[] | undefined)[] {
  const usage = invoice.lines.filter((line) => line.kind === 'usage');
  const explained = usage.every((line) => line.explanation !== null);
  let offset = 0;
  return invoice.lines.map((line) => {
    if (line.kind !== 'usage') return undefined;
    if (!explained) return usage.length === 1 ? invoice.transactionIds : undefined;
    const count = line.explanation!.transactions;
    const slice = invoice.transactionIds.slice(offset, offset + count);
    offset += count;
    return slice;
  });
}

/** A stored line back as exact values, as the run made it. */
function toLineDraft(
  line: InvoiceLine,
  position: number,
  transactionIds: readonly string[] | undefined,
  currency: string,
): LineDraft {
  const quantity = toRational(line.quantity);
  const unitPrice = toRational(line.unitPrice);
  const discountPercent = toRational(line.discountPercent);
  const common = {
    description: line.description,
    start: toEpochDay(line.servicePeriod.start),
    end: toEpochDay(line.servicePeriod.end),
    quantity,
    unitPrice,
    discountPercent,
    taxRate: toRational(line.taxRate),
    // Record lines keep the order they have among a record's lines.
    position,
  };
  switch (line.kind) {
    case 'item':
      return {
        ...common,
        kind: 'item',
        source: line.source,
        factor:
          line.explanation !== null
            ? sumOfPieces(line.explanation.pieces)
            : WHOLE.test(line.factor)
              ? toRational(line.factor)
              : storedFactor(line, quantity, unitPrice, discountPercent, currency),
        explanation: line.explanation,
      };
    case 'usage':
      return {
        ...common,
        kind: 'usage',
        source: line.source,
        factor: ONE,
        criterion: line.criterion,
        explanation: line.explanation,
        ...(transactionIds === undefined ? {} : {transactionIds}),
      };
    case 'record':
      return {
        ...common,
        kind: 'record',
        source: line.source,
        factor: ONE,
        explanation: line.explanation,
      };
    case 'manual':
      return {...common, kind: 'manual', source: null, factor: ONE, explanation: line.explanation};
  }
}

/**
 * A line stored without its pieces shows its factor rounded to 6 decimals. A whole one is exact:
 * piece factors are fractions of day counts (or of 365 and 12), and one within half a millionth of
 * a whole number without being one would need a billing period of hundreds of units.
 */
const WHOLE = /^-?\d+$/;

function sumOfPieces(pieces: readonly {readonly factor: string}[]): Rational {
  let total = ZERO;
  for (const piece of pieces) {
    const factor = parseFraction(piece.factor);
    if (factor === undefined) throw new RangeError(`Not a factor: ${piece.factor}`);
    total = add(total, factor);
  }
  return total;
}

/**
 * The factor of a line stored without its pieces, as the one that gives its stored net exactly
 * (its displayed factor is rounded to 6 decimals). Used only to keep such a line's amount while
 * other lines change; its own amount cannot be changed (`exact: false`).
 */
function storedFactor(
  line: InvoiceLine,
  quantity: Rational,
  unitPrice: Rational,
  discountPercent: Rational,
  currency: string,
): Rational {
  const perUnit = mul(mul(unitPrice, quantity), sub(ONE, div(discountPercent, rational(100n))));
  if (perUnit.num === 0n) return toRational(line.factor);
  const digits = minorUnit(currency);
  const net = rational(BigInt(line.net.replace('.', '')), 10n ** BigInt(digits));
  return div(net, perUnit);
}
