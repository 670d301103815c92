import {expect} from '@open-wc/testing';
import {html as staticHtml} from 'lit/static-html.js';
import {render} from 'lit';
import {staticTagOf, tagOf} from './element-tag.js';

describe('tagOf', () => {
  it('names the tag a class is registered under, or its usual tag before it is', () => {
    class Renamed extends HTMLElement {}
    expect(tagOf(Renamed, 'usual-tag')).to.equal('usual-tag');
    customElements.define('a-page-own-name', Renamed);
    expect(tagOf(Renamed, 'usual-tag')).to.equal('a-page-own-name');
    // A template follows the registration.
    const host = document.createElement('div');
    const tag = staticTagOf(Renamed, 'usual-tag');
    render(staticHtml`<${tag}></${tag}>`, host);
    expect(host.firstElementChild).to.be.instanceOf(Renamed);
  });
});
