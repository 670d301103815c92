/**
 * The review elements in the page's own markup before the elements are registered (a server
 * rendered page, a page that registers them last): loaded as the names are given.
 */
import {expect, fixture, html} from '@open-wc/testing';
import type {InvoiceDocument} from './invoice-document/invoice-document.js';
import {defineElements, loadReviewElements} from './registration.js';
import {part, textOf} from './test-support/helpers.js';

describe('review elements already in the page’s markup', () => {
  it('are loaded and upgraded when their names are given', async () => {
    const element = await fixture<InvoiceDocument>(html`<invoice-document></invoice-document>`);
    // The document comes last in the order of the names: each reservation looks at the page.
    const registered = defineElements();
    expect(registered['invoice-document']).to.equal('invoice-document');
    await customElements.whenDefined('invoice-document');
    expect(customElements.get('invoice-document')).to.equal(element.constructor);
    expect(customElements.get('invoice-grid')).not.to.equal(undefined);
    expect(customElements.get('line-explanation')).not.to.equal(undefined);
    await element.updateComplete;
    expect(textOf(part(element, '[part~="notice"]'))).to.equal('No invoice to show.');
  });

  it('are there once loadReviewElements resolves', async () => {
    await loadReviewElements();
    const grid = document.createElement('invoice-grid');
    expect(grid.constructor).to.equal(customElements.get('invoice-grid'));
    expect(grid).to.have.property('selectedDrafts');
  });
});
