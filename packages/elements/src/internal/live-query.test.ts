import {expect, fixture, html} from '@open-wc/testing';
import {LitElement} from 'lit';
import type {Unsubscribe} from '@invoice-run/worker';
import {LiveQueryController} from './live-query.js';
import {waitFor} from '../test-support/helpers.js';

/** A source of live values that records who observes it. */
class Source {
  readonly listeners = new Map<string, (value: string) => void>();
  observed: string[] = [];
  stopped: string[] = [];

  observe(key: string, listener: (value: string) => void): Unsubscribe {
    this.observed.push(key);
    this.listeners.set(key, listener);
    return () => {
      this.stopped.push(key);
      this.listeners.delete(key);
    };
  }

  send(key: string, value: string): void {
    this.listeners.get(key)?.(value);
  }
}

class LiveHost extends LitElement {
  static override properties = {key: {}};
  declare key: string | undefined;
  source = new Source();
  values: [string, boolean][] = [];
  changes = 0;
  stops = 0;

  readonly query = new LiveQueryController<readonly [string | undefined], string>(this, {
    args: () => [this.key] as const,
    observe: ([key], deliver) =>
      key === undefined ? undefined : this.source.observe(key, deliver),
    onValue: (value, first) => this.values.push([value, first]),
    onChange: () => this.changes++,
    changeDelay: 0,
    onStop: () => this.stops++,
  });

  constructor() {
    super();
    this.key = undefined;
  }

  override render() {
    return html`${this.query.value ?? 'nothing yet'}`;
  }
}
customElements.define('live-query-host', LiveHost);

describe('LiveQueryController', () => {
  it('observes while its arguments are complete, and renders each value', async () => {
    const el = await fixture<LiveHost>(html`<live-query-host></live-query-host>`);
    expect(el.source.observed).to.deep.equal([]);
    expect(el.shadowRoot!.textContent).to.equal('nothing yet');
    el.key = 'a';
    await el.updateComplete;
    expect(el.source.observed).to.deep.equal(['a']);
    el.source.send('a', 'first');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('first');
    el.source.send('a', 'second');
    await el.updateComplete;
    expect(el.values).to.deep.equal([
      ['first', true],
      ['second', false],
    ]);
    // Changes after the first value are reported (after the delay, several as one).
    el.source.send('a', 'third');
    await waitFor(() => el.changes === 1, 'one change reported for two values');
  });

  it('starts again when its arguments change, and drops values of the old observation', async () => {
    const el = await fixture<LiveHost>(html`<live-query-host></live-query-host>`);
    el.key = 'a';
    await el.updateComplete;
    const late = el.source.listeners.get('a')!;
    el.source.send('a', 'of a');
    await el.updateComplete;
    el.key = 'b';
    await el.updateComplete;
    expect(el.source.stopped).to.deep.equal(['a']);
    expect(el.source.observed).to.deep.equal(['a', 'b']);
    expect(el.stops).to.equal(1);
    // The old value is forgotten at once, and a late value of the stopped observation is dropped.
    expect(el.query.value).to.equal(undefined);
    late('late value of a');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('nothing yet');
    el.source.send('b', 'of b');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('of b');
    expect(el.values.at(-1)).to.deep.equal(['of b', true]);
  });

  it('stops when the element leaves the page and observes again when it comes back', async () => {
    const el = await fixture<LiveHost>(html`<live-query-host></live-query-host>`);
    el.key = 'a';
    await el.updateComplete;
    const parent = el.parentElement!;
    el.remove();
    expect(el.source.stopped).to.deep.equal(['a']);
    parent.append(el);
    await el.updateComplete;
    expect(el.source.observed).to.deep.equal(['a', 'a']);
  });
});
