/**
 * The command line as a server tool: `invoice-run import | run | follow | runs | remaining |
 * restore | finalize | export | worker` over a PostgreSQL database (`--db DIR|URL`; default: a PGlite directory
 * `invoice-run-data` in the working directory). Human output by default, `--json` for machines,
 * a progress bar on a terminal. Exit codes: 0 done, 1 refused (the refusal's code is printed),
 * 2 a wrong command line or unreadable input.
 */
import {readFile} from 'node:fs/promises';
import {basename, resolve} from 'node:path';
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {
  compareIssues,
  InvoiceRunError,
  RECORD_KINDS,
  type CurrencyTotal,
  type Invoice,
  type RecordKind,
  type RunProgress,
} from '@invoice-run/core';
import {isServerUrl} from '../database.js';
import {
  distributedRun,
  followRun,
  runningRunsInParts,
  runWorker,
  type DistributedRunResult,
  type RunInParts,
} from '../distributed.js';
import {interruptedRuns} from '../interrupted-runs.js';
import {openPostgresStore, type PostgresBilling} from '../open.js';
import {ProgressBar} from './progress-bar.js';

export const DEFAULT_DATABASE = 'invoice-run-data';

/** Where the command writes: stdout for results, stderr for progress and refusals. */
export interface CommandIo {
  readonly stdout: Pick<NodeJS.WriteStream, 'write'>;
  readonly stderr: Pick<NodeJS.WriteStream, 'write'> & {readonly isTTY?: boolean};
  readonly cwd: string;
  /** The host's calendar date, for finalization. */
  readonly today: () => string;
}

const COMMON = {
  db: {type: 'string'},
  json: {type: 'boolean', default: false},
} as const satisfies ParseArgsConfig['options'];

export const SERVER_USAGE = `usage:
  invoice-run import FILE [--kind KIND]           JSON data set, or CSV of one record kind
  invoice-run run --period 2026-01 [--invoice-date D] [--subscription-filter ID]
                  [--transaction-filter ID ...] [--generic-filter ID ...] [--title T]
                  [--distributed [--part-size N] [--part-timeout SECONDS] [--retries N]]
                                                  --distributed: the parts go to workers
  invoice-run follow RUN [--part-timeout SECONDS] [--retries N]
                                                  follows a distributed run whose run command
                                                  stopped, and ends it
  invoice-run worker [--maintenance-interval SECONDS] [--scheduler-interval SECONDS]
                                                  bills parts of distributed runs until stopped,
                                                  and fires the stored schedules (0: none)
  invoice-run runs                                the runs, newest first (a distributed run
                                                  that no process follows, or a run whose
                                                  process stopped, says so)
  invoice-run remaining RUN                       what re-running RUN would bill now
  invoice-run restore RUN (--all | [--subscription ID ...] [--record ID ...])
  invoice-run finalize RUN [--subscription ID ...] [--today YYYY-MM-DD]
  invoice-run export [--run RUN] [--format json|invoices.csv|lines.csv]
options of every command:
  --db DIR|URL    a PGlite directory (default ./${DEFAULT_DATABASE}) or a postgres:// URL
  --json          the result as JSON on stdout (no progress bar)`;

type Command = (args: readonly string[], io: CommandIo) => Promise<number>;

/** Each server command and what runs it. */
const COMMANDS: Readonly<Record<string, Command>> = {
  import: importCommand,
  run: runCommand,
  follow: followCommand,
  runs: runsCommand,
  remaining: remainingCommand,
  restore: restoreCommand,
  finalize: finalizeCommand,
  export: exportCommand,
  worker: workerCommand,
};

export const SERVER_COMMANDS: readonly string[] = Object.keys(COMMANDS);

class UsageError extends Error {}

/** Runs one server command; resolves with the exit code. */
export async function serverMain(args: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    const run =
      command === undefined || !Object.hasOwn(COMMANDS, command) ? undefined : COMMANDS[command];
    if (run === undefined) throw new UsageError(`unknown command ${command ?? '(none)'}`);
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${SERVER_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  positionals: number,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {...COMMON, ...options},
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(
      positionals === 0
        ? `unexpected argument ${parsed.positionals[0]}`
        : `expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`,
    );
  }
  return parsed;
}

