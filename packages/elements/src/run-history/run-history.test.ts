import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../define.js';
import type {RunHistory} from './run-history.js';
import type {RemainingPicker} from '../remaining-picker/remaining-picker.js';
import type {InvoiceGrid} from '../invoice-grid/invoice-grid.js';
import type {PageRequest} from '@invoice-run/worker';
import {
  FakeClient,
  codedError,
  filter,
  makeInvoice,
  makeRun,
  makeStepResult,
} from '../test-support/fake-client.js';
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

const EU = JSON.stringify(['eu', [], []]);
const ALL = JSON.stringify(['all', [], []]);

function sampleRuns() {
  return [
    makeRun({
      id: 'r3',
      sequence: 3,
      selectionKey: EU,
      status: 'running',
      interrupted: true,
      endedAt: null,
      config: {subscriptionFilter: 'eu', transactionFilters: ['usage']} as never,
    }),
    makeRun({
      id: 'r2',
      sequence: 2,
      selectionKey: ALL,
      origin: 'scheduled',
      config: {title: 'February', periodStart: '2026-02-01', periodEnd: '2026-02-28'} as never,
      totals: [
        {currency: 'EUR', net: '100.00', tax: '19.00', gross: '119.00'},
        {currency: 'USD', net: '5.00', tax: '0.00', gross: '5.00'},
      ],
    }),
    makeRun({
      id: 'r1',
      sequence: 1,
      selectionKey: EU,
      status: 'completed-with-errors',
      counters: {invoices: 4, credits: 1, lines: 5, errors: 2},
      config: {subscriptionFilter: 'eu', title: 'January'} as never,
    }),
  ];
}

async function historyWith(client: FakeClient): Promise<RunHistory> {
  const el = await fixture<RunHistory>(
    html`<run-history .client=${client} locale="en-US"></run-history>`,
  );
  await waitFor(
    () => el.shadowRoot!.querySelector('table, [part~="notice"], [part~="error"]'),
    'a state',
  );
  await el.updateComplete;
  return el;
}

function row(el: RunHistory, id: string): HTMLTableRowElement {
  return part<HTMLButtonElement>(el, `[part~="open-button"][data-run="${id}"]`).closest('tr')!;
}

async function openRun(el: RunHistory, id: string): Promise<void> {
  await click(part(el, `[part~="open-button"][data-run="${id}"]`));
  const details = await waitFor(
    () => el.shadowRoot!.querySelector('[part~="details"]'),
    'the opened run',
  );
  // Rows render once their list is in view (it is virtualised): look at it, as a person would.
  details.scrollIntoView({block: 'start'});
}

/** The grid of the opened run (`<invoice-grid>` in the history's shadow root). */
function gridOf(el: RunHistory): InvoiceGrid {
  return part<InvoiceGrid>(el, '[part~="invoices"]');
}

/** The invoice rows of the opened run's grid that are drawn. */
function invoiceRows(el: RunHistory): HTMLElement[] {
  const grid = el.shadowRoot!.querySelector('[part~="invoices"]');
  return grid === null ? [] : parts(grid, '[part~="row"]');
}

/** Selects (or clears) the draft of a row with its checkbox, as a click does. */
async function selectDraft(row: HTMLElement): Promise<void> {
  await click(row.querySelector('input[type="checkbox"]')!);
}

function selectedCount(el: RunHistory): string {
  return textOf(part(gridOf(el), '[part~="selected-count"]'));
}

function selectAllButton(el: RunHistory): HTMLElement {
  return parts(gridOf(el), 'button').find((button) => textOf(button) === 'Select all drafts')!;
}

