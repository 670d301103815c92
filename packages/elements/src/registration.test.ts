import {expect, fixture} from '@open-wc/testing';
import {unsafeStatic, html as staticHtml} from 'lit/static-html.js';
import {
  InvoiceRunProvider,
  RemainingPicker,
  RunHistory,
  defineElement,
  defineElements,
  elementTags,
} from './index.js';
import {PACKAGE_VERSION} from './internal/version.js';
import {FakeClient, makeRun} from './test-support/fake-client.js';
import {click, part, waitFor} from './test-support/helpers.js';

/** Another library's element that took one of our default tags before we were loaded. */
class OtherLibraryHistory extends HTMLElement {
  static version = '2.0.0';
}

function recordWarnings(action: () => void): string[] {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    action();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

// This file runs in a page of its own: nothing is registered before the first test.
describe('defineElements', () => {
  before(() => {
    customElements.define('run-history', OtherLibraryHistory);
  });

  it('registers every element under names with a prefix, beside a conflicting tag', () => {
    let registered: ReturnType<typeof defineElements> | undefined;
    const warnings = recordWarnings(() => {
      registered = defineElements({prefix: 'acme', names: {'run-schedules': 'acme-schedules'}});
    });
    expect(warnings).to.deep.equal([]);
    expect(registered).to.deep.equal({
      'invoice-run-provider': 'acme-invoice-run-provider',
      'invoice-run-form': 'acme-invoice-run-form',
      'run-history': 'acme-run-history',
      'remaining-picker': 'acme-remaining-picker',
      'run-schedules': 'acme-schedules',
      'invoice-grid': 'acme-invoice-grid',
      'line-explanation': 'acme-line-explanation',
      'invoice-document': 'acme-invoice-document',
    });
    expect(customElements.get('acme-run-history')).to.equal(RunHistory);
    expect(customElements.get('run-history')).to.equal(OtherLibraryHistory);
  });

  it('leaves a tag of another library alone and says so, naming that library, not a copy of ours', () => {
    let registered: ReturnType<typeof defineElements> | undefined;
    const warnings = recordWarnings(() => {
      registered = defineElements();
    });
    expect(customElements.get('run-history')).to.equal(OtherLibraryHistory);
    // The history is still ours under its new name; a class takes one name.
    expect(registered!['run-history']).to.equal('acme-run-history');
    const aboutHistory = warnings.filter((warning) => warning.includes('<run-history>'));
    expect(aboutHistory).to.have.length(1);
    expect(aboutHistory[0]).to.contain('another library (class OtherLibraryHistory)');
    expect(aboutHistory[0]).to.contain('not by @invoice-run/elements');
    expect(aboutHistory[0]).not.to.contain('another copy');
    expect(aboutHistory[0]).not.to.contain('version');
    expect(aboutHistory[0]).to.contain("defineElements({prefix: 'acme'})");
    // The other seven are already registered under the names above: each says which.
    expect(
      warnings.filter((warning) => warning.includes('already registered as <acme-')),
    ).to.have.length(7);
  });

  it('tells another version of this package apart from another library', () => {
    class OlderCopy extends HTMLElement {
      static readonly [PACKAGE_VERSION] = '0.0.1';
    }
    class SameVersionCopy extends HTMLElement {
      static readonly [PACKAGE_VERSION] = RunHistory.version;
    }
    customElements.define('other-run-history', OlderCopy);
    customElements.define('same-run-history', SameVersionCopy);
    class Fresh extends RunHistory {}
    const warnings = recordWarnings(() => {
      defineElement('same-run-history', Fresh);
      defineElement('other-run-history', Fresh);
    });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<other-run-history> is already registered by version 0.0.1');
    expect(warnings[0]).to.contain(`version ${RunHistory.version} is not registered again`);
  });

  it('refuses names that are no custom element names, before registering anything', () => {
    expect(() => elementTags({prefix: 'Acme'})).to.throw(TypeError, /no prefix/);
    expect(() => elementTags({names: {'run-history': 'history'}})).to.throw(TypeError, /<history>/);
    expect(() =>
      elementTags({names: {'run-history': 'acme-x', 'remaining-picker': 'acme-x'}}),
    ).to.throw(TypeError, /both run-history and remaining-picker/);
  });

  it('works under the new names: the provider hands its client, the history opens its picker', async () => {
    const client = new FakeClient();
    const run = makeRun({id: 'r1'});
    client.runList = [run];
    client.remainingByRun.set('r1', {
      run,
      subscriptions: [{id: 's1', account: 'a1', totals: []}],
      records: [],
    });
    const provider = await fixture<InvoiceRunProvider>(
      staticHtml`<${unsafeStatic('acme-invoice-run-provider')} .client=${client}>
        <acme-run-history locale="en-US"></acme-run-history>
      </${unsafeStatic('acme-invoice-run-provider')}>`,
    );
    expect(provider).to.be.instanceOf(InvoiceRunProvider);
    const history = provider.querySelector<RunHistory>('acme-run-history')!;
    expect(history).to.be.instanceOf(RunHistory);
    const open = await waitFor(
      () => history.shadowRoot!.querySelector<HTMLElement>('[part~="remaining-button"]'),
      'the runs, through the provider',
    );
    await click(open);
    const dialog = part<HTMLDialogElement>(history, '#remaining');
    await waitFor(() => dialog.open, 'the dialog');
    // The picker inside is ours under its new name, not the other library's element.
    const picker = dialog.querySelector<RemainingPicker>('acme-remaining-picker')!;
    expect(picker).to.be.instanceOf(RemainingPicker);
    expect(dialog.querySelector('remaining-picker')).to.equal(null);
    await waitFor(() => picker.shadowRoot!.querySelector('[part~="row"]'), 'the picker rows');
    await expect(provider).to.be.accessible();
  });
});
