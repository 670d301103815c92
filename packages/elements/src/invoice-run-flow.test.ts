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
import type {InvoiceGrid} from './invoice-grid/invoice-grid.js';
import {sendKeys} from '@web/test-runner-commands';
import {
  click,
  deepActiveElement,
  nextEvent,
  part,
  parts,
  tabTo,
  textOf,
  waitFor,
} from './test-support/helpers.js';

const DATA = {
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
} satisfies DataSetInput;

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
    // The opened run's invoices, in its grid, with the accounts' names.
    const grid = await waitFor(
      () => history.shadowRoot!.querySelector<InvoiceGrid>('[part~="invoices"]'),
      'the grid',
    );
    const rows = () => parts(grid, '[part~="row"]');
    await waitFor(() => rows().length === 3, 'three invoices');
    await waitFor(() => rows().map(textOf).join(' ').includes('Beta'), 'the names');

    // Delete the draft of account a2 (Beta), after the confirmation.
    const draftOfBeta = rows().find((row) => textOf(row).includes('Beta'))!;
    await click(draftOfBeta.querySelector('input[type="checkbox"]')!);
    await grid.updateComplete;
    expect(draftOfBeta.hasAttribute('data-selected')).to.equal(true);
    await click(part(history, '[part~="delete-button"]'));
    await waitFor(() => part<HTMLDialogElement>(history, '#confirm').open, 'the confirmation');
    await click(part(history, '[part~="confirm-button"]'));
    await waitFor(() => rows().length === 2, 'two invoices left');
    expect(rows().map(textOf).join(' ')).not.to.contain('Beta');

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
    expect(textOf(restoreButton)).to.equal('Restore 1 subscription');
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
    await waitFor(() => rows().length === 3, 'three invoices again');
    expect(rows().map(textOf).join(' ')).to.contain('Beta');
    const runId = result.run.id;
    const stored = await client.invoices(runId, {limit: 10});
    expect(stored.items.map((invoice) => invoice.subscriptionId).sort()).to.deep.equal([
      's1',
      's2',
      's3',
    ]);
    await expect(provider).to.be.accessible();
  });

  it('reviews a run in the grid from the keyboard alone: edits, a refusal, a new line, finalize', async () => {
    client = createInvoiceRunClient({database});
    await client.import(DATA);
    const {run} = await client.startRun({
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      title: 'January',
    });
    const provider = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider .client=${client} lang="en-US">
        <run-history></run-history>
      </invoice-run-provider>`,
    );
    const history = provider.querySelector<RunHistory>('run-history')!;
    const press = async (...keys: string[]) => {
      for (const key of keys) await sendKeys({press: key});
    };
    const runCell = (name: string) =>
      textOf(history.shadowRoot!.querySelector(`[part~="run"] [part~="${name}"]`));

    // Open the run from the keyboard; Tab reaches the grid's first cell.
    const openButton = await waitFor(
      () => history.shadowRoot!.querySelector<HTMLElement>('[part~="open-button"]'),
      'the run',
    );
    openButton.focus();
    await press('Enter');
    const grid = await waitFor(
      () => history.shadowRoot!.querySelector<InvoiceGrid>('[part~="invoices"]'),
      'the grid',
    );
    await waitFor(() => grid.complete && parts(grid, '[part~="row"]').length === 3, 'the rows');
    await tabTo(part(grid, '[part~="toggle"]'), 16);

    // The draft of Beta: open its lines, edit the quantity of its plan.
    await press('ArrowDown', 'Enter', 'ArrowDown', 'ArrowRight', 'F2');
    const editor = deepActiveElement() as HTMLInputElement;
    expect(editor.getAttribute('aria-label')).to.equal(
      'Quantity of line 1 of the draft for Beta (s2)',
    );
    await sendKeys({type: '3'});
    await press('Enter');
    const stored = async () =>
      (await client!.invoices(run.id)).items.find((invoice) => invoice.subscriptionId === 's2')!;
    await waitFor(
      () => textOf(part(grid, '[part~="announcer"]')).includes('changed from 1 to 3'),
      'the edit announced',
    );
    const edited = await stored();
    expect(edited.lines[0]!.quantity).to.equal('3');
    expect(edited.gross).to.equal('71.40');
    expect(edited.edits[0]!.changes).to.deep.equal([
      {line: 0, field: 'quantity', from: '1', to: '3'},
    ]);
    // The footer and the history's figures follow (the run's current totals).
    expect(textOf(part(grid, '[part~="totals"]'))).to.contain('€119.00');
    await waitFor(() => runCell('totals') === '€119.00', 'the history follows');
    expect((deepActiveElement() as HTMLElement).closest('[data-column]')!.textContent).to.contain(
      '3',
    );

    // A discount over 100: the engine refuses it, the field stays with the reason.
    await press('ArrowRight', 'ArrowRight', 'ArrowRight', 'F2');
    await sendKeys({type: '150'});
    await press('Enter');
    const reason = await waitFor(
      () => grid.shadowRoot!.querySelector('[part~="edit-error"]'),
      'the refusal',
    );
    expect(textOf(reason)).to.equal('A discount is a percentage from 0 to 100.');
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('150');
    await press('Escape');

    // A manual line: Insert, its fields with Tab, Enter.
    await press('Insert');
    await sendKeys({type: 'Setup'});
    await press('Tab', 'Tab');
    await sendKeys({type: '50'});
    await press('Enter');
    // The grid shows the line once the worker returned it (stored, in one transaction).
    await waitFor(
      () => grid.shadowRoot!.querySelector(`[data-key="l|${edited.id}|1"]`),
      'the line shown',
    );
    const grown = await stored();
    expect(grown.lines[1]).to.include({kind: 'manual', description: 'Setup', net: '50.00'});
    await waitFor(() => runCell('totals') === '€178.50', 'the history follows the new line');

    // Select the draft with Space on its row, then finalize it from the keyboard.
    await press('Control+Home', 'ArrowDown', 'ArrowRight', 'Space');
    await waitFor(
      () => textOf(part(grid, '[part~="selected-count"]')) === '1 draft selected',
      'selected',
    );
    const finalize = part<HTMLButtonElement>(history, '[part~="finalize-button"]');
    for (let n = 0; n < 8 && deepActiveElement() !== finalize; n++) await press('Shift+Tab');
    expect(deepActiveElement()).to.equal(finalize);
    await press('Enter');
    await waitFor(() => part<HTMLDialogElement>(history, '#confirm').open, 'the confirmation');
    await press('Tab', 'Enter');
    await waitFor(
      () => textOf(part(history, '[part~="announcer"]')) === '1 invoice finalized.',
      'finalized',
    );
    const finalized = await stored();
    expect(finalized.status).to.equal('open');
    expect(finalized.number).to.match(/^INV-2026-\d{5}$/);
    expect(finalized.edits).to.have.length(2);
    await waitFor(
      () => parts(grid, '[part~="row"]').some((row) => textOf(row).includes(finalized.number!)),
      'the number in the grid',
    );
    await expect(provider).to.be.accessible();
  });

  it('View Remaining and the history follow the run live, also when another tab changes it', async () => {
    client = createInvoiceRunClient({database});
    // Another tab of the same application: its own worker on the same database.
    const otherTab = createInvoiceRunClient({database});
    try {
      await client.import(DATA);
      const {run} = await client.startRun({
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
        title: 'January',
      });
      const provider = await fixture<InvoiceRunProvider>(
        html`<invoice-run-provider .client=${client} lang="en-US">
          <run-history></run-history>
          <remaining-picker run-id=${run.id}></remaining-picker>
        </invoice-run-provider>`,
      );
      const history = provider.querySelector<RunHistory>('run-history')!;
      const picker = provider.querySelector<RemainingPicker>('remaining-picker')!;
      const runRow = () =>
        history.shadowRoot!.querySelector<HTMLElement>('[part~="run"]')?.closest('tr') ?? null;
      const cell = (name: string) => textOf(runRow()?.querySelector(`[part~="${name}"]`));
      await waitFor(
        () => textOf(picker.shadowRoot!.querySelector('[part~="notice"]')).includes('Nothing'),
        'nothing remains',
      );
      await waitFor(() => cell('figures').startsWith('3 invoices'), 'the run in the history');
      const ownDuration = cell('duration');
      expect(textOf(part(picker, 'h2'))).to.contain('January');

      // The other tab deletes the draft of s2: it remains again, here, without a reload.
      const drafts = await otherTab.invoices(run.id);
      const ofS2 = drafts.items.find((invoice) => invoice.subscriptionId === 's2')!;
      await otherTab.deleteDrafts(run.id, {invoiceIds: [ofS2.id]});
      await waitFor(() => parts(picker, '[part~="row"]').length === 1, 'the deleted draft remains');
      expect(textOf(part(picker, '[part~="row"]'))).to.contain('s2');
      // The history says what the run holds now; what it made in total only where labelled so.
      await waitFor(() => cell('figures').startsWith('2 invoices'), 'two invoices now');
      expect(cell('figures')).to.contain('3 made in total');
      const held = (await client.invoices(run.id)).items;
      const gross = held.reduce((sum, invoice) => sum + Math.round(Number(invoice.gross) * 100), 0);
      expect(cell('totals')).to.equal(`€${(gross / 100).toFixed(2)}`);
      expect(cell('totals')).to.equal('€47.60');

      // Restore it here: the list empties, the figures match the invoices again, the run's own
      // duration stays and the restore is told apart.
      await click(part(picker, '[part~="row"] input[type="checkbox"]'));
      await picker.updateComplete;
      await click(part(picker, '[part~="restore-button"]'));
      await waitFor(
        () =>
          textOf(picker.shadowRoot!.querySelector('[part~="notice"]')).includes('Nothing remains'),
        'nothing remains after the restore',
      );
      await waitFor(() => cell('figures').startsWith('3 invoices'), 'three invoices again');
      expect(cell('totals')).to.equal('€71.40');
      expect(cell('figures')).to.contain('4 made in total');
      expect(cell('duration')).to.contain(ownDuration);
      expect(cell('duration')).to.contain('Restored once');

      // The other tab imports a new subscription: View Remaining shows it.
      await otherTab.import({
        accounts: [{id: 'a4', name: 'Delta'}],
        subscriptions: [{id: 's4', accountId: 'a4', number: 'SUB-4', startDate: '2025-06-01'}],
        items: [{...DATA.items[0]!, id: 'i4', subscriptionId: 's4'}],
      });
      await waitFor(
        () => parts(picker, '[part~="row"]').some((row) => textOf(row).includes('s4')),
        'the imported subscription',
      );
      await expect(provider).to.be.accessible();
    } finally {
      await otherTab.dispose();
    }
  });
});
