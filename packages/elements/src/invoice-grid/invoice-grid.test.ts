import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {Invoice} from '@invoice-run/core';
import '../define.js';
import {loadReviewElements} from '../registration.js';
import type {InvoiceGrid} from './invoice-grid.js';
import {draftWith, gridClient} from '../test-support/grid-data.js';
import {codedError, makeRun, type FakeClient} from '../test-support/fake-client.js';
import {
  click,
  deepActiveElement,
  nextEvent,
  part,
  parts,
  tabTo,
  textOf,
  waitFor,
} from '../test-support/helpers.js';

async function gridWith(client: FakeClient, locale = 'en-US'): Promise<InvoiceGrid> {
  const el = await fixture<InvoiceGrid>(
    html`<invoice-grid .client=${client} run-id="r1" locale=${locale}></invoice-grid>`,
  );
  await waitFor(() => el.complete && parts(el, '[part~="row"]').length > 0, 'the rows');
  await el.updateComplete;
  return el;
}

/** The focused cell: its row key, column and text. */
function focused(): {key: string | undefined; column: number; text: string} {
  const active = deepActiveElement() as HTMLElement | null;
  const cell = active?.closest<HTMLElement>('[data-column]');
  const row = cell?.closest<HTMLElement>('[data-key]');
  return {key: row?.dataset['key'], column: Number(cell?.dataset['column']), text: textOf(cell)};
}

function row(el: InvoiceGrid, key: string): HTMLElement {
  return part(el, `[data-key="${CSS.escape(key)}"]`);
}

function cell(el: InvoiceGrid, key: string, column: number): HTMLElement {
  return row(el, key).querySelector<HTMLElement>(`[data-column="${column}"]`)!;
}

function announcer(el: InvoiceGrid): string {
  return textOf(part(el, '[part~="announcer"]'));
}

/** Focuses the grid's active cell, then presses keys one after the other. */
async function keys(el: InvoiceGrid, ...presses: string[]): Promise<void> {
  if (!part(el, '[part~="grid"]').contains(deepActiveElement())) el.focus();
  for (const press of presses) {
    await sendKeys({press});
    await el.updateComplete;
  }
}

/** Opens the lines of invoice `id` and puts the active cell on line `line`, column `column`. */
async function toLine(el: InvoiceGrid, id: string, line: number, column: number): Promise<void> {
  el.focus();
  const toggle = part(el, `[part~="toggle"][data-invoice="${id}"]`);
  if (toggle.getAttribute('aria-expanded') !== 'true') await click(toggle);
  await el.updateComplete;
  const target = cell(el, `l|${id}|${line}`, column);
  await click(target);
  await el.updateComplete;
  expect(focused()).to.include({key: `l|${id}|${line}`, column});
}

/** `count` drafts of run r1 with two lines each, `r1:0` to `r1:{count - 1}`. */
function manyInvoices(count: number): Invoice[] {
  const template = draftWith(0, [
    {description: 'Seats', quantity: '3', unitPrice: '12.50', taxRate: '19'},
    {description: 'Support', quantity: '1', unitPrice: '40', taxRate: '19'},
  ]);
  return Array.from({length: count}, (_, index) => ({
    ...template,
    id: `r1:${index}`,
    index,
    subscriptionId: `SUB-${String(index).padStart(5, '0')}`,
  }));
}

/** A grid over `count` drafts of run r1 (`manyInvoices`), once every page is read. */
async function gridOfMany(count: number): Promise<{el: InvoiceGrid; client: FakeClient}> {
  const client = gridClient(0);
  client.setInvoices('r1', manyInvoices(count));
  client.setRuns([makeRun({id: 'r1'})]);
  const el = await fixture<InvoiceGrid>(
    html`<invoice-grid .client=${client} run-id="r1" locale="en-US"></invoice-grid>`,
  );
  await waitFor(() => el.complete, 'every page read', 30_000);
  return {el, client};
}

const QUANTITY = 2;
const UNIT_PRICE = 3;
const DISCOUNT = 5;
const TAX_RATE = 7;

// A page loads the review elements on first use; their own tests have them registered first.
before(() => loadReviewElements());

