/**
 * Type-level tests of the public API (checked by `tsc --noEmit`): the Comlink remote of the one
 * API interface has the client's shapes, and the client adds signals without changing results.
 */
import type {Remote} from 'comlink';
import type {
  Account,
  DataSetInput,
  FiringRecord,
  ImportReport,
  Invoice,
  Remaining,
  RemainingSubscription,
  RestoreResult,
  RunConfigInput,
  RunRecord,
  ScheduleInput,
  StepResult,
} from '@invoice-run/core';
import type {
  Input,
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
  Equals<Parameters<InvoiceRunClient['startRun']>[0], Input<RunConfigInput>>,
  Equals<Parameters<InvoiceRunClient['preview']>[0], Input<RunConfigInput>>,
  Equals<Parameters<InvoiceRunClient['import']>[0], Input<DataSetInput>>,
  Equals<Parameters<InvoiceRunClient['saveSchedule']>[0], Input<ScheduleInput>>,
  Equals<Parameters<Remote<InvoiceRunApi>['startRun']>[0], Input<RunConfigInput>>,
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
  true,
  true,
  true,
  true,
  true,
];

declare const client: InvoiceRunClient;
declare const remote: Remote<InvoiceRunApi>;

/** Calls with a typo must not compile (each `@ts-expect-error` fails when its line compiles). */
export async function typosDoNotCompile(): Promise<void> {
  // @ts-expect-error periodStrat is a typo of periodStart
  await client.startRun({periodStrat: '2026-01-01', periodEnd: '2026-01-31'});
  // @ts-expect-error titel, beside the right keys, is a typo of title
  await client.preview({periodStart: '2026-01-01', periodEnd: '2026-01-31', titel: 'x'});
  // @ts-expect-error the remote of the API is typed the same
  await remote.startRun({periodStrat: '2026-01-01', periodEnd: '2026-01-31'});
  // @ts-expect-error curency is a typo of currency
  await client.import({accounts: [{id: 'a1', name: 'Acme', curency: 'EUR'}]});
  // @ts-expect-error customers is no record kind
  await client.import({customers: []});
  // @ts-expect-error billingPeriod.unit is day, week, month or year
  await client.import({items: [{...anItem, billingPeriod: {count: 1, unit: 'months'}}]});
  // @ts-expect-error crn is a typo of cron
  await client.saveSchedule({id: 'monthly', crn: '0 6 1 * *'});
  // @ts-expect-error alignment is previous, current or next
  await client.saveSchedule({id: 'monthly', cron: '0 6 1 * *', alignment: 'last'});
}

const anItem = {
  id: 'i1',
  subscriptionId: 's1',
  description: 'Plan',
  billingType: 'recurring',
  unitPrice: '10',
  startDate: '2026-01-01',
} as const;

/** What a host writes compiles: read-only literals, a run's resolved config, a saved schedule. */
export async function validCallsCompile(run: RunRecord): Promise<void> {
  const frozen = {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    transactionFilters: ['usage'],
  } as const;
  await client.startRun(frozen);
  await client.preview(run.config);
  await client.import({items: [{...anItem, billingPeriod: {count: 1, unit: 'month'}}]});
  const saved = await client.saveSchedule({id: 'monthly', cron: '0 6 1 * *', interval: '1m'});
  await client.saveSchedule(saved);
}
