/**
 * Errors in words a billing clerk understands. The worker's errors carry a stable `code`
 * (`InvoiceRunError` of `@invoice-run/core`); they are read by shape, not by class, so an error
 * from another copy of the packages is understood too.
 */

/** The texts of failures that every component can meet. */
export interface ErrorMessages {
  /** No client: neither a `client` property nor an `<invoice-run-provider>` with one. */
  noClient: string;
  /** `DATABASE_BLOCKED`: another tab keeps an older version of the database open. */
  databaseBlocked: string;
  /** `QUOTA_EXCEEDED`: the browser has no room left. */
  quotaExceeded: string;
  /** `DATABASE_CLOSED`: the database was deleted or upgraded elsewhere. */
  databaseClosed: string;
  /** `WORKER_FAILED` / `WORKER_TERMINATED`: the billing worker is gone. */
  workerFailed: string;
  /** `RUN_NOT_LATEST`. */
  runNotLatest: string;
  /** `RUN_IN_PROGRESS`. */
  runInProgress: string;
  /** `RUN_NOT_FOUND`. */
  runNotFound: string;
  /** Anything else without a message of its own. */
  unknown: string;
  /** The label of the button that tries again. */
  retry: string;
}

export const errorMessages: ErrorMessages = {
  noClient: 'Billing is not connected yet: this page has not given the component a billing client.',
  databaseBlocked:
    'The billing data cannot be opened because another tab of this application still uses an older version of it. Close the other tabs, then try again.',
  quotaExceeded:
    'The browser has no room left to store billing data. Nothing of the failed step was saved. Free some space or delete old runs, then try again.',
  databaseClosed: 'The billing data was closed by another tab. Reload the page to continue.',
  workerFailed: 'The billing engine stopped working. Reload the page and try again.',
  runNotLatest:
    'This is not the latest run of its selection: a newer run with the same filters exists. Only the latest run can be completed with what remains; open View Remaining on that run instead.',
  runInProgress: 'Another run is still working on this data. Wait until it ends, then try again.',
  runNotFound: 'This run no longer exists.',
  unknown: 'Something went wrong.',
  retry: 'Try again',
};

/** A problem in one field of a refused config. */
export interface ErrorFault {
  readonly path: string;
  readonly message: string;
}

/** The stable code of an error, or `UNKNOWN`. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const {code} = error as {code?: unknown};
    if (typeof code === 'string' && code !== '') return code;
  }
  return 'UNKNOWN';
}

/** The faults of a refused config (`INVALID_CONFIG`), if any. */
export function errorFaults(error: unknown): readonly ErrorFault[] {
  if (typeof error !== 'object' || error === null) return [];
  const {faults} = error as {faults?: unknown};
  return Array.isArray(faults) ? (faults as ErrorFault[]) : [];
}

/** What went wrong, for people: a text of our own for the codes a clerk can act on. */
export function describeError(error: unknown, messages: ErrorMessages): string {
  switch (errorCode(error)) {
    case 'NO_CLIENT':
      return messages.noClient;
    case 'DATABASE_BLOCKED':
      return messages.databaseBlocked;
    case 'QUOTA_EXCEEDED':
      return messages.quotaExceeded;
    case 'DATABASE_CLOSED':
      return messages.databaseClosed;
    case 'WORKER_FAILED':
    case 'WORKER_TERMINATED':
      return messages.workerFailed;
    case 'RUN_NOT_LATEST':
      return messages.runNotLatest;
    case 'RUN_IN_PROGRESS':
      return messages.runInProgress;
    case 'RUN_NOT_FOUND':
      return messages.runNotFound;
    default: {
      const message = error instanceof Error ? error.message : '';
      return message === '' ? messages.unknown : message;
    }
  }
}

/** The error a component raises when it has no client to work with. */
export class NoClientError extends Error {
  override readonly name = 'NoClientError';
  readonly code = 'NO_CLIENT';
}
