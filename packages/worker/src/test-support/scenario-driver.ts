/**
 * Runs a scenario's steps through an `InvoiceRunClient` (the worker, or the in-process API) with
 * core's own step runner, so the result document can be compared text for text with the command
 * line's. The invoices a step made are those of its run with an index at or above the run's
 * `invoicesMade` before the step.
 */
import {
  runScenarioSteps,
  scenarioEditInstant,
  type BillingStep,
  type DataSetInput,
  type DraftChangeInput,
  type Invoice,
  type RunConfigInput,
  type Scenario,
  type ScenarioOperations,
  type ScenarioResult,
  type StepResult,
} from '@invoice-run/core';
import type {InvoiceRunClient} from '../api.js';

export async function runScenarioThroughClient(
  client: InvoiceRunClient,
  scenario: Scenario,
  today: string,
): Promise<ScenarioResult> {
  await client.saveSettings(scenario.settings);
  await client.import(scenario.data);
  return runScenarioSteps(
    scenario.steps,
    clientOperations(client, scenario.settings.today ?? today),
  );
}

async function allPages<T>(
  read: (offset: number) => Promise<{items: readonly T[]; total: number}>,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await read(items.length);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

/** The scenario operations on a client: the invoices of a step are read back from its run. */
function clientOperations(client: InvoiceRunClient, today: string): ScenarioOperations {
  const invoicesMade = async () => {
    const runs = await allPages((offset) => client.runs({offset, limit: 100}));
    return new Map(runs.map((run) => [run.id, run.invoicesMade]));
  };
  const runInvoices = (runId: string) =>
    allPages((offset) => client.invoices(runId, {offset, limit: 100}));
  const billing = async <R extends StepResult>(bill: () => Promise<R>): Promise<BillingStep<R>> => {
    const before = await invoicesMade();
    const result = await bill();
    const from = before.get(result.run.id) ?? 0;
    const invoices = (await runInvoices(result.run.id)).filter((invoice) => invoice.index >= from);
    return {result, invoices};
  };
  return {
    // Steps hold data as the file has it: the worker validates what the types cannot know.
    import: (data) => client.import(data as DataSetInput),
    startRun: (config) => billing(() => client.startRun(config as RunConfigInput)),
    fireSchedule: (schedule, at) => billing(() => client.fireSchedule(schedule, at)),
    preview: (config) => client.preview(config as RunConfigInput),
    finalize: (runId, subscriptions) =>
      client.finalize(runId, subscriptions === undefined ? {} : {subscriptions}, today),
    deleteDrafts: (runId, selection) => client.deleteDrafts(runId, selection),
    remaining: (runId) => client.remaining(runId),
    restore: (runId, chosen) => billing(() => client.restore(runId, chosen)),
    allInvoices: async () => {
      const runs = (await allPages((offset) => client.runs({offset, limit: 100}))).sort(
        (a, b) => a.sequence - b.sequence,
      );
      const invoices: Invoice[] = [];
      for (const run of runs) invoices.push(...(await runInvoices(run.id)));
      return invoices;
    },
    invoicesOfRun: (runId) => runInvoices(runId),
    // A scenario's changes go to the worker as written: refusing malformed ones is the worker's job.
    editDraft: (invoiceId, changes, at) =>
      client.editDraft(invoiceId, changes as readonly DraftChangeInput[], {
        at: at ?? scenarioEditInstant(today),
      }),
  };
}
