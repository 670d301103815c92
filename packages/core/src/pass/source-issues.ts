/**
 * The errors and warnings a pass records on its run (billing.md section 9): a source kind, the
 * source's id, a stable code and a sentence for people.
 */
import type {SourceErrorCode, SourceIssue, SourceKind} from '../records/model.js';

const ERROR_MESSAGES: Record<SourceErrorCode, string> = {
  ACCOUNT_NOT_FOUND: 'names an account that does not exist',
  MISSING_BILLING_PERIOD: 'is a recurring item without a billing period',
  NO_MATCHING_ITEM: 'matches no active transactional item',
  AMBIGUOUS_ITEM: 'matches several active transactional items by order number',
  SUBSCRIPTION_NOT_BILLABLE:
    'belongs to a subscription that is not active or whose account is not active',
  ACCOUNT_NOT_BILLABLE: 'belongs to an inactive account',
  NO_LINES: 'has no lines to bill',
};

export function issue<Code extends string>(
  source: SourceKind,
  id: string,
  code: Code,
  message: string,
): SourceIssue<Code> {
  return {source, id, code, message};
}

/** A source error with the standard sentence for its code; `detail` adds e.g. ` (item i1)`. */
export function sourceError(
  source: SourceKind,
  id: string,
  code: SourceErrorCode,
  detail = '',
): SourceIssue<SourceErrorCode> {
  return issue(source, id, code, `${capitalize(source)} ${id} ${ERROR_MESSAGES[code]}${detail}.`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
