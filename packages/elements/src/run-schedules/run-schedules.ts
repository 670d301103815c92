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
import type {Filter, FiringRecord, Schedule, ScheduleInput} from '@invoice-run/core';
import type {
  InvoiceRunClient,
  Page,
  RunView,
  ScheduleOverview,
  UpcomingFiring,
} from '@invoice-run/worker';
import {
  ScheduleDeleteEvent,
  ScheduleDeletedEvent,
  ScheduleRunSelectEvent,
  ScheduleSaveEvent,
  ScheduleSavedEvent,
} from '../events.js';
import {confirmDialogIn, renderConfirmDialog} from '../internal/confirm-dialog.js';
import {CronWords} from '../internal/cron-words.js';
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
  formatPeriod,
  formatWallClock,
  formatWeekday,
} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {LiveQueryController} from '../internal/live-query.js';
import {renderLoading} from '../internal/loading.js';
import {renderFailure, renderNoClient} from '../internal/templates.js';
import styles from './run-schedules.styles.js';
import {
  runSchedulesMessages,
  type Alignment,
  type InvoiceAnchor,
  type RunSchedulesMessages,
} from './run-schedules.messages.js';
import {Catalogue} from '../internal/language.js';

/** The fields of the edit form, in the order they show. */
const FIELDS = [
  'name',
  'cron',
  'timeZone',
  'interval',
  'alignment',
  'shiftDays',
  'startOfWeek',
  'invoiceDate',
  'subscriptionFilter',
  'transactionFilters',
  'genericFilters',
  'enabled',
  'maxCatchUp',
] as const;
type Field = (typeof FIELDS)[number];
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);

type TextField = 'name' | 'cron' | 'timeZone' | 'interval' | 'shiftDays' | 'maxCatchUp';

/** What the edit form holds: text as typed, so nothing is lost on an error. */
interface Draft {
  /** The schedule being edited, or undefined for a new one. */
  readonly original: Schedule | undefined;
  readonly name: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly interval: string;
  readonly alignment: Alignment;
  readonly shiftDays: string;
  readonly startOfWeek: string;
  readonly invoiceAnchor: InvoiceAnchor;
  readonly invoiceDays: string;
  readonly subscriptionFilter: string | null;
  readonly transactionFilters: ReadonlySet<string>;
  readonly genericFilters: ReadonlySet<string>;
  readonly enabled: boolean;
  readonly maxCatchUp: string;
}

type Action =
  | {readonly kind: 'toggle'; readonly schedule: Schedule}
  | {readonly kind: 'delete'; readonly schedule: Schedule};

/**
 * How far Shift days may move the date a period is counted from, either way: the range of the
 * engine's schedule schema (`SHIFT_DAYS_LIMIT` of @invoice-run/core; a test holds them equal).
 */
const SHIFT_DAYS = 365;

/** A whole number typed in a field, or undefined for anything else (empty included). */
function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, {timeZone: name});
    return true;
  } catch {
    return false;
  }
}

/** How many firings the panel of a schedule lists, newest first. */
const FIRINGS_SHOWN = 20;

const INVOICE_DATE_RULE = /^(start|end)([+-])(\d+)$/;

function draftOf(schedule: Schedule | undefined): Draft {
  const invoiceDate = schedule?.invoiceDate ?? null;
  const rule = invoiceDate === null ? null : INVOICE_DATE_RULE.exec(invoiceDate);
  return {
    original: schedule,
    name: schedule?.name ?? '',
    cron: schedule?.cron ?? '',
    timeZone: schedule?.timeZone ?? '',
    interval: schedule?.interval ?? '1m',
    alignment: schedule?.alignment ?? 'previous',
    shiftDays: String(schedule?.shiftDays ?? 0),
    startOfWeek: String(schedule?.startOfWeek ?? 1),
    invoiceAnchor: rule === null ? 'none' : (rule[1] as 'start' | 'end'),
    invoiceDays: rule === null ? '0' : `${rule[2] === '-' ? '-' : ''}${rule[3]}`,
    subscriptionFilter: schedule?.subscriptionFilter ?? null,
    transactionFilters: new Set(schedule?.transactionFilters ?? []),
    genericFilters: new Set(schedule?.genericFilters ?? []),
    enabled: schedule?.enabled ?? true,
    maxCatchUp: String(schedule?.maxCatchUp ?? 3),
  };
}

