/**
 * Every text of `<line-explanation>` (and of the explanation summaries `<invoice-document>` shows).
 * Dates, periods, counts and amounts come in already formatted for the page's language; texts
 * with a count also get it as a number, for the plural forms of the language.
 */
import type {BillingType} from '@invoice-run/core';
import {errorMessages, type ErrorMessages} from '../internal/errors.js';
import {plural} from '../internal/plural.js';

export interface LineExplanationMessages extends ErrorMessages {
  /** The accessible name of an explanation: the line's description. */
  label: (description: string) => string;
  /** The name of each billing type. */
  billingTypes: Record<BillingType, string>;
  /** How each billing type turns days into a factor, in a sentence. */
  rules: Record<BillingType, string>;
  /** When a billing period is billed, by practice. */
  practices: Record<'advance' | 'arrears', string>;
  /** The accessible name of the list of pieces. */
  pieces: string;
  /** One piece: its days (`Jan 15 – 31, 2026`) and what they are of their period. */
  piece: (days: string, share: string) => string;
  /**
   * The summary of a line of one piece, under the line's own service period (so its days are not
   * said twice): `17 of 31 days of Jan 1 – 31, 2026`.
   */
  onlyPiece: (share: string) => string;
  /** A piece that fills its billing period. */
  wholePeriod: string;
  /**
   * A piece that is part of its billing period: `17 of 31 days of Jan 15 – Feb 14, 2026` (the
   * counts also as numbers).
   */
  partOfPeriod: (days: string, periodDays: string, period: string, count: number) => string;
  /**
   * A partial piece prorated by average months: whole months and days after them, a month worth
   * 365/12 days (`1 month and 6 days of Jan 1 – Mar 31, 2026`).
   */
  averageMonths: (
    months: string,
    days: string,
    period: string,
    counts: {readonly months: number; readonly days: number},
  ) => string;
  /** A partial piece of a recurring item without proration that holds its period's first day. */
  chargedInFull: string;
  /** A partial piece of a recurring item without proration that does not: it costs nothing. */
  notCharged: string;
  /** The day of a one-time line. */
  once: string;
  /** A piece that ends before the run's period: days an earlier run did not bill. */
  caughtUp: (piece: string) => string;
  /** What "caught up" means. */
  caughtUpHint: string;
  /**
   * A factor: exact (`17/31`) and as a decimal; `decimal` is null when the fraction is whole, and
   * `exact` says whether the decimal is the exact value or rounded.
   */
  factor: (fraction: string, decimal: string | null, exact: boolean) => string;
  /** The label of a piece's factor. */
  pieceFactor: (factor: string) => string;
  /** The factor of the whole line, the exact sum of its pieces' factors. */
  lineFactor: (factor: string) => string;
  /** A usage line: how many transactions, from the first date to the last. */
  usage: (count: string, dates: string, transactions: number) => string;
  /** The criterion of a usage line's transactions. */
  criterion: (criterion: string) => string;
  /** The button that lists a usage line's transactions. */
  showTransactions: (count: string, transactions: number) => string;
  hideTransactions: string;
  /** The accessible name of the list of transactions. */
  transactionsOf: (description: string) => string;
  transactionsLoading: string;
  /** Where the page of transactions is: `1–50 of 420`. */
  transactionRange: (first: string, last: string, total: string) => string;
  previousPage: string;
  nextPage: string;
  date: string;
  quantity: string;
  description: string;
  transaction: string;
  /** A transaction without a description. */
  noDescription: string;
  /** A preview's usage line: its transactions are not stored with it, so they cannot be listed. */
  noTransactionList: string;
  /** A record line: one of the lines of a generic record (`Order ORDER-7`). */
  record: (object: string, record: string) => string;
  /** The short form of `record`, for summaries. */
  recordShort: (object: string, record: string) => string;
  /** A line a clerk added to the draft. */
  manual: string;
  /** The short form of `manual`, for summaries. */
  manualShort: string;
  /** A line stored without an explanation (by a version before lines explained themselves). */
  none: string;
  /** The line asked for does not exist (an index beyond the invoice's lines). */
  noLine: string;
}

export const lineExplanationMessages: LineExplanationMessages = {
  ...errorMessages,
  label: (description) => `Why “${description}” costs what it does`,
  billingTypes: {
    'one-time': 'One-time',
    recurring: 'Recurring',
    'recurring-prorated': 'Recurring, prorated by days',
    'recurring-prorated-avg': 'Recurring, prorated by average months',
    transactional: 'Usage',
  },
  rules: {
    'one-time': 'Billed once, on its day, with factor 1.',
    recurring:
      'Not prorated: each billing period is charged in full, once, by the piece that holds its first active day.',
    'recurring-prorated':
      'Prorated by days: a part of a billing period costs its share of the actual days of that period.',
    'recurring-prorated-avg':
      'Prorated by average months: a part of a billing period counts its whole months and its remaining days, a month being 365/12 days.',
    transactional: 'Billed by the quantities of its usage transactions.',
  },
  practices: {
    advance: 'Billed in advance: a billing period is billed by the run that holds its first day.',
    arrears: 'Billed in arrears: a billing period is billed by the run that holds its last day.',
  },
  pieces: 'The days this line bills',
  piece: (days, share) => `${days}: ${share}`,
  onlyPiece: (share) => share.charAt(0).toUpperCase() + share.slice(1),
  wholePeriod: 'the whole billing period',
  partOfPeriod: (days, periodDays, period) => `${days} of ${periodDays} days of ${period}`,
  averageMonths: (months, days, period, counts) =>
    counts.months === 0
      ? `${days} ${plural(counts.days, 'day', 'days')} of ${period}, at 12/365 of a month each`
      : `${months} ${plural(counts.months, 'month', 'months')} and ${days} ${plural(counts.days, 'day', 'days')} of ${period}`,
  chargedInFull: 'charged in full: it holds the period’s first active day',
  notCharged: 'not charged: the period is charged by the piece that holds its first active day',
  once: 'billed once',
  caughtUp: (piece) => `Caught up: ${piece}`,
  caughtUpHint: 'Caught up: days before this run’s period that no earlier run billed.',
  factor: (fraction, decimal, exact) =>
    decimal === null ? fraction : `${fraction} ${exact ? '=' : '≈'} ${decimal}`,
  pieceFactor: (factor) => `factor ${factor}`,
  lineFactor: (factor) => `Factor of the line: ${factor}`,
  usage: (count, dates, transactions) =>
    `${count} ${plural(transactions, 'transaction', 'transactions')}, ${dates}`,
  criterion: (criterion) => `Criterion: ${criterion}`,
  showTransactions: (count, transactions) =>
    transactions === 1 ? 'Show the transaction' : `Show the ${count} transactions`,
  hideTransactions: 'Hide the transactions',
  transactionsOf: (description) => `Transactions of “${description}”`,
  transactionsLoading: 'Loading the transactions…',
  transactionRange: (first, last, total) => `${first}–${last} of ${total}`,
  previousPage: 'Previous',
  nextPage: 'Next',
  date: 'Date',
  quantity: 'Quantity',
  description: 'Description',
  transaction: 'Transaction',
  noDescription: '—',
  noTransactionList: 'The transactions of a preview are not stored, so they cannot be listed.',
  record: (object, record) => `From ${object} ${record}: one of its lines.`,
  recordShort: (object, record) => `${object} ${record}`,
  manual: 'Added by hand to the draft: it covers no days and bills no transaction or record.',
  manualShort: 'Added by hand',
  none: 'This line was stored before lines explained themselves: there is no explanation for it.',
  noLine: 'This invoice has no such line.',
};