describe('<invoice-grid>', () => {
  it('is accessible and explains itself without a client or a run', async () => {
    const bare = await fixture<InvoiceGrid>(html`<invoice-grid></invoice-grid>`);
    await expect(bare).to.be.accessible();
    expect(textOf(part(bare, '[part~="notice"]'))).to.contain('not connected');
    const noRun = await fixture<InvoiceGrid>(
      html`<invoice-grid .client=${gridClient()}></invoice-grid>`,
    );
    expect(textOf(part(noRun, '[part~="notice"]'))).to.equal(
      'Choose a run to review its invoices.',
    );
  });

  it('has its default properties', async () => {
    const el = await fixture<InvoiceGrid>(html`<invoice-grid></invoice-grid>`);
    expect(el.runId).to.equal(undefined);
    expect(el.run).to.equal(undefined);
    expect(el.selectedIds.size).to.equal(0);
    expect(el.messages).to.deep.equal({});
    expect(getComputedStyle(el).display).to.equal('block');
  });

  it('shows one row per invoice with every column, and is accessible', async () => {
    const el = await gridWith(gridClient());
    await expect(el).to.be.accessible();
    const grid = part(el, '[part~="grid"]');
    expect(grid.getAttribute('role')).to.equal('grid');
    expect(grid.getAttribute('aria-rowcount')).to.equal('7');
    const headers = parts(el, '[part~="header"] [role="columnheader"]').map(textOf);
    expect(headers.slice(1, 10)).to.deep.equal([
      'Status',
      'Number',
      'Account',
      'Subscription',
      'Period',
      'Net',
      'Tax',
      'Gross',
      'Edited',
    ]);
    const first = parts(el, '[part~="row"]')[0]!;
    expect(first.getAttribute('aria-rowindex')).to.equal('2');
    const cells = [...first.querySelectorAll('[role="gridcell"]')].map(textOf);
    expect(cells.slice(1, 10)).to.deep.equal([
      'Draft',
      '',
      'Nordhansa GmbH',
      'SUB-0000',
      'Jan 1, 2026 – Jan 31, 2026',
      '€52.50',
      '€9.98',
      '€62.48',
      '',
    ]);
    // A row holds all its cells (a row draws nothing outside itself), however narrow the page.
    const last = first.lastElementChild!.getBoundingClientRect();
    expect(last.right).to.be.at.most(first.getBoundingClientRect().right);
    expect(textOf(parts(el, '[part~="row"]')[3])).to.contain('Finalized');
    expect(textOf(parts(el, '[part~="row"]')[3])).to.contain('INV-2026-00003');
    // The footer: totals per currency, summed exactly.
    const totals = part(el, '[part~="totals"]');
    expect(textOf(totals)).to.contain('EUR €722.00 €101.55 €823.55');
    expect(textOf(totals)).to.contain('USD $77.50 $14.73 $92.23');
  });

  it('is one Tab stop, and moves with the arrows, Home, End, Ctrl+Home, Ctrl+End and the pages', async () => {
    const el = await gridWith(gridClient());
    part<HTMLInputElement>(el, '[part~="filter"]').focus();
    // From the filter, Tab passes the toolbar's buttons and lands in the grid once.
    await tabTo(part(el, '[part~="toggle"][data-invoice="r1:0"]'), 8);
    expect(focused()).to.include({key: 'i|r1:0', column: 1});
    const tabbable = [...el.shadowRoot!.querySelectorAll('[part~="grid"] [tabindex="0"]')];
    expect(tabbable).to.have.length(1);
    await keys(el, 'ArrowRight', 'ArrowRight');
    expect(focused()).to.include({key: 'i|r1:0', column: 3, text: 'Nordhansa GmbH'});
    await keys(el, 'ArrowDown');
    expect(focused()).to.include({key: 'i|r1:1', column: 3, text: 'Bluecloud Ltd'});
    await keys(el, 'End');
    expect(focused()).to.include({key: 'i|r1:1', column: 11});
    await keys(el, 'Home');
    expect(focused()).to.include({key: 'i|r1:1', column: 0});
    await keys(el, 'Control+End');
    expect(focused()).to.include({key: 'i|r1:5', column: 11});
    await keys(el, 'Control+Home');
    expect(focused()).to.include({key: 'i|r1:0', column: 0});
    await keys(el, 'PageDown');
    expect(focused().key).to.equal('i|r1:5');
    await keys(el, 'PageUp');
    expect(focused().key).to.equal('i|r1:0');
    // Up from the first row: the column headers, whose buttons sort.
    await keys(el, 'ArrowRight', 'ArrowUp');
    expect(focused()).to.include({key: 'header', column: 1, text: 'Status'});
    // Tab leaves the grid: the next stop is after it.
    await sendKeys({press: 'Tab'});
    expect(part(el, '[part~="grid"]').contains(deepActiveElement())).to.equal(false);
    await sendKeys({press: 'Shift+Tab'});
    expect(focused()).to.include({key: 'header', column: 1});
  });

  it('opens and closes an invoice to its lines, and passes over the row naming their columns', async () => {
    const el = await gridWith(gridClient());
    await keys(el, 'ArrowRight');
    await keys(el, 'Enter');
    const toggle = part(el, '[part~="toggle"][data-invoice="r1:0"]');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const head = part(el, '[part~="lines-header"]');
    expect(
      parts(el, '[part~="lines-header"] [role="columnheader"]').map(textOf).slice(0, 8),
    ).to.deep.equal([
      'Description',
      'Period',
      'Quantity',
      'Unit price',
      'Factor',
      'Discount',
      'Net',
      'Tax rate',
    ]);
    expect(head.getAttribute('aria-rowindex')).to.equal('3');
    const lines = parts(el, '[part~="line"]');
    expect(lines).to.have.length(2);
    expect(
      [...lines[0]!.querySelectorAll('[role="gridcell"]')].map(textOf).slice(0, 8),
    ).to.deep.equal([
      'Seats 0',
      'Jan 1, 2026 – Jan 31, 2026',
      '1',
      '12.5',
      '1',
      '0%',
      '€12.50',
      '19%',
    ]);
    await expect(el).to.be.accessible();
    await keys(el, 'ArrowDown');
    expect(focused()).to.include({key: 'l|r1:0|0', column: 2, text: '1'});
    await keys(el, 'ArrowUp');
    expect(focused().key).to.equal('i|r1:0');
    // Enter on the row closes it again.
    await keys(el, 'Enter');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(parts(el, '[part~="line"]')).to.have.length(0);
  });

  it('edits a cell of a draft: F2 or Enter, Escape cancels, Enter keeps, the live region says what it did', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await toLine(el, 'r1:0', 0, QUANTITY);
    await keys(el, 'F2');
    const editor = deepActiveElement() as HTMLInputElement;
    expect(editor.localName).to.equal('input');
    expect(editor.value).to.equal('1');
    expect(editor.getAttribute('aria-label')).to.equal(
      'Quantity of line 1 of the draft for Nordhansa GmbH (SUB-0000)',
    );
    await expect(el).to.be.accessible();
    await sendKeys({type: '9'});
    await keys(el, 'Escape');
    expect(focused()).to.include({key: 'l|r1:0|0', column: QUANTITY, text: '1'});
    expect(client.callsOf('editDraft')).to.have.length(0);

    await keys(el, 'Enter');
    await sendKeys({type: '3'});
    await keys(el, 'Enter');
    await waitFor(() => textOf(cell(el, 'l|r1:0|0', QUANTITY)) === '3', 'the new quantity');
    expect(client.callsOf('editDraft')[0]!.slice(0, 2)).to.deep.equal([
      'r1:0',
      [{line: 0, set: {quantity: '3'}}],
    ]);
    // Focus stays on the cell, which shows the stored line; the invoice row follows.
    expect(focused()).to.include({key: 'l|r1:0|0', column: QUANTITY, text: '3'});
    expect(textOf(cell(el, 'l|r1:0|0', 6))).to.equal('€37.50');
    expect(textOf(cell(el, 'i|r1:0', 9))).to.equal('Edited');
    expect(announcer(el)).to.equal(
      'Quantity of line 1 of the draft for Nordhansa GmbH (SUB-0000) changed from 1 to 3. The invoice now totals €92.23.',
    );
    // The footer follows the edit.
    expect(textOf(part(el, '[part~="totals"]'))).to.contain('EUR €747.00 €106.30 €853.30');
  });

  it('starts editing with what is typed, and Tab keeps it and edits the next editable cell', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await toLine(el, 'r1:1', 0, UNIT_PRICE);
    await sendKeys({type: '15'});
    await el.updateComplete;
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('15');
    await keys(el, 'Tab');
    await waitFor(() => textOf(cell(el, 'l|r1:1|0', UNIT_PRICE)) === '15', 'the unit price');
    // The next editable cell of the line is its discount (the factor cannot change).
    await waitFor(() => (deepActiveElement() as HTMLElement).localName === 'input', 'an editor');
    expect(focused()).to.include({key: 'l|r1:1|0', column: DISCOUNT});
    await sendKeys({type: '10'});
    await keys(el, 'Tab');
    await waitFor(() => focused().column === TAX_RATE, 'the tax rate');
    await keys(el, 'Tab');
    // After the last editable cell of a line: the first of the next line.
    await waitFor(() => focused().key === 'l|r1:1|1', 'the next line');
    expect(focused().column).to.equal(0);
    await keys(el, 'Escape');
    expect(client.callsOf('editDraft').map((call) => call[1])).to.deep.equal([
      [{line: 0, set: {unitPrice: '15'}}],
      [{line: 0, set: {discountPercent: '10'}}],
    ]);
  });

  it('keeps a refused edit open with the reason beside it, nothing lost', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await toLine(el, 'r1:0', 0, DISCOUNT);
    await keys(el, 'F2');
    const editor = deepActiveElement() as HTMLInputElement;
    editor.select();
    await sendKeys({type: '150'});
    await keys(el, 'Enter');
    // The engine refuses it (INVALID_EDIT, its fault at changes[0].set.discountPercent).
    const error = await waitFor(
      () => el.shadowRoot!.querySelector('[part~="edit-error"]'),
      'a reason',
    );
    expect(textOf(error)).to.equal('A discount is a percentage from 0 to 100.');
    // The reason shows below its row, over the next one: nothing of its row clips it.
    const reason = error.getBoundingClientRect();
    expect(reason.bottom).to.be.above(row(el, 'l|r1:0|0').getBoundingClientRect().bottom);
    const atReason = el.shadowRoot!.elementFromPoint(reason.left + 4, reason.bottom - 4);
    expect(error.contains(atReason)).to.equal(true);
    const input = deepActiveElement() as HTMLInputElement;
    expect(input.value).to.equal('150');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal(error.id);
    expect(announcer(el)).to.equal('Not changed: A discount is a percentage from 0 to 100.');
    await expect(el).to.be.accessible();
    // Not a number in the page's language: refused before it is sent.
    input.select();
    await sendKeys({type: '1,5'});
    await keys(el, 'Enter');
    await waitFor(() => textOf(error).startsWith('Write a number'), 'not a number');
    expect(textOf(error)).to.equal('Write a number, such as 1,234.56.');
    expect(client.callsOf('editDraft')).to.have.length(1);
    input.select();
    await sendKeys({type: '15'});
    await keys(el, 'Enter');
    await waitFor(() => textOf(cell(el, 'l|r1:0|0', DISCOUNT)) === '15%', 'the discount');
    expect(el.shadowRoot!.querySelector('[part~="edit-error"]')).to.equal(null);
    expect(focused()).to.include({key: 'l|r1:0|0', column: DISCOUNT});
  });

  it('says why the engine refuses an edit of a draft finalized or changed elsewhere', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await toLine(el, 'r1:1', 2, 0);
    // Another tab removed the line: LINE_NOT_FOUND.
    const stored = client.invoicesByRun.get('r1')!;
    const shorter = {...stored[1]!, lines: stored[1]!.lines.slice(0, 2)};
    client.invoicesByRun.set(
      'r1',
      stored.map((each, n) => (n === 1 ? shorter : each)),
    );
    await keys(el, 'Enter');
    await sendKeys({type: 'Setup fee'});
    await keys(el, 'Enter');
    const error = await waitFor(
      () => el.shadowRoot!.querySelector('[part~="edit-error"]'),
      'a reason',
    );
    expect(textOf(error)).to.equal('This line no longer exists: the draft was changed elsewhere.');
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('Setup fee');
    await keys(el, 'Escape');
    // Another tab finalized it: NOT_A_DRAFT.
    client.invoicesByRun.set(
      'r1',
      stored.map((each, n) => (n === 1 ? {...each, status: 'open' as const, number: 'X-1'} : each)),
    );
    await keys(el, 'ArrowUp', 'Enter');
    await sendKeys({type: 'Support plus'});
    await keys(el, 'Enter');
    const again = await waitFor(
      () => el.shadowRoot!.querySelector('[part~="edit-error"]'),
      'a reason',
    );
    expect(textOf(again)).to.equal('This invoice has been finalized: it can no longer be changed.');
  });

  it('adds a manual line from the keyboard, and removes a line after a confirmation', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await keys(el, 'Insert');
    const newLine = part(el, '[part~="new-line"]');
    expect(focused()).to.include({key: 'n|r1:0', column: 0});
    await expect(el).to.be.accessible();
    await sendKeys({type: 'Setup'});
    await keys(el, 'Tab');
    expect(focused().column).to.equal(QUANTITY);
    await keys(el, 'Tab');
    expect(focused().column).to.equal(UNIT_PRICE);
    // No price yet: refused at its field, nothing sent.
    await keys(el, 'Enter');
    await waitFor(() => newLine.querySelector('[part~="edit-error"]'), 'the refusal');
    expect(textOf(newLine.querySelector('[part~="edit-error"]'))).to.equal(
      'Write a number, such as 1,234.56.',
    );
    expect(client.callsOf('editDraft')).to.have.length(0);
    await sendKeys({type: '50'});
    await keys(el, 'Enter');
    await waitFor(
      () => el.shadowRoot!.querySelector('[part~="new-line"]') === null,
      'the line added',
    );
    expect(client.callsOf('editDraft')[0]![1]).to.deep.equal([
      {
        add: {
          description: 'Setup',
          quantity: '1',
          unitPrice: '50',
          discountPercent: '0',
          taxRate: '19',
        },
      },
    ]);
    expect(focused()).to.include({key: 'l|r1:0|2', column: 0, text: 'Setup'});
    expect(announcer(el)).to.equal(
      'Line “Setup” added to the draft for Nordhansa GmbH (SUB-0000), which now totals €121.98.',
    );

    await keys(el, 'Delete');
    const dialog = part<HTMLDialogElement>(el, 'dialog');
    expect(dialog.open).to.equal(true);
    expect(textOf(dialog)).to.contain('Remove the line “Setup” from the draft for Nordhansa GmbH');
    await expect(el).to.be.accessible();
    // Cancel is focused first; the confirm button removes.
    await sendKeys({press: 'Tab'});
    await sendKeys({press: 'Enter'});
    await waitFor(() => parts(el, '[part~="line"]').length === 2, 'the line removed');
    expect(client.callsOf('editDraft')[1]![1]).to.deep.equal([{remove: 2}]);
    expect(focused().key).to.equal('l|r1:0|1');
    expect(announcer(el)).to.equal(
      'Line “Setup” removed from the draft for Nordhansa GmbH (SUB-0000).',
    );
  });

  it('copies a block of cells as tab-separated text and pastes it back', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await toLine(el, 'r1:1', 0, QUANTITY);
    await keys(el, 'Shift+ArrowDown', 'Shift+ArrowDown', 'Shift+ArrowRight');
    expect(announcer(el)).to.equal('3 rows, 2 columns selected');
    await keys(el, 'Control+c');
    const copied = await navigator.clipboard.readText();
    expect(copied).to.equal('2\t12.5\n1\t40\n1\t99\n');
    expect(announcer(el)).to.equal('6 cells copied.');

    // As a spreadsheet would give it back: quantities changed in one column, CRLF line ends.
    await navigator.clipboard.writeText('4\t12.5\r\n1\t40\r\n2\t99\r\n');
    await keys(el, 'Control+v');
    await waitFor(() => textOf(cell(el, 'l|r1:1|2', QUANTITY)) === '2', 'the pasted quantities');
    expect(textOf(cell(el, 'l|r1:1|0', QUANTITY))).to.equal('4');
    // One edit of the draft, with only what changed.
    expect(client.callsOf('editDraft').map((call) => call.slice(0, 2))).to.deep.equal([
      [
        'r1:1',
        [
          {line: 0, set: {quantity: '4'}},
          {line: 2, set: {quantity: '2'}},
        ],
      ],
    ]);
    expect(announcer(el)).to.equal('2 cells pasted into 1 draft.');
  });

  it('pastes a column over the lines of several drafts, or nothing when one value is refused', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await click(part(el, '[part~="toggle"][data-invoice="r1:1"]'));
    await toLine(el, 'r1:0', 0, DISCOUNT);
    // Five values: two lines of r1:0, then the three of r1:1 (the invoice row between is passed).
    await navigator.clipboard.writeText('5\n5\n150\n5\n5\n');
    await keys(el, 'Control+v');
    const error = await waitFor(() => el.shadowRoot!.querySelector('[part~="paste-error"]'), 'why');
    expect(textOf(error)).to.equal(
      'Nothing was pasted. Discount of line 1 of the draft for Bluecloud Ltd (SUB-0001): A discount is a percentage from 0 to 100.',
    );
    expect(client.callsOf('editDraft')).to.have.length(0);
    // The refused cell is the active one now.
    expect(focused()).to.include({key: 'l|r1:1|0', column: DISCOUNT});
    await expect(el).to.be.accessible();

    await toLine(el, 'r1:0', 0, DISCOUNT);
    await navigator.clipboard.writeText('5\n5\n10\n5\n5\n');
    await keys(el, 'Control+v');
    await waitFor(() => client.callsOf('editDraft').length === 2, 'two edits');
    expect(client.callsOf('editDraft').map((call) => call.slice(0, 2))).to.deep.equal([
      [
        'r1:0',
        [
          {line: 0, set: {discountPercent: '5'}},
          {line: 1, set: {discountPercent: '5'}},
        ],
      ],
      [
        'r1:1',
        [
          {line: 0, set: {discountPercent: '10'}},
          {line: 1, set: {discountPercent: '5'}},
          {line: 2, set: {discountPercent: '5'}},
        ],
      ],
    ]);
    await waitFor(() => announcer(el) === '5 cells pasted into 2 drafts.', 'the announcement');
  });

  it('sets back what a paste stored when the engine then refuses a draft', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await click(part(el, '[part~="toggle"][data-invoice="r1:1"]'));
    await toLine(el, 'r1:0', 0, QUANTITY);
    // The second draft is finalized in another tab before the paste reaches it.
    const editDraft = client.editDraft.bind(client);
    client.editDraft = (id, changes, options) => {
      if (id === 'r1:1') return Promise.reject(codedError('NOT_A_DRAFT'));
      return editDraft(id, changes, options);
    };
    await navigator.clipboard.writeText('7\n7\n7\n');
    await keys(el, 'Control+v');
    const error = await waitFor(() => el.shadowRoot!.querySelector('[part~="paste-error"]'), 'why');
    expect(textOf(error)).to.equal(
      'Nothing was pasted: This invoice has been finalized: it can no longer be changed. The drafts already changed by this paste were set back.',
    );
    const edits = client.callsOf('editDraft').map((call) => call.slice(0, 2));
    expect(edits).to.deep.equal([
      [
        'r1:0',
        [
          {line: 0, set: {quantity: '7'}},
          {line: 1, set: {quantity: '7'}},
        ],
      ],
      [
        'r1:0',
        [
          {line: 0, set: {quantity: '1'}},
          {line: 1, set: {quantity: '1'}},
        ],
      ],
    ]);
    await waitFor(() => textOf(cell(el, 'l|r1:0|0', QUANTITY)) === '1', 'set back');
  });

  it('sorts by a column from its header, and filters the rows', async () => {
    const el = await gridWith(gridClient());
    const gross = part(el, '[part~="sort-button"][data-sort="gross"]');
    await click(gross);
    await el.updateComplete;
    const order = () => parts(el, '[part~="row"]').map((each) => each.dataset['key']);
    expect(gross.closest('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal('ascending');
    expect(order()).to.deep.equal(['i|r1:0', 'i|r1:2', 'i|r1:4', 'i|r1:1', 'i|r1:3', 'i|r1:5']);
    // From the keyboard: Enter on the header's button sorts the other way.
    await keys(el, 'Enter');
    expect(gross.closest('[role="columnheader"]')!.getAttribute('aria-sort')).to.equal(
      'descending',
    );
    expect(order()).to.deep.equal(['i|r1:5', 'i|r1:3', 'i|r1:1', 'i|r1:4', 'i|r1:2', 'i|r1:0']);
    await expect(el).to.be.accessible();

    const filter = part<HTMLInputElement>(el, '[part~="filter"]');
    filter.focus();
    await sendKeys({type: 'bluecloud'});
    await el.updateComplete;
    expect(order()).to.deep.equal(['i|r1:1', 'i|r1:4']);
    expect(textOf(part(el, '[part~="count"]'))).to.equal('2 of 6 invoices');
    // The footer sums what is shown, and says so.
    const totals = part(el, '[part~="totals"]');
    expect(textOf(totals.querySelector('caption'))).to.equal(
      'Totals of the 2 invoices shown, per currency',
    );
    expect(textOf(totals)).to.contain('EUR €266.50 €38.76 €305.26');
    // In the lines' descriptions only.
    part<HTMLSelectElement>(el, '[part~="filter-column"]').value = 'lines';
    part(el, '[part~="filter-column"]').dispatchEvent(new Event('change'));
    filter.select();
    await sendKeys({type: 'setup'});
    await el.updateComplete;
    expect(order()).to.deep.equal(['i|r1:5', 'i|r1:3', 'i|r1:1']);
    await expect(el).to.be.accessible();
  });

  it('selects drafts with Space, and tells the host', async () => {
    const el = await gridWith(gridClient());
    const changed = nextEvent(el, 'invoice-grid-selection-change');
    await keys(el, 'ArrowRight', ' ');
    expect((await changed).invoiceIds).to.deep.equal(['r1:0']);
    expect(row(el, 'i|r1:0').hasAttribute('data-selected')).to.equal(true);
    expect(part<HTMLInputElement>(el, 'input[data-invoice="r1:0"]').checked).to.equal(true);
    // A finalized invoice is not selected.
    await keys(el, 'ArrowDown', 'ArrowDown', 'ArrowDown', ' ');
    expect([...el.selectedIds]).to.deep.equal(['r1:0']);
    el.selectAllDrafts();
    await el.updateComplete;
    expect(el.selectedDrafts().map((invoice) => invoice.id)).to.deep.equal([
      'r1:0',
      'r1:1',
      'r1:2',
      'r1:4',
      'r1:5',
    ]);
    expect(textOf(part(el, '[part~="selected-count"]'))).to.equal('5 drafts selected');
    await expect(el).to.be.accessible();
  });

  it('opens a line’s explanation and an invoice’s document in a dialog, and comes back to its button', async () => {
    const el = await gridWith(gridClient());
    const dialog = part(el, '[part~="detail-dialog"]') as HTMLDialogElement;
    expect(dialog.open).to.equal(false);
    // The first invoice's Document button, from the keyboard: Enter opens the document.
    await keys(el, ...Array<string>(9).fill('ArrowRight'));
    expect(focused()).to.include({key: 'i|r1:0', column: 10});
    const documentAsked = nextEvent(el, 'invoice-grid-document');
    await keys(el, 'Enter');
    expect((await documentAsked).invoice.id).to.equal('r1:0');
    await waitFor(() => dialog.open, 'the dialog');
    expect(textOf(part(el, '#detail-heading'))).to.equal(
      'Document of the draft for Nordhansa GmbH (SUB-0000)',
    );
    const document = part(el, '[part~="detail-dialog"] invoice-document') as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await waitFor(
      () => textOf(document.shadowRoot?.querySelector('[part~="title"]')) === 'Draft invoice',
      'the document',
    );
    await expect(el).to.be.accessible();
    // The focus is in the dialog (on Close); Tab reaches the document's Print button.
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part~="detail-close-button"]'));
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()?.getAttribute('part')).to.equal('print-button');
    // Escape closes it: the focus is back on the Document button.
    await sendKeys({press: 'Escape'});
    await waitFor(() => !dialog.open, 'the dialog to close');
    await el.updateComplete;
    expect(focused()).to.include({key: 'i|r1:0', column: 10});
    // A line's Explain button: the explanation in words.
    await toLine(el, 'r1:0', 1, TAX_RATE);
    const explain = nextEvent(el, 'invoice-grid-explain');
    await keys(el, 'ArrowRight', 'Enter');
    const asked = await explain;
    expect([asked.invoice.id, asked.lineIndex]).to.deep.equal(['r1:0', 1]);
    await waitFor(() => dialog.open, 'the dialog');
    expect(textOf(part(el, '#detail-heading'))).to.equal(
      'Why “Support” costs what it does: the draft for Nordhansa GmbH (SUB-0000)',
    );
    const explanation = part(el, '[part~="detail-dialog"] line-explanation');
    await waitFor(
      () => textOf(explanation.shadowRoot?.querySelector('[part~="base"]')) !== '',
      'the explanation',
    );
    await expect(el).to.be.accessible();
    await click(part(el, '[part~="detail-close-button"]'));
    await waitFor(() => !dialog.open, 'the dialog to close');
    await el.updateComplete;
    expect(focused()).to.include({key: 'l|r1:0|1', column: 8});
  });

  it('leaves the explanation and the document to a host that cancels the event', async () => {
    const el = await gridWith(gridClient());
    el.addEventListener('invoice-grid-document', (event) => event.preventDefault());
    el.addEventListener('invoice-grid-explain', (event) => event.preventDefault());
    const documentAsked = nextEvent(el, 'invoice-grid-document');
    await click(part(el, '[part~="document-button"][data-invoice="r1:2"]'));
    expect((await documentAsked).invoice.id).to.equal('r1:2');
    await toLine(el, 'r1:0', 1, TAX_RATE);
    const explain = nextEvent(el, 'invoice-grid-explain');
    await keys(el, 'ArrowRight', 'Enter');
    await explain;
    await el.updateComplete;
    expect((part(el, '[part~="detail-dialog"]') as HTMLDialogElement).open).to.equal(false);
    expect(focused()).to.include({key: 'l|r1:0|1', column: 8});
  });

  it('follows changes made elsewhere, keeping the focused cell', async () => {
    const client = gridClient();
    const el = await gridWith(client);
    await keys(el, 'ArrowDown', 'ArrowRight', 'ArrowRight');
    expect(focused()).to.include({key: 'i|r1:1', column: 3});
    // Another tab deletes the first draft and adds a line to the second.
    const [, second, ...rest] = client.invoicesByRun.get('r1')!;
    const grown = draftWith(1, [
      ...second!.lines.map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        taxRate: line.taxRate,
      })),
      {description: 'Extra', quantity: '1', unitPrice: '1', taxRate: '19'},
    ]);
    const reads = client.callsOf('invoices').length;
    client.setInvoices('r1', [grown, ...rest]);
    await waitFor(() => parts(el, '[part~="row"]').length === 5, 'the deletion shown');
    expect(focused()).to.include({key: 'i|r1:1', column: 3});
    expect(textOf(cell(el, 'i|r1:1', 8))).to.equal(`€${'184.47'}`);
    // The change feed brought both: the run's invoices were not read again.
    expect(client.callsOf('invoices').length).to.equal(reads);

    // An invoice new to the run takes its place in the run's order: that reads the run again.
    const added = draftWith(9, [
      {description: 'Late', quantity: '1', unitPrice: '5', taxRate: '19'},
    ]);
    client.setInvoices('r1', [grown, ...rest, added]);
    await waitFor(() => el.shadowRoot!.querySelector('[data-key="i|r1:9"]'), 'the new invoice');
    expect(client.callsOf('invoices').length).to.be.above(reads);
    expect(focused()).to.include({key: 'i|r1:1', column: 3});
  });

  it('formats in the page language and takes numbers as the language writes them', async () => {
    const client = gridClient();
    const el = await gridWith(client, 'de-DE');
    expect(textOf(cell(el, 'i|r1:0', 8))).to.equal('62,48 €');
    await toLine(el, 'r1:0', 0, UNIT_PRICE);
    await keys(el, 'F2');
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('12,5');
    (deepActiveElement() as HTMLInputElement).select();
    await sendKeys({type: '1.234,5'});
    await keys(el, 'Enter');
    await waitFor(() => client.callsOf('editDraft').length === 1, 'the edit');
    expect(client.callsOf('editDraft')[0]![1]).to.deep.equal([
      {line: 0, set: {unitPrice: '1234.5'}},
    ]);
    await keys(el, 'Control+c');
    expect(await navigator.clipboard.readText()).to.equal('1234,5\n');
  });
});