/** Opens the database of `--db`, runs `work`, reports a refusal, closes. */
async function withBilling(
  values: {db?: string | undefined; json?: boolean | undefined},
  io: CommandIo,
  work: (billing: PostgresBilling) => Promise<unknown>,
  human: (result: never) => string,
): Promise<number> {
  const target = values.db ?? resolve(io.cwd, DEFAULT_DATABASE);
  const billing = await openPostgresStore(target);
  try {
    const result = await work(billing);
    io.stdout.write(
      values.json ? `${JSON.stringify(result, null, 2)}\n` : `${human(result as never)}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof InvoiceRunError)) throw error;
    const refusal = {code: error.code, message: error.message, faults: error.faults};
    if (values.json) io.stdout.write(`${JSON.stringify({error: refusal}, null, 2)}\n`);
    io.stderr.write(
      `refused: ${error.code}: ${error.message}${error.faults.map((fault) => `\n  ${fault.path}: ${fault.message}`).join('')}\n`,
    );
    return 1;
  } finally {
    await billing.close();
  }
}

/** Writing commands take turns with other processes on a server (an advisory lock). */
function exclusive<T>(billing: PostgresBilling, work: () => Promise<T>): Promise<T> {
  return billing.db.exclusive('invoice-run:billing', work);
}

function progressOf(io: CommandIo, json: boolean | undefined) {
  if (json || io.stderr.isTTY !== true) return {onProgress: undefined, done: () => undefined};
  const bar = new ProgressBar(io.stderr);
  return {
    onProgress: (progress: RunProgress) => bar.update(progress),
    done: () => bar.clear(),
  };
}

// ----- import -----

async function importCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values, positionals} = parse(args, {kind: {type: 'string'}}, 1);
  const file = resolve(io.cwd, positionals[0]!);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const csv = file.toLowerCase().endsWith('.csv');
  let data: unknown;
  let csvRejected: unknown[] = [];
  if (csv) {
    const kind = values.kind ?? basename(file).replace(/\.csv$/i, '');
    if (!(RECORD_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(
        `say which records the CSV holds: --kind ${RECORD_KINDS.join('|')} (or name the file accounts.csv, ...)`,
      );
    }
    const {parseRecordsCsv} = await import('@invoice-run/core/csv.js');
    const parsed = parseRecordsCsv(kind as RecordKind, text);
    data = {[kind]: parsed.records};
    csvRejected = [...parsed.rejected];
  } else {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
    }
  }
  return withBilling(
    values,
    io,
    (billing) =>
      exclusive(billing, async () => {
        const report = await billing.engine.import(data);
        return {...report, rejected: [...csvRejected, ...report.rejected]};
      }),
    (report: {
      stored: number;
      rejected: {kind: string; id: string; path: string; message: string}[];
    }) =>
      [
        `stored ${report.stored} record${report.stored === 1 ? '' : 's'}, rejected ${report.rejected.length}`,
        ...report.rejected.map(
          (rejection) =>
            `  ${rejection.kind} ${rejection.id}: ${rejection.path}: ${rejection.message}`,
        ),
      ].join('\n'),
  );
}

// ----- run -----

/** `2026-01` (a month) or `2026-01-01..2026-03-31`. */
export function parsePeriod(text: string): {periodStart: string; periodEnd: string} {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month !== null) {
    const [year, monthNumber] = [Number(month[1]), Number(month[2])];
    if (monthNumber < 1 || monthNumber > 12) throw new UsageError(`${text} is not a month`);
    const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    return {periodStart: `${text}-01`, periodEnd: `${text}-${String(last).padStart(2, '0')}`};
  }
  const span = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (span !== null) return {periodStart: span[1]!, periodEnd: span[2]!};
  throw new UsageError(`--period takes a month (2026-01) or a span (2026-01-01..2026-01-31)`);
}

async function runCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values} = parse(
    args,
    {
      period: {type: 'string'},
      'invoice-date': {type: 'string'},
      'subscription-filter': {type: 'string'},
      'transaction-filter': {type: 'string', multiple: true},
      'generic-filter': {type: 'string', multiple: true},
      title: {type: 'string'},
      distributed: {type: 'boolean', default: false},
      'part-size': {type: 'string'},
      'part-timeout': {type: 'string'},
      retries: {type: 'string'},
      'maintenance-interval': {type: 'string'},
    },
    0,
  );
  if (values.period === undefined) throw new UsageError('run needs --period');
  const partOptions = ['part-size', 'part-timeout', 'retries', 'maintenance-interval'] as const;
  if (!values.distributed && partOptions.some((name) => values[name] !== undefined)) {
    throw new UsageError(
      `--${partOptions.find((name) => values[name] !== undefined)} needs --distributed`,
    );
  }
  const config = {
    ...parsePeriod(values.period),
    invoiceDate: values['invoice-date'],
    subscriptionFilter: values['subscription-filter'],
    transactionFilters: values['transaction-filter'] ?? [],
    genericFilters: values['generic-filter'] ?? [],
    title: values.title,
  };
  const progress = progressOf(io, values.json);
  if (values.distributed) {
    const url = serverUrl(values.db, 'run --distributed');
    return withBilling(
      values,
      io,
      async (billing) => {
        try {
          const result = await distributedRun(billing, url, config, {
            ...optional('partSize', wholeNumber(values['part-size'], '--part-size')),
            ...queueOptions(values),
            ...followHint(io, values.json),
            ...(progress.onProgress === undefined ? {} : {onProgress: progress.onProgress}),
          });
          return await distributedSummary(billing, result);
        } finally {
          progress.done();
        }
      },
      runSummary,
    );
  }
  return withBilling(
    values,
    io,
    (billing) =>
      exclusive(billing, async () => {
        try {
          const result = await billing.engine.startRun(
            config,
            progress.onProgress === undefined ? {} : {onProgress: progress.onProgress},
          );
          return {
            run: result.run.id,
            status: result.status,
            config: result.config,
            counters: result.counters,
            totals: result.totals,
            errors: result.errors,
            warnings: result.warnings,
          };
        } finally {
          progress.done();
        }
      }),
    runSummary,
  );
}

/** The queue's options that `run --distributed` and `follow` share. */
function queueOptions(values: {
  'part-timeout'?: string | undefined;
  retries?: string | undefined;
  'maintenance-interval'?: string | undefined;
}) {
  return {
    ...optional('partTimeoutSeconds', wholeNumber(values['part-timeout'], '--part-timeout')),
    ...optional('retries', wholeNumber(values.retries, '--retries', 0)),
    ...optional(
      'maintenanceIntervalSeconds',
      wholeNumber(values['maintenance-interval'], '--maintenance-interval'),
    ),
  };
}

/**
 * For people: once the parts are on the queue, how to take the run over should this process
 * stop (the workers go on billing it; `follow` ends it).
 */
function followHint(io: CommandIo, json: boolean | undefined) {
  if (json) return {};
  return {
    onPlanned: (run: {id: string}, parts: number) =>
      io.stderr.write(
        `${run.id}: ${count(parts, 'part')} on the queue; should this process stop, the workers go on and \`invoice-run follow ${run.id}\` (with the same --db) ends the run\n`,
      ),
  };
}

