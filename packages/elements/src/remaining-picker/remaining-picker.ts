import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import {live} from 'lit/directives/live.js';
import {Task, TaskStatus, initialState} from '@lit/task';
import {virtualize} from '@lit-labs/virtualizer/virtualize.js';
import type {
  CurrencyTotal,
  Remaining,
  RemainingSubscription,
  RestoreResult,
  RunRecord,
} from '@invoice-run/core';
import type {
  InvoiceRunClient,
  JobProgress,
  RemainingWatch,
  RestoreChoice,
  RunView,
} from '@invoice-run/worker';
import {RemainingRestoreEvent, RemainingRestoredEvent} from '../events.js';
import {errorCode} from '../internal/errors.js';
import {formatCount, formatPeriod} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {LiveQueryController} from '../internal/live-query.js';
import {renderLoading} from '../internal/loading.js';
import {
  grossTotals,
  progressText,
  renderFailure,
  renderIssueList,
  renderProgressBar,
  renderTotals,
  renderNoClient,
} from '../internal/templates.js';
import {UnloadGuard} from '../internal/unload-guard.js';
import styles from './remaining-picker.styles.js';
import {
  remainingPickerMessages,
  type RemainingPickerMessages,
} from './remaining-picker.messages.js';
import {Catalogue} from '../internal/language.js';

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
  /** `undefined` while the rows still arrive: they are then the first ones of the list. */
  readonly remaining: Remaining | undefined;
  /** Whose list it is: a list of another run or client is not shown. */
  readonly runId?: string;
  readonly client?: InvoiceRunClient;
  readonly rows: readonly RemainingRow[];
  /** Lower-case `id account` of each row, for the search. */
  readonly haystack: readonly string[];
}

/** The rows that arrived since the list was last drawn are added at most this often (ms). */
const DRAW_INTERVAL = 200;

/** A new version of what remains is looked up once no other change came for this long (ms). */
const VERSION_SETTLE = 250;

function subscriptionRow(sub: RemainingSubscription): RemainingRow {
  return {
    key: `subscription:${sub.id}`,
    kind: 'subscription',
    id: sub.id,
    account: sub.account,
    totals: sub.totals,
  };
}

function searchText(row: RemainingRow): string {
  return `${row.id} ${row.account}`.toLowerCase();
}

/**
 * The rows of the complete list. `drawn`, the rows shown while it loaded, are its first ones
 * (subscriptions come by ascending id, each once): they are kept, not made again.
 */
function toRows(remaining: Remaining, drawn?: Loaded): Loaded {
  const {subscriptions} = remaining;
  const count = drawn?.rows.length ?? 0;
  const keep =
    drawn !== undefined &&
    count > 0 &&
    count <= subscriptions.length &&
    subscriptions[count - 1]!.id === drawn.rows[count - 1]!.id;
  const rows: RemainingRow[] = keep ? [...drawn.rows] : [];
  for (let index = rows.length; index < subscriptions.length; index++) {
    rows.push(subscriptionRow(subscriptions[index]!));
  }
  for (const record of remaining.records) {
    rows.push({
      key: `record:${record.id}`,
      kind: 'record',
      id: record.id,
      account: record.account,
      totals: record.totals,
    });
  }
  const haystack = keep ? [...drawn.haystack] : [];
  for (let index = haystack.length; index < rows.length; index++) {
    haystack.push(searchText(rows[index]!));
  }
  return {remaining, rows, haystack};
}

