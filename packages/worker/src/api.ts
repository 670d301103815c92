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
  Account,
  FiredFiring,
  ScheduleOverview,
  SchedulerCheck,
  UpcomingFiring,
  DataSet,
  DataSetInput,
  DraftChangeInput,
  DraftSelection,
  EditOptions,
  Filter,
  FiringRecord,
  ImportReport,
  Invoice,
  PreviewResult,
  RecordKind,
  Remaining,
  RemainingSubscription,
  RestoreResult,
  RunIssues,
  RunProgress,
  RunRecord,
  RunConfigInput,
  Schedule,
  ScheduleInput,
  Settings,
  StepResult,
  Transaction,
} from '@invoice-run/core';

/**
 * What a host passes in for a schema's input type `T`: the same shape, with lists and objects that
 * may be read-only (a frozen config, a run's resolved config). A typo such as `periodStrat` does
 * not compile; data of unknown shape is still validated in the worker, field by field.
 */
export type Input<T> = T extends readonly (infer E)[]
  ? readonly Input<E>[]
  : T extends object
    ? {readonly [K in keyof T]: Input<T[K]>}
    : T;

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

/**
 * A billing job waits for the database's lock while another tab or worker bills (only one bills
 * at a time): reported once, before the job's first progress of its own.
 */
export interface WaitingProgress {
  readonly phase: 'waiting';
  readonly done: 0;
  readonly total: -1;
}

/** A job's progress: waiting for another tab's or worker's billing, or the pass's own. */
export type JobProgress = RunProgress | WaitingProgress;

export type ProgressListener = (progress: JobProgress) => void;

/**
 * Receives View Remaining's subscriptions a chunk at a time, as the worker makes them, by
 * ascending id: each call's rows come after the previous call's, and all calls together are the
 * result's `subscriptions`.
 */
export type RemainingListener = (rows: readonly RemainingSubscription[]) => void;

/** What CSV export writes: one row per invoice, or one row per invoice line. */
export type CsvExport = 'invoices' | 'lines';

/**
 * What View Remaining of a run depends on, live: the run, whether a newer run of its selection
 * exists, and a version that goes up whenever what remains may have changed.
 */
export interface RemainingWatch {
  /** The run as it is now; `undefined` once it does not exist (a new database, for one). */
  readonly run: RunView | undefined;
  /**
   * The newest run of the same filter selection, when it is newer than this one: View Remaining
   * and restore of this run are then refused (`RUN_NOT_LATEST`).
   */
  readonly newer: RunView | undefined;
  /**
   * 0 at first, one more at each change that can change what remains: of the run (its invoices
   * deleted, restored, finalized or edited, a pass into it ending), of the runs of its selection,
   * and of the data (imports, filters, settings), by this tab or any other.
   */
  readonly version: number;
}

/** The live queries a page can watch. */
export type LiveQuery =
  | {readonly kind: 'runs'; readonly page?: PageRequest}
  | {readonly kind: 'run'; readonly id: string}
  | {readonly kind: 'remaining'; readonly id: string}
  | {readonly kind: 'invoices'; readonly runId: string; readonly page?: PageRequest}
  | {readonly kind: 'invoiceChanges'; readonly runId: string}
  | {readonly kind: 'counters'};

/**
 * Which of a run's invoices changed, by this tab or any other: what a page holding the run's
 * invoices needs to stay current without reading them all again. The first delivery says the
 * observation has begun (nothing changed yet): what is read after it cannot miss a change.
 */
export interface InvoiceChanges {
  /** The run's invoices that changed (or were added), as they are now. */
  readonly changed: readonly Invoice[];
  /** Ids that changed and are no invoice of the run any more (deleted, or of another run). */
  readonly removed: readonly string[];
  /** Too many changed at once to say which (a run's chunk, a bulk finalize): read them again. */
  readonly all: boolean;
}

/** What each live query delivers. */
export interface LiveResults {
  runs: Page<RunView>;
  run: RunView | undefined;
  remaining: RemainingWatch;
  invoices: Page<Invoice>;
  invoiceChanges: InvoiceChanges;
  /** Numbering counters by key (`invoice:2026`, `credit:2026`): the last number handed out. */
  counters: Record<string, number>;
}

export type LiveListener<K extends LiveQuery['kind']> = (value: LiveResults[K]) => void;