describe('<invoice-grid> with 10,000 invoices', () => {
  it('draws a window of rows, reads page by page, and keeps the keyboard on the rows it reaches', async () => {
    const {el, client} = await gridOfMany(10_000);
    await el.updateComplete;
    const pages = client.callsOf('invoices').map((call) => call[1]);
    expect(pages[0]).to.deep.equal({offset: 0, limit: 50});
    expect(pages[1]).to.deep.equal({offset: 50, limit: 1000});
    expect(parts(el, '[part~="row"]').length).to.be.below(60);
    expect(part(el, '[part~="grid"]').getAttribute('aria-rowcount')).to.equal('10001');
    await keys(el, 'Control+End');
    expect(focused().key).to.equal('i|r1:9999');
    expect(row(el, 'i|r1:9999').getAttribute('aria-rowindex')).to.equal('10001');
    await keys(el, 'PageUp');
    const after = Number(focused().key!.split(':')[1]);
    expect(after).to.be.below(9999).and.above(9980);
    // The focused row stays drawn while the grid scrolls far away from it.
    part(el, '[part~="grid"]').scrollTop = 0;
    await waitFor(() => el.shadowRoot!.querySelector('[data-key="i|r1:0"]'), 'the top drawn');
    expect(focused().key).to.equal(`i|r1:${after}`);
    await expect(el).to.be.accessible();
  });
});

