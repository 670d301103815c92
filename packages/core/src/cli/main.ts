/**
 * `invoice-run scenario FILE.json [--check]` (scenarios.md): prints the result document, or with
 * `--check` compares it with the file's expect blocks. Exit codes: 0 done (and matching), 1 a
 * mismatch, 2 a file that is not a valid scenario or a wrong command line.
 */
import {readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {checkScenario, formatMismatch} from '../scenario/expect.js';
import {InvalidScenarioError, parseScenarioText} from '../scenario/scenario-file.js';
import {runScenario} from '../scenario/scenario-runner.js';

const USAGE = 'usage: invoice-run scenario FILE.json [--check]';

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
  if (command === '--help' || command === '-h') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  const check = rest.includes('--check');
  const files = rest.filter((arg) => arg !== '--check');
  const unknownFlag = files.find((arg) => arg.startsWith('-'));
  if (command !== 'scenario' || files.length !== 1 || unknownFlag !== undefined) {
    stderr.write(`${unknownFlag === undefined ? '' : `unknown option ${unknownFlag}; `}${USAGE}\n`);
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
  const result = await runScenario(scenario, {today: localToday()});
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
