import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {Remaining} from '@invoice-run/core';
import type {InvoiceRunClient} from '@invoice-run/worker';
import '../define.js';
import type {RemainingPicker} from './remaining-picker.js';
import {FakeClient, codedError, makeRun, makeStepResult} from '../test-support/fake-client.js';
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

function remainingOf(subscriptions: number, records = 0): Remaining {
  const pad = (n: number) => String(n).padStart(6, '0');
  return {
    run: makeRun({id: 'r1', config: {title: 'January'} as never}),
    subscriptions: Array.from({length: subscriptions}, (_, n) => ({
      id: `s${pad(n)}`,
      account: `a${pad(n)}`,
      totals: [{currency: 'EUR', net: '10.00', tax: '1.90', gross: '11.90'}],
    })),
    records: Array.from({length: records}, (_, n) => ({
      id: `rec${pad(n)}`,
      account: `a${pad(n)}`,
      totals: [{currency: 'EUR', net: '100.00', tax: '19.00', gross: '119.00'}],
    })),
  };
}

type RemainingOptions = Parameters<InvoiceRunClient['remaining']>[1];

/** One View Remaining call of a `StreamingClient`: the test sends its rows and ends it. */
interface RemainingStream {
  readonly runId: string;
  readonly options: RemainingOptions;
  /** Sends the next `count` subscriptions, as the worker sends a chunk. */
  send(count: number): void;
  progress(done: number, total: number): void;
  /** Sends the rest and resolves with the whole list. */
  finish(): void;
}

/** A client whose View Remaining streams its rows as the test says, like the worker's. */
class StreamingClient extends FakeClient {
  streams: RemainingStream[] = [];

  override remaining(runId: string, options?: RemainingOptions): Promise<Remaining> {
    this.calls.push({method: 'remaining', args: [runId]});
    const all = this.remainingByRun.get(runId)!;
    return new Promise<Remaining>((resolve, reject) => {
      let sent = 0;
      let ended = false;
      const send = (count: number) => {
        if (ended) return;
        const rows = all.subscriptions.slice(sent, sent + count);
        sent += rows.length;
        if (rows.length > 0) options?.onSubscriptions?.(rows);
      };
      this.streams.push({
        runId,
        options,
        send,
        progress: (done, total) => options?.onProgress?.({phase: 'subscriptions', done, total}),
        finish: () => {
          send(all.subscriptions.length);
          ended = true;
          resolve(all);
        },
      });
      options?.signal?.addEventListener(
        'abort',
        () => {
          ended = true;
          reject(codedError('CANCELLED'));
        },
        {once: true},
      );
    });
  }
}

async function pickerWith(client: FakeClient, runId = 'r1'): Promise<RemainingPicker> {
  const el = await fixture<RemainingPicker>(
    html`<remaining-picker .client=${client} run-id=${runId} locale="en-US"></remaining-picker>`,
  );
  await waitFor(
    () => !el.shadowRoot!.querySelector('[role="status"].hint'),
    'the remaining list loaded',
  );
  await el.updateComplete;
  // The virtualizer renders its rows after the list's own update: wait for them (or the notice
  // or error shown instead), or a busy machine clicks a row that is not there yet.
  await waitFor(
    () =>
      rowBoxes(el).length > 0 || el.shadowRoot!.querySelector('[part~="notice"], [part~="error"]'),
    'the rows, a notice or an error',
  );
  return el;
}

function rowBoxes(el: RemainingPicker): HTMLInputElement[] {
  return parts<HTMLInputElement>(el, '[part~="row"] input[type="checkbox"]');
}

