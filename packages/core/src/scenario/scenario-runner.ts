/**
 * Runs a scenario's steps and writes the result document of scenarios.md: each step's output
 * describes what that step did. The steps run over `ScenarioOperations`, so the very same runner
 * drives the engine in process (the command line) and the worker client (the browser tests), and
 * their documents can be compared text for text.
 */
import {InvoiceRunEngine} from '../engine.js';
import type {ImportReport, PreviewResult, Remaining, RestoreResult, StepResult} from '../engine.js';
import {InvoiceRunError} from '../primitives/errors.js';
import {compareInvoices} from '../billing/invoices.js';
import {MemoryStore} from '../store/memory-store.js';
import type {Invoice, ResolvedRunConfig} from '../records/model.js';
import type {BillingStore} from '../store/store.js';
import type {Scenario, Step} from './scenario-file.js';

type InvoiceKeys = Extract<Step, {do: 'edit'}>['invoice'];

export type StepOutput = Record<string, unknown>;

export interface ScenarioResult {
  readonly steps: StepOutput[];
}

/** What a billing step did, with the invoices it made. */
export interface BillingStep<R extends StepResult = StepResult> {
  readonly result: R;
  readonly invoices: readonly Invoice[];
}

/** The operations scenario steps need, by run id. */
export interface ScenarioOperations {
  import(data: unknown): Promise<ImportReport>;
  startRun(config: unknown): Promise<BillingStep>;
  fireSchedule(schedule: unknown, at: string): Promise<BillingStep>;
  preview(config: unknown): Promise<PreviewResult>;
  /** Finalizes the run's drafts (or those of some subscriptions), numbered in output order. */
  finalize(
    runId: string,
    subscriptions: readonly string[] | undefined,
  ): Promise<readonly Invoice[]>;
  deleteDrafts(
    runId: string,
    selection: {subscriptions?: readonly string[]; accounts?: readonly string[]},
  ): Promise<number>;
  remaining(runId: string): Promise<Remaining>;
  restore(
    runId: string,
    chosen: {subscriptions: readonly string[]; records: readonly string[]},
  ): Promise<BillingStep<RestoreResult>>;
  /** Every invoice that exists, run by run in creation order. */
  allInvoices(): Promise<readonly Invoice[]>;
  /** The invoices of a run that exist now (drafts and finalized). */
  invoicesOfRun(runId: string): Promise<readonly Invoice[]>;
  /** Corrects a draft; null when the edit deleted it. */
  editDraft(invoiceId: string, changes: unknown, at: string | undefined): Promise<Invoice | null>;
}

export interface RunScenarioOptions {
  /** The date finalization uses when the scenario's settings name none. */
  readonly today: string;
  /** An empty store to run in; default: a new in-memory store. */
  readonly store?: BillingStore;
}

/** Runs a scenario in process, on the engine over `options.store` (default: in memory). */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<ScenarioResult> {
  const store = options.store ?? new MemoryStore();
  await store.writeSettings(scenario.settings);
  const engine = new InvoiceRunEngine(store);
  await engine.import(scenario.data);
  return runScenarioSteps(
    scenario.steps,
    engineOperations(engine, scenario.settings.today ?? options.today),
  );
}

/** Runs steps over any implementation of the operations; the data set is already loaded. */
export async function runScenarioSteps(
  steps: readonly Step[],
  operations: ScenarioOperations,
): Promise<ScenarioResult> {
  const runner = new StepRunner(operations);
  const outputs: StepOutput[] = [];
  for (const step of steps) outputs.push(await runner.run(step));
  return {steps: outputs};
}

/** The scenario operations on an engine; `today` dates finalizations. */
export function engineOperations(engine: InvoiceRunEngine, today: string): ScenarioOperations {
  const collecting = async <R extends StepResult>(
    bill: (onInvoices: (made: readonly Invoice[]) => void) => Promise<R>,
  ): Promise<BillingStep<R>> => {
    const invoices: Invoice[] = [];
    const result = await bill((made) => invoices.push(...made));
    return {result, invoices};
  };
  return {
    import: (data) => engine.import(data),
    startRun: (config) => collecting((onInvoices) => engine.startRun(config, {onInvoices})),
    fireSchedule: (schedule, at) =>
      collecting((onInvoices) => engine.fireSchedule(schedule, at, {onInvoices})),
    preview: (config) => engine.preview(config),
    finalize: async (runId, subscriptions) =>
      engine.finalize(
        await engine.draftsOfRun(runId, subscriptions === undefined ? {} : {subscriptions}),
        today,
      ),
    deleteDrafts: async (runId, selection) =>
      engine.deleteDrafts(await engine.draftsOfRun(runId, selection)),
    remaining: (runId) => engine.remaining(runId),
    restore: (runId, chosen) =>
      collecting((onInvoices) => engine.restore(runId, chosen, {onInvoices})),
    allInvoices: () => engine.allInvoices(),
    invoicesOfRun: async (runId) => {
      await engine.existingRun(runId);
      return engine.invoicesOfRun(runId);
    },
    editDraft: (invoiceId, changes, at) =>
      engine.editDraft(invoiceId, changes, {at: at ?? scenarioEditInstant(today)}),
  };
}

