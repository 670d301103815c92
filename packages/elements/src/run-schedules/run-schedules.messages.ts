/** The texts of `<run-schedules>`, in English; a page replaces any of them through `messages`. */
import type {FiringRecord} from '@invoice-run/core';
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {plural} from '../internal/plural.js';

export type Alignment = 'previous' | 'current' | 'next';
export type InvoiceAnchor = 'none' | 'start' | 'end';
export type FiringStatus = FiringRecord['status'];

/** Every text of `<run-schedules>`; replace any of them through `messages`. */
export interface RunSchedulesMessages extends ErrorMessages {
  heading: string;
  loading: string;
  empty: string;
  add: string;
  enabled: string;
  disabled: string;
  when: string;
  /** The cron expression as written, with the zone it is read in. */
  cronIn: (cron: string, zone: string) => string;
  localZone: string;
  filters: string;
  allSubscriptions: string;
  subscriptionFilter: string;
  transactionFilters: string;
  genericFilters: string;
  nextFirings: (name: string) => string;
  noNextFirings: string;
  noNextFiringsDisabled: string;
  firingTime: string;
  period: string;
  invoiceDate: string;
  noInvoiceDate: string;
  lastFiring: string;
  noFirings: string;
  edit: string;
  editLabel: (name: string) => string;
  enable: string;
  disable: string;
  enableLabel: (name: string) => string;
  disableLabel: (name: string) => string;
  showFirings: string;
  firingsLabel: (name: string) => string;
  deleteSchedule: string;
  deleteLabel: (name: string) => string;
  firingsHeading: (name: string) => string;
  firingsLoading: string;
  /** `The latest 20 of 45 firings.`; the total also as a number. */
  firingsShown: (shown: string, total: string, count: number) => string;
  result: string;
  details: string;
  statuses: Record<FiringStatus, string>;
  skippedReason: string;
  showRun: string;
  showRunLabel: (at: string) => string;
  newHeading: string;
  editHeading: (name: string) => string;
  name: string;
  nameRequired: string;
  cron: string;
  cronHint: string;
  cronRequired: string;
  /** A cron expression without five parts; `count` is how many it has. */
  cronParts: (count: string, parts: number) => string;
  /** A cron expression of five parts that cannot be read, or that names no date that exists. */
  cronInvalid: string;
  /** The cron expression in words (cRonstrue's, in the page's language). */
  cronInWords: (words: string) => string;
  timeZone: string;
  timeZoneHint: string;
  timeZoneInvalid: string;
  interval: string;
  intervalHint: string;
  intervalInvalid: string;
  alignment: string;
  alignments: Record<Alignment, string>;
  alignmentHint: string;
  shiftDays: string;
  shiftDaysHint: string;
  /** Shift days outside the range a schedule allows (`min` and `max` formatted). */
  shiftDaysRange: (min: string, max: string) => string;
  startOfWeek: string;
  invoiceDateRule: string;
  invoiceDateAnchor: string;
  invoiceDateAnchors: Record<InvoiceAnchor, string>;
  invoiceDateDays: string;
  invoiceDateDaysHint: string;
  invoiceDateDaysInvalid: string;
  subscriptionFilterRequired: string;
  transactionFiltersSkipped: string;
  genericFiltersSkipped: string;
  loadingFilters: string;
  enabledField: string;
  enabledHint: string;
  maxCatchUp: string;
  maxCatchUpHint: string;
  maxCatchUpInvalid: string;
  /** Any other field the worker refuses, named by its label. */
  fieldInvalid: (label: string) => string;
  /** A refusal the form cannot put at one of its fields. */
  scheduleInvalid: string;
  fixErrors: string;
  /** Above Save: the labels of the fields to correct, as a list (`Period length and Shift days`). */
  fixFields: (labels: string) => string;
  save: string;
  saving: string;
  cancel: string;
  saved: (name: string) => string;
  enabledNow: (name: string) => string;
  disabledNow: (name: string) => string;
  deleted: (name: string) => string;
  confirmDeleteHeading: string;
  confirmDelete: (name: string) => string;
  confirm: string;
}

