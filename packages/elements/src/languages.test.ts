/**
 * Languages: plural forms through `Intl.PluralRules` in English and German, and a page in German
 * (`lang="de"`) on which every component speaks German, with no English text of the package left.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {scheduleSchema} from '@invoice-run/core';
import './define.js';
import type {InvoiceDocument} from './invoice-document/invoice-document.js';
import type {InvoiceRunForm} from './invoice-run-form/invoice-run-form.js';
import type {RunSchedules} from './run-schedules/run-schedules.js';
import {
  errorMessages,
  errorMessagesDe,
  invoiceDocumentMessages,
  invoiceDocumentMessagesDe,
  invoiceGridMessages,
  invoiceGridMessagesDe,
  invoiceRunFormMessages,
  invoiceRunFormMessagesDe,
  lineExplanationMessages,
  lineExplanationMessagesDe,
  remainingPickerMessages,
  remainingPickerMessagesDe,
  runHistoryMessages,
  runHistoryMessagesDe,
  runSchedulesMessages,
  runSchedulesMessagesDe,
  storageMessages,
  storageMessagesDe,
} from './index.js';
import {filter, makeRun} from './test-support/fake-client.js';
import {gridClient} from './test-support/grid-data.js';
import {part, textOf, waitFor} from './test-support/helpers.js';
import {sampleAccount, sampleInvoice, sampleSeller} from './test-support/invoices.js';

/** A count-bearing message, called with the count formatted (plainly) and as a number. */
type Counted = (n: number) => string;

