/**
 * @invoice-run/elements: web components for invoice runs. This barrel registers nothing; import
 * `@invoice-run/elements/define.js` to register the default tags, or call `defineElements` for
 * names of your own.
 */
export {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
export {InvoiceRunForm, invoiceRunFormMessages} from './invoice-run-form/invoice-run-form.js';
export type {InvoiceRunFormMessages} from './invoice-run-form/invoice-run-form.js';
export {RunHistory, runHistoryMessages} from './run-history/run-history.js';
export type {RunHistoryMessages} from './run-history/run-history.js';
export {RemainingPicker, remainingPickerMessages} from './remaining-picker/remaining-picker.js';
export type {RemainingPickerMessages, RemainingRow} from './remaining-picker/remaining-picker.js';
export {RunSchedules, runSchedulesMessages} from './run-schedules/run-schedules.js';
export type {RunSchedulesMessages} from './run-schedules/run-schedules.js';
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
} from './events.js';
export type {RepeatMode} from './events.js';
export {invoiceRunClientContext} from './internal/context.js';
export {errorMessages} from './internal/errors.js';
export type {ErrorMessages} from './internal/errors.js';
export type {ProgressMessages, TotalsMessages} from './internal/templates.js';
export type {CronMessages} from './internal/cron.js';
export {defineElement} from './internal/define-element.js';
export {defineElements, elementClasses, elementTags} from './registration.js';
export type {DefineElementsOptions, ElementName} from './registration.js';
export {VERSION} from './internal/version.js';
