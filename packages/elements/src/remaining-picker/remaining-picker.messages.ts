/** The texts of `<remaining-picker>`, in English; a page replaces any of them through `messages`. */
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {plural} from '../internal/plural.js';
import {
  progressMessages,
  totalsMessages,
  type ProgressMessages,
  type TotalsMessages,
} from '../internal/templates.js';

/** Every text of `<remaining-picker>`; replace any of them through `messages`. */
export interface RemainingPickerMessages extends ErrorMessages, ProgressMessages, TotalsMessages {
  heading: string;
  /** `Run "January" (2026-01-01 – 2026-01-31)`. */
  runLabel: (name: string, period: string) => string;
  noRun: string;
  loading: string;
  empty: string;
  notLatestHeading: string;
  /** The run is not the latest of its selection: `newer` names the one that is. */
  notLatest: (newer: string) => string;
  interrupted: string;
  /** The run is being billed right now (by this tab or another one). */
  billing: string;
  search: string;
  searchPlaceholder: string;
  selectAll: string;
  selectNone: string;
  /** `3 of 120 selected`. */
  selectedCount: (selected: string, total: string) => string;
  /** `3 selected`: the count while the list still loads (the total is not known yet). */
  selectedWhileLoading: (selected: string) => string;
  /** `1,200 so far…`: how many rows have come while the rest is still looked up. */
  loadingMore: (count: string) => string;
  /** Why Restore waits while the list loads. */
  restoreWhenLoaded: string;
  /** The accessible name of the bar of subscriptions checked while the list loads. */
  loadingProgress: string;
  /**
   * `Restore 3 subscriptions and 1 record`: what the button bills, by what it counts (a
   * subscription may make several invoices).
   */
  restore: (
    subscriptions: string,
    records: string,
    counts: {readonly subscriptions: number; readonly records: number},
  ) => string;
  cancel: string;
  cancelling: string;
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
  notLatest: (newer) =>
    `A newer run with the same filters exists: ${newer}. Only the latest run can be completed with what remains; open View Remaining on that run instead.`,
  interrupted:
    'This run was interrupted before it finished. Restoring what remains completes it; nothing is billed twice.',
  billing:
    'This run is being billed right now. What remains to be billed shows here as soon as it ends.',
  search: 'Search',
  searchPlaceholder: 'Subscription, record or account',
  selectAll: 'Select all',
  selectNone: 'Select none',
  selectedCount: (selected, total) => `${selected} of ${total} selected`,
  selectedWhileLoading: (selected) => `${selected} selected`,
  loadingMore: (count) => `${count} so far… still looking.`,
  restoreWhenLoaded: 'Restore is possible once the whole list is known.',
  loadingProgress: 'Subscriptions checked',
  restore: (subscriptions, records, counts) => {
    const parts = [
      ...(counts.subscriptions === 0
        ? []
        : [`${subscriptions} ${plural(counts.subscriptions, 'subscription', 'subscriptions')}`]),
      ...(counts.records === 0
        ? []
        : [`${records} ${plural(counts.records, 'record', 'records')}`]),
    ];
    return parts.length === 0 ? 'Restore' : `Restore ${parts.join(' and ')}`;
  },
  cancel: 'Cancel',
  cancelling: 'Cancelling…',
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