describe('<invoice-grid> paging', () => {
  it('draws the rows a page brings in the elements of the rows it left, each with its own invoice', async () => {
    const client = gridClient(0);
    const template = draftWith(0, [{description: 'Seats', quantity: '3', unitPrice: '12.50'}]);
    client.setInvoices(
      'r1',
      Array.from({length: 500}, (_, index) => ({
        ...template,
        id: `r1:${index}`,
        index,
        subscriptionId: `SUB-${index}`,
      })),
    );
    client.setRuns([makeRun({id: 'r1'})]);
    const el = await fixture<InvoiceGrid>(
      html`<invoice-grid .client=${client} run-id="r1" locale="en-US"></invoice-grid>`,
    );
    await waitFor(() => el.complete, 'every page read', 30_000);
    // Away from the top first, where fewer rows are drawn (none above the view).
    await keys(el, 'PageDown', 'PageDown');
    const start = Number(focused().key!.split(':')[1]);
    const before = new Set(parts(el, '[part~="row"]'));
    await keys(el, 'PageDown', 'PageDown');
    const after = parts(el, '[part~="row"]');
    expect(Number(focused().key!.split(':')[1]) - start).to.be.above(10);
    // About twenty rows came into the window: none of them is a new element.
    expect(after.filter((each) => !before.has(each)).length).to.be.at.most(2);
    for (const each of after) {
      const index = Number(each.dataset['key']!.split(':')[1]);
      expect(each.getAttribute('aria-rowindex')).to.equal(String(index + 2));
      expect(textOf(each.querySelector('.cell.source'))).to.equal(`SUB-${index}`);
    }
    await keys(el, 'PageUp', 'PageUp');
    expect(focused().key).to.equal(`i|r1:${start}`);
    for (const each of parts(el, '[part~="row"]')) {
      const index = Number(each.dataset['key']!.split(':')[1]);
      expect(textOf(each.querySelector('.cell.source'))).to.equal(`SUB-${index}`);
    }
    await expect(el).to.be.accessible();
  });
});

