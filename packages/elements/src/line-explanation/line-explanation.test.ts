import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {InvoiceLine, ItemExplanation, Transaction} from '@invoice-run/core';
import '../define.js';
import {loadReviewElements} from '../registration.js';
import type {LineExplanation} from './line-explanation.js';
import {explainLine, lineSummary} from './explain.js';
import {FakeClient, codedError, makeInvoice} from '../test-support/fake-client.js';
import {
  click,
  deepActiveElement,
  part,
  parts,
  tabTo,
  textOf,
  waitFor,
} from '../test-support/helpers.js';
import {sampleInvoice, sampleLines} from '../test-support/invoices.js';

/** An item line of `pieces`, its factor their sum as the engine rounds it. */
function itemLine(
  billingType: ItemExplanation['billingType'],
  pieces: ItemExplanation['pieces'],
  practice: ItemExplanation['practice'] = 'advance',
): InvoiceLine {
  return {
    kind: 'item',
    source: 'i1',
    description: 'Seats',
    servicePeriod: {start: pieces[0]!.start, end: pieces.at(-1)!.end},
    quantity: '1',
    unitPrice: '31.00',
    factor: '1',
    discountPercent: '0',
    net: '31.00',
    taxRate: '19',
    tax: '5.89',
    explanation: {billingType, practice, pieces},
  };
}

const JANUARY = {start: '2026-01-01', end: '2026-01-31'};

function transactions(count: number): Transaction[] {
  return Array.from({length: count}, (_, n) => ({
    id: `TX-${String(n + 1).padStart(3, '0')}`,
    itemId: 'u1',
    date: `2026-01-${String((n % 28) + 1).padStart(2, '0')}`,
    quantity: String(100 + n),
    ...(n === 0 ? {description: 'First call'} : {}),
  })) as Transaction[];
}

async function explain(line: InvoiceLine, locale = 'en-US'): Promise<LineExplanation> {
  return fixture<LineExplanation>(
    html`<line-explanation .line=${line} locale=${locale}></line-explanation>`,
  );
}

// A page loads the review elements on first use; their own tests have them registered first.
before(() => loadReviewElements());

