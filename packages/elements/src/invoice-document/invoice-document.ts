import {
  html,
  nothing,
  type CSSResultOrNative,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {Task, TaskStatus, initialState} from '@lit/task';
import type {
  Account,
  EditChangeRecord,
  Invoice,
  InvoiceEdit,
  InvoiceLine,
  PostalAddress,
  Seller,
  Settings,
} from '@invoice-run/core';
import type {InvoiceRunClient, Page} from '@invoice-run/worker';
import {InvoiceDocumentPrintEvent} from '../events.js';
import {errorCode} from '../internal/errors.js';
import {
  formatCount,
  formatDate,
  formatDateRange,
  formatDecimal,
  formatMoney,
  formatPercent,
  formatPrice,
  formatTimestamp,
} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {LiveQueryController} from '../internal/live-query.js';
import {renderFailure, renderNoClient} from '../internal/templates.js';
import {lineSummary} from '../line-explanation/explain.js';
import {
  lineExplanationMessages,
  type LineExplanationMessages,
} from '../line-explanation/line-explanation.messages.js';
import {
  invoiceDocumentMessages,
  type InvoiceDocumentMessages,
} from './invoice-document.messages.js';
import {invoiceDocumentMessagesDe} from './invoice-document.messages.de.js';
import {catalogueFor} from '../internal/language.js';
import {lineExplanationMessagesDe} from '../line-explanation/line-explanation.messages.de.js';
import {holdPageRule, pageRule, printHtml, releasePageRule, standaloneHtml} from './print.js';
import styles from './invoice-document.styles.js';

/** The theme's custom properties a printed copy takes over from the page. */
const THEME_PROPERTIES = [
  '--invoice-run-color',
  '--invoice-run-font-family',
  '--invoice-run-border-color',
  '--invoice-run-muted-color',
  '--invoice-run-accent',
  '--invoice-document-paper',
  '--invoice-document-ink',
  '--invoice-document-rule-color',
  '--invoice-document-heading-color',
] as const;

/** The buyer as the document shows it: the account, or only its id when it cannot be read. */
type Buyer = {readonly account: Account} | {readonly missing: string};

/** The minor unit of the invoice's currency: its amounts have exactly these digits. */
function minorDigits(invoice: Invoice): number {
  return /\.(\d+)$/.exec(invoice.net)?.[1]?.length ?? 0;
}

/** An IBAN in groups of four, as it is printed: `DE89 3704 0044 0532 0130 00`. */
function groupedIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * @tagname invoice-document
 * @summary One invoice as a document to read and print: seller (from the settings) and buyer (the
 * account), number or "Draft", invoice date, due date, service period, the lines (with their
 * explanation in a sentence, on request), tax per rate, totals, payment details and the edit
 * record. The browser's print of it is a clean A4 page; `print()` prints it alone.
 *
 * Give it an `invoice` (an `Invoice` object, which the page keeps up to date), or an `invoice-id`:
 * then it reads the invoice itself and follows its changes live. The seller's and the buyer's
 * details are read through the client (`settings()`, `accounts([id])`).
 *
 * @fires {InvoiceDocumentPrintEvent} invoice-document-print - Before printing (cancelable); `html` is
 * the standalone page that is printed.
 *
 * @csspart base - The document (the paper on screen).
 * @csspart toolbar - The Print button; never printed.
 * @csspart print-button - The Print button.
 * @csspart header - Seller, title and the invoice's facts.
 * @csspart seller - The seller's name, address and tax id.
 * @csspart missing-seller - Said when the settings hold no seller details.
 * @csspart title - The document's title (Invoice, Credit note, Draft invoice).
 * @csspart facts - Number, customer, invoice date, due date, service period.
 * @csspart buyer - The buyer: account name, address, tax id, e-mail.
 * @csspart draft-notice - What a draft is, printed on it.
 * @csspart lines - The table of lines.
 * @csspart line - One line.
 * @csspart explanation - A line's explanation in a sentence (with `explanations`).
 * @csspart totals - Net total, tax per rate, total (a table).
 * @csspart tax-row - The tax of one rate.
 * @csspart total - The total (gross).
 * @csspart payment - Payment terms and the seller's bank details.
 * @csspart edits - The edit record: every edit, when, and its changes in words.
 * @csspart edit - One edit.
 * @csspart footer - The seller's contact details.
 * @csspart notice - Loading, no invoice, no client.
 * @csspart error - A failure to read the invoice.
 * @csspart retry-button - The button that tries again.
 *
 * @cssproperty --invoice-document-paper - Background of the document on screen (printed: white).
 * @cssproperty --invoice-document-ink - Text colour of the document on screen (printed: black).
 * @cssproperty --invoice-document-rule-color - Rules between lines and sections.
 * @cssproperty --invoice-document-heading-color - Colour of the title and headings.
 * @cssproperty --invoice-document-width - Width of the document on screen (default 210mm, A4).
 * @cssproperty --invoice-run-font-family - Font family.
 * @cssproperty --invoice-run-muted-color - Colour of hints and labels.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 *
 * @slot - Nothing is slotted.
 */
export class InvoiceDocument extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    invoice: {attribute: false},
    invoiceId: {type: String, attribute: 'invoice-id'},
    explanations: {type: Boolean, reflect: true},
    pageSize: {type: String, attribute: 'page-size'},
    messages: {attribute: false},
    explanationMessages: {attribute: false},
    invoiceVersion: {state: true, attribute: false},
  };

  private readonly invoiceTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined, boolean, number],
    Invoice
  >(this, {
    task: async ([client, id, given]) => {
      if (given || client === undefined || id === undefined || id === '') return initialState;
      return client.invoice(id);
    },
    args: () =>
      [this.activeClient, this.invoiceId, this.invoice !== undefined, this.invoiceVersion] as const,
  });

  private readonly settingsTask = new Task<readonly [InvoiceRunClient | undefined], Settings>(
    this,
    {
      task: async ([client]) => (client === undefined ? initialState : client.settings()),
      args: () => [this.activeClient] as const,
    },
  );

  private readonly buyerTask = new Task<
    readonly [InvoiceRunClient | undefined, string | undefined],
    Buyer
  >(this, {
    task: async ([client, accountId]) => {
      if (client === undefined || accountId === undefined) return initialState;
      const [account] = await client.accounts([accountId]);
      return account === undefined ? {missing: accountId} : {account};
    },
    args: () => [this.activeClient, this.shown?.accountId] as const,
  });

  /**
   * An invoice read by id follows its changes: a live query of its run's invoices (one row is
   * enough: any change of them delivers again) has it read again.
   */
  private readonly invoiceChanges = new LiveQueryController<
    readonly [InvoiceRunClient | undefined, string | null | undefined],
    Page<Invoice>
  >(this, {
    args: () =>
      [
        this.activeClient,
        this.invoice === undefined ? this.invoiceTask.value?.runId : undefined,
      ] as const,
    observe: ([client, runId], deliver) =>
      runId === undefined || runId === null
        ? undefined
        : client?.observeInvoices(runId, deliver, {offset: 0, limit: 1}),
    onChange: () => this.invoiceVersion++,
  });

  declare private invoiceVersion: number;

  /** The invoice to show; when unset, the one `invoice-id` names, read through the client. */
  declare invoice: Invoice | undefined;

  /** The id of the invoice to read and follow live (when `invoice` is not set). */
  declare invoiceId: string | undefined;

  /** Shows each line's explanation in a sentence under its description. */
  declare explanations: boolean;

  /**
   * The paper the page prints on (a CSS page size: `A4`, `letter`); default `A4`. Empty: the page
   * decides (the document then brings no page rule).
   */
  declare pageSize: string;

  /** Texts that replace the defaults (`invoiceDocumentMessages`); the rest stay. */
  declare messages: Partial<InvoiceDocumentMessages>;

  /** Texts for the lines' explanations (`lineExplanationMessages`). */
  declare explanationMessages: Partial<LineExplanationMessages>;

  constructor() {
    super();
    this.invoice = undefined;
    this.invoiceId = undefined;
    this.explanations = false;
    this.pageSize = 'A4';
    this.messages = {};
    this.explanationMessages = {};
    this.invoiceVersion = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    releasePageRule(this);
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.isConnected) holdPageRule(this, this.pageRuleText(false));
  }

  private get text(): InvoiceDocumentMessages {
    return {
      ...catalogueFor(this.activeLocale, {
        en: invoiceDocumentMessages,
        de: invoiceDocumentMessagesDe,
      }),
      ...this.messages,
    };
  }

  private get explanationText(): LineExplanationMessages {
    return {
      ...catalogueFor(this.activeLocale, {
        en: lineExplanationMessages,
        de: lineExplanationMessagesDe,
      }),
      ...this.explanationMessages,
    };
  }

  /** The invoice shown: the given one, else the one read by id. */
  private get shown(): Invoice | undefined {
    if (this.invoice !== undefined) return this.invoice;
    const read = this.invoiceTask.value;
    return read !== undefined && read.id === this.invoiceId ? read : undefined;
  }

  private get seller(): Seller | null | undefined {
    return this.settingsTask.value?.seller;
  }

  private titleOf(invoice: Invoice): string {
    const text = this.text;
    const credit = invoice.class === 'credit';
    if (invoice.status === 'draft') return credit ? text.draftCreditTitle : text.draftInvoiceTitle;
    return credit ? text.creditTitle : text.invoiceTitle;
  }

  private pageRuleText(withLabel: boolean): string {
    const invoice = this.shown;
    const label =
      withLabel && invoice !== undefined
        ? `${this.titleOf(invoice)} ${invoice.number ?? ''}`.trim()
        : undefined;
    return pageRule({
      size: this.pageSize,
      counter: this.text.pageOf('{page}', '{pages}'),
      ...(label === undefined ? {} : {label}),
    });
  }

  private readonly onPrint = (): void => {
    void this.print();
  };

  private readonly retryInvoice = (): void => {
    void this.invoiceTask.run();
  };

  /** Waits until the invoice, the seller and the buyer are read (or could not be). */
  private async settled(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await this.updateComplete;
      await Promise.all(
        [this.invoiceTask, this.settingsTask, this.buyerTask].map((task) =>
          task.taskComplete.catch(() => undefined),
        ),
      );
      await this.updateComplete;
      const pending = [this.invoiceTask, this.settingsTask, this.buyerTask].some(
        (task) => task.status === TaskStatus.PENDING,
      );
      if (!pending) return;
    }
  }

  /**
   * The document as a standalone HTML page: its markup and styles in a declarative shadow root,
   * the page rule (paper size, margins, page numbers, the number in the corner), no script and no
   * button. What `print()` prints; a page can also keep it or send it to a PDF service.
   */
  async printableHtml(): Promise<string> {
    await this.settled();
    const invoice = this.shown;
    const copy = document.createElement('div');
    for (const node of this.renderRoot.childNodes) copy.append(node.cloneNode(true));
    for (const element of copy.querySelectorAll('[data-screen-only]')) element.remove();
    const computed = getComputedStyle(this);
    const hostStyle = [
      `font-family: ${computed.fontFamily};`,
      ...THEME_PROPERTIES.map((name) => [name, computed.getPropertyValue(name).trim()])
        .filter(([, value]) => value !== '')
        .map(([name, value]) => `${name}: ${value};`),
    ].join(' ');
    const sheets = (this.constructor as typeof InvoiceDocument)
      .elementStyles as CSSResultOrNative[];
    const css = sheets
      .map((sheet) =>
        sheet instanceof CSSStyleSheet
          ? [...sheet.cssRules].map((rule) => rule.cssText).join('\n')
          : sheet.cssText,
      )
      .join('\n');
    return standaloneHtml({
      title: invoice === undefined ? this.text.noInvoice : this.documentName(invoice),
      lang: this.activeLocale,
      page: this.pageRuleText(true),
      styles: css,
      hostStyle,
      content: copy.innerHTML,
    });
  }

  /**
   * Prints the document alone (nothing else of the page), on `page-size` paper, once the seller
   * and buyer are read. Fires `invoice-document-print` first; a listener may cancel it.
   */
  async print(): Promise<void> {
    const markup = await this.printableHtml();
    const invoice = this.shown;
    if (invoice === undefined) return;
    if (!this.emit(new InvoiceDocumentPrintEvent(invoice, markup))) return;
    await printHtml(markup);
  }

  /** `Invoice INV-2026-00001`, `Draft invoice`: the name of the printed file. */
  private documentName(invoice: Invoice): string {
    return `${this.titleOf(invoice)} ${invoice.number ?? ''}`.trim();
  }

  private renderAddress(address: PostalAddress | null | undefined, locale: string): unknown {
    if (address === null || address === undefined) return nothing;
    let country = address.country;
    try {
      country = new Intl.DisplayNames([locale], {type: 'region'}).of(address.country) ?? country;
    } catch {
      // An unknown code stays as written.
    }
    const city = [address.postalCode, address.city].filter(Boolean).join(' ');
    // Each line a block; the spaces between them keep the text apart when it is read or copied.
    return html`${address.lines.map((line) => html`<span class="address-line">${line}</span> `)}
      <span class="address-line">${city}</span>
      ${
        address.region === null || address.region === undefined || address.region === ''
          ? nothing
          : html`<span class="address-line">${address.region}</span>`
      }
      <span class="address-line">${country}</span>`;
  }

  private renderSeller(locale: string): TemplateResult {
    const text = this.text;
    const seller = this.seller;
    if (this.settingsTask.status === TaskStatus.PENDING && this.settingsTask.value === undefined) {
      return html`<div part="seller" class="seller">
        <p class="hint">${text.partiesLoading}</p>
      </div>`;
    }
    if (seller === undefined || seller === null) {
      return html`<div part="seller" class="seller">
        <p part="missing-seller" class="hint">${text.noSeller}</p>
      </div>`;
    }
    return html`<div part="seller" class="seller" aria-label=${text.seller} role="group">
      <p class="party-name seller-name">${seller.name}</p>
      <p class="address">${this.renderAddress(seller.address, locale)}</p>
      ${
        seller.taxId === null || seller.taxId === undefined
          ? nothing
          : html`<p class="tax-id">${text.taxId(seller.taxId)}</p>`
      }
    </div>`;
  }

  private renderBuyer(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    const buyer = this.buyerTask.value;
    let body: unknown;
    if (buyer === undefined || ('account' in buyer && buyer.account.id !== invoice.accountId)) {
      body =
        this.buyerTask.status === TaskStatus.ERROR
          ? html`<p class="party-name">${text.noAccount(invoice.accountId)}</p>`
          : html`<p class="hint">${text.partiesLoading}</p>`;
    } else if ('missing' in buyer) {
      body = html`<p class="party-name">${text.noAccount(buyer.missing)}</p>`;
    } else {
      const {account} = buyer;
      body = html`<p class="party-name">${account.name}</p>
        <p class="address">${this.renderAddress(account.address, locale)}</p>
        ${
          account.taxId === null || account.taxId === undefined
            ? nothing
            : html`<p class="tax-id">${text.taxId(account.taxId)}</p>`
        }
        ${
          account.email === null || account.email === undefined
            ? nothing
            : html`<p class="contact">${text.email}: ${account.email}</p>`
        }`;
    }
    return html`<section part="buyer" class="buyer" aria-labelledby="buyer-heading">
      <h3 id="buyer-heading" class="label">${text.billTo}</h3>
      ${body}
    </section>`;
  }

  private renderFacts(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    const draft = invoice.status === 'draft';
    const fact = (label: string, value: unknown, name: string) =>
      html`<div class="fact" data-fact=${name}>
        <dt>${label}</dt>
        <dd>${value}</dd>
      </div>`;
    return html`<dl part="facts" class="facts">
      ${fact(text.number, draft ? text.draftNumber : (invoice.number ?? ''), 'number')}
      ${fact(text.customer, invoice.accountId, 'customer')}
      ${fact(
        text.invoiceDate,
        invoice.invoiceDate === null ? text.noInvoiceDate : formatDate(invoice.invoiceDate, locale),
        'invoice-date',
      )}
      ${fact(
        text.dueDate,
        invoice.dueDate === null
          ? text.dueAfter(formatCount(invoice.paymentDueDays, locale), invoice.paymentDueDays)
          : formatDate(invoice.dueDate, locale),
        'due-date',
      )}
      ${fact(
        text.servicePeriod,
        formatDateRange(invoice.servicePeriod.start, invoice.servicePeriod.end, locale),
        'service-period',
      )}
      ${
        invoice.subscriptionId === null
          ? nothing
          : fact(text.subscription, invoice.subscriptionId, 'subscription')
      }
      ${invoice.criterion === null ? nothing : fact(text.criterion, invoice.criterion, 'criterion')}
    </dl>`;
  }

  private renderLines(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    const {currency} = invoice;
    const minor = minorDigits(invoice);
    const withFactor = invoice.lines.some((line) => line.factor !== '1');
    const withDiscount = invoice.lines.some((line) => Number(line.discountPercent) !== 0);
    const explain = this.explanations ? this.explanationText : undefined;
    const row = (line: InvoiceLine, index: number) => {
      const summary = explain === undefined ? '' : lineSummary(line, locale, explain);
      return html`<tr part="line" data-kind=${line.kind}>
        <td class="position">${formatCount(index + 1, locale)}</td>
        <td class="description">
          <span class="line-description">${line.description}</span>
          <span class="line-period"
            >${text.linePeriod(
              formatDateRange(line.servicePeriod.start, line.servicePeriod.end, locale),
            )}</span
          >
          ${summary === '' ? nothing : html`<span part="explanation" class="explanation">${summary}</span>`}
        </td>
        <td class="amount" data-label=${text.quantity}>${formatDecimal(line.quantity, locale)}</td>
        <td class="amount" data-label=${text.unitPrice}>
          ${formatPrice(line.unitPrice, currency, locale, minor)}
        </td>
        ${
          withFactor
            ? html`<td class="amount" data-label=${text.factor}>
                ${formatDecimal(line.factor, locale)}
              </td>`
            : nothing
        }
        ${
          withDiscount
            ? html`<td class="amount" data-label=${text.discount}>
                ${formatPercent(line.discountPercent, locale)}
              </td>`
            : nothing
        }
        <td class="amount" data-label=${text.taxRate}>${formatPercent(line.taxRate, locale)}</td>
        <td class="amount net" data-label=${text.amount}>
          ${formatMoney(line.net, currency, locale)}
        </td>
      </tr>`;
    };
    // Narrower than its columns (a phone), the table scrolls sideways in its own box.
    return html`<div class="lines-box" role="group" aria-label=${text.lines} tabindex="0">
      <table part="lines" class="lines">
        <caption class="visually-hidden">
          ${text.lines}:
          ${text.lineCount(formatCount(invoice.lines.length, locale), invoice.lines.length)}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="position">${text.position}</th>
            <th scope="col">${text.description}</th>
            <th scope="col" class="amount">${text.quantity}</th>
            <th scope="col" class="amount">${text.unitPrice}</th>
            ${withFactor ? html`<th scope="col" class="amount">${text.factor}</th>` : nothing}
            ${withDiscount ? html`<th scope="col" class="amount">${text.discount}</th>` : nothing}
            <th scope="col" class="amount">${text.taxRate}</th>
            <th scope="col" class="amount">${text.amount}</th>
          </tr>
        </thead>
        <tbody>
          ${invoice.lines.map(row)}
        </tbody>
      </table>
    </div>`;
  }

  private renderTotals(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    const money = (amount: string) => formatMoney(amount, invoice.currency, locale);
    return html`<table class="totals">
      <caption class="visually-hidden">
        ${text.totals}
      </caption>
      <tbody>
        <tr data-total="net">
          <th scope="row">${text.netTotal}</th>
          <td class="amount">${money(invoice.net)}</td>
        </tr>
        ${invoice.taxBreakdown.map(
          (row) =>
            html`<tr part="tax-row" data-rate=${row.rate}>
              <th scope="row">${text.taxOf(formatPercent(row.rate, locale), money(row.net))}</th>
              <td class="amount">${money(row.tax)}</td>
            </tr>`,
        )}
        <tr part="total" class="grand-total" data-total="gross">
          <th scope="row">${invoice.class === 'credit' ? text.creditTotal : text.total}</th>
          <td class="amount">${money(invoice.gross)}</td>
        </tr>
      </tbody>
    </table>`;
  }

  private renderPayment(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    const bank = this.seller?.bank;
    let terms: string;
    if (invoice.class === 'credit') terms = text.creditTerms;
    else if (invoice.status === 'draft' || invoice.dueDate === null || invoice.number === null) {
      terms = text.paymentTermsDraft;
    } else terms = text.paymentTerms(formatDate(invoice.dueDate, locale), invoice.number);
    const detail = (label: string, value: string | null | undefined) =>
      value === null || value === undefined || value === ''
        ? nothing
        : html`<div class="fact">
            <dt>${label}</dt>
            <dd>${value}</dd>
          </div>`;
    return html`<section part="payment" class="payment" aria-labelledby="payment-heading">
      <h3 id="payment-heading" class="label">${text.payment}</h3>
      <p>${terms}</p>
      ${
        bank === null || bank === undefined || invoice.class === 'credit'
          ? nothing
          : html`<dl class="facts bank">
              ${detail(text.accountHolder, bank.accountHolder ?? this.seller?.name)}
              ${detail(text.iban, groupedIban(bank.iban))} ${detail(text.bic, bank.bic)}
              ${detail(text.bank, bank.bankName)}
            </dl>`
      }
    </section>`;
  }

  /** A value of the edit record as the field it belongs to is shown. */
  private editValue(change: EditChangeRecord, value: string | null, invoice: Invoice): string {
    const text = this.text;
    const locale = this.activeLocale;
    if (value === null || value === '') return text.empty;
    switch (change.field) {
      case 'quantity':
        return formatDecimal(value, locale);
      case 'unitPrice':
        return formatPrice(value, invoice.currency, locale, minorDigits(invoice));
      case 'discountPercent':
      case 'taxRate':
        return formatPercent(value, locale);
      default:
        return `“${value}”`;
    }
  }

  private editWords(change: EditChangeRecord, invoice: Invoice): string {
    const text = this.text;
    const line = change.line === null ? '' : formatCount(change.line + 1, this.activeLocale);
    switch (change.field) {
      case 'added':
        return text.added(this.editValue(change, change.to, invoice));
      case 'removed':
        return text.removed(line, this.editValue(change, change.from, invoice));
      default:
        return text.changed(
          line,
          text.fields[change.field] ?? change.field,
          this.editValue(change, change.from, invoice),
          this.editValue(change, change.to, invoice),
        );
    }
  }

  private renderEdits(invoice: Invoice, locale: string): unknown {
    const text = this.text;
    if (invoice.edits.length === 0) return nothing;
    return html`<section part="edits" class="edits" aria-labelledby="edits-heading">
      <h3 id="edits-heading" class="label">${text.edits}</h3>
      <p class="hint">${text.editsHint}</p>
      <ol class="edit-list">
        ${invoice.edits.map(
          (edit: InvoiceEdit) =>
            html`<li part="edit" class="edit">
              <p class="edit-at">
                <time datetime=${edit.at}>${text.editAt(formatTimestamp(edit.at, locale))}</time>
              </p>
              <ul>
                ${edit.changes.map((change) => html`<li>${this.editWords(change, invoice)}</li>`)}
              </ul>
            </li>`,
        )}
      </ol>
    </section>`;
  }

  private renderFooter(): unknown {
    const text = this.text;
    const seller = this.seller;
    if (seller === undefined || seller === null) return nothing;
    const parts = [
      seller.name,
      seller.email === null || seller.email === undefined ? '' : `${text.email}: ${seller.email}`,
      seller.phone === null || seller.phone === undefined ? '' : `${text.phone}: ${seller.phone}`,
      seller.taxId === null || seller.taxId === undefined ? '' : text.taxId(seller.taxId),
    ].filter((part) => part !== '');
    return html`<footer part="footer" class="footer">${parts.join(' · ')}</footer>`;
  }

  private renderDocument(invoice: Invoice, locale: string): TemplateResult {
    const text = this.text;
    const draft = invoice.status === 'draft';
    return html`<article
      part="base"
      class="paper"
      aria-labelledby="title"
      data-status=${invoice.status}
      data-class=${invoice.class}
    >
      <div part="toolbar" class="toolbar" data-screen-only>
        <button type="button" part="print-button" @click=${this.onPrint}>${text.print}</button>
      </div>
      <header part="header" class="header">
        ${this.renderSeller(locale)}
        <div class="heading">
          <h2 id="title" part="title">${this.titleOf(invoice)}</h2>
          ${this.renderFacts(invoice, locale)}
        </div>
        ${this.renderBuyer(invoice, locale)}
      </header>
      ${draft ? html`<p part="draft-notice" class="draft-notice">${text.draftNotice}</p>` : nothing}
      ${this.renderLines(invoice, locale)}
      <div part="totals" class="totals-wrap">${this.renderTotals(invoice, locale)}</div>
      ${this.renderPayment(invoice, locale)} ${this.renderEdits(invoice, locale)}
      ${this.renderFooter()}
    </article>`;
  }

  override render(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const invoice = this.shown;
    if (invoice !== undefined) return this.renderDocument(invoice, locale);
    let body: unknown;
    if (this.invoiceId === undefined || this.invoiceId === '') {
      body = html`<p class="notice" part="notice">${text.noInvoice}</p>`;
    } else if (this.activeClient === undefined) {
      body = renderNoClient(text.noClient);
    } else if (this.invoiceTask.status === TaskStatus.ERROR) {
      body =
        errorCode(this.invoiceTask.error) === 'INVOICE_NOT_FOUND'
          ? html`<p class="notice" part="notice" role="alert">${text.notFound}</p>`
          : renderFailure(this.invoiceTask.error, text, this.retryInvoice);
    } else {
      body = html`<p class="hint" part="notice" role="status">${text.loading}</p>`;
    }
    return html`<div part="base" class="empty">${body}</div>`;
  }
}