/** A number typed in a field: the number when it is one, the text as typed (refused) otherwise. */
function numberOf(text: string, fallback: number): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return fallback;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** An id for a new schedule: its name in lower case with dashes, unique among `taken`. */
function newId(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'schedule';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The field a fault's `path` names (`transactionFilters.0` is `transactionFilters`). */
function fieldOf(path: string): Field | undefined {
  const head = path.split(/[.[]/)[0] ?? '';
  return FIELD_SET.has(head) ? (head as Field) : undefined;
}

/**
 * @tagname run-schedules
 * @summary The schedules that start invoice runs on their own: when each fires next and which
 * period and invoice date it would bill, its recent firings; add, edit, enable, disable, delete.
 *
 * @fires {ScheduleSaveEvent} schedule-save - Before a schedule is saved (cancelable); `schedule` is what will be saved.
 * @fires {ScheduleSavedEvent} schedule-saved - When a schedule was saved; `schedule` as stored.
 * @fires {ScheduleDeleteEvent} schedule-delete - Before a schedule is deleted, after the confirmation (cancelable); `schedule`.
 * @fires {ScheduleDeletedEvent} schedule-deleted - When a schedule was deleted; `scheduleId`.
 * @fires {ScheduleRunSelectEvent} schedule-run-select - When the run of a fired firing is asked for; `runId` and `firing`.
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart notice - An explanation (loading, no schedules, no client).
 * @csspart error - A failure notice.
 * @csspart retry-button - The button that tries again after a failure.
 * @csspart add-button - The Add schedule button.
 * @csspart list - The list of schedules.
 * @csspart schedule - One schedule of the list.
 * @csspart state - The Enabled / Disabled badge of a schedule.
 * @csspart next - The table of a schedule's next firings.
 * @csspart edit-button - The Edit button of a schedule.
 * @csspart toggle-button - The Enable / Disable button of a schedule.
 * @csspart firings-button - The button that shows a schedule's firings.
 * @csspart delete-button - The Delete button of a schedule.
 * @csspart firings - The recent firings of a schedule.
 * @csspart firing - One firing.
 * @csspart run-button - The button that asks for the run of a fired firing.
 * @csspart form - The edit form.
 * @csspart field - One field with its label, hint and error.
 * @csspart field-error - A validation message beside its field.
 * @csspart cron-words - The cron expression of the form in words.
 * @csspart subscription-filters - The radio group of subscription filters.
 * @csspart transaction-filters - The checkboxes of transaction filters.
 * @csspart generic-filters - The checkboxes of generic filters.
 * @csspart save-button - The Save button of the form.
 * @csspart cancel-button - The Cancel button of the form.
 * @csspart dialog - The delete confirmation.
 * @csspart confirm-button - The button that confirms the delete.
 * @csspart status - The live region that announces what an action did.
 *
 * @cssproperty --invoice-run-color - Text colour.
 * @cssproperty --invoice-run-font-family - Font family.
 * @cssproperty --invoice-run-font-size - Base font size.
 * @cssproperty --invoice-run-accent - Colour of primary buttons.
 * @cssproperty --invoice-run-on-accent - Text colour on the accent.
 * @cssproperty --invoice-run-danger - Colour of invalid fields and destructive actions.
 * @cssproperty --invoice-run-danger-text - Text colour of errors.
 * @cssproperty --invoice-run-danger-surface - Background of error notices.
 * @cssproperty --invoice-run-border-color - Borders of fields, buttons, tables and schedules.
 * @cssproperty --invoice-run-surface - Background of fields, buttons and dialogs.
 * @cssproperty --invoice-run-muted-surface - Background of notices and badges.
 * @cssproperty --invoice-run-muted-color - Colour of hints.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 * @cssproperty --invoice-run-radius - Corner radius.
 * @cssproperty --invoice-run-gap - Space between sections.
 * @cssproperty --run-schedules-item-surface - Background of one schedule.
 * @cssproperty --run-schedules-disabled-color - Text colour of a disabled schedule's badge.
 *
 * @slot - Nothing is slotted.
 */
export class RunSchedules extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    messages: {attribute: false},
    refreshInterval: {type: Number, attribute: 'refresh-interval'},
    version: {state: true, attribute: false},
    draft: {state: true, attribute: false},
    fieldErrors: {state: true, attribute: false},
    formError: {state: true, attribute: false},
    firingsOf: {state: true, attribute: false},
    pendingDelete: {state: true, attribute: false},
    announcement: {state: true, attribute: false},
  };

  /** Cron expressions in words, with cRonstrue loaded on first render. */
  private readonly cronWords = new CronWords();

  /** The texts: English at hand, German loaded when the page asks for it. */
  private readonly catalogue = new Catalogue<RunSchedulesMessages>(
    runSchedulesMessages,
    async () => (await import('./run-schedules.messages.de.js')).runSchedulesMessagesDe,
  );

  /**
   * A firing makes or merges into a run: when the runs change, the next firings and the firings
   * shown are read again (at most every 300 ms).
   */
  private readonly runChanges = new LiveQueryController<
    readonly [InvoiceRunClient | undefined],
    Page<RunView>
  >(this, {
    args: () => [this.activeClient] as const,
    observe: ([client], deliver) => client?.observeRuns(deliver, {offset: 0, limit: 1}),
    onChange: () => this.version++,
    changeDelay: 300,
  });

  private readonly overviewTask = new Task<
    readonly [InvoiceRunClient | undefined, number],
    ScheduleOverview[]
  >(this, {
    task: async ([client], {signal}) => {
      if (client === undefined) return initialState;
      const overview = await client.scheduleOverview();
      signal.throwIfAborted();
      return [...overview].sort(
        (a, b) =>
          a.schedule.name.localeCompare(b.schedule.name) ||
          a.schedule.id.localeCompare(b.schedule.id),
      );
    },
    args: () => [this.activeClient, this.version] as const,
  });

  private readonly filterPicker = new FilterPicker(this, {
    client: () => this.activeClient,
    selection: () => this.draft,
    idPrefix: 'field-',
    onSubscriptionFilter: (id) => {
      if (this.draft === undefined) return;
      this.draft = {...this.draft, subscriptionFilter: id};
      this.fieldErrors = {...this.fieldErrors, subscriptionFilter: undefined};
    },
    onFilters: (group, ids) => {
      if (this.draft === undefined) return;
      this.draft = {...this.draft, [group]: ids};
    },
  });

  private readonly firingsTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined, number],
    FiringRecord[]
  >(this, {
    task: async ([client, scheduleId]) =>
      client === undefined || scheduleId === undefined ? initialState : client.firings(scheduleId),
    args: () => [this.activeClient, this.firingsOf, this.version] as const,
  });

  private readonly saveTask = new Task<readonly [ScheduleInput], Schedule>(this, {
    autoRun: false,
    task: async ([schedule]) => this.requireClient(this.text.noClient).saveSchedule(schedule),
  });

  private readonly actionTask = new Task<readonly [Action], Schedule | string>(this, {
    autoRun: false,
    task: async ([action]) => {
      const client = this.requireClient(this.text.noClient);
      if (action.kind === 'toggle') {
        return client.saveSchedule({...action.schedule, enabled: !action.schedule.enabled});
      }
      await client.deleteSchedule(action.schedule.id);
      return action.schedule.id;
    },
  });

  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  /** The button that opened the form, focused again when the form closes. */
  private opener: string | undefined;

  /** Texts that replace the defaults (`runSchedulesMessages`); the rest stay. */
  declare messages: Partial<RunSchedulesMessages>;

  /**
   * Milliseconds between reloads of the next firings (they move on as time passes); 0: only when
   * runs change or `refresh()` is called. Default 60000, the scheduler's own interval.
   */
  declare refreshInterval: number;

  declare private version: number;
  declare private draft: Draft | undefined;
  declare private fieldErrors: Partial<Record<Field, string>>;
  declare private formError: string | undefined;
  declare private firingsOf: string | undefined;
  declare private pendingDelete: Schedule | undefined;
  declare private announcement: string;

  constructor() {
    super();
    this.messages = {};
    this.refreshInterval = 60_000;
    this.version = 0;
    this.draft = undefined;
    this.fieldErrors = {};
    this.formError = undefined;
    this.firingsOf = undefined;
    this.pendingDelete = undefined;
    this.announcement = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.startTimer();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('refreshInterval') && this.isConnected) this.startTimer();
  }

  protected override clientChanged(): void {
    this.draft = undefined;
    this.fieldErrors = {};
    this.formError = undefined;
    this.firingsOf = undefined;
    this.pendingDelete = undefined;
    this.announcement = '';
    confirmDialogIn(this.renderRoot)?.close();
  }

  protected override textsReady(locale: string): Promise<unknown> | undefined {
    const catalogue = this.catalogue.ready(locale);
    const cron = this.cronWords.ready(locale);
    return catalogue === undefined && cron === undefined
      ? undefined
      : Promise.all([catalogue, cron]);
  }

  private get text(): RunSchedulesMessages {
    return {
      ...this.catalogue.for(this.activeLocale),
      ...this.messages,
    };
  }

  private get overview(): readonly ScheduleOverview[] | undefined {
    return this.overviewTask.value;
  }

  private get filters(): readonly Filter[] | undefined {
    return this.filterPicker.filters;
  }

  private get saving(): boolean {
    return this.saveTask.status === TaskStatus.PENDING;
  }

  private startTimer(): void {
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    const interval = Number(this.refreshInterval);
    if (Number.isFinite(interval) && interval > 0) {
      this.refreshTimer = setInterval(() => this.version++, Math.max(1000, interval));
    }
  }

  private filterName(id: string): string {
    return this.filters?.find((filter) => filter.id === id)?.name ?? id;
  }

  /** What the form would save. */
  private scheduleOf(draft: Draft): ScheduleInput {
    const known =
      this.filters === undefined ? undefined : new Set(this.filters.map((filter) => filter.id));
    const keep = (ids: ReadonlySet<string>) =>
      [...ids].filter((id) => known === undefined || known.has(id));
    const existing = new Set((this.overview ?? []).map((each) => each.schedule.id));
    const id = draft.original?.id ?? newId(draft.name, existing);
    const days = numberOf(draft.invoiceDays, 0);
    const invoiceDate =
      draft.invoiceAnchor === 'none'
        ? null
        : typeof days === 'number' && Number.isInteger(days)
          ? `${draft.invoiceAnchor}${days < 0 ? '-' : '+'}${Math.abs(days)}`
          : `${draft.invoiceAnchor}+${draft.invoiceDays.trim()}`;
    const subscriptionFilter = effectiveSubscriptionFilter(this.filters, draft.subscriptionFilter);
    // Start from the stored schedule, so fields this form does not show are kept.
    const base: Record<string, unknown> = {...(draft.original ?? {id})};
    delete base['timeZone'];
    delete base['subscriptionFilter'];
    return {
      ...base,
      id,
      name: draft.name.trim(),
      enabled: draft.enabled,
      cron: draft.cron.trim().replace(/\s+/g, ' '),
      ...(draft.timeZone.trim() === '' ? {} : {timeZone: draft.timeZone.trim()}),
      interval: draft.interval.trim(),
      alignment: draft.alignment,
      shiftDays: numberOf(draft.shiftDays, 0) as number,
      startOfWeek: Number(draft.startOfWeek),
      invoiceDate,
      ...(subscriptionFilter === null ? {} : {subscriptionFilter}),
      transactionFilters: keep(draft.transactionFilters),
      genericFilters: keep(draft.genericFilters),
      maxCatchUp: numberOf(draft.maxCatchUp, 3) as number,
    };
  }

  /** What the form can say before asking the worker. */
  private validate(draft: Draft): Partial<Record<Field, string>> {
    const text = this.text;
    const locale = this.activeLocale;
    const errors: Partial<Record<Field, string>> = {};
    if (draft.name.trim() === '') errors.name = text.nameRequired;
    const cronParts = draft.cron.trim() === '' ? 0 : draft.cron.trim().split(/\s+/).length;
    if (cronParts === 0) errors.cron = text.cronRequired;
    else if (cronParts !== 5) {
      errors.cron = text.cronParts(formatCount(cronParts, locale), cronParts);
    }
    if (draft.timeZone.trim() !== '' && !isTimeZone(draft.timeZone.trim())) {
      errors.timeZone = text.timeZoneInvalid;
    }
    const shift = this.numberIn('shiftDays', draft.shiftDays, 0);
    if (shift === undefined || Math.abs(shift) > SHIFT_DAYS) {
      errors.shiftDays = text.shiftDaysRange(
        formatCount(-SHIFT_DAYS, locale),
        formatCount(SHIFT_DAYS, locale),
      );
    }
    const catchUp = this.numberIn('maxCatchUp', draft.maxCatchUp, 3);
    if (catchUp === undefined || catchUp < 0) errors.maxCatchUp = text.maxCatchUpInvalid;
    if (
      draft.invoiceAnchor !== 'none' &&
      this.numberIn('invoiceDays', draft.invoiceDays, 0) === undefined
    ) {
      errors.invoiceDate = text.invoiceDateDaysInvalid;
    }
    if (subscriptionFilterMissing(this.filters, draft.subscriptionFilter)) {
      errors.subscriptionFilter = text.subscriptionFilterRequired;
    }
    return errors;
  }

  /**
   * The whole number in a number field: `fallback` when it is empty, undefined when it holds
   * something else (text the browser could not read as a number included).
   */
  private numberIn(name: string, text: string, fallback: number): number | undefined {
    const input = this.renderRoot?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (input?.validity.badInput === true) return undefined;
    return text.trim() === '' ? fallback : wholeNumber(text);
  }

  /** What the form says at a field the worker refused, in its own words (never the fault's). */
  private faultMessage(field: Field, draft: Draft | undefined): string {
    const text = this.text;
    switch (field) {
      case 'cron': {
        const parts = draft?.cron.trim().split(/\s+/).length ?? 5;
        return parts === 5
          ? text.cronInvalid
          : text.cronParts(formatCount(parts, this.activeLocale), parts);
      }
      case 'timeZone':
        return text.timeZoneInvalid;
      case 'interval':
        return text.intervalInvalid;
      case 'shiftDays':
        return text.shiftDaysRange(
          formatCount(-SHIFT_DAYS, this.activeLocale),
          formatCount(SHIFT_DAYS, this.activeLocale),
        );
      case 'maxCatchUp':
        return text.maxCatchUpInvalid;
      case 'invoiceDate':
        return text.invoiceDateDaysInvalid;
      case 'name':
        return text.nameRequired;
      case 'subscriptionFilter':
        return text.subscriptionFilterRequired;
      default:
        return text.fieldInvalid(this.labelOf(field));
    }
  }

  /** What is said above Save: the labels of the fields at fault, else the general words. */
  private fixText(locale: string): string {
    const labels = FIELDS.filter((field) => this.fieldErrors[field] !== undefined).map((field) =>
      this.labelOf(field),
    );
    if (labels.length === 0) return this.text.fixErrors;
    return this.text.fixFields(
      new Intl.ListFormat(locale, {style: 'long', type: 'conjunction'}).format(labels),
    );
  }

  /** The label a field shows. */
  private labelOf(field: Field): string {
    const text = this.text;
    const labels: Record<Field, string> = {
      name: text.name,
      cron: text.cron,
      timeZone: text.timeZone,
      interval: text.interval,
      alignment: text.alignment,
      shiftDays: text.shiftDays,
      startOfWeek: text.startOfWeek,
      invoiceDate: text.invoiceDateRule,
      subscriptionFilter: text.subscriptionFilter,
      transactionFilters: text.transactionFilters,
      genericFilters: text.genericFilters,
      enabled: text.enabledField,
      maxCatchUp: text.maxCatchUp,
    };
    return labels[field];
  }

  /** The control of a field, for focus. */
  private controlOf(field: Field): HTMLElement | null {
    if (
      field === 'subscriptionFilter' ||
      field === 'transactionFilters' ||
      field === 'genericFilters'
    ) {
      return this.renderRoot.querySelector<HTMLElement>(`input[name="${field}"]`);
    }
    return this.renderRoot.querySelector<HTMLElement>(`#field-${field}`);
  }

  /** Moves focus to the first field with an error, or to the form's error notice. */
  private async focusFirstError(): Promise<void> {
    await this.updateComplete;
    const first = FIELDS.find((field) => this.fieldErrors[field] !== undefined);
    const target =
      first === undefined
        ? this.renderRoot.querySelector<HTMLElement>('[part~="form"] [part~="error"]')
        : this.controlOf(first);
    target?.focus();
  }

  private async focusOn(selector: string | undefined): Promise<void> {
    await this.updateComplete;
    const target =
      (selector === undefined ? null : this.renderRoot.querySelector<HTMLElement>(selector)) ??
      this.renderRoot.querySelector<HTMLElement>('[part~="add-button"]');
    target?.focus();
  }

  private overviewOf(id: string | undefined): ScheduleOverview | undefined {
    return this.overview?.find((each) => each.schedule.id === id);
  }

  private scheduleFrom(event: Event): Schedule | undefined {
    const id = (event.currentTarget as HTMLElement).dataset['schedule'];
    return this.overviewOf(id)?.schedule;
  }

  private readonly onAdd = (): void => {
    this.openForm(undefined, '[part~="add-button"]');
  };

  private readonly onEdit = (event: Event): void => {
    const schedule = this.scheduleFrom(event);
    if (schedule === undefined) return;
    this.openForm(schedule, `[part~="edit-button"][data-schedule="${CSS.escape(schedule.id)}"]`);
  };

  private openForm(schedule: Schedule | undefined, opener: string): void {
    this.draft = draftOf(schedule);
    this.fieldErrors = {};
    this.formError = undefined;
    this.opener = opener;
    void this.updateComplete.then(() => this.controlOf('name')?.focus());
  }

  private readonly onCancelForm = (): void => {
    this.draft = undefined;
    this.fieldErrors = {};
    this.formError = undefined;
    void this.focusOn(this.opener);
  };

  private readonly onFormKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      this.onCancelForm();
    }
  };

  private readonly onText = (event: Event): void => {
    const input = event.target as HTMLInputElement | HTMLSelectElement;
    if (this.draft === undefined) return;
    const name = input.name as TextField | 'alignment' | 'startOfWeek' | 'invoiceDays';
    this.draft = {...this.draft, [name]: input.value};
    const field: Field = name === 'invoiceDays' ? 'invoiceDate' : name;
    if (this.fieldErrors[field] !== undefined) {
      // Said again as soon as what was wrong is typed over; the worker checks on save.
      this.fieldErrors = {...this.fieldErrors, [field]: this.validate(this.draft)[field]};
    }
  };

  private readonly onInvoiceAnchor = (event: Event): void => {
    if (this.draft === undefined) return;
    const anchor = (event.target as HTMLSelectElement).value as InvoiceAnchor;
    this.draft = {...this.draft, invoiceAnchor: anchor};
    this.fieldErrors = {...this.fieldErrors, invoiceDate: undefined};
  };

  private readonly onEnabled = (event: Event): void => {
    if (this.draft === undefined) return;
    this.draft = {...this.draft, enabled: (event.target as HTMLInputElement).checked};
  };

  private readonly onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const draft = this.draft;
    if (draft === undefined || this.saving) return;
    this.formError = undefined;
    this.fieldErrors = this.validate(draft);
    if (Object.values(this.fieldErrors).some((error) => error !== undefined)) {
      await this.focusFirstError();
      return;
    }
    const schedule = this.scheduleOf(draft);
    if (!this.emit(new ScheduleSaveEvent(schedule))) return;
    this.announcement = this.text.saving;
    await this.saveTask.run([schedule]);
    if (this.saveTask.status === TaskStatus.COMPLETE && this.saveTask.value !== undefined) {
      const saved = this.saveTask.value;
      this.emit(new ScheduleSavedEvent(saved));
      this.announcement = this.text.saved(saved.name);
      this.draft = undefined;
      await this.refresh();
      await this.focusOn(`[part~="edit-button"][data-schedule="${CSS.escape(saved.id)}"]`);
      return;
    }
    this.announcement = '';
    this.faultsOf(this.saveTask.error);
    await this.focusFirstError();
  };

  /**
   * A refused schedule names the fields at fault: say it there, in the form's words (the faults
   * speak of `interval`, `timeZone` and a cron library); what names no field, above the form.
   */
  private faultsOf(error: unknown): void {
    const errors: Partial<Record<Field, string>> = {};
    let general = false;
    if (errorCode(error) === 'INVALID_SCHEDULE') {
      for (const fault of errorFaults(error)) {
        const field = fieldOf(fault.path);
        if (field === undefined) general = true;
        else errors[field] ??= this.faultMessage(field, this.draft);
      }
    }
    this.fieldErrors = errors;
    this.formError = general ? this.text.scheduleInvalid : undefined;
  }

  private readonly onToggle = async (event: Event): Promise<void> => {
    const schedule = this.scheduleFrom(event);
    if (schedule === undefined || this.actionTask.status === TaskStatus.PENDING) return;
    if (!this.emit(new ScheduleSaveEvent({...schedule, enabled: !schedule.enabled}))) return;
    await this.actionTask.run([{kind: 'toggle', schedule}]);
    const saved = this.actionTask.value;
    if (this.actionTask.status !== TaskStatus.COMPLETE || typeof saved !== 'object') return;
    this.emit(new ScheduleSavedEvent(saved));
    this.announcement = saved.enabled
      ? this.text.enabledNow(saved.name)
      : this.text.disabledNow(saved.name);
    this.version++;
  };

  private readonly onToggleFirings = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['schedule'];
    this.firingsOf = this.firingsOf === id ? undefined : id;
  };

  private readonly onAskDelete = async (event: Event): Promise<void> => {
    const schedule = this.scheduleFrom(event);
    // Busy buttons stay enabled (a disabled one would drop the focus); a second press waits.
    if (schedule === undefined || this.actionTask.status === TaskStatus.PENDING) return;
    this.pendingDelete = schedule;
    this.opener = `[part~="delete-button"][data-schedule="${CSS.escape(schedule.id)}"]`;
    await this.updateComplete;
    confirmDialogIn(this.renderRoot)?.showModal();
  };

  private readonly onConfirmDelete = async (): Promise<void> => {
    const schedule = this.pendingDelete;
    confirmDialogIn(this.renderRoot)?.close();
    if (schedule === undefined || !this.emit(new ScheduleDeleteEvent(schedule))) return;
    await this.actionTask.run([{kind: 'delete', schedule}]);
    if (this.actionTask.status !== TaskStatus.COMPLETE) return;
    this.emit(new ScheduleDeletedEvent(schedule.id));
    this.announcement = this.text.deleted(schedule.name);
    if (this.firingsOf === schedule.id) this.firingsOf = undefined;
    if (this.draft?.original?.id === schedule.id) this.draft = undefined;
    await this.refresh();
    await this.focusOn(undefined);
  };

  private readonly onDeleteClosed = (): void => {
    // Closing keeps `pendingDelete` until a confirm has read it; focus returns to the opener.
    const confirmed = this.actionTask.status === TaskStatus.PENDING;
    this.pendingDelete = undefined;
    if (!confirmed) void this.focusOn(this.opener);
  };

  private readonly onShowRun = (event: Event): void => {
    const target = event.currentTarget as HTMLElement;
    const at = target.dataset['at'];
    const firing = this.firingsTask.value?.find(
      (each) => each.at === at && each.runId === target.dataset['run'],
    );
    if (firing === undefined || firing.runId === null) return;
    this.emit(new ScheduleRunSelectEvent(firing.runId, firing));
  };

  private readonly retryOverview = (): void => {
    void this.overviewTask.run();
  };

  private readonly retryFirings = (): void => {
    void this.firingsTask.run();
  };

  /**
   * Reads the schedules, their next firings and the firings shown again (after
   * `client.checkSchedules()`, say); resolves when they are shown.
   */
  async refresh(): Promise<void> {
    this.version++;
    await this.updateComplete;
    await Promise.all([
      this.overviewTask.taskComplete.catch(() => undefined),
      this.firingsTask.taskComplete.catch(() => undefined),
    ]);
    await this.updateComplete;
  }

  /** Opens the form for a new schedule (as the Add button does). */
  add(): void {
    this.onAdd();
  }

  /** A firing time `YYYY-MM-DDTHH:MM`, with the zone it is read in when it has one. */
  private firingTime(at: string, schedule: Schedule, locale: string): string {
    const time = formatWallClock(at, locale);
    return schedule.timeZone === undefined ? time : `${time} (${schedule.timeZone})`;
  }

  private renderWhen(schedule: Schedule, locale: string): TemplateResult {
    const text = this.text;
    const words = this.cronWords.describe(schedule.cron, locale);
    const zone = schedule.timeZone ?? text.localZone;
    return html`${words === undefined ? nothing : html`<span class="words">${words}</span>`}
      <span class="cron">${text.cronIn(schedule.cron, zone)}</span>`;
  }

  private renderFilterSummary(schedule: Schedule): TemplateResult {
    const text = this.text;
    const parts: string[] = [];
    if (schedule.subscriptionFilter !== undefined) {
      parts.push(`${text.subscriptionFilter}: ${this.filterName(schedule.subscriptionFilter)}`);
    }
    if (schedule.transactionFilters.length > 0) {
      parts.push(
        `${text.transactionFilters}: ${schedule.transactionFilters.map((id) => this.filterName(id)).join(', ')}`,
      );
    }
    if (schedule.genericFilters.length > 0) {
      parts.push(
        `${text.genericFilters}: ${schedule.genericFilters.map((id) => this.filterName(id)).join(', ')}`,
      );
    }
    if (parts.length === 0) return html`${text.allSubscriptions}`;
    return html`${parts.map((part, n) => html`${n === 0 ? nothing : html`<br />`}${part}`)}`;
  }

  private renderNext(entry: ScheduleOverview, index: number, locale: string): TemplateResult {
    const text = this.text;
    const {schedule, next} = entry;
    if (next.length === 0) {
      return html`<p class="hint">
        ${schedule.enabled ? text.noNextFirings : text.noNextFiringsDisabled}
      </p>`;
    }
    return html`<table part="next" aria-labelledby="next-${index}">
      <caption id="next-${index}">
        ${text.nextFirings(schedule.name)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${text.firingTime}</th>
          <th scope="col">${text.period}</th>
          <th scope="col">${text.invoiceDate}</th>
        </tr>
      </thead>
      <tbody>
        ${next.map(
          (firing: UpcomingFiring) =>
            html`<tr data-at=${firing.at}>
              <th scope="row">${this.firingTime(firing.at, schedule, locale)}</th>
              <td>${formatPeriod(firing.periodStart, firing.periodEnd, locale)}</td>
              <td>
                ${
                  firing.invoiceDate === null
                    ? text.noInvoiceDate
                    : formatDate(firing.invoiceDate, locale)
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderLastFiring(entry: ScheduleOverview, locale: string): string {
    const text = this.text;
    const last = entry.lastFiring;
    if (last === null) return text.noFirings;
    return `${this.firingTime(last.at, entry.schedule, locale)}: ${text.statuses[last.status]}`;
  }

  private renderFirings(schedule: Schedule, index: number, locale: string): unknown {
    const text = this.text;
    const body = renderLoading(this.firingsTask, {
      loading: text.firingsLoading,
      complete: (firings) => this.renderFiringTable(firings, schedule, index, locale),
      messages: text,
      retry: this.retryFirings,
    });
    return html`<section
      id="firings-${index}"
      part="firings"
      aria-labelledby="firings-heading-${index}"
    >
      <h4 id="firings-heading-${index}">${text.firingsHeading(schedule.name)}</h4>
      ${body}
    </section>`;
  }

  private renderFiringTable(
    firings: readonly FiringRecord[],
    schedule: Schedule,
    index: number,
    locale: string,
  ): TemplateResult {
    const text = this.text;
    const mine = firings.filter((firing) => firing.scheduleId === schedule.id);
    if (mine.length === 0) return html`<p class="hint">${text.noFirings}</p>`;
    const recent = mine.slice(-FIRINGS_SHOWN).reverse();
    return html`${
        mine.length > recent.length
          ? html`<p class="hint">
              ${text.firingsShown(
                formatCount(recent.length, locale),
                formatCount(mine.length, locale),
                mine.length,
              )}
            </p>`
          : nothing
      }
      <table aria-labelledby="firings-heading-${index}">
        <thead>
          <tr>
            <th scope="col">${text.firingTime}</th>
            <th scope="col">${text.result}</th>
            <th scope="col">${text.details}</th>
          </tr>
        </thead>
        <tbody>
          ${recent.map((firing) => {
            const time = this.firingTime(firing.at, schedule, locale);
            return html`<tr part="firing" data-status=${firing.status} data-at=${firing.at}>
              <th scope="row">${time}</th>
              <td>
                <span class="badge" data-status=${firing.status}
                  >${text.statuses[firing.status]}</span
                >
              </td>
              <td>
                ${
                  firing.status === 'fired' && firing.runId !== null
                    ? html`<button
                        type="button"
                        class="link"
                        part="run-button"
                        data-run=${firing.runId}
                        data-at=${firing.at}
                        aria-label=${text.showRunLabel(time)}
                        @click=${this.onShowRun}
                      >
                        ${text.showRun}
                      </button>`
                    : (firing.reason ?? (firing.status === 'skipped' ? text.skippedReason : ''))
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  private renderSchedule(entry: ScheduleOverview, index: number, locale: string): TemplateResult {
    const text = this.text;
    const {schedule} = entry;
    const name = schedule.name;
    const open = this.firingsOf === schedule.id;
    return html`<li
      part="schedule"
      data-schedule=${schedule.id}
      data-enabled=${schedule.enabled ? 'true' : 'false'}
      aria-labelledby="name-${index}"
    >
      <div class="title">
        <h3 id="name-${index}">${name}</h3>
        <span part="state" class="badge" data-enabled=${schedule.enabled ? 'true' : 'false'}
          >${schedule.enabled ? text.enabled : text.disabled}</span
        >
      </div>
      <dl class="figures">
        <dt>${text.when}</dt>
        <dd>${this.renderWhen(schedule, locale)}</dd>
        <dt>${text.filters}</dt>
        <dd>${this.renderFilterSummary(schedule)}</dd>
        <dt>${text.lastFiring}</dt>
        <dd>${this.renderLastFiring(entry, locale)}</dd>
      </dl>
      ${this.renderNext(entry, index, locale)}
      <div class="actions">
        <button
          type="button"
          part="edit-button"
          data-schedule=${schedule.id}
          aria-label=${text.editLabel(name)}
          @click=${this.onEdit}
        >
          ${text.edit}
        </button>
        <button
          type="button"
          part="toggle-button"
          data-schedule=${schedule.id}
          aria-label=${schedule.enabled ? text.disableLabel(name) : text.enableLabel(name)}
          @click=${this.onToggle}
        >
          ${schedule.enabled ? text.disable : text.enable}
        </button>
        <button
          type="button"
          part="firings-button"
          data-schedule=${schedule.id}
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${ifDefined(open ? `firings-${index}` : undefined)}
          aria-label=${text.firingsLabel(name)}
          @click=${this.onToggleFirings}
        >
          ${text.showFirings}
        </button>
        <button
          type="button"
          class="danger"
          part="delete-button"
          data-schedule=${schedule.id}
          aria-label=${text.deleteLabel(name)}
          @click=${this.onAskDelete}
        >
          ${text.deleteSchedule}
        </button>
      </div>
      ${open ? this.renderFirings(schedule, index, locale) : nothing}
    </li>`;
  }

  private renderList(overview: readonly ScheduleOverview[], locale: string): TemplateResult {
    const text = this.text;
    if (overview.length === 0) return html`<p class="notice" part="notice">${text.empty}</p>`;
    return html`<ul part="list" class="schedules" aria-labelledby="heading">
      ${overview.map((entry, index) => this.renderSchedule(entry, index, locale))}
    </ul>`;
  }

  private describedBy(field: Field, hint: boolean): string | undefined {
    return describedBy(
      hint ? `field-${field}-hint` : undefined,
      this.fieldErrors[field] === undefined ? undefined : `field-${field}-error`,
    );
  }

  private renderFieldError(field: Field): TemplateResult | typeof nothing {
    return renderFieldError(`field-${field}-error`, this.fieldErrors[field]);
  }

  private renderTextField(
    name: TextField,
    label: string,
    options: {
      hint?: string;
      required?: boolean;
      type?: 'text' | 'number';
      list?: string;
      min?: number;
      max?: number;
    } = {},
  ): TemplateResult {
    const draft = this.draft!;
    const error = this.fieldErrors[name];
    return html`<div class="field" part="field">
      <label for="field-${name}">${label}</label>
      <input
        id="field-${name}"
        name=${name}
        type=${options.type ?? 'text'}
        autocomplete="off"
        spellcheck="false"
        step=${ifDefined(options.type === 'number' ? '1' : undefined)}
        min=${ifDefined(options.min)}
        max=${ifDefined(options.max)}
        list=${ifDefined(options.list)}
        .value=${live(draft[name])}
        ?required=${options.required ?? false}
        aria-invalid=${error === undefined ? 'false' : 'true'}
        aria-describedby=${ifDefined(this.describedBy(name, options.hint !== undefined))}
        @input=${this.onText}
      />
      ${
        options.hint === undefined
          ? nothing
          : html`<p id="field-${name}-hint" class="hint">${options.hint}</p>`
      }
      ${this.renderFieldError(name)}
    </div>`;
  }

  private renderCronField(locale: string): TemplateResult {
    const text = this.text;
    const draft = this.draft!;
    const words = this.cronWords.describe(draft.cron, locale);
    const field = this.renderTextField('cron', text.cron, {hint: text.cronHint, required: true});
    return html`${field}${
      words === undefined
        ? nothing
        : html`<p class="hint words" part="cron-words">${text.cronInWords(words)}</p>`
    }`;
  }

  private renderSelect(
    name: 'alignment' | 'startOfWeek',
    label: string,
    options: readonly (readonly [string, string])[],
    hint?: string,
  ): TemplateResult {
    const draft = this.draft!;
    const error = this.fieldErrors[name];
    return html`<div class="field" part="field">
      <label for="field-${name}">${label}</label>
      <select
        id="field-${name}"
        name=${name}
        aria-invalid=${error === undefined ? 'false' : 'true'}
        aria-describedby=${ifDefined(this.describedBy(name, hint !== undefined))}
        @change=${this.onText}
      >
        ${options.map(
          ([value, optionLabel]) =>
            html`<option .value=${value} ?selected=${draft[name] === value}>
              ${optionLabel}
            </option>`,
        )}
      </select>
      ${hint === undefined ? nothing : html`<p id="field-${name}-hint" class="hint">${hint}</p>`}
      ${this.renderFieldError(name)}
    </div>`;
  }

  private renderInvoiceDate(): TemplateResult {
    const text = this.text;
    const draft = this.draft!;
    const error = this.fieldErrors.invoiceDate;
    const none = draft.invoiceAnchor === 'none';
    return html`<fieldset
      class="invoice-date"
      part="field"
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${ifDefined(this.describedBy('invoiceDate', true))}
    >
      <legend>${text.invoiceDateRule}</legend>
      <div class="field">
        <label for="field-invoiceDate">${text.invoiceDateAnchor}</label>
        <select id="field-invoiceDate" name="invoiceAnchor" @change=${this.onInvoiceAnchor}>
          ${(['none', 'start', 'end'] as const).map(
            (anchor) =>
              html`<option .value=${anchor} ?selected=${draft.invoiceAnchor === anchor}>
                ${text.invoiceDateAnchors[anchor]}
              </option>`,
          )}
        </select>
      </div>
      ${
        none
          ? nothing
          : html`<div class="field">
              <label for="field-invoiceDays">${text.invoiceDateDays}</label>
              <input
                id="field-invoiceDays"
                name="invoiceDays"
                type="number"
                step="1"
                .value=${live(draft.invoiceDays)}
                aria-invalid=${error === undefined ? 'false' : 'true'}
                @input=${this.onText}
              />
            </div>`
      }
      <p id="field-invoiceDate-hint" class="hint">${text.invoiceDateDaysHint}</p>
      ${this.renderFieldError('invoiceDate')}
    </fieldset>`;
  }

  private renderForm(locale: string): TemplateResult | typeof nothing {
    const draft = this.draft;
    if (draft === undefined) return nothing;
    const text = this.text;
    const hasErrors =
      this.formError !== undefined ||
      Object.values(this.fieldErrors).some((error) => error !== undefined);
    const weekdays = [1, 2, 3, 4, 5, 6, 7].map(
      (day) => [String(day), formatWeekday(day, locale)] as const,
    );
    const alignments = (['previous', 'current', 'next'] as const).map(
      (alignment) => [alignment, text.alignments[alignment]] as const,
    );
    const zones =
      typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const failed =
      this.saveTask.status === TaskStatus.ERROR &&
      errorCode(this.saveTask.error) !== 'INVALID_SCHEDULE';
    return html`<form
      part="form"
      novalidate
      aria-labelledby="form-heading"
      @submit=${this.onSubmit}
      @keydown=${this.onFormKeydown}
    >
      <h3 id="form-heading">
        ${draft.original === undefined ? text.newHeading : text.editHeading(draft.original.name)}
      </h3>
      ${failed ? renderFailure(this.saveTask.error, text) : nothing}
      ${
        this.formError === undefined
          ? nothing
          : html`<div class="notice error" part="error" role="alert" tabindex="-1">
              <p>${this.formError}</p>
            </div>`
      }
      <div class="fields">
        ${this.renderTextField('name', text.name, {required: true})} ${this.renderCronField(locale)}
        ${this.renderTextField('timeZone', text.timeZone, {hint: text.timeZoneHint, list: 'zones'})}
        <datalist id="zones">
          ${zones.map((zone) => html`<option value=${zone}></option>`)}
        </datalist>
        ${this.renderTextField('interval', text.interval, {hint: text.intervalHint, required: true})}
        ${this.renderSelect('alignment', text.alignment, alignments, text.alignmentHint)}
        ${this.renderTextField('shiftDays', text.shiftDays, {
          hint: text.shiftDaysHint,
          type: 'number',
          min: -SHIFT_DAYS,
          max: SHIFT_DAYS,
        })}
        ${this.renderSelect('startOfWeek', text.startOfWeek, weekdays)}
        ${this.renderTextField('maxCatchUp', text.maxCatchUp, {
          hint: text.maxCatchUpHint,
          type: 'number',
          min: 0,
        })}
      </div>
      ${this.renderInvoiceDate()}
      ${this.filterPicker.render({
        messages: text,
        subscriptionLegend: text.subscriptionFilter,
        errors: this.fieldErrors,
      })}
      <div class="field" part="field">
        <label class="choice">
          <input
            id="field-enabled"
            name="enabled"
            type="checkbox"
            .checked=${live(draft.enabled)}
            aria-describedby="field-enabled-hint"
            @change=${this.onEnabled}
          />
          ${text.enabledField}
        </label>
        <p id="field-enabled-hint" class="hint">${text.enabledHint}</p>
        ${this.renderFieldError('enabled')}
      </div>
      ${hasErrors ? html`<p class="field-error">${this.fixText(locale)}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="primary" part="save-button">${text.save}</button>
        <button type="button" part="cancel-button" @click=${this.onCancelForm}>
          ${text.cancel}
        </button>
      </div>
    </form>`;
  }

  private renderDialog(): TemplateResult {
    const text = this.text;
    return renderConfirmDialog({
      heading: text.confirmDeleteHeading,
      text: text.confirmDelete(this.pendingDelete?.name ?? ''),
      cancel: text.cancel,
      confirm: text.confirm,
      tone: 'danger',
      onConfirm: this.onConfirmDelete,
      onClose: this.onDeleteClosed,
    });
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    let body: unknown;
    if (this.activeClient === undefined) {
      body = renderNoClient(text.noClient);
    } else {
      body = renderLoading(this.overviewTask, {
        loading: text.loading,
        complete: (overview) => this.renderList(overview, locale),
        messages: text,
        retry: this.retryOverview,
      });
    }
    return html`<section part="base" aria-labelledby="heading">
      <div class="title">
        <h2 id="heading" part="heading">${text.heading}</h2>
        ${
          this.activeClient === undefined
            ? nothing
            : html`<button type="button" part="add-button" @click=${this.onAdd}>
                ${text.add}
              </button>`
        }
      </div>
      ${body}
      ${
        this.actionTask.status === TaskStatus.ERROR
          ? renderFailure(this.actionTask.error, text)
          : nothing
      }
      ${this.renderForm(locale)}
      <p part="status" class="status" role="status" aria-live="polite">${this.announcement}</p>
      ${this.renderDialog()}
    </section>`;
  }
}
