// The command line contract of scenarios.md: output document, --check, exit codes 0/1/2, and
// files run from any path. These spawn the real bin, as `npx invoice-run` does.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const bin = join(import.meta.dirname, '../bin/invoice-run.js');
const publicScenario = join(import.meta.dirname, '../../../test/scenarios/01-monthly-basics.json');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8', cwd: tmpdir()});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
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
  it('prints the result document and exits 0', () => {
    const result = run(['scenario', publicScenario]);
    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout) as {steps: {do: string; as?: string}[]};
    expect(document.steps.map((step) => step.as ?? step.do)).toEqual([
      'jan',
      'jan-again',
      'finalize',
      'feb',
    ]);
  });

  it('--check passes a matching file from a path outside the repository', () => {
    const result = run(['scenario', scenarioFile(minimal), '--check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('--check reports each mismatch with step index, path, expected and actual, and exits 1', () => {
    const wrong = structuredClone(minimal);
    wrong.steps[0]!.expect = {counters: {invoices: 2}};
    const result = run(['scenario', scenarioFile(wrong), '--check']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('step 0: steps[0].counters.invoices: expected 2, actual 1');
  });

  it('exits 2 with one line naming the JSON path for a record that fails its schema', () => {
    const bad = structuredClone(minimal) as typeof minimal & {
      data: {items: Record<string, unknown>[]};
    };
    bad.data.items[0]!.billingPeriod = {count: 0, unit: 'month'};
    const result = run(['scenario', scenarioFile(bad)]);
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
  ])('exits 2 for %s', (_, content) => {
    const result = run(['scenario', scenarioFile(content)]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for a missing file and for a wrong command line', () => {
    expect(run(['scenario', join(tmpdir(), 'does-not-exist.json')]).status).toBe(2);
    expect(run(['bill', publicScenario]).status).toBe(2);
    expect(run(['scenario']).status).toBe(2);
  });

  it('a refused step is not an exit error: it carries only the error', () => {
    const refused = structuredClone(minimal) as {steps: unknown[]};
    refused.steps = [
      {do: 'run', as: 'r1', config: {periodStart: '2026-02-30', periodEnd: '2026-03-31'}},
    ];
    const output = execFileSync(process.execPath, [bin, 'scenario', scenarioFile(refused)], {
      encoding: 'utf8',
    });
    const step = (JSON.parse(output) as {steps: Record<string, unknown>[]}).steps[0]!;
    expect(step).toEqual({
      do: 'run',
      as: 'r1',
      error: {code: 'INVALID_CONFIG', message: expect.any(String)},
    });
  });
});
