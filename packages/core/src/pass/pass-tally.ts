/**
 * What a pass has made, found and stored so far: its counters and totals, its errors and
 * warnings, and the run record as each commit leaves it. The issues found since the last commit
 * go into the store with the next one, so the run record and its issues never disagree.
 */
import {addTotals, buildInvoice, CurrencySums, type InvoiceDraft} from '../billing/invoices.js';
import {FiguresTally} from '../billing/run-figures.js';
import type {
  CurrencyTotal,
  Invoice,
  RunIssues,
  RunRecord,
  SourceErrorCode,
  SourceIssue,
  WarningCode,
} from '../records/model.js';

export class PassTally {
  counters = {invoices: 0, credits: 0, lines: 0, errors: 0};
  totals: CurrencyTotal[] = [];
  readonly errors: SourceIssue<SourceErrorCode>[] = [];
  readonly warnings: SourceIssue<WarningCode>[] = [];
  /** Issues found since the last commit, added to the run record with the next one. */
  private pendingErrors: SourceIssue<SourceErrorCode>[] = [];
  private pendingWarnings: SourceIssue<WarningCode>[] = [];
  private nextIndex: number;

  constructor(private run: RunRecord | null) {
    this.nextIndex = run?.invoicesMade ?? 0;
  }

  get storedRun(): RunRecord | null {
    return this.run;
  }

  error(error: SourceIssue<SourceErrorCode>): void {
    this.errors.push(error);
    this.pendingErrors.push(error);
    this.counters.errors++;
  }

  warning(warning: SourceIssue<WarningCode>): void {
    this.warnings.push(warning);
    this.pendingWarnings.push(warning);
  }

  /** The invoices of `drafts`, numbered on from the run's last, with their totals per currency. */
  makeInvoices(drafts: readonly InvoiceDraft[]): {invoices: Invoice[]; totals: CurrencyTotal[]} {
    const runId = this.run?.id ?? null;
    const prefix = `${runId ?? 'preview'}:`;
    const sums = new CurrencySums();
    const invoices = drafts.map((draft) => {
      const index = this.nextIndex++;
      return buildInvoice(draft, {id: `${prefix}${index}`, runId, index}, sums);
    });
    return {invoices, totals: sums.totals()};
  }

  /** Whether issues were found since the last commit. */
  get hasPendingIssues(): boolean {
    return this.pendingErrors.length > 0 || this.pendingWarnings.length > 0;
  }

  /**
   * Counts the invoices into the pass; returns the run record that includes them and the issues
   * found since the previous commit, to be stored with them (null for a preview).
   */
  addInvoices(
    invoices: readonly Invoice[],
    totals: readonly CurrencyTotal[],
  ): {run: RunRecord; issues: RunIssues} | null {
    const added = {invoices: 0, credits: 0, lines: 0};
    for (const invoice of invoices) {
      if (invoice.class === 'credit') added.credits++;
      else added.invoices++;
      added.lines += invoice.lines.length;
    }
    this.counters.invoices += added.invoices;
    this.counters.credits += added.credits;
    this.counters.lines += added.lines;
    this.totals = addTotals(this.totals, totals);
    if (this.run === null) return null;
    const run = this.run;
    this.run = {
      ...run,
      counters: {
        invoices: run.counters.invoices + added.invoices,
        credits: run.counters.credits + added.credits,
        lines: run.counters.lines + added.lines,
        errors: run.counters.errors + this.pendingErrors.length,
      },
      warningCount: run.warningCount + this.pendingWarnings.length,
      totals: addTotals(run.totals, totals),
      current: withChunk(run.current, invoices, totals),
      invoicesMade: this.nextIndex,
    };
    const issues = {errors: this.pendingErrors, warnings: this.pendingWarnings};
    this.pendingErrors = [];
    this.pendingWarnings = [];
    return {run: this.run, issues};
  }
}

/** A run's `current` figures with a chunk's new invoices, summed by the pass as `totals`. */
function withChunk(
  current: RunRecord['current'],
  invoices: readonly Invoice[],
  totals: readonly CurrencyTotal[],
): RunRecord['current'] {
  const tally = new FiguresTally(current);
  tally.countSummed(invoices, totals);
  return tally.figures();
}