/** The scheduler's types live in core (its scheduler runs on every store); re-exported here. */
export type {FiredFiring, ScheduleOverview, SchedulerCheck, UpcomingFiring};

/**
 * The worker's API. Every method runs in the worker. Methods that bill take a `job` token (the
 * client aborts a job with `cancel(job)`) and a progress listener, passed as a `Comlink.proxy`.
 * Errors are `InvoiceRunError`s with a stable `code`.
 */
export interface InvoiceRunApi {
  /**
   * Validates a data set and upserts its valid records; reports each rejected one. Typed with the
   * schema's input type; data of unknown shape (JSON from elsewhere) is validated all the same.
   */
  import(data: Input<DataSetInput>): Promise<ImportReport>;
  /** Imports one record kind from CSV (column convention: README). */
  importCsv(kind: RecordKind, csv: string): Promise<ImportReport>;
  /** The whole data set, in the scenario `data` shape. */
  export(): Promise<Required<DataSet>>;
  /** Invoices or lines as CSV, of one run or of all; cells are neutralised against formulas. */
  exportCsv(what: CsvExport, runId?: string): Promise<string>;
  settings(): Promise<Settings>;
  saveSettings(settings: unknown): Promise<Settings>;
  filters(): Promise<Filter[]>;
  /**
   * The stored accounts among `ids` (at most 1000), in the order asked, each once; ids that name no
   * account are left out. What an invoice document reads for its buyer.
   */
  accounts(ids: readonly string[]): Promise<Account[]>;

  startRun(
    config: Input<RunConfigInput>,
    job?: string,
    onProgress?: ProgressListener,
  ): Promise<StepResult>;
  /** One firing of a schedule at local time `at` (`YYYY-MM-DDTHH:MM`), with the merge rule. */
  fireSchedule(
    schedule: unknown,
    at: string,
    job?: string,
    onProgress?: ProgressListener,
  ): Promise<StepResult>;
  preview(
    config: Input<RunConfigInput>,
    job?: string,
    onProgress?: ProgressListener,
  ): Promise<PreviewResult>;
  /** Aborts a job between chunks: only whole invoices stay; the run ends `cancelled`. */
  cancel(job: string): Promise<void>;

  /** Runs, newest first. */
  runs(page?: PageRequest): Promise<Page<RunView>>;
  run(id: string): Promise<RunView>;
  runIssues(id: string): Promise<RunIssues>;
  /** A run's invoices in output order, a page at a time. */
  invoices(runId: string, page?: PageRequest): Promise<Page<Invoice>>;
  /** One invoice as it is stored now; `INVOICE_NOT_FOUND` when it does not exist (any more). */
  invoice(id: string): Promise<Invoice>;
  /** Finalizes drafts with gap-free numbers; `today` defaults to settings.today or the local date. */
  finalize(runId: string, selection?: InvoiceSelection, today?: string): Promise<Invoice[]>;
  deleteDrafts(runId: string, selection?: InvoiceSelection): Promise<number>;
  /**
   * Corrects one draft (review.md section 2): sets fields of its lines, adds manual lines, removes
   * lines, in one transaction; every tab sees it live. A removed line gives back what it billed
   * (item days, transactions, a record). Returns the draft as it is now, or null when the edit
   * removed its last line and so deleted the draft. Refusals: `INVOICE_NOT_FOUND`,
   * `NOT_A_DRAFT`, `INVALID_EDIT` (faults at `changes[i]...`), `LINE_NOT_FOUND`.
   */
  editDraft(
    invoiceId: string,
    changes: readonly DraftChangeInput[],
    options?: EditOptions,
  ): Promise<Invoice | null>;
  /** The transactions a usage line bills, a page at a time (none for other lines). */
  lineTransactions(
    invoiceId: string,
    lineIndex: number,
    page?: PageRequest,
  ): Promise<Page<Transaction>>;
  /**
   * View Remaining of a run. With a listener, its subscriptions come a chunk at a time while the
   * rest is made, and only there: the result then has `subscriptions: []` (the client puts the
   * received ones back), and it is sent once the page has taken every call. A cancelled job
   * rejects with `CANCELLED`.
   */
  remaining(
    runId: string,
    job?: string,
    onSubscriptions?: RemainingListener,
    onProgress?: ProgressListener,
  ): Promise<Remaining>;
  restore(
    runId: string,
    chosen: RestoreChoice,
    job?: string,
    onProgress?: ProgressListener,
  ): Promise<RestoreResult>;

