/**
 * The whole flow of a billing clerk, through real clicks, against the real worker client and
 * IndexedDB: import a data set, start a run, delete a draft in the history, open View Remaining,
 * restore it, and find the invoice back.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {createInvoiceRunClient} from '@invoice-run/worker';
import type {InvoiceRunClient} from '@invoice-run/worker';
import type {DataSetInput} from '@invoice-run/core';
import './define.js';
import type {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
import type {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
import type {RunHistory} from './run-history/run-history.js';
import type {RemainingPicker} from './remaining-picker/remaining-picker.js';
import {click, nextEvent, part, parts, textOf, waitFor} from './test-support/helpers.js';

const DATA: DataSetInput = {
  accounts: [
    {id: 'a1', name: 'Acme'},
    {id: 'a2', name: 'Beta'},
    {id: 'a3', name: 'Gamma'},
  ],
  subscriptions: ['1', '2', '3'].map((n) => ({
    id: `s${n}`,
    accountId: `a${n}`,
    number: `SUB-${n}`,
    startDate: '2025-06-01',
  })),
  items: ['1', '2', '3'].map((n) => ({
    id: `i${n}`,
    subscriptionId: `s${n}`,
    description: 'Plan',
    billingType: 'recurring',
    unitPrice: `${n}0`,
    taxRate: '19',
    billingPeriod: {count: 1, unit: 'month'},
    startDate: '2025-06-01',
  })),
};

describe('the whole flow against the real worker and IndexedDB', () => {
  let client: InvoiceRunClient | undefined;
  const database = `elements-flow-${Date.now()}-${Math.random().toString(36).slice(2)}`;

  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  });

  it('runs, deletes a draft, restores it through View Remaining and finds it back', async () => {
    client = createInvoiceRunClient({database});
    const report = await client.import(DATA);
    expect(report.rejected).to.deep.equal([]);

    const provider = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider .client=${client} lang="en-US">
        <invoice-run-form
          period-start="2026-01-01"
          period-end="2026-01-31"
          run-title="January"
        ></invoice-run-form>
        <run-history></run-history>
      </invoice-run-provider>`,
    );
    const form = provider.querySelector<InvoiceRunForm>('invoice-run-form')!;
    const history = provider.querySelector<RunHistory>('run-history')!;

    // Start the run.
    await waitFor(() => form.shadowRoot!.querySelector('[part~="start-button"]'), 'the form');
    await waitFor(() => history.shadowRoot!.querySelector('[part~="notice"]'), 'an empty history');
    const complete = nextEvent(form, 'invoice-run-complete');
    await click(part(form, '[part~="start-button"]'));
    const {result} = await complete;
    expect(result.counters.invoices).to.equal(3);
    await waitFor(() => form.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    expect(textOf(part(form, '[part~="summary"]'))).to.contain('Invoices 3');
    expect(textOf(part(form, '[part~="totals"]'))).to.contain('€71.40');

    // The history shows it, live, and opens it to its invoices.
    const openButton = await waitFor(
      () => history.shadowRoot!.querySelector<HTMLElement>('[part~="open-button"]'),
      'the run in the history',
    );
    expect(textOf(openButton)).to.equal('January');
    await waitFor(
      () => textOf(openButton.closest('tr')).includes('Completed'),
      'the run completed in the history',
    );
    await click(openButton);
    // The clerk scrolls down to the opened run (the virtualised list renders what can be seen).
    const list = await waitFor(
      () => history.shadowRoot!.querySelector('[part~="list"]'),
      'the invoice list',
    );
    list.scrollIntoView({block: 'center'});
    await waitFor(() => parts(history, '[part~="invoice"]').length === 3, 'three invoices');

    // Delete the draft of account a2, after the confirmation.
    const draftOfBeta = parts(history, '[part~="invoice"]').find((row) =>
      textOf(row).includes('Account a2'),
    )!;
    await click(draftOfBeta);
    await history.updateComplete;
    expect(draftOfBeta.getAttribute('aria-selected')).to.equal('true');
    await click(part(history, '[part~="delete-button"]'));
    await waitFor(() => part<HTMLDialogElement>(history, '#confirm').open, 'the confirmation');
    await click(part(history, '[part~="confirm-button"]'));
    await waitFor(() => parts(history, '[part~="invoice"]').length === 2, 'two invoices left');
    expect(parts(history, '[part~="invoice"]').map(textOf).join(' ')).not.to.contain('Account a2');

    // View Remaining lists the deleted draft's subscription; restore it.
    await click(part(history, '[part~="remaining-button"]'));
    const dialog = part<HTMLDialogElement>(history, '#remaining');
    await waitFor(() => dialog.open, 'the View Remaining dialog');
    const picker = dialog.querySelector<RemainingPicker>('remaining-picker')!;
    await waitFor(() => parts(picker, '[part~="row"]').length === 1, 'one remaining subscription');
    const remainingRow = part(picker, '[part~="row"]');
    expect(textOf(remainingRow)).to.contain('s2');
    expect(textOf(remainingRow)).to.contain('a2');
    expect(textOf(remainingRow)).to.contain('€23.80');
    await click(remainingRow.querySelector('input[type="checkbox"]')!);
    await picker.updateComplete;
    const restoreButton = part(picker, '[part~="restore-button"]');
    expect(textOf(restoreButton)).to.equal('Restore 1 invoice');
    const restored = nextEvent(picker, 'remaining-restored');
    await click(restoreButton);
    expect((await restored).result.counters.invoices).to.equal(1);
    await waitFor(() => picker.shadowRoot!.querySelector('[part~="summary"]'), 'the result');
    await waitFor(
      () =>
        textOf(picker.shadowRoot!.querySelector('[part~="notice"]')).includes('Nothing remains'),
      'nothing remains',
    );
    await click(part(history, '[part~="close-button"]'));
    await waitFor(() => !dialog.open, 'the dialog closed');

    // The invoice is back in the run, in the history and in the database.
    part(history, '[part~="list"]').scrollIntoView({block: 'center'});
    await waitFor(() => parts(history, '[part~="invoice"]').length === 3, 'three invoices again');
    expect(parts(history, '[part~="invoice"]').map(textOf).join(' ')).to.contain('Account a2');
    const runId = result.run.id;
    const stored = await client.invoices(runId, {limit: 10});
    expect(stored.items.map((invoice) => invoice.subscriptionId).sort()).to.deep.equal([
      's1',
      's2',
      's3',
    ]);
    await expect(provider).to.be.accessible();
  });
});