describe('<invoice-grid> page keys', () => {
  it('moves the focus while the key is handled, onto a row drawn before it, on every Page Down and Page Up', async () => {
    const {el} = await gridOfMany(300);
    await keys(el, ...Array<string>(30).fill('ArrowDown'));
    // The rows drawn when each key comes, and where the focus lands: it must land while the
    // grid's update that draws the rows the page brings is still to come (that update, and the
    // style and layout it costs, then no longer stand between the key and the focus).
    let drawn = new Set<string>();
    const seen: {key: string | undefined; drawnBefore: boolean; updating: boolean}[] = [];
    const root = el.shadowRoot!;
    root.addEventListener(
      'keydown',
      () => {
        drawn = new Set(parts(el, '[part~="row"]').map((each) => each.dataset['key']!));
      },
      {capture: true},
    );
    root.addEventListener('focusin', () => {
      const key = focused().key;
      seen.push({
        key,
        drawnBefore: key !== undefined && drawn.has(key),
        updating: el.isUpdatePending,
      });
    });
    const moves: string[] = [];
    for (const press of [
      'PageDown',
      'PageDown',
      'PageDown',
      'PageUp',
      'PageUp',
      'PageUp',
      'PageUp',
    ]) {
      await keys(el, press);
      moves.push(focused().key!);
    }
    expect(seen.map((each) => each.key)).to.deep.equal(moves);
    expect(seen.every((each) => each.drawnBefore)).to.equal(true);
    // The update that draws the new window was still to come when the focus had moved.
    expect(seen.every((each) => each.updating)).to.equal(true);
    // The pages moved by a screenful each way, back to where they began.
    const at = (key: string) => Number(key.split(':')[1]);
    expect(at(moves[2]!) - at(moves[0]!)).to.be.above(10);
    expect(at(moves[6]!)).to.be.below(at(moves[0]!));
    await expect(el).to.be.accessible();
  });

  it('focuses a row far away (Ctrl+End, Ctrl+Home) before drawing the rows around it', async () => {
    const {el} = await gridOfMany(300);
    const drawnKeys = () => new Set(parts(el, '[part~="row"]').map((each) => each.dataset['key']));
    const atFocus: Set<string | undefined>[] = [];
    el.shadowRoot!.addEventListener('focusin', () => atFocus.push(drawnKeys()));
    await keys(el, 'Control+End');
    expect(focused().key).to.equal('i|r1:299');
    // When the focus came, the last row was drawn, and the rows above it were not yet.
    expect(atFocus.at(-1)!.has('i|r1:299')).to.equal(true);
    expect(atFocus.at(-1)!.has('i|r1:298')).to.equal(false);
    // They are once the key is handled, with the rows at the top gone.
    expect(drawnKeys().has('i|r1:298')).to.equal(true);
    expect(drawnKeys().has('i|r1:0')).to.equal(false);
    await keys(el, 'Control+Home');
    expect(focused().key).to.equal('i|r1:0');
    expect(atFocus.at(-1)!.has('i|r1:1')).to.equal(false);
    expect(drawnKeys().has('i|r1:1')).to.equal(true);
    expect(drawnKeys().has('i|r1:299')).to.equal(false);
  });
});

