/**
 * @invoice-run/elements: web components for invoice runs. This barrel registers nothing; import
 * `@invoice-run/elements/define.js` to register the default tags, or call `defineElements` for
 * names of your own.
 */
export {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
export {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
export {invoiceRunFormMessages} from './invoice-run-form/invoice-run-form.messages.js';
export {invoiceRunFormMessagesDe} from './invoice-run-form/invoice-run-form.messages.de.js';
export type {InvoiceRunFormMessages} from './invoice-run-form/invoice-run-form.messages.js';
export {RunHistory} from './run-history/run-history.js';
export {runHistoryMessages} from './run-history/run-history.messages.js';
export {runHistoryMessagesDe} from './run-history/run-history.messages.de.js';
export type {RunHistoryMessages} from './run-history/run-history.messages.js';
export {RemainingPicker} from './remaining-picker/remaining-picker.js';
export type {RemainingRow} from './remaining-picker/remaining-picker.js';
export {remainingPickerMessages} from './remaining-picker/remaining-picker.messages.js';
export {remainingPickerMessagesDe} from './remaining-picker/remaining-picker.messages.de.js';
export type {RemainingPickerMessages} from './remaining-picker/remaining-picker.messages.js';
export {RunSchedules} from './run-schedules/run-schedules.js';
export {runSchedulesMessages} from './run-schedules/run-schedules.messages.js';
export {runSchedulesMessagesDe} from './run-schedules/run-schedules.messages.de.js';
export type {RunSchedulesMessages} from './run-schedules/run-schedules.messages.js';
export {InvoiceGrid} from './invoice-grid/invoice-grid.js';
export {invoiceGridMessages} from './invoice-grid/invoice-grid.messages.js';
export {invoiceGridMessagesDe} from './invoice-grid/invoice-grid.messages.de.js';
export type {InvoiceGridMessages} from './invoice-grid/invoice-grid.messages.js';
export {LineExplanation} from './line-explanation/line-explanation.js';
export {lineExplanationMessages} from './line-explanation/line-explanation.messages.js';
export {lineExplanationMessagesDe} from './line-explanation/line-explanation.messages.de.js';
export type {LineExplanationMessages} from './line-explanation/line-explanation.messages.js';
export {explainLine, lineSummary} from './line-explanation/explain.js';
export type {LineWords, PieceWords} from './line-explanation/explain.js';
export {InvoiceDocument} from './invoice-document/invoice-document.js';
export {invoiceDocumentMessages} from './invoice-document/invoice-document.messages.js';
export {invoiceDocumentMessagesDe} from './invoice-document/invoice-document.messages.de.js';
export type {InvoiceDocumentMessages} from './invoice-document/invoice-document.messages.js';
export {
  InvoiceRunStartEvent,
  InvoiceRunProgressEvent,
  InvoiceRunCompleteEvent,
  InvoiceRunErrorEvent,
  RunSelectEvent,
  RunRepeatRequestEvent,
  RemainingRestoreEvent,
  RemainingRestoredEvent,
  ScheduleSaveEvent,
  ScheduleSavedEvent,
  ScheduleDeleteEvent,
  ScheduleDeletedEvent,
  ScheduleRunSelectEvent,
  InvoiceGridSelectionChangeEvent,
  InvoiceGridEditEvent,
  InvoiceGridExplainEvent,
  InvoiceGridDocumentEvent,
  InvoiceDocumentPrintEvent,
} from './events.js';
export type {RepeatMode} from './events.js';
export {invoiceRunClientContext} from './internal/context.js';
export {errorMessages} from './internal/errors.js';
export {errorMessagesDe, storageMessagesDe} from './internal/shared.messages.de.js';
export {storageMessages} from './internal/storage-notice.js';
export type {StorageMessages} from './internal/storage-notice.js';
export type {PluralForms} from './internal/plural.js';
export type {ErrorMessages} from './internal/errors.js';
export type {ProgressMessages, TotalsMessages} from './internal/templates.js';
export {defineElement} from './internal/define-element.js';
export {defineElements, elementTags, loadReviewElements} from './registration.js';
export {elementClasses} from './element-classes.js';
export type {DefineElementsOptions, ElementName} from './registration.js';
export {VERSION} from './internal/version.js';
