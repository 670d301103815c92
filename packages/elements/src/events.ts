/**
 * The events of the components: classes with readonly fields that bubble and cross shadow roots
 * (`composed`), typed in `HTMLElementEventMap`.
 */
import type {
  DraftChangeInput,
  FiringRecord,
  Invoice,
  RestoreResult,
  RunConfigInput,
  Schedule,
  ScheduleInput,
  StepResult,
} from '@invoice-run/core';
import type {JobProgress, RestoreChoice, RunView} from '@invoice-run/worker';

const FLAGS = {bubbles: true, composed: true} as const;

/** A run is about to start; cancel it (`preventDefault()`) to keep it from starting. */
export class InvoiceRunStartEvent extends Event {
  static readonly eventName = 'invoice-run-start';
  readonly config: RunConfigInput;

  constructor(config: RunConfigInput) {
    super(InvoiceRunStartEvent.eventName, {...FLAGS, cancelable: true});
    this.config = config;
  }
}

/** A running run reports progress (at least every 250 ms of work). */
export class InvoiceRunProgressEvent extends Event {
  static readonly eventName = 'invoice-run-progress';
  readonly progress: JobProgress;

  constructor(progress: JobProgress) {
    super(InvoiceRunProgressEvent.eventName, FLAGS);
    this.progress = progress;
  }
}

/** A run ended (completed, with errors or cancelled); `result` is what this run did. */
export class InvoiceRunCompleteEvent extends Event {
  static readonly eventName = 'invoice-run-complete';
  readonly result: StepResult;
  /** How long the run took, in milliseconds. */
  readonly duration: number;

  constructor(result: StepResult, duration: number) {
    super(InvoiceRunCompleteEvent.eventName, FLAGS);
    this.result = result;
    this.duration = duration;
  }
}

/** A run or preview was refused or failed; `code` is the error's stable code (or `UNKNOWN`). */
export class InvoiceRunErrorEvent extends Event {
  static readonly eventName = 'invoice-run-error';
  readonly error: unknown;
  readonly code: string;

  constructor(error: unknown, code: string) {
    super(InvoiceRunErrorEvent.eventName, FLAGS);
    this.error = error;
    this.code = code;
  }
}

/** A run was opened in the history. */
export class RunSelectEvent extends Event {
  static readonly eventName = 'run-select';
  readonly run: RunView;

  constructor(run: RunView) {
    super(RunSelectEvent.eventName, FLAGS);
    this.run = run;
  }
}

/** What a repeat request asks for: a new run with the same config, or View Remaining. */
export type RepeatMode = 'rerun' | 'remaining';

/**
 * Re-run or View Remaining was asked for on the latest run of its selection. Cancel it
 * (`preventDefault()`) to handle it yourself; otherwise the history does it.
 */
export class RunRepeatRequestEvent extends Event {
  static readonly eventName = 'run-repeat-request';
  readonly run: RunView;
  readonly mode: RepeatMode;

  constructor(run: RunView, mode: RepeatMode) {
    super(RunRepeatRequestEvent.eventName, {...FLAGS, cancelable: true});
    this.run = run;
    this.mode = mode;
  }
}

/** A restore is about to start; cancel it (`preventDefault()`) to keep it from starting. */
export class RemainingRestoreEvent extends Event {
  static readonly eventName = 'remaining-restore';
  readonly runId: string;
  readonly chosen: RestoreChoice;

  constructor(runId: string, chosen: RestoreChoice) {
    super(RemainingRestoreEvent.eventName, {...FLAGS, cancelable: true});
    this.runId = runId;
    this.chosen = chosen;
  }
}

/** A restore ended; `result` is what it added to the run. */
export class RemainingRestoredEvent extends Event {
  static readonly eventName = 'remaining-restored';
  readonly runId: string;
  readonly result: RestoreResult;

  constructor(runId: string, result: RestoreResult) {
    super(RemainingRestoredEvent.eventName, FLAGS);
    this.runId = runId;
    this.result = result;
  }
}

/**
 * A schedule is about to be saved (from the edit form, or enabled / disabled in the list); cancel
 * it (`preventDefault()`) to keep it from being saved.
 */
export class ScheduleSaveEvent extends Event {
  static readonly eventName = 'schedule-save';
  readonly schedule: ScheduleInput;

  constructor(schedule: ScheduleInput) {
    super(ScheduleSaveEvent.eventName, {...FLAGS, cancelable: true});
    this.schedule = schedule;
  }
}

/** A schedule was saved; `schedule` is what the worker stored (defaults filled in). */
export class ScheduleSavedEvent extends Event {
  static readonly eventName = 'schedule-saved';
  readonly schedule: Schedule;

  constructor(schedule: Schedule) {
    super(ScheduleSavedEvent.eventName, FLAGS);
    this.schedule = schedule;
  }
}

/** A schedule is about to be deleted (after the confirmation); cancel it to keep it. */
export class ScheduleDeleteEvent extends Event {
  static readonly eventName = 'schedule-delete';
  readonly schedule: Schedule;

