// The reference docs (docs/*.md) state facts about the engine; these tests keep the checkable ones
// true: every worked example is what the engine computes, and every link between the documents
// (and from the READMEs) finds its file and heading.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {InvoiceRunEngine, MemoryStore, firingPeriod, scheduledInvoiceDate} from '../src/index.js';
import type {Invoice} from '../src/index.js';

const root = join(import.meta.dirname, '../../..');
const docs = join(root, 'docs');

function read(file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => slug(match[1]!)));
}

describe('the docs', () => {
  const documents = [
    ...readdirSync(docs)
      .filter((file) => file.endsWith('.md'))
      .map((file) => `docs/${file}`),
    'README.md',
    'CHANGELOG.md',
    'packages/core/README.md',
    'packages/worker/README.md',
    'packages/elements/README.md',
  ];

  it.each(documents)('%s: every relative link finds its file and heading', (document) => {
    const text = read(document).replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const file =
        path === '' ? join(root, document) : resolve(dirname(join(root, document)), path!);
      if (!existsSync(file)) broken.push(`${target} (no file)`);
      else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor)) {
        broken.push(`${target} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('cites no specification outside the repository', () => {
    for (const document of documents) expect(read(document), document).not.toMatch(/shared\/spec/);
  });
});

describe('scheduling.md: the periods in its tables', () => {
  const text = read('docs/scheduling.md');
  const rules = {interval: '1m', alignment: 'previous', shiftDays: 0, startOfWeek: 1} as const;
  // [fired on, rules, period start, period end, the table row's text]
  const examples: [
    string,
    Partial<typeof rules> | Record<string, unknown>,
    string,
    string,
    string,
  ][] = [
    ['2026-07-09', {}, '2026-06-01', '2026-06-30', '| `1m`, previous | 2026-06-01 .. 2026-06-30 |'],
    ['2026-07-09', {alignment: 'current'}, '2026-07-01', '2026-07-31', '| `1m`, current |'],
    ['2026-07-09', {alignment: 'next'}, '2026-08-01', '2026-08-31', '| `1m`, next |'],
    ['2026-07-09', {interval: '2m'}, '2026-05-01', '2026-06-30', '| `2m`, previous |'],
    [
      '2026-07-09',
      {interval: '2m', alignment: 'current'},
      '2026-07-01',
      '2026-08-31',
      '| `2m`, current |',
    ],
    [
      '2026-07-09',
      {interval: '-2m', alignment: 'current'},
      '2026-06-01',
      '2026-07-31',
      '| `-2m`, current |',
    ],
    [
      '2026-07-09',
      {interval: '1w'},
      '2026-06-29',
      '2026-07-05',
      '| `1w`, previous, weeks from Monday |',
    ],
    [
      '2026-07-09',
      {interval: '1w', startOfWeek: 7},
      '2026-06-28',
      '2026-07-04',
      '(`startOfWeek` 7) |',
    ],
    ['2026-07-09', {interval: '14d'}, '2026-06-25', '2026-07-08', '| `14d`, previous |'],
    [
      '2026-07-09',
      {interval: '-14d', alignment: 'current'},
      '2026-06-26',
      '2026-07-09',
      '| `-14d`, current |',
    ],
    [
      '2026-07-09',
      {shiftDays: -10},
      '2026-05-01',
      '2026-05-31',
      '`shiftDays` -10 (D = 2026-06-29) |',
    ],
    ['2026-07-09', {interval: '1-20'}, '2026-07-01', '2026-07-20', '| 2026-07-09 | `1-20` |'],
    ['2026-07-20', {interval: '21-20'}, '2026-05-21', '2026-06-20', '| 2026-07-20 | `21-20` |'],
    ['2026-07-21', {interval: '21-20'}, '2026-06-21', '2026-07-20', '| 2026-07-21 | `21-20` |'],
    ['2026-07-09', {interval: '5-31'}, '2026-07-05', '2026-07-31', '| 2026-07-09 | `5-31` |'],
    ['2026-03-15', {interval: '25-10'}, '2026-01-25', '2026-02-10', '| 2026-03-15 | `25-10` |'],
    ['2026-03-30', {interval: '31-30'}, '2026-01-31', '2026-02-28', '| 2026-03-30 | `31-30` |'],
    ['2026-03-31', {interval: '31-30'}, '2026-03-01', '2026-03-30', '| 2026-03-31 | `31-30` |'],
  ];

  it.each(examples)('fired on %s with %j', (fired, changed, start, end, row) => {
    expect(firingPeriod({...rules, ...changed} as typeof rules, fired)).toEqual({
      periodStart: start,
      periodEnd: end,
    });
    const line = text.split('\n').find((candidate) => candidate.includes(row));
    expect(line, row).toBeDefined();
    expect(line).toContain(`${start} .. ${end}`);
  });

  it('the invoice date example', () => {
    const period = {periodStart: '2026-06-01', periodEnd: '2026-06-30'};
    expect(scheduledInvoiceDate('end+3', period)).toBe('2026-07-03');
    expect(text).toContain('`end+3` for June 2026 gives 2026-07-03');
  });
});

describe('billing.md: the proration example', () => {
  it('bills January 15 to 31 of a monthly item priced 31 as the text says', async () => {
    const engine = new InvoiceRunEngine(new MemoryStore());
    const item = (id: string, billingType: string) => ({
      id,
      subscriptionId: 's1',
      description: billingType,
      billingType,
      unitPrice: '31',
      billingPeriod: {count: 1, unit: 'month'},
      startDate: '2026-01-15',
      billingAnchor: '2026-01-01',
    });
    await engine.import({
      accounts: [{id: 'a1', name: 'Acme'}],
      subscriptions: [{id: 's1', accountId: 'a1', number: 'S-1', startDate: '2026-01-01'}],
      items: [
        item('days', 'recurring-prorated'),
        item('average', 'recurring-prorated-avg'),
        item('whole', 'recurring'),
      ],
    });
    const made: Invoice[] = [];
    const config = {periodStart: '2026-01-01', periodEnd: '2026-01-31'};
    await engine.startRun(config, {onInvoices: (invoices) => made.push(...invoices)});
    const lines = new Map(
      made.flatMap((invoice) => invoice.lines).map((line) => [line.source, line]),
    );
    expect(lines.get('days')).toMatchObject({
      net: '17.00',
      explanation: {pieces: [{factor: '17/31'}]},
    });
    expect(lines.get('average')).toMatchObject({
      net: '17.33',
      factor: '0.558904',
      explanation: {pieces: [{factor: '204/365'}]},
    });
    expect(lines.get('whole')).toMatchObject({net: '31.00', factor: '1'});

    const text = read('docs/billing.md').replace(/\s+/g, ' ');
    expect(text).toContain('gives factor 17/31 and 17.00');
    expect(text).toContain('`17 * 12/365 = 204/365` of a month, 0.558904, 17.33');
    expect(text).toContain('so it bills the full 31.00');
  });
});