/** Every message that says a count with a noun, in English and German, for 0, 1 and 2. */
const COUNTED: Record<string, {en: Counted; de: Counted; expected: {en: string[]; de: string[]}}> =
  {
    'form.confirmLongPeriod': {
      en: (n) => invoiceRunFormMessages.confirmLongPeriod('P', String(n), n).split('.')[0]!,
      de: (n) => invoiceRunFormMessagesDe.confirmLongPeriod('P', String(n), n).split(',')[0]!,
      expected: {
        en: [
          'The period P is 0 days long, more than 12 months',
          'The period P is 1 day long, more than 12 months',
          'The period P is 2 days long, more than 12 months',
        ],
        de: [
          'Der Zeitraum P ist 0 Tage lang',
          'Der Zeitraum P ist 1 Tag lang',
          'Der Zeitraum P ist 2 Tage lang',
        ],
      },
    },
    'picker.restore': {
      en: (n) => remainingPickerMessages.restore(String(n), '1', {subscriptions: n, records: 1}),
      de: (n) => remainingPickerMessagesDe.restore(String(n), '1', {subscriptions: n, records: 1}),
      expected: {
        en: [
          'Restore 1 record',
          'Restore 1 subscription and 1 record',
          'Restore 2 subscriptions and 1 record',
        ],
        de: [
          '1 Datensatz wiederherstellen',
          '1 Abonnement und 1 Datensatz wiederherstellen',
          '2 Abonnements und 1 Datensatz wiederherstellen',
        ],
      },
    },
    'history.counterText': {
      en: (n) =>
        runHistoryMessages.counterText(`${n}`, `${n}`, `${n}`, {
          invoices: n,
          credits: n,
          errors: n,
        }),
      de: (n) =>
        runHistoryMessagesDe.counterText(`${n}`, `${n}`, `${n}`, {
          invoices: n,
          credits: n,
          errors: n,
        }),
      expected: {
        en: [
          '0 invoices, 0 credits, 0 errors',
          '1 invoice, 1 credit, 1 error',
          '2 invoices, 2 credits, 2 errors',
        ],
        de: [
          '0 Rechnungen, 0 Gutschriften, 0 Fehler',
          '1 Rechnung, 1 Gutschrift, 1 Fehler',
          '2 Rechnungen, 2 Gutschriften, 2 Fehler',
        ],
      },
    },
    'history.selectedDrafts': {
      en: (n) => runHistoryMessages.selectedDrafts(`${n}`, n),
      de: (n) => runHistoryMessagesDe.selectedDrafts(`${n}`, n),
      expected: {
        en: ['0 drafts selected', '1 draft selected', '2 drafts selected'],
        de: ['0 Entwürfe ausgewählt', '1 Entwurf ausgewählt', '2 Entwürfe ausgewählt'],
      },
    },
    'history.finalized': {
      en: (n) => runHistoryMessages.finalized(`${n}`, n),
      de: (n) => runHistoryMessagesDe.finalized(`${n}`, n),
      expected: {
        en: ['0 invoices finalized.', '1 invoice finalized.', '2 invoices finalized.'],
        de: [
          '0 Rechnungen festgeschrieben.',
          '1 Rechnung festgeschrieben.',
          '2 Rechnungen festgeschrieben.',
        ],
      },
    },
    'history.confirmDelete': {
      en: (n) => runHistoryMessages.confirmDelete(`${n}`, n).split('?')[0]!,
      de: (n) => runHistoryMessagesDe.confirmDelete(`${n}`, n).split('?')[0]!,
      expected: {
        en: ['Delete 0 draft invoices', 'Delete 1 draft invoice', 'Delete 2 draft invoices'],
        de: [
          '0 Rechnungsentwürfe löschen',
          '1 Rechnungsentwurf löschen',
          '2 Rechnungsentwürfe löschen',
        ],
      },
    },
    'history.confirmFinalize': {
      en: (n) => runHistoryMessages.confirmFinalize(`${n}`, n, {today: 'T', undated: n, kept: []}),
      de: (n) =>
        runHistoryMessagesDe.confirmFinalize(`${n}`, n, {today: 'T', undated: n, kept: []}),
      expected: {
        en: [
          'Finalize 0 draft invoices? They have no invoice date of their own: they are dated today, T. They get their numbers and can no longer be deleted.',
          'Finalize 1 draft invoice? It has no invoice date of its own: it is dated today, T. It gets its number and can no longer be deleted.',
          'Finalize 2 draft invoices? They have no invoice date of their own: they are dated today, T. They get their numbers and can no longer be deleted.',
        ],
        de: [
          '0 Rechnungsentwürfe festschreiben? Sie haben kein eigenes Rechnungsdatum: Sie werden auf heute datiert, T. Sie erhalten ihre Nummern und können nicht mehr gelöscht werden.',
          '1 Rechnungsentwurf festschreiben? Er hat kein eigenes Rechnungsdatum: Er wird auf heute datiert, T. Er erhält seine Nummer und kann nicht mehr gelöscht werden.',
          '2 Rechnungsentwürfe festschreiben? Sie haben kein eigenes Rechnungsdatum: Sie werden auf heute datiert, T. Sie erhalten ihre Nummern und können nicht mehr gelöscht werden.',
        ],
      },
    },
    'schedules.firingsShown': {
      en: (n) => runSchedulesMessages.firingsShown(`${n}`, `${n}`, n),
      de: (n) => runSchedulesMessagesDe.firingsShown(`${n}`, `${n}`, n),
      expected: {
        en: [
          'The latest 0 of 0 firings.',
          'The latest 1 of 1 firing.',
          'The latest 2 of 2 firings.',
        ],
        de: [
          'Die letzten 0 von 0 Auslösungen.',
          'Die letzten 1 von 1 Auslösung.',
          'Die letzten 2 von 2 Auslösungen.',
        ],
      },
    },
    'schedules.cronParts': {
      en: (n) => runSchedulesMessages.cronParts(`${n}`, n).split('. ')[1]!,
      de: (n) => runSchedulesMessagesDe.cronParts(`${n}`, n).split('. ')[1]!,
      expected: {
        en: ['This has 0 parts.', 'This has 1 part.', 'This has 2 parts.'],
        de: ['Dies hat 0 Teile.', 'Dies hat 1 Teil.', 'Dies hat 2 Teile.'],
      },
    },
    'grid.shown': {
      en: (n) => invoiceGridMessages.shown(`${n}`, `${n}`, n, n),
      de: (n) => invoiceGridMessagesDe.shown(`${n}`, `${n}`, n, n),
      expected: {
        en: ['0 invoices', '1 invoice', '2 invoices'],
        de: ['0 Rechnungen', '1 Rechnung', '2 Rechnungen'],
      },
    },
    'grid.totalsOfShown': {
      en: (n) => invoiceGridMessages.totalsOfShown(`${n}`, n),
      de: (n) => invoiceGridMessagesDe.totalsOfShown(`${n}`, n),
      expected: {
        en: [
          'Totals of the 0 invoices shown, per currency',
          'Totals of the 1 invoice shown, per currency',
          'Totals of the 2 invoices shown, per currency',
        ],
        de: [
          'Summen der 0 angezeigten Rechnungen je Währung',
          'Summen der 1 angezeigten Rechnung je Währung',
          'Summen der 2 angezeigten Rechnungen je Währung',
        ],
      },
    },
    'grid.toggleLines': {
      en: (n) => invoiceGridMessages.toggleLines('Draft', 'X', n),
      de: (n) => invoiceGridMessagesDe.toggleLines('Entwurf', 'X', n),
      expected: {
        en: ['Draft: X, 0 lines', 'Draft: X, 1 line', 'Draft: X, 2 lines'],
        de: ['Entwurf: X, 0 Positionen', 'Entwurf: X, 1 Position', 'Entwurf: X, 2 Positionen'],
      },
    },
    'grid.block': {
      en: (n) => invoiceGridMessages.block(n, n),
      de: (n) => invoiceGridMessagesDe.block(n, n),
      expected: {
        en: [
          '0 rows, 0 columns selected',
          '1 row, 1 column selected',
          '2 rows, 2 columns selected',
        ],
        de: [
          '0 Zeilen, 0 Spalten ausgewählt',
          '1 Zeile, 1 Spalte ausgewählt',
          '2 Zeilen, 2 Spalten ausgewählt',
        ],
      },
    },
    'grid.pasted': {
      en: (n) => invoiceGridMessages.pasted(n, n),
      de: (n) => invoiceGridMessagesDe.pasted(n, n),
      expected: {
        en: [
          '0 cells pasted into 0 drafts.',
          '1 cell pasted into 1 draft.',
          '2 cells pasted into 2 drafts.',
        ],
        de: [
          '0 Zellen in 0 Entwürfe eingefügt.',
          '1 Zelle in 1 Entwurf eingefügt.',
          '2 Zellen in 2 Entwürfe eingefügt.',
        ],
      },
    },
    'grid.pasteTooLong': {
      en: (n) => invoiceGridMessages.pasteTooLong(3, n),
      de: (n) => invoiceGridMessagesDe.pasteTooLong(3, n),
      expected: {
        en: [
          '3 rows of values, but only 0 lines follow.',
          '3 rows of values, but only 1 line follows.',
          '3 rows of values, but only 2 lines follow.',
        ],
        de: [
          '3 Zeilen mit Werten, aber nur 0 folgende Positionen.',
          '3 Zeilen mit Werten, aber nur 1 folgende Position.',
          '3 Zeilen mit Werten, aber nur 2 folgende Positionen.',
        ],
      },
    },
    'explanation.averageMonths': {
      en: (n) => lineExplanationMessages.averageMonths(`${n}`, `${n}`, 'P', {months: n, days: n}),
      de: (n) => lineExplanationMessagesDe.averageMonths(`${n}`, `${n}`, 'P', {months: n, days: n}),
      expected: {
        en: [
          '0 days of P, at 12/365 of a month each',
          '1 month and 1 day of P',
          '2 months and 2 days of P',
        ],
        de: [
          '0 Tage von P, zu je 12/365 eines Monats',
          '1 Monat und 1 Tag von P',
          '2 Monate und 2 Tage von P',
        ],
      },
    },
    'explanation.usage': {
      en: (n) => lineExplanationMessages.usage(`${n}`, 'D', n),
      de: (n) => lineExplanationMessagesDe.usage(`${n}`, 'D', n),
      expected: {
        en: ['0 transactions, D', '1 transaction, D', '2 transactions, D'],
        de: ['0 Transaktionen, D', '1 Transaktion, D', '2 Transaktionen, D'],
      },
    },
    'document.dueAfter': {
      en: (n) => invoiceDocumentMessages.dueAfter(`${n}`, n),
      de: (n) => invoiceDocumentMessagesDe.dueAfter(`${n}`, n),
      expected: {
        en: [
          '0 days after the invoice date',
          '1 day after the invoice date',
          '2 days after the invoice date',
        ],
        de: [
          '0 Tage nach dem Rechnungsdatum',
          '1 Tag nach dem Rechnungsdatum',
          '2 Tage nach dem Rechnungsdatum',
        ],
      },
    },
    'document.lineCount': {
      en: (n) => invoiceDocumentMessages.lineCount(`${n}`, n),
      de: (n) => invoiceDocumentMessagesDe.lineCount(`${n}`, n),
      expected: {
        en: ['0 lines', '1 line', '2 lines'],
        de: ['0 Positionen', '1 Position', '2 Positionen'],
      },
    },
  };

