import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import {Task, TaskStatus, initialState} from '@lit/task';
import {html as staticHtml} from 'lit/static-html.js';
import type {Filter, Invoice, RunIssues, StepResult} from '@invoice-run/core';
import type {InvoiceRunClient, Page, RunView} from '@invoice-run/worker';
import {
  RunRepeatRequestEvent,
  RunSelectEvent,
  type InvoiceGridSelectionChangeEvent,
  type RepeatMode,
} from '../events.js';
import {confirmDialogIn, renderConfirmDialog} from '../internal/confirm-dialog.js';
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
import {staticTagOf} from '../internal/element-tag.js';
import type {InvoiceGrid} from '../invoice-grid/invoice-grid.js';
import type {InvoiceGridMessages} from '../invoice-grid/invoice-grid.messages.js';
import {LiveQueryController} from '../internal/live-query.js';
import {renderLoading} from '../internal/loading.js';
import {renderFailure, renderIssueList, renderNoClient} from '../internal/templates.js';
import {RemainingPicker} from '../remaining-picker/remaining-picker.js';
import type {RemainingPickerMessages} from '../remaining-picker/remaining-picker.messages.js';
import {UnloadGuard} from '../internal/unload-guard.js';
import {loadReviewElements, type ReviewClasses} from '../internal/review-elements.js';
import styles from './run-history.styles.js';
import {
  runHistoryMessages,
  type FinalizeDates,
  type RunHistoryMessages,
} from './run-history.messages.js';
import {Catalogue} from '../internal/language.js';

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
 * @csspart invoices - The `<invoice-grid>` of the opened run's invoices (review, edit, select drafts).
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
 * @cssproperty --run-history-list-height - Height of the grid of an opened run's invoices.
 * @cssproperty --run-history-open-surface - Background of the opened run's row.
 * @cssproperty --invoice-run-issues-height - Height of a long list of errors before it scrolls.
 *
 * @slot - Nothing is slotted.
 */
