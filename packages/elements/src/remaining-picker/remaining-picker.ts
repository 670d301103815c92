import {html, nothing, type PropertyDeclarations, type TemplateResult} from 'lit';
import {live} from 'lit/directives/live.js';
import {Task, TaskStatus, initialState} from '@lit/task';
import {virtualize} from '@lit-labs/virtualizer/virtualize.js';
import type {
  CurrencyTotal,
  Remaining,
  RestoreResult,
  RunProgress,
  RunRecord,
} from '@invoice-run/core';
import type {InvoiceRunClient, RestoreChoice, RunView} from '@invoice-run/worker';
import {RemainingRestoreEvent, RemainingRestoredEvent} from '../events.js';
import {errorCode, errorMessages} from '../internal/errors.js';
import type {ErrorMessages} from '../internal/errors.js';
import {formatCount, formatPeriod} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {renderLoading} from '../internal/loading.js';
import {
  grossTotals,
  progressMessages,
  progressText,
  renderFailure,
  renderProgressBar,
  renderTotals,
  totalsMessages,
  renderNoClient,
} from '../internal/templates.js';
import type {ProgressMessages, TotalsMessages} from '../internal/templates.js';
import styles from './remaining-picker.styles.js';

/** Every text of `<remaining-picker>`; replace any of them through `messages`. */
export interface RemainingPickerMessages extends ErrorMessages, ProgressMessages, TotalsMessages {
  heading: string;
  /** `Run "January" (2026-01-01 – 2026-01-31)`. */
  runLabel: (name: string, period: string) => string;
  noRun: string;
  loading: string;
  empty: string;
  notLatestHeading: string;
  interrupted: string;
  search: string;
  searchPlaceholder: string;
  selectAll: string;
  selectNone: string;
  /** `3 of 120 selected`. */
  selectedCount: (selected: string, total: string) => string;
  /** `Restore 3 invoices`. */
  restore: (count: string, selected: number) => string;
  cancel: string;
  restoring: string;
  list: string;
  subscription: string;
  record: string;
  account: string;
  noMatches: string;
  restoredHeading: string;
  restoreCancelled: string;
  invoices: string;
  credits: string;
  errors: string;
  skipped: string;
  showIssues: (count: string) => string;
  none: string;
}

export const remainingPickerMessages: RemainingPickerMessages = {
  ...errorMessages,
  ...progressMessages,
  ...totalsMessages,
  heading: 'View Remaining',
  runLabel: (name, period) => `${name} (${period})`,
  noRun: 'Choose a run in the run history to see what remains to be billed for it.',
  loading: 'Looking up what remains to be billed…',
  empty: 'Nothing remains to be billed for this run.',
  notLatestHeading: 'This run cannot be restored',
  interrupted:
    'This run was interrupted before it finished. Restoring what remains completes it; nothing is billed twice.',
  search: 'Search',
  searchPlaceholder: 'Subscription, record or account',
  selectAll: 'Select all',
  selectNone: 'Select none',
  selectedCount: (selected, total) => `${selected} of ${total} selected`,
  restore: (count, selected) =>
    selected === 1 ? 'Restore 1 invoice' : `Restore ${count} invoices`,
  cancel: 'Cancel',
  restoring: 'Restoring…',
  list: 'What remains to be billed',
  subscription: 'Subscription',
  record: 'Record',
  account: 'Account',
  noMatches: 'Nothing matches the search.',
  restoredHeading: 'Restored into the run',
  restoreCancelled: 'Restore cancelled: the invoices made before the cancel are kept.',
  invoices: 'Invoices',
  credits: 'Credits',
  errors: 'Errors',
  skipped: 'No longer remaining (skipped)',
  showIssues: (count) => `${count} — show the list`,
  none: 'None',
};

/** One line of the View Remaining list. */
export interface RemainingRow {
  /** `subscription:<id>` or `record:<id>`. */
  readonly key: string;
  readonly kind: 'subscription' | 'record';
  readonly id: string;
  readonly account: string;
  readonly totals: readonly CurrencyTotal[];
}

interface Loaded {
  readonly remaining: Remaining;
  readonly rows: readonly RemainingRow[];
  /** Lower-case `id account` of each row, for the search. */
  readonly haystack: readonly string[];
}

function toRows(remaining: Remaining): Loaded {
  const rows: RemainingRow[] = [];
  for (const sub of remaining.subscriptions) {
    rows.push({
      key: `subscription:${sub.id}`,
      kind: 'subscription',
      id: sub.id,
      account: sub.account,
      totals: sub.totals,
    });
  }
  for (const record of remaining.records) {
    rows.push({
      key: `record:${record.id}`,
      kind: 'record',
      id: record.id,
      account: record.account,
      totals: [],
    });
  }
  return {remaining, rows, haystack: rows.map((row) => `${row.id} ${row.account}`.toLowerCase())};
}