describe('<invoice-grid> narrower than its columns', () => {
  it('scrolls the focused cell into view sideways, in the frame after the key', async () => {
    const el = await gridWith(gridClient());
    el.style.width = '30rem';
    await el.updateComplete;
    const scroller = part(el, '[part~="grid"]');
    expect(scroller.scrollWidth).to.be.above(scroller.clientWidth);
    const inView = () => {
      const cell = (deepActiveElement() as HTMLElement).closest<HTMLElement>('[data-column]')!;
      const box = cell.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      return box.left >= view.left - 1 && box.right <= view.right + 1;
    };
    const frame = () => new Promise((done) => requestAnimationFrame(() => done(undefined)));
    await keys(el, 'End');
    await frame();
    expect(focused()).to.include({key: 'i|r1:0', column: 11});
    expect(scroller.scrollLeft).to.be.above(0);
    expect(inView()).to.equal(true);
    await keys(el, 'ArrowDown');
    await frame();
    expect(focused()).to.include({key: 'i|r1:1', column: 11});
    expect(inView()).to.equal(true);
    await keys(el, 'Home');
    await frame();
    expect(focused()).to.include({key: 'i|r1:1', column: 0});
    expect(scroller.scrollLeft).to.equal(0);
    expect(inView()).to.equal(true);
  });
});