describe('<remaining-picker>', () => {
  it('is accessible and explains itself without a run', async () => {
    const el = await fixture<RemainingPicker>(html`<remaining-picker></remaining-picker>`);
    await expect(el).to.be.accessible();
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('Choose a run');
  });

  it('has its default properties', async () => {
    const el = await fixture<RemainingPicker>(html`<remaining-picker></remaining-picker>`);
    expect(el.runId).to.equal(undefined);
    expect(el.run).to.equal(undefined);
    expect(el.messages).to.deep.equal({});
    expect(el.client).to.equal(undefined);
    expect(getComputedStyle(el).display).to.equal('block');
  });

  it('shows the loading state, then the list, and is accessible filled', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(3, 2));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="de-DE"></remaining-picker>`,
    );
    expect(textOf(part(el, '[role="status"].hint'))).to.contain('Es wird ermittelt');
    await waitFor(() => rowBoxes(el).length === 5, 'five rows');
    expect(textOf(part(el, 'h2'))).to.contain('January');
    const first = textOf(parts(el, '[part~="row"]')[0]);
    expect(first).to.contain('s000000');
    expect(first).to.contain('a000000');
    expect(first).to.contain('11,90 €');
    expect(textOf(parts(el, '[part~="row"]')[4])).to.contain('Datensatz rec000001');
    await expect(el).to.be.accessible();
  });

  it('takes the run from its run property', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r7', remainingOf(1));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} .run=${makeRun({id: 'r7'})}></remaining-picker>`,
    );
    await waitFor(() => rowBoxes(el).length === 1, 'one row');
    expect(client.callsOf('remaining')[0]).to.deep.equal(['r7']);
  });

  it('says when nothing remains', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(0));
    const el = await pickerWith(client);
    expect(textOf(part(el, '[part~="notice"]'))).to.equal(
      'Nothing remains to be billed for this run.',
    );
    await expect(el).to.be.accessible();
  });

  it('explains why a run that is not the latest cannot be restored', async () => {
    const client = new FakeClient();
    client.failures.set('remaining', codedError('RUN_NOT_LATEST'));
    const el = await pickerWith(client);
    const notice = part(el, '[data-code="RUN_NOT_LATEST"]');
    expect(textOf(notice)).to.contain('cannot be restored');
    expect(textOf(notice)).to.contain('newer run with the same filters');
    expect(parts(el, '[part~="restore-button"]')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('says in words when the database is blocked, with a retry', async () => {
    const client = new FakeClient();
    client.failures.set('remaining', codedError('DATABASE_BLOCKED'));
    const el = await pickerWith(client);
    expect(textOf(part(el, '[part~="error"]'))).to.contain('Close the other tabs');
    await expect(el).to.be.accessible();
    client.failures.delete('remaining');
    client.remainingByRun.set('r1', remainingOf(2));
    await click(part(el, '[part~="retry-button"]'));
    await waitFor(() => rowBoxes(el).length === 2, 'the rows after retry');
  });

  it('selects rows, all and none, searches, and counts the selected', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(30));
    const el = await pickerWith(client);
    const count = part(el, '[part~="count"]');
    expect(count.getAttribute('role')).to.equal('status');
    expect(textOf(count)).to.equal('0 of 30 selected');
    const restore = part<HTMLButtonElement>(el, '[part~="restore-button"]');
    expect(restore.disabled).to.equal(true);
    await click(rowBoxes(el)[1]!);
    await el.updateComplete;
    expect(textOf(count)).to.equal('1 of 30 selected');
    expect(textOf(restore)).to.equal('Restore 1 subscription');
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    expect(textOf(count)).to.equal('30 of 30 selected');
    expect(rowBoxes(el).every((box) => box.checked)).to.equal(true);
    await click(part(el, '[part~="select-none-button"]'));
    await el.updateComplete;
    expect(textOf(count)).to.equal('0 of 30 selected');

    const search = part<HTMLInputElement>(el, '[part~="search"]');
    search.focus();
    await sendKeys({type: 's00001'});
    await waitFor(() => rowBoxes(el).length === 10, 'ten matches of s00001*');
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    expect(textOf(count)).to.equal('10 of 30 selected');
    expect(textOf(restore)).to.equal('Restore 10 subscriptions');
    search.select();
    await sendKeys({type: 'nothing-like-this'});
    await waitFor(() => el.shadowRoot!.querySelector('[part~="notice"]'), 'no matches');
    expect(textOf(part(el, '[part~="notice"]'))).to.equal('Nothing matches the search.');
  });

  it('restores the chosen rows with progress, cancel and a summary', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(3, 1));
    client.manualJobs = true;
    const el = await pickerWith(client);
    // The virtualizer may draw the last rows a frame after the list is complete.
    await waitFor(() => rowBoxes(el).length === 4, 'the four rows drawn');
    await click(rowBoxes(el)[0]!);
    await click(rowBoxes(el)[3]!);
    await el.updateComplete;
    const restoreEvent = nextEvent(el, 'remaining-restore');
    await click(part(el, '[part~="restore-button"]'));
    const requested = await restoreEvent;
    expect(requested.runId).to.equal('r1');
    expect(requested.chosen).to.deep.equal({subscriptions: ['s000000'], records: ['rec000000']});
    const job = await waitFor(() => client.pendingJob, 'the restore started');
    job.progress({phase: 'subscriptions', done: 1, total: 2});
    await el.updateComplete;
    expect(textOf(part(el, '[part~="status"]'))).to.contain('Subscriptions: 1 of 2');
    expect(part<HTMLProgressElement>(el, 'progress').value).to.equal(1);
    expect(deepActiveElement()).to.equal(part(el, '[part~="cancel-button"]'));
    await expect(el).to.be.accessible();

    const restored = nextEvent(el, 'remaining-restored');
    client.manualJobs = false;
    const run = makeRun({id: 'r1'});
    job.resolve({
      run,
      merged: false,
      status: 'completed',
      config: run.config,
      counters: {invoices: 2, credits: 0, lines: 2, errors: 0},
      totals: [{currency: 'EUR', net: '20.00', tax: '3.80', gross: '23.80'}],
      errors: [],
      warnings: [],
      skipped: [],
    } as never);
    expect((await restored).result.counters.invoices).to.equal(2);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    expect(textOf(part(el, '[part~="summary"]'))).to.contain('Restored into the run');
    expect(textOf(part(el, '[part~="summary"]'))).to.contain('Invoices 2');
    expect(textOf(part(el, '[part~="totals"]'))).to.contain('€23.80');
    await expect(el).to.be.accessible();
  });

  it('cancels a restore', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(2));
    client.manualJobs = true;
    const el = await pickerWith(client);
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    void el.restore();
    const job = await waitFor(() => client.pendingJob, 'the restore started');
    await el.updateComplete;
    await click(part(el, '[part~="cancel-button"]'));
    expect(job.options?.signal?.aborted).to.equal(true);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    expect(textOf(part(el, '[part~="summary"] h3'))).to.contain('Restore cancelled');
  });

  it('shows a restore refused as not the latest run', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(2));
    client.failures.set('restore', codedError('RUN_NOT_LATEST'));
    const el = await pickerWith(client);
    await click(rowBoxes(el)[0]!);
    await el.updateComplete;
    await el.restore();
    await el.updateComplete;
    expect(textOf(part(el, '[part~="error"]'))).to.contain('not the latest run');
    expect(rowBoxes(el)[0]!.checked).to.equal(true);
  });

  it('renders the first of 50,000 rows quickly and keeps only a window of them', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(50_000));
    const started = performance.now();
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1"></remaining-picker>`,
    );
    await waitFor(() => rowBoxes(el).length > 0, 'the first rows', 5000);
    const elapsed = performance.now() - started;
    expect(elapsed).to.be.lessThan(2000);
    expect(textOf(parts(el, '[part~="row"]')[0])).to.contain('s000000');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(parts(el, '[part~="row"]').length).to.be.lessThan(200);
    expect(textOf(part(el, '[part~="count"]'))).to.equal('0 of 50,000 selected');

    const list = part(el, '[part~="list"]');
    list.scrollTop = list.scrollHeight / 2;
    await waitFor(
      () => parts(el, '[part~="row"]').some((row) => /s0250\d\d/.test(textOf(row))),
      'rows of the middle after scrolling',
    );
    expect(parts(el, '[part~="row"]').length).to.be.lessThan(200);

    const selectAll = performance.now();
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    expect(performance.now() - selectAll).to.be.lessThan(1000);
    expect(textOf(part(el, '[part~="count"]'))).to.equal('50,000 of 50,000 selected');
    expect(textOf(part(el, '[part~="restore-button"]'))).to.equal('Restore 50,000 subscriptions');
  });

  it('shows the first rows while the rest still loads, then the whole list in the same place', async () => {
    const client = new StreamingClient();
    client.remainingByRun.set('r1', remainingOf(1000, 2));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="en-US"></remaining-picker>`,
    );
    const stream = await waitFor(() => client.streams[0], 'the load started');
    expect(stream.options?.signal?.aborted).to.equal(false);
    expect(textOf(part(el, '[role="status"].hint'))).to.contain('Looking up');

    stream.send(100);
    await waitFor(() => rowBoxes(el).length > 0, 'the first rows, before the rest');
    expect(textOf(parts(el, '[part~="row"]')[0])).to.contain('s000000');
    expect(textOf(part(el, '[part~="loading"]'))).to.contain('100 so far…');
    expect(textOf(part(el, '[part~="count"]'))).to.equal('0 selected');
    const restore = part<HTMLButtonElement>(el, '[part~="restore-button"]');
    expect(restore.disabled).to.equal(true);
    expect(restore.getAttribute('aria-describedby')).to.equal('loading-more');
    await expect(el).to.be.accessible();

    stream.progress(300, 1000);
    stream.send(100);
    stream.send(100);
    await waitFor(
      () => textOf(part(el, '[part~="loading"]')).includes('300 so far…'),
      'the later rows, drawn together',
    );
    const bar = part<HTMLProgressElement>(el, '[part~="loading-progress"]');
    expect([bar.value, bar.max]).to.deep.equal([300, 1000]);
    expect(bar.getAttribute('aria-label')).to.equal('Subscriptions checked');

    const list = part(el, '[part~="list"]');
    list.scrollTop = 2000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    stream.finish();
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="loading"]'), 'loaded');
    expect(textOf(part(el, '[part~="count"]'))).to.equal('0 of 1,002 selected');
    expect(part(el, '[part~="list"]')).to.equal(list);
    expect(list.scrollTop).to.equal(2000);
    expect(restore.disabled).to.equal(true);
    await click(rowBoxes(el)[0]!);
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, '[part~="restore-button"]').disabled).to.equal(false);
    expect(client.streams).to.have.length(1);
  });

  it('Select all while loading selects the rows still to come; Restore waits for them', async () => {
    const client = new StreamingClient();
    client.remainingByRun.set('r1', remainingOf(300, 1));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="en-US"></remaining-picker>`,
    );
    const stream = await waitFor(() => client.streams[0], 'the load started');
    stream.send(100);
    await waitFor(() => rowBoxes(el).length > 0, 'the first rows');
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    expect(textOf(part(el, '[part~="count"]'))).to.equal('100 selected');
    await click(rowBoxes(el)[1]!);
    stream.send(100);
    await waitFor(
      () => textOf(part(el, '[part~="count"]')) === '199 selected',
      'the rows that came after Select all, selected',
    );
    expect(await el.restore()).to.equal(undefined);
    expect(client.callsOf('restore')).to.have.length(0);

    stream.finish();
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="loading"]'), 'loaded');
    // Every row but the one unchecked by hand, the record that comes last included.
    expect(textOf(part(el, '[part~="count"]'))).to.equal('300 of 301 selected');
    const restore = part<HTMLButtonElement>(el, '[part~="restore-button"]');
    expect(restore.disabled).to.equal(false);
    expect(textOf(restore)).to.equal('Restore 299 subscriptions and 1 record');
    const restored = el.restore();
    // After a restore the list loads again.
    (await waitFor(() => client.streams[1], 'the list loading again')).finish();
    await restored;
    const [{chosen}] = client.callsOf('restore')[0] as [{chosen: {subscriptions: string[]}}];
    expect(chosen.subscriptions).to.have.length(299);
    expect(chosen.subscriptions).not.to.include('s000001');
  });

  it('Select none while loading stops selecting the rows still to come', async () => {
    const client = new StreamingClient();
    client.remainingByRun.set('r1', remainingOf(300));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="en-US"></remaining-picker>`,
    );
    const stream = await waitFor(() => client.streams[0], 'the load started');
    stream.send(100);
    await waitFor(() => rowBoxes(el).length > 0, 'the first rows');
    el.selectAll();
    el.selectNone();
    stream.finish();
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="loading"]'), 'loaded');
    expect(textOf(part(el, '[part~="count"]'))).to.equal('0 of 300 selected');
  });

  it('cancels the load when the run changes or it leaves the page, and loads again on return', async () => {
    const client = new StreamingClient();
    client.remainingByRun.set('r1', remainingOf(300));
    client.remainingByRun.set('r2', remainingOf(200));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="en-US"></remaining-picker>`,
    );
    const first = await waitFor(() => client.streams[0], 'the load of r1');
    first.send(100);
    await waitFor(() => rowBoxes(el).length > 0, 'the first rows of r1');
    await click(rowBoxes(el)[0]!);
    el.runId = 'r2';
    const second = await waitFor(() => client.streams[1], 'the load of r2');
    expect(first.options?.signal?.aborted).to.equal(true);
    expect(second.runId).to.equal('r2');
    second.send(50);
    await waitFor(
      () => textOf(el.shadowRoot!.querySelector('[part~="loading"]')).includes('50 so far'),
      'the rows of r2 only',
    );
    // A selection belongs to its run.
    expect(textOf(part(el, '[part~="count"]'))).to.equal('0 selected');

    const parent = el.parentElement!;
    el.remove();
    expect(second.options?.signal?.aborted).to.equal(true);
    parent.append(el);
    const third = await waitFor(() => client.streams[2], 'the load again, back on the page');
    expect(third.runId).to.equal('r2');
    third.finish();
    await waitFor(
      () => textOf(el.shadowRoot!.querySelector('[part~="count"]')) === '0 of 200 selected',
      'the whole list of r2',
    );
  });

  it('can be used with the keyboard alone: search, select, restore', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(5));
    const el = await pickerWith(client);
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await tabTo(part(el, '[part~="search"]'));
    await sendKeys({type: 'a000003'});
    await waitFor(() => rowBoxes(el).length === 1, 'one match');
    await tabTo(part(el, '[part~="select-all-button"]'));
    await sendKeys({press: 'Tab'});
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(rowBoxes(el)[0]);
    await sendKeys({press: 'Space'});
    await el.updateComplete;
    expect(textOf(part(el, '[part~="count"]'))).to.equal('1 of 5 selected');
    await tabTo(part(el, '[part~="restore-button"]'));
    const restored = nextEvent(el, 'remaining-restored');
    await sendKeys({press: 'Enter'});
    await restored;
    expect(client.callsOf('restore')[0]![0]).to.deep.equal({
      runId: 'r1',
      chosen: {subscriptions: ['s000003'], records: []},
    });
    await waitFor(() => el.shadowRoot!.querySelector('#result-heading'), 'the summary');
    await waitFor(() => deepActiveElement() === part(el, '#result-heading'), 'focus on summary');
    before.remove();
  });
});