/**
 * The instant of an `edit` step that names none: the scenario's today at midnight UTC, so the
 * result document is the same on every run and through every client.
 */
export function scenarioEditInstant(today: string): string {
  return `${today}T00:00:00Z`;
}

class StepRunner {
  /** Step names (`as`) to run ids; a merged firing's name points at the run it joined. */
  private readonly runIds = new Map<string, string>();
  /** Run ids to the name of the step that created them. */
  private readonly runNames = new Map<string, string>();

  constructor(private readonly operations: ScenarioOperations) {}

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
    const {operations} = this;
    switch (step.do) {
      case 'run': {
        const made = await operations.startRun(step.config);
        this.name(step.as, made.result.run.id, true);
        return this.billingOutput(made);
      }
      case 'schedule': {
        const made = await operations.fireSchedule(step.schedule, step.at);
        this.name(step.as, made.result.run.id, !made.result.merged);
        return this.billingOutput(made);
      }
      case 'preview': {
        const result = await operations.preview(step.config);
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
        const finalized = await operations.finalize(this.runId(step.run), step.subscriptions);
        return {invoices: finalized.map((invoice) => this.invoice(invoice))};
      }
      case 'delete':
        return {
          deleted: await operations.deleteDrafts(this.runId(step.run), {
            ...(step.subscriptions === undefined ? {} : {subscriptions: step.subscriptions}),
            ...(step.accounts === undefined ? {} : {accounts: step.accounts}),
          }),
        };
      case 'remaining': {
        const remaining = await operations.remaining(this.runId(step.run));
        return {subscriptions: remaining.subscriptions, records: remaining.records};
      }
      case 'restore': {
        const made = await operations.restore(this.runId(step.run), {
          subscriptions: step.subscriptions ?? [],
          records: step.records ?? [],
        });
        const output = this.billingOutput(made);
        return {
          invoices: output.invoices,
          counters: output.counters,
          totals: output.totals,
          errors: output.errors,
          warnings: output.warnings,
          skipped: made.result.skipped,
        };
      }
      case 'import': {
        const report = await operations.import(step.data);
        return {
          stored: report.stored,
          rejected: report.rejected,
          ...(report.warnings.length === 0 ? {} : {warnings: report.warnings}),
        };
      }
      case 'invoices':
        return {
          invoices: (await operations.allInvoices()).map((invoice) => this.invoice(invoice)),
        };
      case 'edit': {
        const target = await this.namedInvoice(this.runId(step.run), step.invoice);
        const edited = await operations.editDraft(target.id, step.changes, step.at);
        return {invoice: edited === null ? null : this.invoice(edited)};
      }
    }
  }

  /** The one invoice of a run that matches every key given. */
  private async namedInvoice(runId: string, keys: InvoiceKeys): Promise<Invoice> {
    const matching = (await this.operations.invoicesOfRun(runId)).filter(
      (invoice) =>
        (keys.subscription === undefined || invoice.subscriptionId === keys.subscription) &&
        (keys.account === undefined || invoice.accountId === keys.account) &&
        (keys.currency === undefined || invoice.currency === keys.currency) &&
        (keys.criterion === undefined || invoice.criterion === keys.criterion),
    );
    const named = JSON.stringify(keys);
    if (matching.length === 0) {
      throw new InvoiceRunError('INVOICE_NOT_FOUND', `No invoice of the run matches ${named}.`);
    }
    if (matching.length > 1) {
      throw new InvoiceRunError(
        'AMBIGUOUS_INVOICE',
        `${matching.length} invoices of the run match ${named}; name it by more keys.`,
      );
    }
    return matching[0]!;
  }

  private name(as: string, runId: string, creates: boolean): void {
    this.runIds.set(as, runId);
    if (creates) this.runNames.set(runId, as);
  }

  private runId(name: string): string {
    const id = this.runIds.get(name);
    if (id === undefined) {
      throw new InvoiceRunError('RUN_NOT_FOUND', `No step made a run named "${name}".`);
    }
    return id;
  }

  private billingOutput({result, invoices}: BillingStep): StepOutput {
    return {
      run: this.runNames.get(result.run.id) ?? result.run.id,
      merged: result.merged,
      status: result.status,
      config: configOutput(result.config),
      counters: result.counters,
      totals: result.totals,
      invoices: [...invoices].sort(compareInvoices).map((invoice) => this.invoice(invoice)),
      errors: result.errors,
      warnings: result.warnings,
    };
  }

  private invoice(invoice: Invoice): StepOutput {
    const runName =
      invoice.runId === null ? null : (this.runNames.get(invoice.runId) ?? invoice.runId);
    return invoiceOutput(invoice, runName);
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
    case 'edit':
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
      explanation: line.explanation,
    })),
    edited: invoice.edited,
    edits: invoice.edits,
  };
}
