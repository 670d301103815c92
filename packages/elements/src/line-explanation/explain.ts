/**
 * A line's explanation (review.md section 1) in words: what `<line-explanation>` shows and what
 * `<invoice-document>` prints under a line. Pure: the line, the locale and the texts in, words out.
 *
 * An item line's pieces tile its service period and their exact factors add up to its factor, so
 * the line's factor is shown as that exact sum, never as a sum of rounded decimals.
 */
import type {BillingType, ExplanationPiece, InvoiceLine, ItemExplanation} from '@invoice-run/core';
import {dayNumber, daysIn} from '../internal/calendar.js';
import {formatCount, formatDate, formatDateRange, formatDecimal} from '../internal/format.js';
import {
  addFractions,
  equalFractions,
  fractionDecimal,
  isExactDecimal,
  isWhole,
  parseFraction,
  type Fraction,
} from '../internal/fraction.js';
import {
  lineExplanationMessages,
  type LineExplanationMessages,
} from './line-explanation.messages.js';
import {lineExplanationMessagesDe} from './line-explanation.messages.de.js';
import {catalogueFor} from '../internal/language.js';

/** One piece of an item line in words. */
export interface PieceWords {
  /** Its days: `Jan 15 – 31, 2026`. */
  readonly days: string;
  /** The whole sentence: `Caught up: Dec 1 – 31, 2025: the whole billing period`. */
  readonly text: string;
  /** Its factor: `17/31 ≈ 0.548387`. */
  readonly factor: string;
  readonly late: boolean;
}

export type LineWords =
  | {
      readonly kind: 'item';
      readonly billingType: string;
      readonly rule: string;
      /** Advance or arrears; null for a one-time line, where it changes nothing. */
      readonly practice: string | null;
      readonly pieces: readonly PieceWords[];
      /** The line's factor, the exact sum of its pieces'. */
      readonly factor: string;
      readonly summary: string;
    }
  | {
      readonly kind: 'usage';
      readonly text: string;
      readonly criterion: string | null;
      readonly transactions: number;
      readonly summary: string;
    }
  | {readonly kind: 'record' | 'manual' | 'none'; readonly text: string; readonly summary: string};

function factorWords(value: Fraction, locale: string, text: LineExplanationMessages): string {
  const fraction = isWhole(value)
    ? formatDecimal(String(value.num), locale)
    : `${formatDecimal(String(value.num), locale)}/${formatDecimal(String(value.den), locale)}`;
  if (isWhole(value)) return text.factor(fraction, null, true);
  return text.factor(
    fraction,
    formatDecimal(fractionDecimal(value), locale),
    isExactDecimal(value),
  );
}

/** The day `months` months after `date`, on its day of month or the last day of a shorter month. */
function monthsAfter(date: string, months: number): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return undefined;
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  // Day 0 of the next month is the last day of this one.
  const day = Math.min(Number(match[3]), new Date(Date.UTC(year, month, 0)).getUTCDate());
  return dayNumber(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}

/**
 * The whole months and remaining days of a piece counted from its first day (billing.md section
 * 5), when its factor is what average months make of them, `(m + r * 12/365) / u` for monthly
 * (u = 1) or yearly (u = 12) periods; otherwise undefined (a daily or weekly period, or a factor
 * capped at the period's).
 */
function averageMonths(
  piece: ExplanationPiece,
  factor: Fraction,
): {months: number; days: number} | undefined {
  const end = dayNumber(piece.end);
  if (end === undefined) return undefined;
  let months = 0;
  for (;;) {
    const next = monthsAfter(piece.start, months + 1);
    if (next === undefined || next - 1 > end) break;
    months++;
  }
  const afterMonths = monthsAfter(piece.start, months);
  if (afterMonths === undefined) return undefined;
  const days = end - afterMonths + 1;
  for (const unit of [1n, 12n]) {
    const value = parseFraction(`${365 * months + 12 * days}/${365n * unit}`);
    if (value !== undefined && equalFractions(value, factor)) return {months, days};
  }
  return undefined;
}

