import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {SHIFT_DAYS_LIMIT, scheduleSchema} from '@invoice-run/core';
import type {Schedule, ScheduleInput} from '@invoice-run/core';
import '../define.js';
import type {RunSchedules} from './run-schedules.js';
import {FakeClient, codedError, filter} from '../test-support/fake-client.js';
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

function schedule(input: ScheduleInput): Schedule {
  return scheduleSchema.parse(input);
}

function monthly(): Schedule {
  return schedule({
    id: 'monthly',
    name: 'Monthly billing',
    cron: '0 6 1 * *',
    timeZone: 'Europe/Berlin',
    interval: '1m',
    alignment: 'previous',
    invoiceDate: 'end+0',
    subscriptionFilter: 'eu',
    transactionFilters: ['usage'],
  });
}

function weekly(): Schedule {
  return schedule({id: 'weekly', name: 'Weekly usage', cron: '30 7 * * 1', interval: '1w'});
}

/** A fake with two schedules, the monthly one with its next two firings and three firings. */
function sampleClient(): FakeClient {
  const client = new FakeClient();
  client.filterList = [
    filter('eu', 'subscription', 'Europe'),
    filter('us', 'subscription', 'America'),
    filter('usage', 'transaction', 'Metered'),
    filter('orders', 'generic', 'Orders'),
  ];
  client.scheduleList = [monthly(), weekly()];
  client.upcomingBySchedule.set('monthly', [
    {
      at: '2026-03-01T06:00',
      instant: '2026-03-01T05:00:00.000Z',
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      invoiceDate: '2026-02-28',
    },
    {
      at: '2026-04-01T06:00',
      instant: '2026-04-01T04:00:00.000Z',
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      invoiceDate: '2026-03-31',
    },
  ]);
  client.firingsBySchedule.set('monthly', [
    {scheduleId: 'monthly', at: '2025-11-01T06:00', runId: null, status: 'skipped', reason: null},
    {
      scheduleId: 'monthly',
      at: '2025-12-01T06:00',
      runId: null,
      status: 'refused',
      reason: 'UNKNOWN_FILTER: the filter "eu" no longer exists.',
    },
    {scheduleId: 'monthly', at: '2026-01-01T06:00', runId: 'r7', status: 'fired', reason: null},
  ]);
  return client;
}

async function schedulesWith(client: FakeClient): Promise<RunSchedules> {
  const el = await fixture<RunSchedules>(
    html`<run-schedules .client=${client} locale="en-US"></run-schedules>`,
  );
  await waitFor(
    () => el.shadowRoot!.querySelector('[part~="list"], [part~="notice"], [part~="error"]'),
    'a state',
  );
  // The filter names come with their own call.
  await waitFor(() => client.callsOf('filters').length > 0, 'the filters');
  await el.updateComplete;
  return el;
}

function item(el: RunSchedules, id: string): HTMLElement {
  return part(el, `[part~="schedule"][data-schedule="${id}"]`);
}

function button(el: RunSchedules, name: string, id: string): HTMLButtonElement {
  return part<HTMLButtonElement>(el, `[part~="${name}-button"][data-schedule="${id}"]`);
}

function saved(client: FakeClient, n = 0): Record<string, unknown> {
  return client.callsOf('saveSchedule')[n]![0] as Record<string, unknown>;
}

