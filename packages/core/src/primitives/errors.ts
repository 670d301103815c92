/**
 * Refusals of an operation, as values with a stable code. They cross the worker boundary by code,
 * so hosts can react to `RUN_NOT_LATEST` without parsing messages.
 */
export const REFUSAL_CODES = [
  'INVALID_CONFIG',
  'INVALID_PERIOD',
  'UNKNOWN_FILTER',
  'WRONG_FILTER_USE',
  'SUBSCRIPTION_FILTER_REQUIRED',
  'RUN_NOT_FOUND',
  'RUN_NOT_LATEST',
  'RUN_IN_PROGRESS',
  'RUN_NOT_RUNNING',
  'PART_FAILED',
  'RUN_NOT_IN_PARTS',
  'RUN_FOLLOWED',
  'ALREADY_FIRED',
  'SCHEDULE_DISABLED',
  'INVALID_SCHEDULE',
  'INVOICE_NOT_FOUND',
  'AMBIGUOUS_INVOICE',
  'NOT_A_DRAFT',
  'INVALID_EDIT',
  'LINE_NOT_FOUND',
  'INVALID_INPUT',
  'CANCELLED',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Fault {
  /** Path inside the value at fault, e.g. `billingPeriod.count` or `lines[0].unitPrice`. */
  readonly path: string;
  readonly message: string;
}

/**
 * The mark every `InvoiceRunError` carries, a registered symbol: the same in every copy of this
 * module. A page can hold two copies of the class (the worker package ships its client with the
 * engine's error class bundled in, the host imports `@invoice-run/core`), and `instanceof` of one
 * copy would refuse the errors of the other. With the mark, `instanceof InvoiceRunError` and
 * `isInvoiceRunError` hold for an error made by any copy.
 */
const MARK = Symbol.for('@invoice-run/core:InvoiceRunError');

export class InvoiceRunError extends Error {
  /** Any copy's `InvoiceRunError` is one (see `MARK`). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInvoiceRunError(value);
  }

  override readonly name = 'InvoiceRunError';
  readonly code: string;
  readonly faults: readonly Fault[];
  readonly [MARK] = true;

  constructor(code: RefusalCode | (string & {}), message: string, faults: readonly Fault[] = []) {
    super(message);
    this.code = code;
    this.faults = faults;
  }
}

export function isInvoiceRunError(error: unknown): error is InvoiceRunError {
  return (
    typeof error === 'object' && error !== null && (error as {[MARK]?: unknown})[MARK] === true
  );
}

/** Writes a zod issue path as `lines[0].unitPrice`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** The reason of a zod issue in words; a missing field says so instead of naming a type. */
export function issueMessage(issue: {
  readonly code: string;
  readonly message: string;
  readonly input?: unknown;
}): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return issue.message;
}
