/**
 * `invoice-run scenario FILE.json [--check] [--store memory|postgres]` (scenarios.md): prints the
 * result document, or with `--check` compares it with the file's expect blocks. Exit codes: 0 done
 * (and matching), 1 a mismatch, 2 a file that is not a valid scenario or a wrong command line.
 *
 * The server commands (`import`, `run`, `runs`, ... over PostgreSQL) and `--store postgres` live
 * in `@invoice-run/postgres`, loaded when asked for: the engine does not depend on a database.
 */
import {existsSync, readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {BillingStore} from '../store/store.js';
import {checkScenario, formatMismatch} from '../scenario/expect.js';
import {InvalidScenarioError, parseScenarioText} from '../scenario/scenario-file.js';
import {runScenario} from '../scenario/scenario-runner.js';

const USAGE = `usage:
  invoice-run scenario FILE.json [--check] [--store memory|postgres]
  invoice-run --version | --help`;

/**
 * Commands `@invoice-run/postgres` brings (its `SERVER_COMMANDS`; a test there checks the two
 * agree). Listed here so that a command line without that package installed says what to install.
 */
export const SERVER_COMMANDS: ReadonlySet<string> = new Set([
  'import',
  'run',
  'follow',
  'runs',
  'remaining',
  'restore',
  'finalize',
  'export',
  'worker',
]);

interface ServerModule {
  serverMain(args: readonly string[], io: unknown): Promise<number>;
  scenarioStore(): Promise<{store: BillingStore; close(): Promise<void>}>;
  SERVER_USAGE: string;
}

const SERVER_PACKAGE = '@invoice-run/postgres';

/** `@invoice-run/postgres` when installed; undefined when it is not. */
async function loadServer(): Promise<ServerModule | undefined> {
  try {
    return (await import(SERVER_PACKAGE)) as ServerModule;
  } catch (error) {
    const code = (error as {code?: string}).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(SERVER_PACKAGE)) return undefined;
    throw error;
  }
}

/** This package's version, from its package.json (one level up in dist, two in src/cli). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 3; up++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as {name?: string; version?: string};
      if (manifest.name === '@invoice-run/core') return manifest.version ?? 'unknown';
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** The host's calendar date: the default "today" of finalization, as a clerk would read it. */
function localToday(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Where the command line writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  readonly stdout: {write(text: string): unknown};
  readonly stderr: {write(text: string): unknown};
}

export async function main(
  args: readonly string[],
  {stdout, stderr}: CliOutput = process,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === '--version' || command === '-v') {
    stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === undefined) {
    const server = await loadServer();
    const usage = server === undefined ? USAGE : `${USAGE}\n${server.SERVER_USAGE}`;
    (command === undefined ? stderr : stdout).write(`${usage}\n`);
    return command === undefined ? 2 : 0;
  }
  if (SERVER_COMMANDS.has(command)) {
    const server = await loadServer();
    if (server === undefined) {
      stderr.write(
        `invoice-run ${command} works on PostgreSQL: install ${SERVER_PACKAGE} beside @invoice-run/core\n`,
      );
      return 2;
    }
    return server.serverMain(args, {
      stdout,
      stderr,
      cwd: process.cwd(),
      today: localToday,
    });
  }
  const check = rest.includes('--check');
  const storeAt = rest.indexOf('--store');
  const storeName = storeAt < 0 ? 'memory' : rest[storeAt + 1];
  const files = rest.filter(
    (arg, index) =>
      arg !== '--check' && (storeAt < 0 || (index !== storeAt && index !== storeAt + 1)),
  );
  const unknownFlag = files.find((arg) => arg.startsWith('-'));
  const wrongStore = storeName !== 'memory' && storeName !== 'postgres';
  if (command !== 'scenario' || files.length !== 1 || unknownFlag !== undefined || wrongStore) {
    const reason =
      unknownFlag !== undefined
        ? `unknown option ${unknownFlag}; `
        : wrongStore
          ? `--store takes memory or postgres; `
          : '';
    stderr.write(`${reason}${USAGE}\n`);
    return 2;
  }
  const file = resolve(files[0]!);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    stderr.write(`invalid scenario: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let scenario;
  try {
    scenario = parseScenarioText(text);
  } catch (error) {
    if (error instanceof InvalidScenarioError) {
      stderr.write(`invalid scenario: ${error.message.replace(/\s+/g, ' ')}\n`);
      return 2;
    }
    throw error;
  }
  let result;
  if (storeName === 'postgres') {
    const server = await loadServer();
    if (server === undefined) {
      stderr.write(`--store postgres needs ${SERVER_PACKAGE} installed\n`);
      return 2;
    }
    const {store, close} = await server.scenarioStore();
    try {
      result = await runScenario(scenario, {today: localToday(), store});
    } finally {
      await close();
    }
  } else {
    result = await runScenario(scenario, {today: localToday()});
  }
  if (!check) {
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const mismatches = checkScenario(scenario.steps, result.steps);
  for (const mismatch of mismatches) stdout.write(`${formatMismatch(mismatch)}\n`);
  const expectations = scenario.steps.filter((step) => step.expect !== undefined).length;
  stdout.write(
    mismatches.length === 0
      ? `ok: ${expectations} of ${scenario.steps.length} steps carry expectations, all match\n`
      : `${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'}\n`,
  );
  return mismatches.length === 0 ? 0 : 1;
}

/** The process as the command line uses it: its arguments, streams and exit code. */
export interface CliProcess extends CliOutput {
  readonly argv: readonly string[];
  exitCode?: number | string | null | undefined;
}

/**
 * What the `invoice-run` bin does: runs `main` with the process's arguments and sets its exit code;
 * an internal error (a bug) prints its stack and exits 3.
 */
export async function runCommandLine(proc: CliProcess): Promise<void> {
  try {
    proc.exitCode = await main(proc.argv.slice(2), proc);
  } catch (error) {
    proc.stderr.write(
      `invoice-run: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    proc.exitCode = 3;
  }
}
