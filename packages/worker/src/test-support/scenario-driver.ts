/**
 * Runs a scenario's steps through an `InvoiceRunClient` (the worker, or the in-process API) and
 * writes the same result document as core's `runScenario` (scenarios.md), so the two can be
 * compared text for text. The invoices a step made are those of its run with an index at or above
 * the run's `invoicesMade` before the step.
 */
import {
  InvoiceRunError,
  compareInvoices,
  invoiceOutput,
  type Invoice,
  type ResolvedRunConfig,
  type Scenario,
  type Step,
  type StepResult,
} from '@invoice-run/core';
import type {InvoiceRunClient} from '../api.js';

type StepOutput = Record<string, unknown>;

export async function runScenarioThroughClient(
  client: InvoiceRunClient,
  scenario: Scenario,
  today: string,
): Promise<{steps: StepOutput[]}> {
  await client.saveSettings(scenario.settings);
  await client.import(scenario.data);
  const driver = new ClientStepRunner(client, scenario.settings.today ?? today);
  const steps: StepOutput[] = [];
  for (const step of scenario.steps) steps.push(await driver.run(step));
  return {steps};
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

class ClientStepRunner {
  private readonly runIds = new Map<string, string>();
  private readonly runNames = new Map<string, string>();

  constructor(
    private readonly client: InvoiceRunClient,
    private readonly today: string,
  ) {}

  async run(step: Step): Promise<StepOutput> {
    const head = stepHead(step);
    try {
      return {...head, ...(await this.perform(step))};
    } catch (error) {
      if (error instanceof InvoiceRunError)
        return {...head, error: {code: error.code, message: error.message}};
      throw error;
    }
  }

  private async perform(step: Step): Promise<StepOutput> {
    const {client} = this;
    switch (step.do) {
      case 'run': {
        const before = await this.invoicesMade();
        const result = await client.startRun(step.config);
        this.name(step.as, result.run.id, true);
        return this.stepResult(result, await this.madeBy(result, before));
      }
      case 'schedule': {
        const before = await this.invoicesMade();
        const result = await client.fireSchedule(step.schedule, step.at);
        this.name(step.as, result.run.id, !result.merged);
        return this.stepResult(result, await this.madeBy(result, before));
      }
      case 'preview': {
        const result = await client.preview(step.config);
        return {
          config: configOutput(result.config),
          counters: result.counters,
          totals: result.totals,
          invoices: result.invoices.map((invoice) => this.invoice(invoice)),
          errors: result.errors,
          warnings: result.warnings,
        };
      }
      case 'finalize': {
        const finalized = await client.finalize(
          this.runId(step.run),
          step.subscriptions === undefined ? {} : {subscriptions: step.subscriptions},
          this.today,
        );
        return {invoices: finalized.map((invoice) => this.invoice(invoice))};
      }
      case 'delete':
        return {
          deleted: await client.deleteDrafts(this.runId(step.run), {
            ...(step.subscriptions === undefined ? {} : {subscriptions: step.subscriptions}),
            ...(step.accounts === undefined ? {} : {accounts: step.accounts}),
          }),
        };
      case 'remaining': {
        const remaining = await client.remaining(this.runId(step.run));
        return {subscriptions: remaining.subscriptions, records: remaining.records};
      }
      case 'restore': {
        const runId = this.runId(step.run);
        const before = await this.invoicesMade();
        const result = await client.restore(runId, {
          subscriptions: step.subscriptions ?? [],
          records: step.records ?? [],
        });
        const output = this.stepResult(result, await this.madeBy(result, before));
        return {
          invoices: output.invoices,
          counters: output.counters,
          totals: output.totals,
          errors: output.errors,
          warnings: output.warnings,
          skipped: result.skipped,
        };
      }
      case 'import': {
        const report = await client.import(step.data);
        return {stored: report.stored, rejected: report.rejected};
      }
      case 'invoices': {
        const runs = (await allPages((offset) => client.runs({offset, limit: 100}))).sort(
          (a, b) => a.sequence - b.sequence,
        );
        const invoices: Invoice[] = [];
        for (const run of runs) {
          invoices.push(
            ...(await allPages((offset) => client.invoices(run.id, {offset, limit: 100}))),
          );
        }
        return {invoices: invoices.map((invoice) => this.invoice(invoice))};
      }
    }
  }

  private async invoicesMade(): Promise<Map<string, number>> {
    const runs = await allPages((offset) => this.client.runs({offset, limit: 100}));
    return new Map(runs.map((run) => [run.id, run.invoicesMade]));
  }

  private async madeBy(
    result: StepResult,
    before: ReadonlyMap<string, number>,
  ): Promise<Invoice[]> {
    const from = before.get(result.run.id) ?? 0;
    const all = await allPages((offset) =>
      this.client.invoices(result.run.id, {offset, limit: 100}),
    );
    return all.filter((invoice) => invoice.index >= from);
  }

  private name(as: string, runId: string, creates: boolean): void {
    this.runIds.set(as, runId);
    if (creates) this.runNames.set(runId, as);
  }

  private runId(name: string): string {
    const id = this.runIds.get(name);
    if (id === undefined)
      throw new InvoiceRunError('RUN_NOT_FOUND', `No step made a run named "${name}".`);
    return id;
  }

  private stepResult(result: StepResult, invoices: Invoice[]): StepOutput {
    return {
      run: this.runNames.get(result.run.id) ?? result.run.id,
      merged: result.merged,
      status: result.status,
      config: configOutput(result.config),
      counters: result.counters,
      totals: result.totals,
      invoices: invoices.sort(compareInvoices).map((invoice) => this.invoice(invoice)),
      errors: result.errors,
      warnings: result.warnings,
    };
  }

  private invoice(invoice: Invoice): StepOutput {
    return invoiceOutput(
      invoice,
      invoice.runId === null ? null : (this.runNames.get(invoice.runId) ?? invoice.runId),
    );
  }
}

function stepHead(step: Step): StepOutput {
  switch (step.do) {
    case 'run':
    case 'schedule':
      return {do: step.do, as: step.as};
    case 'finalize':
    case 'delete':
    case 'remaining':
    case 'restore':
      return {do: step.do, run: step.run};
    default:
      return {do: step.do};
  }
}

function configOutput(config: ResolvedRunConfig): StepOutput {
  return {
    periodStart: config.periodStart,
    periodEnd: config.periodEnd,
    invoiceDate: config.invoiceDate,
  };
}
