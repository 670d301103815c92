import {html, nothing, type PropertyDeclarations, type TemplateResult} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import {live} from 'lit/directives/live.js';
import {Task, TaskStatus} from '@lit/task';
import {virtualize} from '@lit-labs/virtualizer/virtualize.js';
import type {
  Filter,
  Invoice,
  PreviewResult,
  RunConfigInput,
  SourceIssue,
  StepResult,
} from '@invoice-run/core';
import type {InvoiceRunClient, JobProgress} from '@invoice-run/worker';
import {
  InvoiceRunCompleteEvent,
  InvoiceRunErrorEvent,
  InvoiceRunProgressEvent,
  InvoiceRunStartEvent,
} from '../events.js';
import {daysIn, longerThanMonths} from '../internal/calendar.js';
import {confirmDialogIn, renderConfirmDialog} from '../internal/confirm-dialog.js';
import {errorCode, errorFaults} from '../internal/errors.js';
import {describedBy, renderFieldError} from '../internal/fields.js';
import {
  FilterPicker,
  effectiveSubscriptionFilter,
  subscriptionFilterMissing,
} from '../internal/filter-picker.js';
import {
  formatCount,
  formatDate,
  formatDuration,
  formatMoney,
  formatPeriod,
} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {
  progressText,
  renderFailure,
  renderIssueList,
  renderProgressBar,
  renderTotals,
  renderNoClient,
} from '../internal/templates.js';
import {UnloadGuard} from '../internal/unload-guard.js';
import styles from './invoice-run-form.styles.js';
import {invoiceRunFormMessages, type InvoiceRunFormMessages} from './invoice-run-form.messages.js';
import {Catalogue} from '../internal/language.js';

/** A period longer than this many months is started only after a question. */
const LONG_PERIOD_MONTHS = 12;

type FieldName = 'periodStart' | 'periodEnd' | 'invoiceDate' | 'subscriptionFilter';
type DateField = 'periodStart' | 'periodEnd' | 'invoiceDate';
const DATE_FIELDS: readonly DateField[] = ['periodStart', 'periodEnd', 'invoiceDate'];
/** Refusals of a config that name a field: said at the field, not in a box above the form. */
const FIELD_CODES: ReadonlySet<string> = new Set([
  'INVALID_CONFIG',
  'INVALID_PERIOD',
  'SUBSCRIPTION_FILTER_REQUIRED',
]);

interface RunOutcome {
  readonly result: StepResult;
  readonly duration: number;
  /** It waited for another tab's or worker's billing before it began. */
  readonly waited: boolean;
}

interface PreviewOutcome {
  readonly result: PreviewResult;
  readonly duration: number;
}

