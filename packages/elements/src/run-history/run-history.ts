import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import {html as staticHtml} from 'lit/static-html.js';
import {Task, TaskStatus, initialState} from '@lit/task';
import {virtualize} from '@lit-labs/virtualizer/virtualize.js';
import type {Filter, Invoice, RunIssues, RunStatus, StepResult} from '@invoice-run/core';
import type {InvoiceRunClient, Page, RunView, Unsubscribe} from '@invoice-run/worker';
import {RunRepeatRequestEvent, RunSelectEvent, type RepeatMode} from '../events.js';
import {confirmDialogIn, renderConfirmDialog} from '../internal/confirm-dialog.js';
import {errorMessages} from '../internal/errors.js';
import type {ErrorMessages} from '../internal/errors.js';
import {
  durationBetween,
  formatCount,
  formatDate,
  formatDuration,
  formatMoney,
  formatPeriod,
  formatTimestamp,
} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {renderLoading} from '../internal/loading.js';
import {staticTagOf} from '../internal/element-tag.js';
import {OptionList} from '../internal/option-list.js';
import {isOne, plural} from '../internal/plural.js';
import {
  renderFailure,
  renderIssueList,
  totalsMessages,
  renderNoClient,
} from '../internal/templates.js';
import type {TotalsMessages} from '../internal/templates.js';
import {RemainingPicker} from '../remaining-picker/remaining-picker.js';
import type {RemainingPickerMessages} from '../remaining-picker/remaining-picker.js';
import {UnloadGuard} from '../internal/unload-guard.js';
import styles from './run-history.styles.js';

/** Every text of `<run-history>`; replace any of them through `messages`. */
export interface RunHistoryMessages extends ErrorMessages, TotalsMessages {
  heading: string;
  loading: string;
  empty: string;
  showMore: string;
  name: string;
  created: string;
  origin: string;
  period: string;
  filters: string;
  status: string;
  counters: string;
  duration: string;
  actions: string;
  /** The name of a run without a title. */
  untitled: (sequence: string) => string;
  origins: Record<'manual' | 'scheduled', string>;
  /** The origin of a run a schedule made, with the schedule's name (its id once it is deleted). */
  scheduledBy: (schedule: string) => string;
  statuses: Record<RunStatus, string>;
  interrupted: string;
  /** An interrupted run that a newer run of its selection took over (a Re-run, for one). */
  superseded: (name: string) => string;
  noFilters: string;
  subscriptionFilter: string;
  transactionFilters: string;
  genericFilters: string;
  /**
   * `3 invoices, 1 credit, 2 errors`: the invoices and credits the run holds now, and the errors it
   * met; the counts also as numbers, for the plural forms.
   */
  counterText: (invoices: string, credits: string, errors: string, counts: Counts) => string;
  /** `5 made in total`: everything the run ever made, when drafts of it were deleted since. */
  madeInTotal: (count: string, made: number) => string;
  /** `Restored twice, last on 1 Feb 2026, 10:14`: restores after the run's own pass. */
  restored: (count: number, last: string) => string;
  running: string;
  open: (name: string) => string;
  close: (name: string) => string;
  rerun: string;
  viewRemaining: string;
  rerunLabel: (name: string) => string;
  viewRemainingLabel: (name: string) => string;
  rerunStarted: (name: string) => string;
  rerunDone: (invoices: string, count: number) => string;
  runHeading: (name: string) => string;
  invoices: string;
  invoicesLoading: (loaded: string, total: string) => string;
  noInvoices: string;
  draft: string;
  credit: string;
  account: string;
  subscription: string;
  /** The subscription or record an invoice bills, in its row. */
  record: string;
  /** How the list of invoices is used from the keyboard. */
  listKeys: string;
  selectAllDrafts: string;
  selectNone: string;
  selectedDrafts: (count: string, selected: number) => string;
  finalize: string;
  deleteDrafts: string;
  confirmFinalizeHeading: string;
  /** How many drafts Finalize numbers, and the invoice date each will have. */
  confirmFinalize: (count: string, drafts: number, dates: FinalizeDates) => string;
  confirmDeleteHeading: string;
  confirmDelete: (count: string, drafts: number) => string;
  confirm: string;
  cancel: string;
  finalized: (count: string, invoices: number) => string;
  deleted: (count: string, drafts: number) => string;
  issues: string;
  /** The accessible name of a run's list of errors, when it scrolls. */
  issuesOf: (name: string) => string;
  issuesLoading: string;
  noIssues: string;
  warnings: string;
  warningsOf: (name: string) => string;
  remainingDialog: string;
  closeDialog: string;
}