describe('<run-schedules>', () => {
  it('is accessible and explains itself without a client', async () => {
    const el = await fixture<RunSchedules>(html`<run-schedules></run-schedules>`);
    await expect(el).to.be.accessible();
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('not connected');
    expect(el.shadowRoot!.querySelector('[part~="add-button"]')).to.equal(null);
  });

  it('has its default properties', async () => {
    const el = await fixture<RunSchedules>(html`<run-schedules></run-schedules>`);
    expect(el.messages).to.deep.equal({});
    expect(el.refreshInterval).to.equal(60_000);
    expect(el.client).to.equal(undefined);
    expect(el.locale).to.equal(undefined);
    expect(getComputedStyle(el).display).to.equal('block');
    expect(part(el, 'section').getAttribute('part')).to.equal('base');
  });

  it('shows loading, then says there are no schedules yet', async () => {
    const client = new FakeClient();
    const el = await fixture<RunSchedules>(html`<run-schedules .client=${client}></run-schedules>`);
    expect(textOf(part(el, '[role="status"].hint'))).to.contain('Loading the schedules');
    await waitFor(() => el.shadowRoot!.querySelector('[part~="notice"]'), 'the empty state');
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('No schedules yet');
    await expect(el).to.be.accessible();
  });

  it('lists the schedules: when, filters, next firings with the period and invoice date each bills', async () => {
    const el = await schedulesWith(sampleClient());
    await expect(el).to.be.accessible();
    // Sorted by name.
    expect(parts(el, '[part~="schedule"] h3').map(textOf)).to.deep.equal([
      'Monthly billing',
      'Weekly usage',
    ]);
    const monthlyItem = item(el, 'monthly');
    const text = textOf(monthlyItem);
    expect(textOf(monthlyItem.querySelector('[part~="state"]'))).to.equal('Enabled');
    expect(text).to.contain('At 6:00 AM, on day 1 of the month');
    expect(text).to.contain('cron 0 6 1 * *, Europe/Berlin');
    expect(text).to.contain('Subscriptions: Europe');
    expect(text).to.contain('Usage: Metered');
    // The wall-clock time of the zone and calendar dates, never moved by the page's zone.
    const rows = [...monthlyItem.querySelectorAll('[part~="next"] tbody tr')].map(textOf);
    expect(rows).to.deep.equal([
      'Mar 1, 2026, 6:00 AM (Europe/Berlin) Feb 1, 2026 – Feb 28, 2026 Feb 28, 2026',
      'Apr 1, 2026, 6:00 AM (Europe/Berlin) Mar 1, 2026 – Mar 31, 2026 Mar 31, 2026',
    ]);
    expect(text).to.contain('Last firing Jan 1, 2026, 6:00 AM (Europe/Berlin): Fired');
    const weeklyText = textOf(item(el, 'weekly'));
    expect(weeklyText).to.contain('At 7:30 AM, only on Monday');
    expect(weeklyText).to.contain('time of this browser');
    expect(weeklyText).to.contain('All subscriptions');
    expect(weeklyText).to.contain('No coming runs.');
    expect(weeklyText).to.contain('Last firing None yet');
  });

  it('can add a schedule with the keyboard alone', async () => {
    const client = sampleClient();
    client.scheduleList = [];
    const el = await schedulesWith(client);
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await tabTo(part(el, '[part~="add-button"]'));
    await sendKeys({press: 'Enter'});
    await waitFor(() => el.shadowRoot!.querySelector('[part~="form"]'), 'the form');
    expect(deepActiveElement()).to.equal(part(el, '#field-name'));
    await expect(el).to.be.accessible();
    await sendKeys({type: 'Quarterly'});
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(part(el, '#field-cron'));
    await sendKeys({type: '0 5 1 1,4,7,10 *'});
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(part(el, '#field-timeZone'));
    await sendKeys({type: 'Europe/Vienna'});
    await tabTo(part(el, '#field-interval'));
    await sendKeys({press: 'Backspace'});
    await sendKeys({press: 'Backspace'});
    await sendKeys({type: '3m'});
    await tabTo(part(el, '#field-invoiceDate'), 8);
    // A select opens no popup on ArrowDown in headless Chromium: it moves to the next option.
    await sendKeys({press: 'ArrowDown'});
    await sendKeys({press: 'ArrowDown'});
    expect(part<HTMLSelectElement>(el, '#field-invoiceDate').value).to.equal('end');
    await el.updateComplete;
    await tabTo(part(el, '#field-invoiceDays'));
    await sendKeys({press: 'Backspace'});
    await sendKeys({type: '14'});
    await sendKeys({press: 'Tab'});
    const radios = parts<HTMLInputElement>(el, 'input[name="subscriptionFilter"]');
    expect(deepActiveElement()).to.equal(radios[0]);
    await sendKeys({press: 'Space'});
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(part(el, 'input[name="transactionFilters"]'));
    await sendKeys({press: 'Space'});
    const saveEvent = nextEvent(el, 'schedule-save');
    const savedEvent = nextEvent(el, 'schedule-saved');
    await tabTo(part(el, '[part~="save-button"]'), 6);
    await sendKeys({press: 'Enter'});
    expect((await saveEvent).schedule.name).to.equal('Quarterly');
    expect((await savedEvent).schedule.id).to.equal('quarterly');
    expect(saved(client)).to.deep.equal({
      id: 'quarterly',
      name: 'Quarterly',
      enabled: true,
      cron: '0 5 1 1,4,7,10 *',
      timeZone: 'Europe/Vienna',
      interval: '3m',
      alignment: 'previous',
      shiftDays: 0,
      startOfWeek: 1,
      invoiceDate: 'end+14',
      subscriptionFilter: 'eu',
      transactionFilters: ['usage'],
      genericFilters: [],
      maxCatchUp: 3,
    });
    await waitFor(
      () => textOf(part(el, '[part~="status"]')).includes('Schedule Quarterly saved.'),
      'the live region',
    );
    await waitFor(() => el.shadowRoot!.querySelector('[data-schedule="quarterly"]'), 'the item');
    expect(el.shadowRoot!.querySelector('[part~="form"]')).to.equal(null);
    expect(deepActiveElement()).to.equal(button(el, 'edit', 'quarterly'));
    before.remove();
  });

  it('can edit and disable a schedule with the keyboard alone', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    button(el, 'edit', 'weekly').focus();
    await sendKeys({press: 'Enter'});
    await waitFor(() => el.shadowRoot!.querySelector('[part~="form"]'), 'the form');
    expect(textOf(part(el, '#form-heading'))).to.equal('Edit Weekly usage');
    const name = part<HTMLInputElement>(el, '#field-name');
    expect(name.value).to.equal('Weekly usage');
    expect(part<HTMLInputElement>(el, '#field-cron').value).to.equal('30 7 * * 1');
    expect(textOf(part(el, '[part~="cron-words"]'))).to.equal(
      'In words: At 7:30 AM, only on Monday.',
    );
    expect(deepActiveElement()).to.equal(name);
    await sendKeys({press: 'End'});
    await sendKeys({type: ' (EU)'});
    await sendKeys({press: 'Tab'});
    await sendKeys({press: 'End'});
    await sendKeys({press: 'Backspace'});
    await sendKeys({type: '2'});
    expect(textOf(part(el, '[part~="cron-words"]'))).to.equal(
      'In words: At 7:30 AM, only on Tuesday.',
    );
    // The only subscription pick of several is required.
    await sendKeys({press: 'Enter'});
    await waitFor(() => el.shadowRoot!.querySelector('[part~="field-error"]'), 'the error');
    expect(textOf(part(el, '#field-subscriptionFilter-error'))).to.equal(
      'Pick which subscriptions to bill.',
    );
    const radios = parts<HTMLInputElement>(el, 'input[name="subscriptionFilter"]');
    expect(deepActiveElement()).to.equal(radios[0]);
    await sendKeys({press: 'ArrowDown'});
    expect(radios[1]!.checked).to.equal(true);
    expect(el.shadowRoot!.querySelector('#field-subscriptionFilter-error')).to.equal(null);
    await tabTo(part(el, '[part~="save-button"]'), 8);
    await sendKeys({press: 'Enter'});
    await waitFor(() => client.callsOf('saveSchedule').length === 1, 'saved');
    expect(saved(client)).to.include({
      id: 'weekly',
      name: 'Weekly usage (EU)',
      cron: '30 7 * * 2',
      interval: '1w',
      subscriptionFilter: 'us',
    });
    expect(saved(client)).not.to.have.property('timeZone');
    await waitFor(
      () => textOf(part(el, '[part~="status"]')).includes('Schedule Weekly usage (EU) saved.'),
      'saved',
    );
    await waitFor(() => deepActiveElement() === button(el, 'edit', 'weekly'), 'focus back');
    // Disable it: Tab to its Disable button.
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(button(el, 'toggle', 'weekly'));
    expect(textOf(button(el, 'toggle', 'weekly'))).to.equal('Disable');
    await sendKeys({press: 'Enter'});
    await waitFor(() => client.callsOf('saveSchedule').length === 2, 'disabled');
    expect(saved(client, 1)).to.include({id: 'weekly', enabled: false});
    await waitFor(
      () => textOf(item(el, 'weekly').querySelector('[part~="state"]')) === 'Disabled',
      'the badge',
    );
    expect(textOf(part(el, '[part~="status"]'))).to.equal('Schedule Weekly usage (EU) disabled.');
    expect(textOf(item(el, 'weekly'))).to.contain('Disabled: it starts no runs');
    expect(textOf(button(el, 'toggle', 'weekly'))).to.equal('Enable');
  });

  it('shows the faults of an invalid schedule at their fields and keeps the input', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    await click(part(el, '[part~="add-button"]'));
    await waitFor(() => el.shadowRoot!.querySelector('[part~="form"]'), 'the form');
    // Nothing typed: said at the fields, without asking the worker.
    await click(part(el, '[part~="save-button"]'));
    await el.updateComplete;
    expect(textOf(part(el, '#field-name-error'))).to.equal('Enter a name for the schedule.');
    expect(textOf(part(el, '#field-cron-error'))).to.contain('Enter when the schedule runs');
    expect(client.callsOf('saveSchedule')).to.have.length(0);
    expect(deepActiveElement()).to.equal(part(el, '#field-name'));
    await sendKeys({type: 'Broken'});
    part<HTMLInputElement>(el, '#field-cron').focus();
    await sendKeys({type: '0 6 1 * x'});
    part<HTMLInputElement>(el, '#field-interval').select();
    await sendKeys({type: '13x'});
    await click(parts(el, 'input[name="subscriptionFilter"]')[0]!);
    await click(part(el, '[part~="save-button"]'));
    // The worker refuses it (INVALID_SCHEDULE): each fault at the field its path names, in the
    // form's words.
    await waitFor(() => el.shadowRoot!.querySelector('#field-interval-error'), 'the faults');
    expect(client.callsOf('saveSchedule')).to.have.length(1);
    const cron = part<HTMLInputElement>(el, '#field-cron');
    expect(textOf(part(el, '#field-cron-error'))).to.contain('This cannot be read as a time');
    expect(textOf(part(el, '#field-interval-error'))).to.contain(
      'Write a number of days, weeks or months',
    );
    expect(cron.getAttribute('aria-invalid')).to.equal('true');
    expect(cron.getAttribute('aria-describedby')).to.contain('field-cron-error');
    expect(deepActiveElement()).to.equal(cron);
    // Nothing is lost.
    expect(cron.value).to.equal('0 6 1 * x');
    expect(part<HTMLInputElement>(el, '#field-name').value).to.equal('Broken');
    expect(part<HTMLInputElement>(el, '#field-interval').value).to.equal('13x');
    expect(parts<HTMLInputElement>(el, 'input[name="subscriptionFilter"]')[0]!.checked).to.equal(
      true,
    );
    expect(textOf(part(el, '[part~="form"]'))).to.contain(
      'Please correct: When it runs (cron) and Period length.',
    );
    await expect(el).to.be.accessible();
    // Another failure (a blocked database) in words, the input still there.
    await sendKeys({press: 'End'});
    await sendKeys({press: 'Backspace'});
    await sendKeys({type: '*'});
    part<HTMLInputElement>(el, '#field-interval').select();
    await sendKeys({type: '1m'});
    client.failures.set('saveSchedule', codedError('DATABASE_BLOCKED'));
    await click(part(el, '[part~="save-button"]'));
    await waitFor(
      () => el.shadowRoot!.querySelector('[part~="form"] [data-code="DATABASE_BLOCKED"]'),
      'the failure',
    );
    expect(textOf(part(el, '[part~="form"] [part~="error"]'))).to.contain('another tab');
    expect(el.shadowRoot!.querySelector('#field-cron-error')).to.equal(null);
    expect(part<HTMLInputElement>(el, '#field-cron').value).to.equal('0 6 1 * *');
    await expect(el).to.be.accessible();
    // Fixed: saved.
    client.failures.delete('saveSchedule');
    await click(part(el, '[part~="save-button"]'));
    await waitFor(() => el.shadowRoot!.querySelector('[data-schedule="broken"]'), 'the new item');
  });

  it('deletes a schedule after a confirmation', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    await click(button(el, 'delete', 'weekly'));
    const dialog = part<HTMLDialogElement>(el, '#confirm');
    await waitFor(() => dialog.open, 'the confirmation');
    expect(textOf(dialog)).to.contain('Delete the schedule Weekly usage?');
    expect(deepActiveElement()).to.equal(dialog.querySelector('button[value="cancel"]'));
    await expect(el).to.be.accessible();
    await sendKeys({press: 'Enter'});
    await waitFor(() => !dialog.open, 'closed');
    expect(client.callsOf('deleteSchedule')).to.have.length(0);
    await click(button(el, 'delete', 'weekly'));
    await waitFor(() => dialog.open, 'the confirmation again');
    const deleting = nextEvent(el, 'schedule-delete');
    const deleted = nextEvent(el, 'schedule-deleted');
    await click(part(el, '[part~="confirm-button"]'));
    expect((await deleting).schedule.id).to.equal('weekly');
    expect((await deleted).scheduleId).to.equal('weekly');
    expect(client.callsOf('deleteSchedule')).to.deep.equal([['weekly']]);
    await waitFor(() => !el.shadowRoot!.querySelector('[data-schedule="weekly"]'), 'gone');
    expect(textOf(part(el, '[part~="status"]'))).to.equal('Schedule Weekly usage deleted.');
    expect(parts(el, '[part~="schedule"]')).to.have.length(1);
  });

  it('keeps a schedule when schedule-delete is cancelled', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    el.addEventListener('schedule-delete', (event) => event.preventDefault(), {once: true});
    await click(button(el, 'delete', 'weekly'));
    await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
    await click(part(el, '[part~="confirm-button"]'));
    await waitFor(() => !part<HTMLDialogElement>(el, '#confirm').open, 'closed');
    expect(client.callsOf('deleteSchedule')).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[data-schedule="weekly"]')).not.to.equal(null);
  });

  it('lists the recent firings: fired with its run, skipped, refused with the reason', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    const toggle = button(el, 'firings', 'monthly');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    await click(toggle);
    await waitFor(() => parts(el, '[part~="firing"]').length === 3, 'the firings');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(toggle.getAttribute('aria-controls')).to.equal(part(el, '[part~="firings"]').id);
    expect(client.callsOf('firings')).to.deep.equal([['monthly']]);
    // Newest first.
    const rows = parts(el, '[part~="firing"]');
    expect(rows.map((row) => row.dataset['status'])).to.deep.equal(['fired', 'refused', 'skipped']);
    expect(textOf(rows[0])).to.contain('Jan 1, 2026, 6:00 AM (Europe/Berlin) Fired Show run');
    expect(textOf(rows[1])).to.contain('Refused UNKNOWN_FILTER: the filter "eu" no longer exists.');
    expect(textOf(rows[2])).to.contain('Skipped Missed while no page was open');
    await expect(el).to.be.accessible();
    const select = nextEvent(el, 'schedule-run-select');
    await click(part(el, '[part~="run-button"]'));
    const event = await select;
    expect(event.runId).to.equal('r7');
    expect(event.firing.at).to.equal('2026-01-01T06:00');
    await click(toggle);
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="firings"]'), 'closed');
  });

  it('drops the firings shown and its message when the client changes', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    await click(button(el, 'delete', 'weekly'));
    await waitFor(() => part<HTMLDialogElement>(el, '#confirm').open, 'the confirmation');
    await click(part(el, '[part~="confirm-button"]'));
    await waitFor(() => textOf(part(el, '[part~="status"]')).includes('deleted'), 'deleted');
    await click(button(el, 'firings', 'monthly'));
    await waitFor(() => parts(el, '[part~="firing"]').length === 3, 'the firings');

    // Another database with a schedule of the same id and no firings yet.
    const other = sampleClient();
    other.firingsBySchedule.clear();
    el.client = other;
    await waitFor(() => other.callsOf('scheduleOverview').length > 0, 'the other schedules');
    await el.updateComplete;
    expect(textOf(part(el, '[part~="status"]'))).to.equal('');
    expect(el.shadowRoot!.querySelector('[part~="firings"]')).to.equal(null);
    expect(other.callsOf('firings')).to.have.length(0);
  });

  it('reads the schedules again when runs change (a firing made one)', async () => {
    const client = sampleClient();
    const el = await schedulesWith(client);
    const calls = client.callsOf('scheduleOverview').length;
    client.scheduleList = [monthly()];
    client.setRuns([]);
    await waitFor(() => client.callsOf('scheduleOverview').length > calls, 'read again');
    await waitFor(() => parts(el, '[part~="schedule"]').length === 1, 'the list updated');
  });

  it('says in words when the database is blocked, with a retry', async () => {
    const client = new FakeClient();
    client.failures.set('scheduleOverview', codedError('DATABASE_BLOCKED'));
    const el = await schedulesWith(client);
    const alert = part(el, '[part~="error"]');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.dataset['code']).to.equal('DATABASE_BLOCKED');
    await expect(el).to.be.accessible();
    client.failures.delete('scheduleOverview');
    client.scheduleList = [weekly()];
    await click(part(el, '[part~="retry-button"]'));
    await waitFor(() => el.shadowRoot!.querySelector('[part~="list"]'), 'the list after retry');
  });

  it('formats in the language of the page and replaces texts through messages', async () => {
    const client = sampleClient();
    const el = await fixture<RunSchedules>(
      html`<div lang="de-DE">
        <run-schedules .client=${client} .messages=${{heading: 'Unsere Zeitpläne'}}></run-schedules>
      </div>`,
    ).then((wrapper) => wrapper.querySelector('run-schedules')!);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="list"]'), 'the list');
    expect(textOf(part(el, '[part~="heading"]'))).to.equal('Unsere Zeitpläne');
    const text = textOf(item(el, 'monthly'));
    // cRonstrue's German, and the German catalogue under the page's own heading.
    expect(text).to.contain('Um 06:00, an Tag 1 des Monats');
    expect(text).to.contain('Nächste Läufe von Monthly billing');
    expect(text).to.contain('01.02.2026 – 28.02.2026');
  });

  describe('in the words of the clerk (issue 12, point 6)', () => {
    /** Opens the form for a new schedule named Test, cron "0 6 1 * *", the first filter. */
    async function newSchedule(client: FakeClient): Promise<RunSchedules> {
      const el = await schedulesWith(client);
      await click(part(el, '[part~="add-button"]'));
      await waitFor(() => el.shadowRoot!.querySelector('[part~="form"]'), 'the form');
      await sendKeys({type: 'Test'});
      part<HTMLInputElement>(el, '#field-cron').focus();
      await sendKeys({type: '0 6 1 * *'});
      await click(parts(el, 'input[name="subscriptionFilter"]')[0]!);
      return el;
    }

    async function typeInto(el: RunSchedules, field: string, value: string): Promise<void> {
      const input = part<HTMLInputElement>(el, `#field-${field}`);
      input.focus();
      input.select();
      await sendKeys({press: 'Backspace'});
      if (value !== '') await sendKeys({type: value});
    }

    /** Words of the code a clerk must never read: field names, the cron library's text. */
    const CODE_WORDS = /interval|timeZone|maxCatchUp|shiftDays|CronPattern|cron "|IANA|must be/;

    it('refuses shift days beyond a year at the field, with the range the engine has', async () => {
      const client = sampleClient();
      const el = await newSchedule(client);
      const shift = part<HTMLInputElement>(el, '#field-shiftDays');
      // The form and the engine's schema agree on the range.
      expect(shift.min).to.equal(String(-SHIFT_DAYS_LIMIT));
      expect(shift.max).to.equal(String(SHIFT_DAYS_LIMIT));
      await typeInto(el, 'shiftDays', '-5000');
      await click(part(el, '[part~="save-button"]'));
      await el.updateComplete;
      expect(client.callsOf('saveSchedule')).to.have.length(0);
      expect(textOf(part(el, '#field-shiftDays-error'))).to.equal(
        'Enter a whole number of days from -365 to 365.',
      );
      expect(shift.getAttribute('aria-invalid')).to.equal('true');
      expect(deepActiveElement()).to.equal(shift);
      expect(textOf(part(el, '[part~="form"]'))).to.contain('Please correct: Shift days.');
      await expect(el).to.be.accessible();
      // The edge of the range is taken, and saved as typed.
      await typeInto(el, 'shiftDays', '-365');
      await click(part(el, '[part~="save-button"]'));
      await waitFor(() => client.callsOf('saveSchedule').length === 1, 'saved');
      expect(saved(client)).to.include({shiftDays: -365});
    });

    it('says what is wrong in the labels and words of the form, never in the code’s', async () => {
      const client = sampleClient();
      const el = await newSchedule(client);
      // Said before asking the worker: the number of cron parts, the zone, the catch-up.
      await typeInto(el, 'cron', '0 6 1 *');
      await typeInto(el, 'timeZone', 'Mars/Olympus');
      await typeInto(el, 'maxCatchUp', '-1');
      await click(part(el, '[part~="save-button"]'));
      await el.updateComplete;
      expect(client.callsOf('saveSchedule')).to.have.length(0);
      expect(textOf(part(el, '#field-cron-error'))).to.contain('This has 4 parts.');
      expect(textOf(part(el, '#field-timeZone-error'))).to.contain('This is not a time zone');
      expect(textOf(part(el, '#field-maxCatchUp-error'))).to.equal(
        'Enter a whole number of runs, 0 or more.',
      );
      expect(textOf(part(el, '[part~="form"] > p.field-error'))).to.equal(
        'Please correct: When it runs (cron), Time zone (optional), and Missed runs to catch up.',
      );
      // Refused by the worker (a date that never comes, a period it cannot read): at the
      // fields, in the form's words, not the faults' (which name interval and the cron library).
      await typeInto(el, 'cron', '0 0 30 2 *');
      await typeInto(el, 'timeZone', '');
      await typeInto(el, 'maxCatchUp', '3');
      await typeInto(el, 'interval', '1 month');
      await click(part(el, '[part~="save-button"]'));
      await waitFor(() => el.shadowRoot!.querySelector('#field-interval-error'), 'the faults');
      expect(client.callsOf('saveSchedule')).to.have.length(1);
      expect(textOf(part(el, '#field-cron-error'))).to.contain('there is no 30 February');
      expect(textOf(part(el, '#field-interval-error'))).to.contain('such as 16-15');
      expect(textOf(part(el, '[part~="form"] > p.field-error'))).to.equal(
        'Please correct: When it runs (cron) and Period length.',
      );
      for (const error of parts(el, '.field-error, [part~="error"]')) {
        expect(textOf(error)).not.to.match(CODE_WORDS);
      }
      await expect(el).to.be.accessible();
    });
  });
});