describe('<remaining-picker> follows its run', () => {
  it('shows a change of what remains live, with no property set again', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1', config: {title: 'January'} as never})];
    client.remainingByRun.set('r1', remainingOf(0));
    const el = await pickerWith(client);
    expect(textOf(part(el, '[part~="notice"]'))).to.equal(
      'Nothing remains to be billed for this run.',
    );
    // A draft of the run is deleted (here or in another tab): its subscription remains again.
    client.setRemaining('r1', remainingOf(1));
    await waitFor(() => rowBoxes(el).length === 1, 'the deleted draft back in the list');
    expect(textOf(parts(el, '[part~="row"]')[0])).to.contain('s000000');
    // It is restored elsewhere: the list empties again.
    client.setRemaining('r1', remainingOf(0));
    await waitFor(() => rowBoxes(el).length === 0, 'the restored row gone');
    expect(client.callsOf('observeRemaining')).to.deep.equal([['r1']]);
    expect(client.callsOf('remaining')).to.have.length(3);
  });

  it('waits while its run is being billed, saying so, and loads once the run ends', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1', status: 'running', endedAt: null})];
    client.remainingByRun.set('r1', remainingOf(2));
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="en-US"></remaining-picker>`,
    );
    await waitFor(
      () => el.shadowRoot!.querySelector('[part~="notice"][data-code="RUN_IN_PROGRESS"]'),
      'the notice that the run is being billed',
    );
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('This run is being billed right now');
    expect(el.shadowRoot!.textContent).not.to.contain('Another run');
    expect(client.callsOf('remaining')).to.have.length(0);
    await expect(el).to.be.accessible();
    client.setRuns([makeRun({id: 'r1'})]);
    await waitFor(() => rowBoxes(el).length === 2, 'the list once the run ended');
  });

  it('says "being billed", not "another run", when the worker refuses a run in progress', async () => {
    const client = new FakeClient();
    client.failures.set('remaining', codedError('RUN_IN_PROGRESS'));
    const el = await pickerWith(client);
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('This run is being billed right now');
    expect(el.shadowRoot!.textContent).not.to.contain('Another run');
  });

  it('names the newer run of its selection instead of looking up what it cannot restore', async () => {
    const client = new FakeClient();
    client.runList = [
      makeRun({id: 'r2', sequence: 2, config: {title: 'January again'} as never}),
      makeRun({id: 'r1', sequence: 1, config: {title: 'January'} as never}),
    ];
    const el = await fixture<RemainingPicker>(
      html`<remaining-picker .client=${client} run-id="r1" locale="en-US"></remaining-picker>`,
    );
    await waitFor(
      () => el.shadowRoot!.querySelector('[data-code="RUN_NOT_LATEST"]'),
      'the notice naming the newer run',
    );
    expect(textOf(part(el, 'h2'))).to.equal('View Remaining: January (Jan 1, 2026 – Jan 31, 2026)');
    expect(textOf(part(el, '[data-code="RUN_NOT_LATEST"]'))).to.contain(
      'January again (Jan 1, 2026 – Jan 31, 2026)',
    );
    expect(client.callsOf('remaining')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('shows the amount of a record row, and Restore says what it counts', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(2, 1));
    const el = await pickerWith(client);
    expect(textOf(parts(el, '[part~="row"]')[2])).to.contain('Record rec000000');
    expect(textOf(parts(el, '[part~="row"]')[2])).to.contain('€119.00');
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    expect(textOf(part(el, '[part~="restore-button"]'))).to.equal(
      'Restore 2 subscriptions and 1 record',
    );
  });

  it('says Cancelling… and disables Cancel at once, while the worker ends its chunk', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(2));
    client.manualJobs = true;
    client.endOnAbort = false;
    const el = await pickerWith(client);
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    void el.restore();
    const job = await waitFor(() => client.pendingJob, 'the restore started');
    await el.updateComplete;
    await click(part(el, '[part~="cancel-button"]'));
    await el.updateComplete;
    const cancel = part<HTMLButtonElement>(el, '[part~="cancel-button"]');
    expect(cancel.disabled).to.equal(true);
    expect(textOf(cancel)).to.equal('Cancelling…');
    expect(textOf(part(el, '[part~="status"]'))).to.equal('Cancelling…');
    expect(job.options?.signal?.aborted).to.equal(true);
    job.resolve({
      ...makeStepResult(makeRun({id: 'r1'}), {status: 'cancelled'}),
      skipped: [],
    } as never);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    expect(textOf(part(el, '[part~="summary"] h3'))).to.contain('Restore cancelled');
  });

  it('asks before the page unloads while it restores', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(1));
    client.manualJobs = true;
    const el = await pickerWith(client);
    const unload = () => {
      const event = new Event('beforeunload', {cancelable: true});
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).to.equal(false);
    await click(part(el, '[part~="select-all-button"]'));
    await el.updateComplete;
    void el.restore();
    const job = await waitFor(() => client.pendingJob, 'the restore started');
    expect(unload()).to.equal(true);
    job.resolve({...makeStepResult(makeRun({id: 'r1'})), skipped: []} as never);
    await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    expect(unload()).to.equal(false);
  });

  it('names no run once its run is taken away, as on a new data set', async () => {
    const client = new FakeClient();
    client.remainingByRun.set('r1', remainingOf(2));
    const el = await pickerWith(client);
    expect(textOf(part(el, 'h2'))).to.contain('January');
    el.client = undefined;
    el.runId = undefined;
    await el.updateComplete;
    el.client = new FakeClient();
    await el.updateComplete;
    expect(textOf(part(el, 'h2'))).to.equal('View Remaining');
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('Choose a run');
  });

  it('drops its selection, its result and its run when the client changes', async () => {
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1', config: {title: 'January'} as never})];
    client.remainingByRun.set('r1', remainingOf(3));
    const el = await pickerWith(client);
    await click(rowBoxes(el)[0]!);
    await el.restore();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    await click(rowBoxes(el)[0]!);
    await el.updateComplete;
    expect(textOf(part(el, '[part~="count"]'))).to.equal('1 of 2 selected');

    // Another database with a run of the same id, not yet billed.
    const other = new FakeClient();
    other.runList = [makeRun({id: 'r1', config: {title: 'February'} as never})];
    other.remainingByRun.set('r1', remainingOf(5));
    el.client = other;
    await waitFor(() => rowBoxes(el).length === 5, "the other database's list");
    expect(textOf(part(el, 'h2'))).to.contain('February');
    expect(textOf(part(el, '[part~="count"]'))).to.equal('0 of 5 selected');
    expect(el.shadowRoot!.querySelector('[part~="summary"]')).to.equal(null);
  });
});