export class RunHistory extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    limit: {state: true, attribute: false},
    openRunId: {state: true, attribute: false},
    selectedInvoices: {state: true, attribute: false},
    pendingAction: {state: true, attribute: false},
    finalizeToday: {state: true, attribute: false},
    announcement: {state: true, attribute: false},
    remainingRun: {state: true, attribute: false},
    pageSize: {type: Number, attribute: 'page-size'},
    messages: {attribute: false},
    remainingMessages: {attribute: false},
    gridMessages: {attribute: false},
  };

  /** The texts: English at hand, German loaded when the page asks for it. */
  private readonly catalogue = new Catalogue<RunHistoryMessages>(
    runHistoryMessages,
    async () => (await import('./run-history.messages.de.js')).runHistoryMessagesDe,
  );

  /** The runs shown, live: every change of a run (a progress, another tab's run) shows at once. */
  private readonly liveRuns = new LiveQueryController<
    readonly [InvoiceRunClient | undefined, number],
    Page<RunView>
  >(this, {
    args: () => [this.activeClient, this.limit] as const,
    observe: ([client, limit], deliver) => client?.observeRuns(deliver, {offset: 0, limit}),
  });

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

  /**
   * The grid and the elements it opens, loaded the first time a run is opened: a page that never
   * opens one never loads them.
   */
  private readonly reviewTask = new Task<readonly [boolean], ReviewClasses>(this, {
    task: async ([open]) => (open ? loadReviewElements() : initialState),
    args: () => [this.openRunId !== undefined] as const,
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

  /** The grid's texts, kept while the history's texts stay the same. */
  private gridTextsOf:
    | {messages: unknown; grid: unknown; locale: string; texts: Partial<InvoiceGridMessages>}
    | undefined;
  /** The clients of the last draft action and re-run: their failures show only while in use. */
  private actionClient: InvoiceRunClient | undefined;
  private rerunClient: InvoiceRunClient | undefined;

  declare private limit: number;
  declare private openRunId: string | undefined;
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

  /** Texts for the `<invoice-grid>` of an opened run (its own; the history's list texts apply too). */
  declare gridMessages: Partial<InvoiceGridMessages>;

  constructor() {
    super();
    this.pageSize = 50;
    this.limit = 50;
    this.openRunId = undefined;
    this.selectedInvoices = new Set();
    this.pendingAction = undefined;
    this.finalizeToday = undefined;
    this.announcement = '';
    this.remainingRun = undefined;
    this.messages = {};
    this.remainingMessages = {};
    this.gridMessages = {};
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('pageSize')) this.limit = this.clampedPageSize();
  }

  protected override clientChanged(): void {
    this.openRunId = undefined;
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

  protected override textsReady(locale: string): Promise<unknown> | undefined {
    return this.catalogue.ready(locale);
  }

  private get text(): RunHistoryMessages {
    return {
      ...this.catalogue.for(this.activeLocale),
      ...this.messages,
    };
  }

  private get runs(): Page<RunView> | undefined {
    return this.liveRuns.value ?? this.runsTask.value;
  }

  private get openRun(): RunView | undefined {
    return this.runs?.items.find((run) => run.id === this.openRunId);
  }

  private clampedPageSize(): number {
    return Math.min(1000, Math.max(1, Math.floor(this.pageSize) || 50));
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

  /** The grid of the opened run's invoices, once drawn. */
  private get grid(): InvoiceGrid | null {
    return this.renderRoot?.querySelector<InvoiceGrid>('[part~="invoices"]') ?? null;
  }

  /** The selected drafts of the opened run, as the grid has them now. */
  private chosenDrafts(): Invoice[] {
    return this.grid?.selectedDrafts() ?? [];
  }

  /**
   * The texts of the grid: its own (`gridMessages`), over the history's texts that the list of
   * invoices had before the grid (a page that replaced them keeps its words). One object while
   * both stay the same, so the grid does not take it for new texts.
   */
  private gridTexts(): Partial<InvoiceGridMessages> {
    const kept = this.gridTextsOf;
    const locale = this.activeLocale;
    if (
      kept?.messages === this.messages &&
      kept.grid === this.gridMessages &&
      kept.locale === locale
    ) {
      return kept.texts;
    }
    const text = this.text;
    const texts: Partial<InvoiceGridMessages> = {
      grid: text.invoices,
      empty: text.noInvoices,
      loadingSome: text.invoicesLoading,
      draft: text.draft,
      credit: text.credit,
      selectAllDrafts: text.selectAllDrafts,
      selectNone: text.selectNone,
      selectedDrafts: text.selectedDrafts,
      ...this.gridMessages,
    };
    this.gridTextsOf = {messages: this.messages, grid: this.gridMessages, locale, texts};
    return texts;
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
    this.selectedInvoices = new Set();
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

  private readonly onGridSelection = (event: InvoiceGridSelectionChangeEvent): void => {
    this.selectedInvoices = new Set(event.invoiceIds);
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
    const ids = this.chosenDrafts().map((invoice) => invoice.id);
    const client = this.activeClient;
    this.announcement = '';
    await this.actionTask.run([action, runId, ids, today]);
    if (this.actionTask.status !== TaskStatus.COMPLETE) return;
    this.grid?.selectNone();
    // The rows are read again first: the message says what the grid then shows.
    await this.grid?.refresh();
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

  private readonly retryReview = (): void => {
    void this.reviewTask.run();
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
      this.selectedInvoices = new Set();
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

  /**
   * The opened run's invoices: `<invoice-grid>` (under the tag it is registered with), with the
   * history's Finalize and Delete beside the grid's selection; a loading status while the grid's
   * module loads (the first time a run is opened).
   */
  private renderInvoices(): unknown {
    const text = this.text;
    return html`${
      this.actionTask.status === TaskStatus.ERROR && this.actionClient === this.activeClient
        ? renderFailure(this.actionTask.error, text)
        : nothing
    }
    ${renderLoading(this.reviewTask, {
      loading: text.gridLoading,
      complete: (review) => this.renderGrid(review['invoice-grid']),
      messages: text,
      retry: this.retryReview,
    })}`;
  }

  private renderGrid(gridClass: typeof InvoiceGrid): unknown {
    const text = this.text;
    const run = this.openRun;
    const selected = this.selectedInvoices.size;
    const busy = this.actionTask.status === TaskStatus.PENDING;
    const grid = staticTagOf(gridClass, 'invoice-grid');
    return staticHtml`<${grid}
        part="invoices"
        .client=${this.activeClient}
        .locale=${this.locale}
        .run=${run}
        .messages=${this.gridTexts()}
        @invoice-grid-selection-change=${this.onGridSelection}
      >
        <button
          slot="actions"
          type="button"
          part="finalize-button"
          data-action="finalize"
          ?disabled=${selected === 0 || busy}
          @click=${this.onAskAction}
        >
          ${text.finalize}
        </button>
        <button
          slot="actions"
          type="button"
          class="danger"
          part="delete-button"
          data-action="delete"
          ?disabled=${selected === 0 || busy}
          @click=${this.onAskAction}
        >
          ${text.deleteDrafts}
        </button>
      </${grid}>`;
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

  private renderDetails(): unknown {
    const run = this.openRun;
    if (run === undefined) return nothing;
    const text = this.text;
    const name = this.runName(run);
    return html`<section id="details" part="details" aria-labelledby="details-heading">
      <h3 id="details-heading">${text.runHeading(name)}</h3>
      <h4>${text.invoices}</h4>
      ${this.renderInvoices()}
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
    const chosen = this.pendingAction === undefined ? [] : this.chosenDrafts();
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
    const liveRuns = this.liveRuns.value;
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
      ${this.renderDetails()} ${this.renderDialogs(locale)}
    </section>`;
  }
}