async function distributedSummary(billing: PostgresBilling, result: DistributedRunResult) {
  const issues = await billing.store.readRunIssues(result.run.id);
  return {
    run: result.run.id,
    status: result.run.status,
    config: result.config,
    parts: result.parts,
    enqueued: result.enqueued,
    counters: result.run.counters,
    totals: result.run.totals,
    errors: [...issues.errors].sort(compareIssues),
    warnings: [...issues.warnings].sort(compareIssues),
  };
}

// ----- follow -----

/**
 * Takes over a distributed run whose `run --distributed` stopped: puts back on the queue what
 * its planner did not get there, follows the parts (progress bar, `--json`) and ends the run,
 * with the output and exit codes of `run`.
 */
async function followCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values, positionals} = parse(
    args,
    {
      'part-timeout': {type: 'string'},
      retries: {type: 'string'},
      'maintenance-interval': {type: 'string'},
    },
    1,
  );
  const url = serverUrl(values.db, 'follow');
  const options = queueOptions(values);
  const progress = progressOf(io, values.json);
  return withBilling(
    values,
    io,
    async (billing) => {
      try {
        const result = await followRun(billing, url, positionals[0]!, {
          ...options,
          ...(progress.onProgress === undefined ? {} : {onProgress: progress.onProgress}),
        });
        return await distributedSummary(billing, result);
      } finally {
        progress.done();
      }
    },
    runSummary,
  );
}

