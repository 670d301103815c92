import {
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {Task, TaskStatus, initialState} from '@lit/task';
import type {Invoice, InvoiceLine, Transaction} from '@invoice-run/core';
import type {InvoiceRunClient, Page} from '@invoice-run/worker';
import {formatCount, formatDate, formatDecimal} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {renderLoading} from '../internal/loading.js';
import {renderNoClient} from '../internal/templates.js';
import {explainLine, type LineWords} from './explain.js';
import {
  lineExplanationMessages,
  type LineExplanationMessages,
} from './line-explanation.messages.js';
import {lineExplanationMessagesDe} from './line-explanation.messages.de.js';
import {catalogueFor} from '../internal/language.js';
import styles from './line-explanation.styles.js';

/** Transactions per page unless `page-size` says otherwise (the worker's default page). */
const DEFAULT_PAGE_SIZE = 50;

/**
 * @tagname line-explanation
 * @summary Why one invoice line costs what it does, in words: an item line's pieces (their days,
 * the billing period each belongs to, caught-up days, exact factors), the billing type's rule and
 * practice; a usage line's transactions, listed a page at a time; a record line's record; a manual
 * line; a line stored without an explanation.
 *
 * Give it `invoice` and `line-index` (the line's index in `invoice.lines`), or just a `line`
 * (then a usage line's transactions cannot be listed). The client comes from the closest
 * `<invoice-run-provider>` or the `client` property.
 *
 * @csspart base - The wrapper.
 * @csspart summary - The billing type and practice of an item line.
 * @csspart rule - How the billing type turns days into a factor.
 * @csspart pieces - The list of an item line's pieces.
 * @csspart piece - One piece: its days, what they are of their billing period, its factor.
 * @csspart factor - A piece's factor, exact and as a decimal.
 * @csspart caught-up-hint - What "caught up" means, under pieces that are.
 * @csspart line-factor - The line's factor, the exact sum of its pieces'.
 * @csspart usage - A usage line's transaction count and dates.
 * @csspart criterion - A usage line's criterion.
 * @csspart transactions-button - The button that lists (or hides) a usage line's transactions.
 * @csspart transactions - The listed transactions with their pager.
 * @csspart transaction-table - The table of one page of transactions.
 * @csspart pager - Previous, the range shown, Next.
 * @csspart previous-button - The button to the previous page of transactions.
 * @csspart next-button - The button to the next page of transactions.
 * @csspart range - Which transactions the page shows (`1–50 of 420`), a live region.
 * @csspart record - A record line's record.
 * @csspart manual - What a manual line is.
 * @csspart none - Said of a line stored without an explanation.
 * @csspart notice - No such line, or no client.
 * @csspart error - A failure to list transactions.
 * @csspart retry-button - The button that tries again.
 *
 * @cssproperty --line-explanation-late-color - Text colour of caught-up pieces.
 * @cssproperty --line-explanation-transactions-height - Height of the transaction list before it
 * scrolls.
 * @cssproperty --invoice-run-color - Text colour.
 * @cssproperty --invoice-run-muted-color - Colour of hints.
 * @cssproperty --invoice-run-border-color - Borders.
 * @cssproperty --invoice-run-surface - Background of buttons and of the list's header.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 *
 * @slot - Nothing is slotted.
 */
export class LineExplanation extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    invoice: {attribute: false},
    lineIndex: {type: Number, attribute: 'line-index'},
    line: {attribute: false},
    pageSize: {type: Number, attribute: 'page-size'},
    messages: {attribute: false},
    transactionsOpen: {state: true, attribute: false},
    offset: {state: true, attribute: false},
  };

  private readonly transactionsTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined, number, boolean, number, number],
    Page<Transaction>
  >(this, {
    task: async ([client, invoiceId, lineIndex, open, offset, limit]) => {
      if (!open || client === undefined || invoiceId === undefined) return initialState;
      return client.lineTransactions(invoiceId, lineIndex, {offset, limit});
    },
    args: () =>
      [
        this.activeClient,
        this.listableInvoiceId(),
        this.lineIndex,
        this.transactionsOpen,
        this.offset,
        this.limit(),
      ] as const,
  });

  /** The line being explained, to keep the open list only while it stays the same line. */
  private shownLine = '';
  /** The pager button pressed last, to keep the focus on the pager when it turns disabled. */
  private pressed: 'previous' | 'next' | undefined;

  declare private transactionsOpen: boolean;
  declare private offset: number;

  /** The invoice the line belongs to (with `line-index`). */
  declare invoice: Invoice | undefined;

  /** The index of the line in `invoice.lines`. */
  declare lineIndex: number;

  /** A line to explain without its invoice (its transactions cannot be listed then). */
  declare line: InvoiceLine | undefined;

  /** Transactions per page of a usage line's list (1 to 1000; default 50). */
  declare pageSize: number;

  /** Texts that replace the defaults (`lineExplanationMessages`); the rest stay. */
  declare messages: Partial<LineExplanationMessages>;

  constructor() {
    super();
    this.invoice = undefined;
    this.lineIndex = 0;
    this.line = undefined;
    this.pageSize = DEFAULT_PAGE_SIZE;
    this.messages = {};
    this.transactionsOpen = false;
    this.offset = 0;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another line (not the same line of a newer copy of its invoice): start closed.
    const key = this.line === undefined ? `${this.invoice?.id}#${this.lineIndex}` : '';
    if (key !== this.shownLine || changed.has('line')) {
      this.transactionsOpen = false;
      this.offset = 0;
    }
    this.shownLine = key;
  }

  protected override clientChanged(): void {
    this.transactionsOpen = false;
    this.offset = 0;
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The last page turned Next disabled (or the first Previous): the focus goes to the other one.
    const pressed = this.pressed;
    if (pressed === undefined || this.transactionsTask.status === TaskStatus.PENDING) return;
    this.pressed = undefined;
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`[part~="${pressed}-button"]`);
    const other = this.renderRoot.querySelector<HTMLButtonElement>(
      `[part~="${pressed === 'next' ? 'previous' : 'next'}-button"]`,
    );
    if (button?.disabled === true && other !== null && !other.disabled) other.focus();
  }

  private get text(): LineExplanationMessages {
    return {
      ...catalogueFor(this.activeLocale, {
        en: lineExplanationMessages,
        de: lineExplanationMessagesDe,
      }),
      ...this.messages,
    };
  }

  private get shown(): InvoiceLine | undefined {
    return this.line ?? this.invoice?.lines[this.lineIndex];
  }

  /** The invoice whose line's transactions can be listed: a stored one (a preview's are not). */
  private listableInvoiceId(): string | undefined {
    if (this.line !== undefined || this.invoice === undefined) return undefined;
    return this.invoice.runId === null ? undefined : this.invoice.id;
  }

  private limit(): number {
    return Math.min(1000, Math.max(1, Math.floor(this.pageSize) || DEFAULT_PAGE_SIZE));
  }

  private readonly onToggleTransactions = (): void => {
    this.transactionsOpen = !this.transactionsOpen;
    this.offset = 0;
  };

  private readonly onPage = (event: Event): void => {
    const direction = (event.currentTarget as HTMLElement).dataset['page'] as 'previous' | 'next';
    const total = this.transactionsTask.value?.total ?? 0;
    const step = this.limit();
    const next = direction === 'next' ? this.offset + step : this.offset - step;
    if (next < 0 || next >= total) return;
    this.pressed = direction;
    this.offset = next;
  };

  private readonly retryTransactions = (): void => {
    void this.transactionsTask.run();
  };

  private renderItem(words: Extract<LineWords, {kind: 'item'}>): TemplateResult {
    const text = this.text;
    return html`<p part="summary">
        <strong>${words.billingType}</strong
        >${words.practice === null ? nothing : html`. ${words.practice}`}
      </p>
      <p part="rule" class="hint">${words.rule}</p>
      <ol part="pieces" aria-label=${text.pieces}>
        ${words.pieces.map(
          (piece) =>
            html`<li part="piece" ?data-late=${piece.late}>
              <span class="piece-text">${piece.text}</span>
              <span part="factor" class="factor">(${text.pieceFactor(piece.factor)})</span>
            </li>`,
        )}
      </ol>
      ${
        words.pieces.some((piece) => piece.late)
          ? html`<p part="caught-up-hint" class="hint">${text.caughtUpHint}</p>`
          : nothing
      }
      <p part="line-factor">${text.lineFactor(words.factor)}</p>`;
  }

  private renderTransactionPage(page: Page<Transaction>, locale: string): TemplateResult {
    const text = this.text;
    const line = this.shown;
    const step = this.limit();
    const first = page.items.length === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.items.length;
    return html`<div
        class="transaction-box"
        tabindex="0"
        role="group"
        aria-label=${text.transactionsOf(line?.description ?? '')}
      >
        <table part="transaction-table">
          <caption class="visually-hidden">
            ${text.transactionsOf(line?.description ?? '')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${text.date}</th>
              <th scope="col" class="amount">${text.quantity}</th>
              <th scope="col">${text.description}</th>
              <th scope="col">${text.transaction}</th>
            </tr>
          </thead>
          <tbody>
            ${page.items.map(
              (transaction) =>
                html`<tr>
                  <td>${formatDate(transaction.date, locale)}</td>
                  <td class="amount">${formatDecimal(transaction.quantity, locale)}</td>
                  <td>${transaction.description ?? text.noDescription}</td>
                  <td>${transaction.id}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${
        page.total <= step && page.offset === 0
          ? html`<p part="range" class="hint" role="status">
              ${text.transactionRange(
                formatCount(first, locale),
                formatCount(last, locale),
                formatCount(page.total, locale),
              )}
            </p>`
          : html`<div class="pager" part="pager">
              <button
                type="button"
                part="previous-button"
                data-page="previous"
                ?disabled=${page.offset === 0}
                @click=${this.onPage}
              >
                ${text.previousPage}
              </button>
              <span part="range" role="status">
                ${text.transactionRange(
                  formatCount(first, locale),
                  formatCount(last, locale),
                  formatCount(page.total, locale),
                )}
              </span>
              <button
                type="button"
                part="next-button"
                data-page="next"
                ?disabled=${page.offset + step >= page.total}
                @click=${this.onPage}
              >
                ${text.nextPage}
              </button>
            </div>`
      }`;
  }

  private renderUsage(words: Extract<LineWords, {kind: 'usage'}>, locale: string): TemplateResult {
    const text = this.text;
    const listable = this.listableInvoiceId() !== undefined;
    const open = this.transactionsOpen;
    return html`<p part="usage">${words.text}</p>
      ${words.criterion === null ? nothing : html`<p part="criterion">${words.criterion}</p>`}
      ${
        this.invoice !== undefined && this.line === undefined && !listable
          ? html`<p class="hint">${text.noTransactionList}</p>`
          : nothing
      }
      ${
        listable && words.transactions > 0
          ? html`<div class="actions">
              <button
                type="button"
                part="transactions-button"
                aria-expanded=${open ? 'true' : 'false'}
                aria-controls="transactions"
                @click=${this.onToggleTransactions}
              >
                ${
                  open
                    ? text.hideTransactions
                    : text.showTransactions(
                        formatCount(words.transactions, locale),
                        words.transactions,
                      )
                }
              </button>
            </div>`
          : nothing
      }
      <div id="transactions" part="transactions" ?hidden=${!open}>
        ${
          !open
            ? nothing
            : this.activeClient === undefined
              ? renderNoClient(text.noClient)
              : renderLoading(this.transactionsTask, {
                  loading: text.transactionsLoading,
                  complete: (page) => this.renderTransactionPage(page, locale),
                  messages: text,
                  retry: this.retryTransactions,
                })
        }
      </div>`;
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const line = this.shown;
    if (line === undefined) {
      return html`<section part="base">
        ${
          this.invoice === undefined
            ? nothing
            : html`<p class="notice" part="notice">${text.noLine}</p>`
        }
      </section>`;
    }
    const words = explainLine(line, locale, text);
    let body: TemplateResult;
    switch (words.kind) {
      case 'item':
        body = this.renderItem(words);
        break;
      case 'usage':
        body = this.renderUsage(words, locale);
        break;
      default:
        body = html`<p part=${words.kind}>${words.text}</p>`;
    }
    return html`<section part="base" aria-label=${text.label(line.description)}>${body}</section>`;
  }
}
