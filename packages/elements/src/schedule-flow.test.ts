/**
 * A schedule through the components, against the real worker client and IndexedDB: save it in
 * `<run-schedules>`, see its next firing and the period it bills, fire it with
 * `client.checkSchedules(instant)`, and find the firing and its run (named by the schedule) in
 * `<run-history>`.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {createInvoiceRunClient} from '@invoice-run/worker';
import type {InvoiceRunClient} from '@invoice-run/worker';
import type {DataSetInput} from '@invoice-run/core';
import './define.js';
import type {InvoiceRunProvider} from './invoice-run-provider/invoice-run-provider.js';
import type {RunHistory} from './run-history/run-history.js';
import type {RunSchedules} from './run-schedules/run-schedules.js';
import {click, nextEvent, part, parts, textOf, waitFor} from './test-support/helpers.js';

const DATA = {
  accounts: [
    {id: 'a1', name: 'Acme'},
    {id: 'a2', name: 'Beta'},
  ],
  subscriptions: ['1', '2'].map((n) => ({
    id: `s${n}`,
    accountId: `a${n}`,
    number: `SUB-${n}`,
    startDate: '2020-01-01',
  })),
  items: ['1', '2'].map((n) => ({
    id: `i${n}`,
    subscriptionId: `s${n}`,
    description: 'Plan',
    billingType: 'recurring',
    unitPrice: `${n}0`,
    taxRate: '19',
    billingPeriod: {count: 1, unit: 'month'},
    startDate: '2020-01-01',
  })),
} satisfies DataSetInput;

/** A calendar date as en-US writes it, in UTC (as the components do). */
function usDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', {timeZone: 'UTC', dateStyle: 'medium'}).format(
    Date.UTC(year, month - 1, day),
  );
}

/** The first and last day of the month before the month of `date` (`previous`, `1m`). */
function previousMonth(date: string): [string, string] {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 2, 1));
  const end = new Date(Date.UTC(year, month - 1, 0));
  return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
}

describe('a schedule against the real worker and IndexedDB', () => {
  let client: InvoiceRunClient | undefined;
  const database = `elements-schedule-${Date.now()}-${Math.random().toString(36).slice(2)}`;

  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  });

  it('saves a schedule, shows its next firing and period, fires it, and shows the run', async () => {
    client = createInvoiceRunClient({database});
    expect((await client.import(DATA)).rejected).to.deep.equal([]);

    const provider = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider .client=${client} lang="en-US">
        <run-schedules></run-schedules>
        <run-history></run-history>
      </invoice-run-provider>`,
    );
    const schedules = provider.querySelector<RunSchedules>('run-schedules')!;
    const history = provider.querySelector<RunHistory>('run-history')!;
    await waitFor(() => schedules.shadowRoot!.querySelector('[part~="notice"]'), 'no schedules');

    // Add it through the form.
    await click(part(schedules, '[part~="add-button"]'));
    await waitFor(() => schedules.shadowRoot!.querySelector('#field-name'), 'the form');
    await sendKeys({type: 'Monthly billing'});
    part(schedules, '#field-cron').focus();
    await sendKeys({type: '0 6 1 * *'});
    part(schedules, '#field-timeZone').focus();
    await sendKeys({type: 'Europe/Berlin'});
    part(schedules, '#field-invoiceDate').focus();
    await sendKeys({press: 'ArrowDown'});
    await sendKeys({press: 'ArrowDown'});
    const saved = nextEvent(schedules, 'schedule-saved');
    await click(part(schedules, '[part~="save-button"]'));
    const {schedule} = await saved;
    expect(schedule).to.include({
      id: 'monthly-billing',
      name: 'Monthly billing',
      cron: '0 6 1 * *',
      timeZone: 'Europe/Berlin',
      invoiceDate: 'end+0',
    });
    expect((await client.schedules()).map((each) => each.id)).to.deep.equal(['monthly-billing']);

    // Its next firing: the 1st of next month at 06:00 in Berlin, billing the month before it.
    const [overview] = await client.scheduleOverview();
    const next = overview!.next[0]!;
    expect(next.at).to.match(/^\d{4}-\d{2}-01T06:00$/);
    const [periodStart, periodEnd] = previousMonth(next.at.slice(0, 10));
    expect(next).to.include({periodStart, periodEnd, invoiceDate: periodEnd});
    const item = await waitFor(
      () => schedules.shadowRoot!.querySelector<HTMLElement>('[data-schedule="monthly-billing"]'),
      'the schedule',
    );
    const firstRow = textOf(item.querySelector('[part~="next"] tbody tr'));
    expect(firstRow).to.contain(`${usDate(next.at.slice(0, 10))}, 6:00 AM (Europe/Berlin)`);
    expect(firstRow).to.contain(`${usDate(periodStart)} – ${usDate(periodEnd)}`);
    expect(textOf(item)).to.contain('At 6:00 AM, on day 1 of the month');

    // No firings yet.
    await click(part(schedules, '[part~="firings-button"]'));
    await waitFor(
      () => textOf(schedules.shadowRoot!.querySelector('[part~="firings"]')).includes('None yet'),
      'no firings',
    );

    // Fire it: the scheduler's check at the firing's instant.
    const check = await client.checkSchedules(next.instant);
    expect(check.led).to.equal(true);
    expect(check.fired).to.have.length(1);
    const runId = check.fired[0]!.runId;

    // The component sees the run appear and reads the firings again.
    const fired = await waitFor(
      () => schedules.shadowRoot!.querySelector<HTMLElement>('[part~="firing"]'),
      'the fired firing',
    );
    expect(fired.dataset['status']).to.equal('fired');
    expect(textOf(fired)).to.contain('Fired');

    // The run in the history, named by its schedule.
    const runButton = await waitFor(
      () =>
        history.shadowRoot!.querySelector<HTMLElement>(
          `[part~="open-button"][data-run="${runId}"]`,
        ),
      'the run in the history',
    );
    const row = runButton.closest('tr')!;
    await waitFor(
      () => textOf(row).includes('Scheduled: Monthly billing'),
      'the schedule name in the history',
    );
    expect(textOf(row)).to.contain(`${usDate(periodStart)} – ${usDate(periodEnd)}`);

    // "Show run" hands the run to the history.
    schedules.addEventListener('schedule-run-select', (event) => void history.showRun(event.runId));
    await click(part(schedules, '[part~="run-button"]'));
    await waitFor(() => history.shadowRoot!.querySelector('[part~="details"]'), 'the opened run');
    // Its invoices, in the grid of the opened run.
    const grid = await waitFor(
      () => history.shadowRoot!.querySelector<HTMLElement>('[part~="invoices"]'),
      'the grid',
    );
    await waitFor(() => parts(grid, '[part~="row"]').length === 2, 'its invoices');
  });
});