function runSummary(result: {
  run: string;
  status: string;
  counters: {invoices: number; credits: number; lines: number; errors: number};
  totals: readonly CurrencyTotal[];
  warnings: readonly unknown[];
}): string {
  return `${result.run} ${result.status}: ${count(result.counters.invoices, 'invoice')}, ${count(result.counters.credits, 'credit')}, ${count(result.counters.lines, 'line')}, ${count(result.counters.errors, 'error')}, ${count(result.warnings.length, 'warning')}${totalsText(result.totals)}`;
}

/** The `--db` of a command that needs a server several processes share. */
function serverUrl(db: string | undefined, command: string): string {
  if (db === undefined || !isServerUrl(db)) {
    throw new UsageError(
      `${command} needs --db postgres://...: processes share a server, not a PGlite directory`,
    );
  }
  return db;
}

function wholeNumber(text: string | undefined, name: string, least = 1): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) {
    throw new UsageError(`${name} takes a whole number of at least ${least}`);
  }
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): {[P in K]?: V} {
  return (value === undefined ? {} : {[key]: value}) as {[P in K]?: V};
}

// ----- worker -----

/**
 * Bills parts of distributed runs until SIGINT or SIGTERM, then lets the part in hand finish.
 * Writes one line per part (`--json`: one JSON object per line, and `{"event":"ready"}` first).
 */
async function workerCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values} = parse(
    args,
    {'maintenance-interval': {type: 'string'}, 'scheduler-interval': {type: 'string'}},
    0,
  );
  const url = serverUrl(values.db, 'worker');
  const maintenance = wholeNumber(values['maintenance-interval'], '--maintenance-interval');
  const schedulerInterval = wholeNumber(values['scheduler-interval'], '--scheduler-interval', 0);
  // Heard from now on, before anyone is told the worker is ready, and until it has stopped: a
  // signal that came before its handler (a parent that stops a worker as soon as it reads
  // "ready") or a second one while the part in hand finishes would end the process by signal,
  // with the part in hand lost.
  const stopping = stopSignal();
  const billing = await openPostgresStore(url, {
    applicationName: `invoice-run worker ${process.pid}`,
  }).catch((error: unknown) => {
    stopping.dispose();
    throw error;
  });
  const say = (event: Record<string, unknown>, human: string) =>
    io.stdout.write(values.json ? `${JSON.stringify(event)}\n` : `${human}\n`);
  try {
    const worker = await runWorker(billing, url, {
      ...optional('maintenanceIntervalSeconds', maintenance),
      ...optional('schedulerIntervalSeconds', schedulerInterval),
      onSchedulerCheck: (check) =>
        say(
          {
            event: 'schedules',
            fired: check.fired.map(({scheduleId, at, runId}) => ({scheduleId, at, runId})),
            skipped: check.skipped.length,
            refused: check.refused.map(({scheduleId, at, reason}) => ({scheduleId, at, reason})),
            failed: check.failed.length,
          },
          [
            ...check.fired.map(
              (firing) => `schedule ${firing.scheduleId} fired ${firing.at} into ${firing.runId}`,
            ),
            ...check.refused.map(
              (firing) => `schedule ${firing.scheduleId} refused ${firing.at}: ${firing.reason}`,
            ),
            ...(check.skipped.length > 0
              ? [`${count(check.skipped.length, 'firing')} skipped`]
              : []),
          ].join('\n'),
        ),
      onBegin: ({runId, part}) =>
        say({event: 'begin', run: runId, part}, `${runId} part ${part}: billing`),
      onPart: ({runId, part, stored, invoices}) =>
        say(
          {event: 'part', run: runId, part, stored, invoices},
          stored
            ? `${runId} part ${part}: ${count(invoices, 'invoice')}`
            : `${runId} part ${part}: stored before, nothing added`,
        ),
    });
    say(
      {event: 'ready', pid: process.pid},
      `worker ${process.pid} ready on ${billing.db.description}`,
    );
    await stopping.received;
    await worker.stop();
    say({event: 'stopped'}, 'worker stopped');
    return 0;
  } finally {
    await billing.close();
    stopping.dispose();
  }
}