describe('<invoice-grid> scrolled away from its editor', () => {
  it('keeps the cell being edited drawn once, focused, while the grid scrolls far from it', async () => {
    const client = gridClient(0);
    const template = draftWith(0, [
      {description: 'Seats', quantity: '3', unitPrice: '12.50', taxRate: '19'},
    ]);
    client.setInvoices(
      'r1',
      Array.from({length: 2000}, (_, index) => ({...template, id: `r1:${index}`, index})),
    );
    client.setRuns([makeRun({id: 'r1'})]);
    const el = await fixture<InvoiceGrid>(
      html`<invoice-grid .client=${client} run-id="r1" locale="en-US"></invoice-grid>`,
    );
    await waitFor(() => el.complete, 'every page read', 30_000);
    await toLine(el, 'r1:0', 0, QUANTITY);
    await keys(el, 'F2');
    const editor = deepActiveElement() as HTMLInputElement;
    expect(editor.getAttribute('part')).to.equal('editor');
    // The editor's row is the active row too: far out of view, it is drawn once.
    const grid = part(el, '[part~="grid"]');
    grid.scrollTop = grid.scrollHeight;
    await waitFor(() => el.shadowRoot!.querySelector('[data-key="i|r1:1999"]'), 'the last row');
    const keys_ = parts(el, '[data-key]').map((each) => each.dataset['key']);
    expect(new Set(keys_).size).to.equal(keys_.length);
    expect(deepActiveElement()).to.equal(editor);
    await sendKeys({type: '5'});
    expect(editor.value).to.match(/5$/);
  });
});