/** A value that stands for any argument of a message: text, a number or an object of counts. */
const MARK = '\u0001';
const anyArgument: unknown = new Proxy(() => MARK, {
  get: (_target, key) =>
    key === Symbol.toPrimitive ? () => MARK : key === 'length' ? 2 : anyArgument,
});

/** The fixed words of a catalogue: its texts, and what its functions say around their arguments. */
function fixedWords(catalogue: object): Set<string> {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const piece of text.split(MARK)) {
      const trimmed = piece.replace(/^[\s.,:;()“”„"'–—…?!]+|[\s.,:;()“”„"'–—…?!]+$/g, '');
      if (/\p{L}{3}/u.test(trimmed)) words.add(trimmed);
    }
  };
  const walk = (value: unknown) => {
    if (typeof value === 'string') add(value);
    else if (typeof value === 'function') {
      for (const bool of [true, false]) {
        try {
          const args = Array.from({length: Math.max(value.length, 1)}, (_, index) =>
            index === value.length - 1 && value.length === 3 ? bool : anyArgument,
          );
          const result: unknown = value(...args);
          if (typeof result === 'string') add(result);
        } catch {
          // A message that reads its arguments more closely than the stand-in allows.
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const each of Object.values(value)) walk(each);
    }
  };
  walk(catalogue);
  return words;
}

/** Every text a person can read or hear in `root` and the shadow roots below it. */
function textsIn(root: Node, found: string[] = []): string[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node: Node | null = walker.currentNode; node !== null; node = walker.nextNode()) {
    if (node instanceof Text) {
      const text = node.data.trim();
      if (text !== '' && !(node.parentElement instanceof HTMLStyleElement)) found.push(text);
    } else if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'placeholder', 'data-label', 'aria-description']) {
        const value = node.getAttribute(name);
        if (value !== null && value.trim() !== '') found.push(value);
      }
      if (node.shadowRoot !== null) textsIn(node.shadowRoot, found);
    }
  }
  return found;
}