/**
 * SIGINT and SIGTERM, heard from the call on: `received` resolves at the first; later ones are
 * heard and ignored (the stop is under way) until `dispose`.
 */
function stopSignal(): {received: Promise<void>; dispose(): void} {
  let resolve!: () => void;
  const received = new Promise<void>((done) => (resolve = done));
  const heard = () => resolve();
  process.on('SIGINT', heard);
  process.on('SIGTERM', heard);
  return {
    received,
    dispose() {
      process.off('SIGINT', heard);
      process.off('SIGTERM', heard);
    },
  };
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en')} ${noun}${value === 1 ? '' : 's'}`;
}

function totalsText(totals: readonly CurrencyTotal[]): string {
  return totals
    .map(
      (total) => `\n  ${total.currency} net ${total.net}, tax ${total.tax}, gross ${total.gross}`,
    )
    .join('');
}

// ----- runs, remaining, restore, finalize -----

async function runsCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values} = parse(args, {}, 0);
  return withBilling(
    values,
    io,
    async (billing) => {
      const inParts = await runningRunsInParts(billing);
      const interrupted = await interruptedRuns(billing);
      return (await billing.store.readRuns())
        .sort((a, b) => b.sequence - a.sequence)
        .map((run) => ({
          id: run.id,
          status: run.status,
          origin: run.origin,
          periodStart: run.config.periodStart,
          periodEnd: run.config.periodEnd,
          createdAt: run.createdAt,
          current: run.current,
          counters: run.counters,
          ...optional('distributed', inParts.get(run.id)),
          ...(interrupted.has(run.id) ? {interrupted: true} : {}),
        }));
    },
    (
      runs: {
        id: string;
        status: string;
        periodStart: string;
        periodEnd: string;
        current: {
          invoices: number;
          credits: number;
          drafts: number;
          totals: readonly CurrencyTotal[];
        };
        distributed?: RunInParts;
        interrupted?: boolean;
      }[],
    ) =>
      runs.length === 0
        ? 'no runs yet'
        : runs
            .map(
              (run) =>
                `${run.id}  ${run.periodStart}..${run.periodEnd}  ${run.status}${inPartsText(run.id, run.distributed)}${run.interrupted === true ? ` (interrupted: its process stopped; invoice-run restore ${run.id} --all bills the rest)` : ''}  ${count(run.current.invoices, 'invoice')}, ${count(run.current.credits, 'credit')} (${run.current.drafts.toLocaleString('en')} draft)${run.current.totals.map((total) => `  ${total.currency} ${total.gross}`).join('')}`,
            )
            .join('\n'),
  );
}

/** How far a running distributed run is, and what to do when no process follows it. */
function inPartsText(runId: string, inParts: RunInParts | undefined): string {
  if (inParts === undefined) return '';
  const stored = `${inParts.stored.toLocaleString('en')} of ${count(inParts.parts, 'part')} stored`;
  return inParts.followed
    ? ` (distributed, ${stored})`
    : ` (distributed, ${stored}, not followed: invoice-run follow ${runId})`;
}

async function remainingCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values, positionals} = parse(args, {}, 1);
  const progress = progressOf(io, values.json);
  return withBilling(
    values,
    io,
    async (billing) => {
      try {
        const remaining = await billing.engine.remaining(
          positionals[0]!,
          progress.onProgress === undefined ? {} : {onProgress: progress.onProgress},
        );
        return {
          run: remaining.run.id,
          subscriptions: remaining.subscriptions,
          records: remaining.records,
        };
      } finally {
        progress.done();
      }
    },
    (remaining: {run: string; subscriptions: {id: string}[]; records: {id: string}[]}) =>
      `${remaining.run}: ${count(remaining.subscriptions.length, 'subscription')} and ${count(remaining.records.length, 'record')} remain${[
        ...remaining.subscriptions.slice(0, 20).map((row) => `\n  subscription ${row.id}`),
        ...remaining.records.slice(0, 20).map((row) => `\n  record ${row.id}`),
      ].join(
        '',
      )}${remaining.subscriptions.length + remaining.records.length > 40 ? '\n  … (--json lists all)' : ''}`,
  );
}