/**
 * @tagname invoice-run-form
 * @summary Starts an invoice run: period, invoice date, title and filters, with progress, Cancel,
 * a summary and a Preview that stores nothing.
 *
 * @fires {InvoiceRunStartEvent} invoice-run-start - Before a run starts (cancelable); `config` is what it will bill.
 * @fires {InvoiceRunProgressEvent} invoice-run-progress - While a run bills; `progress` is `{phase, done, total}`.
 * @fires {InvoiceRunCompleteEvent} invoice-run-complete - When a run ended (also when cancelled); `result` and `duration`.
 * @fires {InvoiceRunErrorEvent} invoice-run-error - When a run or preview was refused or failed; `error` and `code`.
 *
 * @csspart base - The form.
 * @csspart heading - The heading.
 * @csspart fields - The date and title fields.
 * @csspart field - One field with its label, hint and error.
 * @csspart field-error - A validation message beside its field.
 * @csspart subscription-filters - The radio group of subscription filters.
 * @csspart transaction-filters - The checkboxes of transaction filters.
 * @csspart generic-filters - The checkboxes of generic filters.
 * @csspart start-button - The Start button; disabled, saying "Connecting…", until the form has a client.
 * @csspart cancel-button - The Cancel button.
 * @csspart preview-button - The Preview button.
 * @csspart progress - The progress bar.
 * @csspart status - The live region that announces progress.
 * @csspart error - A failure notice.
 * @csspart retry-button - The button that tries again after a failure.
 * @csspart summary - The summary of a finished run.
 * @csspart run-name - The name and period of the run in the summary's heading.
 * @csspart notice - An explanation in the summary (nothing left to bill after waiting).
 * @csspart issues - The expandable list of errors and warnings.
 * @csspart issue-list - A long list of errors or warnings, scrolling in a box of its own.
 * @csspart dialog - The question before a run of more than 12 months.
 * @csspart confirm-button - The button that starts that run.
 * @csspart totals - The totals per currency.
 * @csspart preview - The preview of a run.
 * @csspart list - The virtualised list of previewed invoices.
 * @csspart row - One previewed invoice.
 *
 * @cssproperty --invoice-run-color - Text colour.
 * @cssproperty --invoice-run-font-family - Font family.
 * @cssproperty --invoice-run-font-size - Base font size.
 * @cssproperty --invoice-run-accent - Colour of primary buttons and progress.
 * @cssproperty --invoice-run-on-accent - Text colour on the accent.
 * @cssproperty --invoice-run-danger - Colour of invalid fields and destructive actions.
 * @cssproperty --invoice-run-danger-text - Text colour of errors.
 * @cssproperty --invoice-run-danger-surface - Background of error notices.
 * @cssproperty --invoice-run-border-color - Borders of fields, buttons and tables.
 * @cssproperty --invoice-run-surface - Background of fields and buttons.
 * @cssproperty --invoice-run-muted-surface - Background of notices.
 * @cssproperty --invoice-run-muted-color - Colour of hints.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 * @cssproperty --invoice-run-radius - Corner radius.
 * @cssproperty --invoice-run-gap - Space between sections.
 * @cssproperty --invoice-run-form-list-height - Height of the preview list.
 * @cssproperty --invoice-run-issues-height - Height of a long list of errors before it scrolls.
 *
 * @slot - Nothing is slotted; the form renders its own controls.
 */
