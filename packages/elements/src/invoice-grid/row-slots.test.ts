import {expect} from '@open-wc/testing';
import {RowSlots} from './row-slots.js';

const range = (from: number, to: number) =>
  Array.from({length: to - from + 1}, (_, at) => `r${from + at}`);

describe('row slots', () => {
  it('keeps the slot of a row while it stays drawn', () => {
    const slots = new RowSlots();
    const first = slots.assign(range(0, 9));
    const next = slots.assign(range(3, 12));
    expect(next.slice(0, 7)).to.deep.equal(first.slice(3));
  });

  it('gives the rows that come the slots of the rows that went, and makes none', () => {
    const slots = new RowSlots();
    const first = slots.assign(range(0, 9));
    const down = slots.assign(range(4, 13));
    // The rows that left the top, last drawn first: the DOM moves only them.
    expect(down.slice(6)).to.deep.equal(first.slice(0, 4).reverse());
    const up = slots.assign(range(0, 9));
    expect(up.slice(0, 4)).to.deep.equal(down.slice(6).reverse());
    expect(new Set([...first, ...down, ...up]).size).to.equal(10);
  });

  it('makes a slot only for a row more than were drawn, and never gives one twice', () => {
    const slots = new RowSlots();
    slots.assign(range(0, 4));
    const more = slots.assign([...range(20, 24), 'r2']);
    expect(new Set(more).size).to.equal(6);
    expect(more[5]).to.equal('s2');
  });
});
