// The command line contract of scenarios.md: output document, --check, exit codes 0/1/2, and
// files run from any path. The contract is `main` with the process's arguments and streams, so it
// is tested in this process (a spawned Node with its TypeScript loader costs a second or more on a
// busy machine); one test spawns the real bin, as `npx invoice-run` does, for the wiring.
import {spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {main} from '../src/cli/main.js';

const bin = join(import.meta.dirname, '../bin/invoice-run.js');
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

/** The real bin in a child process: its exit code and output. */
function spawnBin(
  args: string[],
): Promise<{status: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {cwd: tmpdir()});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (status) => resolve({status, stdout, stderr}));
  });
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
  it('the bin runs the command line in its own process: output and exit code', async () => {
    const wrong = structuredClone(minimal);
    wrong.steps[0]!.expect = {counters: {invoices: 2}};
    const result = await spawnBin(['scenario', scenarioFile(wrong), '--check']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('step 0: steps[0].counters.invoices: expected 2, actual 1');
    expect(result.status).toBe(1);
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
