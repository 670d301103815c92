/** The German texts of `<invoice-grid>`, chosen when the page's language is German. */
import {pluralDe} from '../internal/plural.js';
import {errorMessagesDe, totalsMessagesDe} from '../internal/shared.messages.de.js';
import type {InvoiceGridMessages} from './invoice-grid.messages.js';

export const invoiceGridMessagesDe: InvoiceGridMessages = {
  ...errorMessagesDe,
  ...totalsMessagesDe,
  grid: 'Rechnungen des Laufs',
  noRun: 'Wählen Sie einen Lauf, um seine Rechnungen zu prüfen.',
  loading: 'Rechnungen werden geladen…',
  loadingSome: (loaded, total) => `Rechnungen werden geladen: ${loaded} von ${total}…`,
  empty: 'Dieser Lauf hat keine Rechnungen.',
  keys: 'Die Pfeiltasten bewegen sich zwischen den Zellen. Eingabe öffnet die Positionen einer Rechnung; auf einer Position eines Entwurfs bearbeiten Eingabe oder F2 die Zelle, Eingabe übernimmt die Änderung, Escape verwirft sie, Tab übernimmt sie und geht weiter. Die Leertaste wählt einen Entwurf aus. Umschalt mit den Pfeiltasten wählt Zellen aus; Strg+C kopiert sie, Strg+V fügt ein. Einfg fügt einem Entwurf eine Position hinzu, Entf entfernt eine.',
  invoiceColumns: {
    select: 'Ausgewählt',
    status: 'Status',
    number: 'Nummer',
    account: 'Kunde',
    source: 'Abonnement',
    period: 'Zeitraum',
    net: 'Netto',
    tax: 'Steuer',
    gross: 'Brutto',
    edited: 'Geändert',
    document: 'Dokument',
    addLine: 'Position hinzufügen',
  },
  lineColumns: {
    description: 'Beschreibung',
    period: 'Zeitraum',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    factor: 'Faktor',
    discountPercent: 'Rabatt',
    net: 'Netto',
    taxRate: 'Steuersatz',
    explain: 'Erklärung',
    remove: 'Entfernen',
  },
  fields: {
    description: 'Beschreibung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    discountPercent: 'Rabatt',
    taxRate: 'Steuersatz',
  },
  draft: 'Entwurf',
  finalized: 'Festgeschrieben',
  credit: 'Gutschrift',
  edited: 'Geändert',
  toggleLines: (status, invoice, lines) =>
    `${status}: ${invoice}, ${lines} ${pluralDe(lines, 'Position', 'Positionen')}`,
  invoiceName: (status, account, source) =>
    `${status === '' ? 'der Entwurf' : status} für ${account}${source === '' ? '' : ` (${source})`}`,
  lineName: (line, invoice) => `Position ${line} von ${invoice}`,
  select: (invoice) => `${invoice} auswählen`,
  document: 'Dokument',
  documentOf: (invoice) => `Dokument von ${invoice}`,
  addLine: 'Position hinzufügen',
  addLineTo: (invoice) => `Position zu ${invoice} hinzufügen`,
  explain: 'Erklären',
  explainLine: (line) => `${line} erklären`,
  explanationOf: (line, invoice) => `Warum „${line}“ kostet, was es kostet: ${invoice}`,
  close: 'Schließen',
  removeLine: 'Entfernen',
  removeLineOf: (line) => `${line} entfernen`,
  editLabel: (field, line) => `${field} von ${line}`,
  newLine: 'Neue Position',
  newLineKeys:
    'Füllen Sie die neue Position aus; Tab wechselt zwischen ihren Zellen, Eingabe fügt sie hinzu, Escape verwirft sie.',
  sortBy: (column) => `Nach ${column} sortieren`,
  filter: 'Filter',
  filterIn: 'in',
  filterColumns: {
    all: 'Allen Spalten',
    status: 'Status',
    number: 'Nummer',
    account: 'Kunde',
    source: 'Abonnement',
    period: 'Zeitraum',
    lines: 'Positionsbeschreibungen',
  },
  shown: (shown, total, shownCount, totalCount) =>
    shownCount === totalCount
      ? `${total} ${pluralDe(totalCount, 'Rechnung', 'Rechnungen')}`
      : `${shown} von ${total} ${pluralDe(totalCount, 'Rechnung', 'Rechnungen')}`,
  showAllLines: 'Alle Positionen anzeigen',
  hideAllLines: 'Alle Positionen ausblenden',
  selectAllDrafts: 'Alle Entwürfe auswählen',
  selectNone: 'Keine auswählen',
  selectedDrafts: (count, selected) =>
    `${count} ${pluralDe(selected, 'Entwurf', 'Entwürfe')} ausgewählt`,
  totalsOfRun: 'Summen des Laufs je Währung',
  totalsOfShown: (count, shown) =>
    `Summen der ${count} angezeigten ${pluralDe(shown, 'Rechnung', 'Rechnungen')} je Währung`,
  notANumber: (example) => `Schreiben Sie eine Zahl, etwa ${example}.`,
  descriptionLength: 'Eine Beschreibung hat 1 bis 500 Zeichen, nicht nur Leerzeichen.',
  discountRange: 'Ein Rabatt ist ein Prozentsatz von 0 bis 100.',
  taxRateRange: 'Ein Steuersatz ist ein Prozentsatz von 0 oder mehr.',
  notADraft: 'Diese Rechnung ist festgeschrieben: Sie kann nicht mehr geändert werden.',
  lineNotFound: 'Diese Position existiert nicht mehr: Der Entwurf wurde anderswo geändert.',
  invoiceNotFound: 'Dieser Entwurf existiert nicht mehr: Er wurde anderswo gelöscht.',
  changed: (field, line, from, to, gross) =>
    `${field} von ${line} von ${from} auf ${to} geändert. Die Rechnung beträgt jetzt ${gross}.`,
  unchanged: 'Nichts geändert.',
  refused: (reason) => `Nicht geändert: ${reason}`,
  added: (description, invoice, gross) =>
    `Position „${description}“ zu ${invoice} hinzugefügt, die jetzt ${gross} beträgt.`,
  removed: (description, invoice) => `Position „${description}“ aus ${invoice} entfernt.`,
  draftDeleted: (invoice) => `Die letzte Position ist entfernt: ${invoice} ist gelöscht.`,
  confirmRemoveHeading: 'Eine Position entfernen',
  confirmRemove: (description, invoice, last) =>
    `Die Position „${description}“ aus ${invoice} entfernen? Was sie abgerechnet hat, erscheint wieder unter „Verbleibendes anzeigen“ des Laufs.` +
    (last ? ' Sie ist die einzige Position des Entwurfs: Der Entwurf wird gelöscht.' : ''),
  remove: 'Entfernen',
  cancel: 'Abbrechen',
  block: (rows, columns) =>
    `${rows} ${pluralDe(rows, 'Zeile', 'Zeilen')}, ${columns} ${pluralDe(columns, 'Spalte', 'Spalten')} ausgewählt`,
  copied: (cells) => `${cells} ${pluralDe(cells, 'Zelle', 'Zellen')} kopiert.`,
  pasted: (cells, invoices) =>
    `${cells} ${pluralDe(cells, 'Zelle', 'Zellen')} in ${invoices} ${pluralDe(invoices, 'Entwurf', 'Entwürfe')} eingefügt.`,
  pasteRefused: (reason, cell) => `Nichts wurde eingefügt. ${cell}: ${reason}`,
  pasteNoTarget:
    'Fügen Sie in die Positionen eines Entwurfs ein: Öffnen Sie seine Positionen und wählen Sie die erste Zelle.',
  pasteTooLong: (values, rows) =>
    `${values} ${pluralDe(values, 'Zeile', 'Zeilen')} mit Werten, aber nur ${rows} ${pluralDe(rows, 'folgende Position', 'folgende Positionen')}.`,
  pasteNotEditable: (column) => `${column} kann nicht geändert werden.`,
  pasteNotDraft: 'Es ist kein Entwurf.',
  pasteUndone: (reason) =>
    `Nichts wurde eingefügt: ${reason} Die von diesem Einfügen schon geänderten Entwürfe wurden zurückgesetzt.`,
};
