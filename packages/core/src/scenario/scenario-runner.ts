/**
 * Runs a scenario's steps against a fresh in-memory store and writes the result document of
 * scenarios.md: each step's output describes what that step did.
 */
import {
  InvoiceRunEngine,
  type PassCallbacks,
  type PreviewResult,
  type StepResult,
} from '../engine.js';
import {InvoiceRunError} from '../errors.js';
import {compareInvoices} from '../invoices.js';
import {MemoryStore} from '../memory-store.js';
import type {Invoice, ResolvedRunConfig} from '../model.js';
import type {BillingStore} from '../store.js';
import type {Scenario, Step} from './scenario-file.js';

export type StepOutput = Record<string, unknown>;

export interface ScenarioResult {
  readonly steps: StepOutput[];
}

export interface RunScenarioOptions {
  /** The date finalization uses when the scenario's settings name none. */
  readonly today: string;
  /** An empty store to run in; default: a new in-memory store. */
  readonly store?: BillingStore;
}

export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<ScenarioResult> {
  const store = options.store ?? new MemoryStore();
  await store.writeSettings(scenario.settings);
  const engine = new InvoiceRunEngine(store);
  await engine.import(scenario.data);
  const today = scenario.settings.today ?? options.today;
  const runner = new StepRunner(engine, today);
  const steps: StepOutput[] = [];
  for (const step of scenario.steps) steps.push(await runner.run(step));
  return {steps};
}

class StepRunner {
  /** Step names (`as`) to run ids; a merged firing's name points at the run it joined. */
  private readonly runIds = new Map<string, string>();
  /** Run ids to the name of the step that created them. */
  private readonly runNames = new Map<string, string>();

  constructor(
    private readonly engine: InvoiceRunEngine,
    private readonly today: string,
  ) {}

  async run(step: Step): Promise<StepOutput> {
    const head = stepHead(step);
    try {
      return {...head, ...(await this.perform(step))};
    } catch (error) {
      if (error instanceof InvoiceRunError) {
        return {...head, error: {code: error.code, message: error.message}};
      }
      throw error;
    }
  }

  private async perform(step: Step): Promise<StepOutput> {
    switch (step.do) {
      case 'run': {
        const made = collector();
        const result = await this.engine.startRun(step.config, made.callbacks);
        this.name(step.as, result.run.id, true);
        return this.stepResult(result, made.invoices);
      }
      case 'schedule': {
        const made = collector();
        const result = await this.engine.fireSchedule(step.schedule, step.at, made.callbacks);
        this.name(step.as, result.run.id, !result.merged);
        return this.stepResult(result, made.invoices);
      }
      case 'preview':
        return this.previewResult(await this.engine.preview(step.config));
      case 'finalize': {
        const drafts = await this.engine.draftsOfRun(this.runId(step.run), {
          ...(step.subscriptions === undefined ? {} : {subscriptions: step.subscriptions}),
        });
        const finalized = await this.engine.finalize(drafts, this.today);
        return {invoices: finalized.map((invoice) => this.invoice(invoice))};
      }
      case 'delete': {
        const drafts = await this.engine.draftsOfRun(this.runId(step.run), {
          ...(step.subscriptions === undefined ? {} : {subscriptions: step.subscriptions}),
          ...(step.accounts === undefined ? {} : {accounts: step.accounts}),
        });
        return {deleted: await this.engine.deleteDrafts(drafts)};
      }
      case 'remaining': {
        const remaining = await this.engine.remaining(this.runId(step.run));
        return {subscriptions: remaining.subscriptions, records: remaining.records};
      }
      case 'restore': {
        const made = collector();
        const result = await this.engine.restore(
          this.runId(step.run),
          {subscriptions: step.subscriptions ?? [], records: step.records ?? []},
          made.callbacks,
        );
        const output = this.stepResult(result, made.invoices);
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
        const report = await this.engine.import(step.data);
        return {stored: report.stored, rejected: report.rejected};
      }
      case 'invoices':
        return {
          invoices: (await this.engine.allInvoices()).map((invoice) => this.invoice(invoice)),
        };
    }
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

  private previewResult(result: PreviewResult): StepOutput {
    return {
      config: configOutput(result.config),
      counters: result.counters,
      totals: result.totals,
      invoices: result.invoices.map((invoice) => this.invoice(invoice)),
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

/** Collects the invoices a step makes, chunk by chunk. */
function collector(): {invoices: Invoice[]; callbacks: PassCallbacks} {
  const invoices: Invoice[] = [];
  return {invoices, callbacks: {onInvoices: (made) => invoices.push(...made)}};
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

/** The INVOICE shape of scenarios.md. */
export function invoiceOutput(invoice: Invoice, runName: string | null): StepOutput {
  return {
    run: runName,
    subscription: invoice.subscriptionId,
    account: invoice.accountId,
    criterion: invoice.criterion,
    class: invoice.class,
    status: invoice.status,
    number: invoice.number,
    currency: invoice.currency,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    servicePeriod: invoice.servicePeriod,
    net: invoice.net,
    tax: invoice.tax,
    gross: invoice.gross,
    taxBreakdown: invoice.taxBreakdown,
    lines: invoice.lines.map((line) => ({
      kind: line.kind,
      source: line.source,
      description: line.description,
      servicePeriod: line.servicePeriod,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      factor: line.factor,
      discountPercent: line.discountPercent,
      net: line.net,
      taxRate: line.taxRate,
      tax: line.tax,
    })),
  };
}