export const runSchedulesMessages: RunSchedulesMessages = {
  ...errorMessages,
  heading: 'Scheduled runs',
  loading: 'Loading the schedules…',
  empty: 'No schedules yet. Add one and its runs start on their own.',
  add: 'Add schedule',
  enabled: 'Enabled',
  disabled: 'Disabled',
  when: 'When',
  cronIn: (cron, zone) => `cron ${cron}, ${zone}`,
  localZone: 'time of this browser',
  filters: 'Filters',
  allSubscriptions: 'All subscriptions',
  subscriptionFilter: 'Subscriptions',
  transactionFilters: 'Usage',
  genericFilters: 'Records',
  nextFirings: (name) => `Next runs of ${name}`,
  noNextFirings: 'No coming runs.',
  noNextFiringsDisabled: 'Disabled: it starts no runs until it is enabled again.',
  firingTime: 'Starts',
  period: 'Period billed',
  invoiceDate: 'Invoice date',
  noInvoiceDate: 'None (by the billing rules)',
  lastFiring: 'Last firing',
  noFirings: 'None yet',
  edit: 'Edit',
  editLabel: (name) => `Edit ${name}`,
  enable: 'Enable',
  disable: 'Disable',
  enableLabel: (name) => `Enable ${name}`,
  disableLabel: (name) => `Disable ${name}`,
  showFirings: 'Firings',
  firingsLabel: (name) => `Firings of ${name}`,
  deleteSchedule: 'Delete…',
  deleteLabel: (name) => `Delete ${name}…`,
  firingsHeading: (name) => `Firings of ${name}`,
  firingsLoading: 'Loading the firings…',
  firingsShown: (shown, total, count) =>
    `The latest ${shown} of ${total} ${plural(count, 'firing', 'firings')}.`,
  result: 'Result',
  details: 'Details',
  statuses: {fired: 'Fired', skipped: 'Skipped', refused: 'Refused'},
  skippedReason: 'Missed while no page was open, beyond the number of runs caught up.',
  showRun: 'Show run',
  showRunLabel: (at) => `Show run of ${at}`,
  newHeading: 'New schedule',
  editHeading: (name) => `Edit ${name}`,
  name: 'Name',
  nameRequired: 'Enter a name for the schedule.',
  cron: 'When it runs (cron)',
  cronHint:
    'Five fields: minute, hour, day of month, month, day of week. "0 6 1 * *" runs on the 1st of each month at 06:00.',
  cronRequired: 'Enter when the schedule runs, such as "0 6 1 * *".',
  cronParts: (count, parts) =>
    `Write five parts separated by spaces: minute, hour, day of the month, month and day of the week, such as "0 6 1 * *". This has ${count} ${plural(parts, 'part', 'parts')}.`,
  cronInvalid:
    'This cannot be read as a time to run. Check each of the five parts (minute 0-59, hour 0-23, day 1-31, month 1-12, day of the week 0-7), such as "0 6 1 * *", and that the day exists (there is no 30 February).',
  cronInWords: (words) => `In words: ${words}.`,
  timeZone: 'Time zone (optional)',
  timeZoneHint: 'Such as Europe/Berlin. Leave empty for the time of this browser.',
  timeZoneInvalid:
    'This is not a time zone. Pick one from the list, such as Europe/Berlin, or leave it empty for the time of this browser.',
  interval: 'Period length',
  intervalHint: '1m: one month, -3m, 7d, 2w; or a day range such as 16-15 (the 16th to the 15th).',
  intervalInvalid:
    'Write a number of days, weeks or months (1m, -3m, 7d, 2w), or a range of days of the month from 1 to 31, such as 16-15.',
  alignment: 'Which period',
  alignments: {
    previous: 'The period before the run',
    current: 'The period of the run',
    next: 'The period after the run',
  },
  alignmentHint: 'Not used for a day range.',
  shiftDays: 'Shift days',
  shiftDaysHint: 'Moves the date the period is counted from; 0 for none.',
  shiftDaysRange: (min, max) => `Enter a whole number of days from ${min} to ${max}.`,
  startOfWeek: 'Weeks start on',
  invoiceDateRule: 'Invoice date',
  invoiceDateAnchor: 'Counted from',
  invoiceDateAnchors: {
    none: 'No invoice date',
    start: 'The first day of the period',
    end: 'The last day of the period',
  },
  invoiceDateDays: 'Days after (negative: before)',
  invoiceDateDaysHint: 'Without an invoice date, each invoice is dated by its billing rules.',
  invoiceDateDaysInvalid: 'Enter a whole number of days (negative: before).',
  subscriptionFilterRequired: 'Pick which subscriptions to bill.',
  transactionFiltersSkipped: 'No usage filter is checked: usage is skipped in these runs.',
  genericFiltersSkipped: 'No record filter is checked: other records are skipped in these runs.',
  loadingFilters: 'Loading filters…',
  enabledField: 'Enabled',
  enabledHint: 'A disabled schedule starts no runs.',
  maxCatchUp: 'Missed runs to catch up',
  maxCatchUpHint:
    'Runs missed while no page was open: at most this many of the latest start later.',
  maxCatchUpInvalid: 'Enter a whole number of runs, 0 or more.',
  fieldInvalid: (label) => `Check ${label}.`,
  scheduleInvalid: 'The schedule cannot be saved as it is. Check the fields and save again.',
  fixErrors: 'Please correct the marked fields.',
  fixFields: (labels) => `Please correct: ${labels}.`,
  save: 'Save schedule',
  saving: 'Saving the schedule…',
  cancel: 'Cancel',
  saved: (name) => `Schedule ${name} saved.`,
  enabledNow: (name) => `Schedule ${name} enabled.`,
  disabledNow: (name) => `Schedule ${name} disabled.`,
  deleted: (name) => `Schedule ${name} deleted.`,
  confirmDeleteHeading: 'Delete schedule',
  confirmDelete: (name) =>
    `Delete the schedule ${name}? It starts no more runs; its runs and recorded firings stay.`,
  confirm: 'Delete',
};
