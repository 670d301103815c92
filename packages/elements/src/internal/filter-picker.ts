/**
 * The filters a run bills, as the form of a run and the form of a schedule pick them: one
 * subscription filter (radios; none to pick with one, a pick required with several) and any
 * transaction and generic filters (checkboxes; none checked skips that kind of data).
 */
import {html, nothing, type ReactiveControllerHost, type TemplateResult} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import {live} from 'lit/directives/live.js';
import {Task, initialState} from '@lit/task';
import type {Filter} from '@invoice-run/core';
import type {InvoiceRunClient} from '@invoice-run/worker';
import type {ErrorMessages} from './errors.js';
import {describedBy, renderFieldError} from './fields.js';
import {renderLoading} from './loading.js';

/** The checkbox groups, named as the fields of a run config. */
export type FilterGroup = 'transactionFilters' | 'genericFilters';

/** What is picked. */
export interface FilterSelection {
  readonly subscriptionFilter: string | null;
  readonly transactionFilters: ReadonlySet<string>;
  readonly genericFilters: ReadonlySet<string>;
}

/** Validation messages of the picker's fields. */
export type FilterErrors = Partial<Record<'subscriptionFilter' | FilterGroup, string>>;

/** The texts of the picker (the legend of the radios is given apart). */
export interface FilterPickerMessages extends ErrorMessages {
  loadingFilters: string;
  transactionFilters: string;
  transactionFiltersSkipped: string;
  genericFilters: string;
  genericFiltersSkipped: string;
}

export interface FilterPickerOptions {
  /** The client the filters are read from. */
  readonly client: () => InvoiceRunClient | undefined;
  /** What is picked now; undefined: nothing to pick into (the picker renders nothing). */
  readonly selection: () => FilterSelection | undefined;
  /** Put before the ids of hints and errors (`field-` gives `field-subscriptionFilter-error`). */
  readonly idPrefix: string;
  /** A subscription filter was picked. */
  readonly onSubscriptionFilter: (id: string) => void;
  /** A checkbox changed; `ids` is the group's new selection. */
  readonly onFilters: (group: FilterGroup, ids: ReadonlySet<string>) => void;
}

export interface FilterPickerView {
  readonly messages: FilterPickerMessages;
  readonly subscriptionLegend: string;
  readonly errors: FilterErrors;
  /** What shows before the filters are first asked for (no client); nothing when left out. */
  readonly initial?: () => unknown;
}

const GROUPS = {transaction: 'transactionFilters', generic: 'genericFilters'} as const;

/** The filters of one use case. */
export function filtersOf(
  filters: readonly Filter[] | undefined,
  useCase: Filter['useCase'],
): Filter[] {
  return (filters ?? []).filter((filter) => filter.useCase === useCase);
}

/**
 * The subscription filter a run uses: the only one there is, else the pick when it is one of them
 * (kept as it is while the filters are not loaded), else none.
 */
export function effectiveSubscriptionFilter(
  filters: readonly Filter[] | undefined,
  picked: string | null,
): string | null {
  const available = filtersOf(filters, 'subscription');
  if (available.length === 1) return available[0]!.id;
  if (filters === undefined) return picked;
  return available.some((filter) => filter.id === picked) ? picked : null;
}

/** With several subscription filters one must be picked: true when none is. */
export function subscriptionFilterMissing(
  filters: readonly Filter[] | undefined,
  picked: string | null,
): boolean {
  return (
    filtersOf(filters, 'subscription').length > 1 &&
    effectiveSubscriptionFilter(filters, picked) === null
  );
}

/**
 * Loads the filters of the host's client (a task of the host) and renders the picker; the
 * selection stays with the host, which hears of each change through the options.
 */
export class FilterPicker {
  private readonly options: FilterPickerOptions;
  private readonly task: Task<readonly [InvoiceRunClient | undefined], Filter[]>;

  constructor(host: ReactiveControllerHost, options: FilterPickerOptions) {
    this.options = options;
    this.task = new Task(host, {
      task: async ([client]) => (client === undefined ? initialState : client.filters()),
      args: () => [options.client()] as const,
    });
  }

