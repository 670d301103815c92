import {expect, fixture, html} from '@open-wc/testing';
import {emulateMedia} from '@web/test-runner-commands';
import '../define.js';
import {loadReviewElements} from '../registration.js';
import type {InvoiceDocument} from './invoice-document.js';
import {FakeClient, codedError, makeInvoice} from '../test-support/fake-client.js';
import {click, nextEvent, part, parts, textOf, waitFor} from '../test-support/helpers.js';
import {longInvoice, sampleAccount, sampleInvoice, sampleSeller} from '../test-support/invoices.js';

function clientWithParties(): FakeClient {
  const client = new FakeClient();
  client.settingsValue = {seller: sampleSeller};
  client.accountList = [sampleAccount];
  return client;
}

/** A document of `invoice` with seller and buyer read, drawn. */
async function documentOf(
  invoice = sampleInvoice(),
  client = clientWithParties(),
): Promise<InvoiceDocument> {
  const element = await fixture<InvoiceDocument>(
    html`<invoice-document
      .client=${client}
      .invoice=${invoice}
      locale="en-US"
    ></invoice-document>`,
  );
  await waitFor(
    () =>
      element.shadowRoot!.querySelector('.party-name') !== null &&
      !textOf(part(element, '[part~="buyer"]')).includes('Loading'),
    'the seller and the buyer',
  );
  return element;
}

function fact(element: InvoiceDocument, name: string): string {
  return textOf(part(element, `[data-fact="${name}"] dd`));
}

// A page loads the review elements on first use; their own tests have them registered first.
before(() => loadReviewElements());

