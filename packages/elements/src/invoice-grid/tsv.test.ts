import {expect} from '@open-wc/testing';
import {parseTsv, toTsv} from './tsv.js';

describe('tab-separated text', () => {
  it('writes rows as spreadsheets copy them, quoting what needs it', () => {
    expect(
      toTsv([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).to.equal('a\tb\n1\t2\n');
    expect(toTsv([['say "hi"', 'two\nlines', 'tab\there']])).to.equal(
      '"say ""hi"""\t"two\nlines"\t"tab\there"\n',
    );
  });

  it('reads what spreadsheets put on the clipboard', () => {
    expect(parseTsv('a\tb\r\n1\t2\r\n')).to.deep.equal([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseTsv('5\n5\n150')).to.deep.equal([['5'], ['5'], ['150']]);
    expect(parseTsv('"two\nlines"\t"a ""quote"""\n')).to.deep.equal([['two\nlines', 'a "quote"']]);
    expect(parseTsv('a\t\n')).to.deep.equal([['a', '']]);
    expect(parseTsv('')).to.deep.equal([]);
  });

  it('reads back what it writes', () => {
    const rows = [
      ['Setup fee', '1', '12,5'],
      ['with\ttab', '"quoted"', ''],
    ];
    expect(parseTsv(toTsv(rows))).to.deep.equal(rows);
  });
});
