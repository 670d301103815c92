/** The German texts of `<run-history>`, chosen when the page's language is German. */
import {isOneDe, pluralDe} from '../internal/plural.js';
import {errorMessagesDe, totalsMessagesDe} from '../internal/shared.messages.de.js';
import type {RunHistoryMessages} from './run-history.messages.js';

export const runHistoryMessagesDe: RunHistoryMessages = {
  ...errorMessagesDe,
  ...totalsMessagesDe,
  heading: 'Rechnungsläufe',
  loading: 'Die Läufe werden geladen…',
  empty: 'Noch keine Läufe. Starten Sie einen Lauf, dann erscheint er hier.',
  showMore: 'Weitere Läufe anzeigen',
  name: 'Lauf',
  created: 'Erstellt',
  origin: 'Herkunft',
  period: 'Zeitraum',
  filters: 'Filter',
  status: 'Status',
  counters: 'Zähler',
  duration: 'Dauer',
  actions: 'Aktionen',
  untitled: (sequence) => `Lauf ${sequence}`,
  origins: {manual: 'Manuell', scheduled: 'Geplant'},
  scheduledBy: (schedule) => `Geplant: ${schedule}`,
  statuses: {
    pending: 'Wartet',
    running: 'Läuft',
    completed: 'Abgeschlossen',
    'completed-with-errors': 'Mit Fehlern abgeschlossen',
    failed: 'Fehlgeschlagen',
    cancelled: 'Abgebrochen',
  },
  interrupted: 'Unterbrochen',
  superseded: (name) => `Ersetzt durch ${name}`,
  noFilters: 'Alle Abonnements',
  subscriptionFilter: 'Abonnements',
  transactionFilters: 'Verbrauch',
  genericFilters: 'Datensätze',
  counterText: (invoices, credits, errors, counts) =>
    `${invoices} ${pluralDe(counts.invoices, 'Rechnung', 'Rechnungen')}, ` +
    `${credits} ${pluralDe(counts.credits, 'Gutschrift', 'Gutschriften')}, ` +
    `${errors} Fehler`,
  madeInTotal: (count) => `${count} insgesamt erstellt`,
  restored: (count, last) =>
    `${count === 1 ? 'Einmal' : count === 2 ? 'Zweimal' : `${count}-mal`} wiederhergestellt, zuletzt am ${last}`,
  running: 'In Arbeit',
  open: (name) => `${name} öffnen`,
  close: (name) => `${name} schließen`,
  rerun: 'Erneut ausführen',
  viewRemaining: 'Verbleibendes anzeigen',
  rerunLabel: (name) => `${name} erneut ausführen`,
  viewRemainingLabel: (name) => `Verbleibendes von ${name} anzeigen`,
  rerunStarted: (name) => `${name} wird erneut ausgeführt…`,
  rerunDone: (invoices, count) =>
    `Erneuter Lauf beendet: ${invoices} ${pluralDe(count, 'Rechnung', 'Rechnungen')}.`,
  runHeading: (name) => name,
  invoices: 'Rechnungen',
  invoicesLoading: (loaded, total) => `Rechnungen werden geladen: ${loaded} von ${total}…`,
  gridLoading: 'Die Rechnungen werden geladen…',
  noInvoices: 'Dieser Lauf hat keine Rechnungen.',
  draft: 'Entwurf',
  credit: 'Gutschrift',
  account: 'Kunde',
  subscription: 'Abonnement',
  record: 'Datensatz',
  listKeys:
    'Klicken Sie auf einen Entwurf oder drücken Sie die Leertaste, um ihn auszuwählen; die Pfeiltasten bewegen sich durch die Liste, Strg+A wählt jeden Entwurf aus.',
  selectAllDrafts: 'Alle Entwürfe auswählen',
  selectNone: 'Keine auswählen',
  selectedDrafts: (count, selected) =>
    `${count} ${pluralDe(selected, 'Entwurf', 'Entwürfe')} ausgewählt`,
  finalize: 'Festschreiben…',
  deleteDrafts: 'Löschen…',
  confirmFinalizeHeading: 'Entwürfe festschreiben',
  confirmFinalize: (count, drafts, {today, undated, kept}) => {
    const one = isOneDe(drafts);
    let dates: string;
    if (undated === drafts) {
      dates = `${one ? 'Er hat' : 'Sie haben'} kein eigenes Rechnungsdatum: ${one ? 'Er wird' : 'Sie werden'} auf heute datiert, ${today}.`;
    } else if (undated === 0) {
      dates = `${one ? 'Er behält sein' : 'Sie behalten ihre'} ${pluralDe(kept.length, 'Rechnungsdatum', 'Rechnungsdaten')}: ${kept.join(', ')}.`;
    } else {
      dates =
        `${undated} ohne eigenes Rechnungsdatum ${pluralDe(undated, 'wird', 'werden')} auf heute datiert, ${today}; ` +
        `die anderen behalten ihres: ${kept.join(', ')}.`;
    }
    return (
      `${count} ${pluralDe(drafts, 'Rechnungsentwurf', 'Rechnungsentwürfe')} festschreiben? ${dates} ` +
      `${one ? 'Er erhält seine Nummer' : 'Sie erhalten ihre Nummern'} und ${one ? 'kann' : 'können'} nicht mehr gelöscht werden.`
    );
  },
  confirmDeleteHeading: 'Entwürfe löschen',
  confirmDelete: (count, drafts) =>
    `${count} ${pluralDe(drafts, 'Rechnungsentwurf', 'Rechnungsentwürfe')} löschen? Was ${pluralDe(drafts, 'er', 'sie')} abgerechnet ${pluralDe(drafts, 'hat', 'haben')}, erscheint wieder unter „Verbleibendes anzeigen“ des Laufs.`,
  confirm: 'Bestätigen',
  cancel: 'Abbrechen',
  finalized: (count, invoices) =>
    `${count} ${pluralDe(invoices, 'Rechnung', 'Rechnungen')} festgeschrieben.`,
  deleted: (count, drafts) => `${count} ${pluralDe(drafts, 'Entwurf', 'Entwürfe')} gelöscht.`,
  issues: 'Fehler',
  issuesOf: (name) => `Fehler von ${name}`,
  issuesLoading: 'Die Fehler werden geladen…',
  noIssues: 'Keine Fehler.',
  warnings: 'Warnungen',
  warningsOf: (name) => `Warnungen von ${name}`,
  remainingDialog: 'Verbleibendes anzeigen',
  closeDialog: 'Schließen',
};
