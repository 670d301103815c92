/**
 * Errors that cross the worker boundary keep their stable `code`: Comlink's `throw` transfer
 * handler is replaced by one that sends core's `InvoiceRunError` as plain data (code, message,
 * faults) and rebuilds it on the other side. Storage failures are mapped to codes of their own
 * before they leave the worker, so a host can tell a full disk from a blocked upgrade.
 */
import {transferHandlers, type TransferHandler} from 'comlink';
import {InvoiceRunError, type Fault} from '@invoice-run/core';

/** Codes of the worker package, beside core's refusal codes. */
export const WORKER_ERROR_CODES = [
  /** The browser refused to store more (IndexedDB `QuotaExceededError`); nothing was half-written. */
  'QUOTA_EXCEEDED',
  /** Opening or upgrading the database waits for another tab that holds an older version open. */
  'DATABASE_BLOCKED',
  /** The database was closed (deleted or upgraded by another tab); reload the page. */
  'DATABASE_CLOSED',
  /** The worker was disposed or terminated while the call was pending. */
  'WORKER_TERMINATED',
  /** The worker failed to start or crashed. */
  'WORKER_FAILED',
  /** A storage failure of another kind; `message` says what IndexedDB reported. */
  'STORAGE_FAILED',
] as const;
export type WorkerErrorCode = (typeof WORKER_ERROR_CODES)[number];

function names(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) return [];
  const found: string[] = [];
  const {name, inner, cause, failures} = error as {
    name?: unknown;
    inner?: unknown;
    cause?: unknown;
    failures?: unknown;
  };
  if (typeof name === 'string') found.push(name);
  found.push(...names(inner, depth + 1), ...names(cause, depth + 1));
  if (Array.isArray(failures))
    for (const failure of failures) found.push(...names(failure, depth + 1));
  else if (typeof failures === 'object' && failures !== null) {
    for (const failure of Object.values(failures)) found.push(...names(failure, depth + 1));
  }
  return found;
}

/** Maps IndexedDB and Dexie failures to `InvoiceRunError`s with a code; other values pass through. */
export function toInvoiceRunError(error: unknown): unknown {
  if (error instanceof InvoiceRunError) return error;
  const found = names(error);
  const message = error instanceof Error ? error.message : String(error);
  if (found.includes('QuotaExceededError')) {
    return new InvoiceRunError(
      'QUOTA_EXCEEDED',
      'The browser has no room left to store billing data; nothing of the failed step was saved. Free some space or delete old runs, then try again.',
    );
  }
  if (found.includes('DatabaseClosedError')) {
    return new InvoiceRunError(
      'DATABASE_CLOSED',
      `The billing database was closed (${message}). Reload the page to open it again.`,
    );
  }
  if (found.includes('VersionChangeError') || found.includes('BlockedError')) {
    return new InvoiceRunError(
      'DATABASE_BLOCKED',
      'The billing database cannot be upgraded while another tab keeps an older version open. Close the other tabs of this application and try again.',
    );
  }
  if (found.includes('VersionError')) {
    return new InvoiceRunError(
      'DATABASE_CLOSED',
      'The billing database was upgraded by a newer version of this application. Reload the page.',
    );
  }
  if (found.some((name) => name.endsWith('Error') && DEXIE_ERROR_NAMES.has(name))) {
    return new InvoiceRunError('STORAGE_FAILED', `Storing billing data failed: ${message}`);
  }
  return error;
}

const DEXIE_ERROR_NAMES = new Set([
  'AbortError',
  'ConstraintError',
  'DataError',
  'InvalidStateError',
  'TransactionInactiveError',
  'UnknownError',
  'OpenFailedError',
  'BulkError',
  'DatabaseClosedError',
  'ModifyError',
  'PrematureCommitError',
]);

interface SerializedThrow {
  readonly isError: boolean;
  readonly value: unknown;
}

interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
  readonly code?: string;
  readonly faults?: readonly Fault[];
}

const INSTALLED = Symbol.for('@invoice-run/worker:error-transfer');

/**
 * Replaces Comlink's `throw` handler (once per context): errors keep `code` and `faults` and come
 * back as `InvoiceRunError`; other errors keep their name and message.
 */
export function installErrorTransfer(): void {
  const registry = globalThis as {[INSTALLED]?: boolean};
  if (registry[INSTALLED]) return;
  registry[INSTALLED] = true;
  const original = transferHandlers.get('throw') as TransferHandler<unknown, unknown> | undefined;
  const handler: TransferHandler<{value: unknown}, SerializedThrow> = {
    canHandle: (value): value is {value: unknown} => original?.canHandle(value) ?? false,
    serialize({value}) {
      const error = toInvoiceRunError(value);
      if (!(error instanceof Error)) return [{isError: false, value: error}, []];
      const serialized: SerializedError = {
        name: error.name,
        message: error.message,
        stack: error.stack,
        ...(error instanceof InvoiceRunError ? {code: error.code, faults: [...error.faults]} : {}),
      };
      return [{isError: true, value: serialized}, []];
    },
    deserialize(serialized) {
      throw fromSerialized(serialized);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}

function fromSerialized(serialized: SerializedThrow): unknown {
  if (!serialized.isError) return serialized.value;
  const value = serialized.value as SerializedError;
  if (typeof value.code === 'string') {
    const error = new InvoiceRunError(value.code, value.message, value.faults ?? []);
    if (value.stack !== undefined)
      error.stack = `${error.stack ?? ''}\n--- in the worker ---\n${value.stack}`;
    return error;
  }
  return Object.assign(new Error(value.message), {name: value.name, stack: value.stack});
}