describe('<invoice-grid> and its run', () => {
  it('takes the run from `run` and drops what belonged to another run', async () => {
    const client = gridClient();
    const el = await fixture<InvoiceGrid>(
      html`<invoice-grid
        .client=${client}
        .run=${makeRun({id: 'r1'})}
        locale="en-US"
      ></invoice-grid>`,
    );
    await waitFor(() => parts(el, '[part~="row"]').length === 6, 'the rows');
    el.selectAllDrafts();
    el.run = makeRun({id: 'r2'});
    await el.updateComplete;
    expect(el.selectedIds.size).to.equal(0);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="notice"]'), 'no invoices');
    expect(textOf(part(el, '[part~="notice"]'))).to.equal('This run has no invoices.');
  });

  it('says in words when the invoices cannot be read, with a retry', async () => {
    const client = gridClient();
    client.failures.set('invoices', codedError('DATABASE_BLOCKED'));
    const el = await fixture<InvoiceGrid>(
      html`<invoice-grid .client=${client} run-id="r1"></invoice-grid>`,
    );
    const error = await waitFor(() => el.shadowRoot!.querySelector('[part~="error"]'), 'failure');
    expect(textOf(error)).to.contain('another tab');
    await expect(el).to.be.accessible();
    client.failures.delete('invoices');
    await click(part(el, '[part~="retry-button"]'));
    await waitFor(() => parts(el, '[part~="row"]').length === 6, 'the rows');
  });
});