describe('languages', () => {
  it('chooses plural forms through Intl.PluralRules for 0, 1 and 2, in English and German', () => {
    for (const [name, {en, de, expected}] of Object.entries(COUNTED)) {
      expect([0, 1, 2].map(en), `${name} in English`).to.deep.equal(expected.en);
      expect([0, 1, 2].map(de), `${name} in German`).to.deep.equal(expected.de);
    }
  });

  it('leaves no English text of the package on a page in German, and the page’s own words win', async () => {
    const client = gridClient(3);
    client.accountList = [...client.accountList, sampleAccount];
    client.settingsValue = {seller: sampleSeller};
    client.filterList = [
      filter('eu', 'subscription', 'Europa'),
      filter('usage', 'transaction', 'Zähler'),
      filter('orders', 'generic', 'Aufträge'),
    ];
    client.setRuns([
      makeRun({
        id: 'r1',
        config: {title: 'Januar', subscriptionFilter: 'eu'} as never,
        counters: {invoices: 1, credits: 0, lines: 2, errors: 2},
      }),
    ]);
    client.remainingByRun.set('r1', {
      run: client.runList[0]!,
      subscriptions: [
        {
          id: 's1',
          account: 'a0',
          totals: [{currency: 'EUR', net: '1.00', tax: '0.19', gross: '1.19'}],
        },
      ],
      records: [],
    });
    client.scheduleList = [
      scheduleSchema.parse({
        id: 'monatlich',
        name: 'Monatlich',
        cron: '30 2 * * 0',
        interval: '1m',
        subscriptionFilter: 'eu',
      }),
    ];
    const invoice = sampleInvoice();
    const page = await fixture<HTMLElement>(
      html`<div lang="de">
        <invoice-run-provider .client=${client}>
          <invoice-run-form .messages=${{heading: 'Abrechnung starten'}}></invoice-run-form>
          <run-history></run-history>
          <remaining-picker run-id="r1"></remaining-picker>
          <run-schedules></run-schedules>
          <invoice-grid run-id="r1"></invoice-grid>
          <line-explanation .invoice=${invoice} .lineIndex=${0}></line-explanation>
          <invoice-document .invoice=${invoice}></invoice-document>
        </invoice-run-provider>
      </div>`,
    );
    const form = page.querySelector<InvoiceRunForm>('invoice-run-form')!;
    const schedules = page.querySelector<RunSchedules>('run-schedules')!;
    const documentElement = page.querySelector<InvoiceDocument>('invoice-document')!;
    await waitFor(
      () =>
        textsIn(page).some((text) => text.includes('Europa')) &&
        schedules.shadowRoot!.querySelector('[part~="list"]') !== null &&
        documentElement.shadowRoot!.querySelector('.party-name') !== null &&
        textsIn(page).some((text) => text.includes('Nordhansa GmbH')),
      'every component drawn',
    );

    // The host's words win over the German catalogue.
    expect(textOf(part(form, 'h2, [part~="heading"]'))).to.equal('Abrechnung starten');
    const texts = textsIn(page);
    // The data's own words stay as they are (an e-mail address of the sample buyer).
    const all = texts.join('\n').replace(/\S+@\S+/g, '');
    // German is there: the catalogues' and cRonstrue's.
    expect(all).to.contain('Rechnungsläufe');
    expect(all).to.contain('Geplante Läufe');
    expect(all).to.contain('Um 02:30, nur jeden Sonntag');
    expect(all).to.contain('Verbleibendes anzeigen');
    expect(all).to.contain('Rechnungen des Laufs');

    const english = new Set<string>();
    const german = new Set<string>();
    for (const catalogue of [
      errorMessages,
      storageMessages,
      invoiceRunFormMessages,
      runHistoryMessages,
      remainingPickerMessages,
      runSchedulesMessages,
      invoiceGridMessages,
      lineExplanationMessages,
      invoiceDocumentMessages,
    ]) {
      for (const word of fixedWords(catalogue)) english.add(word);
    }
    for (const catalogue of [
      errorMessagesDe,
      storageMessagesDe,
      invoiceRunFormMessagesDe,
      runHistoryMessagesDe,
      remainingPickerMessagesDe,
      runSchedulesMessagesDe,
      invoiceGridMessagesDe,
      lineExplanationMessagesDe,
      invoiceDocumentMessagesDe,
    ]) {
      for (const word of fixedWords(catalogue)) german.add(word);
    }
    // Words both languages write alike (Status, Filter, IBAN) are not English left over.
    const onlyEnglish = [...english].filter((word) => !german.has(word));
    expect(onlyEnglish.length).to.be.greaterThan(300);
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const leftOver = onlyEnglish.filter((word) =>
      new RegExp(`(^|[^\\p{L}])${escape(word)}($|[^\\p{L}])`, 'u').test(all),
    );
    expect(leftOver, all).to.deep.equal([]);
    // cRonstrue's English is gone too.
    expect(all).not.to.match(/\b(At|Every|only on|of the month)\b/);
  });
});
