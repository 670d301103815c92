// The command line contract of scenarios.md: output document, --check, exit codes 0/1/2, and
// files run from any path. The bin is `runCommandLine(process)`: the contract is tested here, in
// this process, through `main` and `runCommandLine` with the process's parts given, because a
// spawned Node that loads the TypeScript sources takes seconds on a busy machine (the time-zone
// property of test/invariants.property.test.ts spawns the real bin, as `npx invoice-run` does).
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {main, runCommandLine, type CliProcess} from '../src/cli/main.js';

const publicScenario = join(import.meta.dirname, '../../../test/scenarios/01-monthly-basics.json');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    stdout: {write: (text: string) => (stdout += text)},
    stderr: {write: (text: string) => (stderr += text)},
  });
  return {status, stdout, stderr};
}

/** A process for `runCommandLine`: the arguments after `node invoice-run`, and what it wrote. */
function fakeProcess(args: string[]): CliProcess & {out: string; err: string} {
  const proc = {
    argv: ['node', 'invoice-run', ...args],
    exitCode: undefined as CliProcess['exitCode'],
    out: '',
    err: '',
    stdout: {write: (text: string) => (proc.out += text)},
    stderr: {write: (text: string) => (proc.err += text)},
  };
  return proc;
}

function scenarioFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'invoice run '));
  const file = join(dir, 'scenario with spaces.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const minimal = {
  settings: {currency: 'EUR', today: '2026-02-03'},
  data: {
    accounts: [{id: 'a1', name: 'Acme'}],
    subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'}],
    items: [
      {
        id: 'i1',
        subscriptionId: 's1',
        description: 'Plan',
        billingType: 'recurring',
        unitPrice: '10',
        billingPeriod: {count: 1, unit: 'month'},
        startDate: '2026-01-01',
      },
    ],
  },
  steps: [
    {
      do: 'run',
      as: 'r1',
      config: {periodStart: '2026-01-01', periodEnd: '2026-01-31'},
      expect: {counters: {invoices: 1}},
    },
  ],
};

describe('invoice-run scenario', () => {
  it('the bin sets the exit code main returns, and prints what it writes', async () => {
    const wrong = structuredClone(minimal);
    wrong.steps[0]!.expect = {counters: {invoices: 2}};
    const proc = fakeProcess(['scenario', scenarioFile(wrong), '--check']);
    await runCommandLine(proc);
    expect(proc.err).toBe('');
    expect(proc.out).toContain('step 0: steps[0].counters.invoices: expected 2, actual 1');
    expect(proc.exitCode).toBe(1);
  });

  it('the bin exits 3 with the stack on an internal error', async () => {
    const proc = fakeProcess(['scenario', publicScenario]);
    proc.stdout.write = () => {
      throw new Error('stdout is gone');
    };
    await runCommandLine(proc);
    expect(proc.exitCode).toBe(3);
    expect(proc.err).toMatch(/^invoice-run: internal error: Error: stdout is gone\n {4}at /);
  });

  it('prints the result document and exits 0', async () => {
    const result = await run(['scenario', publicScenario]);
    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout) as {steps: {do: string; as?: string}[]};
    expect(document.steps.map((step) => step.as ?? step.do)).toEqual([
      'jan',
      'jan-again',
      'finalize',
      'feb',
    ]);
  });

  it('--check passes a matching file from a path outside the repository', async () => {
    const result = await run(['scenario', scenarioFile(minimal), '--check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('--check reports each mismatch with step index, path, expected and actual, and exits 1', async () => {
    const wrong = structuredClone(minimal);
    wrong.steps[0]!.expect = {counters: {invoices: 2}};
    const result = await run(['scenario', scenarioFile(wrong), '--check']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('step 0: steps[0].counters.invoices: expected 2, actual 1');
  });

  it('exits 2 with one line naming the JSON path for a record that fails its schema', async () => {
    const bad = structuredClone(minimal) as typeof minimal & {
      data: {items: Record<string, unknown>[]};
    };
    bad.data.items[0]!.billingPeriod = {count: 0, unit: 'month'};
    const result = await run(['scenario', scenarioFile(bad)]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('data.items[0].billingPeriod.count');
  });

  it.each([
    ['bad JSON', '{"steps": ['],
    ['an unknown step', {steps: [{do: 'bill'}]}],
    [
      'a duplicate as name',
      {
        steps: [
          {do: 'run', as: 'x', config: {}},
          {do: 'run', as: 'x', config: {}},
        ],
      },
    ],
    ['an unknown record kind', {data: {customers: []}, steps: []}],
  ])('exits 2 for %s', async (_, content) => {
    const result = await run(['scenario', scenarioFile(content)]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for a missing file and for a wrong command line', async () => {
    expect((await run(['scenario', join(tmpdir(), 'does-not-exist.json')])).status).toBe(2);
    expect((await run(['bill', publicScenario])).status).toBe(2);
    expect((await run(['scenario'])).status).toBe(2);
  });

  it('a refused step is not an exit error: it carries only the error', async () => {
    const refused = structuredClone(minimal) as {steps: unknown[]};
    refused.steps = [
      {do: 'run', as: 'r1', config: {periodStart: '2026-02-30', periodEnd: '2026-03-31'}},
    ];
    const {status, stdout} = await run(['scenario', scenarioFile(refused)]);
    expect(status).toBe(0);
    const step = (JSON.parse(stdout) as {steps: Record<string, unknown>[]}).steps[0]!;
    expect(step).toEqual({
      do: 'run',
      as: 'r1',
      error: {code: 'INVALID_CONFIG', message: expect.any(String)},
    });
  });
});