/** One load of View Remaining: the rows as they arrive from the worker. */
interface Stream {
  /** Arrived and drawn: a prefix of the final rows (they come by ascending id). */
  loaded: Loaded;
  /** Arrived, not drawn yet. */
  arriving: RemainingRow[];
  progress: JobProgress | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
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
 * @csspart notice - An explanation (no run, nothing remains, not the latest run, being billed).
 * @csspart error - A failure notice.
 * @csspart retry-button - The button that tries again after a failure.
 * @csspart search - The search field.
 * @csspart select-all-button - The Select all button.
 * @csspart select-none-button - The Select none button.
 * @csspart count - The count of selected rows.
 * @csspart loading - The line that says how many rows have come while the rest still loads.
 * @csspart loading-progress - The bar of subscriptions checked while the list loads.
 * @csspart list - The virtualised list.
 * @csspart row - One subscription or record.
 * @csspart restore-button - The Restore button.
 * @csspart cancel-button - The Cancel button while restoring.
 * @csspart progress - The progress bar.
 * @csspart status - The live region that announces progress.
 * @csspart summary - The result of a restore.
 * @csspart issues - The expandable list of errors.
 * @csspart issue-list - A long list of errors, scrolling in a box of its own.
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
 * @cssproperty --invoice-run-issues-height - Height of a long list of errors before it scrolls.
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
    watch: {state: true, attribute: false},
    version: {state: true, attribute: false},
    cancelling: {state: true, attribute: false},
    runId: {attribute: 'run-id', reflect: true},
    run: {attribute: false},
    messages: {attribute: false},
  };

  /** The texts: English at hand, German loaded when the page asks for it. */
  private readonly catalogue = new Catalogue<RemainingPickerMessages>(
    remainingPickerMessages,
    async () => (await import('./remaining-picker.messages.de.js')).remainingPickerMessagesDe,
  );

  /**
   * The run's live watch: every change of what remains (a draft deleted, restored, finalized or
   * edited, an import, in this tab or another) comes as a new version, and the list is looked up
   * again (the look-up in progress is cancelled). Declared before the load, which reads it.
   */
  private readonly remainingWatch = new LiveQueryController<
    readonly [InvoiceRunClient | undefined, string | undefined],
    RemainingWatch
  >(this, {
    args: () => [this.activeClient, this.activeRunId] as const,
    observe: ([client, runId], deliver) =>
      runId === undefined ? undefined : client?.observeRemaining(runId, deliver),
    onValue: (watch, _first, [, runId]) => {
      this.watch = {...watch, runId: runId!};
      this.takeVersion(watch.version);
    },
    onStop: () => this.forgetWatch(),
  });

  private readonly loadTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined, number | undefined, boolean],
    Loaded
  >(this, {
    // Loads once the run's watch has come and again at each new version of what remains; not
    // while the run is being billed (it is looked up when that ends), nor when a newer run of its
    // selection means it cannot be restored (the notice names that run).
    task: async ([client, runId, version, waits], {signal}) => {
      if (client === undefined || runId === undefined || version === undefined || waits)
        return initialState;
      const stream = this.beginStream();
      // The signal aborts when the run changes, the element leaves the page or the list is
      // loaded again: the worker then stops looking.
      const remaining = await client.remaining(runId, {
        signal,
        onSubscriptions: (rows) => this.receive(stream, rows),
        onProgress: (progress) => {
          stream.progress = progress;
          this.drawLater(stream);
        },
      });
      signal.throwIfAborted();
      return {...this.endStream(stream, remaining), runId, client};
    },
    args: () =>
      [
        this.activeClient,
        this.activeRunId,
        this.version,
        this.billing || this.currentWatch?.newer !== undefined,
      ] as const,
  });

  private readonly restoreTask = new Task<readonly [string, RestoreChoice], RestoreResult>(this, {
    autoRun: false,
    task: async ([runId, chosen], {signal}) => {
      this.restoreClient = this.activeClient;
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

  private readonly unloadGuard = new UnloadGuard(this, () => this.restoring);

  /** The load in progress (and, until the list it made is drawn, the one that just ended). */
  private stream: Stream | undefined;

  /** Takes the watch's newer version into `version` a moment after the last change. */
  private versionTimer: ReturnType<typeof setTimeout> | undefined;

  /** The client of the last restore: its result is shown only while that client is in use. */
  private restoreClient: InvoiceRunClient | undefined;

  /**
   * Select all while the list loads: the search it was pressed with. The rows still to come that
   * match it are selected as they arrive, so "Select all" means all, as a clerk reads it, not only
   * the rows that happened to be there at the click. Select none ends it.
   */
  private selectArriving: string | undefined;

  /** The run the selection belongs to: another run starts with nothing selected. */
  private selectionRunId: string | undefined;

  /** The element left the page while the list loaded, which cancelled the load. */
  private leftWhileLoading = false;

  /** The search result, kept while rows and query stay the same (the list keeps its items). */
  private filtered: {
    readonly loaded: Loaded | undefined;
    readonly query: string;
    readonly rows: RemainingRow[];
  } = {loaded: undefined, query: '', rows: []};

  declare private selected: ReadonlySet<string>;
  declare private query: string;
  declare private progress: JobProgress | undefined;
  /** The run's live watch: the run as it is now, a newer run of its selection, the version. */
  declare private watch: (RemainingWatch & {readonly runId: string}) | undefined;
  /** The version of what remains that the list is loaded for (undefined: not watched yet). */
  declare private version: number | undefined;
  declare private cancelling: boolean;

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
    this.watch = undefined;
    this.version = undefined;
    this.cancelling = false;
    this.runId = undefined;
    this.run = undefined;
    this.messages = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page (or moved) after leaving it cancelled a load: load again.
    if (this.leftWhileLoading) {
      this.leftWhileLoading = false;
      void this.loadTask.run();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Off the page nobody waits for the rows: the worker stops looking.
    if (this.loading) {
      this.leftWhileLoading = true;
      this.loadTask.abort();
      this.dropStream();
    }
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const runId = this.activeRunId;
    if (runId !== this.selectionRunId) {
      this.selectionRunId = runId;
      this.selected = new Set();
      this.selectArriving = undefined;
    }
  }

  protected override clientChanged(): void {
    this.loadTask.abort();
    this.dropStream();
    this.selected = new Set();
    this.selectArriving = undefined;
    this.query = '';
    this.progress = undefined;
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The list of a load that ended has been drawn from its result: the stream is done with.
    if (this.loadTask.status !== TaskStatus.PENDING && this.stream !== undefined) {
      this.dropStream();
    }
  }

  protected override textsReady(locale: string): Promise<unknown> | undefined {
    return this.catalogue.ready(locale);
  }

  private get text(): RemainingPickerMessages {
    return {
      ...this.catalogue.for(this.activeLocale),
      ...this.messages,
    };
  }

  /**
   * The first version is taken at once; a later one a moment after the last change, so a burst of
   * changes (another run committing chunk after chunk) makes one look-up, not one per chunk. A
   * restore of this picker takes it when it ends.
   */
  private takeVersion(version: number): void {
    clearTimeout(this.versionTimer);
    this.versionTimer = undefined;
    if (this.version === undefined) {
      this.version = version;
      return;
    }
    if (version === this.version || this.restoring) return;
    this.versionTimer = setTimeout(() => {
      this.versionTimer = undefined;
      if (!this.restoring && this.watch !== undefined) this.version = this.watch.version;
    }, VERSION_SETTLE);
  }

  /** The watch stopped (another run or client, off the page): what it said no longer holds. */
  private forgetWatch(): void {
    clearTimeout(this.versionTimer);
    this.versionTimer = undefined;
    this.watch = undefined;
    this.version = undefined;
  }

  /** The watch of the run shown, once it has come. */
  private get currentWatch(): RemainingWatch | undefined {
    const watch = this.watch;
    return watch !== undefined && watch.runId === this.activeRunId ? watch : undefined;
  }

  /** The run as it is now: the watch's, else the `run` property, else the list's. */
  private get shownRun(): RunView | RunRecord | undefined {
    return this.currentWatch?.run ?? this.run ?? this.loaded?.remaining?.run;
  }

  /** The last complete list, when it is of the run and client in use. */
  private get loaded(): Loaded | undefined {
    const value = this.loadTask.value;
    return value !== undefined &&
      value.runId === this.activeRunId &&
      value.client === this.activeClient
      ? value
      : undefined;
  }

  /** The run is being billed right now by a live worker (this tab's or another's). */
  private get billing(): boolean {
    const run = this.currentWatch?.run;
    return (
      run !== undefined &&
      (run.status === 'running' || run.status === 'pending') &&
      !run.interrupted &&
      !this.restoring
    );
  }

  private runName(run: RunView | RunRecord, locale: string): string {
    return this.text.runLabel(
      run.config.title ?? `#${run.sequence}`,
      formatPeriod(run.config.periodStart, run.config.periodEnd, locale),
    );
  }

  private get activeRunId(): string | undefined {
    const id = this.run?.id ?? this.runId;
    return id === '' ? undefined : id;
  }

  private get restoring(): boolean {
    return this.restoreTask.status === TaskStatus.PENDING;
  }

  private get loading(): boolean {
    return this.loadTask.status === TaskStatus.PENDING;
  }

  /**
   * What the list shows: while it loads, the rows that have come so far (once there are some),
   * else the last complete list; the complete list once loaded.
   */
  private get shown(): Loaded | undefined {
    const streamed = this.stream?.loaded;
    if (this.loading && streamed !== undefined && streamed.rows.length > 0) return streamed;
    return this.loaded;
  }

  private beginStream(): Stream {
    this.dropStream();
    const stream: Stream = {
      loaded: {remaining: undefined, rows: [], haystack: []},
      arriving: [],
      progress: undefined,
      timer: undefined,
    };
    this.stream = stream;
    return stream;
  }

  private dropStream(): void {
    if (this.stream !== undefined) clearTimeout(this.stream.timer);
    this.stream = undefined;
  }

  private receive(stream: Stream, subscriptions: readonly RemainingSubscription[]): void {
    if (this.stream !== stream) return;
    for (const sub of subscriptions) stream.arriving.push(subscriptionRow(sub));
    // The first rows are drawn at once; later ones together, at most every DRAW_INTERVAL ms.
    if (stream.loaded.rows.length === 0) this.draw(stream);
    else this.drawLater(stream);
  }

  private drawLater(stream: Stream): void {
    if (this.stream !== stream || stream.timer !== undefined) return;
    stream.timer = setTimeout(() => this.draw(stream), DRAW_INTERVAL);
  }

  /** Adds the rows that arrived to the list (and to the selection after a Select all). */
  private draw(stream: Stream): void {
    if (this.stream !== stream) return;
    clearTimeout(stream.timer);
    stream.timer = undefined;
    if (stream.arriving.length > 0) {
      const added = stream.arriving;
      const addedText = added.map(searchText);
      stream.arriving = [];
      const {rows, haystack} = stream.loaded;
      // New arrays: the list notices new items by a new array.
      stream.loaded = {
        remaining: undefined,
        rows: rows.concat(added),
        haystack: haystack.concat(addedText),
      };
      this.selectArrived(added, addedText);
    }
    this.requestUpdate();
  }

  /** The complete list: the rows drawn so far are its first ones, the rest (records too) follow. */
  private endStream(stream: Stream, remaining: Remaining): Loaded {
    if (this.stream !== stream) return toRows(remaining);
    const loaded = toRows(remaining, stream.loaded);
    clearTimeout(stream.timer);
    stream.timer = undefined;
    const seen = stream.loaded.rows.length;
    this.selectArrived(loaded.rows.slice(seen), loaded.haystack.slice(seen));
    this.selectArriving = undefined;
    // Rows selected before (a restore, a list loaded again) that no longer remain are dropped.
    const keys = new Set(loaded.rows.map((row) => row.key));
    const kept = [...this.selected].filter((key) => keys.has(key));
    if (kept.length !== this.selected.size) this.selected = new Set(kept);
    return loaded;
  }

  private selectArrived(rows: readonly RemainingRow[], haystack: readonly string[]): void {
    const query = this.selectArriving;
    if (query === undefined || rows.length === 0) return;
    const next = new Set(this.selected);
    rows.forEach((row, index) => {
      if (query === '' || haystack[index]!.includes(query)) next.add(row.key);
    });
    this.selected = next;
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
    const loaded = this.shown;
    if (loaded === undefined) return;
    const next = new Set(this.selected);
    for (const row of this.visibleRows(loaded)) next.add(row.key);
    this.selected = next;
    if (this.loading) this.selectArriving = this.query.trim().toLowerCase();
  };

  private readonly onSelectNone = (): void => {
    const loaded = this.shown;
    if (loaded === undefined) return;
    const next = new Set(this.selected);
    for (const row of this.visibleRows(loaded)) next.delete(row.key);
    this.selected = next;
    this.selectArriving = undefined;
  };

  private readonly onRestore = async (): Promise<void> => {
    await this.restore();
  };

  private readonly onCancel = (): void => {
    if (this.cancelling) return;
    this.cancelling = true;
    this.restoreTask.abort();
  };

  private readonly retryLoad = (): void => {
    void this.loadTask.run();
  };

  /** The rows that are selected, by kind, as `restore` takes them. */
  private chosen(): RestoreChoice {
    const subscriptions: string[] = [];
    const records: string[] = [];
    for (const row of this.loaded?.rows ?? []) {
      if (!this.selected.has(row.key)) continue;
      (row.kind === 'subscription' ? subscriptions : records).push(row.id);
    }
    return {subscriptions, records};
  }

  /**
   * Bills the selected rows into the run (as the Restore button does) and resolves with the
   * result; afterwards the list shows what still remains. Nothing happens (`undefined`) while the
   * list still loads.
   */
  async restore(): Promise<RestoreResult | undefined> {
    const runId = this.activeRunId;
    const chosen = this.chosen();
    const count = (chosen.subscriptions?.length ?? 0) + (chosen.records?.length ?? 0);
    // While the list loads the selection may still grow (Select all): restore what is final.
    if (runId === undefined || count === 0 || this.restoring || this.loading) return undefined;
    if (!this.emit(new RemainingRestoreEvent(runId, chosen))) return undefined;
    this.progress = undefined;
    this.cancelling = false;
    const done = this.restoreTask.run([runId, chosen]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="cancel-button"]')?.focus();
    await done;
    this.cancelling = false;
    // What remains changed: the list is looked up for the version the restore made.
    if (this.watch !== undefined) this.version = this.watch.version;
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

  /**
   * Selects every row that matches the search; while the list loads, also the matching rows
   * still to come.
   */
  selectAll(): void {
    this.onSelectAll();
  }

  /** Clears the selection of every row that matches the search. */
  selectNone(): void {
    this.onSelectNone();
  }

  private renderHeading(loaded: Loaded | undefined, locale: string): TemplateResult {
    const text = this.text;
    const run = this.shownRun ?? loaded?.remaining?.run;
    const label = run === undefined ? '' : this.runName(run, locale);
    return html`<h2 id="heading" part="heading">
      ${text.heading}${label === '' ? nothing : html`: <span>${label}</span>`}
    </h2>`;
  }

  /** The Restore button's words: how many subscriptions and records are selected. */
  private restoreLabel(locale: string): string {
    let subscriptions = 0;
    let records = 0;
    for (const key of this.selected) {
      if (key.startsWith('record:')) records++;
      else subscriptions++;
    }
    return this.text.restore(formatCount(subscriptions, locale), formatCount(records, locale), {
      subscriptions,
      records,
    });
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

  /**
   * While the list loads: how many rows have come and how far the worker has looked. Not a live
   * region (it changes several times a second); the count of selected rows says "of N" once the
   * list is complete, which announces the end.
   */
  private renderLoadingMore(locale: string): TemplateResult {
    const text = this.text;
    const stream = this.stream;
    const count = stream?.loaded.rows.length ?? 0;
    const progress = stream?.progress;
    const known = progress !== undefined && progress.total > 0;
    return html`<p class="hint loading" part="loading" id="loading-more">
      <span>${count === 0 ? text.loading : text.loadingMore(formatCount(count, locale))}</span>
      <progress
        part="loading-progress"
        aria-label=${text.loadingProgress}
        max=${known ? progress.total : 1}
        value=${ifDefined(known ? Math.min(progress.done, progress.total) : undefined)}
      ></progress>
      <span>${text.restoreWhenLoaded}</span>
    </p>`;
  }

  private renderList(loaded: Loaded, locale: string): TemplateResult {
    const text = this.text;
    if (loaded.rows.length === 0) {
      return this.loading
        ? html`<p class="hint" role="status">${text.loading}</p>`
        : html`<p class="notice" part="notice">${text.empty}</p>`;
    }
    const rows = this.visibleRows(loaded);
    const selectedCount = this.selected.size;
    const loading = this.loading;
    const selectedText = loading
      ? text.selectedWhileLoading(formatCount(selectedCount, locale))
      : text.selectedCount(
          formatCount(selectedCount, locale),
          formatCount(loaded.rows.length, locale),
        );
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
        <span part="count" class="count" role="status" aria-live="polite">${selectedText}</span>
      </div>
      ${loading ? this.renderLoadingMore(locale) : nothing}
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
            ? html`<button
                type="button"
                part="cancel-button"
                ?disabled=${this.cancelling}
                @click=${this.onCancel}
              >
                ${this.cancelling ? text.cancelling : text.cancel}
              </button>`
            : html`<button
                type="button"
                class="primary"
                part="restore-button"
                aria-describedby=${loading ? 'loading-more' : nothing}
                ?disabled=${selectedCount === 0 || loading}
                @click=${this.onRestore}
              >
                ${this.restoreLabel(locale)}
              </button>`
        }
      </div>`;
  }

  private renderResult(locale: string): unknown {
    const text = this.text;
    const task = this.restoreTask;
    // A restore through another client (another database) says nothing about this one.
    if (this.restoreClient !== this.activeClient) return nothing;
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
                  ${renderIssueList(errors, text.errors)}
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
    const newer = this.currentWatch?.newer;
    if (newer !== undefined && !this.restoring) {
      return html`<div class="notice" part="notice" data-code="RUN_NOT_LATEST">
        <h3>${text.notLatestHeading}</h3>
        <p>${text.notLatest(this.runName(newer, this.activeLocale))}</p>
      </div>`;
    }
    if (this.billing) {
      return html`<p class="notice" part="notice" data-code="RUN_IN_PROGRESS">${text.billing}</p>`;
    }
    const shown = this.shown;
    // The rows that have come so far, with the same list that will hold the complete one; a list
    // of another run or client is not shown meanwhile.
    if (this.loading) {
      return shown === undefined
        ? html`<p class="hint" role="status">${text.loading}</p>`
        : this.renderList(shown, locale);
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
          : errorCode(error) === 'RUN_IN_PROGRESS'
            ? html`<p class="notice" part="notice" data-code="RUN_IN_PROGRESS">${text.billing}</p>`
            : renderFailure(error, text, this.retryLoad),
    });
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const loaded = this.shown;
    const run = this.shownRun;
    const interrupted = run !== undefined && 'interrupted' in run && run.interrupted;
    // Written without white space around it, so the region is :empty (and takes no room) when idle.
    const status = !this.restoring
      ? ''
      : this.cancelling
        ? text.cancelling
        : `${text.restoring} ${progressText(this.progress, text, locale)}`;
    return html`<section part="base" aria-labelledby="heading">
      ${this.renderHeading(loaded, locale)}
      ${interrupted ? html`<p class="notice" part="notice">${text.interrupted}</p>` : nothing}
      ${this.renderBody(locale)}
      ${this.restoring ? renderProgressBar(this.progress, text) : nothing}
      <p part="status" class="status" role="status" aria-live="polite">${status}</p>
      ${this.renderResult(locale)}
    </section>`;
  }
}
