/** The German texts of `<invoice-run-form>`, chosen when the page's language is German. */
import {pluralDe} from '../internal/plural.js';
import {
  errorMessagesDe,
  progressMessagesDe,
  totalsMessagesDe,
} from '../internal/shared.messages.de.js';
import type {InvoiceRunFormMessages} from './invoice-run-form.messages.js';

export const invoiceRunFormMessagesDe: InvoiceRunFormMessages = {
  ...errorMessagesDe,
  ...progressMessagesDe,
  ...totalsMessagesDe,
  heading: 'Neuer Rechnungslauf',
  periodStart: 'Beginn des Zeitraums',
  periodEnd: 'Ende des Zeitraums',
  invoiceDate: 'Rechnungsdatum (optional)',
  invoiceDateHint: 'Leer lassen, um jede Rechnung nach ihren Abrechnungsregeln zu datieren.',
  runTitle: 'Titel (optional)',
  periodStartRequired: 'Geben Sie den ersten Tag des Abrechnungszeitraums ein.',
  periodEndRequired: 'Geben Sie den letzten Tag des Abrechnungszeitraums ein.',
  periodOrder: 'Der Zeitraum kann nicht enden, bevor er beginnt.',
  dateInvalid:
    'Geben Sie ein vollständiges Datum ein: Tag, Monat und eine vierstellige Jahreszahl.',
  subscriptionFilters: 'Abzurechnende Abonnements',
  subscriptionFilterRequired: 'Wählen Sie, welche Abonnements abgerechnet werden.',
  transactionFilters: 'Verbrauch (Transaktionen)',
  transactionFiltersSkipped:
    'Kein Verbrauchsfilter ist ausgewählt: Verbrauch wird in diesem Lauf übersprungen.',
  genericFilters: 'Weitere Datensätze',
  genericFiltersSkipped:
    'Kein Datensatzfilter ist ausgewählt: Weitere Datensätze werden in diesem Lauf übersprungen.',
  loadingFilters: 'Filter werden geladen…',
  fixErrors: 'Bitte korrigieren Sie die markierten Felder.',
  start: 'Lauf starten',
  connecting: 'Verbindung wird hergestellt…',
  cancel: 'Abbrechen',
  cancelling: 'Wird abgebrochen…',
  preview: 'Vorschau',
  running: 'Der Lauf ist in Arbeit.',
  previewing: 'Die Vorschau wird vorbereitet…',
  completed: 'Lauf abgeschlossen',
  completedWithErrors: 'Lauf mit Fehlern abgeschlossen',
  cancelled: 'Lauf abgebrochen: Die vor dem Abbruch erstellten Rechnungen bleiben erhalten.',
  runLabel: (name, period) => `${name} (${period})`,
  untitled: (sequence) => `Lauf ${sequence}`,
  billedElsewhere:
    'Es war nichts mehr abzurechnen: Dieser Lauf hat gewartet, während ein anderer Tab oder ein anderes Fenster abrechnete, und diese Abrechnung hat erfasst, was in diesem Zeitraum fällig war.',
  invoices: 'Rechnungen',
  credits: 'Gutschriften',
  errors: 'Fehler',
  warnings: 'Warnungen',
  duration: 'Dauer',
  showIssues: (count) => `${count} — Liste anzeigen`,
  issuesOf: (label) => `${label} des Laufs`,
  noIssues: 'Keine',
  previewHeading: 'Vorschau: was dieser Lauf erstellen würde (nichts wird gespeichert)',
  previewEmpty: 'Dieser Lauf würde keine Rechnungen erstellen.',
  previewInvoices: 'Rechnungen der Vorschau',
  account: 'Kunde',
  subscription: 'Abonnement',
  credit: 'Gutschrift',
  confirmLongPeriodHeading: 'Mehr als ein Jahr auf einmal abrechnen?',
  confirmLongPeriod: (period, days, count) =>
    `Der Zeitraum ${period} ist ${days} ${pluralDe(count, 'Tag', 'Tage')} lang, mehr als 12 Monate. ` +
    'Jedes Abonnement wird in diesem einen Lauf für den ganzen Zeitraum abgerechnet. Trotzdem starten?',
  confirmLongPeriodStart: 'Lauf starten',
  confirmLongPeriodCancel: 'Zeitraum ändern',
};
