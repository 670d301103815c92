/**
 * The one API of the worker: `InvoiceRunApi` is what the worker exposes through Comlink (and what
 * the in-process entry builds without a worker). `InvoiceRunClient`, what a page gets from
 * `createInvoiceRunClient`, is derived from it: the same methods, with an `AbortSignal` and a
 * progress callback where the API takes a job token and a callback proxy, and live observation in
 * place of `observe`/`unobserve`.
 *
 * Types only: importing this module loads no code.
 */
import type {
  DataSet,
  DraftSelection,
  Filter,
  ImportReport,
  Invoice,
  PreviewResult,
  RecordKind,
  Remaining,
  RestoreResult,
  RunIssues,
  RunProgress,
  RunRecord,
  Schedule,
  Settings,
  StepResult,
} from '@invoice-run/core';

/** A run as the page shows it. */
export interface RunView extends RunRecord {
  /**
   * Storage says `running` (or `pending`) but no live worker holds the run's Web Lock: the worker
   * that ran it crashed or was closed. View Remaining and restore complete it.
   */
  readonly interrupted: boolean;
}

export interface PageRequest {
  /** Default 0. */
  readonly offset?: number;
  /** Default 50, at most 1000. */
  readonly limit?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly offset: number;
  /** How many there are in all. */
  readonly total: number;
}

/** Which drafts of a run: all by default, or those of some subscriptions, accounts or ids. */
export interface InvoiceSelection extends DraftSelection {
  readonly invoiceIds?: readonly string[];
}

export interface RestoreChoice {
  readonly subscriptions?: readonly string[];
  readonly records?: readonly string[];
}

export type ProgressListener = (progress: RunProgress) => void;

/** What CSV export writes: one row per invoice, or one row per invoice line. */
export type CsvExport = 'invoices' | 'lines';

/** The live queries a page can watch. */
export type LiveQuery =
  | {readonly kind: 'runs'; readonly page?: PageRequest}
  | {readonly kind: 'run'; readonly id: string}
  | {readonly kind: 'invoices'; readonly runId: string; readonly page?: PageRequest}
  | {readonly kind: 'counters'};

/** What each live query delivers. */
export interface LiveResults {
  runs: Page<RunView>;
  run: RunView | undefined;
  invoices: Page<Invoice>;
  /** Numbering counters by key (`invoice:2026`, `credit:2026`): the last number handed out. */
  counters: Record<string, number>;
}

export type LiveListener<K extends LiveQuery['kind']> = (value: LiveResults[K]) => void;

/**
 * The worker's API. Every method runs in the worker. Methods that bill take a `job` token (the
 * client aborts a job with `cancel(job)`) and a progress listener, passed as a `Comlink.proxy`.
 * Errors are `InvoiceRunError`s with a stable `code`.
 */
export interface InvoiceRunApi {
  /** Validates a data set and upserts its valid records; reports each rejected one. */
  import(data: unknown): Promise<ImportReport>;
  /** Imports one record kind from CSV (column convention: README). */
  importCsv(kind: RecordKind, csv: string): Promise<ImportReport>;
  /** The whole data set, in the scenario `data` shape. */
  export(): Promise<Required<DataSet>>;
  /** Invoices or lines as CSV, of one run or of all; cells are neutralised against formulas. */
  exportCsv(what: CsvExport, runId?: string): Promise<string>;
  settings(): Promise<Settings>;
  saveSettings(settings: unknown): Promise<Settings>;
  filters(): Promise<Filter[]>;

  startRun(config: unknown, job?: string, onProgress?: ProgressListener): Promise<StepResult>;
  /** One firing of a schedule at local time `at` (`YYYY-MM-DDTHH:MM`), with the merge rule. */
  fireSchedule(
    schedule: unknown,
    at: string,
    job?: string,
    onProgress?: ProgressListener,
  ): Promise<StepResult>;
  preview(config: unknown, job?: string, onProgress?: ProgressListener): Promise<PreviewResult>;
  /** Aborts a job between chunks: only whole invoices stay; the run ends `cancelled`. */
  cancel(job: string): Promise<void>;

  /** Runs, newest first. */
  runs(page?: PageRequest): Promise<Page<RunView>>;
  run(id: string): Promise<RunView>;
  runIssues(id: string): Promise<RunIssues>;
  /** A run's invoices in output order, a page at a time. */
  invoices(runId: string, page?: PageRequest): Promise<Page<Invoice>>;
  /** Finalizes drafts with gap-free numbers; `today` defaults to settings.today or the local date. */
  finalize(runId: string, selection?: InvoiceSelection, today?: string): Promise<Invoice[]>;
  deleteDrafts(runId: string, selection?: InvoiceSelection): Promise<number>;
  remaining(runId: string): Promise<Remaining>;
  restore(
    runId: string,
    chosen: RestoreChoice,
    job?: string,
    onProgress?: ProgressListener,
  ): Promise<RestoreResult>;

  schedules(): Promise<Schedule[]>;
  saveSchedule(schedule: unknown): Promise<Schedule>;
  deleteSchedule(id: string): Promise<boolean>;

  /** Starts a live query; the listener gets its value now and after every change. */
  observe<K extends LiveQuery['kind']>(
    query: Extract<LiveQuery, {kind: K}>,
    listener: LiveListener<K>,
  ): Promise<string>;
  unobserve(subscription: string): Promise<void>;
}

export interface JobOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

/** Stops a live observation. */
export type Unsubscribe = () => void;

type ClientOnly =
  'startRun' | 'fireSchedule' | 'preview' | 'restore' | 'cancel' | 'observe' | 'unobserve';

/** What `createInvoiceRunClient` returns: the API with signals and live observation. */
export interface InvoiceRunClient extends Omit<InvoiceRunApi, ClientOnly> {
  startRun(config: unknown, options?: JobOptions): Promise<StepResult>;
  fireSchedule(schedule: unknown, at: string, options?: JobOptions): Promise<StepResult>;
  preview(config: unknown, options?: JobOptions): Promise<PreviewResult>;
  restore(runId: string, chosen: RestoreChoice, options?: JobOptions): Promise<RestoreResult>;

  observeRuns(listener: LiveListener<'runs'>, page?: PageRequest): Unsubscribe;
  observeRun(id: string, listener: LiveListener<'run'>): Unsubscribe;
  observeInvoices(
    runId: string,
    listener: LiveListener<'invoices'>,
    page?: PageRequest,
  ): Unsubscribe;
  observeCounters(listener: LiveListener<'counters'>): Unsubscribe;

  /** Releases the proxy and terminates the worker; pending calls reject with `WORKER_TERMINATED`. */
  dispose(): Promise<void>;
}

/** Options of one database's service (worker or in-process). */
export interface ServiceSettings {
  /** Subscriptions per stored chunk (one IndexedDB transaction each). Default 100. */
  readonly chunkSize?: number;
}

/** What the worker module exposes: one service per database it is asked to open. */
export interface InvoiceRunWorker {
  open(database: string, settings?: ServiceSettings): InvoiceRunApi;
}