describe('<run-history>', () => {
  it('is accessible and explains itself without a client', async () => {
    const el = await fixture<RunHistory>(html`<run-history></run-history>`);
    await expect(el).to.be.accessible();
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('not connected');
  });

  it('has its default properties', async () => {
    const el = await fixture<RunHistory>(html`<run-history></run-history>`);
    expect(el.pageSize).to.equal(50);
    expect(el.messages).to.deep.equal({});
    expect(el.remainingMessages).to.deep.equal({});
    expect(el.client).to.equal(undefined);
    expect(getComputedStyle(el).display).to.equal('block');
  });

  it('shows loading, then says there are no runs yet', async () => {
    const client = new FakeClient();
    const el = await fixture<RunHistory>(html`<run-history .client=${client}></run-history>`);
    expect(textOf(part(el, '[role="status"].hint'))).to.contain('Loading the runs');
    await waitFor(() => el.shadowRoot!.querySelector('[part~="notice"]'), 'the empty state');
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('No runs yet');
    await expect(el).to.be.accessible();
  });

  it('lists the runs newest first with every column', async () => {
    const client = new FakeClient();
    client.filterList = [
      filter('eu', 'subscription', 'Europe'),
      filter('usage', 'transaction', 'Metered'),
    ];
    client.runList = sampleRuns();
    const el = await historyWith(client);
    const headers = parts(el, 'thead th').map(textOf);
    expect(headers).to.deep.equal([
      'Run',
      'Created',
      'Origin',
      'Period',
      'Filters',
      'Status',
      'Counters',
      'Totals per currency',
      'Duration',
      'Actions',
    ]);
    const rows = parts(el, 'tbody tr');
    expect(rows.map((each) => textOf(each.querySelector('th')))).to.deep.equal([
      'Run 3',
      'February',
      'January',
    ]);
    await waitFor(() => textOf(row(el, 'r3')).includes('Europe'), 'filter names');
    const newest = textOf(row(el, 'r3'));
    expect(newest).to.contain('Interrupted');
    expect(newest).to.contain('Subscriptions: Europe');
    expect(newest).to.contain('Usage: Metered');
    expect(newest).to.contain('Manual');
    expect(newest).to.contain('Jan 1, 2026 – Jan 31, 2026');
    const february = textOf(row(el, 'r2'));
    expect(february).to.contain('Scheduled');
    expect(february).to.contain('All subscriptions');
    // One currency a line, so the column stays narrow.
    expect([...row(el, 'r2').querySelectorAll('td.amount li')].map(textOf)).to.deep.equal([
      '€119.00',
      '$5.00',
    ]);
    expect(february).to.contain('2.5 sec');
    expect(february).to.contain('Completed');
    expect(textOf(row(el, 'r1'))).to.contain('4 invoices, 1 credit, 2 errors');
    expect(textOf(row(el, 'r1'))).to.contain('Completed with errors');
    await expect(el).to.be.accessible();
  });

  it('names the schedule of a scheduled run, and opens a run on request', async () => {
    const client = new FakeClient();
    client.scheduleList = [
      {
        id: 'monthly',
        name: 'Monthly billing',
        enabled: true,
        cron: '0 6 1 * *',
        interval: '1m',
        alignment: 'previous',
        shiftDays: 0,
        startOfWeek: 1,
        invoiceDate: null,
        transactionFilters: [],
        genericFilters: [],
        maxCatchUp: 3,
      },
    ];
    client.runList = [
      makeRun({id: 'r3', sequence: 3, origin: 'scheduled', scheduleId: 'gone'}),
      makeRun({id: 'r2', sequence: 2, origin: 'scheduled', scheduleId: 'monthly'}),
      makeRun({id: 'r1', sequence: 1}),
    ];
    const el = await historyWith(client);
    await waitFor(
      () => textOf(row(el, 'r2')).includes('Scheduled: Monthly billing'),
      'the schedule name',
    );
    // A deleted schedule is named by its id.
    expect(textOf(row(el, 'r3'))).to.contain('Scheduled: gone');
    expect(textOf(row(el, 'r1'))).to.contain('Manual');
    expect(client.callsOf('schedules')).to.have.length(1);
    await expect(el).to.be.accessible();
    const select = nextEvent(el, 'run-select');
    expect(await el.showRun('r2')).to.equal(true);
    expect((await select).run.id).to.equal('r2');
    await waitFor(() => el.shadowRoot!.querySelector('[part~="details"]'), 'the opened run');
    expect(deepActiveElement()).to.equal(part(el, '[part~="open-button"][data-run="r2"]'));
    expect(await el.showRun('nope')).to.equal(false);
  });

  it('stays live while a run progresses', async () => {
    const client = new FakeClient();
    client.runList = [
      makeRun({
        id: 'r1',
        status: 'running',
        endedAt: null,
        counters: {invoices: 1, credits: 0, lines: 1, errors: 0},
      }),
    ];
    const el = await historyWith(client);
    expect(textOf(row(el, 'r1'))).to.contain('Running');
    expect(textOf(row(el, 'r1'))).to.contain('1 invoice,');
    client.setRuns([
      makeRun({
        id: 'r1',
        status: 'running',
        endedAt: null,
        counters: {invoices: 7, credits: 0, lines: 7, errors: 0},
      }),
    ]);
    await waitFor(() => textOf(row(el, 'r1')).includes('7 invoices'), 'the live counter');
    client.setRuns([makeRun({id: 'r2', sequence: 2}), makeRun({id: 'r1'})]);
    await waitFor(() => parts(el, 'tbody tr').length === 2, 'the new run');
    expect(client.callsOf('observeRuns')).to.have.length(1);
  });

  it('offers Re-run and View Remaining only on the latest run of each selection', async () => {
    const client = new FakeClient();
    client.runList = sampleRuns();
    const el = await historyWith(client);
    expect(row(el, 'r3').querySelector('[part~="remaining-button"]')).not.to.equal(null);
    expect(row(el, 'r3').querySelector('[part~="rerun-button"]')).not.to.equal(null);
    expect(row(el, 'r2').querySelector('[part~="remaining-button"]')).not.to.equal(null);
    expect(row(el, 'r1').querySelector('[part~="remaining-button"]')).to.equal(null);
    expect(row(el, 'r1').querySelector('[part~="rerun-button"]')).to.equal(null);
  });

  it('opens View Remaining in a dialog, after a run-repeat-request', async () => {
    const client = new FakeClient();
    client.runList = sampleRuns();
    client.remainingByRun.set('r2', {
      run: client.runList[1]!,
      subscriptions: [{id: 's1', account: 'a1', totals: []}],
      records: [],
    });
    const el = await historyWith(client);
    const request = nextEvent(el, 'run-repeat-request');
    await click(row(el, 'r2').querySelector('[part~="remaining-button"]')!);
    const event = await request;
    expect(event.mode).to.equal('remaining');
    expect(event.run.id).to.equal('r2');
    const dialog = part<HTMLDialogElement>(el, '#remaining');
    await waitFor(() => dialog.open, 'the dialog');
    const picker = dialog.querySelector<RemainingPicker>('remaining-picker')!;
    await waitFor(() => picker.shadowRoot!.querySelector('[part~="row"]'), 'the picker rows');
    expect(client.callsOf('remaining')[0]).to.deep.equal(['r2']);
    await expect(el).to.be.accessible();
    await sendKeys({press: 'Escape'});
    await waitFor(() => !dialog.open, 'the dialog closed');
  });

  it('leaves View Remaining and Re-run to the host when it cancels the request', async () => {
    const client = new FakeClient();
    client.runList = sampleRuns();
    const el = await historyWith(client);
    el.addEventListener('run-repeat-request', (event) => event.preventDefault());
    await click(row(el, 'r2').querySelector('[part~="remaining-button"]')!);
    await click(row(el, 'r2').querySelector('[part~="rerun-button"]')!);
    expect(part<HTMLDialogElement>(el, '#remaining').open).to.equal(false);
    expect(client.callsOf('startRun')).to.have.length(0);
  });

  it('re-runs the config of the latest run', async () => {
    const client = new FakeClient();
    client.runList = sampleRuns();
    const el = await historyWith(client);
    await click(row(el, 'r2').querySelector('[part~="rerun-button"]')!);
    await waitFor(
      () => textOf(part(el, '[part~="announcer"]')).includes('Re-run finished'),
      'done',
    );
    expect(client.callsOf('startRun')[0]![0]).to.include({
      title: 'February',
      periodStart: '2026-02-01',
    });
  });

  it('opens a run to its invoices and errors, and fires run-select', async () => {
    const client = new FakeClient();
    client.runList = sampleRuns();
    client.invoicesByRun.set('r1', [
      makeInvoice({id: 'i1', runId: 'r1', accountId: 'a1', subscriptionId: 's1'}),
      makeInvoice({
        id: 'i2',
        runId: 'r1',
        accountId: 'a2',
        status: 'open',
        number: 'INV-2026-00001',
      }),
    ]);
    client.issuesByRun.set('r1', {
      errors: [
        {source: 'subscription', id: 's9', code: 'ACCOUNT_NOT_FOUND', message: 'No account a9.'},
      ],
      warnings: [],
    });
    const el = await historyWith(client);
    const selected = nextEvent(el, 'run-select');
    await openRun(el, 'r1');
    expect((await selected).run.id).to.equal('r1');
    await waitFor(() => invoiceRows(el).length === 2, 'the invoices');
    const [draft, open] = invoiceRows(el);
    expect(textOf(draft)).to.contain('Draft');
    expect(textOf(draft)).to.contain('$11.90'.replace('$', '€'));
    expect(textOf(open)).to.contain('INV-2026-00001');
    // The grid of the run: a draft has a checkbox to select it; a finalized invoice has none.
    expect(part(gridOf(el), '[part~="grid"]').getAttribute('role')).to.equal('grid');
    expect(draft!.querySelector('input[type="checkbox"]')).not.to.equal(null);
    expect(open!.querySelector('input[type="checkbox"]')).to.equal(null);
    await waitFor(() => textOf(part(el, '[part~="issues"]')).includes('No account a9.'), 'errors');
    expect(part(el, '[part~="open-button"][data-run="r1"]').getAttribute('aria-expanded')).to.equal(
      'true',
    );
    await expect(el).to.be.accessible();
  });

  it('opens a run of 10,000 invoices in its grid, page by page, keeping a window of rows in the DOM', async () => {
    const client = new FakeClient();
    client.runList = [
      makeRun({id: 'big', counters: {invoices: 10_000, credits: 0, lines: 10_000, errors: 0}}),
    ];
    client.invoicesByRun.set(
      'big',
      Array.from({length: 10_000}, (_, n) =>
        makeInvoice({
          id: `i${n}`,
          runId: 'big',
          index: n,
          accountId: `a${String(n).padStart(5, '0')}`,
        }),
      ),
    );
    const el = await historyWith(client);
    await openRun(el, 'big');
    await waitFor(() => invoiceRows(el).length > 0, 'the first invoices');
    await waitFor(() => gridOf(el).complete, 'all pages read');
    const pages = client.callsOf('invoices').map((args) => args[1]);
    // A small first page shows the first rows at once; then pages of a thousand.
    expect(pages[0]).to.deep.equal({offset: 0, limit: 50});
    expect(pages).to.deep.include({offset: 9050, limit: 1000});
    expect(invoiceRows(el).length).to.be.lessThan(150);
    const grid = part(gridOf(el), '[part~="grid"]');
    grid.scrollTop = grid.scrollHeight;
    await waitFor(
      () => invoiceRows(el).some((each) => textOf(each).includes('a09999')),
      'the last invoice after scrolling',
    );
    expect(invoiceRows(el).length).to.be.lessThan(150);
  });

  it('deletes selected drafts after a confirmation', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1'})];
    client.invoicesByRun.set('r1', [
      makeInvoice({id: 'i1', accountId: 'a1'}),
      makeInvoice({id: 'i2', accountId: 'a2'}),
      makeInvoice({id: 'i3', accountId: 'a3'}),
    ]);
    const el = await historyWith(client);
    await openRun(el, 'r1');
    await waitFor(() => invoiceRows(el).length === 3, 'the invoices');
    const remove = part<HTMLButtonElement>(el, '[part~="delete-button"]');
    expect(remove.disabled).to.equal(true);
    await selectDraft(invoiceRows(el)[1]!);
    await el.updateComplete;
    expect(remove.disabled).to.equal(false);
    await click(remove);
    const dialog = part<HTMLDialogElement>(el, '#confirm');
    await waitFor(() => dialog.open, 'the confirmation');
    expect(textOf(dialog)).to.contain('Delete 1 draft invoice? What it billed comes back');
    await expect(el).to.be.accessible();
    // Cancel first: nothing happens.
    await click(dialog.querySelector('button[value="cancel"]')!);
    await waitFor(() => !dialog.open, 'closed');
    expect(client.callsOf('deleteDrafts')).to.have.length(0);
    await click(remove);
    await waitFor(() => dialog.open, 'the confirmation again');
    await click(part(el, '[part~="confirm-button"]'));
    await waitFor(
      () => textOf(part(el, '[part~="announcer"]')).includes('1 draft deleted.'),
      'done',
    );
    expect(client.callsOf('deleteDrafts')[0]).to.deep.equal(['r1', {invoiceIds: ['i2']}]);
    await waitFor(() => invoiceRows(el).length === 2, 'the invoice gone');
  });

  it('finalizes selected drafts after a confirmation', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1'})];
    client.invoicesByRun.set('r1', [
      makeInvoice({id: 'i1'}),
      makeInvoice({id: 'i2', accountId: 'a2'}),
    ]);
    const el = await historyWith(client);
    await openRun(el, 'r1');
    await waitFor(() => invoiceRows(el).length === 2, 'the invoices');
    await click(selectAllButton(el));
    await el.updateComplete;
    expect(selectedCount(el)).to.equal('2 drafts selected');
    await click(part(el, '[part~="finalize-button"]'));
    await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
    await click(part(el, '[part~="confirm-button"]'));
    await waitFor(
      () => textOf(part(el, '[part~="announcer"]')).includes('2 invoices finalized'),
      'done',
    );
    await waitFor(
      () => invoiceRows(el).every((each) => textOf(each).includes('INV-2026-')),
      'numbers shown',
    );
  });

  it('says in words when the database is blocked, with a retry', async () => {
    const client = new FakeClient();
    client.failures.set('runs', codedError('DATABASE_BLOCKED'));
    client.failures.set('observeRuns', true);
    const el = await historyWith(client);
    const alert = part(el, '[part~="error"]');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.dataset['code']).to.equal('DATABASE_BLOCKED');
    expect(textOf(alert)).to.contain('another tab');
    await expect(el).to.be.accessible();
    client.failures.delete('runs');
    client.runList = [makeRun({id: 'r1'})];
    await click(part(el, '[part~="retry-button"]'));
    await waitFor(() => el.shadowRoot!.querySelector('table'), 'the table after retry');
  });

  it('shows more runs on request', async () => {
    const client = new FakeClient();
    client.runList = Array.from({length: 5}, (_, n) => makeRun({id: `r${5 - n}`, sequence: 5 - n}));
    const el = await fixture<RunHistory>(
      html`<run-history .client=${client} page-size="2"></run-history>`,
    );
    await waitFor(() => parts(el, 'tbody tr').length === 2, 'two runs');
    await click(part(el, '[part~="more-button"]'));
    await waitFor(() => parts(el, 'tbody tr').length === 4, 'four runs');
    await click(part(el, '[part~="more-button"]'));
    await waitFor(() => parts(el, 'tbody tr').length === 5, 'five runs');
    expect(el.shadowRoot!.querySelector('[part~="more-button"]')).to.equal(null);
  });

  it('can be used with the keyboard alone: open, select, delete, confirm', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1'})];
    client.invoicesByRun.set('r1', [
      makeInvoice({id: 'i1'}),
      makeInvoice({id: 'i2', accountId: 'a2'}),
    ]);
    const el = await historyWith(client);
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await tabTo(part(el, '[part~="open-button"]'));
    await sendKeys({press: 'Enter'});
    await waitFor(() => invoiceRows(el).length === 2, 'the invoices');
    // The grid is one Tab stop, after its toolbar; Space selects the draft of the row.
    const first = part(gridOf(el), '[part~="toggle"][data-invoice="i1"]');
    await tabTo(first, 14);
    await sendKeys({press: 'Space'});
    await el.updateComplete;
    await gridOf(el).updateComplete;
    expect(invoiceRows(el)[0]!.hasAttribute('data-selected')).to.equal(true);
    expect(first.getAttribute('aria-expanded')).to.equal('false');
    // Delete sits with the grid's selection, before the grid: Shift+Tab reaches it.
    for (let n = 0; n < 6 && deepActiveElement() !== part(el, '[part~="delete-button"]'); n++) {
      await sendKeys({press: 'Shift+Tab'});
    }
    expect(deepActiveElement()).to.equal(part(el, '[part~="delete-button"]'));
    await sendKeys({press: 'Enter'});
    await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
    expect(deepActiveElement()).to.equal(part(el, '#confirm button[value="cancel"]'));
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(part(el, '[part~="confirm-button"]'));
    await sendKeys({press: 'Enter'});
    await waitFor(() => client.callsOf('deleteDrafts').length === 1, 'deleted');
    expect(client.callsOf('deleteDrafts')[0]).to.deep.equal(['r1', {invoiceIds: ['i1']}]);
    before.remove();
  });

  describe('layout and access (issue 12, point 7)', () => {
    /** A run as the demo shows them: three currencies, a schedule, every filter, long figures. */
    function demoRuns(): ReturnType<typeof makeRun>[] {
      const totals = [
        {currency: 'EUR', net: '4978237.20', tax: '921285.94', gross: '5899523.14'},
        {currency: 'JPY', net: '1834018', tax: '341184', gross: '2175202'},
        {currency: 'USD', net: '1720145.08', tax: '317705.85', gross: '2037850.93'},
      ];
      const config = {
        title: 'January 2026',
        subscriptionFilter: 'all',
        transactionFilters: ['metering'],
        genericFilters: ['service-orders'],
      } as never;
      return [
        makeRun({
          id: 'r2',
          sequence: 2,
          origin: 'scheduled',
          scheduleId: 'monthly',
          status: 'completed-with-errors',
          counters: {invoices: 6108, credits: 0, lines: 18000, errors: 278},
          totals,
          config,
        }),
        makeRun({id: 'r1', sequence: 1, selectionKey: 'other', totals, config}),
      ];
    }

    async function demoHistory(width: number): Promise<RunHistory> {
      const client = new FakeClient();
      client.runList = demoRuns();
      client.filterList = [
        filter('all', 'subscription', 'All subscriptions'),
        filter('metering', 'transaction', 'Metered usage'),
        filter('service-orders', 'generic', 'Service orders'),
      ];
      client.scheduleList = [
        {id: 'monthly', name: 'Monthly billing (1st, 06:00)', cron: '0 6 1 * *'} as never,
      ];
      const el = await fixture<RunHistory>(
        html`<run-history
          .client=${client}
          locale="en-US"
          style="width: ${width}px; font-size: 13px"
        ></run-history>`,
      );
      await waitFor(() => parts(el, '[part~="remaining-button"]').length === 2, 'the actions');
      await waitFor(
        () => textOf(el.shadowRoot!.querySelector('tbody')).includes('Monthly'),
        'names',
      );
      return el;
    }

    /** Fails when something of the history reaches past its own right edge (clipped or hidden). */
    function expectWithin(el: RunHistory): void {
      const wrap = part(el, '.table-wrap');
      expect(wrap.scrollWidth, 'the table scrolls sideways').to.be.at.most(wrap.clientWidth);
      const right = el.getBoundingClientRect().right;
      for (const button of parts(el, '[part~="run"] button')) {
        expect(button.getBoundingClientRect().right, textOf(button)).to.be.at.most(right + 0.5);
      }
    }

    it('shows every action of a wide run at the width the demo gives it at 1440 px', async () => {
      // 1440 px less the demo's navigation, paddings and card: about 1,110 px.
      const el = await demoHistory(1110);
      expectWithin(el);
      // A table still: the column headers show, the totals one currency a line.
      expect(part(el, 'thead').getBoundingClientRect().height).to.be.greaterThan(10);
      expect(parts(el, '[part~="run"]')[0]!.querySelectorAll('td.amount li')).to.have.length(3);
      await expect(el).to.be.accessible();
    });

    it('becomes a list of labelled cards at the width of a phone (390 px)', async () => {
      const el = await demoHistory(320);
      expectWithin(el);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      const cells = parts(el, '[part~="run"]')[0]!.querySelectorAll('td');
      const status = [...cells].find((cell) => cell.dataset['label'] === 'Status')!;
      expect(getComputedStyle(status, '::before').content).to.equal('"Status"');
      expect(status.getBoundingClientRect().width).to.be.greaterThan(250);
      await expect(el).to.be.accessible();
    });

    it('says counts in English plurals', async () => {
      const client = new FakeClient();
      client.runList = [
        makeRun({id: 'r1', counters: {invoices: 1, credits: 0, lines: 1, errors: 1}}),
      ];
      client.invoicesByRun.set('r1', [makeInvoice({id: 'i1'}), makeInvoice({id: 'i2'})]);
      const el = await historyWith(client);
      expect(textOf(row(el, 'r1'))).to.contain('1 invoice, 0 credits, 1 error');
      await openRun(el, 'r1');
      await waitFor(() => invoiceRows(el).length === 2, 'the invoices');
      await selectDraft(invoiceRows(el)[0]!);
      await el.updateComplete;
      expect(selectedCount(el)).to.equal('1 draft selected');
      await click(part(el, '[part~="finalize-button"]'));
      await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
      expect(textOf(part(el, '#confirm'))).to.contain('Finalize 1 draft invoice?');
      expect(textOf(part(el, '#confirm'))).to.contain('It gets its number');
      await click(part(el, '[part~="confirm-button"]'));
      await waitFor(
        () => textOf(part(el, '[part~="announcer"]')) === '1 invoice finalized.',
        'the announcement',
      );
    });

    it('makes the invoices one Tab stop, with arrow keys inside and distinct names', async () => {
      const client = new FakeClient();
      client.runList = [makeRun({id: 'r1'})];
      client.invoicesByRun.set('r1', [
        // Two drafts of one account: their subscriptions tell them apart.
        makeInvoice({id: 'i1', accountId: 'a1', subscriptionId: 's1'}),
        makeInvoice({id: 'i2', accountId: 'a1', subscriptionId: 's2', gross: '20.00'}),
        makeInvoice({id: 'i3', accountId: 'a1', subscriptionId: null, recordIds: ['ORD-7']}),
        makeInvoice({id: 'i4', accountId: 'a2', status: 'open', number: 'INV-2026-00001'}),
      ]);
      const el = await historyWith(client);
      await openRun(el, 'r1');
      await waitFor(() => invoiceRows(el).length === 4, 'the invoices');
      const grid = gridOf(el);
      const cells = part(grid, '[part~="grid"]');
      expect(cells.getAttribute('role')).to.equal('grid');
      expect(textOf(part(grid, `#${cells.getAttribute('aria-describedby')}`))).to.contain('Space');
      const toggles = parts(grid, '[part~="toggle"]');
      const names = toggles.map((toggle) => toggle.getAttribute('aria-label'));
      expect(new Set(names).size).to.equal(4);
      expect(names[2]).to.contain('ORD-7');
      // One control of the grid is a Tab stop; every other one waits for the arrow keys.
      const tabbable = parts(grid, '[part~="grid"] [tabindex="0"]');
      expect(tabbable).to.deep.equal([toggles[0]]);
      // From the last button before the grid (Delete is disabled while nothing is selected).
      const selectNone = parts(grid, 'button').find((button) => textOf(button) === 'Select none')!;
      selectNone.focus();
      await sendKeys({press: 'Tab'});
      expect(deepActiveElement()).to.equal(toggles[0]);
      // Down, Space: the second draft; the finalized one cannot be selected.
      await sendKeys({press: 'ArrowDown'});
      expect(deepActiveElement()).to.equal(toggles[1]);
      await sendKeys({press: 'Space'});
      await sendKeys({press: 'ArrowDown'});
      await sendKeys({press: 'Space'});
      await sendKeys({press: 'ArrowDown'});
      await sendKeys({press: 'Space'});
      await grid.updateComplete;
      await el.updateComplete;
      expect(invoiceRows(el).map((row) => row.hasAttribute('data-selected'))).to.deep.equal([
        false,
        true,
        true,
        false,
      ]);
      expect(selectedCount(el)).to.equal('2 drafts selected');
      await expect(el).to.be.accessible();
      await click(selectAllButton(el));
      expect(selectedCount(el)).to.equal('3 drafts selected');
      toggles[3]!.focus();
      await sendKeys({press: 'Tab'});
      expect(part(grid, '[part~="grid"]').contains(deepActiveElement())).to.equal(false);
    });

    it('lets the keyboard scroll through finalized invoices', async () => {
      const client = new FakeClient();
      client.runList = [makeRun({id: 'r1'})];
      client.invoicesByRun.set(
        'r1',
        Array.from({length: 200}, (_, n) =>
          makeInvoice({
            id: `i${n}`,
            index: n,
            status: 'open',
            number: `INV-2026-${String(n + 1).padStart(5, '0')}`,
          }),
        ),
      );
      const el = await historyWith(client);
      await openRun(el, 'r1');
      await waitFor(() => invoiceRows(el).length > 0, 'the invoices');
      const grid = part(gridOf(el), '[part~="grid"]');
      await expect(el).to.be.accessible();
      gridOf(el).focus();
      await sendKeys({press: 'PageDown'});
      await waitFor(() => grid.scrollTop > 0, 'scrolled by the keyboard');
    });

    it('keeps hundreds of errors in a compact box that scrolls', async () => {
      const client = new FakeClient();
      client.runList = [
        makeRun({id: 'r1', counters: {invoices: 2, credits: 0, lines: 2, errors: 278}}),
      ];
      client.invoicesByRun.set('r1', [makeInvoice({id: 'i1'})]);
      client.issuesByRun.set('r1', {
        errors: Array.from({length: 278}, (_, n) => ({
          source: 'record' as const,
          id: `ORDER-${n}`,
          code: 'ACCOUNT_NOT_ACTIVE' as never,
          message: `Record ORDER-${n} belongs to an inactive account.`,
        })),
        warnings: [],
      });
      const el = await historyWith(client);
      await openRun(el, 'r1');
      const box = await waitFor(
        () => el.shadowRoot!.querySelector<HTMLElement>('[part~="issue-list"]'),
        'the errors',
      );
      expect(box.querySelectorAll('li')).to.have.length(278);
      expect(part(el, '[part~="issues"]').getBoundingClientRect().height).to.be.lessThan(300);
      expect(box.scrollHeight).to.be.greaterThan(box.clientHeight);
      expect(box.tabIndex).to.equal(0);
      expect(box.getAttribute('aria-label')).to.equal('Errors of Run 1');
      await expect(el).to.be.accessible();
    });
  });

  describe('finalizing (issue 12, point 8)', () => {
    it('says which invoice date the drafts get before it finalizes them', async () => {
      const client = new FakeClient();
      client.settingsValue = {today: '2026-02-03'};
      client.runList = [makeRun({id: 'r1'})];
      client.invoicesByRun.set('r1', [
        makeInvoice({id: 'i1', invoiceDate: null}),
        makeInvoice({id: 'i2', accountId: 'a2', invoiceDate: null}),
        makeInvoice({id: 'i3', accountId: 'a3', invoiceDate: '2026-01-31'}),
      ]);
      const el = await historyWith(client);
      await openRun(el, 'r1');
      await waitFor(() => invoiceRows(el).length === 3, 'the invoices');
      const [first, second, third] = invoiceRows(el);
      await selectDraft(first!);
      await selectDraft(second!);
      await click(part(el, '[part~="finalize-button"]'));
      const dialog = part<HTMLDialogElement>(el, '#confirm');
      await waitFor(() => dialog.open, 'the confirmation');
      expect(textOf(dialog)).to.contain(
        'Finalize 2 draft invoices? They have no invoice date of their own: they are dated today, Feb 3, 2026.',
      );
      await click(dialog.querySelector('button[value="cancel"]')!);
      await waitFor(() => !dialog.open, 'closed');
      // With one that has a date of its own, the confirmation says both.
      await selectDraft(third!);
      await click(part(el, '[part~="finalize-button"]'));
      await waitFor(() => dialog.open, 'the confirmation again');
      expect(textOf(dialog)).to.contain(
        '2 without an invoice date of their own are dated today, Feb 3, 2026; the others keep theirs: Jan 31, 2026.',
      );
      await click(dialog.querySelector('button[value="cancel"]')!);
      await waitFor(() => !dialog.open, 'closed again');
      // Only the one with its own date: it keeps it. The worker is given the date that was named.
      await selectDraft(first!);
      await selectDraft(second!);
      await click(part(el, '[part~="finalize-button"]'));
      await waitFor(() => dialog.open, 'the third confirmation');
      expect(textOf(dialog)).to.contain('It keeps its invoice date: Jan 31, 2026.');
      await click(part(el, '[part~="confirm-button"]'));
      await waitFor(() => client.callsOf('finalize').length === 1, 'finalized');
      expect(client.callsOf('finalize')[0]).to.deep.equal([
        'r1',
        {invoiceIds: ['i3']},
        '2026-02-03',
      ]);
    });
  });
});

