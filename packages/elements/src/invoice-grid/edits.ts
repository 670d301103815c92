/**
 * What a clerk types into a line's cell, read as the engine will read it, and a refusal said in
 * the grid's words. The checks are those of review.md section 2 (a description of 1 to 500
 * characters, not only spaces; decimals; a discount from 0 to 100; a tax rate of 0 or more): a
 * paste checks every value with them before it stores anything, and a typed value that is not a
 * number in the page's language is refused before it is sent. The engine checks again and has the
 * last word; its refusals are read here too.
 */
import {compareDecimals, parseDecimalInput} from '../internal/decimal.js';
import {describeError, errorCode, errorFaults} from '../internal/errors.js';
import {formatQuantity} from './numbers.js';
import type {EditableField} from './columns.js';
import type {InvoiceGridMessages} from './invoice-grid.messages.js';

export type FieldValue = {readonly value: string} | {readonly reason: string};

/**
 * The value a clerk typed or pasted for `field`, as the engine takes it, or why it cannot be.
 * `checkRules` adds the engine's rules to the reading of a number (a paste checks everything
 * before it stores anything; a single cell leaves the rules to the engine, which says the same).
 */
export function readField(
  field: EditableField,
  input: string,
  locale: string,
  text: InvoiceGridMessages,
  checkRules = true,
): FieldValue {
  if (field === 'description') {
    const length = [...input].length;
    return checkRules && (length === 0 || length > 500 || input.trim() === '')
      ? {reason: text.descriptionLength}
      : {value: input};
  }
  const value = parseDecimalInput(input, locale);
  if (value === undefined) return {reason: text.notANumber(formatQuantity('1234.56', locale))};
  if (!checkRules) return {value};
  const below = (limit: string) => compareDecimals(value, limit) < 0;
  if (field === 'discountPercent' && (below('0') || compareDecimals(value, '100') > 0)) {
    return {reason: text.discountRange};
  }
  if (field === 'taxRate' && below('0')) return {reason: text.taxRateRange};
  return {value};
}

const FIELD_PATH = /\.(?:set|add)\.(description|quantity|unitPrice|discountPercent|taxRate)$/;

/** Why the worker refused an edit, in the grid's words where it has them. */
export function refusalReason(error: unknown, text: InvoiceGridMessages, locale: string): string {
  switch (errorCode(error)) {
    case 'NOT_A_DRAFT':
      return text.notADraft;
    case 'LINE_NOT_FOUND':
      return text.lineNotFound;
    case 'INVOICE_NOT_FOUND':
      return text.invoiceNotFound;
    case 'INVALID_EDIT': {
      const [fault] = errorFaults(error);
      const field = FIELD_PATH.exec(fault?.path ?? '')?.[1] as EditableField | undefined;
      switch (field) {
        case 'description':
          return text.descriptionLength;
        case 'quantity':
        case 'unitPrice':
          return text.notANumber(formatQuantity('1234.56', locale));
        case 'discountPercent':
          return text.discountRange;
        case 'taxRate':
          return text.taxRateRange;
        default:
          // A refusal the grid has no words of its own for (a line stored by an older version).
          return fault?.message ?? describeError(error, text);
      }
    }
    default:
      return describeError(error, text);
  }
}
