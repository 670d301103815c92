/**
 * What a run produces and keeps: invoices with their lines, run records, source errors. Amounts
 * are stored as strings with exactly the currency's minor-unit digits, as they are shown.
 */
import type {IsoDate} from '../primitives/dates.js';
import type {BillingType} from './schemas.js';

/** Line kinds in invoice order: a run makes the first three, a clerk adds `manual` lines. */
export const LINE_KINDS = ['item', 'usage', 'record', 'manual'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export interface DateSpan {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** One piece of an item line: days inside one billing period, with their exact factor. */
export interface ExplanationPiece {
  readonly start: IsoDate;
  readonly end: IsoDate;
  /** The billing period holding the piece (a one-time line: its single day). */
  readonly period: DateSpan;
  /** The exact factor as a reduced fraction: `"1"`, `"17/31"`, `"389/365"`. */
  readonly factor: string;
  /** The piece ends before the run period starts: days caught up. */
  readonly late: boolean;
}

export interface ItemExplanation {
  readonly billingType: BillingType;
  readonly practice: 'advance' | 'arrears';
  /** In date order; they tile the line's service period and their factors add up to its factor. */
  readonly pieces: readonly ExplanationPiece[];
}

export interface UsageExplanation {
  /** How many transactions the line bills (`lineTransactions` lists them). */
  readonly transactions: number;
  readonly first: IsoDate;
  readonly last: IsoDate;
  readonly criterion: string | null;
}

export interface RecordExplanation {
  readonly object: string;
  readonly record: string;
}

export interface ManualExplanation {
  readonly manual: true;
}

/** Why a line costs what it does, made with the line (review.md section 1). */
export type LineExplanation =
  ItemExplanation | UsageExplanation | RecordExplanation | ManualExplanation;

interface LineAmounts {
  readonly description: string;
  readonly servicePeriod: DateSpan;
  readonly quantity: string;
  readonly unitPrice: string;
  /** The exact factor rounded half away from zero to 6 decimals, for display. */
  readonly factor: string;
  readonly discountPercent: string;
  readonly net: string;
  readonly taxRate: string;
  readonly tax: string;
}

/** A line of a recurring or one-time item. */
export interface InvoiceItemLine extends LineAmounts {
  readonly kind: 'item';
  /** The item id. */
  readonly source: string;
  readonly explanation: ItemExplanation | null;
}

/** The usage of one transactional item with one criterion and one unit price. */
export interface InvoiceUsageLine extends LineAmounts {
  readonly kind: 'usage';
  /** The item id. */
  readonly source: string;
  /** The transactions' criterion. */
  readonly criterion: string | null;
  readonly explanation: UsageExplanation | null;
}

/** One of a generic record's own lines. */
export interface InvoiceRecordLine extends LineAmounts {
  readonly kind: 'record';
  /** The record id. */
  readonly source: string;
  readonly explanation: RecordExplanation | null;
}

/** A line a clerk added to a draft; it covers and links nothing. */
export interface InvoiceManualLine extends LineAmounts {
  readonly kind: 'manual';
  readonly source: null;
  readonly explanation: ManualExplanation;
}

/**
 * A line of an invoice. `explanation` is null only on lines stored before lines carried one (a
 * database written by an earlier version).
 */
export type InvoiceLine =
  InvoiceItemLine | InvoiceUsageLine | InvoiceRecordLine | InvoiceManualLine;

/** The fields of a line an edit can set. */
export const EDITABLE_LINE_FIELDS = [
  'description',
  'quantity',
  'unitPrice',
  'discountPercent',
  'taxRate',
] as const;
export type EditableLineField = (typeof EDITABLE_LINE_FIELDS)[number];

/** One change an edit made: a field of a line, or a whole line added or removed. */
export interface EditChangeRecord {
  /**
   * The line's index as it stood before the edit; null for an added line (it had none).
   */
  readonly line: number | null;
  readonly field: EditableLineField | 'added' | 'removed';
  /** The value before (a removed line: its description; an added line: null). */
  readonly from: string | null;
  /** The value after (an added line: its description; a removed line: null). */
  readonly to: string | null;
}

/** One edit of a draft, as recorded on the invoice. */
export interface InvoiceEdit {
  /** The instant of the edit (ISO). */
  readonly at: string;
  readonly changes: readonly EditChangeRecord[];
}

export interface TaxBreakdownRow {
  readonly rate: string;
  readonly net: string;
  readonly tax: string;
}

export const INVOICE_CLASSES = ['invoice', 'credit'] as const;
export type InvoiceClass = (typeof INVOICE_CLASSES)[number];

export const INVOICE_STATUSES = ['draft', 'open'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface Invoice {
  readonly id: string;
  /** The run it belongs to; null for a preview. */
  readonly runId: string | null;
  /** Made order within its run (or preview). */
  readonly index: number;
  readonly subscriptionId: string | null;
  readonly accountId: string;
  readonly criterion: string | null;
  readonly class: InvoiceClass;
  readonly status: InvoiceStatus;
  readonly number: string | null;
  readonly currency: string;
  readonly invoiceDate: IsoDate | null;
  readonly dueDate: IsoDate | null;
  /** Resolved when the invoice was made, so finalization can compute the due date. */
  readonly paymentDueDays: number;
  readonly servicePeriod: DateSpan;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
  readonly taxBreakdown: readonly TaxBreakdownRow[];
  readonly lines: readonly InvoiceLine[];
  /**
   * The usage transactions billed on this invoice, usage line by usage line in line order (each
   * line's `explanation.transactions` of them), so a line's transactions are a slice.
   */
  readonly transactionIds: readonly string[];
  /** The generic records billed on this invoice. */
  readonly recordIds: readonly string[];
  /** Whether a clerk has edited the draft. */
  readonly edited: boolean;
  /** Every edit, oldest first; finalizing keeps them. */
  readonly edits: readonly InvoiceEdit[];
}

export const SOURCE_KINDS = ['subscription', 'item', 'transaction', 'record'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_ERROR_CODES = [
  'ACCOUNT_NOT_FOUND',
  'MISSING_BILLING_PERIOD',
  'NO_MATCHING_ITEM',
  'AMBIGUOUS_ITEM',
  'SUBSCRIPTION_NOT_BILLABLE',
  'ACCOUNT_NOT_BILLABLE',
  'NO_LINES',
] as const;
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

export const WARNING_CODES = ['UNBILLED_HISTORY'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** A problem with one source record, found during a run; the run goes on without it. */
export interface SourceIssue<Code extends string = SourceErrorCode | WarningCode> {
  readonly source: SourceKind;
  readonly id: string;
  readonly code: Code;
  readonly message: string;
}

export interface CurrencyTotal {
  readonly currency: string;
  readonly net: string;
  readonly tax: string;
  readonly gross: string;
}

/** The totals of one currency among a run's invoices, with how many invoices make them. */
export interface CurrencyFigures extends CurrencyTotal {
  /** Invoices and credits in this currency. */
  readonly count: number;
}

/**
 * What a run holds now: sums over its invoices that exist (drafts and finalized ones; deleted
 * drafts are gone). Kept in the same store transaction as every change of them.
 */
export interface RunFigures {
  /** Invoices of class `invoice`, drafts and finalized. */
  readonly invoices: number;
  readonly credits: number;
  /** How many of the invoices and credits are still drafts. */
  readonly drafts: number;
  readonly lines: number;
  /** Per currency that at least one of them is in, by currency code. */
  readonly totals: readonly CurrencyFigures[];
}

export interface RunCounters {
  readonly invoices: number;
  readonly credits: number;
  readonly lines: number;
  readonly errors: number;
}

export const RUN_STATUSES = [
  'pending',
  'running',
  'completed',
  'completed-with-errors',
  'failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_ORIGINS = ['manual', 'scheduled'] as const;
export type RunOrigin = (typeof RUN_ORIGINS)[number];

/** A run config after validation: filters resolved, lists sorted and without duplicates. */
export interface ResolvedRunConfig {
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly invoiceDate: IsoDate | null;
  readonly subscriptionFilter: string | null;
  readonly transactionFilters: readonly string[];
  readonly genericFilters: readonly string[];
  readonly title: string | null;
}

/** The errors and warnings of a run, stored apart from the run record so each chunk appends. */
export interface RunIssues {
  readonly errors: readonly SourceIssue<SourceErrorCode>[];
  readonly warnings: readonly SourceIssue<WarningCode>[];
}

export interface RunRecord {
  readonly id: string;
  /** Creation order across all runs: the latest run of a selection has the highest. */
  readonly sequence: number;
  readonly origin: RunOrigin;
  readonly status: RunStatus;
  readonly config: ResolvedRunConfig;
  /** `(subscriptionFilter, transactionFilters, genericFilters)`, as a comparable string. */
  readonly selectionKey: string;
  /** `(periodStart, periodEnd, selection)`, as a comparable string. */
  readonly key: string;
  readonly scheduleId: string | null;
  readonly createdAt: string;
  /** When the run's own pass (the one that made it: a manual run or its first firing) started. */
  readonly startedAt: string | null;
  /** When its own pass ended; null while it runs or when it was interrupted. Later passes into the
   * run (restores, merged firings) do not move it, so `endedAt - startedAt` is the run's own time. */
  readonly endedAt: string | null;
  /** How many restores billed into the run after its own pass. */
  readonly restores: number;
  /** When the last of them ended, or null. */
  readonly lastRestoredAt: string | null;
  /** Cumulative over everything ever added to the run ("made in total"). */
  readonly counters: RunCounters;
  /** How many warnings the run has; the issues themselves are stored apart (`readRunIssues`). */
  readonly warningCount: number;
  /** Cumulative, as `counters`: the amounts of everything ever added to the run. */
  readonly totals: readonly CurrencyTotal[];
  /** What the run holds now: its invoices that exist, drafts and finalized. */
  readonly current: RunFigures;
  /** How many invoices the run has made so far; the next one gets this index. */
  readonly invoicesMade: number;
}
