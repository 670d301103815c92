/** Pieces of markup the components share: progress with its live region, totals, failures. */
import {html, nothing, type TemplateResult} from 'lit';
import {ifDefined} from 'lit/directives/if-defined.js';
import type {CurrencyTotal, SourceIssue} from '@invoice-run/core';
import type {JobProgress} from '@invoice-run/worker';
import {describeError, errorCode, type ErrorMessages} from './errors.js';
import {formatCount, formatMoney} from './format.js';

/** The texts of a progress report. */
export interface ProgressMessages {
  /** The name of each phase of a run. */
  phases: Record<Exclude<JobProgress['phase'], 'waiting'>, string>;
  /** What the live region says while the job waits for another tab's or worker's billing. */
  waiting: string;
  /** `Subscriptions: 40 of 100`; `total` is null while it is not known. */
  progress: (phase: string, done: string, total: string | null) => string;
  /** The accessible name of the progress bar. */
  progressLabel: string;
  /** What the live region says before the first report. */
  starting: string;
}

export const progressMessages: ProgressMessages = {
  phases: {transactions: 'Usage', subscriptions: 'Subscriptions', records: 'Other records'},
  progress: (phase, done, total) =>
    total === null ? `${phase}: ${done} done` : `${phase}: ${done} of ${total}`,
  progressLabel: 'Progress',
  starting: 'Starting…',
  waiting: 'Waiting: another tab or window is billing. This run starts when it ends.',
};

/** The words of a progress report, as the live region says them. */
export function progressText(
  progress: JobProgress | undefined,
  messages: ProgressMessages,
  locale: string,
): string {
  if (progress === undefined) return messages.starting;
  if (progress.phase === 'waiting') return messages.waiting;
  return messages.progress(
    messages.phases[progress.phase] ?? progress.phase,
    formatCount(progress.done, locale),
    progress.total < 0 ? null : formatCount(progress.total, locale),
  );
}

/** A progress bar (indeterminate until the total is known). The live region is rendered apart. */
export function renderProgressBar(
  progress: JobProgress | undefined,
  messages: ProgressMessages,
): TemplateResult {
  const known = progress !== undefined && progress.total > 0;
  return html`<progress
    part="progress"
    aria-label=${messages.progressLabel}
    max=${known ? progress.total : 1}
    value=${ifDefined(known ? Math.min(progress.done, progress.total) : undefined)}
  ></progress>`;
}

/** The texts of a totals table. */
export interface TotalsMessages {
  totals: string;
  currency: string;
  net: string;
  tax: string;
  gross: string;
  noTotals: string;
}

export const totalsMessages: TotalsMessages = {
  totals: 'Totals per currency',
  currency: 'Currency',
  net: 'Net',
  tax: 'Tax',
  gross: 'Gross',
  noTotals: 'No amounts.',
};

export function renderTotals(
  totals: readonly CurrencyTotal[],
  messages: TotalsMessages,
  locale: string,
): TemplateResult {
  if (totals.length === 0) return html`<p class="hint" part="totals">${messages.noTotals}</p>`;
  // In a narrow box (a phone) each currency becomes a block of labelled amounts (shared.styles).
  return html`<div class="totals-box">
    <table part="totals">
      <caption class="visually-hidden">
        ${messages.totals}
      </caption>
      <thead>
        <tr>
          <th scope="col">${messages.currency}</th>
          <th scope="col" class="amount">${messages.net}</th>
          <th scope="col" class="amount">${messages.tax}</th>
          <th scope="col" class="amount">${messages.gross}</th>
        </tr>
      </thead>
      <tbody>
        ${totals.map(
          (total) =>
            html`<tr>
              <th scope="row">${total.currency}</th>
              <td class="amount" data-label=${messages.net}>
                ${formatMoney(total.net, total.currency, locale)}
              </td>
              <td class="amount" data-label=${messages.tax}>
                ${formatMoney(total.tax, total.currency, locale)}
              </td>
              <td class="amount" data-label=${messages.gross}>
                ${formatMoney(total.gross, total.currency, locale)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** Gross totals on one line: `€10.00 · $5.00`. */
export function grossTotals(totals: readonly CurrencyTotal[], locale: string): string {
  return totals.map((total) => formatMoney(total.gross, total.currency, locale)).join(' · ');
}

/** Lists longer than this scroll in a box of their own (a Tab stop, so keys can scroll it). */
const ISSUES_BEFORE_SCROLL = 5;

/**
 * Errors or warnings of a run, one line each. A long list (a run over bad data has hundreds)
 * scrolls in a compact box, `label` naming it, instead of making the page thousands of pixels tall.
 */
export function renderIssueList(
  issues: readonly SourceIssue<string>[],
  label: string,
): TemplateResult {
  const list = html`<ul>
    ${issues.map(
      (issue) => html`<li><strong>${issue.source} ${issue.id}</strong>: ${issue.message}</li>`,
    )}
  </ul>`;
  if (issues.length <= ISSUES_BEFORE_SCROLL) return list;
  return html`<div
    class="issue-list"
    part="issue-list"
    role="group"
    aria-label=${label}
    tabindex="0"
  >
    ${list}
  </div>`;
}

/** A failure in words, with its code for support and an optional retry button. */
export function renderFailure(
  error: unknown,
  messages: ErrorMessages,
  retry?: () => void,
): TemplateResult {
  const code = errorCode(error);
  return html`<div class="notice error" part="error" role="alert" tabindex="-1" data-code=${code}>
    <p>${describeError(error, messages)}</p>
    ${
      retry === undefined
        ? nothing
        : html`<p>
            <button type="button" part="retry-button" @click=${retry}>${messages.retry}</button>
          </p>`
    }
  </div>`;
}

/** What a component shows while it has no client (no provider, no `client` property). */
export function renderNoClient(message: string): TemplateResult {
  return html`<p class="notice" part="notice">${message}</p>`;
}
