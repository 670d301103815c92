/** The texts of `<invoice-run-form>`, in English; a page replaces any of them through `messages`. */
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {plural} from '../internal/plural.js';
import {
  progressMessages,
  totalsMessages,
  type ProgressMessages,
  type TotalsMessages,
} from '../internal/templates.js';

/** Every text of `<invoice-run-form>`; replace any of them through `messages`. */
export interface InvoiceRunFormMessages extends ErrorMessages, ProgressMessages, TotalsMessages {
  heading: string;
  periodStart: string;
  periodEnd: string;
  invoiceDate: string;
  invoiceDateHint: string;
  runTitle: string;
  periodStartRequired: string;
  periodEndRequired: string;
  periodOrder: string;
  /** A date field holds no date the billing can use (incomplete, or a year of more than four digits). */
  dateInvalid: string;
  subscriptionFilters: string;
  subscriptionFilterRequired: string;
  transactionFilters: string;
  transactionFiltersSkipped: string;
  genericFilters: string;
  genericFiltersSkipped: string;
  loadingFilters: string;
  fixErrors: string;
  start: string;
  /**
   * Start (disabled) and the status while the form has no client: the page has not given it one
   * yet, as a page does once its data is loaded.
   */
  connecting: string;
  cancel: string;
  cancelling: string;
  preview: string;
  running: string;
  previewing: string;
  completed: string;
  completedWithErrors: string;
  cancelled: string;
  /** Which run a summary is of: `January 2026 (1 Jan – 31 Jan 2026)`. */
  runLabel: (name: string, period: string) => string;
  /** The name of a run without a title. */
  untitled: (sequence: string) => string;
  /** The run waited for another tab's or window's billing, then found nothing left to bill. */
  billedElsewhere: string;
  invoices: string;
  credits: string;
  errors: string;
  warnings: string;
  duration: string;
  showIssues: (count: string) => string;
  /** The accessible name of a long list of errors or warnings, when it scrolls. */
  issuesOf: (label: string) => string;
  noIssues: string;
  previewHeading: string;
  previewEmpty: string;
  previewInvoices: string;
  account: string;
  subscription: string;
  credit: string;
  confirmLongPeriodHeading: string;
  /** Start asks first when the period is longer than 12 months; `days` also as a number. */
  confirmLongPeriod: (period: string, days: string, count: number) => string;
  confirmLongPeriodStart: string;
  confirmLongPeriodCancel: string;
}

export const invoiceRunFormMessages: InvoiceRunFormMessages = {
  ...errorMessages,
  ...progressMessages,
  ...totalsMessages,
  heading: 'New invoice run',
  periodStart: 'Period start',
  periodEnd: 'Period end',
  invoiceDate: 'Invoice date (optional)',
  invoiceDateHint: 'Leave empty to date each invoice by its billing rules.',
  runTitle: 'Title (optional)',
  periodStartRequired: 'Enter the first day of the billing period.',
  periodEndRequired: 'Enter the last day of the billing period.',
  periodOrder: 'The period cannot end before it starts.',
  dateInvalid: 'Enter a complete date: day, month and a year of four digits.',
  subscriptionFilters: 'Subscriptions to bill',
  subscriptionFilterRequired: 'Pick which subscriptions to bill.',
  transactionFilters: 'Usage (transactions)',
  transactionFiltersSkipped: 'No usage filter is checked: usage is skipped in this run.',
  genericFilters: 'Other records',
  genericFiltersSkipped: 'No record filter is checked: other records are skipped in this run.',
  loadingFilters: 'Loading filters…',
  fixErrors: 'Please correct the marked fields.',
  start: 'Start run',
  connecting: 'Connecting…',
  cancel: 'Cancel',
  cancelling: 'Cancelling…',
  preview: 'Preview',
  running: 'The run is in progress.',
  previewing: 'Preparing the preview…',
  completed: 'Run completed',
  completedWithErrors: 'Run completed with errors',
  cancelled: 'Run cancelled: the invoices made before the cancel are kept.',
  runLabel: (name, period) => `${name} (${period})`,
  untitled: (sequence) => `Run ${sequence}`,
  billedElsewhere:
    'Nothing was left to bill: this run waited while another tab or window billed, and that billing took what was due in this period.',
  invoices: 'Invoices',
  credits: 'Credits',
  errors: 'Errors',
  warnings: 'Warnings',
  duration: 'Duration',
  showIssues: (count) => `${count} — show the list`,
  issuesOf: (label) => `${label} of the run`,
  noIssues: 'None',
  previewHeading: 'Preview: what this run would create (nothing is stored)',
  previewEmpty: 'This run would create no invoices.',
  previewInvoices: 'Invoices of the preview',
  account: 'Account',
  subscription: 'Subscription',
  credit: 'Credit note',
  confirmLongPeriodHeading: 'Bill more than a year at once?',
  confirmLongPeriod: (period, days, count) =>
    `The period ${period} is ${days} ${plural(count, 'day', 'days')} long, more than 12 months. ` +
    'Every subscription is billed for all of it in this one run. Start it anyway?',
  confirmLongPeriodStart: 'Start the run',
  confirmLongPeriodCancel: 'Change the period',
};
