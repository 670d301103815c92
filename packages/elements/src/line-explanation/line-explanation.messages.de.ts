/** The German texts of `<line-explanation>`, chosen when the page's language is German. */
import {pluralDe} from '../internal/plural.js';
import {errorMessagesDe} from '../internal/shared.messages.de.js';
import type {LineExplanationMessages} from './line-explanation.messages.js';

export const lineExplanationMessagesDe: LineExplanationMessages = {
  ...errorMessagesDe,
  label: (description) => `Warum „${description}“ kostet, was es kostet`,
  billingTypes: {
    'one-time': 'Einmalig',
    recurring: 'Wiederkehrend',
    'recurring-prorated': 'Wiederkehrend, anteilig nach Tagen',
    'recurring-prorated-avg': 'Wiederkehrend, anteilig nach Durchschnittsmonaten',
    transactional: 'Verbrauch',
  },
  rules: {
    'one-time': 'Einmal abgerechnet, an seinem Tag, mit Faktor 1.',
    recurring:
      'Nicht anteilig: Jeder Abrechnungszeitraum wird einmal voll berechnet, von dem Teil, der seinen ersten aktiven Tag enthält.',
    'recurring-prorated':
      'Anteilig nach Tagen: Ein Teil eines Abrechnungszeitraums kostet seinen Anteil an den tatsächlichen Tagen dieses Zeitraums.',
    'recurring-prorated-avg':
      'Anteilig nach Durchschnittsmonaten: Ein Teil eines Abrechnungszeitraums zählt seine ganzen Monate und die übrigen Tage, ein Monat zu 365/12 Tagen.',
    transactional: 'Nach den Mengen seiner Verbrauchstransaktionen abgerechnet.',
  },
  practices: {
    advance:
      'Im Voraus abgerechnet: Ein Abrechnungszeitraum wird von dem Lauf abgerechnet, der seinen ersten Tag enthält.',
    arrears:
      'Nachträglich abgerechnet: Ein Abrechnungszeitraum wird von dem Lauf abgerechnet, der seinen letzten Tag enthält.',
  },
  pieces: 'Die Tage, die diese Position abrechnet',
  piece: (days, share) => `${days}: ${share}`,
  onlyPiece: (share) => share.charAt(0).toUpperCase() + share.slice(1),
  wholePeriod: 'der ganze Abrechnungszeitraum',
  partOfPeriod: (days, periodDays, period) => `${days} von ${periodDays} Tagen von ${period}`,
  averageMonths: (months, days, period, counts) =>
    counts.months === 0
      ? `${days} ${pluralDe(counts.days, 'Tag', 'Tage')} von ${period}, zu je 12/365 eines Monats`
      : `${months} ${pluralDe(counts.months, 'Monat', 'Monate')} und ${days} ${pluralDe(counts.days, 'Tag', 'Tage')} von ${period}`,
  chargedInFull: 'voll berechnet: Er enthält den ersten aktiven Tag des Zeitraums',
  notCharged:
    'nicht berechnet: Der Zeitraum wird von dem Teil berechnet, der seinen ersten aktiven Tag enthält',
  once: 'einmal abgerechnet',
  caughtUp: (piece) => `Nachgeholt: ${piece}`,
  caughtUpHint:
    'Nachgeholt: Tage vor dem Zeitraum dieses Laufs, die kein früherer Lauf abgerechnet hat.',
  factor: (fraction, decimal, exact) =>
    decimal === null ? fraction : `${fraction} ${exact ? '=' : '≈'} ${decimal}`,
  pieceFactor: (factor) => `Faktor ${factor}`,
  lineFactor: (factor) => `Faktor der Position: ${factor}`,
  usage: (count, dates, transactions) =>
    `${count} ${pluralDe(transactions, 'Transaktion', 'Transaktionen')}, ${dates}`,
  criterion: (criterion) => `Kriterium: ${criterion}`,
  showTransactions: (count, transactions) =>
    transactions === 1 ? 'Die Transaktion anzeigen' : `Die ${count} Transaktionen anzeigen`,
  hideTransactions: 'Die Transaktionen ausblenden',
  transactionsOf: (description) => `Transaktionen von „${description}“`,
  transactionsLoading: 'Die Transaktionen werden geladen…',
  transactionRange: (first, last, total) => `${first}–${last} von ${total}`,
  previousPage: 'Zurück',
  nextPage: 'Weiter',
  date: 'Datum',
  quantity: 'Menge',
  description: 'Beschreibung',
  transaction: 'Transaktion',
  noDescription: '—',
  noTransactionList:
    'Die Transaktionen einer Vorschau werden nicht gespeichert und können daher nicht aufgelistet werden.',
  record: (object, record) => `Aus ${object} ${record}: eine seiner Positionen.`,
  recordShort: (object, record) => `${object} ${record}`,
  manual:
    'Von Hand zum Entwurf hinzugefügt: Sie deckt keine Tage ab und rechnet keine Transaktion und keinen Datensatz ab.',
  manualShort: 'Von Hand hinzugefügt',
  none: 'Diese Position wurde gespeichert, bevor Positionen sich selbst erklärten: Für sie gibt es keine Erklärung.',
  noLine: 'Diese Rechnung hat keine solche Position.',
};