describe('<run-history> tells what is true now', () => {
  it('shows what a run holds now, and what it made in total only where that differs', async () => {
    const client = new FakeClient();
    client.runList = [
      makeRun({
        id: 'r1',
        counters: {invoices: 5, credits: 1, lines: 6, errors: 0},
        totals: [{currency: 'EUR', net: '60.00', tax: '11.40', gross: '71.40'}],
        current: {
          invoices: 4,
          credits: 1,
          drafts: 5,
          lines: 5,
          totals: [{currency: 'EUR', net: '50.00', tax: '9.50', gross: '59.50', count: 5}],
        },
      }),
      makeRun({id: 'r0', sequence: 0, selectionKey: EU}),
    ];
    const el = await historyWith(client);
    const changed = row(el, 'r1');
    expect(textOf(changed.querySelector('[part~="figures"]'))).to.equal(
      '4 invoices, 1 credit, 0 errors 6 made in total',
    );
    expect(textOf(changed.querySelector('[part~="totals"]'))).to.equal('€59.50');
    const unchanged = row(el, 'r0');
    expect(textOf(unchanged.querySelector('[part~="figures"]'))).to.equal(
      '2 invoices, 0 credits, 0 errors',
    );
    expect(unchanged.querySelector('[part~="made"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("keeps the run's own duration apart from its restores", async () => {
    const client = new FakeClient();
    client.runList = [
      makeRun({
        id: 'r1',
        startedAt: '2026-02-01T09:00:00.000Z',
        endedAt: '2026-02-01T09:00:07.700Z',
        restores: 2,
        lastRestoredAt: '2026-02-03T10:14:00.000Z',
      }),
    ];
    const el = await historyWith(client);
    const duration = textOf(row(el, 'r1').querySelector('[part~="duration"]'));
    expect(duration).to.contain('7.7 sec');
    expect(duration).to.contain('Restored twice, last on Feb 3, 2026');
  });

  it('offers no Re-run or View Remaining on a run that is being billed', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1', status: 'running', endedAt: null})];
    const el = await historyWith(client);
    expect(textOf(row(el, 'r1'))).to.contain('Running');
    expect(row(el, 'r1').querySelector('[part~="rerun-button"]')).to.equal(null);
    expect(row(el, 'r1').querySelector('[part~="remaining-button"]')).to.equal(null);
    // Interrupted (its tab closed): View Remaining completes it, Re-run replaces it.
    client.setRuns([makeRun({id: 'r1', status: 'running', endedAt: null, interrupted: true})]);
    await waitFor(() => textOf(row(el, 'r1')).includes('Interrupted'), 'interrupted');
    expect(row(el, 'r1').querySelector('[part~="remaining-button"]')).not.to.equal(null);
    expect(row(el, 'r1').querySelector('[part~="rerun-button"]')).not.to.equal(null);
  });

  it('no longer calls an interrupted run "Interrupted" once a newer run replaced it', async () => {
    const client = new FakeClient();
    client.runList = [
      makeRun({id: 'r1', status: 'running', endedAt: null, interrupted: true, selectionKey: EU}),
    ];
    const el = await historyWith(client);
    expect(textOf(row(el, 'r1').querySelector('[part~="status"]'))).to.equal('Interrupted');
    // Re-run: a new run of the same selection bills what the interrupted one left.
    client.setRuns([
      makeRun({id: 'r2', sequence: 2, selectionKey: EU}),
      makeRun({id: 'r1', status: 'running', endedAt: null, interrupted: true, selectionKey: EU}),
    ]);
    await waitFor(() => parts(el, 'tbody tr').length === 2, 'the re-run');
    const status = row(el, 'r1').querySelector('[part~="status"]')!;
    expect(textOf(status)).to.equal('Replaced by Run 2');
    expect(status.getAttribute('data-status')).to.equal('superseded');
    await expect(el).to.be.accessible();
  });

  it('says the drafts are finalized only once the rows show it', async () => {
    let open!: () => void;
    class GatedClient extends FakeClient {
      gate: Promise<void> | undefined;
      override async invoices(runId: string, page?: PageRequest) {
        if (this.gate !== undefined) await this.gate;
        return super.invoices(runId, page);
      }
    }
    const client = new GatedClient();
    client.runList = [makeRun({id: 'r1'})];
    client.invoicesByRun.set('r1', [makeInvoice({id: 'i1'}), makeInvoice({id: 'i2'})]);
    const el = await historyWith(client);
    await openRun(el, 'r1');
    await waitFor(() => invoiceRows(el).length === 2, 'the invoices');
    await click(selectAllButton(el));
    await click(part(el, '[part~="finalize-button"]'));
    await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
    // The invoices are read again slowly (a busy worker).
    client.gate = new Promise((resolve) => (open = resolve));
    await click(part(el, '[part~="confirm-button"]'));
    await waitFor(() => client.callsOf('finalize').length === 1, 'the finalization');
    // The change feed shows the numbers at once; the message waits for the read of the run.
    await waitFor(
      () => invoiceRows(el).every((each) => textOf(each).includes('INV-2026-')),
      'the numbers',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(textOf(part(el, '[part~="announcer"]'))).to.equal('');
    client.gate = undefined;
    open();
    await waitFor(
      () => textOf(part(el, '[part~="announcer"]')).includes('2 invoices finalized'),
      'the message',
    );
    expect(invoiceRows(el).every((each) => textOf(each).includes('INV-2026-'))).to.equal(true);
  });

  it('drops the opened run, its selection and its message when the client changes', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1'})];
    client.invoicesByRun.set('r1', [makeInvoice({id: 'i1'}), makeInvoice({id: 'i2'})]);
    const el = await historyWith(client);
    await openRun(el, 'r1');
    await waitFor(() => invoiceRows(el).length === 2, 'the invoices');
    await selectDraft(invoiceRows(el)[0]!);
    await click(part(el, '[part~="delete-button"]'));
    await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
    await click(part(el, '[part~="confirm-button"]'));
    await waitFor(() => textOf(part(el, '[part~="announcer"]')).includes('deleted'), 'deleted');

    // A new database: no runs yet, then a run with the same id is made.
    const other = new FakeClient();
    el.client = other;
    await waitFor(() => el.shadowRoot!.querySelector('[part~="notice"]'), 'no runs');
    expect(textOf(part(el, '[part~="announcer"]'))).to.equal('');
    expect(el.shadowRoot!.querySelector('[part~="details"]')).to.equal(null);
    other.setRuns([makeRun({id: 'r1', status: 'running', endedAt: null})]);
    await waitFor(() => parts(el, 'tbody tr').length === 1, 'the new run');
    expect(el.shadowRoot!.querySelector('[part~="details"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).not.to.contain('no longer exists');
    expect(other.callsOf('invoices')).to.have.length(0);
  });

  it('asks before the page unloads while it re-runs', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1'})];
    client.manualJobs = true;
    const el = await historyWith(client);
    const unload = () => {
      const event = new Event('beforeunload', {cancelable: true});
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).to.equal(false);
    await click(row(el, 'r1').querySelector('[part~="rerun-button"]')!);
    const job = await waitFor(() => client.pendingJob, 'the re-run started');
    expect(unload()).to.equal(true);
    job.resolve(makeStepResult(makeRun({id: 'r2'})) as never);
    await waitFor(() => textOf(part(el, '[part~="announcer"]')).includes('finished'), 'done');
    expect(unload()).to.equal(false);
  });
});
