/**
 * What a page loads on first use: the review elements (under the names the page chose) when the
 * history opens a run, and a language's texts before a component first renders in it. This page
 * imports none of the review classes and registers the elements with a prefix.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {defineElements} from './registration.js';
import type {RunHistory} from './run-history/run-history.js';
import {gridClient} from './test-support/grid-data.js';
import {click, part, textOf, waitFor} from './test-support/helpers.js';

/** The texts a shadow root shows, from now until `stop()`, one entry per change. */
function recordTexts(root: ShadowRoot): {texts: string[]; stop: () => void} {
  const texts: string[] = [];
  const observer = new MutationObserver(() => texts.push(root.textContent ?? ''));
  observer.observe(root, {childList: true, subtree: true, characterData: true});
  return {texts, stop: () => observer.disconnect()};
}

describe('loaded on first use', () => {
  let registered: ReturnType<typeof defineElements>;
  before(() => {
    registered = defineElements({prefix: 'acme', names: {'invoice-grid': 'acme-grid'}});
  });

  it('speaks German from the first render on a page in German', async () => {
    const page = await fixture<HTMLElement>(html`<div lang="de"></div>`);
    const history = document.createElement('acme-run-history') as RunHistory;
    // Connected, the history has its shadow root; its first render waits for the German texts.
    page.append(history);
    const shown = recordTexts(history.shadowRoot!);
    await history.updateComplete;
    shown.stop();
    expect(textOf(part(history, '[part~="heading"]'))).to.equal('Rechnungsläufe');
    expect(shown.texts.length).to.be.greaterThan(0);
    expect(shown.texts.join('\n')).not.to.contain('Invoice runs');
  });

  it('reserves the review elements’ names and loads them when the history opens a run', async () => {
    expect(registered['invoice-grid']).to.equal('acme-grid');
    expect(registered['line-explanation']).to.equal('acme-line-explanation');
    expect(registered['invoice-document']).to.equal('acme-invoice-document');
    expect(customElements.get('acme-run-history')).not.to.equal(undefined);
    // Nothing on the page needs them yet: not loaded, not registered.
    expect(customElements.get('acme-grid')).to.equal(undefined);
    expect(customElements.get('acme-line-explanation')).to.equal(undefined);
    expect(customElements.get('acme-invoice-document')).to.equal(undefined);

    const history = await fixture<RunHistory>(
      html`<acme-run-history .client=${gridClient(3)} locale="en-US"></acme-run-history>`,
    );
    const open = await waitFor(
      () => history.shadowRoot!.querySelector<HTMLElement>('[part~="open-button"][data-run="r1"]'),
      'the run',
    );
    const shown = recordTexts(history.shadowRoot!);
    await click(open);
    const grid = await waitFor(
      () => history.shadowRoot!.querySelector<HTMLElement>('[part~="invoices"]'),
      'the grid',
    );
    shown.stop();
    // Meanwhile the history said what it was doing, in a status.
    expect(shown.texts.some((text) => text.includes('Loading the invoices…'))).to.equal(true);
    // The grid under the page's name for it, and the elements it opens under theirs.
    expect(grid.localName).to.equal('acme-grid');
    expect(customElements.get('acme-grid')).to.equal(grid.constructor);
    expect(customElements.get('acme-line-explanation')).not.to.equal(undefined);
    expect(customElements.get('acme-invoice-document')).not.to.equal(undefined);
    expect(customElements.get('invoice-grid')).to.equal(undefined);
    await waitFor(() => grid.shadowRoot?.querySelector('[part~="row"]'), 'the grid’s rows');
    await expect(history).to.be.accessible();
  });
});