async function restoreCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values, positionals} = parse(
    args,
    {
      all: {type: 'boolean', default: false},
      subscription: {type: 'string', multiple: true},
      record: {type: 'string', multiple: true},
    },
    1,
  );
  if (!values.all && values.subscription === undefined && values.record === undefined) {
    throw new UsageError('restore needs --all, or the --subscription and --record ids to bill');
  }
  const progress = progressOf(io, values.json);
  const runId = positionals[0]!;
  return withBilling(
    values,
    io,
    (billing) =>
      exclusive(billing, async () => {
        try {
          let chosen = {subscriptions: values.subscription ?? [], records: values.record ?? []};
          if (values.all) {
            const remaining = await billing.engine.remaining(runId);
            chosen = {
              subscriptions: remaining.subscriptions.map((row) => row.id),
              records: remaining.records.map((row) => row.id),
            };
          }
          const result = await billing.engine.restore(
            runId,
            chosen,
            progress.onProgress === undefined ? {} : {onProgress: progress.onProgress},
          );
          return {
            run: result.run.id,
            status: result.status,
            counters: result.counters,
            totals: result.totals,
            errors: result.errors,
            skipped: result.skipped,
          };
        } finally {
          progress.done();
        }
      }),
    (result: {
      run: string;
      counters: {invoices: number; credits: number};
      totals: readonly CurrencyTotal[];
      skipped: readonly string[];
    }) =>
      `restored into ${result.run}: ${count(result.counters.invoices, 'invoice')}, ${count(result.counters.credits, 'credit')}${result.skipped.length > 0 ? `; not remaining, skipped: ${result.skipped.join(', ')}` : ''}${totalsText(result.totals)}`,
  );
}

async function finalizeCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values, positionals} = parse(
    args,
    {subscription: {type: 'string', multiple: true}, today: {type: 'string'}},
    1,
  );
  return withBilling(
    values,
    io,
    (billing) =>
      exclusive(billing, async () => {
        const drafts = await billing.engine.draftsOfRun(
          positionals[0]!,
          values.subscription === undefined ? {} : {subscriptions: values.subscription},
        );
        const today = values.today ?? (await billing.engine.settings()).today ?? io.today();
        const finalized = await billing.engine.finalize(drafts, today);
        return finalized.map((invoice) => ({
          id: invoice.id,
          number: invoice.number,
          invoiceDate: invoice.invoiceDate,
          dueDate: invoice.dueDate,
          account: invoice.accountId,
          subscription: invoice.subscriptionId,
          currency: invoice.currency,
          gross: invoice.gross,
        }));
      }),
    (finalized: {number: string}[]) =>
      finalized.length === 0
        ? 'no drafts to finalize'
        : `finalized ${count(finalized.length, 'invoice')}: ${finalized[0]!.number}${finalized.length > 1 ? ` … ${finalized[finalized.length - 1]!.number}` : ''}`,
  );
}

// ----- export -----

async function exportCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const {values} = parse(args, {run: {type: 'string'}, format: {type: 'string'}}, 0);
  const format = values.format ?? 'json';
  if (!['json', 'invoices.csv', 'lines.csv'].includes(format)) {
    throw new UsageError(`--format takes json, invoices.csv or lines.csv`);
  }
  const target = values.db ?? resolve(io.cwd, DEFAULT_DATABASE);
  const billing = await openPostgresStore(target);
  try {
    if (format === 'json' && values.run === undefined) {
      const data = await billing.store.exportData();
      io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return 0;
    }
    let invoices: Invoice[];
    try {
      invoices =
        values.run === undefined
          ? await billing.engine.allInvoices()
          : (await billing.engine.existingRun(values.run),
            await billing.engine.invoicesOfRun(values.run));
    } catch (error) {
      if (!(error instanceof InvoiceRunError)) throw error;
      io.stderr.write(`refused: ${error.code}: ${error.message}\n`);
      return 1;
    }
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(invoices, null, 2)}\n`);
      return 0;
    }
    const {invoicesToCsv, linesToCsv} = await import('@invoice-run/core/csv.js');
    io.stdout.write(format === 'lines.csv' ? linesToCsv(invoices) : invoicesToCsv(invoices));
    return 0;
  } finally {
    await billing.close();
  }
}
