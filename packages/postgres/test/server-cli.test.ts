/**
 * The server commands, as a host runs them one after the other on one PGlite directory: import,
 * run, runs, remaining, restore, finalize, export; refusals and wrong command lines.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {SERVER_COMMANDS, serverMain, type CommandIo} from '../src/cli/server-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'invoice-run-cli-'));
const db = join(dir, 'data');

afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function cli(args: string[], tty = false) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: {write: (text: string) => ((stdout += text), true)},
    stderr: {write: (text: string) => ((stderr += text), true), isTTY: tty},
    cwd: dir,
    today: () => '2026-02-05',
  };
  const code = await serverMain([...args, '--db', db], io);
  return {code, stdout, stderr};
}

const DATA = {
  accounts: [
    {id: 'a1', name: 'Acme'},
    {id: 'a2', name: 'Beta'},
  ],
  subscriptions: [
    {id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'},
    {id: 's2', accountId: 'a2', number: 'S-2', startDate: '2026-01-01'},
  ],
  items: ['s1', 's2'].map((sub, n) => ({
    id: `i${n + 1}`,
    subscriptionId: sub,
    description: 'Plan',
    billingType: 'recurring',
    unitPrice: '30',
    taxRate: '19',
    billingPeriod: {count: 1, unit: 'month'},
    startDate: '2026-01-01',
  })),
};

describe('invoice-run as a server tool', () => {
  it('imports a JSON data set and a CSV of one record kind', async () => {
    writeFileSync(join(dir, 'data.json'), JSON.stringify(DATA));
    const json = await cli(['import', 'data.json']);
    expect([json.code, json.stdout.trim()]).toEqual([0, 'stored 6 records, rejected 0']);
    writeFileSync(join(dir, 'accounts.csv'), 'id,name\na3,Gamma\n,Nameless\n');
    const csv = await cli(['import', 'accounts.csv', '--json']);
    expect(csv.code).toBe(0);
    const report = JSON.parse(csv.stdout);
    expect(report.stored).toBe(1);
    expect(report.rejected).toEqual([expect.objectContaining({kind: 'accounts', path: 'id'})]);
  });

  it('runs a month, with a progress bar on a terminal, and reports it', async () => {
    const run = await cli(['run', '--period', '2026-01', '--invoice-date', '2026-02-01'], true);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('run-1 completed: 2 invoices, 0 credits, 2 lines, 0 errors');
    expect(run.stdout).toContain('EUR net 60.00, tax 11.40, gross 71.40');
    expect(run.stderr).toMatch(/subscriptions/);
    const runs = await cli(['runs', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([
      expect.objectContaining({
        id: 'run-1',
        status: 'completed',
        current: expect.objectContaining({invoices: 2, drafts: 2}),
      }),
    ]);
  });

  it('refuses a run with its code: exit 1, the code on stderr, and as JSON', async () => {
    const refused = await cli(['run', '--period', '2026-02', '--transaction-filter', 'nope']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^refused: UNKNOWN_FILTER: /);
    const json = await cli([
      'run',
      '--period',
      '2026-02',
      '--transaction-filter',
      'nope',
      '--json',
    ]);
    expect(JSON.parse(json.stdout).error.code).toBe('UNKNOWN_FILTER');
  });

  it('lists what remains, restores it, finalizes and exports', async () => {
    expect(JSON.parse((await cli(['remaining', 'run-1', '--json'])).stdout).subscriptions).toEqual(
      [],
    );
    // A subscription imported after the run remains, and a restore bills it into the run.
    writeFileSync(
      join(dir, 'late.json'),
      JSON.stringify({
        subscriptions: [{id: 's3', accountId: 'a3', number: 'S-3', startDate: '2026-01-01'}],
        items: [{...DATA.items[0], id: 'i3', subscriptionId: 's3'}],
      }),
    );
    await cli(['import', 'late.json']);
    const remaining = await cli(['remaining', 'run-1']);
    expect(remaining.stdout).toContain('run-1: 1 subscription and 0 records remain');
    const restored = await cli(['restore', 'run-1', '--all']);
    expect([restored.code, restored.stdout.split('\n')[0]]).toEqual([
      0,
      'restored into run-1: 1 invoice, 0 credits',
    ]);
    const finalized = await cli(['finalize', 'run-1', '--json']);
    expect(JSON.parse(finalized.stdout).map((invoice: {number: string}) => invoice.number)).toEqual(
      ['INV-2026-00001', 'INV-2026-00002', 'INV-2026-00003'],
    );
    const lines = await cli(['export', '--run', 'run-1', '--format', 'lines.csv']);
    expect(lines.stdout.trim().split('\n')).toHaveLength(4);
    const data = JSON.parse((await cli(['export'])).stdout);
    expect(data.subscriptions.map((sub: {id: string}) => sub.id)).toEqual(['s1', 's2', 's3']);
  });

  it('says what is wrong with a command line: exit 2 and the usage', async () => {
    for (const args of [
      ['run'],
      ['run', '--period', '2026-13'],
      ['frobnicate'],
      ['restore', 'run-1'],
    ]) {
      const wrong = await cli(args);
      expect([wrong.code, wrong.stderr.includes('usage:')], args.join(' ')).toEqual([2, true]);
    }
  });
});

describe('the invoice-run command', () => {
  it('runs a scenario on PGlite with --store postgres, as the conformance check does', async () => {
    const {spawnSync} = await import('node:child_process');
    const root = join(import.meta.dirname, '../../..');
    const result = spawnSync(
      join(root, 'node_modules/.bin/invoice-run'),
      [
        'scenario',
        join(root, 'test/scenarios/07-edit-drafts.json'),
        '--check',
        '--store',
        'postgres',
      ],
      {encoding: 'utf8'},
    );
    expect([result.status, result.stdout.trim()]).toEqual([
      0,
      'ok: 11 of 11 steps carry expectations, all match',
    ]);
  });

  it('runs across processes only on a server, and takes the part options only with --distributed', async () => {
    const distributed = await cli(['run', '--period', '2026-01', '--distributed']);
    expect(distributed.code).toBe(2);
    expect(distributed.stderr).toMatch(/run --distributed needs --db postgres:/);
    const worker = await cli(['worker']);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/worker needs --db postgres:/);
    const partSize = await cli(['run', '--period', '2026-01', '--part-size', '10']);
    expect(partSize.code).toBe(2);
    expect(partSize.stderr).toMatch(/--part-size needs --distributed/);
    const follow = await cli(['follow', 'run-1']);
    expect(follow.code).toBe(2);
    expect(follow.stderr).toMatch(/follow needs --db postgres:/);
    const noRun = await cli(['follow']);
    expect([noRun.code, noRun.stderr]).toEqual([2, expect.stringMatching(/^expected 1 argument/)]);
  });

  it('is dispatched by the core command line for every server command', async () => {
    const core = await import('../../core/src/cli/main.js');
    expect([...core.SERVER_COMMANDS].sort()).toEqual([...SERVER_COMMANDS].sort());
  });
});
