/**
 * The review elements written into a page that registered the default tags: loaded when one of
 * their tags appears in the document, or when the page asks (`loadReviewElements`).
 */
import {expect, fixture, html} from '@open-wc/testing';
import './define.js';
import type {InvoiceDocument} from './invoice-document/invoice-document.js';
import {loadReviewElements} from './registration.js';
import {part, textOf} from './test-support/helpers.js';

describe('review elements in the page’s own markup', () => {
  it('are loaded and upgraded when one of their tags appears in the document', async () => {
    expect(customElements.get('invoice-document')).to.equal(undefined);
    const element = await fixture<InvoiceDocument>(html`<invoice-document></invoice-document>`);
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
