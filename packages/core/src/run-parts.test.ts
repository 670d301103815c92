/**
 * A run in parts (`beginRun`, `billRunPart`, `endRun`) bills what the same run in one pass bills:
 * the same invoices, counters, totals, figures and issues, whatever order the parts come in and
 * when a part is billed again after its commit. Checked on the data and first run of every
 * scenario (usage by item and by order number, ambiguous and unmatched usage, generic records,
 * currencies, criteria, filters).
 */
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine, type RunPart} from './engine.js';
import {compareInvoices, compareIssues} from './billing/invoices.js';
import {InvoiceRunError} from './primitives/errors.js';
import type {Invoice, RunRecord} from './records/model.js';
import {parseScenarioText, type Scenario} from './scenario/scenario-file.js';
import {MemoryStore} from './store/memory-store.js';

const directories = [
  new URL('../../../test/scenarios/', import.meta.url),
  new URL('../../../test/scenarios/own/', import.meta.url),
];

const scenarios: [string, Scenario, unknown][] = directories.flatMap((directory) =>
  readdirSync(fileURLToPath(directory))
    .filter((file) => file.endsWith('.json'))
    .flatMap((file): [string, Scenario, unknown][] => {
      const scenario = parseScenarioText(readFileSync(new URL(file, directory), 'utf8'));
      const run = scenario.steps.find((step) => step.do === 'run');
      return run === undefined || run.do !== 'run' ? [] : [[file, scenario, run.config]];
    }),
);

async function engineOf(scenario: Scenario): Promise<InvoiceRunEngine> {
  const store = new MemoryStore();
  await store.writeSettings(scenario.settings);
  const engine = new InvoiceRunEngine(store, {chunkSize: 2});
  await engine.import(scenario.data);
  return engine;
}

/** The invoices without their ids and indexes (parts number theirs apart), in output order. */
function invoicesAsMade(invoices: readonly Invoice[]) {
  return [...invoices].sort(compareInvoices).map(({id: _id, index: _index, ...invoice}) => invoice);
}

/** What a run holds and counts, without its times and its invoice index. */
function figures(run: RunRecord) {
  return {
    status: run.status,
    counters: run.counters,
    warningCount: run.warningCount,
    totals: run.totals,
    current: run.current,
  };
}

/** A fixed shuffle: the parts in an order unlike the plan's. */
function shuffled<T>(values: readonly T[]): T[] {
  const result = [...values];
  let seed = 7;
  for (let i = result.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

describe('a run in parts', () => {
  it('finds scenarios to compare', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
  });

  for (const [file, scenario, config] of scenarios) {
    it(`bills what one pass bills: ${file}`, async () => {
      const single = await engineOf(scenario);
      let expected;
      try {
        expected = await single.startRun(config);
      } catch (error) {
        // A refused config is refused by beginRun alike.
        expect(error).toBeInstanceOf(InvoiceRunError);
        const parted = await engineOf(scenario);
        await expect(parted.beginRun(config)).rejects.toMatchObject({
          code: (error as InvoiceRunError).code,
        });
        return;
      }
      const parted = await engineOf(scenario);
      const {run, parts} = await parted.beginRun(config, {partSize: 2});
      expect(run.status).toBe('running');
      const order = shuffled(parts);
      for (const part of order) expect((await parted.billRunPart(run.id, part)).stored).toBe(true);
      // A part billed again (its worker died after the commit) adds nothing.
      for (const part of order.slice(0, 2)) {
        expect((await parted.billRunPart(run.id, part)).stored).toBe(false);
      }
      const ended = await parted.endRun(run.id);

      expect(figures(ended)).toEqual(figures(expected.run));
      expect(invoicesAsMade(await parted.invoicesOfRun(run.id))).toEqual(
        invoicesAsMade(await single.invoicesOfRun(expected.run.id)),
      );
      const issues = async (engine: InvoiceRunEngine, runId: string) => {
        const stored = await (engine as unknown as {store: MemoryStore}).store.readRunIssues(runId);
        return {
          errors: [...stored.errors].sort(compareIssues),
          warnings: [...stored.warnings].sort(compareIssues),
        };
      };
      expect(await issues(parted, run.id)).toEqual(await issues(single, expected.run.id));
      // Nothing is left to bill, as after the single run.
      const remaining = await parted.remaining(run.id);
      const remainingSingle = await single.remaining(expected.run.id);
      expect(remaining.subscriptions).toEqual(remainingSingle.subscriptions);
      expect(remaining.records).toEqual(remainingSingle.records);
    });
  }

  it('numbers the invoices of parts apart, and a later restore after all of them', async () => {
    const [, scenario, config] = scenarios.find(([file]) => file === '23-usage.json')!;
    const engine = await engineOf(scenario);
    const {run, parts} = await engine.beginRun(config, {partSize: 1});
    for (const part of [...parts].reverse()) await engine.billRunPart(run.id, part);
    const ended = await engine.endRun(run.id);
    const ids = (await engine.invoicesOfRun(run.id)).map((invoice) => invoice.id);
    expect(new Set(ids).size).toBe(ids.length);
    const highest = Math.max(
      ...(await engine.invoicesOfRun(run.id)).map((invoice) => invoice.index),
    );
    expect(ended.invoicesMade).toBeGreaterThan(highest);
  });

  it('keeps the plan with the run, for a process that follows the run after its planner', async () => {
    const [, scenario, config] = scenarios.find(([file]) => file === '23-usage.json')!;
    const engine = await engineOf(scenario);
    const plan = await engine.beginRun(config, {partSize: 1});
    expect(plan.parts.length).toBeGreaterThan(2);
    // The plan as another process reads it: the running run and every part, in plan order.
    expect(await engine.runPlan(plan.run.id)).toEqual(plan);
    expect(plan.parts.map((part) => part.index)).toEqual(plan.parts.map((_, index) => index));
    const single = await engine.startRun(config);
    await expect(engine.runPlan(single.run.id)).rejects.toMatchObject({code: 'RUN_NOT_IN_PARTS'});
    await expect(engine.runPlan('run-99')).rejects.toMatchObject({code: 'RUN_NOT_FOUND'});
  });

  it('refuses parts of a run that has ended', async () => {
    const [, scenario, config] = scenarios.find(([file]) => file === '01-monthly-basics.json')!;
    const engine = await engineOf(scenario);
    const {run, parts} = await engine.beginRun(config);
    await engine.endRun(run.id, 'failed');
    await expect(engine.billRunPart(run.id, parts[0] as RunPart)).rejects.toMatchObject({
      code: 'RUN_NOT_RUNNING',
    });
  });
});