  schedules(): Promise<Schedule[]>;
  /**
   * Validates (`INVALID_SCHEDULE` with faults) and stores a schedule. `now` (ISO instant; default
   * the clock's) is the save instant: a new schedule fires only for firing times after it, and so
   * does one whose `cron` or `timeZone` changed or that is enabled again.
   */
  saveSchedule(schedule: Input<ScheduleInput>, now?: string): Promise<Schedule>;
  /** Deletes a schedule; its recorded firings stay. */
  deleteSchedule(id: string): Promise<boolean>;
  /** Every schedule with its next firing times after `now` (default the clock's) and what they bill. */
  scheduleOverview(now?: string): Promise<ScheduleOverview[]>;
  /** A schedule's recorded firings (fired, skipped, refused; reason and run id), in time order. */
  firings(scheduleId: string): Promise<FiringRecord[]>;
  /**
   * One scheduler check at `now` (ISO instant; default the clock's): fires each schedule's due
   * firing times, records older missed ones as skipped and refusals with their reason. The
   * automatic timer runs the same check.
   */
  checkSchedules(now?: string): Promise<SchedulerCheck>;

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

export interface RemainingOptions extends JobOptions {
  /** The subscriptions of each chunk as soon as it is made (see `RemainingListener`). */
  readonly onSubscriptions?: RemainingListener;
}

/** Stops a live observation. */
export type Unsubscribe = () => void;

type ClientOnly =
  | 'startRun'
  | 'fireSchedule'
  | 'preview'
  | 'remaining'
  | 'restore'
  | 'cancel'
  | 'observe'
  | 'unobserve';

/** What `createInvoiceRunClient` returns: the API with signals and live observation. */
export interface InvoiceRunClient extends Omit<InvoiceRunApi, ClientOnly> {
  startRun(config: Input<RunConfigInput>, options?: JobOptions): Promise<StepResult>;
  fireSchedule(schedule: unknown, at: string, options?: JobOptions): Promise<StepResult>;
  preview(config: Input<RunConfigInput>, options?: JobOptions): Promise<PreviewResult>;
  /**
   * View Remaining of a run. `onSubscriptions` gets the rows as they are made (the first ones
   * long before the last); the promise resolves with the whole list after the last call, once the
   * pass has ended, or rejects with `CANCELLED` when `signal` aborts first.
   */
  remaining(runId: string, options?: RemainingOptions): Promise<Remaining>;
  restore(runId: string, chosen: RestoreChoice, options?: JobOptions): Promise<RestoreResult>;

  observeRuns(listener: LiveListener<'runs'>, page?: PageRequest): Unsubscribe;
  observeRun(id: string, listener: LiveListener<'run'>): Unsubscribe;
  /** What View Remaining of a run depends on; a new `version` means: look again. */
  observeRemaining(runId: string, listener: LiveListener<'remaining'>): Unsubscribe;
  observeInvoices(
    runId: string,
    listener: LiveListener<'invoices'>,
    page?: PageRequest,
  ): Unsubscribe;
  /** Which of a run's invoices change (`InvoiceChanges`); cheaper than observing its pages. */
  observeInvoiceChanges(runId: string, listener: LiveListener<'invoiceChanges'>): Unsubscribe;
  observeCounters(listener: LiveListener<'counters'>): Unsubscribe;

  /** Releases the proxy and terminates the worker; pending calls reject with `WORKER_TERMINATED`. */
  dispose(): Promise<void>;
}

/** The scheduler of a worker: checks schedules when it starts and every `intervalMs`. */
export interface SchedulerSettings {
  /** Default true. `false`: schedules fire only through `checkSchedules`. */
  readonly enabled?: boolean;
  /** Milliseconds between checks; default 60000. */
  readonly intervalMs?: number;
}

/** Options of one database's service (worker or in-process). */
export interface ServiceSettings {
  /** Subscriptions per stored chunk (one IndexedDB transaction each). Default 100. */
  readonly chunkSize?: number;
  readonly scheduler?: SchedulerSettings;
}

/** What the worker module exposes: one service per database it is asked to open. */
export interface InvoiceRunWorker {
  open(database: string, settings?: ServiceSettings): InvoiceRunApi;
}
