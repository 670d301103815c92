import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import '../define.js';
import type {InvoiceRunProvider} from '../invoice-run-provider/invoice-run-provider.js';
import type {InvoiceRunForm} from './invoice-run-form.js';
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

async function formWith(client: FakeClient | undefined, attrs = true): Promise<InvoiceRunForm> {
  const el = attrs
    ? await fixture<InvoiceRunForm>(
        html`<invoice-run-form
          .client=${client}
          period-start="2026-01-01"
          period-end="2026-01-31"
        ></invoice-run-form>`,
      )
    : await fixture<InvoiceRunForm>(html`<invoice-run-form .client=${client}></invoice-run-form>`);
  if (client !== undefined) {
    await waitFor(() => client.callsOf('filters').length > 0, 'filters asked for');
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  await el.updateComplete;
  return el;
}

describe('<invoice-run-form>', () => {
  it('is accessible without a client and says why it cannot work', async () => {
    const el = await fixture<InvoiceRunForm>(html`<invoice-run-form></invoice-run-form>`);
    await expect(el).to.be.accessible();
    expect(textOf(part(el, '[part~="notice"]'))).to.contain('not connected');
  });

  describe('before the page gives it a client', () => {
    /** A provider without a client yet, as a page has it while its data loads. */
    async function connectingForm(lang = 'en'): Promise<[InvoiceRunProvider, InvoiceRunForm]> {
      const page = await fixture<HTMLElement>(
        html`<div lang=${lang}>
          <invoice-run-provider>
            <invoice-run-form period-start="2026-01-01" period-end="2026-01-31"></invoice-run-form>
          </invoice-run-provider>
        </div>`,
      );
      const provider = page.querySelector<InvoiceRunProvider>('invoice-run-provider')!;
      const form = page.querySelector<InvoiceRunForm>('invoice-run-form')!;
      await form.updateComplete;
      return [provider, form];
    }

    it('says it is connecting, with Start and Preview disabled, until the client is there', async () => {
      const [provider, el] = await connectingForm();
      await expect(el).to.be.accessible();
      const start = part<HTMLButtonElement>(el, '[part~="start-button"]');
      expect(start.disabled).to.equal(true);
      expect(textOf(start)).to.equal('Connecting…');
      expect(textOf(part(el, '[part~="status"]'))).to.equal('Connecting…');
      expect(part(el, '[part~="status"]').getAttribute('role')).to.equal('status');
      expect(part<HTMLButtonElement>(el, '[part~="preview-button"]').disabled).to.equal(true);
      // Why it cannot bill yet, where the filters will be.
      expect(textOf(part(el, '[part~="notice"]'))).to.contain('not connected');

      // Pressed anyway, by mouse or with Enter in a field: the form is not submitted.
      const form = part<HTMLFormElement>(el, 'form');
      let submitted = 0;
      form.addEventListener('submit', () => submitted++);
      await click(start);
      part<HTMLInputElement>(el, '#periodEnd').focus();
      await sendKeys({press: 'Enter'});
      expect(submitted).to.equal(0);
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);

      // The client arrives: Start says Start and bills.
      const client = new FakeClient();
      client.filterList = [filter('eu', 'subscription', 'EU')];
      provider.client = client;
      await provider.updateComplete;
      await el.updateComplete;
      const ready = part<HTMLButtonElement>(el, '[part~="start-button"]');
      expect(ready.disabled).to.equal(false);
      expect(textOf(ready)).to.equal('Start run');
      expect(textOf(part(el, '[part~="status"]'))).to.equal('');
      expect(part<HTMLButtonElement>(el, '[part~="preview-button"]').disabled).to.equal(false);
      await waitFor(() => el.shadowRoot!.querySelector('input[value="eu"]'), 'the filters');
      part<HTMLInputElement>(el, '#periodEnd').focus();
      await sendKeys({press: 'Enter'});
      expect(submitted).to.equal(1);
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      expect(client.callsOf('startRun')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('says so in German on a page in German', async () => {
      const [, el] = await connectingForm('de');
      const start = part<HTMLButtonElement>(el, '[part~="start-button"]');
      expect(start.disabled).to.equal(true);
      expect(textOf(start)).to.equal('Verbindung wird hergestellt…');
      expect(textOf(part(el, '[part~="status"]'))).to.equal('Verbindung wird hergestellt…');
    });

    it('still says why when the host calls start() with no client at all', async () => {
      const [, el] = await connectingForm();
      expect(await el.start()).to.equal(undefined);
      await el.updateComplete;
      expect(textOf(part(el, '[part~="error"]'))).to.contain('not connected');
    });
  });

  it('has its default properties', async () => {
    const el = await fixture<InvoiceRunForm>(html`<invoice-run-form></invoice-run-form>`);
    expect(el.periodStart).to.equal('');
    expect(el.periodEnd).to.equal('');
    expect(el.invoiceDate).to.equal('');
    expect(el.runTitle).to.equal('');
    expect(el.messages).to.deep.equal({});
    expect(el.client).to.equal(undefined);
    expect(el.locale).to.equal(undefined);
    expect(getComputedStyle(el).display).to.equal('block');
    expect(part(el, 'form').getAttribute('part')).to.equal('base');
  });

  it('is accessible when filled, with every kind of filter', async () => {
    const client = new FakeClient();
    client.filterList = [
      filter('eu', 'subscription', 'EU'),
      filter('us', 'subscription', 'US'),
      filter('usage', 'transaction', 'Usage'),
      filter('orders', 'generic', 'Orders'),
    ];
    const el = await formWith(client);
    await expect(el).to.be.accessible();
  });

  describe('subscription filters', () => {
    it('shows no group when none is defined', async () => {
      const el = await formWith(new FakeClient());
      expect(parts(el, '[part~="subscription-filters"]')).to.have.length(0);
      expect(parts(el, 'input[type="radio"]')).to.have.length(0);
    });

    it('shows the only one, always selected, and starts with it', async () => {
      const client = new FakeClient();
      client.filterList = [filter('eu', 'subscription', 'EU')];
      const el = await formWith(client);
      const radios = parts<HTMLInputElement>(el, 'input[type="radio"]');
      expect(radios).to.have.length(1);
      expect(radios[0]!.checked).to.equal(true);
      await el.start();
      expect(client.callsOf('startRun')[0]![0]).to.include({subscriptionFilter: 'eu'});
    });

    it('preselects none of several and requires a pick, said at the group', async () => {
      const client = new FakeClient();
      client.filterList = [filter('eu', 'subscription', 'EU'), filter('us', 'subscription', 'US')];
      const el = await formWith(client);
      const radios = parts<HTMLInputElement>(el, 'input[type="radio"]');
      expect(radios).to.have.length(2);
      expect(radios.some((radio) => radio.checked)).to.equal(false);
      await el.start();
      expect(client.callsOf('startRun')).to.have.length(0);
      const group = part(el, '[part~="subscription-filters"]');
      expect(group.getAttribute('aria-invalid')).to.equal('true');
      const error = part(el, `#${group.getAttribute('aria-describedby')}`);
      expect(textOf(error)).to.equal('Pick which subscriptions to bill.');
      await expect(el).to.be.accessible();
      await click(radios[1]!);
      await el.updateComplete;
      expect(group.getAttribute('aria-invalid')).to.equal('false');
      await el.start();
      expect(client.callsOf('startRun')[0]![0]).to.include({subscriptionFilter: 'us'});
    });
  });

  describe('transaction and generic filters', () => {
    it('are unchecked checkboxes with a "skipped" hint while none is checked', async () => {
      const client = new FakeClient();
      client.filterList = [
        filter('usage', 'transaction', 'Usage'),
        filter('calls', 'transaction', 'Calls'),
        filter('orders', 'generic', 'Orders'),
      ];
      const el = await formWith(client);
      const boxes = parts<HTMLInputElement>(el, 'input[type="checkbox"]');
      expect(boxes).to.have.length(3);
      expect(boxes.every((box) => !box.checked)).to.equal(true);
      const tx = part(el, '[part~="transaction-filters"]');
      expect(textOf(part(el, `#${tx.getAttribute('aria-describedby')}`))).to.contain(
        'usage is skipped',
      );
      const generic = part(el, '[part~="generic-filters"]');
      expect(textOf(part(el, `#${generic.getAttribute('aria-describedby')}`))).to.contain(
        'other records are skipped',
      );
      await click(boxes[1]!);
      await el.updateComplete;
      expect(tx.hasAttribute('aria-describedby')).to.equal(false);
      expect(textOf(tx)).not.to.contain('skipped');
      await el.start();
      expect(client.callsOf('startRun')[0]![0]).to.deep.include({
        transactionFilters: ['calls'],
        genericFilters: [],
      });
    });
  });

  describe('validation', () => {
    it('says at the field what is wrong and keeps the input', async () => {
      const client = new FakeClient();
      const el = await formWith(client, false);
      await el.start();
      const start = part<HTMLInputElement>(el, '#periodStart');
      expect(start.getAttribute('aria-invalid')).to.equal('true');
      expect(textOf(part(el, `#${start.getAttribute('aria-describedby')}`))).to.equal(
        'Enter the first day of the billing period.',
      );
      expect(deepActiveElement()).to.equal(start);
      await expect(el).to.be.accessible();

      el.periodStart = '2026-02-01';
      el.periodEnd = '2026-01-01';
      el.runTitle = 'February';
      await el.updateComplete;
      await el.start();
      const end = part<HTMLInputElement>(el, '#periodEnd');
      expect(end.getAttribute('aria-invalid')).to.equal('true');
      expect(textOf(part(el, '#periodEnd-error'))).to.equal(
        'The period cannot end before it starts.',
      );
      expect(start.getAttribute('aria-invalid')).to.equal('false');
      expect(client.callsOf('startRun')).to.have.length(0);
      expect(part<HTMLInputElement>(el, '#runTitle').value).to.equal('February');
    });

    it('shows a refusal of the worker at the field it names, in its own words', async () => {
      const client = new FakeClient();
      client.failures.set(
        'startRun',
        codedError('INVALID_PERIOD', 'The period starts (2026-02-01) after it ends.'),
      );
      const el = await formWith(client);
      const error = nextEvent(el, 'invoice-run-error');
      await el.start();
      expect((await error).code).to.equal('INVALID_PERIOD');
      await el.updateComplete;
      expect(textOf(part(el, '#periodEnd-error'))).to.equal(
        'The period cannot end before it starts.',
      );
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
    });
  });

  describe('a run', () => {
    it('shows progress in a live region, cancels, and sums up', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      const el = await formWith(client);
      const started = nextEvent(el, 'invoice-run-start');
      await click(part(el, '[part~="start-button"]'));
      expect((await started).config).to.include({periodStart: '2026-01-01'});
      const job = await waitFor(() => client.pendingJob, 'the run started');
      const progressEvent = nextEvent(el, 'invoice-run-progress');
      job.progress({phase: 'subscriptions', done: 40, total: 100});
      expect((await progressEvent).progress.done).to.equal(40);
      await el.updateComplete;
      const status = part(el, '[part~="status"]');
      expect(status.getAttribute('role')).to.equal('status');
      expect(status.getAttribute('aria-live')).to.equal('polite');
      expect(textOf(status)).to.contain('Subscriptions: 40 of 100');
      const bar = part<HTMLProgressElement>(el, 'progress');
      expect(bar.value).to.equal(40);
      expect(bar.max).to.equal(100);
      const cancel = part(el, '[part~="cancel-button"]');
      expect(deepActiveElement()).to.equal(cancel);
      await expect(el).to.be.accessible();

      const complete = nextEvent(el, 'invoice-run-complete');
      await click(cancel);
      expect(job.options?.signal?.aborted).to.equal(true);
      expect((await complete).result.status).to.equal('cancelled');
      await el.updateComplete;
      expect(textOf(part(el, '[part~="summary"] h3'))).to.contain('Run cancelled');
      expect(parts(el, 'progress')).to.have.length(0);
      expect(textOf(part(el, '[part~="status"]'))).to.equal('');
    });

    it('sums up invoices, credits, expandable errors, totals per currency and duration', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      const el = await formWith(client);
      el.locale = 'de-DE';
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      const run = makeRun({id: 'r9'});
      job.resolve(
        makeStepResult(run, {
          status: 'completed-with-errors',
          counters: {invoices: 3, credits: 1, lines: 4, errors: 2},
          totals: [
            {currency: 'EUR', net: '1234.50', tax: '234.56', gross: '1469.06'},
            {currency: 'JPY', net: '1200', tax: '120', gross: '1320'},
          ],
          errors: [
            {
              source: 'subscription',
              id: 's7',
              code: 'ACCOUNT_NOT_FOUND',
              message: 'No account a7.',
            },
            {source: 'item', id: 'i8', code: 'MISSING_BILLING_PERIOD', message: 'No period.'},
          ],
        }) as never,
      );
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      const summary = part(el, '[part~="summary"]');
      expect(textOf(summary.querySelector('h3'))).to.equal(
        'Lauf mit Fehlern abgeschlossen: Lauf 1 (01.01.2026 – 31.01.2026)',
      );
      const figures = textOf(summary.querySelector('dl'));
      expect(figures).to.contain('Rechnungen 3');
      expect(figures).to.contain('Gutschriften 1');
      const details = part<HTMLDetailsElement>(el, '[part~="issues"]');
      expect(details.open).to.equal(false);
      await click(details.querySelector('summary')!);
      expect(details.open).to.equal(true);
      expect(details.querySelectorAll('li')).to.have.length(2);
      expect(textOf(details)).to.contain('No account a7.');
      const totals = textOf(part(el, '[part~="totals"]'));
      expect(totals).to.contain('1.234,50 €');
      expect(totals).to.contain('1.469,06 €');
      expect(totals).to.contain('1.320 ¥');
      expect(figures).to.match(/Dauer \d/);
      await expect(el).to.be.accessible();
    });

    it('says in words when the database is blocked, and keeps the input', async () => {
      const client = new FakeClient();
      client.failures.set('startRun', codedError('DATABASE_BLOCKED'));
      const el = await formWith(client);
      el.runTitle = 'January';
      await el.updateComplete;
      const error = nextEvent(el, 'invoice-run-error');
      await el.start();
      expect((await error).code).to.equal('DATABASE_BLOCKED');
      await el.updateComplete;
      const alert = part(el, '[part~="error"]');
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(textOf(alert)).to.contain('another tab');
      expect(part<HTMLInputElement>(el, '#runTitle').value).to.equal('January');
      expect(part<HTMLInputElement>(el, '#periodStart').value).to.equal('2026-01-01');
      await expect(el).to.be.accessible();
    });

    it('does not start when invoice-run-start is cancelled', async () => {
      const client = new FakeClient();
      const el = await formWith(client);
      el.addEventListener('invoice-run-start', (event) => event.preventDefault());
      await el.start();
      expect(client.callsOf('startRun')).to.have.length(0);
    });

    it('shows a failure to load the filters with a retry', async () => {
      const client = new FakeClient();
      client.failures.set('filters', codedError('QUOTA_EXCEEDED'));
      const el = await formWith(client);
      expect(textOf(part(el, '[part~="error"]'))).to.contain('no room left');
      await expect(el).to.be.accessible();
      client.failures.delete('filters');
      client.filterList = [filter('eu', 'subscription', 'EU')];
      await click(part(el, '[part~="retry-button"]'));
      await waitFor(() => el.shadowRoot!.querySelector('input[type="radio"]'), 'the filters');
    });
  });

  describe('feedback that keeps up', () => {
    it('says Cancelling… and disables Cancel at once, while the worker ends its chunk', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      client.endOnAbort = false;
      const el = await formWith(client);
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      await el.updateComplete;
      await click(part(el, '[part~="cancel-button"]'));
      await el.updateComplete;
      const cancel = part<HTMLButtonElement>(el, '[part~="cancel-button"]');
      expect(cancel.disabled).to.equal(true);
      expect(textOf(cancel)).to.equal('Cancelling…');
      expect(textOf(part(el, '[part~="status"]'))).to.equal('Cancelling…');
      expect(job.options?.signal?.aborted).to.equal(true);
      await expect(el).to.be.accessible();
      // The worker ends the chunk it bills, then the run ends cancelled.
      job.resolve(makeStepResult(makeRun({id: 'r1'}), {status: 'cancelled'}) as never);
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      expect(textOf(part(el, '[part~="summary"] h3'))).to.contain('Run cancelled');
      expect(parts(el, '[part~="cancel-button"]')).to.have.length(0);
    });

    it('says it waits for another tab, and that nothing was left when that tab billed it', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      const el = await formWith(client);
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      job.progress({phase: 'waiting', done: 0, total: -1});
      await el.updateComplete;
      expect(textOf(part(el, '[part~="status"]'))).to.contain(
        'Waiting: another tab or window is billing',
      );
      await expect(el).to.be.accessible();
      job.resolve(
        makeStepResult(makeRun({id: 'r2', config: {title: 'January'} as never}), {
          counters: {invoices: 0, credits: 0, lines: 0, errors: 0},
          totals: [],
        }) as never,
      );
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      const summary = textOf(part(el, '[part~="summary"]'));
      expect(summary).to.contain('Nothing was left to bill');
      expect(summary).to.contain('another tab or window billed');
      expect(textOf(part(el, '[part~="summary"] h3'))).to.contain('January');
    });

    it('asks before the page unloads while a run bills', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      const el = await formWith(client);
      const unload = () => {
        const event = new Event('beforeunload', {cancelable: true});
        window.dispatchEvent(event);
        return event.defaultPrevented;
      };
      expect(unload()).to.equal(false);
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      expect(unload()).to.equal(true);
      job.resolve(makeStepResult(makeRun({id: 'r1'})) as never);
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      expect(unload()).to.equal(false);
    });

    it('drops its summary and field messages when the client changes', async () => {
      const client = new FakeClient();
      const el = await formWith(client);
      await el.start();
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      el.periodEnd = '';
      await el.start();
      await el.updateComplete;
      expect(parts(el, '[part~="field-error"]').length).to.be.greaterThan(0);
      el.client = new FakeClient();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="summary"]')).to.equal(null);
      expect(
        parts(el, '[part~="field-error"]').filter((each) => textOf(each) !== ''),
      ).to.have.length(0);
    });

    it('reports nothing of a run whose client is no longer in use', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      const el = await formWith(client);
      const events: string[] = [];
      el.addEventListener('invoice-run-complete', () => events.push('complete'));
      el.addEventListener('invoice-run-error', () => events.push('error'));
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      el.client = new FakeClient();
      await el.updateComplete;
      job.reject(codedError('WORKER_TERMINATED'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await el.updateComplete;
      expect(events).to.deep.equal([]);
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
      expect(parts(el, '[part~="start-button"]')).to.have.length(1);
    });
  });

  describe('preview', () => {
    it('shows what a run would create without storing it', async () => {
      const client = new FakeClient();
      client.previewResult = {
        config: makeRun({id: 'p'}).config,
        invoices: Array.from({length: 300}, (_, n) =>
          makeInvoice({id: `p${n}`, runId: null, accountId: `a${n}`, gross: '11.90'}),
        ),
        counters: {invoices: 300, credits: 0, lines: 300, errors: 0},
        totals: [{currency: 'EUR', net: '3000.00', tax: '570.00', gross: '3570.00'}],
        errors: [],
        warnings: [],
      };
      const el = await formWith(client);
      await click(part(el, '[part~="preview-button"]'));
      await waitFor(() => el.shadowRoot!.querySelector('[part~="preview"]'), 'the preview');
      expect(client.callsOf('startRun')).to.have.length(0);
      expect(client.callsOf('preview')).to.have.length(1);
      expect(textOf(part(el, '[part~="preview"] h3'))).to.contain('nothing is stored');
      await waitFor(() => parts(el, '[part~="row"]').length > 0, 'preview rows');
      const rows = parts(el, '[part~="row"]').length;
      expect(rows).to.be.greaterThan(0).and.lessThan(100);
      await expect(el).to.be.accessible();
    });
  });

  it('formats in the language of the page and replaces texts through messages', async () => {
    const client = new FakeClient();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="fr-FR">
        <invoice-run-form
          .client=${client}
          .messages=${{start: 'Lancer', heading: 'Nouvelle facturation'}}
          period-start="2026-01-01"
          period-end="2026-01-31"
        ></invoice-run-form>
      </div>`,
    );
    const el = wrapper.querySelector('invoice-run-form')!;
    await el.updateComplete;
    expect(textOf(part(el, '[part~="start-button"]'))).to.equal('Lancer');
    expect(textOf(part(el, 'h2'))).to.equal('Nouvelle facturation');
    expect(textOf(part(el, '[part~="preview-button"]'))).to.equal('Preview');
    await el.start();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="totals"]'), 'the totals');
    expect(textOf(part(el, '[part~="totals"]'))).to.contain('20,00 €');
  });

  it('can be used with the keyboard alone: fields, filters, start and cancel', async () => {
    const client = new FakeClient();
    client.manualJobs = true;
    client.filterList = [
      filter('eu', 'subscription', 'EU'),
      filter('us', 'subscription', 'US'),
      filter('usage', 'transaction', 'Usage'),
    ];
    const el = await formWith(client, false);
    el.locale = 'en-US';
    await el.updateComplete;
    part<HTMLInputElement>(el, '#periodStart').focus();
    // Date fields take the digits of the locale's order (en-US: month, day, year); Chromium
    // may stop on the calendar button of a date field, so Tab until the next field has focus.
    await sendKeys({type: '01012026'});
    await tabTo(part(el, '#periodEnd'));
    await sendKeys({type: '01312026'});
    await tabTo(part(el, '#invoiceDate'));
    // An empty date field takes Tab through its month, day and year.
    await tabTo(part(el, '#runTitle'), 5);
    await sendKeys({type: 'January'});
    await sendKeys({press: 'Tab'});
    const radios = parts<HTMLInputElement>(el, 'input[type="radio"]');
    expect(deepActiveElement()).to.equal(radios[0]);
    await sendKeys({press: 'ArrowDown'});
    expect(radios[1]!.checked).to.equal(true);
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(part(el, 'input[type="checkbox"]'));
    await sendKeys({press: 'Space'});
    await sendKeys({press: 'Tab'});
    expect(deepActiveElement()).to.equal(part(el, '[part~="start-button"]'));
    await sendKeys({press: 'Enter'});
    const job = await waitFor(() => client.pendingJob, 'the run started');
    expect(job.config).to.deep.equal({
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      subscriptionFilter: 'us',
      transactionFilters: ['usage'],
      genericFilters: [],
      title: 'January',
    });
    await el.updateComplete;
    expect(deepActiveElement()).to.equal(part(el, '[part~="cancel-button"]'));
    await sendKeys({press: 'Enter'});
    await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
    expect(textOf(part(el, '[part~="summary"] h3'))).to.contain('cancelled');
    expect(deepActiveElement()).to.equal(part(el, '#result-heading'));
  });

  describe('in the words of the clerk (issue 12, point 6)', () => {
    it('says an invoice date it cannot use (year 275760) at the field, not in a box', async () => {
      const client = new FakeClient();
      const el = await formWith(client);
      el.locale = 'en-US';
      const field = part<HTMLInputElement>(el, '#invoiceDate');
      field.focus();
      // Chromium's date field takes a year of up to six digits, as the clerk found.
      await sendKeys({type: '0131275760'});
      await el.updateComplete;
      expect(field.value).to.equal('275760-01-31');
      await click(part(el, '[part~="start-button"]'));
      await el.updateComplete;
      expect(client.callsOf('startRun')).to.have.length(0);
      expect(textOf(part(el, '#invoiceDate-error'))).to.equal(
        'Enter a complete date: day, month and a year of four digits.',
      );
      expect(field.getAttribute('aria-invalid')).to.equal('true');
      expect(field.getAttribute('aria-describedby')).to.contain('invoiceDate-error');
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
      expect(deepActiveElement()).to.equal(field);
      await expect(el).to.be.accessible();
      // Typed over (month, day, year again), the message goes; the run starts with the date.
      field.blur();
      field.focus();
      await sendKeys({type: '01312026'});
      await el.updateComplete;
      expect(field.value).to.equal('2026-01-31');
      expect(el.shadowRoot!.querySelector('#invoiceDate-error')).to.equal(null);
      await el.start();
      expect(client.callsOf('startRun')[0]![0]).to.include({invoiceDate: '2026-01-31'});
    });

    it('does not drop a half-typed invoice date: it says so at the field', async () => {
      const client = new FakeClient();
      const el = await formWith(client);
      el.locale = 'en-US';
      const field = part<HTMLInputElement>(el, '#invoiceDate');
      field.focus();
      await sendKeys({type: '013'});
      expect(field.value).to.equal('');
      await el.start();
      expect(client.callsOf('startRun')).to.have.length(0);
      expect(textOf(part(el, '#invoiceDate-error'))).to.contain('Enter a complete date');
    });

    it("puts the worker's refusal of a date at its field, in the form's words", async () => {
      const client = new FakeClient();
      client.failures.set(
        'startRun',
        Object.assign(codedError('INVALID_CONFIG', 'invoiceDate: "9999-99-99" is not a date'), {
          faults: [
            {path: 'invoiceDate', message: '"9999-99-99" is not a calendar date (YYYY-MM-DD)'},
          ],
        }),
      );
      const el = await formWith(client);
      el.invoiceDate = '2026-01-31';
      await el.start();
      await waitFor(() => el.shadowRoot!.querySelector('#invoiceDate-error'), 'the field error');
      expect(textOf(part(el, '#invoiceDate-error'))).to.contain('Enter a complete date');
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
      expect(textOf(part(el, 'form'))).not.to.contain('YYYY-MM-DD');
      expect(textOf(part(el, 'form'))).not.to.contain('invoiceDate');
      await expect(el).to.be.accessible();
    });

    it('asks before a period longer than 12 months, and starts only when told to', async () => {
      const client = new FakeClient();
      const el = await formWith(client);
      el.locale = 'en-US';
      el.periodEnd = '2035-12-31';
      await el.updateComplete;
      const start = part<HTMLButtonElement>(el, '[part~="start-button"]');
      await click(start);
      const dialog = part<HTMLDialogElement>(el, '#confirm');
      await waitFor(() => dialog.open, 'the question');
      expect(textOf(dialog)).to.contain('Bill more than a year at once?');
      expect(textOf(dialog)).to.contain(
        'The period Jan 1, 2026 – Dec 31, 2035 is 3,652 days long, more than 12 months.',
      );
      expect(client.callsOf('startRun')).to.have.length(0);
      // The safe choice has the focus.
      expect(deepActiveElement()).to.equal(dialog.querySelector('button[value="cancel"]'));
      await expect(el).to.be.accessible();
      await sendKeys({press: 'Enter'});
      await waitFor(() => !dialog.open, 'closed');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(client.callsOf('startRun')).to.have.length(0);
      expect(deepActiveElement()).to.equal(start);
      // Asked again, and started.
      await click(start);
      await waitFor(() => dialog.open, 'the question again');
      await click(part(el, '[part~="confirm-button"]'));
      await waitFor(() => client.callsOf('startRun').length === 1, 'the run');
      expect(client.callsOf('startRun')[0]![0]).to.include({periodEnd: '2035-12-31'});
    });

    it('starts a period of exactly 12 months without a question', async () => {
      const client = new FakeClient();
      const el = await formWith(client);
      el.periodEnd = '2026-12-31';
      await el.start();
      expect(part<HTMLDialogElement>(el, '#confirm').open).to.equal(false);
      expect(client.callsOf('startRun')[0]![0]).to.include({periodEnd: '2026-12-31'});
    });
  });

  describe('layout and access (issue 12, point 7)', () => {
    it('fits the width of a phone: the totals fold into labelled amounts', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      client.filterList = [filter('all', 'subscription', 'All subscriptions')];
      const el = await formWith(client);
      el.style.width = '320px';
      el.locale = 'en-US';
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      job.resolve(
        makeStepResult(makeRun({id: 'r9'}), {
          totals: [
            {currency: 'EUR', net: '4978237.20', tax: '921285.94', gross: '5899523.14'},
            {currency: 'JPY', net: '1834018', tax: '341184', gross: '2175202'},
            {currency: 'USD', net: '1720145.08', tax: '317705.85', gross: '2037850.93'},
          ],
        }) as never,
      );
      await waitFor(() => el.shadowRoot!.querySelector('[part~="summary"]'), 'the summary');
      const base = part(el, '[part~="base"]');
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      expect(el.getBoundingClientRect().width).to.equal(320);
      const gross = parts(el, '[part~="totals"] td')[2]!;
      expect(getComputedStyle(gross, '::before').content).to.equal('"Gross"');
      expect(gross.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right);
      await expect(el).to.be.accessible();
    });

    it('keeps hundreds of errors of a run in a compact list that scrolls', async () => {
      const client = new FakeClient();
      client.manualJobs = true;
      const el = await formWith(client);
      void el.start();
      const job = await waitFor(() => client.pendingJob, 'the run started');
      job.resolve(
        makeStepResult(makeRun({id: 'r9'}), {
          status: 'completed-with-errors',
          counters: {invoices: 3, credits: 0, lines: 3, errors: 278},
          errors: Array.from({length: 278}, (_, n) => ({
            source: 'record' as const,
            id: `ORDER-${n}`,
            code: 'ACCOUNT_NOT_ACTIVE' as never,
            message: `Record ORDER-${n} belongs to an inactive account.`,
          })),
        }) as never,
      );
      const summary = await waitFor(
        () => el.shadowRoot!.querySelector('[part~="summary"]'),
        'the summary',
      );
      await click(part(el, '[part~="issues"] summary'));
      const list = part(el, '[part~="issue-list"]');
      expect(list.querySelectorAll('li')).to.have.length(278);
      expect(summary.getBoundingClientRect().height).to.be.lessThan(600);
      expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
      expect(list.tabIndex).to.equal(0);
      expect(list.getAttribute('aria-label')).to.equal('Errors of the run');
      await expect(el).to.be.accessible();
    });
  });

  describe('preselected filters (issue 12, point 8)', () => {
    it('takes the filters a host preselects, and bills with them', async () => {
      const client = new FakeClient();
      client.filterList = [
        filter('all', 'subscription', 'All subscriptions'),
        filter('eu', 'subscription', 'EU customers'),
        filter('metering', 'transaction', 'Metered usage'),
        filter('manual', 'transaction', 'Manually entered usage'),
        filter('service', 'generic', 'Service orders'),
      ];
      const el = await formWith(client);
      el.subscriptionFilter = 'all';
      el.transactionFilters = ['metering'];
      el.genericFilters = ['service'];
      await el.updateComplete;
      const checked = parts<HTMLInputElement>(el, 'input:checked').map((input) => input.value);
      expect(checked).to.deep.equal(['all', 'metering', 'service']);
      // The clerk unchecks one: the property follows.
      await click(parts<HTMLInputElement>(el, 'input[name="genericFilters"]')[0]!);
      expect(el.genericFilters).to.deep.equal([]);
      await el.start();
      expect(client.callsOf('startRun')[0]![0]).to.deep.include({
        subscriptionFilter: 'all',
        transactionFilters: ['metering'],
        genericFilters: [],
      });
    });
  });
});
