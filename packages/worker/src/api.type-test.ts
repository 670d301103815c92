/**
 * Type-level tests of the public API (checked by `tsc --noEmit`): the Comlink remote of the one
 * API interface has the client's shapes, and the client adds signals without changing results.
 */
import type {Remote} from 'comlink';
import type {
  Account,
  FiringRecord,
  ImportReport,
  Invoice,
  Remaining,
  RemainingSubscription,
  RestoreResult,
  StepResult,
} from '@invoice-run/core';
import type {
  InvoiceRunApi,
  InvoiceRunClient,
  JobOptions,
  Page,
  RemainingListener,
  RemainingOptions,
  RunView,
  ScheduleOverview,
  SchedulerCheck,
} from './api.js';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Result<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

export const typeTests: [
  Equals<Result<Remote<InvoiceRunApi>['import']>, ImportReport>,
  Equals<Result<Remote<InvoiceRunApi>['runs']>, Page<RunView>>,
  Equals<Result<Remote<InvoiceRunApi>['invoices']>, Page<Invoice>>,
  Equals<Result<InvoiceRunClient['startRun']>, StepResult>,
  Equals<Result<InvoiceRunClient['restore']>, RestoreResult>,
  Equals<Result<InvoiceRunClient['runs']>, Result<InvoiceRunApi['runs']>>,
  Equals<Parameters<InvoiceRunClient['startRun']>[1], JobOptions | undefined>,
  Equals<Parameters<Remote<InvoiceRunApi>['startRun']>[1], string | undefined>,
  Equals<Result<Remote<InvoiceRunApi>['checkSchedules']>, SchedulerCheck>,
  Equals<Result<InvoiceRunClient['checkSchedules']>, SchedulerCheck>,
  Equals<Parameters<InvoiceRunClient['checkSchedules']>, [now?: string]>,
  Equals<Result<InvoiceRunClient['scheduleOverview']>, ScheduleOverview[]>,
  Equals<Result<InvoiceRunClient['firings']>, FiringRecord[]>,
  Equals<Result<InvoiceRunClient['remaining']>, Remaining>,
  Equals<Result<Remote<InvoiceRunApi>['remaining']>, Remaining>,
  Equals<Parameters<InvoiceRunClient['remaining']>, [runId: string, options?: RemainingOptions]>,
  Equals<Parameters<RemainingListener>[0], readonly RemainingSubscription[]>,
  Equals<Result<InvoiceRunClient['accounts']>, Account[]>,
  Equals<Parameters<InvoiceRunClient['accounts']>, [ids: readonly string[]]>,
  Equals<Result<Remote<InvoiceRunApi>['accounts']>, Account[]>,
  Equals<Result<InvoiceRunClient['invoice']>, Invoice>,
  Equals<Result<Remote<InvoiceRunApi>['invoice']>, Invoice>,
] = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];
