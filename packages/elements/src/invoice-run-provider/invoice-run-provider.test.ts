import {expect, fixture, html} from '@open-wc/testing';
import '../define.js';
import type {InvoiceRunProvider} from './invoice-run-provider.js';
import type {InvoiceRunForm} from '../invoice-run-form/invoice-run-form.js';
import type {RunHistory} from '../run-history/run-history.js';
import {InvoiceRunForm as FormClass} from '../invoice-run-form/invoice-run-form.js';
import {defineElement} from '../internal/define-element.js';
import {PACKAGE_VERSION} from '../internal/version.js';
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

describe('data from the host is text, never markup', () => {
  it('a run titled with HTML shows the title as it is written', async () => {
    const hostile = '<img src=x onerror="window.pwned = true"><b>bold</b>';
    const client = new FakeClient();
    client.runList = [makeRun({id: 'r1', config: {title: hostile} as never})];
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider .client=${client}
        ><run-history></run-history
      ></invoice-run-provider>`,
    );
    const history = el.querySelector<RunHistory>('run-history')!;
    await waitFor(
      () => textOf(history.shadowRoot!.querySelector('tbody')).includes(hostile),
      'the title',
    );
    expect(history.shadowRoot!.querySelector('tbody img, tbody b')).to.equal(null);
    expect((window as {pwned?: boolean}).pwned).to.equal(undefined);
  });
});

/** Replaces methods of the page's `navigator.storage` until `restore()`. */
function stubStorage(methods: Partial<Record<'persisted' | 'persist' | 'estimate', unknown>>) {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(navigator.storage, name, {configurable: true, value});
  }
  return {
    restore() {
      for (const name of Object.keys(methods)) {
        delete (navigator.storage as unknown as Record<string, unknown>)[name];
      }
    },
  };
}

describe('<invoice-run-provider> storage notice', () => {
  let stub: {restore(): void} | undefined;
  afterEach(() => stub?.restore());

  it('says when storage is not persistent, and asks the browser to keep it on a click', async () => {
    let persisted = false;
    let asked = 0;
    stub = stubStorage({
      persisted: () => Promise.resolve(persisted),
      estimate: () => Promise.resolve({usage: 10 * 2 ** 20, quota: 10 * 2 ** 30}),
      persist: () => {
        asked++;
        persisted = true;
        return Promise.resolve(true);
      },
    });
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider><p>Billing</p></invoice-run-provider>`,
    );
    const notice = await waitFor(
      () => el.shadowRoot!.querySelector('[part~="storage-notice"]'),
      'the notice',
    );
    expect(notice.getAttribute('role')).to.equal('status');
    expect(textOf(notice)).to.contain('storage is not persistent');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, '[part~="storage-persist"]').click();
    await waitFor(
      () => el.shadowRoot!.querySelector('[part~="storage-notice"]') === null,
      'the notice to go',
    );
    expect(asked).to.equal(1);
  });

  it('says when storage is nearly full', async () => {
    stub = stubStorage({
      persisted: () => Promise.resolve(true),
      estimate: () => Promise.resolve({usage: 950 * 2 ** 20, quota: 1000 * 2 ** 20}),
    });
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider lang="en"><p>Billing</p></invoice-run-provider>`,
    );
    const notice = await waitFor(
      () => el.shadowRoot!.querySelector('[part~="storage-notice"]'),
      'the notice',
    );
    expect(textOf(notice)).to.contain('95 % full (950 of 1,000 MB)');
    expect(el.shadowRoot!.querySelector('[part~="storage-persist"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows nothing when storage is persistent with room to spare, until it is checked again', async () => {
    let usage = 10 * 2 ** 20;
    stub = stubStorage({
      persisted: () => Promise.resolve(true),
      estimate: () => Promise.resolve({usage, quota: 100 * 2 ** 20}),
    });
    const el = await fixture<InvoiceRunProvider>(
      html`<invoice-run-provider><p>Billing</p></invoice-run-provider>`,
    );
    await el.checkStorage();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="storage-notice"]')).to.equal(null);
    usage = 99 * 2 ** 20;
    await el.checkStorage();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="storage-notice"]')).not.to.equal(null);
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
      static readonly [PACKAGE_VERSION] = FormClass.version;
    }
    class OtherVersion extends HTMLElement {
      static readonly [PACKAGE_VERSION] = '0.0.1';
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