function pieceShare(
  piece: ExplanationPiece,
  factor: Fraction,
  billingType: BillingType,
  locale: string,
  text: LineExplanationMessages,
): string {
  if (billingType === 'one-time') return text.once;
  if (piece.start === piece.period.start && piece.end === piece.period.end) {
    return text.wholePeriod;
  }
  const period = formatDateRange(piece.period.start, piece.period.end, locale);
  if (billingType === 'recurring-prorated-avg') {
    const average = averageMonths(piece, factor);
    if (average !== undefined) {
      return text.averageMonths(
        formatCount(average.months, locale),
        formatCount(average.days, locale),
        period,
        average,
      );
    }
  }
  const days = daysIn(piece.start, piece.end) ?? 0;
  const periodDays = daysIn(piece.period.start, piece.period.end) ?? 0;
  const share = text.partOfPeriod(
    formatCount(days, locale),
    formatCount(periodDays, locale),
    period,
    days,
  );
  if (billingType !== 'recurring') return share;
  return `${share}, ${factor.num === 0n ? text.notCharged : text.chargedInFull}`;
}

function explainItem(
  explanation: ItemExplanation,
  locale: string,
  text: LineExplanationMessages,
): LineWords {
  let total: Fraction = {num: 0n, den: 1n};
  let onlyShare = '';
  const pieces = explanation.pieces.map((piece): PieceWords => {
    const factor = parseFraction(piece.factor) ?? {num: 0n, den: 1n};
    total = addFractions(total, factor);
    const days =
      piece.start === piece.end
        ? formatDate(piece.start, locale)
        : formatDateRange(piece.start, piece.end, locale);
    const share = pieceShare(piece, factor, explanation.billingType, locale, text);
    const sentence = text.piece(days, share);
    onlyShare = piece.late ? text.caughtUp(share) : text.onlyPiece(share);
    return {
      days,
      text: piece.late ? text.caughtUp(sentence) : sentence,
      factor: factorWords(factor, locale, text),
      late: piece.late,
    };
  });
  return {
    kind: 'item',
    billingType: text.billingTypes[explanation.billingType] ?? explanation.billingType,
    rule: text.rules[explanation.billingType] ?? '',
    practice: explanation.billingType === 'one-time' ? null : text.practices[explanation.practice],
    pieces,
    factor: factorWords(total, locale, text),
    summary: pieces.length === 1 ? onlyShare : pieces.map((piece) => piece.text).join('; '),
  };
}

/**
 * A line's explanation in words, in `locale`, with `text` (when left out, the package's texts in
 * the language of `locale`: German for `de`, else English).
 */
export function explainLine(
  line: InvoiceLine,
  locale: string,
  text: LineExplanationMessages = catalogueFor(locale, {
    en: lineExplanationMessages,
    de: lineExplanationMessagesDe,
  }),
): LineWords {
  if (line.explanation === null) return {kind: 'none', text: text.none, summary: ''};
  switch (line.kind) {
    case 'item':
      return explainItem(line.explanation, locale, text);
    case 'usage': {
      const {transactions, first, last, criterion} = line.explanation;
      const dates =
        first === last ? formatDate(first, locale) : formatDateRange(first, last, locale);
      const words = text.usage(formatCount(transactions, locale), dates, transactions);
      return {
        kind: 'usage',
        text: words,
        criterion: criterion === null ? null : text.criterion(criterion),
        transactions,
        summary: words,
      };
    }
    case 'record': {
      const {object, record} = line.explanation;
      return {
        kind: 'record',
        text: text.record(object, record),
        summary: text.recordShort(object, record),
      };
    }
    case 'manual':
      return {kind: 'manual', text: text.manual, summary: text.manualShort};
  }
}

/** A line's explanation in one sentence (empty for a line stored without one). */
export function lineSummary(
  line: InvoiceLine,
  locale: string,
  text: LineExplanationMessages = catalogueFor(locale, {
    en: lineExplanationMessages,
    de: lineExplanationMessagesDe,
  }),
): string {
  return explainLine(line, locale, text).summary;
}
