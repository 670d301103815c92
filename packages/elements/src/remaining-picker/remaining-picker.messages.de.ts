/** The German texts of `<remaining-picker>`, chosen when the page's language is German. */
import {pluralDe} from '../internal/plural.js';
import {
  errorMessagesDe,
  progressMessagesDe,
  totalsMessagesDe,
} from '../internal/shared.messages.de.js';
import type {RemainingPickerMessages} from './remaining-picker.messages.js';

export const remainingPickerMessagesDe: RemainingPickerMessages = {
  ...errorMessagesDe,
  ...progressMessagesDe,
  ...totalsMessagesDe,
  heading: 'Verbleibendes anzeigen',
  runLabel: (name, period) => `${name} (${period})`,
  noRun: 'Wählen Sie einen Lauf im Laufverlauf, um zu sehen, was dafür noch abzurechnen ist.',
  loading: 'Es wird ermittelt, was noch abzurechnen ist…',
  empty: 'Für diesen Lauf ist nichts mehr abzurechnen.',
  notLatestHeading: 'Dieser Lauf kann nicht wiederhergestellt werden',
  notLatest: (newer) =>
    `Es gibt einen neueren Lauf mit denselben Filtern: ${newer}. Nur der neueste Lauf kann mit dem Verbleibenden vervollständigt werden; öffnen Sie stattdessen „Verbleibendes anzeigen“ bei diesem Lauf.`,
  interrupted:
    'Dieser Lauf wurde unterbrochen, bevor er fertig war. Das Verbleibende wiederherzustellen vervollständigt ihn; nichts wird doppelt abgerechnet.',
  billing:
    'Dieser Lauf wird gerade abgerechnet. Was noch abzurechnen ist, erscheint hier, sobald er endet.',
  search: 'Suchen',
  searchPlaceholder: 'Abonnement, Datensatz oder Kunde',
  selectAll: 'Alle auswählen',
  selectNone: 'Keine auswählen',
  selectedCount: (selected, total) => `${selected} von ${total} ausgewählt`,
  selectedWhileLoading: (selected) => `${selected} ausgewählt`,
  loadingMore: (count) => `${count} bisher… die Suche läuft noch.`,
  restoreWhenLoaded: 'Wiederherstellen ist möglich, sobald die ganze Liste bekannt ist.',
  loadingProgress: 'Geprüfte Abonnements',
  restore: (subscriptions, records, counts) => {
    const parts = [
      ...(counts.subscriptions === 0
        ? []
        : [`${subscriptions} ${pluralDe(counts.subscriptions, 'Abonnement', 'Abonnements')}`]),
      ...(counts.records === 0
        ? []
        : [`${records} ${pluralDe(counts.records, 'Datensatz', 'Datensätze')}`]),
    ];
    return parts.length === 0 ? 'Wiederherstellen' : `${parts.join(' und ')} wiederherstellen`;
  },
  cancel: 'Abbrechen',
  cancelling: 'Wird abgebrochen…',
  restoring: 'Wird wiederhergestellt…',
  list: 'Was noch abzurechnen ist',
  subscription: 'Abonnement',
  record: 'Datensatz',
  account: 'Kunde',
  noMatches: 'Nichts passt zur Suche.',
  restoredHeading: 'In den Lauf wiederhergestellt',
  restoreCancelled:
    'Wiederherstellen abgebrochen: Die vor dem Abbruch erstellten Rechnungen bleiben erhalten.',
  invoices: 'Rechnungen',
  credits: 'Gutschriften',
  errors: 'Fehler',
  skipped: 'Nicht mehr offen (übersprungen)',
  showIssues: (count) => `${count} — Liste anzeigen`,
  none: 'Keine',
};
