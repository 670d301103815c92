import {expect, fixture, html} from '@open-wc/testing';
import '../define.js';
import type {InvoiceRunProvider} from './invoice-run-provider.js';
import type {InvoiceRunForm} from '../invoice-run-form/invoice-run-form.js';
import type {RunHistory} from '../run-history/run-history.js';
import {InvoiceRunForm as FormClass} from '../invoice-run-form/invoice-run-form.js';
import {defineElement} from '../internal/define-element.js';
import {
  InvoiceRunCompleteEvent,
  InvoiceRunErrorEvent,
  InvoiceRunProgressEvent,
  InvoiceRunStartEvent,
  RemainingRestoreEvent,
  RemainingRestoredEvent,
  RunRepeatRequestEvent,
  RunSelectEvent,
} from '../events.js';
import {FakeClient, filter, makeRun} from '../test-support/fake-client.js';
import {part, parts, textOf, waitFor} from '../test-support/helpers.js';

describe('<invoice-run-provider>', () => {
  it('is accessible and shows its content', async () => {
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider><p>Billing</p></invoice-run-provider>`,
    );
    await expect(el).to.be.accessible();
    expect(el.client).to.equal(undefined);
    expect(getComputedStyle(el).display).to.equal('block');
    expect(part(el, '[part~="base"] slot')).not.to.equal(null);
  });

  it('hands its client to the components inside, at any depth, and a new one later', async () => {
    const first = new FakeClient();
    first.filterList = [filter('eu', 'subscription', 'EU')];
    first.runList = [makeRun({id: 'r1'})];
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider .client=${first}>
        <section>
          <invoice-run-form></invoice-run-form>
          <run-history></run-history>
        </section>
      </invoice-run-provider>`,
    );
    const form = el.querySelector<InvoiceRunForm>('invoice-run-form')!;
    const history = el.querySelector<RunHistory>('run-history')!;
    await waitFor(() => form.shadowRoot!.querySelector('input[type="radio"]'), 'the filters');
    await waitFor(() => history.shadowRoot!.querySelector('tbody tr'), 'the runs');
    await expect(el).to.be.accessible();

    const second = new FakeClient();
    second.filterList = [filter('eu', 'subscription'), filter('us', 'subscription')];
    el.client = second;
    await waitFor(() => parts(form, 'input[type="radio"]').length === 2, 'the new filters');
    await waitFor(() => history.shadowRoot!.querySelector('[part~="notice"]'), 'no runs');
    expect(textOf(part(history, '[part~="notice"]'))).to.contain('No runs yet');
  });

  it('lets a component own client win over the provider', async () => {
    const provided = new FakeClient();
    const own = new FakeClient();
    own.filterList = [filter('mine', 'subscription', 'Mine')];
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider .client=${provided}>
        <invoice-run-form .client=${own}></invoice-run-form>
      </invoice-run-provider>`,
    );
    const form = el.querySelector<InvoiceRunForm>('invoice-run-form')!;
    await waitFor(() => form.shadowRoot!.querySelector('input[type="radio"]'), 'own filters');
    expect(provided.callsOf('filters')).to.have.length(0);
  });
});

describe('define', () => {
  it('registers every tag with its class', () => {
    expect(customElements.get('invoice-run-form')).to.equal(FormClass);
    for (const tag of ['invoice-run-provider', 'run-history', 'remaining-picker']) {
      expect(customElements.get(tag), tag).not.to.equal(undefined);
    }
  });

  it('is harmless the second time, and warns about another version', async () => {
    await import('../define.js');
    defineElement('invoice-run-form', FormClass);
    class SameVersionCopy extends HTMLElement {
      static version = FormClass.version;
    }
    class OtherVersion extends HTMLElement {
      static version = '0.0.1';
    }
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineElement('invoice-run-form', SameVersionCopy);
      expect(warnings).to.have.length(0);
      defineElement('invoice-run-form', OtherVersion);
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('invoice-run-form')).to.equal(FormClass);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.contain('0.0.1');
    expect(String(warnings[0]![0])).to.contain(String(FormClass.version));
  });
});

describe('events', () => {
  it('bubble, cross shadow roots and are typed in HTMLElementEventMap', () => {
    const run = makeRun({id: 'r1'});
    const events: Event[] = [
      new InvoiceRunStartEvent({periodStart: '2026-01-01', periodEnd: '2026-01-31'}),
      new InvoiceRunProgressEvent({phase: 'subscriptions', done: 1, total: 2}),
      new InvoiceRunCompleteEvent({} as never, 5),
      new InvoiceRunErrorEvent(new Error('x'), 'UNKNOWN'),
      new RunSelectEvent(run),
      new RunRepeatRequestEvent(run, 'remaining'),
      new RemainingRestoreEvent('r1', {subscriptions: ['s1']}),
      new RemainingRestoredEvent('r1', {} as never),
    ];
    expect(events.map((event) => event.type)).to.deep.equal([
      'invoice-run-start',
      'invoice-run-progress',
      'invoice-run-complete',
      'invoice-run-error',
      'run-select',
      'run-repeat-request',
      'remaining-restore',
      'remaining-restored',
    ]);
    for (const event of events) {
      expect(event.bubbles, event.type).to.equal(true);
      expect(event.composed, event.type).to.equal(true);
    }
    // Type-level: the listener gets the event class, not a plain Event.
    const target = document.createElement('div');
    target.addEventListener('run-repeat-request', (event) => {
      const mode: 'rerun' | 'remaining' = event.mode;
      expect(mode).to.equal('remaining');
    });
    target.addEventListener('invoice-run-progress', (event) => {
      const done: number = event.progress.done;
      expect(done).to.equal(1);
    });
    target.dispatchEvent(events[5]!);
    target.dispatchEvent(events[1]!);
  });
});