export class InvoiceRunForm extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    periodStart: {attribute: 'period-start'},
    periodEnd: {attribute: 'period-end'},
    invoiceDate: {attribute: 'invoice-date'},
    runTitle: {attribute: 'run-title'},
    subscriptionFilter: {attribute: 'subscription-filter'},
    transactionFilters: {attribute: false},
    genericFilters: {attribute: false},
    messages: {attribute: false},
    fieldErrors: {state: true, attribute: false},
    longPeriod: {state: true, attribute: false},
    progress: {state: true, attribute: false},
    shown: {state: true, attribute: false},
    cancelling: {state: true, attribute: false},
  };

  /** The texts: English at hand, German loaded when the page asks for it. */
  private readonly catalogue = new Catalogue<InvoiceRunFormMessages>(
    invoiceRunFormMessages,
    async () => (await import('./invoice-run-form.messages.de.js')).invoiceRunFormMessagesDe,
  );

  private readonly filterPicker = new FilterPicker(this, {
    client: () => this.activeClient,
    selection: () => ({
      subscriptionFilter: this.subscriptionFilter,
      transactionFilters: new Set(this.transactionFilters),
      genericFilters: new Set(this.genericFilters),
    }),
    idPrefix: '',
    onSubscriptionFilter: (id) => {
      this.subscriptionFilter = id;
      this.fieldErrors = {...this.fieldErrors, subscriptionFilter: undefined};
    },
    onFilters: (group, ids) => {
      this[group] = [...ids];
    },
  });

  private readonly runTask = new Task<readonly [RunConfigInput], RunOutcome>(this, {
    autoRun: false,
    task: async ([config], {signal}) => {
      const client = this.requireClient(this.text.noClient);
      this.taskClient = client;
      const started = performance.now();
      let waited = false;
      const result = await client.startRun(config, {
        signal,
        onProgress: (progress) => {
          if (progress.phase === 'waiting') waited = true;
          this.onProgress(progress, true);
        },
      });
      const duration = performance.now() - started;
      // A run of a client that is no longer in use (another database) reports nothing here.
      if (client === this.activeClient) this.emit(new InvoiceRunCompleteEvent(result, duration));
      return {result, duration, waited};
    },
    onError: (error) => {
      if (this.taskClient === this.activeClient)
        this.emit(new InvoiceRunErrorEvent(error, errorCode(error)));
    },
  });

  private readonly previewTask = new Task<readonly [RunConfigInput], PreviewOutcome>(this, {
    autoRun: false,
    task: async ([config], {signal}) => {
      const client = this.requireClient(this.text.noClient);
      this.taskClient = client;
      const started = performance.now();
      const result = await client.preview(config, {
        signal,
        onProgress: (progress) => this.onProgress(progress, false),
      });
      return {result, duration: performance.now() - started};
    },
    onError: (error) => {
      if (this.taskClient === this.activeClient)
        this.emit(new InvoiceRunErrorEvent(error, errorCode(error)));
    },
  });

  private readonly unloadGuard = new UnloadGuard(
    this,
    () => this.runTask.status === TaskStatus.PENDING,
  );

  /** The client of the last run or preview: its result shows only while that client is in use. */
  private taskClient: InvoiceRunClient | undefined;

  /** The first day of the period (`YYYY-MM-DD`). */
  declare periodStart: string;

  /** The last day of the period (`YYYY-MM-DD`). */
  declare periodEnd: string;

  /** The invoice date (`YYYY-MM-DD`); empty: each invoice is dated by its billing rules. */
  declare invoiceDate: string;

  /** The run's title. */
  declare runTitle: string;

  /**
   * The picked subscription filter (its id), or null for none; the host may preselect one. With a
   * single subscription filter that one is used whatever this says.
   */
  declare subscriptionFilter: string | null;

  /** The checked transaction filters (ids); the host may preselect them. */
  declare transactionFilters: readonly string[];

  /** The checked generic filters (ids); the host may preselect them. */
  declare genericFilters: readonly string[];

  /** Texts that replace the defaults (`invoiceRunFormMessages`); the rest stay. */
  declare messages: Partial<InvoiceRunFormMessages>;

  declare private fieldErrors: Partial<Record<FieldName, string>>;
  /** The period Start asks about (longer than 12 months), while its question is open. */
  declare private longPeriod: {readonly start: string; readonly end: string} | undefined;
  declare private progress: JobProgress | undefined;
  /** What the result area shows: the last run or the last preview. */
  declare private shown: 'run' | 'preview' | undefined;
  /** Cancel was pressed: the worker stops at the end of the chunk it bills. */
  declare private cancelling: boolean;

  constructor() {
    super();
    this.periodStart = '';
    this.periodEnd = '';
    this.invoiceDate = '';
    this.runTitle = '';
    this.messages = {};
    this.subscriptionFilter = null;
    this.transactionFilters = [];
    this.genericFilters = [];
    this.fieldErrors = {};
    this.longPeriod = undefined;
    this.progress = undefined;
    this.shown = undefined;
    this.cancelling = false;
  }

  protected override clientChanged(): void {
    this.runTask.abort();
    this.previewTask.abort();
    this.longPeriod = undefined;
    this.shown = undefined;
    this.progress = undefined;
    this.fieldErrors = {};
    this.cancelling = false;
  }

  protected override textsReady(locale: string): Promise<unknown> | undefined {
    return this.catalogue.ready(locale);
  }

  private get text(): InvoiceRunFormMessages {
    return {
      ...this.catalogue.for(this.activeLocale),
      ...this.messages,
    };
  }

  private get busy(): boolean {
    return (
      this.runTask.status === TaskStatus.PENDING || this.previewTask.status === TaskStatus.PENDING
    );
  }

  private get filters(): readonly Filter[] {
    return this.filterPicker.filters ?? [];
  }

  private onProgress(progress: JobProgress, announce: boolean): void {
    this.progress = progress;
    if (announce) this.emit(new InvoiceRunProgressEvent(progress));
  }

  /**
   * Whether a date field holds no usable date: what the browser could not read (half typed, a
   * day that does not exist) or a year the engine cannot take (the field allows six digits).
   */
  private dateUnusable(name: DateField): boolean {
    const input = this.renderRoot?.querySelector<HTMLInputElement>(`#${name}`);
    if (input?.validity.badInput === true) return true;
    const value = this[name];
    return value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value);
  }

  private validate(): Partial<Record<FieldName, string>> {
    const text = this.text;
    const errors: Partial<Record<FieldName, string>> = {};
    for (const name of DATE_FIELDS) {
      if (this.dateUnusable(name)) errors[name] = text.dateInvalid;
    }
    if (this.periodStart === '') errors.periodStart ??= text.periodStartRequired;
    if (this.periodEnd === '') errors.periodEnd ??= text.periodEndRequired;
    else if (
      errors.periodStart === undefined &&
      errors.periodEnd === undefined &&
      this.periodStart !== '' &&
      this.periodEnd < this.periodStart
    ) {
      errors.periodEnd = text.periodOrder;
    }
    if (subscriptionFilterMissing(this.filters, this.subscriptionFilter)) {
      errors.subscriptionFilter = text.subscriptionFilterRequired;
    }
    return errors;
  }

  private config(): RunConfigInput {
    const known = new Set(this.filters.map((filter) => filter.id));
    const subscriptionFilter = effectiveSubscriptionFilter(this.filters, this.subscriptionFilter);
    return {
      periodStart: this.periodStart,
      periodEnd: this.periodEnd,
      ...(this.invoiceDate === '' ? {} : {invoiceDate: this.invoiceDate}),
      ...(subscriptionFilter === null ? {} : {subscriptionFilter}),
      transactionFilters: [...this.transactionFilters].filter((id) => known.has(id)),
      genericFilters: [...this.genericFilters].filter((id) => known.has(id)),
      ...(this.runTitle.trim() === '' ? {} : {title: this.runTitle.trim()}),
    };
  }

  /** Checks the fields; on a fault, says so at the field and moves focus to the first one. */
  private checkFields(): boolean {
    this.fieldErrors = this.validate();
    const first = (['periodStart', 'periodEnd', 'invoiceDate', 'subscriptionFilter'] as const).find(
      (name) => this.fieldErrors[name] !== undefined,
    );
    if (first === undefined) return true;
    void this.updateComplete.then(() => {
      const target =
        first === 'subscriptionFilter'
          ? this.renderRoot.querySelector<HTMLInputElement>('input[name="subscriptionFilter"]')
          : this.renderRoot.querySelector<HTMLInputElement>(`#${first}`);
      target?.focus();
    });
    return false;
  }

  /** A refused config names the field at fault: say it there, in the form's own words. */
  private fieldErrorsOf(error: unknown): void {
    const code = errorCode(error);
    const text = this.text;
    if (code === 'INVALID_PERIOD') this.fieldErrors = {periodEnd: text.periodOrder};
    else if (code === 'SUBSCRIPTION_FILTER_REQUIRED') {
      this.fieldErrors = {subscriptionFilter: text.subscriptionFilterRequired};
    } else if (code === 'INVALID_CONFIG') {
      const errors: Partial<Record<FieldName, string>> = {};
      for (const fault of errorFaults(error)) {
        const field = DATE_FIELDS.find((name) => name === fault.path);
        if (field !== undefined) errors[field] ??= text.dateInvalid;
      }
      this.fieldErrors = errors;
    }
  }

  /** True when a refusal is said at the fields it names (no box above the form then). */
  private saidAtFields(error: unknown): boolean {
    return (
      FIELD_CODES.has(errorCode(error)) &&
      Object.values(this.fieldErrors).some((message) => message !== undefined)
    );
  }

  /**
   * A period longer than 12 months is rarely meant (a slip of the year): asks before it starts.
   * Resolves true to go on.
   */
  private async confirmPeriod(): Promise<boolean> {
    if (!longerThanMonths(this.periodStart, this.periodEnd, LONG_PERIOD_MONTHS)) return true;
    this.longPeriod = {start: this.periodStart, end: this.periodEnd};
    await this.updateComplete;
    const dialog = confirmDialogIn(this.renderRoot);
    if (dialog === null) return false;
    dialog.returnValue = '';
    dialog.showModal();
    const confirmed = await new Promise<boolean>((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), {
        once: true,
      });
    });
    this.longPeriod = undefined;
    return confirmed;
  }

  private readonly onConfirmPeriod = (): void => {
    confirmDialogIn(this.renderRoot)?.close('confirm');
  };

  /** The answer is read by `confirmPeriod`, which waits for the dialog to close. */
  private readonly onPeriodQuestionClosed = (): void => {};

  private focusAfterRun(): void {
    void this.updateComplete.then(() => {
      const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
      if (active !== null && active.isConnected) return;
      this.renderRoot.querySelector<HTMLElement>('#result-heading, [part~="error"]')?.focus();
    });
  }

  private readonly onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.busy || !this.checkFields()) return;
    if (!(await this.confirmPeriod())) return;
    const config = this.config();
    if (!this.emit(new InvoiceRunStartEvent(config))) return;
    const client = this.activeClient;
    this.progress = undefined;
    this.cancelling = false;
    this.shown = 'run';
    const done = this.runTask.run([config]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="cancel-button"]')?.focus();
    await done;
    this.cancelling = false;
    if (this.activeClient !== client) return;
    if (this.runTask.status === TaskStatus.ERROR) this.fieldErrorsOf(this.runTask.error);
    this.focusAfterRun();
  };

  private readonly onPreview = async (): Promise<void> => {
    if (this.busy || !this.checkFields()) return;
    const client = this.activeClient;
    this.progress = undefined;
    this.cancelling = false;
    this.shown = 'preview';
    const done = this.previewTask.run([this.config()]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="cancel-button"]')?.focus();
    await done;
    this.cancelling = false;
    if (this.activeClient !== client) return;
    if (this.previewTask.status === TaskStatus.ERROR) this.fieldErrorsOf(this.previewTask.error);
    this.focusAfterRun();
  };

  private readonly onCancel = (): void => {
    if (this.cancelling) return;
    // Said at once: the worker ends the chunk it bills first, which can take a while.
    this.cancelling = true;
    this.runTask.abort();
    this.previewTask.abort();
  };

  private readonly onField = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const name = input.name as DateField | 'runTitle';
    this[name] = input.value;
    if (name !== 'runTitle') {
      // Said again as soon as what was wrong is typed over.
      if (DATE_FIELDS.some((field) => this.fieldErrors[field] !== undefined)) {
        const {periodStart, periodEnd, invoiceDate} = this.validate();
        this.fieldErrors = {...this.fieldErrors, periodStart, periodEnd, invoiceDate};
      }
    }
  };

  /**
   * Runs the form as if Start was pressed (validation and the question about a period of more
   * than 12 months included); resolves when the run ends.
   */
  async start(): Promise<StepResult | undefined> {
    await this.onSubmit(new Event('submit', {cancelable: true}));
    return this.runTask.status === TaskStatus.COMPLETE ? this.runTask.value?.result : undefined;
  }

  /** Cancels the run or preview in progress: only whole invoices stay. */
  cancel(): void {
    this.onCancel();
  }

  private renderDateField(
    name: 'periodStart' | 'periodEnd' | 'invoiceDate',
    label: string,
    required: boolean,
    hint?: string,
  ): TemplateResult {
    const error = this.fieldErrors[name];
    return html`<div class="field" part="field">
      <label for=${name}>${label}</label>
      <input
        id=${name}
        name=${name}
        type="date"
        .value=${live(this[name])}
        ?required=${required}
        aria-invalid=${error === undefined ? 'false' : 'true'}
        aria-describedby=${ifDefined(
          describedBy(
            hint === undefined ? undefined : `${name}-hint`,
            error === undefined ? undefined : `${name}-error`,
          ),
        )}
        @input=${this.onField}
        @change=${this.onField}
      />
      ${hint === undefined ? nothing : html`<p id="${name}-hint" class="hint">${hint}</p>`}
      ${renderFieldError(`${name}-error`, error)}
    </div>`;
  }

  private renderIssues(
    label: string,
    issues: readonly SourceIssue<string>[],
    locale: string,
  ): TemplateResult {
    const text = this.text;
    if (issues.length === 0)
      return html`<dt>${label}</dt>
        <dd>${text.noIssues}</dd>`;
    return html`<dt>${label}</dt>
      <dd>
        <details part="issues">
          <summary>${text.showIssues(formatCount(issues.length, locale))}</summary>
          ${renderIssueList(issues, text.issuesOf(label))}
        </details>
      </dd>`;
  }

  private renderRunSummary(outcome: RunOutcome, locale: string): TemplateResult {
    const text = this.text;
    const {result, duration} = outcome;
    const heading =
      result.status === 'cancelled'
        ? text.cancelled
        : result.status === 'completed-with-errors'
          ? text.completedWithErrors
          : text.completed;
    const {run} = result;
    const name = text.runLabel(
      run.config.title ?? text.untitled(formatCount(run.sequence, locale)),
      formatPeriod(run.config.periodStart, run.config.periodEnd, locale),
    );
    const nothingBilled = result.counters.invoices + result.counters.credits === 0;
    return html`<section part="summary" aria-labelledby="result-heading">
      <h3 id="result-heading" tabindex="-1">${heading}: <span part="run-name">${name}</span></h3>
      ${
        outcome.waited && nothingBilled && result.status !== 'cancelled'
          ? html`<p class="notice" part="notice">${text.billedElsewhere}</p>`
          : nothing
      }
      <dl class="figures">
        <dt>${text.invoices}</dt>
        <dd>${formatCount(result.counters.invoices, locale)}</dd>
        <dt>${text.credits}</dt>
        <dd>${formatCount(result.counters.credits, locale)}</dd>
        ${this.renderIssues(text.errors, result.errors, locale)}
        ${
          result.warnings.length === 0
            ? nothing
            : this.renderIssues(text.warnings, result.warnings, locale)
        }
        <dt>${text.duration}</dt>
        <dd>${formatDuration(duration, locale)}</dd>
      </dl>
      ${renderTotals(result.totals, text, locale)}
    </section>`;
  }

  private renderPreview(outcome: PreviewOutcome, locale: string): TemplateResult {
    const text = this.text;
    const {result, duration} = outcome;
    return html`<section part="preview" aria-labelledby="result-heading">
      <h3 id="result-heading" tabindex="-1">${text.previewHeading}</h3>
      <dl class="figures">
        <dt>${text.invoices}</dt>
        <dd>${formatCount(result.counters.invoices, locale)}</dd>
        <dt>${text.credits}</dt>
        <dd>${formatCount(result.counters.credits, locale)}</dd>
        ${this.renderIssues(text.errors, result.errors, locale)}
        <dt>${text.duration}</dt>
        <dd>${formatDuration(duration, locale)}</dd>
      </dl>
      ${renderTotals(result.totals, text, locale)}
      ${
        result.invoices.length === 0
          ? html`<p class="notice">${text.previewEmpty}</p>`
          : html`<div
              class="list"
              part="list"
              role="list"
              aria-label=${text.previewInvoices}
              tabindex="0"
            >
              ${virtualize({
                items: [...result.invoices],
                keyFunction: (invoice: Invoice | undefined, index: number) => invoice?.id ?? index,
                renderItem: (invoice: Invoice | undefined) =>
                  invoice === undefined ? html`` : this.renderPreviewRow(invoice, locale),
                scroller: true,
              })}
            </div>`
      }
    </section>`;
  }

  private renderPreviewRow(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    return html`<div class="row" part="row" role="listitem">
      <span>${text.account} ${invoice.accountId}</span>
      <span
        >${invoice.subscriptionId === null ? '' : `${text.subscription} ${invoice.subscriptionId}`}</span
      >
      <span>${invoice.class === 'credit' ? text.credit : ''}</span>
      <span
        >${formatDate(invoice.servicePeriod.start, locale)} –
        ${formatDate(invoice.servicePeriod.end, locale)}</span
      >
      <span class="amount">${formatMoney(invoice.gross, invoice.currency, locale)}</span>
    </div>`;
  }

  private renderResult(locale: string): unknown {
    const text = this.text;
    const task =
      this.shown === 'preview' ? this.previewTask : this.shown === 'run' ? this.runTask : undefined;
    if (task === undefined || task.status === TaskStatus.INITIAL) return nothing;
    if (this.taskClient !== this.activeClient) return nothing;
    if (task.status === TaskStatus.PENDING) return nothing;
    if (task.status === TaskStatus.ERROR) {
      return this.saidAtFields(task.error) ? nothing : renderFailure(task.error, text);
    }
    return this.shown === 'preview'
      ? this.renderPreview(this.previewTask.value!, locale)
      : this.renderRunSummary(this.runTask.value!, locale);
  }

  private renderPeriodQuestion(locale: string): TemplateResult {
    const text = this.text;
    const period = this.longPeriod;
    const days = period === undefined ? 0 : (daysIn(period.start, period.end) ?? 0);
    return renderConfirmDialog({
      heading: text.confirmLongPeriodHeading,
      text:
        period === undefined
          ? ''
          : text.confirmLongPeriod(
              formatPeriod(period.start, period.end, locale),
              formatCount(days, locale),
              days,
            ),
      cancel: text.confirmLongPeriodCancel,
      confirm: text.confirmLongPeriodStart,
      tone: 'primary',
      onConfirm: this.onConfirmPeriod,
      onClose: this.onPeriodQuestionClosed,
    });
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const busy = this.busy;
    // No client yet: the page gives it once its data is there. Start waits for it (pressed
    // before, it could only fail, and the client's arrival would then wipe the failure).
    const connecting = this.activeClient === undefined && !busy;
    const hasErrors = Object.values(this.fieldErrors).some((error) => error !== undefined);
    const status = !busy
      ? connecting
        ? text.connecting
        : ''
      : this.cancelling
        ? text.cancelling
        : `${this.shown === 'preview' ? text.previewing : text.running} ${progressText(this.progress, text, locale)}`;
    // The question is a dialog with a form of its own: outside the run's form, never nested.
    return html`<form part="base" novalidate aria-labelledby="heading" @submit=${this.onSubmit}>
        <h2 id="heading" part="heading">${text.heading}</h2>
        <div class="fields" part="fields">
          ${this.renderDateField('periodStart', text.periodStart, true)}
          ${this.renderDateField('periodEnd', text.periodEnd, true)}
          ${this.renderDateField('invoiceDate', text.invoiceDate, false, text.invoiceDateHint)}
          <div class="field" part="field">
            <label for="runTitle">${text.runTitle}</label>
            <input
              id="runTitle"
              name="runTitle"
              type="text"
              autocomplete="off"
              .value=${live(this.runTitle)}
              @input=${this.onField}
            />
          </div>
        </div>
        ${this.filterPicker.render({
          messages: text,
          subscriptionLegend: text.subscriptionFilters,
          errors: this.fieldErrors,
          initial: () => renderNoClient(text.noClient),
        })}
        ${hasErrors ? html`<p class="field-error">${text.fixErrors}</p>` : nothing}
        <div class="actions">
          ${
            busy
              ? html`<button
                  type="button"
                  part="cancel-button"
                  ?disabled=${this.cancelling}
                  @click=${this.onCancel}
                >
                  ${this.cancelling ? text.cancelling : text.cancel}
                </button>`
              : html`<button
                  type="submit"
                  class="primary"
                  part="start-button"
                  ?disabled=${connecting}
                >
                  ${connecting ? text.connecting : text.start}
                </button>`
          }
          <button
            type="button"
            part="preview-button"
            ?disabled=${busy || connecting}
            @click=${this.onPreview}
          >
            ${text.preview}
          </button>
        </div>
        ${busy ? renderProgressBar(this.progress, text) : nothing}
        <p part="status" class="status" role="status" aria-live="polite">${status}</p>
        ${this.renderResult(locale)}
      </form>
      ${this.renderPeriodQuestion(locale)}`;
  }
}
