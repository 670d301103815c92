/**
 * Validates a run config against the stored filters (billing.md section 4) and resolves it:
 * the effective subscription filter, the sorted selection, and the key that merging compares.
 * A config is refused with the first code that applies, before anything is stored.
 */
import {compareCodeUnits} from './invoices.js';
import {InvoiceRunError, formatPath, issueMessage} from '../primitives/errors.js';
import type {ResolvedRunConfig} from '../records/model.js';
import {runConfigSchema, type Filter, type FilterUseCase} from '../records/schemas.js';

export function resolveRunConfig(input: unknown, filters: readonly Filter[]): ResolvedRunConfig {
  const parsed = runConfigSchema.safeParse(input, {reportInput: true});
  if (!parsed.success) {
    const faults = parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issueMessage(issue),
    }));
    const first = faults[0];
    throw new InvoiceRunError(
      'INVALID_CONFIG',
      `The run config is invalid: ${first ? `${first.path || '(config)'}: ${first.message}` : 'unknown fault'}`,
      faults,
    );
  }
  const config = parsed.data;
  if (config.periodStart > config.periodEnd) {
    throw new InvoiceRunError(
      'INVALID_PERIOD',
      `The period starts (${config.periodStart}) after it ends (${config.periodEnd}).`,
    );
  }
  checkNamedFilters(
    {
      subscriptionFilter: config.subscriptionFilter ?? null,
      transactionFilters: config.transactionFilters,
      genericFilters: config.genericFilters,
    },
    filters,
  );
  let subscriptionFilter = config.subscriptionFilter ?? null;
  if (subscriptionFilter === null) {
    const subscriptionFilters = filters.filter((filter) => filter.useCase === 'subscription');
    if (subscriptionFilters.length === 1) subscriptionFilter = subscriptionFilters[0]!.id;
    else if (subscriptionFilters.length > 1) {
      throw new InvoiceRunError(
        'SUBSCRIPTION_FILTER_REQUIRED',
        `Pick one of the ${subscriptionFilters.length} subscription filters.`,
      );
    }
  }
  return {
    periodStart: config.periodStart,
    periodEnd: config.periodEnd,
    invoiceDate: config.invoiceDate ?? null,
    subscriptionFilter,
    transactionFilters: sortedUnique(config.transactionFilters),
    genericFilters: sortedUnique(config.genericFilters),
    title: config.title ?? null,
  };
}

/**
 * Refuses a selection that names a filter that does not exist (`UNKNOWN_FILTER`) or that is
 * named for a part whose use case is another (`WRONG_FILTER_USE`).
 */
export function checkNamedFilters(
  selection: Pick<
    ResolvedRunConfig,
    'subscriptionFilter' | 'transactionFilters' | 'genericFilters'
  >,
  filters: readonly Filter[],
): void {
  const byId = new Map(filters.map((filter) => [filter.id, filter]));
  const named: [string, FilterUseCase][] = [
    ...(selection.subscriptionFilter === null
      ? []
      : [[selection.subscriptionFilter, 'subscription'] as [string, FilterUseCase]]),
    ...selection.transactionFilters.map((id): [string, FilterUseCase] => [id, 'transaction']),
    ...selection.genericFilters.map((id): [string, FilterUseCase] => [id, 'generic']),
  ];
  for (const [id] of named) {
    if (!byId.has(id)) throw new InvoiceRunError('UNKNOWN_FILTER', `There is no filter "${id}".`);
  }
  for (const [id, useCase] of named) {
    const filter = byId.get(id)!;
    if (filter.useCase !== useCase) {
      throw new InvoiceRunError(
        'WRONG_FILTER_USE',
        `Filter "${id}" is a ${filter.useCase} filter and cannot be used as a ${useCase} filter.`,
      );
    }
  }
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort(compareCodeUnits);
}

/** The selection of billing.md section 4, as a string that compares equal for equal selections. */
export function selectionKey(config: ResolvedRunConfig): string {
  return JSON.stringify([
    config.subscriptionFilter,
    config.transactionFilters,
    config.genericFilters,
  ]);
}

/** The key `(periodStart, periodEnd, selection)` that a scheduled firing merges on. */
export function runKey(config: ResolvedRunConfig): string {
  return JSON.stringify([config.periodStart, config.periodEnd, selectionKey(config)]);
}