describe('<line-explanation>', () => {
  it('is accessible and starts empty: no line, index 0, 50 transactions a page', async () => {
    const element = await fixture<LineExplanation>(html`<line-explanation></line-explanation>`);
    await expect(element).to.be.accessible();
    expect(element.invoice).to.equal(undefined);
    expect(element.line).to.equal(undefined);
    expect(element.lineIndex).to.equal(0);
    expect(element.pageSize).to.equal(50);
    expect(element.messages).to.deep.equal({});
    expect(textOf(part(element, '[part~="base"]'))).to.equal('');
  });

  it('says a prorated piece as days of its billing period, with its exact factor', async () => {
    const line = itemLine('recurring-prorated', [
      {
        start: '2026-01-15',
        end: '2026-01-31',
        period: {start: '2026-01-15', end: '2026-02-14'},
        factor: '17/31',
        late: false,
      },
    ]);
    const element = await explain(line);
    await expect(element).to.be.accessible();
    expect(part(element, '[part~="base"]').getAttribute('aria-label')).to.equal(
      'Why “Seats” costs what it does',
    );
    expect(textOf(part(element, '[part~="summary"]'))).to.equal(
      'Recurring, prorated by days. Billed in advance: a billing period is billed by the run that holds its first day.',
    );
    expect(textOf(part(element, '[part~="rule"]'))).to.contain('actual days of that period');
    const [piece] = parts(element, '[part~="piece"]');
    // The browser runs west of UTC (web-test-runner.config.mjs): the dates did not move.
    expect(textOf(piece)).to.equal(
      'Jan 15 – 31, 2026: 17 of 31 days of Jan 15 – Feb 14, 2026 (factor 17/31 ≈ 0.548387)',
    );
    expect(piece!.hasAttribute('data-late')).to.equal(false);
    expect(textOf(part(element, '[part~="line-factor"]'))).to.equal(
      'Factor of the line: 17/31 ≈ 0.548387',
    );
    expect(parts(element, '[part~="caught-up-hint"]')).to.have.length(0);
  });

  it('says whole periods, marks caught-up pieces and adds the pieces exactly', async () => {
    const element = await explain(
      itemLine(
        'recurring-prorated',
        [
          {
            start: '2025-12-01',
            end: '2025-12-31',
            period: {start: '2025-12-01', end: '2025-12-31'},
            factor: '1',
            late: true,
          },
          {start: '2026-01-01', end: '2026-01-31', period: JANUARY, factor: '1', late: false},
          {
            start: '2026-02-01',
            end: '2026-02-14',
            period: {start: '2026-02-01', end: '2026-02-28'},
            factor: '1/2',
            late: false,
          },
        ],
        'arrears',
      ),
    );
    await expect(element).to.be.accessible();
    const pieces = parts(element, '[part~="piece"]');
    expect(pieces.map(textOf)).to.deep.equal([
      'Caught up: Dec 1 – 31, 2025: the whole billing period (factor 1)',
      'Jan 1 – 31, 2026: the whole billing period (factor 1)',
      'Feb 1 – 14, 2026: 14 of 28 days of Feb 1 – 28, 2026 (factor 1/2 = 0.5)',
    ]);
    expect(pieces.map((piece) => piece.hasAttribute('data-late'))).to.deep.equal([
      true,
      false,
      false,
    ]);
    expect(textOf(part(element, '[part~="caught-up-hint"]'))).to.contain('no earlier run billed');
    expect(textOf(part(element, '[part~="summary"]'))).to.contain('Billed in arrears');
    // 1 + 1 + 1/2, exactly.
    expect(textOf(part(element, '[part~="line-factor"]'))).to.equal(
      'Factor of the line: 5/2 = 2.5',
    );
  });

  it('adds fractions exactly where rounded decimals would not: 1/3 + 1/3 + 1/3 is 1', async () => {
    const third = (start: string, end: string) => ({
      start,
      end,
      period: {start: '2026-01-01', end: '2026-01-30'},
      factor: '1/3',
      late: false,
    });
    const element = await explain(
      itemLine('recurring-prorated', [
        third('2026-01-01', '2026-01-10'),
        third('2026-01-11', '2026-01-20'),
        third('2026-01-21', '2026-01-30'),
      ]),
    );
    expect(textOf(parts(element, '[part~="factor"]')[0])).to.equal('(factor 1/3 ≈ 0.333333)');
    expect(textOf(part(element, '[part~="line-factor"]'))).to.equal('Factor of the line: 1');
  });

  it('says which piece of an unprorated period is charged in full and which is not', async () => {
    const element = await explain(
      itemLine('recurring', [
        {
          start: '2026-01-15',
          end: '2026-01-31',
          period: JANUARY,
          factor: '1',
          late: false,
        },
        {
          start: '2026-02-01',
          end: '2026-02-10',
          period: {start: '2026-01-15', end: '2026-02-14'},
          factor: '0',
          late: false,
        },
      ]),
    );
    const [first, second] = parts(element, '[part~="piece"]').map(textOf);
    expect(first).to.contain(
      '17 of 31 days of Jan 1 – 31, 2026, charged in full: it holds the period’s first active day',
    );
    expect(second).to.contain('not charged');
    expect(second).to.contain('(factor 0)');
    expect(textOf(part(element, '[part~="rule"]'))).to.contain('Not prorated');
  });

  it('says a piece prorated by average months as months and days, with 365/12 days a month', async () => {
    const element = await explain(
      itemLine('recurring-prorated-avg', [
        // 17 days: 17 * 12/365 of a month.
        {start: '2026-01-15', end: '2026-01-31', period: JANUARY, factor: '204/365', late: false},
        // Feb 1 to Mar 20 of a quarter: 1 month (Feb 1 - Feb 28) and 20 days.
        {
          start: '2026-02-01',
          end: '2026-03-20',
          period: {start: '2026-02-01', end: '2026-04-30'},
          factor: '121/73',
          late: false,
        },
      ]),
    );
    const [first, second] = parts(element, '[part~="piece"]').map(textOf);
    expect(first).to.equal(
      'Jan 15 – 31, 2026: 17 days of Jan 1 – 31, 2026, at 12/365 of a month each (factor 204/365 ≈ 0.558904)',
    );
    expect(second).to.equal(
      'Feb 1 – Mar 20, 2026: 1 month and 20 days of Feb 1 – Apr 30, 2026 (factor 121/73 ≈ 1.657534)',
    );
    expect(textOf(part(element, '[part~="rule"]'))).to.contain('365/12 days');
  });

  it('says a one-time line as its day, billed once, without a practice', async () => {
    const element = await explain(
      itemLine('one-time', [
        {
          start: '2026-01-10',
          end: '2026-01-10',
          period: {start: '2026-01-10', end: '2026-01-10'},
          factor: '1',
          late: false,
        },
      ]),
    );
    await expect(element).to.be.accessible();
    expect(textOf(part(element, '[part~="summary"]'))).to.equal('One-time');
    expect(textOf(part(element, '[part~="piece"]'))).to.equal(
      'Jan 10, 2026: billed once (factor 1)',
    );
  });

  it('says a record line by its object and record, a manual line, and a line without explanation', async () => {
    const record = await explain(sampleLines[5]!);
    await expect(record).to.be.accessible();
    expect(textOf(part(record, '[part~="record"]'))).to.equal(
      'From Order ORDER-000017: one of its lines.',
    );
    const manual = await explain(sampleLines[6]!);
    expect(textOf(part(manual, '[part~="manual"]'))).to.contain('Added by hand to the draft');
    const stored = await explain({...sampleLines[0]!, explanation: null} as InvoiceLine);
    await expect(stored).to.be.accessible();
    expect(textOf(part(stored, '[part~="none"]'))).to.equal(
      'This line was stored before lines explained themselves: there is no explanation for it.',
    );
    expect(lineSummary({...sampleLines[0]!, explanation: null} as InvoiceLine, 'en-US')).to.equal(
      '',
    );
  });

  it('lists a usage line’s transactions a page at a time, from the keyboard', async () => {
    const client = new FakeClient();
    const invoice = makeInvoice({id: 'r1:0', lines: [sampleLines[0]!, sampleLines[4]!]});
    client.invoicesByRun.set('r1', [invoice]);
    client.transactionsByLine.set('r1:0#1', transactions(42));
    const element = await fixture<LineExplanation>(
      html`<line-explanation
        .client=${client}
        .invoice=${invoice}
        line-index="1"
        page-size="20"
        locale="en-US"
      ></line-explanation>`,
    );
    await expect(element).to.be.accessible();
    expect(textOf(part(element, '[part~="usage"]'))).to.equal('42 transactions, Jan 3 – 29, 2026');
    const button = part<HTMLButtonElement>(element, '[part~="transactions-button"]');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(textOf(button)).to.equal('Show the 42 transactions');
    expect(client.callsOf('lineTransactions')).to.have.length(0);

    await tabTo(button);
    await sendKeys({press: 'Enter'});
    await waitFor(() => parts(element, 'tbody tr').length === 20, 'the first page');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(client.callsOf('lineTransactions')).to.deep.equal([['r1:0', 1, {offset: 0, limit: 20}]]);
    expect(textOf(part(element, '[part~="range"]'))).to.equal('1–20 of 42');
    expect(parts(element, 'tbody tr').map(textOf)[0]).to.equal('Jan 1, 2026 100 First call TX-001');
    await expect(element).to.be.accessible();

    const previous = part<HTMLButtonElement>(element, '[part~="previous-button"]');
    const next = part<HTMLButtonElement>(element, '[part~="next-button"]');
    expect(previous.disabled).to.equal(true);
    // Tab reaches the list (it scrolls) and then Next.
    await tabTo(next);
    await sendKeys({press: 'Enter'});
    await waitFor(() => textOf(part(element, '[part~="range"]')) === '21–40 of 42', 'page 2');
    expect(textOf(parts(element, 'tbody tr')[0])).to.contain('TX-021');
    await sendKeys({press: 'Enter'});
    await waitFor(() => textOf(part(element, '[part~="range"]')) === '41–42 of 42', 'page 3');
    expect(parts(element, 'tbody tr')).to.have.length(2);
    // Next is disabled on the last page: the focus went to Previous, not to the page's body.
    expect(next.disabled).to.equal(true);
    await waitFor(() => deepActiveElement() === previous, 'the focus on Previous');
    await sendKeys({press: 'Enter'});
    await waitFor(() => textOf(part(element, '[part~="range"]')) === '21–40 of 42', 'back');

    await click(button);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(part(element, '[part~="transactions"]').hidden).to.equal(true);
  });

  it('shows a failure to list the transactions with a retry, and says a preview’s cannot be listed', async () => {
    const client = new FakeClient();
    const invoice = makeInvoice({id: 'r1:0', lines: [sampleLines[4]!]});
    client.transactionsByLine.set('r1:0#0', transactions(3));
    client.failures.set('lineTransactions', codedError('DATABASE_CLOSED'));
    const element = await fixture<LineExplanation>(
      html`<line-explanation .client=${client} .invoice=${invoice}></line-explanation>`,
    );
    await click(part(element, '[part~="transactions-button"]'));
    const failure = await waitFor(
      () => element.shadowRoot!.querySelector('[part~="error"]'),
      'the failure',
    );
    expect(textOf(failure)).to.contain('closed by another tab');
    await expect(element).to.be.accessible();
    client.failures.delete('lineTransactions');
    await click(part(element, '[part~="retry-button"]'));
    await waitFor(() => parts(element, 'tbody tr').length === 3, 'the transactions');
    // No pager for a single page: the range alone.
    expect(parts(element, '[part~="pager"]')).to.have.length(0);
    expect(textOf(part(element, '[part~="range"]'))).to.equal('1–3 of 3');

    const preview = await fixture<LineExplanation>(
      html`<line-explanation
        .client=${client}
        .invoice=${{...invoice, id: 'preview:0', runId: null}}
      ></line-explanation>`,
    );
    expect(parts(preview, '[part~="transactions-button"]')).to.have.length(0);
    expect(textOf(part(preview, '[part~="base"]'))).to.contain('cannot be listed');
  });

  it('closes the list when it explains another line, and says when the line does not exist', async () => {
    const client = new FakeClient();
    const invoice = makeInvoice({id: 'r1:0', lines: [sampleLines[4]!, sampleLines[0]!]});
    client.transactionsByLine.set('r1:0#0', transactions(3));
    const element = await fixture<LineExplanation>(
      html`<line-explanation .client=${client} .invoice=${invoice}></line-explanation>`,
    );
    await click(part(element, '[part~="transactions-button"]'));
    await waitFor(() => parts(element, 'tbody tr').length === 3, 'the transactions');
    // A newer copy of the same invoice (an edit elsewhere) keeps the list open.
    element.invoice = {...invoice, edited: true};
    await element.updateComplete;
    expect(parts(element, 'tbody tr')).to.have.length(3);
    element.lineIndex = 1;
    await element.updateComplete;
    expect(parts(element, '[part~="piece"]')).to.have.length(1);
    element.lineIndex = 0;
    await element.updateComplete;
    expect(part(element, '[part~="transactions-button"]').getAttribute('aria-expanded')).to.equal(
      'false',
    );
    element.lineIndex = 7;
    await element.updateComplete;
    expect(textOf(part(element, '[part~="notice"]'))).to.equal('This invoice has no such line.');
    await expect(element).to.be.accessible();
  });

  it('speaks the page’s language through its messages and Intl', async () => {
    const element = await fixture<LineExplanation>(
      html`<div lang="de-DE">
        <line-explanation
          .line=${sampleLines[2]!}
          .messages=${{
            wholePeriod: 'der ganze Abrechnungszeitraum',
            caughtUp: (piece: string) => `Nachberechnet: ${piece}`,
            pieceFactor: (factor: string) => `Faktor ${factor}`,
            lineFactor: (factor: string) => `Faktor der Position: ${factor}`,
          }}
        ></line-explanation>
      </div>`,
    ).then((wrapper) => wrapper.querySelector('line-explanation')!);
    const pieces = parts(element, '[part~="piece"]').map(textOf);
    expect(pieces[0]).to.equal(
      'Nachberechnet: 01.–31.12.2025: der ganze Abrechnungszeitraum (Faktor 1)',
    );
    expect(textOf(part(element, '[part~="line-factor"]'))).to.equal('Faktor der Position: 2');
    // What was not replaced comes from the German catalogue.
    expect(textOf(part(element, '[part~="summary"]'))).to.contain(
      'Wiederkehrend, anteilig nach Tagen',
    );
    const usageLine = sampleLines[4] as Extract<InvoiceLine, {kind: 'usage'}>;
    const usage = explainLine(
      {...usageLine, explanation: {...usageLine.explanation!, transactions: 1234}},
      'de-DE',
    );
    expect(usage.summary).to.equal('1.234 Transaktionen, 03.–29.01.2026');
  });

  it('sums a line of one piece up without saying its days twice', async () => {
    const invoice = sampleInvoice();
    expect(invoice.lines.map((line) => lineSummary(line, 'en-US'))).to.deep.equal([
      'The whole billing period',
      '17 of 31 days of Jan 1 – 31, 2026',
      'Caught up: Dec 1 – 31, 2025: the whole billing period; Jan 1 – 31, 2026: the whole billing period',
      'The whole billing period',
      '42 transactions, Jan 3 – 29, 2026',
      'Order ORDER-000017',
      'Added by hand',
    ]);
  });
});