describe('<invoice-document>', () => {
  afterEach(async () => {
    await emulateMedia({media: 'screen'});
  });

  it('is accessible and says it has no invoice until it is given one; A4 by default', async () => {
    const element = await fixture<InvoiceDocument>(html`<invoice-document></invoice-document>`);
    await expect(element).to.be.accessible();
    expect(element.invoice).to.equal(undefined);
    expect(element.invoiceId).to.equal(undefined);
    expect(element.explanations).to.equal(false);
    expect(element.pageSize).to.equal('A4');
    expect(element.messages).to.deep.equal({});
    expect(textOf(part(element, '[part~="notice"]'))).to.equal('No invoice to show.');
  });

  it('shows every part of a finalized invoice: seller, buyer, facts, lines, tax per rate, totals, payment, edits', async () => {
    const element = await documentOf();
    await expect(element).to.be.accessible();
    expect(textOf(part(element, '[part~="title"]'))).to.equal('Invoice');
    const seller = textOf(part(element, '[part~="seller"]'));
    expect(seller).to.equal(
      'Acme Billing GmbH Friedrichstraße 123 10117 Berlin Germany Tax ID: DE811907980',
    );
    expect(textOf(part(element, '[part~="buyer"]'))).to.equal(
      'Bill to Nordwerk GmbH Hafenstraße 1 Building C 20457 Hamburg Germany Tax ID: DE123456789 Email: invoices@nordwerk.example',
    );
    expect(fact(element, 'number')).to.equal('INV-2026-00042');
    expect(fact(element, 'customer')).to.equal('ACC-000017');
    // Calendar dates, in a zone west of UTC: not a day earlier.
    expect(fact(element, 'invoice-date')).to.equal('Feb 1, 2026');
    expect(fact(element, 'due-date')).to.equal('Feb 15, 2026');
    expect(fact(element, 'service-period')).to.equal('Dec 1, 2025 – Jan 31, 2026');
    expect(fact(element, 'subscription')).to.equal('SUB-0000017');
    expect(parts(element, '[part~="draft-notice"]')).to.have.length(0);

    const headers = parts(element, 'table.lines thead th').map(textOf);
    expect(headers).to.deep.equal([
      'No.',
      'Description',
      'Quantity',
      'Unit price',
      'Factor',
      'Discount',
      'Tax',
      'Amount',
    ]);
    const rows = parts(element, '[part~="line"]');
    expect(rows).to.have.length(7);
    expect(textOf(rows[1])).to.equal('2 Seats Jan 15 – 31, 2026 12 €15.90 0.548387 0% 19% €104.63');
    expect(textOf(rows[4])).to.equal('5 API calls Jan 3 – 29, 2026 18,250 €0.0035 1 0% 19% €63.88');
    expect(textOf(rows[3])).to.contain('10% 7% €62.10');
    // No explanations unless asked for.
    expect(parts(element, '[part~="explanation"]')).to.have.length(0);

    expect(parts(element, '[part~="totals"] tr').map(textOf)).to.deep.equal([
      'Net total €1,927.61',
      'Tax 7% of €152.10 €10.65',
      'Tax 19% of €1,775.51 €337.35',
      'Total €2,275.61',
    ]);
    const payment = textOf(part(element, '[part~="payment"]'));
    expect(payment).to.contain('Please pay by Feb 15, 2026, quoting INV-2026-00042');
    expect(payment).to.contain('IBAN DE89 3704 0044 0532 0130 00');
    expect(payment).to.contain('BIC COBADEFFXXX');
    expect(payment).to.contain('Account holder Acme Billing GmbH');

    const edits = part(element, '[part~="edits"]');
    expect(textOf(edits)).to.contain('Edit record');
    const edit = part(element, '[part~="edit"]');
    expect(edit.querySelector('time')!.getAttribute('datetime')).to.equal(
      '2026-02-02T09:14:00.000Z',
    );
    // The instant in the page's zone (Los Angeles in these tests).
    expect(textOf(edit.querySelector('time'))).to.equal('Edited Feb 2, 2026, 1:14 AM');
    expect([...edit.querySelectorAll('ul li')].map(textOf)).to.deep.equal([
      'Line 2: quantity 10 → 12',
      'Line added: “Setup assistance (agreed by phone)”',
    ]);
    expect(textOf(part(element, '[part~="footer"]'))).to.equal(
      'Acme Billing GmbH · Email: billing@acme.example · Phone: +49 30 1234567 · Tax ID: DE811907980',
    );
  });

  it('shows a draft as a draft: no number, dates to come, a notice printed on it', async () => {
    const element = await documentOf(
      sampleInvoice({status: 'draft', number: null, invoiceDate: null, dueDate: null, edits: []}),
    );
    await expect(element).to.be.accessible();
    expect(textOf(part(element, '[part~="title"]'))).to.equal('Draft invoice');
    expect(fact(element, 'number')).to.equal('Draft');
    expect(fact(element, 'invoice-date')).to.equal('When finalized');
    expect(fact(element, 'due-date')).to.equal('14 days after the invoice date');
    expect(textOf(part(element, '[part~="draft-notice"]'))).to.contain('not yet an invoice');
    expect(textOf(part(element, '[part~="payment"]'))).to.contain(
      'given when the draft is finalized',
    );
    // No edits: no edit record.
    expect(parts(element, '[part~="edits"]')).to.have.length(0);
  });

  it('shows a credit note with its negative amounts and nothing to pay', async () => {
    const credit = makeInvoice({
      id: 'r1:3',
      accountId: sampleAccount.id,
      class: 'credit',
      status: 'open',
      number: 'CRN-2026-00003',
      invoiceDate: '2026-02-01',
      dueDate: '2026-02-15',
      net: '-50.00',
      tax: '-9.50',
      gross: '-59.50',
      taxBreakdown: [{rate: '19', net: '-50.00', tax: '-9.50'}],
      lines: [
        {
          kind: 'manual',
          source: null,
          description: 'Goodwill credit',
          servicePeriod: {start: '2026-01-01', end: '2026-01-31'},
          quantity: '1',
          unitPrice: '-50.00',
          factor: '1',
          discountPercent: '0',
          net: '-50.00',
          taxRate: '19',
          tax: '-9.50',
          explanation: {manual: true},
        },
      ],
    });
    const element = await documentOf(credit);
    await expect(element).to.be.accessible();
    expect(textOf(part(element, '[part~="title"]'))).to.equal('Credit note');
    expect(fact(element, 'number')).to.equal('CRN-2026-00003');
    expect(textOf(part(element, '[part~="total"]'))).to.equal('Total credit -€59.50');
    const payment = part(element, '[part~="payment"]');
    expect(textOf(payment)).to.contain('credited to you');
    expect(payment.querySelector('.bank')).to.equal(null);
    // A line without factor or discount: no such columns.
    expect(parts(element, 'table.lines thead th').map(textOf)).to.deep.equal([
      'No.',
      'Description',
      'Quantity',
      'Unit price',
      'Tax',
      'Amount',
    ]);
    element.invoice = {...credit, status: 'draft', number: null};
    await element.updateComplete;
    expect(textOf(part(element, '[part~="title"]'))).to.equal('Draft credit note');
  });

  it('says what is missing when the settings hold no seller or the account is gone', async () => {
    const client = new FakeClient();
    const element = await fixture<InvoiceDocument>(
      html`<invoice-document .client=${client} .invoice=${sampleInvoice()}></invoice-document>`,
    );
    const missing = await waitFor(
      () => element.shadowRoot!.querySelector('[part~="missing-seller"]'),
      'the missing seller',
    );
    expect(textOf(missing)).to.equal(
      'The seller’s details are not set in the billing settings yet.',
    );
    await waitFor(
      () => textOf(part(element, '[part~="buyer"]')).includes('could not be found'),
      'the missing buyer',
    );
    expect(textOf(part(element, '[part~="buyer"]'))).to.equal(
      'Bill to Account ACC-000017 (its details could not be found)',
    );
    // Everything else is there; no bank details and no footer without a seller.
    expect(parts(element, '[part~="line"]')).to.have.length(7);
    expect(part(element, '[part~="payment"]').querySelector('.bank')).to.equal(null);
    expect(parts(element, '[part~="footer"]')).to.have.length(0);
    await expect(element).to.be.accessible();

    // A seller with a name only: the name, nothing invented.
    const named = new FakeClient();
    named.settingsValue = {seller: {name: 'Solo Trader'}};
    named.accountList = [{id: sampleAccount.id, name: 'Nordwerk GmbH', active: true} as never];
    const plain = await documentOf(sampleInvoice(), named);
    expect(textOf(part(plain, '[part~="seller"]'))).to.equal('Solo Trader');
    expect(textOf(part(plain, '[part~="buyer"]'))).to.equal('Bill to Nordwerk GmbH');
    expect(textOf(part(plain, '[part~="footer"]'))).to.equal('Solo Trader');
  });

  it('writes each line’s explanation in a sentence under it when asked to', async () => {
    const element = await fixture<InvoiceDocument>(
      html`<invoice-document
        explanations
        .client=${clientWithParties()}
        .invoice=${sampleInvoice()}
        .explanationMessages=${{manualShort: 'Added by a clerk'}}
      ></invoice-document>`,
    );
    expect(element.explanations).to.equal(true);
    expect(parts(element, '[part~="explanation"]').map(textOf)).to.deep.equal([
      'The whole billing period',
      '17 of 31 days of Jan 1 – 31, 2026',
      'Caught up: Dec 1 – 31, 2025: the whole billing period; Jan 1 – 31, 2026: the whole billing period',
      'The whole billing period',
      '42 transactions, Jan 3 – 29, 2026',
      'Order ORDER-000017',
      'Added by a clerk',
    ]);
  });

  it('reads an invoice by id and follows its edits live; says so when it is gone', async () => {
    const client = clientWithParties();
    const invoice = sampleInvoice({status: 'draft', number: null, runId: 'r1', id: 'r1:16'});
    client.invoicesByRun.set('r1', [invoice]);
    const element = await fixture<InvoiceDocument>(
      html`<invoice-document .client=${client} invoice-id="r1:16"></invoice-document>`,
    );
    await waitFor(() => parts(element, '[part~="line"]').length === 7, 'the invoice');
    await expect(element).to.be.accessible();
    expect(client.callsOf('invoice')).to.deep.equal([['r1:16']]);
    expect(client.callsOf('accounts')).to.deep.equal([[['ACC-000017']]]);
    // Another tab (or the grid) edits the draft: the document shows it.
    await client.editDraft(
      'r1:16',
      [
        {line: 0, set: {quantity: '2'}},
        {add: {description: 'Setup', quantity: '1', unitPrice: '45.00', taxRate: '19'}},
      ],
      {at: '2026-02-03T10:00:00Z'},
    );
    await waitFor(
      () => textOf(parts(element, '[part~="line"]')[0]).includes('€498.00'),
      'the edited line',
    );
    expect(parts(element, '[part~="edit"]')).to.have.length(2);
    expect(
      [...parts(element, '[part~="edit"]')[1]!.querySelectorAll('li')].map(textOf),
    ).to.deep.equal(['Line 1: quantity 1 → 2', 'Line added: “Setup”']);
    // The price is stored as "45": shown with the currency's two digits.
    expect(textOf(parts(element, '[part~="line"]').at(-1))).to.equal(
      // Its service period: the invoice's, as the edit added it.
      '8 Setup Dec 1, 2025 – Jan 31, 2026 1 €45.00 1 0% 19% €45.00',
    );
    // Deleted: said, no stale document.
    await client.deleteDrafts('r1', {invoiceIds: ['r1:16']});
    await waitFor(
      () => element.shadowRoot!.querySelector('[part~="notice"][role="alert"]'),
      'the notice',
    );
    expect(textOf(part(element, '[part~="notice"]'))).to.contain('does not exist');
    expect(parts(element, '[part~="line"]')).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('shows a failure to read the invoice with a retry, and a missing client', async () => {
    const client = clientWithParties();
    client.invoicesByRun.set('r1', [sampleInvoice({id: 'r1:16', runId: 'r1'})]);
    client.failures.set('invoice', codedError('DATABASE_CLOSED'));
    const element = await fixture<InvoiceDocument>(
      html`<invoice-document .client=${client} invoice-id="r1:16"></invoice-document>`,
    );
    await waitFor(() => element.shadowRoot!.querySelector('[part~="error"]'), 'the failure');
    expect(textOf(part(element, '[part~="error"]'))).to.contain('closed by another tab');
    client.failures.delete('invoice');
    await click(part(element, '[part~="retry-button"]'));
    await waitFor(() => parts(element, '[part~="line"]').length === 7, 'the invoice');

    const alone = await fixture<InvoiceDocument>(
      html`<invoice-document invoice-id="r1:16"></invoice-document>`,
    );
    expect(textOf(part(alone, '[part~="notice"]'))).to.contain('not connected');
  });

  it('prints without its button, keeps rows whole across pages, and brings A4 to the page', async () => {
    const element = await documentOf(longInvoice(40));
    const toolbar = part(element, '[part~="toolbar"]');
    const row = parts(element, '[part~="line"]')[0]!;
    expect(getComputedStyle(toolbar).display).to.not.equal('none');
    // The page rule is on the page (a shadow root cannot set the paper).
    const pageRules = () =>
      document.adoptedStyleSheets
        .flatMap((sheet) => [...sheet.cssRules])
        .filter((rule) => rule instanceof CSSPageRule)
        .map((rule) => rule.cssText);
    expect(pageRules().join('\n')).to.match(/size: a4/i);
    expect(pageRules().join('\n')).to.contain('counter(page)');

    await emulateMedia({media: 'print'});
    expect(getComputedStyle(toolbar).display).to.equal('none');
    expect(getComputedStyle(row).breakInside).to.equal('avoid');
    expect(getComputedStyle(part(element, 'table.lines thead')).display).to.equal(
      'table-header-group',
    );
    expect(getComputedStyle(part(element, '[part~="totals"]')).breakInside).to.equal('avoid');
    expect(getComputedStyle(part(element, '[part~="base"]')).backgroundColor).to.equal(
      'rgba(0, 0, 0, 0)',
    );
    expect(getComputedStyle(part(element, '[part~="title"]')).color).to.equal('rgb(0, 0, 0)');

    // Letter paper on request; gone with the last document.
    element.pageSize = 'letter';
    await element.updateComplete;
    expect(pageRules().join('\n')).to.match(/size: letter/i);
    element.remove();
    expect(pageRules()).to.deep.equal([]);
  });

  it('prints a standalone copy (cancelable): its page, its styles, no button, the number on each page', async () => {
    const element = await documentOf();
    element.addEventListener('invoice-document-print', (event) => event.preventDefault(), {
      once: true,
    });
    const printed = nextEvent(element, 'invoice-document-print');
    await click(part(element, '[part~="print-button"]'));
    const event = await printed;
    expect(event.invoice.id).to.equal('run-1:16');
    expect(event.defaultPrevented).to.equal(true);
    // No frame was made: the listener printed it its own way.
    expect(document.querySelector('iframe')).to.equal(null);
    const markup = event.html;
    expect(markup).to.match(/^<!doctype html>/);
    expect(markup).to.contain('<title>Invoice INV-2026-00042</title>');
    expect(markup).to.contain('size: A4');
    expect(markup).to.contain('"Invoice INV-2026-00042"');
    expect(markup).to.contain('shadowrootmode="open"');
    expect(markup).to.not.contain('print-button');
    expect(markup).to.not.contain('<script');

    // Drawn in a frame of its own, it is the same document.
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 600px;';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, {once: true}));
    frame.srcdoc = markup;
    document.body.append(frame);
    await loaded;
    const copy = frame.contentDocument!.querySelector('.invoice-document')!.shadowRoot!;
    expect(textOf(copy.querySelector('[part~="title"]'))).to.equal('Invoice');
    expect(textOf(copy.querySelector('[part~="total"]'))).to.equal('Total €2,275.61');
    expect(copy.querySelector('[part~="toolbar"]')).to.equal(null);
    expect(
      frame.contentWindow!.getComputedStyle(copy.querySelector('[part~="base"]')!).maxWidth,
    ).to.equal(getComputedStyle(part(element, '[part~="base"]')).maxWidth);
    frame.remove();
  });

  it('speaks the page’s language through its messages and Intl', async () => {
    const element = await fixture<HTMLElement>(
      html`<div lang="de-DE">
        <invoice-document
          .client=${clientWithParties()}
          .invoice=${sampleInvoice()}
          .messages=${{
            invoiceTitle: 'Rechnung',
            netTotal: 'Nettobetrag',
            taxOf: (rate: string, net: string) => `USt. ${rate} auf ${net}`,
            total: 'Gesamtbetrag',
          }}
        ></invoice-document>
      </div>`,
    ).then((wrapper) => wrapper.querySelector('invoice-document')!);
    await waitFor(() => element.shadowRoot!.querySelector('.party-name'), 'the seller');
    expect(textOf(part(element, '[part~="title"]'))).to.equal('Rechnung');
    expect(textOf(part(element, '[data-fact="invoice-date"] dd'))).to.equal('01.02.2026');
    expect(parts(element, '[part~="totals"] tr').map(textOf)).to.deep.equal([
      'Nettobetrag 1.927,61 €',
      'USt. 7 % auf 152,10 € 10,65 €',
      'USt. 19 % auf 1.775,51 € 337,35 €',
      'Gesamtbetrag 2.275,61 €',
    ]);
    // Not replaced: the German catalogue's; the country in the page's language.
    expect(textOf(part(element, '[part~="seller"]'))).to.contain('Deutschland');
    expect(textOf(part(element, '[data-fact="number"] dt'))).to.equal('Nummer');
  });
});