  constructor(schedule: Schedule) {
    super(ScheduleDeleteEvent.eventName, {...FLAGS, cancelable: true});
    this.schedule = schedule;
  }
}

/** A schedule was deleted; its recorded firings and its runs stay. */
export class ScheduleDeletedEvent extends Event {
  static readonly eventName = 'schedule-deleted';
  readonly scheduleId: string;

  constructor(scheduleId: string) {
    super(ScheduleDeletedEvent.eventName, FLAGS);
    this.scheduleId = scheduleId;
  }
}

/**
 * The run of a fired firing was asked for ("Show run"); `runId` is the run, `firing` the firing.
 * Hand it to `<run-history>`'s `showRun(runId)` to open it there.
 */
export class ScheduleRunSelectEvent extends Event {
  static readonly eventName = 'schedule-run-select';
  readonly runId: string;
  readonly firing: FiringRecord;

  constructor(runId: string, firing: FiringRecord) {
    super(ScheduleRunSelectEvent.eventName, FLAGS);
    this.runId = runId;
    this.firing = firing;
  }
}

/**
 * The drafts selected in `<invoice-grid>` changed (Space, a row's checkbox, select all or none, or
 * a selected draft that is no longer one); `invoiceIds` are the selected drafts now.
 */
export class InvoiceGridSelectionChangeEvent extends Event {
  static readonly eventName = 'invoice-grid-selection-change';
  readonly invoiceIds: readonly string[];

  constructor(invoiceIds: readonly string[]) {
    super(InvoiceGridSelectionChangeEvent.eventName, FLAGS);
    this.invoiceIds = invoiceIds;
  }
}

/**
 * `<invoice-grid>` stored an edit of a draft: `invoiceId`, the `changes` sent, and the draft as it
 * is now (`null` when the edit removed its last line and so deleted it).
 */
export class InvoiceGridEditEvent extends Event {
  static readonly eventName = 'invoice-grid-edit';
  readonly invoiceId: string;
  readonly changes: readonly DraftChangeInput[];
  readonly invoice: Invoice | null;

  constructor(invoiceId: string, changes: readonly DraftChangeInput[], invoice: Invoice | null) {
    super(InvoiceGridEditEvent.eventName, FLAGS);
    this.invoiceId = invoiceId;
    this.changes = changes;
    this.invoice = invoice;
  }
}

/**
 * The explanation of a line was asked for in `<invoice-grid>` (its Explain button); `invoice` and
 * `lineIndex`. Cancel it to show the explanation yourself.
 */
export class InvoiceGridExplainEvent extends Event {
  static readonly eventName = 'invoice-grid-explain';
  readonly invoice: Invoice;
  readonly lineIndex: number;

  constructor(invoice: Invoice, lineIndex: number) {
    super(InvoiceGridExplainEvent.eventName, {...FLAGS, cancelable: true});
    this.invoice = invoice;
    this.lineIndex = lineIndex;
  }
}

/**
 * An invoice's document was asked for in `<invoice-grid>` (its Document button); `invoice`.
 * Cancel it to show the document yourself.
 */
export class InvoiceGridDocumentEvent extends Event {
  static readonly eventName = 'invoice-grid-document';
  readonly invoice: Invoice;

  constructor(invoice: Invoice) {
    super(InvoiceGridDocumentEvent.eventName, {...FLAGS, cancelable: true});
    this.invoice = invoice;
  }
}

/**
 * An invoice document is about to be printed (its Print button, or `print()`); `html` is the
 * standalone document that is printed. Cancel it (`preventDefault()`) to print it your own way, say
 * on a server that renders PDFs.
 */
export class InvoiceDocumentPrintEvent extends Event {
  static readonly eventName = 'invoice-document-print';
  readonly invoice: Invoice;
  readonly html: string;

  constructor(invoice: Invoice, html: string) {
    super(InvoiceDocumentPrintEvent.eventName, {...FLAGS, cancelable: true});
    this.invoice = invoice;
    this.html = html;
  }
}

declare global {
  interface HTMLElementEventMap {
    'invoice-document-print': InvoiceDocumentPrintEvent;
    'invoice-run-start': InvoiceRunStartEvent;
    'invoice-run-progress': InvoiceRunProgressEvent;
    'invoice-run-complete': InvoiceRunCompleteEvent;
    'invoice-run-error': InvoiceRunErrorEvent;
    'run-select': RunSelectEvent;
    'run-repeat-request': RunRepeatRequestEvent;
    'remaining-restore': RemainingRestoreEvent;
    'remaining-restored': RemainingRestoredEvent;
    'schedule-save': ScheduleSaveEvent;
    'schedule-saved': ScheduleSavedEvent;
    'schedule-delete': ScheduleDeleteEvent;
    'schedule-deleted': ScheduleDeletedEvent;
    'schedule-run-select': ScheduleRunSelectEvent;
    'invoice-grid-selection-change': InvoiceGridSelectionChangeEvent;
    'invoice-grid-edit': InvoiceGridEditEvent;
    'invoice-grid-explain': InvoiceGridExplainEvent;
    'invoice-grid-document': InvoiceGridDocumentEvent;
  }
}