export const runHistoryMessages: RunHistoryMessages = {
  ...errorMessages,
  ...totalsMessages,
  heading: 'Invoice runs',
  loading: 'Loading the runs…',
  empty: 'No runs yet. Start a run and it shows here.',
  showMore: 'Show more runs',
  name: 'Run',
  created: 'Created',
  origin: 'Origin',
  period: 'Period',
  filters: 'Filters',
  status: 'Status',
  counters: 'Counters',
  duration: 'Duration',
  actions: 'Actions',
  untitled: (sequence) => `Run ${sequence}`,
  origins: {manual: 'Manual', scheduled: 'Scheduled'},
  scheduledBy: (schedule) => `Scheduled: ${schedule}`,
  statuses: {
    pending: 'Waiting',
    running: 'Running',
    completed: 'Completed',
    'completed-with-errors': 'Completed with errors',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
  interrupted: 'Interrupted',
  superseded: (name) => `Replaced by ${name}`,
  noFilters: 'All subscriptions',
  subscriptionFilter: 'Subscriptions',
  transactionFilters: 'Usage',
  genericFilters: 'Records',
  counterText: (invoices, credits, errors, counts) =>
    `${invoices} ${plural(counts.invoices, 'invoice', 'invoices')}, ` +
    `${credits} ${plural(counts.credits, 'credit', 'credits')}, ` +
    `${errors} ${plural(counts.errors, 'error', 'errors')}`,
  madeInTotal: (count) => `${count} made in total`,
  restored: (count, last) =>
    `${count === 1 ? 'Restored once' : count === 2 ? 'Restored twice' : `Restored ${count} times`}, last on ${last}`,
  running: 'In progress',
  open: (name) => `Open ${name}`,
  close: (name) => `Close ${name}`,
  rerun: 'Re-run',
  viewRemaining: 'View Remaining',
  rerunLabel: (name) => `Re-run ${name}`,
  viewRemainingLabel: (name) => `View Remaining of ${name}`,
  rerunStarted: (name) => `Re-running ${name}…`,
  rerunDone: (invoices, count) =>
    `Re-run finished: ${invoices} ${plural(count, 'invoice', 'invoices')}.`,
  runHeading: (name) => name,
  invoices: 'Invoices',
  invoicesLoading: (loaded, total) => `Loading invoices: ${loaded} of ${total}…`,
  noInvoices: 'This run has no invoices.',
  draft: 'Draft',
  credit: 'Credit note',
  account: 'Account',
  subscription: 'Subscription',
  record: 'Record',
  listKeys:
    'Click a draft or press Space to select it; the arrow keys move through the list, Ctrl+A selects every draft.',
  selectAllDrafts: 'Select all drafts',
  selectNone: 'Select none',
  selectedDrafts: (count, selected) => `${count} ${plural(selected, 'draft', 'drafts')} selected`,
  finalize: 'Finalize…',
  deleteDrafts: 'Delete…',
  confirmFinalizeHeading: 'Finalize drafts',
  confirmFinalize: (count, drafts, {today, undated, kept}) => {
    const one = isOne(drafts);
    let dates: string;
    if (undated === drafts) {
      dates = `${one ? 'It has' : 'They have'} no invoice date of ${one ? 'its' : 'their'} own: ${one ? 'it is' : 'they are'} dated today, ${today}.`;
    } else if (undated === 0) {
      dates = `${one ? 'It keeps its' : 'They keep their'} invoice ${plural(kept.length, 'date', 'dates')}: ${kept.join(', ')}.`;
    } else {
      dates =
        `${undated} without an invoice date of ${plural(undated, 'its', 'their')} own ${plural(undated, 'is', 'are')} dated today, ${today}; ` +
        `the others keep theirs: ${kept.join(', ')}.`;
    }
    return (
      `Finalize ${count} draft ${plural(drafts, 'invoice', 'invoices')}? ${dates} ` +
      `${one ? 'It gets its number' : 'They get their numbers'} and can no longer be deleted.`
    );
  },
  confirmDeleteHeading: 'Delete drafts',
  confirmDelete: (count, drafts) =>
    `Delete ${count} draft ${plural(drafts, 'invoice', 'invoices')}? What ${plural(drafts, 'it', 'they')} billed comes back in View Remaining of the run.`,
  confirm: 'Confirm',
  cancel: 'Cancel',
  finalized: (count, invoices) => `${count} ${plural(invoices, 'invoice', 'invoices')} finalized.`,
  deleted: (count, drafts) => `${count} ${plural(drafts, 'draft', 'drafts')} deleted.`,
  issues: 'Errors',
  issuesOf: (name) => `Errors of ${name}`,
  issuesLoading: 'Loading the errors…',
  noIssues: 'No errors.',
  warnings: 'Warnings',
  warningsOf: (name) => `Warnings of ${name}`,
  remainingDialog: 'View Remaining',
  closeDialog: 'Close',
};

/** The counts of a run, as numbers (for the plural forms of `counterText`). */
export interface Counts {
  readonly invoices: number;
  readonly credits: number;
  readonly errors: number;
}

/** The invoice dates Finalize gives the selected drafts, formatted. */
export interface FinalizeDates {
  /** The date drafts without an invoice date of their own get: today. */
  readonly today: string;
  /** How many of the drafts have no invoice date of their own. */
  readonly undated: number;
  /** The invoice dates the others keep, each once, earliest first. */
  readonly kept: readonly string[];
}

/** Invoices are read a thousand at a time (the most one page holds). */
const INVOICE_PAGE = 1000;

interface LoadedInvoices {
  readonly runId: string;
  readonly items: readonly Invoice[];
  readonly total: number;
}

type DraftAction = 'finalize' | 'delete';

/**
 * @tagname run-history
 * @summary The invoice runs, newest first and live: open one to see its invoices and errors,
 * finalize or delete drafts, re-run it or view what remains.
 *
 * @fires {RunSelectEvent} run-select - When a run is opened; `run`.
 * @fires {RunRepeatRequestEvent} run-repeat-request - When Re-run or View Remaining is asked for (cancelable); `run` and
 * `mode` (`rerun` or `remaining`). Not cancelled, the history re-runs or opens the picker itself.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart notice - An explanation (loading, no runs, no client).
 * @csspart error - A failure notice.
 * @csspart retry-button - The button that tries again after a failure.
 * @csspart table - The table of runs.
 * @csspart run - One row of the table.
 * @csspart status - The status of a run.
 * @csspart figures - What a run holds now: its invoices and credits that exist, and its errors.
 * @csspart made - How many invoices a run made in total, when some were deleted since.
 * @csspart totals - The gross totals of the invoices a run holds now.
 * @csspart duration - How long the run's own pass took.
 * @csspart restores - How often the run was restored, and when last.
 * @csspart schedule - The origin of a run a schedule made, with the schedule's name.
 * @csspart open-button - The button that opens a run.
 * @csspart rerun-button - The Re-run button.
 * @csspart remaining-button - The View Remaining button.
 * @csspart more-button - The button that shows more runs.
 * @csspart details - The opened run.
 * @csspart list - The virtualised list of the opened run's invoices: a listbox (one Tab stop, arrow
 * keys, Space selects a draft, Ctrl+A all) while it has drafts.
 * @csspart invoice - One invoice of the opened run (an option of the listbox).
 * @csspart finalize-button - The Finalize button.
 * @csspart delete-button - The Delete button.
 * @csspart issues - The errors of the opened run.
 * @csspart issue-list - A long list of errors or warnings, scrolling in a box of its own.
 * @csspart dialog - The confirmation and View Remaining dialogs.
 * @csspart announcer - The live region that announces what an action did.
 *
 * @cssproperty --invoice-run-color - Text colour.
 * @cssproperty --invoice-run-font-family - Font family.
 * @cssproperty --invoice-run-font-size - Base font size.
 * @cssproperty --invoice-run-accent - Colour of primary buttons.
 * @cssproperty --invoice-run-on-accent - Text colour on the accent.
 * @cssproperty --invoice-run-danger - Colour of destructive actions.
 * @cssproperty --invoice-run-danger-text - Text colour of errors.
 * @cssproperty --invoice-run-danger-surface - Background of error notices.
 * @cssproperty --invoice-run-border-color - Borders.
 * @cssproperty --invoice-run-surface - Background of buttons and dialogs.
 * @cssproperty --invoice-run-muted-surface - Background of notices.
 * @cssproperty --invoice-run-muted-color - Colour of hints.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 * @cssproperty --invoice-run-radius - Corner radius.
 * @cssproperty --invoice-run-gap - Space between sections.
 * @cssproperty --run-history-list-height - Height of the invoice list of an opened run.
 * @cssproperty --run-history-open-surface - Background of the opened run's row.
 * @cssproperty --run-history-selected-surface - Background of a selected draft.
 * @cssproperty --invoice-run-issues-height - Height of a long list of errors before it scrolls.
 *
 * @slot - Nothing is slotted.
 */
export class RunHistory extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    liveRuns: {state: true, attribute: false},
    limit: {state: true, attribute: false},
    openRunId: {state: true, attribute: false},
    loadedInvoices: {state: true, attribute: false},
    invoicesVersion: {state: true, attribute: false},
    selectedInvoices: {state: true, attribute: false},
    pendingAction: {state: true, attribute: false},
    finalizeToday: {state: true, attribute: false},
    announcement: {state: true, attribute: false},
    remainingRun: {state: true, attribute: false},
    pageSize: {type: Number, attribute: 'page-size'},
    messages: {attribute: false},
    remainingMessages: {attribute: false},
  };

  private readonly runsTask = new Task<
    readonly [InvoiceRunClient | undefined, number],
    Page<RunView>
  >(this, {
    task: async ([client, limit]) =>
      client === undefined ? initialState : client.runs({offset: 0, limit}),
    args: () => [this.activeClient, this.limit] as const,
  });

  private readonly filtersTask = new Task<readonly [InvoiceRunClient | undefined], Filter[]>(this, {
    task: async ([client]) => (client === undefined ? initialState : client.filters()),
    args: () => [this.activeClient] as const,
  });

  /** The names of the schedules that made the runs shown (read again when another one shows). */
  private readonly schedulesTask = new Task<
    readonly [InvoiceRunClient | undefined, string],
    ReadonlyMap<string, string>
  >(this, {
    task: async ([client, ids]) => {
      if (client === undefined || ids === '') return initialState;
      const schedules = await client.schedules();
      return new Map(schedules.map((schedule) => [schedule.id, schedule.name]));
    },
    args: () => [this.activeClient, this.scheduleIds()] as const,
  });

  private readonly invoicesTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined, number],
    LoadedInvoices
  >(this, {
    task: async ([client, runId], {signal}) => {
      if (client === undefined || runId === undefined) return initialState;
      let items: Invoice[] = [];
      let total = 0;
      do {
        const page = await client.invoices(runId, {offset: items.length, limit: INVOICE_PAGE});
        signal.throwIfAborted();
        total = page.total;
        if (page.items.length === 0) break;
        items = items.concat(page.items);
        // Show each page as it comes: the first rows appear before the last page is read.
        this.loadedInvoices = {runId, items, total};
      } while (items.length < total);
      const loaded = {runId, items, total: items.length};
      this.loadedInvoices = loaded;
      return loaded;
    },
    args: () => [this.activeClient, this.openRunId, this.invoicesVersion] as const,
  });

  private readonly issuesTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined, number],
    RunIssues
  >(this, {
    task: async ([client, runId]) =>
      client === undefined || runId === undefined ? initialState : client.runIssues(runId),
    args: () => [this.activeClient, this.openRunId, this.openRun?.counters.errors ?? 0] as const,
  });

  private readonly actionTask = new Task<
    readonly [DraftAction, string, readonly string[], string | undefined],
    number
  >(this, {
    autoRun: false,
    task: async ([action, runId, invoiceIds, today]) => {
      const client = this.requireClient(this.text.noClient);
      this.actionClient = client;
      if (action === 'finalize') {
        // The date the confirmation named, so what was said is what is done.
        return (await client.finalize(runId, {invoiceIds}, today)).length;
      }
      return client.deleteDrafts(runId, {invoiceIds});
    },
  });

  /** The keyboard of the opened run's invoices: one Tab stop, arrows, Space, Ctrl+A. */
  private readonly invoiceList = new OptionList(this, {
    idPrefix: 'invoice-',
    list: () => this.renderRoot?.querySelector<HTMLElement>('[part~="list"]'),
    count: () => this.shownInvoices().length,
    selectable: (index) => this.shownInvoices()[index]?.status === 'draft',
    selected: (index) => this.selectedInvoices.has(this.shownInvoices()[index]?.id ?? ''),
    select: (index, selected) => {
      const invoice = this.shownInvoices()[index];
      if (invoice === undefined || invoice.status !== 'draft') return;
      const next = new Set(this.selectedInvoices);
      if (selected) next.add(invoice.id);
      else next.delete(invoice.id);
      this.selectedInvoices = next;
    },
    selectAll: () => this.onSelectAllDrafts(),
  });

  private readonly rerunTask = new Task<readonly [RunView], StepResult>(this, {
    autoRun: false,
    task: async ([run], {signal}) => {
      const client = this.requireClient(this.text.noClient);
      this.rerunClient = client;
      return client.startRun({...run.config}, {signal});
    },
  });

  private readonly unloadGuard = new UnloadGuard(
    this,
    () =>
      this.rerunTask.status === TaskStatus.PENDING || this.actionTask.status === TaskStatus.PENDING,
  );

  private stopRuns: Unsubscribe | undefined;
  private stopInvoices: Unsubscribe | undefined;
  private observed: {client?: InvoiceRunClient; limit?: number; runId?: string | undefined} = {};
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** The clients of the last draft action and re-run: their failures show only while in use. */
  private actionClient: InvoiceRunClient | undefined;
  private rerunClient: InvoiceRunClient | undefined;

  declare private liveRuns: Page<RunView> | undefined;
  declare private limit: number;
  declare private openRunId: string | undefined;
  declare private loadedInvoices: LoadedInvoices | undefined;
  declare private invoicesVersion: number;
  declare private selectedInvoices: ReadonlySet<string>;
  declare private pendingAction: DraftAction | undefined;
  /** The date Finalize gives drafts without an invoice date, while its confirmation is open. */
  declare private finalizeToday: string | undefined;
  declare private announcement: string;
  declare private remainingRun: RunView | undefined;

  /** How many runs show at first, and how many more each "Show more" adds (at most 1000). */
  declare pageSize: number;

  /** Texts that replace the defaults (`runHistoryMessages`); the rest stay. */
  declare messages: Partial<RunHistoryMessages>;

  /** Texts for the `<remaining-picker>` that View Remaining opens. */
  declare remainingMessages: Partial<RemainingPickerMessages>;

  constructor() {
    super();
    this.pageSize = 50;
    this.limit = 50;
    this.liveRuns = undefined;
    this.openRunId = undefined;
    this.loadedInvoices = undefined;
    this.invoicesVersion = 0;
    this.selectedInvoices = new Set();
    this.pendingAction = undefined;
    this.finalizeToday = undefined;
    this.announcement = '';
    this.remainingRun = undefined;
    this.messages = {};
    this.remainingMessages = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved or re-attached: observe again (the live queries stopped when it left).
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopRuns?.();
    this.stopInvoices?.();
    this.stopRuns = undefined;
    this.stopInvoices = undefined;
    this.observed = {};
    clearTimeout(this.reloadTimer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('pageSize')) this.limit = this.clampedPageSize();
    this.observe();
  }

  protected override clientChanged(): void {
    this.openRunId = undefined;
    this.loadedInvoices = undefined;
    this.selectedInvoices = new Set();
    this.pendingAction = undefined;
    this.finalizeToday = undefined;
    this.announcement = '';
    this.remainingRun = undefined;
    this.renderRoot.querySelector<HTMLDialogElement>('#remaining')?.close();
    confirmDialogIn(this.renderRoot)?.close();
    this.rerunTask.abort();
    this.actionClient = undefined;
    this.rerunClient = undefined;
  }

  private get text(): RunHistoryMessages {
    return {...runHistoryMessages, ...this.messages};
  }

  private get runs(): Page<RunView> | undefined {
    return this.liveRuns ?? this.runsTask.value;
  }

  private get openRun(): RunView | undefined {
    return this.runs?.items.find((run) => run.id === this.openRunId);
  }

  private clampedPageSize(): number {
    return Math.min(1000, Math.max(1, Math.floor(this.pageSize) || 50));
  }

  /** Keeps the live queries in step with the client, the page and the opened run. */
  private observe(): void {
    const client = this.activeClient;
    if (!this.isConnected) return;
    if (client !== this.observed.client || this.limit !== this.observed.limit) {
      this.stopRuns?.();
      this.stopRuns = undefined;
      this.liveRuns = undefined;
      if (client !== undefined) {
        this.stopRuns = client.observeRuns(
          (page) => {
            this.liveRuns = page;
          },
          {offset: 0, limit: this.limit},
        );
      }
    }
    if (client !== this.observed.client || this.openRunId !== this.observed.runId) {
      this.stopInvoices?.();
      this.stopInvoices = undefined;
      const runId = this.openRunId;
      if (client !== undefined && runId !== undefined) {
        let first = true;
        this.stopInvoices = client.observeInvoices(
          runId,
          () => {
            // The first value is the state the invoice task reads anyway.
            if (first) {
              first = false;
              return;
            }
            this.scheduleInvoiceReload();
          },
          {offset: 0, limit: 1},
        );
      }
    }
    this.observed = {client, limit: this.limit, runId: this.openRunId};
  }

  /** Invoices changed (a run bills, a tab deletes): read them again, at most every 300 ms. */
  private scheduleInvoiceReload(): void {
    if (this.reloadTimer !== undefined) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.invoicesVersion++;
    }, 300);
  }

  private runName(run: RunView): string {
    return run.config.title ?? this.text.untitled(formatCount(run.sequence, this.activeLocale));
  }

  /**
   * For each run shown that is not the latest of its selection, the latest one (runs come newest
   * first, so the latest of a selection is on the page whenever an older one is).
   */
  private newerRuns(runs: readonly RunView[]): ReadonlyMap<string, RunView> {
    const latest = new Map<string, RunView>();
    for (const run of runs) {
      const known = latest.get(run.selectionKey);
      if (known === undefined || run.sequence > known.sequence) latest.set(run.selectionKey, run);
    }
    const newer = new Map<string, RunView>();
    for (const run of runs) {
      const last = latest.get(run.selectionKey)!;
      if (last.id !== run.id) newer.set(run.id, last);
    }
    return newer;
  }

  /** The ids of the schedules of the runs shown, as one comparable string. */
  private scheduleIds(): string {
    const ids = new Set<string>();
    for (const run of this.runs?.items ?? []) {
      if (run.scheduleId !== null) ids.add(run.scheduleId);
    }
    return [...ids].sort().join('\n');
  }

  private scheduleName(id: string): string {
    return this.schedulesTask.value?.get(id) ?? id;
  }

  private filterName(id: string): string {
    return this.filtersTask.value?.find((filter) => filter.id === id)?.name ?? id;
  }

  /** The invoices of the opened run, as far as they are loaded. */
  private shownInvoices(): readonly Invoice[] {
    const loaded = this.loadedInvoices;
    return loaded === undefined || loaded.runId !== this.openRunId ? [] : loaded.items;
  }

  private drafts(): Invoice[] {
    return this.shownInvoices().filter((invoice) => invoice.status === 'draft');
  }

  /**
   * The date Finalize gives a draft without an invoice date: the settings' `today` when the host
   * set one, else this browser's date (as the worker reads it).
   */
  private async finalizeDate(): Promise<string> {
    const settings = await this.activeClient?.settings().catch(() => undefined);
    if (settings?.today !== undefined && settings.today !== null) return settings.today;
    const now = new Date();
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  private readonly onToggleRun = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['run'];
    const run = this.runs?.items.find((each) => each.id === id);
    if (run === undefined) return;
    if (this.openRunId === run.id) {
      this.openRunId = undefined;
      return;
    }
    this.openRunId = run.id;
    this.loadedInvoices = undefined;
    this.selectedInvoices = new Set();
    this.invoiceList.reset();
    this.announcement = '';
    this.emit(new RunSelectEvent(run));
  };

  private readonly onRepeat = (event: Event): void => {
    const target = event.currentTarget as HTMLElement;
    const run = this.runs?.items.find((each) => each.id === target.dataset['run']);
    const mode = target.dataset['mode'] as RepeatMode;
    if (run === undefined) return;
    if (!this.emit(new RunRepeatRequestEvent(run, mode))) return;
    if (mode === 'remaining') void this.openRemaining(run);
    else void this.rerun(run);
  };

  private readonly onShowMore = (): void => {
    this.limit = Math.min(1000, this.limit + this.clampedPageSize());
  };

  private readonly onSelectAllDrafts = (): void => {
    this.selectedInvoices = new Set(this.drafts().map((invoice) => invoice.id));
  };

  private readonly onSelectNone = (): void => {
    this.selectedInvoices = new Set();
  };

  private readonly onAskAction = async (event: Event): Promise<void> => {
    const action = (event.currentTarget as HTMLElement).dataset['action'] as DraftAction;
    this.finalizeToday = action === 'finalize' ? await this.finalizeDate() : undefined;
    this.pendingAction = action;
    await this.updateComplete;
    confirmDialogIn(this.renderRoot)?.showModal();
  };

  private readonly onConfirm = async (): Promise<void> => {
    const action = this.pendingAction;
    const runId = this.openRunId;
    const today = this.finalizeToday;
    confirmDialogIn(this.renderRoot)?.close();
    if (action === undefined || runId === undefined) return;
    const drafts = new Set(this.drafts().map((invoice) => invoice.id));
    const ids = [...this.selectedInvoices].filter((id) => drafts.has(id));
    const client = this.activeClient;
    this.announcement = '';
    await this.actionTask.run([action, runId, ids, today]);
    if (this.actionTask.status !== TaskStatus.COMPLETE) return;
    this.selectedInvoices = new Set();
    // The rows are read again first: the message says what the list then shows.
    this.invoicesVersion++;
    await this.updateComplete;
    await this.invoicesTask.taskComplete.catch(() => undefined);
    if (this.activeClient !== client || this.openRunId !== runId) return;
    const done = this.actionTask.value ?? 0;
    const count = formatCount(done, this.activeLocale);
    this.announcement =
      action === 'finalize' ? this.text.finalized(count, done) : this.text.deleted(count, done);
  };

  private readonly onConfirmClosed = (): void => {
    this.pendingAction = undefined;
    this.finalizeToday = undefined;
  };

  private readonly onCloseRemaining = (): void => {
    this.renderRoot.querySelector<HTMLDialogElement>('#remaining')?.close();
  };

  private readonly onRemainingClosed = (): void => {
    this.remainingRun = undefined;
  };

  private readonly retryRuns = (): void => {
    void this.runsTask.run();
  };

  private readonly retryInvoices = (): void => {
    this.invoicesVersion++;
  };

  /**
   * Opens a run among those shown (as its open button does), e.g. for `<run-schedules>`'
   * `schedule-run-select`; false when it is not among them.
   */
  async showRun(runId: string): Promise<boolean> {
    await this.updateComplete;
    const run = this.runs?.items.find((each) => each.id === runId);
    if (run === undefined) return false;
    if (this.openRunId !== run.id) {
      this.openRunId = run.id;
      this.loadedInvoices = undefined;
      this.selectedInvoices = new Set();
      this.invoiceList.reset();
      this.announcement = '';
      this.emit(new RunSelectEvent(run));
    }
    await this.updateComplete;
    const button = this.renderRoot.querySelector<HTMLElement>(
      `[part~="open-button"][data-run="${CSS.escape(run.id)}"]`,
    );
    button?.focus();
    button?.scrollIntoView({block: 'nearest'});
    return true;
  }

  /** Opens View Remaining of a run in a dialog (as the View Remaining button does). */
  async openRemaining(run: RunView): Promise<void> {
    this.remainingRun = run;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('#remaining');
    if (dialog !== null && !dialog.open) dialog.showModal();
  }

  /** Starts a new manual run with the config of `run` (as the Re-run button does). */
  async rerun(run: RunView): Promise<StepResult | undefined> {
    const client = this.activeClient;
    this.announcement = this.text.rerunStarted(this.runName(run));
    await this.rerunTask.run([run]);
    if (this.activeClient !== client) return undefined;
    if (this.rerunTask.status !== TaskStatus.COMPLETE || this.rerunTask.value === undefined) {
      this.announcement = '';
      return undefined;
    }
    const result = this.rerunTask.value;
    this.announcement = this.text.rerunDone(
      formatCount(result.counters.invoices, this.activeLocale),
      result.counters.invoices,
    );
    return result;
  }

  private renderFilters(run: RunView): TemplateResult {
    const text = this.text;
    const {subscriptionFilter, transactionFilters, genericFilters} = run.config;
    const parts: TemplateResult[] = [];
    if (subscriptionFilter !== null) {
      parts.push(html`<li>${text.subscriptionFilter}: ${this.filterName(subscriptionFilter)}</li>`);
    }
    if (transactionFilters.length > 0) {
      parts.push(
        html`<li>
          ${text.transactionFilters}:
          ${transactionFilters.map((id) => this.filterName(id)).join(', ')}
        </li>`,
      );
    }
    if (genericFilters.length > 0) {
      parts.push(
        html`<li>
          ${text.genericFilters}: ${genericFilters.map((id) => this.filterName(id)).join(', ')}
        </li>`,
      );
    }
    return parts.length === 0
      ? html`${text.noFilters}`
      : html`<ul class="plain">
          ${parts}
        </ul>`;
  }

  private renderRunRow(run: RunView, newer: RunView | undefined, locale: string): TemplateResult {
    const text = this.text;
    const name = this.runName(run);
    const open = this.openRunId === run.id;
    const duration = durationBetween(run.startedAt, run.endedAt);
    const active = run.status === 'running' || run.status === 'pending';
    const billing = active && !run.interrupted;
    // An interrupted run that a newer run of its selection took over is no longer to complete.
    const state = run.interrupted
      ? newer === undefined
        ? 'interrupted'
        : 'superseded'
      : run.status;
    const status =
      state === 'interrupted'
        ? text.interrupted
        : state === 'superseded'
          ? text.superseded(this.runName(newer!))
          : text.statuses[run.status];
    const current = run.current;
    const made = run.counters.invoices + run.counters.credits;
    return html`<tr part="run" ?data-open=${open} data-status=${state}>
      <th scope="row">
        <button
          type="button"
          class="link"
          part="open-button"
          data-run=${run.id}
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${ifDefined(open ? 'details' : undefined)}
          aria-label=${open ? text.close(name) : text.open(name)}
          @click=${this.onToggleRun}
        >
          ${name}
        </button>
      </th>
      <td data-label=${text.created}>${formatTimestamp(run.createdAt, locale)}</td>
      <td data-label=${text.origin}>
        ${
          run.scheduleId === null
            ? text.origins[run.origin]
            : html`<span part="schedule"
                >${text.scheduledBy(this.scheduleName(run.scheduleId))}</span
              >`
        }
      </td>
      <td data-label=${text.period}>
        ${formatPeriod(run.config.periodStart, run.config.periodEnd, locale)}
      </td>
      <td data-label=${text.filters}>${this.renderFilters(run)}</td>
      <td data-label=${text.status}>
        <span part="status" class="badge" data-status=${state}>${status}</span>
      </td>
      <td data-label=${text.counters} part="figures">
        ${text.counterText(
          formatCount(current.invoices, locale),
          formatCount(current.credits, locale),
          formatCount(run.counters.errors, locale),
          {invoices: current.invoices, credits: current.credits, errors: run.counters.errors},
        )}
        ${
          made === current.invoices + current.credits
            ? nothing
            : html`<br /><span class="hint" part="made"
                  >${text.madeInTotal(formatCount(made, locale), made)}</span
                >`
        }
      </td>
      <td class="amount" data-label=${text.totals} part="totals">
        ${
          current.totals.length === 0
            ? '—'
            : html`<ul class="plain">
                ${current.totals.map(
                  (total) => html`<li>${formatMoney(total.gross, total.currency, locale)}</li>`,
                )}
              </ul>`
        }
      </td>
      <td data-label=${text.duration} part="duration">
        ${duration === undefined ? (billing ? text.running : '—') : formatDuration(duration, locale)}
        ${
          run.restores === 0 || run.lastRestoredAt === null
            ? nothing
            : html`<br /><span class="hint" part="restores"
                  >${text.restored(run.restores, formatTimestamp(run.lastRestoredAt, locale))}</span
                >`
        }
      </td>
      <td class="run-actions">
        ${
          newer === undefined && !billing
            ? html`<div class="actions">
                <button
                  type="button"
                  part="rerun-button"
                  data-run=${run.id}
                  data-mode="rerun"
                  aria-label=${text.rerunLabel(name)}
                  ?disabled=${this.rerunTask.status === TaskStatus.PENDING}
                  @click=${this.onRepeat}
                >
                  ${text.rerun}
                </button>
                <button
                  type="button"
                  part="remaining-button"
                  data-run=${run.id}
                  data-mode="remaining"
                  aria-label=${text.viewRemainingLabel(name)}
                  @click=${this.onRepeat}
                >
                  ${text.viewRemaining}
                </button>
              </div>`
            : nothing
        }
      </td>
    </tr>`;
  }

  private renderTable(page: Page<RunView>, locale: string): TemplateResult {
    const text = this.text;
    if (page.items.length === 0) {
      return html`<p class="notice" part="notice">${text.empty}</p>`;
    }
    const newer = this.newerRuns(page.items);
    return html`<div class="table-wrap">
        <table part="table">
          <caption class="visually-hidden">
            ${text.heading}
          </caption>
          <thead>
            <tr>
              <th scope="col">${text.name}</th>
              <th scope="col">${text.created}</th>
              <th scope="col">${text.origin}</th>
              <th scope="col">${text.period}</th>
              <th scope="col">${text.filters}</th>
              <th scope="col">${text.status}</th>
              <th scope="col">${text.counters}</th>
              <th scope="col" class="amount">${text.totals}</th>
              <th scope="col">${text.duration}</th>
              <th scope="col">${text.actions}</th>
            </tr>
          </thead>
          <tbody>
            ${page.items.map((run) => this.renderRunRow(run, newer.get(run.id), locale))}
          </tbody>
        </table>
      </div>
      ${
        page.total > page.items.length && this.limit < 1000
          ? html`<button type="button" part="more-button" @click=${this.onShowMore}>
              ${text.showMore}
            </button>`
          : nothing
      }`;
  }

  /** What an invoice bills: its subscription, else its records (the first and how many more). */
  private sourceOf(invoice: Invoice): string {
    const text = this.text;
    if (invoice.subscriptionId !== null) return `${text.subscription} ${invoice.subscriptionId}`;
    const [first, ...more] = invoice.recordIds;
    if (first === undefined) return '';
    return `${text.record} ${first}${more.length === 0 ? '' : ` +${more.length}`}`;
  }

  /**
   * One invoice: an option of the listbox while the run has drafts (a draft can be selected, an
   * invoice already finalized cannot), else an item of a plain list. Its text names it apart from
   * the others: state or number, account, subscription or record, period, date, amount.
   */
  private renderInvoice(
    invoice: Invoice,
    index: number,
    selectable: boolean,
    locale: string,
  ): TemplateResult {
    const text = this.text;
    const draft = invoice.status === 'draft';
    const selected = draft && this.selectedInvoices.has(invoice.id);
    return html`<div
      class="invoice"
      part="invoice"
      id=${this.invoiceList.idOf(index)}
      role=${selectable ? 'option' : 'listitem'}
      aria-selected=${ifDefined(selectable && draft ? String(selected) : undefined)}
      aria-disabled=${ifDefined(selectable && !draft ? 'true' : undefined)}
      data-index=${index}
      data-status=${invoice.status}
      ?data-active=${selectable && this.invoiceList.isActive(index)}
    >
      <span class="box" aria-hidden="true"></span>
      <span class="state"
        >${draft ? text.draft : (invoice.number ?? '')}${
          invoice.class === 'credit' ? html` · ${text.credit}` : nothing
        }</span
      >
      <span class="account">${text.account} ${invoice.accountId}</span>
      <span class="source">${this.sourceOf(invoice)}</span>
      <span class="period"
        >${formatPeriod(invoice.servicePeriod.start, invoice.servicePeriod.end, locale)}</span
      >
      <span class="date">${formatDate(invoice.invoiceDate, locale)}</span>
      <span class="amount">${formatMoney(invoice.gross, invoice.currency, locale)}</span>
    </div>`;
  }

  private readonly onListKeydown = (event: KeyboardEvent): void => {
    // Without drafts the list only scrolls, as the browser scrolls it.
    if (this.drafts().length > 0) this.invoiceList.onKeydown(event);
  };

  private renderInvoices(locale: string): unknown {
    const text = this.text;
    const loaded = this.loadedInvoices;
    if (this.invoicesTask.status === TaskStatus.ERROR) {
      return renderFailure(this.invoicesTask.error, text, this.retryInvoices);
    }
    if (loaded === undefined || loaded.runId !== this.openRunId) {
      return html`<p class="hint" role="status">${text.invoicesLoading('0', '…')}</p>`;
    }
    if (loaded.total === 0) return html`<p class="notice" part="notice">${text.noInvoices}</p>`;
    const drafts = this.drafts().length;
    const selectable = drafts > 0;
    const selected = this.selectedInvoices.size;
    const busy = this.actionTask.status === TaskStatus.PENDING;
    return html`${
        loaded.items.length < loaded.total
          ? html`<p class="hint" role="status">
              ${text.invoicesLoading(
                formatCount(loaded.items.length, locale),
                formatCount(loaded.total, locale),
              )}
            </p>`
          : nothing
      }
      ${
        drafts === 0
          ? nothing
          : html`<div class="actions">
                <button type="button" @click=${this.onSelectAllDrafts}>
                  ${text.selectAllDrafts}
                </button>
                <button type="button" @click=${this.onSelectNone}>${text.selectNone}</button>
                <span>${text.selectedDrafts(formatCount(selected, locale), selected)}</span>
                <button
                  type="button"
                  part="finalize-button"
                  data-action="finalize"
                  ?disabled=${selected === 0 || busy}
                  @click=${this.onAskAction}
                >
                  ${text.finalize}
                </button>
                <button
                  type="button"
                  class="danger"
                  part="delete-button"
                  data-action="delete"
                  ?disabled=${selected === 0 || busy}
                  @click=${this.onAskAction}
                >
                  ${text.deleteDrafts}
                </button>
              </div>
              <p id="list-keys" class="hint">${text.listKeys}</p>`
      }
      ${
        this.actionTask.status === TaskStatus.ERROR && this.actionClient === this.activeClient
          ? renderFailure(this.actionTask.error, text)
          : nothing
      }
      <div
        class="list"
        part="list"
        role=${selectable ? 'listbox' : 'list'}
        aria-multiselectable=${ifDefined(selectable ? 'true' : undefined)}
        aria-label=${text.invoices}
        aria-describedby=${ifDefined(selectable ? 'list-keys' : undefined)}
        aria-activedescendant=${ifDefined(
          selectable ? this.invoiceList.activeDescendant : undefined,
        )}
        tabindex="0"
        @keydown=${this.onListKeydown}
        @focus=${this.invoiceList.onFocus}
        @click=${this.invoiceList.onClick}
        @rangeChanged=${this.invoiceList.onRangeChanged}
        @visibilityChanged=${this.invoiceList.onVisibilityChanged}
      >
        ${virtualize({
          items: loaded.items as Invoice[],
          // The virtualizer may ask for a stale index once while the list shrinks.
          keyFunction: (invoice: Invoice | undefined, index: number) => invoice?.id ?? index,
          renderItem: (invoice: Invoice | undefined, index: number) =>
            invoice === undefined ? html`` : this.renderInvoice(invoice, index, selectable, locale),
          scroller: true,
        })}
      </div>`;
  }

  private renderIssues(name: string): unknown {
    const text = this.text;
    return this.issuesTask.render({
      pending: () => html`<p class="hint">${text.issuesLoading}</p>`,
      error: (error) => renderFailure(error, text),
      complete: (issues) =>
        html`${
          issues.errors.length === 0
            ? html`<p class="hint">${text.noIssues}</p>`
            : renderIssueList(issues.errors, text.issuesOf(name))
        }
        ${
          issues.warnings.length === 0
            ? nothing
            : html`<h4>${text.warnings}</h4>
                ${renderIssueList(issues.warnings, text.warningsOf(name))}`
        }`,
    });
  }

  private renderDetails(locale: string): unknown {
    const run = this.openRun;
    if (run === undefined) return nothing;
    const text = this.text;
    const name = this.runName(run);
    return html`<section id="details" part="details" aria-labelledby="details-heading">
      <h3 id="details-heading">${text.runHeading(name)}</h3>
      <h4>${text.invoices}</h4>
      ${this.renderInvoices(locale)}
      <h4>${text.issues}</h4>
      <div part="issues">${this.renderIssues(name)}</div>
    </section>`;
  }

  /** The invoice dates Finalize gives `drafts`: their own, or the date the confirmation names. */
  private finalizeDates(drafts: readonly Invoice[], locale: string): FinalizeDates {
    const kept = new Set<string>();
    let undated = 0;
    for (const draft of drafts) {
      if (draft.invoiceDate === null) undated++;
      else kept.add(draft.invoiceDate);
    }
    return {
      today: formatDate(this.finalizeToday ?? '', locale),
      undated,
      kept: [...kept].sort().map((date) => formatDate(date, locale)),
    };
  }

  private renderDialogs(locale: string): TemplateResult {
    // The picker's tag is the one its class is registered under (the page may rename it).
    const picker = staticTagOf(RemainingPicker, 'remaining-picker');
    const text = this.text;
    const chosen = this.drafts().filter((invoice) => this.selectedInvoices.has(invoice.id));
    const count = formatCount(chosen.length, locale);
    const action = this.pendingAction;
    return html`${renderConfirmDialog({
        heading: action === 'finalize' ? text.confirmFinalizeHeading : text.confirmDeleteHeading,
        text:
          action === 'finalize'
            ? text.confirmFinalize(count, chosen.length, this.finalizeDates(chosen, locale))
            : text.confirmDelete(count, chosen.length),
        cancel: text.cancel,
        confirm: text.confirm,
        tone: action === 'delete' ? 'danger' : 'primary',
        onConfirm: this.onConfirm,
        onClose: this.onConfirmClosed,
      })}
      <dialog
        id="remaining"
        part="dialog"
        aria-label=${text.remainingDialog}
        @close=${this.onRemainingClosed}
      >
        ${
          this.remainingRun === undefined
            ? nothing
            : staticHtml`<${picker}
                .run=${this.remainingRun}
                .client=${this.activeClient}
                .locale=${this.locale}
                .messages=${this.remainingMessages}
              ></${picker}>`
        }
        <div class="actions dialog-close">
          <button type="button" part="close-button" @click=${this.onCloseRemaining}>
            ${text.closeDialog}
          </button>
        </div>
      </dialog>`;
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const liveRuns = this.liveRuns;
    // Written without white space around it, so the region is :empty (and takes no room) when idle.
    const said = this.announcement;
    let body: unknown;
    if (this.activeClient === undefined) {
      body = renderNoClient(text.noClient);
    } else if (liveRuns !== undefined) {
      body = this.renderTable(liveRuns, locale);
    } else {
      body = renderLoading(this.runsTask, {
        loading: text.loading,
        complete: (page) => this.renderTable(page, locale),
        messages: text,
        retry: this.retryRuns,
      });
    }
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading" part="heading">${text.heading}</h2>
      ${body}
      ${
        this.rerunTask.status === TaskStatus.ERROR && this.rerunClient === this.activeClient
          ? renderFailure(this.rerunTask.error, text)
          : nothing
      }
      <p part="announcer" class="announcer" role="status" aria-live="polite">${said}</p>
      ${this.renderDetails(locale)} ${this.renderDialogs(locale)}
    </section>`;
  }
}