/**
 * @tagname remaining-picker
 * @summary View Remaining of a run: what re-running it now would bill, to pick from and restore
 * into the run.
 *
 * @fires {RemainingRestoreEvent} remaining-restore - Before a restore starts (cancelable); `runId` and `chosen`.
 * @fires {RemainingRestoredEvent} remaining-restored - When a restore ended; `runId` and `result`.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart notice - An explanation (no run, nothing remains, not the latest run).
 * @csspart error - A failure notice.
 * @csspart retry-button - The button that tries again after a failure.
 * @csspart search - The search field.
 * @csspart select-all-button - The Select all button.
 * @csspart select-none-button - The Select none button.
 * @csspart count - The count of selected rows.
 * @csspart list - The virtualised list.
 * @csspart row - One subscription or record.
 * @csspart restore-button - The Restore button.
 * @csspart cancel-button - The Cancel button while restoring.
 * @csspart progress - The progress bar.
 * @csspart status - The live region that announces progress.
 * @csspart summary - The result of a restore.
 * @csspart issues - The expandable list of errors.
 * @csspart totals - The totals per currency.
 *
 * @cssproperty --invoice-run-color - Text colour.
 * @cssproperty --invoice-run-font-family - Font family.
 * @cssproperty --invoice-run-font-size - Base font size.
 * @cssproperty --invoice-run-accent - Colour of primary buttons and progress.
 * @cssproperty --invoice-run-on-accent - Text colour on the accent.
 * @cssproperty --invoice-run-danger-text - Text colour of errors.
 * @cssproperty --invoice-run-danger-surface - Background of error notices.
 * @cssproperty --invoice-run-border-color - Borders.
 * @cssproperty --invoice-run-surface - Background of fields and buttons.
 * @cssproperty --invoice-run-muted-surface - Background of notices.
 * @cssproperty --invoice-run-muted-color - Colour of hints.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 * @cssproperty --invoice-run-radius - Corner radius.
 * @cssproperty --invoice-run-gap - Space between sections.
 * @cssproperty --remaining-picker-list-height - Height of the scrolling list.
 * @cssproperty --remaining-picker-selected-surface - Background of a selected row.
 *
 * @slot - Nothing is slotted.
 */
