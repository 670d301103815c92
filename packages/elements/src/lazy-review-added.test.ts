/**
 * The review elements written into a page after the elements are registered (`define.js`): loaded
 * when one of their tags appears in the document.
 */
import {expect, fixture, html} from '@open-wc/testing';
import './define.js';
import type {LineExplanation} from './line-explanation/line-explanation.js';

describe('review elements added to the page', () => {
  it('are loaded and upgraded when one of their tags appears in the document', async () => {
    expect(customElements.get('line-explanation')).to.equal(undefined);
    const element = await fixture<LineExplanation>(html`<line-explanation></line-explanation>`);
    await customElements.whenDefined('line-explanation');
    expect(customElements.get('line-explanation')).to.equal(element.constructor);
    expect(customElements.get('invoice-grid')).not.to.equal(undefined);
    expect(customElements.get('invoice-document')).not.to.equal(undefined);
  });
});
