/** The German texts the components share: failures, progress, totals and the storage notice. */
import type {ErrorMessages} from './errors.js';
import type {StorageMessages} from './storage-notice.js';
import type {ProgressMessages, TotalsMessages} from './templates.js';

export const errorMessagesDe: ErrorMessages = {
  noClient:
    'Die Abrechnung ist noch nicht verbunden: Diese Seite hat der Komponente keinen Abrechnungs-Client gegeben.',
  databaseBlocked:
    'Die Abrechnungsdaten können nicht geöffnet werden, weil ein anderer Tab dieser Anwendung noch eine ältere Version davon verwendet. Schließen Sie die anderen Tabs und versuchen Sie es erneut.',
  quotaExceeded:
    'Der Browser hat keinen Platz mehr, um Abrechnungsdaten zu speichern. Vom fehlgeschlagenen Schritt wurde nichts gespeichert. Geben Sie Speicherplatz frei oder löschen Sie alte Läufe und versuchen Sie es erneut.',
  databaseClosed:
    'Die Abrechnungsdaten wurden von einem anderen Tab geschlossen. Laden Sie die Seite neu, um fortzufahren.',
  workerFailed:
    'Die Abrechnung arbeitet nicht mehr. Laden Sie die Seite neu und versuchen Sie es erneut.',
  runNotLatest:
    'Dies ist nicht der neueste Lauf seiner Auswahl: Es gibt einen neueren Lauf mit denselben Filtern. Nur der neueste Lauf kann mit dem Verbleibenden vervollständigt werden; öffnen Sie stattdessen „Verbleibendes anzeigen“ bei diesem Lauf.',
  runInProgress:
    'Ein anderer Lauf arbeitet noch mit diesen Daten. Warten Sie, bis er endet, und versuchen Sie es dann erneut.',
  runNotFound: 'Dieser Lauf existiert nicht mehr.',
  unknown: 'Etwas ist schiefgegangen.',
  retry: 'Erneut versuchen',
};

export const progressMessagesDe: ProgressMessages = {
  phases: {transactions: 'Verbrauch', subscriptions: 'Abonnements', records: 'Weitere Datensätze'},
  progress: (phase, done, total) =>
    total === null ? `${phase}: ${done} erledigt` : `${phase}: ${done} von ${total}`,
  progressLabel: 'Fortschritt',
  starting: 'Wird gestartet…',
  waiting:
    'Wartet: Ein anderer Tab oder ein anderes Fenster rechnet gerade ab. Dieser Lauf beginnt, sobald das endet.',
};

export const totalsMessagesDe: TotalsMessages = {
  totals: 'Summen je Währung',
  currency: 'Währung',
  net: 'Netto',
  tax: 'Steuer',
  gross: 'Brutto',
  noTotals: 'Keine Beträge.',
};

export const storageMessagesDe: StorageMessages = {
  notPersistent:
    'Dieser Browser darf die Abrechnungsdaten löschen, wenn der Speicherplatz knapp wird: Sein Speicher ist nicht dauerhaft. Exportieren Sie regelmäßig eine Sicherung oder erlauben Sie dieser Website, ihre Daten zu behalten.',
  persist: 'Daten auf diesem Gerät behalten',
  nearlyFull: (used, quota, percent) =>
    `Der Speicher des Browsers für die Abrechnung ist zu ${percent} % voll (${used} von ${quota} MB). Löschen Sie alte Läufe oder geben Sie Speicherplatz frei, bevor Sie den nächsten Lauf starten.`,
};