export class RemainingPicker extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    selected: {state: true, attribute: false},
    query: {state: true, attribute: false},
    progress: {state: true, attribute: false},
    runId: {attribute: 'run-id', reflect: true},
    run: {attribute: false},
    messages: {attribute: false},
  };

  private readonly loadTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined],
    Loaded
  >(this, {
    task: async ([client, runId], {signal}) => {
      if (client === undefined || runId === undefined) return initialState;
      const remaining = await client.remaining(runId);
      signal.throwIfAborted();
      return toRows(remaining);
    },
    args: () => [this.activeClient, this.activeRunId] as const,
  });

  private readonly restoreTask = new Task<readonly [string, RestoreChoice], RestoreResult>(this, {
    autoRun: false,
    task: async ([runId, chosen], {signal}) => {
      const client = this.requireClient(this.text.noClient);
      const result = await client.restore(runId, chosen, {
        signal,
        onProgress: (progress) => {
          this.progress = progress;
        },
      });
      this.emit(new RemainingRestoredEvent(runId, result));
      return result;
    },
  });

  /** The search result, kept while rows and query stay the same (the list keeps its items). */
  private filtered: {
    readonly loaded: Loaded | undefined;
    readonly query: string;
    readonly rows: RemainingRow[];
  } = {loaded: undefined, query: '', rows: []};

  declare private selected: ReadonlySet<string>;
  declare private query: string;
  declare private progress: RunProgress | undefined;

  /** The id of the run whose remaining to show (the `run` property wins when both are set). */
  declare runId: string | undefined;

  /** The run whose remaining to show. */
  declare run: RunView | RunRecord | undefined;

  /** Texts that replace the defaults (`remainingPickerMessages`); the rest stay. */
  declare messages: Partial<RemainingPickerMessages>;

  constructor() {
    super();
    this.selected = new Set();
    this.query = '';
    this.progress = undefined;
    this.runId = undefined;
    this.run = undefined;
    this.messages = {};
  }

  private get text(): RemainingPickerMessages {
    return {...remainingPickerMessages, ...this.messages};
  }

  private get activeRunId(): string | undefined {
    const id = this.run?.id ?? this.runId;
    return id === '' ? undefined : id;
  }

  private get restoring(): boolean {
    return this.restoreTask.status === TaskStatus.PENDING;
  }

  private visibleRows(loaded: Loaded): RemainingRow[] {
    const query = this.query.trim().toLowerCase();
    if (this.filtered.loaded === loaded && this.filtered.query === query) return this.filtered.rows;
    const rows =
      query === ''
        ? [...loaded.rows]
        : loaded.rows.filter((_, index) => loaded.haystack[index]!.includes(query));
    this.filtered = {loaded, query, rows};
    return rows;
  }

  private readonly onSearch = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
  };

  private readonly onToggle = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const key = input.dataset['key'];
    if (key === undefined) return;
    const next = new Set(this.selected);
    if (input.checked) next.add(key);
    else next.delete(key);
    this.selected = next;
  };

  private readonly onSelectAll = (): void => {
    const loaded = this.loadTask.value;
    if (loaded === undefined) return;
    const next = new Set(this.selected);
    for (const row of this.visibleRows(loaded)) next.add(row.key);
    this.selected = next;
  };

  private readonly onSelectNone = (): void => {
    const loaded = this.loadTask.value;
    if (loaded === undefined) return;
    const next = new Set(this.selected);
    for (const row of this.visibleRows(loaded)) next.delete(row.key);
    this.selected = next;
  };

  private readonly onRestore = async (): Promise<void> => {
    await this.restore();
  };

  private readonly onCancel = (): void => {
    this.restoreTask.abort();
  };

  private readonly retryLoad = (): void => {
    void this.loadTask.run();
  };

  /** The rows that are selected, by kind, as `restore` takes them. */
  private chosen(): RestoreChoice {
    const subscriptions: string[] = [];
    const records: string[] = [];
    for (const row of this.loadTask.value?.rows ?? []) {
      if (!this.selected.has(row.key)) continue;
      (row.kind === 'subscription' ? subscriptions : records).push(row.id);
    }
    return {subscriptions, records};
  }

  /**
   * Bills the selected rows into the run (as the Restore button does) and resolves with the
   * result; afterwards the list shows what still remains.
   */
  async restore(): Promise<RestoreResult | undefined> {
    const runId = this.activeRunId;
    const chosen = this.chosen();
    const count = (chosen.subscriptions?.length ?? 0) + (chosen.records?.length ?? 0);
    if (runId === undefined || count === 0 || this.restoring) return undefined;
    if (!this.emit(new RemainingRestoreEvent(runId, chosen))) return undefined;
    this.progress = undefined;
    const done = this.restoreTask.run([runId, chosen]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="cancel-button"]')?.focus();
    await done;
    if (this.restoreTask.status !== TaskStatus.COMPLETE) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="error"]')?.focus();
      return undefined;
    }
    this.selected = new Set();
    await this.loadTask.run();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#result-heading')?.focus();
    return this.restoreTask.value;
  }

  /** Selects every row that matches the search. */
  selectAll(): void {
    this.onSelectAll();
  }

  /** Clears the selection of every row that matches the search. */
  selectNone(): void {
    this.onSelectNone();
  }

  private renderHeading(loaded: Loaded | undefined, locale: string): TemplateResult {
    const text = this.text;
    const run: RunRecord | undefined = this.run ?? loaded?.remaining.run;
    const label =
      run === undefined
        ? ''
        : text.runLabel(
            run.config.title ?? `#${run.sequence}`,
            formatPeriod(run.config.periodStart, run.config.periodEnd, locale),
          );
    return html`<h2 id="heading" part="heading">
      ${text.heading}${label === '' ? nothing : html`: <span>${label}</span>`}
    </h2>`;
  }

  private renderRow(row: RemainingRow, locale: string): TemplateResult {
    const text = this.text;
    const selected = this.selected.has(row.key);
    return html`<div class="row" part="row" role="listitem" ?data-selected=${selected}>
      <label>
        <input
          type="checkbox"
          data-key=${row.key}
          .checked=${live(selected)}
          ?disabled=${this.restoring}
          @change=${this.onToggle}
        />
        <span class="kind">${row.kind === 'subscription' ? text.subscription : text.record}</span>
        <span class="id">${row.id}</span>
        <span class="account">${text.account} ${row.account}</span>
        <span class="amount">${grossTotals(row.totals, locale)}</span>
      </label>
    </div>`;
  }

  private renderList(loaded: Loaded, locale: string): TemplateResult {
    const text = this.text;
    if (loaded.rows.length === 0) {
      return html`<p class="notice" part="notice">${text.empty}</p>`;
    }
    const rows = this.visibleRows(loaded);
    const selectedCount = this.selected.size;
    return html`<div class="toolbar actions">
        <label class="search">
          <span>${text.search}</span>
          <input
            type="search"
            part="search"
            placeholder=${text.searchPlaceholder}
            .value=${live(this.query)}
            @input=${this.onSearch}
          />
        </label>
        <button
          type="button"
          part="select-all-button"
          ?disabled=${this.restoring}
          @click=${this.onSelectAll}
        >
          ${text.selectAll}
        </button>
        <button
          type="button"
          part="select-none-button"
          ?disabled=${this.restoring}
          @click=${this.onSelectNone}
        >
          ${text.selectNone}
        </button>
        <span part="count" class="count" role="status" aria-live="polite"
          >${text.selectedCount(
            formatCount(selectedCount, locale),
            formatCount(loaded.rows.length, locale),
          )}</span
        >
      </div>
      ${
        rows.length === 0
          ? html`<p class="notice" part="notice">${text.noMatches}</p>`
          : html`<div class="list" part="list" role="list" aria-label=${text.list}>
              ${virtualize({
                items: rows,
                // The virtualizer may ask for a stale index once while the list shrinks.
                keyFunction: (row: RemainingRow | undefined, index: number) => row?.key ?? index,
                renderItem: (row: RemainingRow | undefined) =>
                  row === undefined ? html`` : this.renderRow(row, locale),
                scroller: true,
              })}
            </div>`
      }
      <div class="actions">
        ${
          this.restoring
            ? html`<button type="button" part="cancel-button" @click=${this.onCancel}>
                ${text.cancel}
              </button>`
            : html`<button
                type="button"
                class="primary"
                part="restore-button"
                ?disabled=${selectedCount === 0}
                @click=${this.onRestore}
              >
                ${text.restore(formatCount(selectedCount, locale), selectedCount)}
              </button>`
        }
      </div>`;
  }

  private renderResult(locale: string): unknown {
    const text = this.text;
    const task = this.restoreTask;
    if (task.status === TaskStatus.ERROR) return renderFailure(task.error, text);
    if (task.status !== TaskStatus.COMPLETE || task.value === undefined) return nothing;
    const result = task.value;
    const errors = result.errors;
    return html`<section part="summary" aria-labelledby="result-heading">
      <h3 id="result-heading" tabindex="-1">
        ${result.status === 'cancelled' ? text.restoreCancelled : text.restoredHeading}
      </h3>
      <dl class="figures">
        <dt>${text.invoices}</dt>
        <dd>${formatCount(result.counters.invoices, locale)}</dd>
        <dt>${text.credits}</dt>
        <dd>${formatCount(result.counters.credits, locale)}</dd>
        <dt>${text.errors}</dt>
        <dd>
          ${
            errors.length === 0
              ? text.none
              : html`<details part="issues">
                  <summary>${text.showIssues(formatCount(errors.length, locale))}</summary>
                  <ul>
                    ${errors.map(
                      (issue) =>
                        html`<li>
                          <strong>${issue.source} ${issue.id}</strong>: ${issue.message}
                        </li>`,
                    )}
                  </ul>
                </details>`
          }
        </dd>
        ${
          result.skipped.length === 0
            ? nothing
            : html`<dt>${text.skipped}</dt>
                <dd>${result.skipped.join(', ')}</dd>`
        }
      </dl>
      ${renderTotals(result.totals, text, locale)}
    </section>`;
  }

  private renderBody(locale: string): unknown {
    const text = this.text;
    if (this.activeRunId === undefined) {
      return html`<p class="notice" part="notice">${text.noRun}</p>`;
    }
    if (this.activeClient === undefined) {
      return renderNoClient(text.noClient);
    }
    return renderLoading(this.loadTask, {
      loading: text.loading,
      complete: (loaded) => this.renderList(loaded, locale),
      messages: text,
      retry: this.retryLoad,
      error: (error) =>
        errorCode(error) === 'RUN_NOT_LATEST'
          ? html`<div class="notice" part="notice" data-code="RUN_NOT_LATEST">
              <h3>${text.notLatestHeading}</h3>
              <p>${text.runNotLatest}</p>
            </div>`
          : renderFailure(error, text, this.retryLoad),
    });
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const loaded = this.loadTask.value;
    const run: RunView | RunRecord | undefined = this.run ?? loaded?.remaining.run;
    const interrupted = run !== undefined && 'interrupted' in run && run.interrupted;
    return html`<section part="base" aria-labelledby="heading">
      ${this.renderHeading(loaded, locale)}
      ${interrupted ? html`<p class="notice" part="notice">${text.interrupted}</p>` : nothing}
      ${this.renderBody(locale)}
      ${this.restoring ? renderProgressBar(this.progress, text) : nothing}
      <p part="status" class="status" role="status" aria-live="polite">
        ${this.restoring ? `${text.restoring} ${progressText(this.progress, text, locale)}` : ''}
      </p>
      ${this.renderResult(locale)}
    </section>`;
  }
}
