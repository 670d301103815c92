/** The texts of `<run-history>`, in English; a page replaces any of them through `messages`. */
import type {RunStatus} from '@invoice-run/core';
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {isOne, plural} from '../internal/plural.js';
import {totalsMessages, type TotalsMessages} from '../internal/templates.js';

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
  /** While the grid itself loads, the first time a run is opened. */
  gridLoading: string;
  noInvoices: string;
  draft: string;
  credit: string;
  /** @deprecated The grid names its columns (`gridMessages.invoiceColumns`); no longer shown. */
  account: string;
  /** @deprecated As `account`. */
  subscription: string;
  /** @deprecated As `account`. */
  record: string;
  /** @deprecated The grid says how its keys work (`gridMessages.keys`); no longer shown. */
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
  gridLoading: 'Loading the invoices…',
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