  /** The filters, once loaded. */
  get filters(): readonly Filter[] | undefined {
    return this.task.value;
  }

  private readonly onSubscriptionFilter = (event: Event): void => {
    this.options.onSubscriptionFilter((event.target as HTMLInputElement).value);
  };

  private readonly onCheckbox = (event: Event): void => {
    const selection = this.options.selection();
    if (selection === undefined) return;
    const input = event.target as HTMLInputElement;
    const group = input.name === 'transactionFilters' ? 'transactionFilters' : 'genericFilters';
    const next = new Set(selection[group]);
    if (input.checked) next.add(input.value);
    else next.delete(input.value);
    this.options.onFilters(group, next);
  };

  private readonly retry = (): void => {
    void this.task.run();
  };

  private renderSubscriptionFilters(
    selection: FilterSelection,
    view: FilterPickerView,
  ): TemplateResult | typeof nothing {
    const filters = filtersOf(this.filters, 'subscription');
    if (filters.length === 0) return nothing;
    const selected = effectiveSubscriptionFilter(this.filters, selection.subscriptionFilter);
    const error = view.errors.subscriptionFilter;
    const errorId = `${this.options.idPrefix}subscriptionFilter-error`;
    return html`<fieldset
      part="subscription-filters"
      role="radiogroup"
      aria-required=${filters.length > 1 ? 'true' : 'false'}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${ifDefined(error === undefined ? undefined : errorId)}
    >
      <legend>${view.subscriptionLegend}</legend>
      ${filters.map(
        (filter) =>
          html`<label class="choice">
            <input
              type="radio"
              name="subscriptionFilter"
              .value=${filter.id}
              .checked=${live(selected === filter.id)}
              @change=${this.onSubscriptionFilter}
            />
            ${filter.name}
          </label>`,
      )}
      ${renderFieldError(errorId, error)}
    </fieldset>`;
  }

  private renderCheckboxes(
    useCase: keyof typeof GROUPS,
    selection: FilterSelection,
    view: FilterPickerView,
  ): TemplateResult | typeof nothing {
    const filters = filtersOf(this.filters, useCase);
    if (filters.length === 0) return nothing;
    const name = GROUPS[useCase];
    const checked = selection[name];
    const none = !filters.some((filter) => checked.has(filter.id));
    const error = view.errors[name];
    const id = `${this.options.idPrefix}${name}`;
    return html`<fieldset
      part="${useCase}-filters"
      aria-describedby=${ifDefined(
        describedBy(none ? `${id}-hint` : undefined, error ? `${id}-error` : undefined),
      )}
    >
      <legend>${view.messages[name]}</legend>
      ${filters.map(
        (filter) =>
          html`<label class="choice">
            <input
              type="checkbox"
              name=${name}
              .value=${filter.id}
              .checked=${live(checked.has(filter.id))}
              @change=${this.onCheckbox}
            />
            ${filter.name}
          </label>`,
      )}
      ${none ? html`<p id="${id}-hint" class="hint">${view.messages[`${name}Skipped`]}</p>` : nothing}
      ${renderFieldError(`${id}-error`, error)}
    </fieldset>`;
  }

  private renderGroups(view: FilterPickerView): TemplateResult | typeof nothing {
    const selection = this.options.selection();
    if (selection === undefined) return nothing;
    return html`${this.renderSubscriptionFilters(selection, view)}
    ${this.renderCheckboxes('transaction', selection, view)}
    ${this.renderCheckboxes('generic', selection, view)}`;
  }

  /** Loading, the radios and checkboxes, or the failure to load them with a retry. */
  render(view: FilterPickerView): unknown {
    return renderLoading(this.task, {
      loading: view.messages.loadingFilters,
      complete: () => this.renderGroups(view),
      messages: view.messages,
      retry: this.retry,
      initial: view.initial ?? (() => nothing),
    });
  }
}
