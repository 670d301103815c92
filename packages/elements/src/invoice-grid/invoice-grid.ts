import {
  html,
  isServer,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {guard} from 'lit/directives/guard.js';
import {ifDefined} from 'lit/directives/if-defined.js';
import {live} from 'lit/directives/live.js';
import {repeat} from 'lit/directives/repeat.js';
import {html as staticHtml} from 'lit/static-html.js';
import type {CurrencyTotal, DraftChangeInput, Invoice, RunRecord} from '@invoice-run/core';
import type {InvoiceRunClient, RunView} from '@invoice-run/worker';
import {
  InvoiceGridDocumentEvent,
  InvoiceGridEditEvent,
  InvoiceGridExplainEvent,
  InvoiceGridSelectionChangeEvent,
} from '../events.js';
import {confirmDialogIn, renderConfirmDialog} from '../internal/confirm-dialog.js';
import {normalizeDecimal} from '../internal/decimal.js';
import {formatCount, formatMoney} from '../internal/format.js';
import {InvoiceRunElement} from '../internal/invoice-run-element.js';
import {LiveQueryController} from '../internal/live-query.js';
import {renderFailure, renderNoClient, renderTotals} from '../internal/templates.js';
import {
  EDITABLE,
  FILTER_COLUMNS,
  INVOICE_COLUMNS,
  INVOICE_WIDGETS,
  LINE_COLUMNS,
  SORT_COLUMNS,
  invoiceCell,
  invoiceCellCopy,
  lineCell,
  lineCellCopy,
  sourceText,
  statusText,
  type CellContext,
  type EditableField,
  type FilterColumn,
  type LineColumn,
  type SortColumn,
} from './columns.js';
import {readField, refusalReason} from './edits.js';
import {InvoiceSource} from './invoice-source.js';
import {
  HEADER,
  columnCount,
  firstRow,
  isEditable,
  isStop,
  lastRow,
  nextEditable,
  stepRows,
} from './navigation.js';
import {editableDecimal} from './numbers.js';
import {planPaste, type DraftEdit} from './paste.js';
import {
  GridRows,
  RowModel,
  invoiceKey,
  lineKey,
  type GridRow,
  type GridSort,
  type RowInputs,
} from './rows.js';
import {RowSlots} from './row-slots.js';
import {CurrencyTotals} from './totals.js';
import {parseTsv, toTsv} from './tsv.js';
import styles from './invoice-grid.styles.js';
import {invoiceGridMessages, type InvoiceGridMessages} from './invoice-grid.messages.js';
import {invoiceGridMessagesDe} from './invoice-grid.messages.de.js';
import {catalogueFor} from '../internal/language.js';
import {staticTagOf} from '../internal/element-tag.js';
import {InvoiceDocument} from '../invoice-document/invoice-document.js';
import type {InvoiceDocumentMessages} from '../invoice-document/invoice-document.messages.js';
import {LineExplanation} from '../line-explanation/line-explanation.js';
import type {LineExplanationMessages} from '../line-explanation/line-explanation.messages.js';

/** A cell: its row's key (`header` for the header) and its column within that row. */
type Detail =
  | {readonly kind: 'explanation'; readonly invoiceId: string; readonly line: number}
  | {readonly kind: 'document'; readonly invoiceId: string};

interface Position {
  readonly key: string;
  readonly column: number;
}

/** The cell being edited: what is typed, and why it was refused, if it was. */
interface Editing extends Position {
  readonly value: string;
  readonly error: string | undefined;
  readonly busy: boolean;
}

/** A line being added to a draft: its fields as typed, and a refusal at one of them. */
interface NewLine {
  readonly values: Readonly<Record<EditableField, string>>;
  readonly error: {readonly field: EditableField; readonly reason: string} | undefined;
  readonly busy: boolean;
}

/**
 * Rows drawn beyond the visible ones, above and below, so a scroll shows drawn rows; at least a
 * page and one more (`pageRows`), so a Page Down or Page Up lands on a row already drawn.
 */
const OVERSCAN = 8;
/** The row height before one is measured (px). */
const ROW_HEIGHT = 36;

const HEADER_KEY = 'header';

/**
 * A button that is a cell's focus target (`data-target`): the invoice's or line's document,
 * explanation, new line or removal. The row's invoice and line travel on the button, so one
 * handler serves every row.
 */
function actionButton(button: {
  readonly part: string;
  readonly invoice: string;
  readonly line?: number;
  readonly tabindex: string;
  readonly label: string;
  readonly onClick: (event: Event) => void;
  readonly content: unknown;
}): TemplateResult {
  return html`<button
    type="button"
    part=${button.part}
    data-target
    data-invoice=${button.invoice}
    data-line=${ifDefined(button.line)}
    tabindex=${button.tabindex}
    aria-label=${button.label}
    @click=${button.onClick}
  >
    ${button.content}
  </button>`;
}

/**
 * @tagname invoice-grid
 * @summary A run's invoices as a spreadsheet to review and correct: one row per invoice that opens
 * to its lines, the keyboard of a spreadsheet, edits of drafts, copy and paste, sorting, a filter
 * and totals that follow every edit.
 *
 * @fires {InvoiceGridSelectionChangeEvent} invoice-grid-selection-change - The selected drafts changed; `invoiceIds`.
 * @fires {InvoiceGridEditEvent} invoice-grid-edit - An edit of a draft was stored; `invoiceId`, `changes`, `invoice`.
 * @fires {InvoiceGridExplainEvent} invoice-grid-explain - A line's explanation was asked for (cancelable); `invoice`, `lineIndex`.
 * @fires {InvoiceGridDocumentEvent} invoice-grid-document - An invoice's document was asked for (cancelable); `invoice`.
 *
 * @csspart base - The wrapper.
 * @csspart toolbar - The filter, the counts and the buttons above the grid.
 * @csspart filter - The text filter.
 * @csspart filter-column - Where the filter looks.
 * @csspart count - How many invoices show.
 * @csspart grid - The grid (it scrolls).
 * @csspart header - The row of column headers.
 * @csspart sort-button - A column header's sort button.
 * @csspart row - An invoice's row.
 * @csspart line - A line's row.
 * @csspart lines-header - The row naming the line columns above an invoice's lines.
 * @csspart new-line - The row of a line being added.
 * @csspart cell - A cell.
 * @csspart editor - The field of a cell being edited.
 * @csspart edit-error - Why an edit was refused, next to its cell.
 * @csspart toggle - The button that shows or hides an invoice's lines.
 * @csspart document-button - An invoice's Document button.
 * @csspart add-line-button - A draft's Add line button.
 * @csspart explain-button - A line's Explain button.
 * @csspart remove-button - A line's Remove button.
 * @csspart paste-error - Why a paste was refused.
 * @csspart totals - The totals per currency below the grid.
 * @csspart announcer - The live region that says what an edit, a copy or a paste did.
 * @csspart dialog - The confirmation of a removal.
 * @csspart detail-dialog - The dialog that shows a line's explanation or an invoice's document.
 * @csspart detail-close-button - Its Close button.
 * @csspart explanation - The `<line-explanation>` in it.
 * @csspart document - The `<invoice-document>` in it.
 * @csspart error - A failure notice.
 * @csspart notice - An explanation (no run, no invoices, no client).
 *
 * @cssproperty --invoice-run-color - Text colour.
 * @cssproperty --invoice-run-font-family - Font family.
 * @cssproperty --invoice-run-font-size - Base font size.
 * @cssproperty --invoice-run-accent - Colour of primary buttons.
 * @cssproperty --invoice-run-on-accent - Text colour on the accent.
 * @cssproperty --invoice-run-danger - Colour of destructive actions.
 * @cssproperty --invoice-run-danger-text - Text colour of errors.
 * @cssproperty --invoice-run-danger-surface - Background of error notices.
 * @cssproperty --invoice-run-border-color - Borders (lines between rows: the same colour, lighter).
 * @cssproperty --invoice-run-surface - Background of the grid, fields and buttons.
 * @cssproperty --invoice-run-muted-surface - Background of headers and notices.
 * @cssproperty --invoice-run-muted-color - Colour of hints.
 * @cssproperty --invoice-run-focus-ring - Colour of the focus outline.
 * @cssproperty --invoice-run-radius - Corner radius.
 * @cssproperty --invoice-run-gap - Space between sections.
 * @cssproperty --invoice-grid-height - Height of the grid.
 * @cssproperty --invoice-grid-row-height - Height of a row.
 * @cssproperty --invoice-grid-selected-surface - Background of selected cells and drafts.
 * @cssproperty --invoice-grid-line-surface - Background of line rows.
 *
 * @slot actions - Buttons of the host beside the selection (`<run-history>` puts Finalize and
 * Delete there).
 */
export class InvoiceGrid extends InvoiceRunElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    runId: {attribute: 'run-id', reflect: true},
    run: {attribute: false},
    messages: {attribute: false},
    selectedIds: {attribute: false},
    query: {state: true},
    filterColumn: {state: true},
    sort: {state: true},
    expanded: {state: true},
    adding: {state: true},
    active: {state: true},
    block: {state: true},
    editing: {state: true},
    announcement: {state: true},
    pasteError: {state: true},
    pendingRemove: {state: true},
    window: {state: true},
    detail: {state: true},
    explanationMessages: {attribute: false},
    documentMessages: {attribute: false},
  };

  /** The run, live: its `current` totals follow every edit. */
  private readonly liveRun = new LiveQueryController<
    readonly [InvoiceRunClient | undefined, string | undefined],
    RunView | undefined
  >(this, {
    args: () => [this.activeClient, this.activeRunId] as const,
    observe: ([client, runId], deliver) =>
      runId === undefined ? undefined : client?.observeRun(runId, deliver),
  });

  private readonly source = new InvoiceSource(this, () => [this.activeClient, this.activeRunId]);
  private readonly model = new RowModel();
  private readonly slots = new RowSlots();
  /** The rows of the last render, and what they were made from. */
  private rows: GridRows = new GridRows([], new Int32Array(0), new Int32Array(0));
  private inputs: RowInputs | undefined;
  /** Where the active and anchor rows were last found: looked at first next time. */
  private activeHint = 0;
  private rowHeight = ROW_HEIGHT;
  private viewport = 0;
  private contextVersion = 0;
  private contextOf: {locale: string; messages: unknown; names: number} | undefined;
  private resizeObserver: ResizeObserver | undefined;
  /** The grid element whose size is observed. */
  private observed: HTMLElement | undefined;
  /** The frame that will scroll the active cell into view sideways, when one is asked for. */
  private revealFrame: number | undefined;
  /** A paste is being stored: other edits wait. */
  private pasting = false;
  private readonly currencyTotals = new CurrencyTotals();
  /** The run whose invoices show: another one drops what belonged to this one. */
  private shownRunId: string | undefined;
  /** Where the focus was in the grid before an update (and the caret, in an editor). */
  private focusBefore: {readonly start: number | null; readonly end: number | null} | undefined;
  /** The selection last reported, to tell the host only of changes. */
  private reportedSelection = '';
  private textMade:
    | {
        readonly catalogue: InvoiceGridMessages;
        readonly messages: Partial<InvoiceGridMessages>;
        readonly text: InvoiceGridMessages;
      }
    | undefined;

  /** The id of the run whose invoices to show (the `run` property wins when both are set). */
  declare runId: string | undefined;

  /** The run whose invoices to show. */
  declare run: RunView | RunRecord | undefined;

  /** Texts that replace the defaults (`invoiceGridMessages`); the rest stay. */
  declare messages: Partial<InvoiceGridMessages>;

  /** The ids of the selected drafts; set it to select, listen to `invoice-grid-selection-change`. */
  declare selectedIds: ReadonlySet<string>;

  declare private query: string;
  declare private filterColumn: FilterColumn;
  declare private sort: GridSort | undefined;
  declare private expanded: ReadonlySet<string>;
  declare private adding: ReadonlyMap<string, NewLine>;
  declare private active: Position;
  /** The corner of a block of selected cells opposite the active cell, and its other corner. */
  declare private block: {readonly anchor: Position; readonly focus: Position} | undefined;
  declare private editing: Editing | undefined;
  declare private announcement: string;
  declare private pasteError: string | undefined;
  declare private pendingRemove: {readonly invoice: Invoice; readonly line: number} | undefined;
  declare private window: {readonly first: number; readonly last: number};
  /** What the detail dialog shows: a line's explanation or an invoice's document. */
  declare private detail: Detail | undefined;

  /** Texts of the lines' explanations the grid opens (`lineExplanationMessages`). */
  declare explanationMessages: Partial<LineExplanationMessages>;

  /** Texts of the invoice documents the grid opens (`invoiceDocumentMessages`). */
  declare documentMessages: Partial<InvoiceDocumentMessages>;

  constructor() {
    super();
    this.runId = undefined;
    this.run = undefined;
    this.messages = {};
    this.selectedIds = new Set();
    this.query = '';
    this.filterColumn = 'all';
    this.sort = undefined;
    this.expanded = new Set();
    this.adding = new Map();
    this.active = {key: '', column: 0};
    this.block = undefined;
    this.editing = undefined;
    this.announcement = '';
    this.pasteError = undefined;
    this.pendingRemove = undefined;
    this.window = {first: 0, last: 20};
    this.detail = undefined;
    this.explanationMessages = {};
    this.documentMessages = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.observed = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    if (this.revealFrame !== undefined) cancelAnimationFrame(this.revealFrame);
    this.revealFrame = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.focusBefore = this.focusInGrid ? this.focusState() : undefined;
    if (this.activeRunId !== this.shownRunId) {
      if (this.shownRunId !== undefined) this.forgetRun();
      this.shownRunId = this.activeRunId;
    }
    // The rows, and the active cell among them (the first row's status, at first).
    const rows = this.computeRows();
    if (this.active.key === '' && rows.length > 0) this.active = {key: rows.keyAt(0)!, column: 1};
    if (this.active.key !== '') this.activeIndex();
  }

  protected override clientChanged(): void {
    this.forgetRun();
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The grid is drawn once there are invoices (and again after a new run): measure it then.
    if (this.scroller !== this.observed) this.observeSize();
    this.keepFocus();
    this.reportSelection();
  }

  private get text(): InvoiceGridMessages {
    // Read for every drawn row: made again only when the language or the texts change.
    const catalogue = catalogueFor(this.activeLocale, {
      en: invoiceGridMessages,
      de: invoiceGridMessagesDe,
    });
    const made = this.textMade;
    if (made?.catalogue === catalogue && made.messages === this.messages) return made.text;
    const text = {...catalogue, ...this.messages};
    this.textMade = {catalogue, messages: this.messages, text};
    return text;
  }

  private get activeRunId(): string | undefined {
    return this.run?.id ?? this.runId;
  }

  private get scroller(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('[part~="grid"]') ?? null;
  }

  /** Another run or client: what belonged to the old one goes. */
  private forgetRun(): void {
    this.expanded = new Set();
    this.adding = new Map();
    this.active = {key: '', column: 0};
    this.block = undefined;
    this.editing = undefined;
    this.announcement = '';
    this.pasteError = undefined;
    this.pendingRemove = undefined;
    this.activeHint = 0;
    if (this.selectedIds.size > 0) this.selectedIds = new Set();
    confirmDialogIn(this.renderRoot)?.close();
    this.scroller?.scrollTo({top: 0});
  }

  private observeSize(): void {
    const scroller = this.scroller ?? undefined;
    this.observed = scroller;
    this.resizeObserver?.disconnect();
    if (scroller === undefined || this.resizeObserver === undefined) return;
    this.resizeObserver.observe(scroller);
    const header = scroller.querySelector('[part~="header"]');
    if (header !== null) this.resizeObserver.observe(header);
    this.measure();
  }

  /** The row height and the visible height, as laid out. */
  private measure(): void {
    const scroller = this.scroller;
    if (scroller === null) return;
    const header = scroller.querySelector<HTMLElement>('[part~="header"]');
    const height = header?.offsetHeight ?? 0;
    if (height > 0) this.rowHeight = height;
    this.viewport = Math.max(0, scroller.clientHeight - height);
    this.updateWindow();
  }

  /** The rows in view, with some more above and below. */
  private updateWindow(): void {
    const scroller = this.scroller;
    if (scroller === null) return;
    const h = this.rowHeight;
    const overscan = Math.max(OVERSCAN, this.pageRows + 1);
    const first = Math.max(0, Math.floor(scroller.scrollTop / h) - overscan);
    const last = Math.ceil((scroller.scrollTop + Math.max(this.viewport, h)) / h) + overscan;
    if (first !== this.window.first || last !== this.window.last) this.window = {first, last};
  }

  private readonly onScroll = (): void => {
    this.updateWindow();
  };

  // ---- The rows and the cells ----

  private cellContext(): CellContext {
    const text = this.text;
    const locale = this.activeLocale;
    const of = this.contextOf;
    if (
      of === undefined ||
      of.locale !== locale ||
      of.messages !== this.messages ||
      of.names !== this.source.namesVersion
    ) {
      this.contextVersion++;
      this.contextOf = {locale, messages: this.messages, names: this.source.namesVersion};
    }
    return {locale, text, accountName: (id) => this.source.accountName(id)};
  }

  private computeRows(): GridRows {
    const context = this.cellContext();
    const inputs: RowInputs = {
      invoices: this.source.invoices,
      query: this.query,
      filterColumn: this.filterColumn,
      sort: this.sort,
      expanded: this.expanded,
      adding: this.adding,
      context,
      contextVersion: this.contextVersion,
    };
    this.inputs = inputs;
    this.rows = this.model.rows(inputs);
    return this.rows;
  }

  /** The index of the row with `key`: -1 for the header, undefined when it is gone. */
  private indexOf(key: string, hint = this.activeHint): number | undefined {
    if (key === HEADER_KEY) return HEADER;
    return this.rows.indexOf(key, hint);
  }

  /** The active cell's row index; the active cell moves to a row nearby when its row went. */
  private activeIndex(): number {
    const rows = this.rows;
    let index = this.indexOf(this.active.key);
    if (index === undefined) {
      // Its row went (filtered out, a line removed, a draft deleted): the nearest row that is.
      const [kind, id, line] = this.active.key.split('|');
      if (kind === 'l' || kind === 'n') {
        const at = this.indexOf(invoiceKey(id ?? ''));
        const lines = at === undefined ? 0 : (rows.invoiceAt(at)?.lines.length ?? 0);
        index =
          at === undefined || rows.kindAt(at + 1) !== 'lines-head' || lines === 0
            ? at
            : at + 2 + Math.min(Number(line ?? 0), lines - 1);
      }
      index ??=
        rows.length === 0 ? HEADER : stepRows(rows, Math.min(this.activeHint, rows.length - 1), 0);
      const row = rows.at(index);
      this.active = {
        key: index === HEADER || row === undefined ? HEADER_KEY : row.key,
        column: Math.min(this.active.column, columnCount(row) - 1),
      };
    }
    this.activeHint = Math.max(0, index);
    return index;
  }

  private rowAt(index: number): GridRow | undefined {
    return index === HEADER ? undefined : this.rows.at(index);
  }

  private nameOf(invoice: Invoice): string {
    const text = this.text;
    return text.invoiceName(
      invoice.status === 'draft' ? '' : (invoice.number ?? text.finalized),
      this.source.accountName(invoice.accountId),
      sourceText(invoice),
    );
  }

  private lineNameOf(invoice: Invoice, line: number): string {
    return this.text.lineName(line + 1, this.nameOf(invoice));
  }

  // ---- Selection of drafts ----

  private setSelection(ids: ReadonlySet<string>): void {
    this.selectedIds = ids;
  }

  private reportSelection(): void {
    // A selected draft that is no longer one (finalized, deleted) leaves the selection.
    if (this.source.complete && this.selectedIds.size > 0) {
      const drafts = new Set(
        this.source.invoices.filter((each) => each.status === 'draft').map((each) => each.id),
      );
      const kept = [...this.selectedIds].filter((id) => drafts.has(id));
      if (kept.length !== this.selectedIds.size) this.selectedIds = new Set(kept);
    }
    const ids = [...this.selectedIds];
    const key = ids.join('\n');
    if (key === this.reportedSelection) return;
    this.reportedSelection = key;
    this.emit(new InvoiceGridSelectionChangeEvent(ids));
  }

  private toggleSelected(invoice: Invoice): void {
    if (invoice.status !== 'draft') return;
    const next = new Set(this.selectedIds);
    if (next.has(invoice.id)) next.delete(invoice.id);
    else next.add(invoice.id);
    this.setSelection(next);
  }

  // ---- Moving ----

  /** Makes a cell active, scrolls it into view and focuses it (or its control). */
  private async moveTo(index: number, column: number, extend = false): Promise<void> {
    const row = this.rowAt(index);
    const position: Position = {
      key: index === HEADER || row === undefined ? HEADER_KEY : row.key,
      column: Math.max(0, Math.min(column, columnCount(row) - 1)),
    };
    if (extend) {
      const anchor = this.block?.anchor ?? this.active;
      this.block = {anchor, focus: position};
      const {rows, columns} = this.blockSize(this.block);
      this.announcement = this.text.block(rows, columns);
    } else {
      this.block = undefined;
    }
    this.active = position;
    this.activeHint = Math.max(0, index);
    this.pasteError = undefined;
    // The focus goes first, the rows drawn around it after (in the same task, before the frame):
    // a row already drawn (those around the view are) takes the focus at once; a row far away
    // (Ctrl+End) is drawn alone first, as the active row always is, and the window after it.
    const target = this.activeTarget();
    this.scrollToRow(index, target !== null);
    if (target !== null) this.focusOnce(target);
    await this.focusActive();
    if (target === null) this.updateWindow();
  }

  private scrollRows(rows: number): void {
    const scroller = this.scroller;
    if (scroller !== null) scroller.scrollTop += rows * this.rowHeight;
  }

  /** Scrolls row `index` into view; the rows drawn follow now, or when `drawWindow` is false later. */
  private scrollToRow(index: number, drawWindow = true): void {
    const scroller = this.scroller;
    if (scroller === null || index === HEADER) return;
    const h = this.rowHeight;
    const top = index * h;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + h > scroller.scrollTop + this.viewport) {
      scroller.scrollTop = top + h - this.viewport;
    }
    if (drawWindow) this.updateWindow();
  }

  /** The key of the drawn row that holds the focus, if one does. */
  private focusedRowKey(): string | undefined {
    if (isServer) return undefined;
    const active = this.shadowRoot?.activeElement;
    return active?.closest<HTMLElement>('[data-key]')?.dataset['key'];
  }

  /** Focuses the active cell's control, once drawn; keeps it in view sideways too. */
  private async focusActive(): Promise<void> {
    await this.updateComplete;
    const target = this.activeTarget();
    if (target === null) return;
    const leaving = this.focusedRowKey();
    this.focusOnce(target);
    // The row the focus left may have been kept drawn only for it: the next update lets it go.
    if (leaving !== undefined && leaving !== this.active.key) this.requestUpdate();
    this.revealActiveSideways();
  }

  /** Focuses `target` unless it has the focus: focusing works out the page's style first. */
  private focusOnce(target: HTMLElement): void {
    if (target !== this.shadowRoot?.activeElement) target.focus({preventScroll: true});
  }

  /**
   * Scrolls the active cell into view sideways, in the next frame before it is drawn: measuring
   * the cell there uses the layout the frame makes anyway, where measuring it now would make one
   * more in the key's own task (and a key that comes meanwhile would wait for it).
   */
  private revealActiveSideways(): void {
    if (this.revealFrame !== undefined) return;
    this.revealFrame = requestAnimationFrame(() => {
      this.revealFrame = undefined;
      const scroller = this.scroller;
      const cell = this.activeTarget()?.closest<HTMLElement>('[data-column]');
      if (scroller === null || cell === null || cell === undefined) return;
      const left = cell.offsetLeft;
      const right = left + cell.offsetWidth;
      if (left < scroller.scrollLeft) scroller.scrollLeft = left;
      else if (right > scroller.scrollLeft + scroller.clientWidth) {
        scroller.scrollLeft = right - scroller.clientWidth;
      }
    });
  }

  private focusState(): {start: number | null; end: number | null} {
    const active = this.shadowRoot?.activeElement;
    return active instanceof HTMLInputElement && active.type === 'text'
      ? {start: active.selectionStart, end: active.selectionEnd}
      : {start: null, end: null};
  }

  /**
   * A drawn row that the update moved in the DOM (the focused row, kept drawn while the grid
   * scrolled far from it) loses the focus on the way: the focus goes back to it, caret included.
   */
  private keepFocus(): void {
    const before = this.focusBefore;
    this.focusBefore = undefined;
    if (before === undefined || this.focusInGrid) return;
    if (this.shadowRoot?.querySelector('dialog[open]') !== null) return;
    const target = this.activeTarget();
    target?.focus({preventScroll: true});
    if (target instanceof HTMLInputElement && before.start !== null) {
      target.setSelectionRange(before.start, before.end);
    }
  }

  /** The element that takes the focus for the active cell: its control, or the cell itself. */
  private activeTarget(): HTMLElement | null {
    const row = this.renderRoot.querySelector(`[data-key="${CSS.escape(this.active.key)}"]`);
    const cell = row?.querySelector<HTMLElement>(`[data-column="${this.active.column}"]`);
    if (cell === null || cell === undefined) return null;
    return cell.querySelector<HTMLElement>('[data-target]') ?? cell;
  }

  /** Whether focus is in the grid (a cell, a control or an editor). */
  private get focusInGrid(): boolean {
    if (isServer) return false;
    const active = this.shadowRoot?.activeElement;
    return active instanceof HTMLElement && this.scroller?.contains(active) === true;
  }

  private blockBounds(block: {
    anchor: Position;
    focus: Position;
  }): {top: number; bottom: number; left: number; right: number} | undefined {
    const a = this.indexOf(block.anchor.key, 0);
    const b = this.indexOf(block.focus.key);
    if (a === undefined || b === undefined) return undefined;
    return {
      top: Math.min(a, b),
      bottom: Math.max(a, b),
      left: Math.min(block.anchor.column, block.focus.column),
      right: Math.max(block.anchor.column, block.focus.column),
    };
  }

  private blockSize(block: {anchor: Position; focus: Position}): {rows: number; columns: number} {
    const bounds = this.blockBounds(block);
    if (bounds === undefined) return {rows: 1, columns: 1};
    let rows = 0;
    for (let index = bounds.top; index <= bounds.bottom; index++) {
      if (isStop(this.rows, index) && index !== HEADER) rows++;
    }
    return {rows, columns: bounds.right - bounds.left + 1};
  }

  private inBlock(index: number, column: number): boolean {
    const block = this.block;
    if (block === undefined) return false;
    const bounds = this.blockBounds(block);
    return (
      bounds !== undefined &&
      index >= bounds.top &&
      index <= bounds.bottom &&
      column >= bounds.left &&
      column <= bounds.right
    );
  }

  /** Rows a Page Up or Page Down moves over: what the grid shows at once. */
  private get pageRows(): number {
    return Math.max(1, Math.floor(this.viewport / this.rowHeight) - 1);
  }

  // ---- Keys ----

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.altKey) return;
    if (this.editing !== undefined || this.isNewLineField(event.target)) {
      this.onEditorKeydown(event);
      return;
    }
    const index = this.activeIndex();
    const row = this.rowAt(index);
    const column = this.active.column;
    const command = event.ctrlKey || event.metaKey;
    const target = event.target as HTMLElement;
    const onControl = target.localName === 'button' || target.localName === 'input';
    const rows = this.rows;
    const key = event.key;
    const go = (to: number, col: number) => {
      event.preventDefault();
      void this.moveTo(to, col, event.shiftKey);
    };
    if (key === 'ArrowDown') return go(stepRows(rows, index, 1), column);
    if (key === 'ArrowUp') return go(stepRows(rows, index, -1), column);
    if (key === 'ArrowRight') return go(index, column + 1);
    if (key === 'ArrowLeft') return go(index, column - 1);
    if (key === 'Home') return go(command ? firstRow(rows) : index, 0);
    if (key === 'End') {
      const to = command ? lastRow(rows) : index;
      return go(to, columnCount(this.rowAt(to)) - 1);
    }
    // The pages move the view as far as the focus, so the focused row keeps its place in view.
    if (key === 'PageDown') {
      const to = stepRows(rows, index, this.pageRows);
      this.scrollRows(to - index);
      return go(to, column);
    }
    // Page Up stops at the first row; the header is reached with the arrow only.
    if (key === 'PageUp') {
      const to =
        index === HEADER ? HEADER : Math.max(stepRows(rows, index, -this.pageRows), firstRow(rows));
      this.scrollRows(to - index);
      return go(to, column);
    }
    if (command && key.toLowerCase() === 'a') {
      event.preventDefault();
      this.selectAllCells();
      return;
    }
    if (command) return;
    if (key === 'Escape' && this.block !== undefined) {
      event.preventDefault();
      this.block = undefined;
      return;
    }
    // Space selects the draft of an invoice row, on the button that opens its lines too.
    if (key === ' ' && row?.kind === 'invoice' && target.classList.contains('toggle')) {
      event.preventDefault();
      this.toggleSelected(row.invoice);
      return;
    }
    // Enter and Space on a button or checkbox are the control's own.
    if ((key === 'Enter' || key === ' ') && onControl) return;
    if (key === 'Enter' || key === 'F2') {
      if (row?.kind === 'invoice' && key === 'Enter') {
        event.preventDefault();
        this.toggleLines(row.invoice);
      } else if (isEditable(row, column)) {
        event.preventDefault();
        void this.startEditing(index, column, undefined);
      }
      return;
    }
    if (key === ' ') {
      if (row?.kind === 'invoice') {
        event.preventDefault();
        this.toggleSelected(row.invoice);
      }
      return;
    }
    if (key === 'Delete' && row?.kind === 'line' && row.invoice.status === 'draft') {
      event.preventDefault();
      void this.askRemove(row.invoice, row.line);
      return;
    }
    if (key === 'Insert' && row !== undefined && row.invoice.status === 'draft') {
      event.preventDefault();
      void this.startAdding(row.invoice);
      return;
    }
    // Typing on an editable cell starts editing it with what is typed, as a spreadsheet does.
    if (key.length === 1 && isEditable(row, column)) {
      event.preventDefault();
      void this.startEditing(index, column, key);
    }
  };

  private isNewLineField(target: EventTarget | null): boolean {
    return target instanceof HTMLInputElement && target.dataset['newLine'] !== undefined;
  }

  private onEditorKeydown(event: KeyboardEvent): void {
    const index = this.activeIndex();
    const row = this.rowAt(index);
    if (event.key === 'Escape') {
      event.preventDefault();
      if (row?.kind === 'new-line') this.dropNewLine(row.invoice);
      else void this.cancelEditing();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (row?.kind === 'new-line') void this.commitNewLine(row.invoice);
      else void this.commitEditing(undefined);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      const direction = event.shiftKey ? -1 : 1;
      if (row?.kind === 'new-line') {
        const next = nextEditable(this.rows, index, this.active.column, direction);
        if (next !== undefined) void this.moveTo(next.index, next.column);
      } else {
        void this.commitEditing(direction);
      }
    }
  }

  private selectAllCells(): void {
    const rows = this.rows;
    if (rows.length === 0) return;
    const last = rows.at(lastRow(rows))!;
    const first = rows.at(firstRow(rows))!;
    this.block = {
      anchor: {key: first.key, column: 0},
      focus: {key: last.key, column: columnCount(last) - 1},
    };
    const {rows: count, columns} = this.blockSize(this.block);
    this.announcement = this.text.block(count, columns);
  }

  private toggleLines(invoice: Invoice): void {
    const next = new Set(this.expanded);
    if (next.has(invoice.id)) next.delete(invoice.id);
    else next.add(invoice.id);
    this.expanded = next;
  }

  // ---- Editing a cell ----

  private fieldAt(column: number): EditableField | undefined {
    const key = LINE_COLUMNS[column];
    return key === undefined ? undefined : EDITABLE[key];
  }

  /** A field's value as the editor shows it: the text, or the number in the page's notation. */
  private editableValue(invoice: Invoice, line: number, field: EditableField): string {
    const value = invoice.lines[line]?.[field] ?? '';
    return field === 'description' ? value : editableDecimal(value, this.activeLocale);
  }

  private async startEditing(
    index: number,
    column: number,
    typed: string | undefined,
  ): Promise<void> {
    const row = this.rowAt(index);
    const field = this.fieldAt(column);
    if (row?.kind !== 'line' || field === undefined || this.pasting) return;
    this.block = undefined;
    this.pasteError = undefined;
    this.active = {key: row.key, column};
    this.editing = {
      key: row.key,
      column,
      value: typed ?? this.editableValue(row.invoice, row.line, field),
      error: undefined,
      busy: false,
    };
    await this.focusActive();
    const input = this.activeTarget();
    if (input instanceof HTMLInputElement) {
      if (typed === undefined) input.select();
      else input.setSelectionRange(input.value.length, input.value.length);
    }
  }

  private async cancelEditing(): Promise<void> {
    this.editing = undefined;
    await this.focusActive();
  }

  private readonly onEditorInput = (event: Event): void => {
    const editing = this.editing;
    if (editing === undefined) return;
    this.editing = {...editing, value: (event.target as HTMLInputElement).value};
  };

  /**
   * Stores the cell being edited; then, with a direction, edits the next editable cell (Tab). A
   * refusal keeps the editor open with what was typed and the reason beside it.
   */
  private async commitEditing(direction: 1 | -1 | undefined): Promise<void> {
    const editing = this.editing;
    if (editing === undefined || editing.busy) return;
    const index = this.indexOf(editing.key);
    const row = index === undefined ? undefined : this.rowAt(index);
    const field = this.fieldAt(editing.column);
    const text = this.text;
    const locale = this.activeLocale;
    if (row?.kind !== 'line' || field === undefined || index === undefined) {
      this.editing = undefined;
      return;
    }
    // The engine checks the rules and says why it refuses; only a number is read here.
    const read = readField(field, editing.value, locale, text, false);
    if ('reason' in read) {
      this.refuse(editing, read.reason);
      return;
    }
    const line = row.invoice.lines[row.line]!;
    const from = line[field];
    const same =
      field === 'description'
        ? from === read.value
        : normalizeDecimal(from) === normalizeDecimal(read.value);
    if (!same) {
      const changes: DraftChangeInput[] = [{line: row.line, set: {[field]: read.value}}];
      this.editing = {...editing, busy: true, error: undefined};
      const stored = await this.store(row.invoice, changes);
      if (this.editing?.key !== editing.key || this.editing.column !== editing.column) return;
      if (!stored.ok) {
        this.refuse({...this.editing, busy: false}, stored.reason);
        return;
      }
      const now = stored.invoice;
      this.announcement =
        now === null
          ? text.draftDeleted(this.nameOf(row.invoice))
          : text.changed(
              text.fields[field],
              this.lineNameOf(row.invoice, row.line),
              lineCell(LINE_COLUMNS[editing.column]!, row.invoice, line, this.cellContext()),
              lineCell(
                LINE_COLUMNS[editing.column]!,
                now,
                now.lines[row.line] ?? line,
                this.cellContext(),
              ),
              formatMoney(now.gross, now.currency, locale),
            );
    }
    this.editing = undefined;
    await this.updateComplete;
    const next =
      direction === undefined
        ? undefined
        : nextEditable(this.rows, this.activeIndex(), editing.column, direction);
    if (next === undefined) await this.focusActive();
    else {
      await this.moveTo(next.index, next.column);
      await this.startEditing(next.index, next.column, undefined);
    }
  }

  private refuse(editing: Editing, reason: string): void {
    this.editing = {...editing, error: reason, busy: false};
    this.announcement = this.text.refused(reason);
    void this.focusActive();
  }

  /** Sends an edit of one draft; shows the draft as it comes back. */
  private async store(
    invoice: Invoice,
    changes: readonly DraftChangeInput[],
  ): Promise<{ok: true; invoice: Invoice | null} | {ok: false; reason: string; error: unknown}> {
    const client = this.activeClient;
    if (client === undefined) return {ok: false, reason: this.text.noClient, error: undefined};
    try {
      const now = await client.editDraft(invoice.id, changes);
      if (client !== this.activeClient) return {ok: false, reason: '', error: undefined};
      this.source.applyLocal(invoice.id, now);
      this.emit(new InvoiceGridEditEvent(invoice.id, changes, now));
      return {ok: true, invoice: now};
    } catch (error) {
      return {ok: false, reason: refusalReason(error, this.text, this.activeLocale), error};
    }
  }

  // ---- Adding and removing lines ----

  private async startAdding(invoice: Invoice): Promise<void> {
    if (invoice.status !== 'draft' || this.pasting) return;
    this.editing = undefined;
    if (!this.adding.has(invoice.id)) {
      const last = invoice.lines.at(-1);
      const locale = this.activeLocale;
      const next = new Map(this.adding);
      next.set(invoice.id, {
        values: {
          description: '',
          quantity: editableDecimal('1', locale),
          unitPrice: '',
          discountPercent: editableDecimal('0', locale),
          // The rate of the draft's last line: most often the rate a new line has too.
          taxRate: editableDecimal(last?.taxRate ?? '0', locale),
        },
        error: undefined,
        busy: false,
      });
      this.adding = next;
    }
    if (!this.expanded.has(invoice.id)) this.expanded = new Set([...this.expanded, invoice.id]);
    await this.updateComplete;
    const index = this.indexOf(`n|${invoice.id}`);
    if (index !== undefined) await this.moveTo(index, 0);
  }

  private readonly onNewLineInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const id = input.dataset['newLine']!;
    const field = input.dataset['field'] as EditableField;
    const line = this.adding.get(id);
    if (line === undefined) return;
    const next = new Map(this.adding);
    next.set(id, {...line, values: {...line.values, [field]: input.value}});
    this.adding = next;
  };

  private dropNewLine(invoice: Invoice): void {
    const next = new Map(this.adding);
    next.delete(invoice.id);
    this.adding = next;
    const lines = invoice.lines.length;
    void this.moveTo(
      this.indexOf(lines > 0 ? lineKey(invoice.id, lines - 1) : invoiceKey(invoice.id)) ?? 0,
      0,
    );
  }

  private async commitNewLine(invoice: Invoice): Promise<void> {
    const line = this.adding.get(invoice.id);
    if (line === undefined || line.busy) return;
    const text = this.text;
    const locale = this.activeLocale;
    const set = (next: NewLine) => {
      const map = new Map(this.adding);
      map.set(invoice.id, next);
      this.adding = map;
    };
    const values: Partial<Record<EditableField, string>> = {};
    for (const field of [
      'description',
      'quantity',
      'unitPrice',
      'discountPercent',
      'taxRate',
    ] as const) {
      const read = readField(field, line.values[field], locale, text);
      if ('reason' in read) {
        set({...line, error: {field, reason: read.reason}});
        this.announcement = text.refused(read.reason);
        const column = LINE_COLUMNS.indexOf(field as LineColumn);
        await this.moveTo(this.indexOf(`n|${invoice.id}`) ?? 0, column);
        return;
      }
      values[field] = read.value;
    }
    set({...line, busy: true, error: undefined});
    const change: DraftChangeInput = {
      add: {
        description: values.description!,
        quantity: values.quantity!,
        unitPrice: values.unitPrice!,
        discountPercent: values.discountPercent!,
        taxRate: values.taxRate!,
      },
    };
    const stored = await this.store(invoice, [change]);
    if (!stored.ok) {
      set({...line, busy: false, error: {field: 'description', reason: stored.reason}});
      this.announcement = text.refused(stored.reason);
      await this.focusActive();
      return;
    }
    const next = new Map(this.adding);
    next.delete(invoice.id);
    this.adding = next;
    const now = stored.invoice;
    if (now !== null) {
      this.announcement = text.added(
        values.description!,
        this.nameOf(now),
        formatMoney(now.gross, now.currency, locale),
      );
      await this.updateComplete;
      // Manual lines come last, in the order they were added: the new line is the last.
      const index = this.indexOf(lineKey(now.id, now.lines.length - 1));
      if (index !== undefined) await this.moveTo(index, 0);
    }
  }

  private async askRemove(invoice: Invoice, line: number): Promise<void> {
    if (this.pasting) return;
    this.pendingRemove = {invoice, line};
    await this.updateComplete;
    confirmDialogIn(this.renderRoot)?.showModal();
  }

  private readonly onConfirmRemove = async (): Promise<void> => {
    const pending = this.pendingRemove;
    confirmDialogIn(this.renderRoot)?.close();
    if (pending === undefined) return;
    const {invoice, line} = pending;
    const text = this.text;
    const description = invoice.lines[line]?.description ?? '';
    const stored = await this.store(invoice, [{remove: line}]);
    if (!stored.ok) {
      this.announcement = text.refused(stored.reason);
      this.pasteError = text.refused(stored.reason);
      await this.focusActive();
      return;
    }
    this.announcement =
      stored.invoice === null
        ? text.draftDeleted(this.nameOf(invoice))
        : text.removed(description, this.nameOf(invoice));
    await this.updateComplete;
    // The line that took its place, else the one before, else the invoice (or the row nearby).
    const now = stored.invoice;
    const key =
      now === null
        ? undefined
        : now.lines.length === 0
          ? invoiceKey(now.id)
          : lineKey(now.id, Math.min(line, now.lines.length - 1));
    const index = key === undefined ? undefined : this.indexOf(key);
    if (index !== undefined) await this.moveTo(index, this.active.column);
    else await this.focusActive();
  };

  private readonly onConfirmClosed = (): void => {
    this.pendingRemove = undefined;
    if (!this.focusInGrid) void this.focusActive();
  };

  // ---- Copy and paste ----

  private readonly onCopy = (event: ClipboardEvent): void => {
    if (this.editing !== undefined || this.isNewLineField(event.target)) return;
    const context = this.cellContext();
    const rows = this.rows;
    const block = this.block ?? {anchor: this.active, focus: this.active};
    const bounds = this.blockBounds(block);
    if (bounds === undefined || event.clipboardData === null) return;
    const out: string[][] = [];
    let cells = 0;
    for (let index = Math.max(0, bounds.top); index <= bounds.bottom; index++) {
      const row = rows.at(index);
      if (row === undefined || !isStop(rows, index)) continue;
      const cellsOfRow: string[] = [];
      for (
        let column = bounds.left;
        column <= bounds.right && column < columnCount(row);
        column++
      ) {
        cellsOfRow.push(this.copyText(row, column, context));
        cells++;
      }
      out.push(cellsOfRow);
    }
    event.clipboardData.setData('text/plain', toTsv(out));
    event.preventDefault();
    this.announcement = this.text.copied(cells);
  };

  private copyText(row: GridRow, column: number, context: CellContext): string {
    if (row.kind === 'invoice')
      return invoiceCellCopy(INVOICE_COLUMNS[column]!, row.invoice, context);
    if (row.kind === 'line') {
      return lineCellCopy(
        LINE_COLUMNS[column]!,
        row.invoice,
        row.invoice.lines[row.line]!,
        context,
      );
    }
    return '';
  }

  private readonly onPaste = (event: ClipboardEvent): void => {
    if (this.editing !== undefined || this.isNewLineField(event.target)) return;
    const data = event.clipboardData?.getData('text/plain') ?? '';
    event.preventDefault();
    void this.paste(data);
  };

  /**
   * Pastes tab-separated values at the selection: checked whole first, then stored draft by draft
   * (decisions.md: a paste over several invoices). One value over a block fills the block.
   */
  private async paste(data: string): Promise<void> {
    if (this.pasting) return;
    const text = this.text;
    const context = this.cellContext();
    let values = parseTsv(data);
    const block = this.block ?? {anchor: this.active, focus: this.active};
    const bounds = this.blockBounds(block);
    if (bounds === undefined || values.length === 0) return;
    const {rows: height, columns: width} = this.blockSize(block);
    if (values.length === 1 && values[0]!.length === 1 && height * width > 1) {
      values = Array.from({length: height}, () =>
        Array.from({length: width}, () => values[0]![0]!),
      );
    }
    const start = stepRows(this.rows, bounds.top - 1, 1);
    const plan = planPaste(values, this.rows, start, bounds.left, context, (row, column) =>
      text.editLabel(
        text.lineColumns[LINE_COLUMNS[column] ?? 'description'],
        this.lineNameOf(row.invoice, row.line),
      ),
    );
    if (plan.kind === 'refused') {
      this.pasteError = plan.reason;
      this.announcement = plan.reason;
      if (plan.row !== undefined && plan.column !== undefined) {
        await this.moveTo(plan.row, plan.column);
        this.pasteError = plan.reason;
      }
      return;
    }
    if (plan.edits.length === 0) {
      this.announcement = text.unchanged;
      return;
    }
    this.pasting = true;
    try {
      const done: DraftEdit[] = [];
      for (const edit of plan.edits) {
        const stored = await this.store(edit.invoice, edit.changes);
        if (!stored.ok) {
          // All or nothing: what this paste stored already is set back.
          for (const back of done.reverse()) await this.store(back.invoice, back.undo);
          this.pasteError = text.pasteUndone(stored.reason);
          this.announcement = this.pasteError;
          return;
        }
        done.push(edit);
      }
      this.pasteError = undefined;
      this.announcement = text.pasted(plan.cells, plan.edits.length);
    } finally {
      this.pasting = false;
      if (this.focusInGrid) await this.focusActive();
    }
  }

  // ---- Events of the controls ----

  private readonly onCellPointer = (event: PointerEvent): void => {
    const cell = (event.target as Element).closest<HTMLElement>('[data-column]');
    const row = cell?.closest<HTMLElement>('[data-key]');
    if (cell === null || cell === undefined || row === null || row === undefined) return;
    const key = row.dataset['key']!;
    const column = Number(cell.dataset['column']);
    if (
      this.editing !== undefined &&
      (this.editing.key !== key || this.editing.column !== column)
    ) {
      // A click elsewhere keeps what was typed: it is stored (or refused, and stays).
      void this.commitEditing(undefined);
    }
    const index = this.indexOf(key);
    if (index === undefined) return;
    if (event.shiftKey) {
      event.preventDefault();
      void this.moveTo(index, column, true);
      return;
    }
    this.active = {key, column};
    this.activeHint = Math.max(0, index);
    this.block = undefined;
  };

  private readonly onCellDoubleClick = (event: MouseEvent): void => {
    const index = this.activeIndex();
    if (isEditable(this.rowAt(index), this.active.column) && this.editing === undefined) {
      event.preventDefault();
      void this.startEditing(index, this.active.column, undefined);
    }
  };

  private readonly onFocusIn = (event: FocusEvent): void => {
    // Focus that lands on a cell by a click keeps the active cell in step.
    const cell = (event.target as Element).closest<HTMLElement>('[data-column]');
    const row = cell?.closest<HTMLElement>('[data-key]');
    if (cell === null || cell === undefined || row === null || row === undefined) return;
    const key = row.dataset['key']!;
    const column = Number(cell.dataset['column']);
    if (key !== this.active.key || column !== this.active.column) {
      this.active = {key, column};
      const index = this.indexOf(key);
      if (index !== undefined) this.activeHint = Math.max(0, index);
    }
  };

  private readonly onToggle = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['invoice'];
    const invoice = this.source.invoices.find((each) => each.id === id);
    if (invoice !== undefined) this.toggleLines(invoice);
  };

  private readonly onSelectBox = (event: Event): void => {
    const id = (event.currentTarget as HTMLInputElement).dataset['invoice'];
    const invoice = this.source.invoices.find((each) => each.id === id);
    if (invoice !== undefined) this.toggleSelected(invoice);
  };

  private readonly onDocument = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['invoice'];
    const invoice = this.source.invoices.find((each) => each.id === id);
    if (invoice !== undefined && this.emit(new InvoiceGridDocumentEvent(invoice))) {
      void this.openDetail({kind: 'document', invoiceId: invoice.id});
    }
  };

  private readonly onAddLine = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['invoice'];
    const invoice = this.source.invoices.find((each) => each.id === id);
    if (invoice !== undefined) void this.startAdding(invoice);
  };

  private readonly onExplain = (event: Event): void => {
    const target = event.currentTarget as HTMLElement;
    const invoice = this.source.invoices.find((each) => each.id === target.dataset['invoice']);
    const line = Number(target.dataset['line']);
    if (invoice !== undefined && this.emit(new InvoiceGridExplainEvent(invoice, line))) {
      void this.openDetail({kind: 'explanation', invoiceId: invoice.id, line});
    }
  };

  // ---- The detail dialog: a line's explanation, an invoice's document ----

  private get detailDialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>('#detail');
  }

  private async openDetail(detail: Detail): Promise<void> {
    this.detail = detail;
    await this.updateComplete;
    const dialog = this.detailDialog;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }

  private readonly onDetailClosed = (): void => {
    this.detail = undefined;
    // Back to the button that opened it.
    void this.focusActive();
  };

  private readonly closeDetail = (): void => {
    this.detailDialog?.close();
  };

  private renderDetail(): TemplateResult {
    const detail = this.detail;
    const text = this.text;
    const invoice =
      detail === undefined
        ? undefined
        : this.source.invoices.find((each) => each.id === detail.invoiceId);
    let heading = '';
    let content: TemplateResult | typeof nothing = nothing;
    if (detail !== undefined && invoice !== undefined) {
      const name = this.nameOf(invoice);
      if (detail.kind === 'explanation') {
        const line = invoice.lines[detail.line];
        heading = text.explanationOf(line?.description ?? '', name);
        const tag = staticTagOf(LineExplanation, 'line-explanation');
        content = staticHtml`<${tag}
          part="explanation"
          .client=${this.activeClient}
          locale=${this.activeLocale}
          .invoice=${invoice}
          .lineIndex=${detail.line}
          .messages=${this.explanationMessages}
        ></${tag}>`;
      } else {
        heading = text.documentOf(name);
        const tag = staticTagOf(InvoiceDocument, 'invoice-document');
        content = staticHtml`<${tag}
          part="document"
          .client=${this.activeClient}
          locale=${this.activeLocale}
          .invoice=${invoice}
          .messages=${this.documentMessages}
          .explanationMessages=${this.explanationMessages}
        ></${tag}>`;
      }
    }
    return html`<dialog
      id="detail"
      part="detail-dialog"
      class="detail"
      aria-labelledby="detail-heading"
      @close=${this.onDetailClosed}
    >
      <div class="detail-head">
        <h3 id="detail-heading">${heading}</h3>
        <button type="button" part="detail-close-button" @click=${this.closeDetail}>
          ${text.close}
        </button>
      </div>
      ${content}
    </dialog>`;
  }

  private readonly onRemove = (event: Event): void => {
    const target = event.currentTarget as HTMLElement;
    const invoice = this.source.invoices.find((each) => each.id === target.dataset['invoice']);
    if (invoice !== undefined) void this.askRemove(invoice, Number(target.dataset['line']));
  };

  private readonly onAddNewLine = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['invoice'];
    const invoice = this.source.invoices.find((each) => each.id === id);
    if (invoice !== undefined) void this.commitNewLine(invoice);
  };

  private readonly onDropNewLine = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement).dataset['invoice'];
    const invoice = this.source.invoices.find((each) => each.id === id);
    if (invoice !== undefined) this.dropNewLine(invoice);
  };

  private readonly onSort = (event: Event): void => {
    const column = (event.currentTarget as HTMLElement).dataset['sort'] as SortColumn;
    const sort = this.sort;
    this.sort =
      sort?.column !== column
        ? {column, direction: 'ascending'}
        : sort.direction === 'ascending'
          ? {column, direction: 'descending'}
          : undefined;
  };

  private readonly onQuery = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.block = undefined;
  };

  private readonly onFilterColumn = (event: Event): void => {
    this.filterColumn = (event.target as HTMLSelectElement).value as FilterColumn;
  };

  private readonly onShowAllLines = (): void => {
    this.expanded = new Set(this.source.invoices.map((invoice) => invoice.id));
  };

  private readonly onHideAllLines = (): void => {
    this.expanded = new Set();
  };

  private readonly onSelectAllDrafts = (): void => {
    this.selectAllDrafts();
  };

  private readonly onSelectNone = (): void => {
    this.selectNone();
  };

  private readonly retry = (): void => {
    this.source.retry();
  };

  // ---- Public ----

  /** Selects every draft that the filter shows. */
  selectAllDrafts(): void {
    const shown =
      this.inputs === undefined ? this.source.invoices : this.model.shownInvoices(this.inputs);
    this.setSelection(
      new Set(shown.filter((invoice) => invoice.status === 'draft').map((invoice) => invoice.id)),
    );
  }

  selectNone(): void {
    this.setSelection(new Set());
  }

  /** The selected drafts, as they are now. */
  selectedDrafts(): Invoice[] {
    return this.source.invoices.filter(
      (invoice) => invoice.status === 'draft' && this.selectedIds.has(invoice.id),
    );
  }

  /** The invoices read so far, in the run's order. */
  get invoices(): readonly Invoice[] {
    return this.source.invoices;
  }

  /** Whether every invoice of the run has been read. */
  get complete(): boolean {
    return this.source.complete;
  }

  /** Reads the invoices again now; resolves once the grid shows them. */
  async refresh(): Promise<void> {
    await this.source.refresh();
    await this.updateComplete;
  }

  /** Focuses the active cell of the grid (its first cell at first). */
  override focus(options?: FocusOptions): void {
    const target = this.activeTarget();
    if (target === null) super.focus(options);
    else target.focus(options);
  }

  // ---- Rendering ----

  /**
   * The totals per currency: once every invoice is read, the sums over those shown (with no filter,
   * the run's current figures, and they follow an edit at once); before, the run's current figures.
   */
  private get totals(): {readonly totals: readonly CurrencyTotal[]; readonly caption: string} {
    const text = this.text;
    const filtered = this.query.trim() !== '';
    const shown = this.inputs === undefined ? [] : this.model.shownInvoices(this.inputs);
    const caption = filtered
      ? text.totalsOfShown(formatCount(shown.length, this.activeLocale), shown.length)
      : text.totalsOfRun;
    const run = this.liveRun.value ?? this.run;
    if (!this.source.complete && !filtered && run?.current !== undefined) {
      const totals = run.current.totals.map(({currency, net, tax, gross}) => ({
        currency,
        net,
        tax,
        gross,
      }));
      return {totals, caption};
    }
    return {totals: this.currencyTotals.of(shown), caption};
  }

  /** `tabindex` of a cell's focus target: 0 for the active cell only (one Tab stop). */
  private tabIndexOf(key: string, column: number): string {
    return key === this.active.key && column === this.active.column ? '0' : '-1';
  }

  private cellAttributes(key: string, column: number, index: number) {
    const active = key === this.active.key && column === this.active.column;
    return {active, selected: this.inBlock(index, column)};
  }

  private renderHeader(): TemplateResult {
    const text = this.text;
    const sort = this.sort;
    return html`<div role="rowgroup" class="head">
      <div
        role="row"
        part="header"
        class="row invoice header"
        aria-rowindex="1"
        data-key=${HEADER_KEY}
      >
        ${INVOICE_COLUMNS.map((column, index) => {
          const name = text.invoiceColumns[column];
          const sortable = (SORT_COLUMNS as readonly string[]).includes(column);
          const sorted = sort?.column === column ? sort.direction : 'none';
          const active = this.active.key === HEADER_KEY && this.active.column === index;
          return html`<div
            role="columnheader"
            part="cell"
            class="cell ${column}"
            aria-colindex=${index + 1}
            aria-sort=${ifDefined(sortable ? sorted : undefined)}
            data-column=${index}
            tabindex=${ifDefined(sortable ? undefined : this.tabIndexOf(HEADER_KEY, index))}
            ?data-active=${active}
          >
            ${
              sortable
                ? html`<button
                    type="button"
                    part="sort-button"
                    data-target
                    data-sort=${column}
                    tabindex=${this.tabIndexOf(HEADER_KEY, index)}
                    aria-label=${text.sortBy(name)}
                    @click=${this.onSort}
                  >
                    ${name}<span aria-hidden="true" class="arrow"
                      >${sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span
                    >
                  </button>`
                : html`<span class=${INVOICE_WIDGETS.has(column) ? 'visually-hidden' : ''}
                    >${name}</span
                  >`
            }
          </div>`;
        })}
      </div>
    </div>`;
  }

  private renderInvoiceRow(
    row: GridRow & {kind: 'invoice'},
    index: number,
    context: CellContext,
  ): TemplateResult {
    const text = this.text;
    const {invoice} = row;
    const draft = invoice.status === 'draft';
    const open = this.expanded.has(invoice.id);
    const name = this.nameOf(invoice);
    const selected = draft && this.selectedIds.has(invoice.id);
    return html`<div
      role="row"
      part="row"
      class="row invoice"
      aria-rowindex=${index + 2}
      data-key=${row.key}
      data-status=${invoice.status}
      ?data-selected=${selected}
      style="top: ${index * this.rowHeight}px"
    >
      ${INVOICE_COLUMNS.map((column, col) => {
        const {active, selected: inBlock} = this.cellAttributes(row.key, col, index);
        const tabindex = this.tabIndexOf(row.key, col);
        let content: unknown;
        let ownFocus = true;
        if (column === 'select') {
          if (draft) {
            ownFocus = false;
            content = html`<input
              type="checkbox"
              data-target
              data-invoice=${invoice.id}
              tabindex=${tabindex}
              aria-label=${text.select(name)}
              .checked=${live(selected)}
              @change=${this.onSelectBox}
            />`;
          }
        } else if (column === 'status') {
          ownFocus = false;
          content = html`<button
            type="button"
            part="toggle"
            class="toggle"
            data-target
            data-invoice=${invoice.id}
            tabindex=${tabindex}
            aria-expanded=${open ? 'true' : 'false'}
            aria-label=${text.toggleLines(statusText(invoice, text), name, invoice.lines.length)}
            @click=${this.onToggle}
          >
            ${invoiceCell(column, invoice, context)}
          </button>`;
        } else if (column === 'document') {
          ownFocus = false;
          content = actionButton({
            part: 'document-button',
            invoice: invoice.id,
            tabindex,
            label: text.documentOf(name),
            onClick: this.onDocument,
            content: text.document,
          });
        } else if (column === 'addLine') {
          if (draft) {
            ownFocus = false;
            content = actionButton({
              part: 'add-line-button',
              invoice: invoice.id,
              tabindex,
              label: text.addLineTo(name),
              onClick: this.onAddLine,
              content: text.addLine,
            });
          }
        } else {
          content = invoiceCell(column, invoice, context);
        }
        return html`<div
          role="gridcell"
          part="cell"
          class="cell ${column}"
          aria-colindex=${col + 1}
          data-column=${col}
          tabindex=${ifDefined(ownFocus ? tabindex : undefined)}
          ?data-active=${active}
          ?data-in-block=${inBlock}
        >
          ${content}
        </div>`;
      })}
    </div>`;
  }

  private renderLinesHeader(row: GridRow, index: number): TemplateResult {
    const text = this.text;
    return html`<div
      role="row"
      part="lines-header"
      class="row line lines-head"
      aria-rowindex=${index + 2}
      data-key=${row.key}
      style="top: ${index * this.rowHeight}px"
    >
      ${LINE_COLUMNS.map(
        (column, col) =>
          html`<div role="columnheader" class="cell ${column}" aria-colindex=${col + 1}>
            ${text.lineColumns[column]}
          </div>`,
      )}
    </div>`;
  }

  private renderEditor(
    row: GridRow & {kind: 'line'},
    column: number,
    editing: Editing,
  ): TemplateResult {
    const text = this.text;
    const field = this.fieldAt(column)!;
    const errorId = `edit-error-${column}`;
    return html`<input
        type="text"
        part="editor"
        class="editor"
        data-target
        inputmode=${field === 'description' ? 'text' : 'decimal'}
        aria-label=${text.editLabel(text.fields[field], this.lineNameOf(row.invoice, row.line))}
        aria-invalid=${editing.error === undefined ? 'false' : 'true'}
        aria-describedby=${ifDefined(editing.error === undefined ? undefined : errorId)}
        aria-busy=${editing.busy ? 'true' : 'false'}
        .value=${live(editing.value)}
        @input=${this.onEditorInput}
      />${
        editing.error === undefined
          ? nothing
          : html`<span id=${errorId} part="edit-error" class="edit-error">${editing.error}</span>`
      }`;
  }

  private renderLineRow(
    row: GridRow & {kind: 'line'},
    index: number,
    context: CellContext,
  ): TemplateResult {
    const text = this.text;
    const {invoice} = row;
    const line = invoice.lines[row.line]!;
    const draft = invoice.status === 'draft';
    const name = this.lineNameOf(invoice, row.line);
    const editing = this.editing?.key === row.key ? this.editing : undefined;
    return html`<div
      role="row"
      part="line"
      class="row line"
      aria-rowindex=${index + 2}
      data-key=${row.key}
      data-kind=${line.kind}
      ?data-editing=${editing !== undefined}
      style="top: ${index * this.rowHeight}px"
    >
      ${LINE_COLUMNS.map((column, col) => {
        const {active, selected} = this.cellAttributes(row.key, col, index);
        const tabindex = this.tabIndexOf(row.key, col);
        let content: unknown;
        let ownFocus = true;
        if (editing !== undefined && editing.column === col) {
          ownFocus = false;
          content = this.renderEditor(row, col, editing);
        } else if (column === 'explain') {
          ownFocus = false;
          content = actionButton({
            part: 'explain-button',
            invoice: invoice.id,
            line: row.line,
            tabindex,
            label: text.explainLine(name),
            onClick: this.onExplain,
            content: text.explain,
          });
        } else if (column === 'remove') {
          if (draft) {
            ownFocus = false;
            content = actionButton({
              part: 'remove-button',
              invoice: invoice.id,
              line: row.line,
              tabindex,
              label: text.removeLineOf(name),
              onClick: this.onRemove,
              content: text.removeLine,
            });
          }
        } else {
          content = lineCell(column, invoice, line, context);
        }
        return html`<div
          role="gridcell"
          part="cell"
          class="cell ${column}"
          aria-colindex=${col + 1}
          aria-readonly=${draft && EDITABLE[column] !== undefined ? 'false' : 'true'}
          data-column=${col}
          tabindex=${ifDefined(ownFocus ? tabindex : undefined)}
          ?data-active=${active}
          ?data-in-block=${selected}
          ?data-editing=${editing?.column === col}
        >
          ${content}
        </div>`;
      })}
    </div>`;
  }

  private renderNewLine(row: GridRow & {kind: 'new-line'}, index: number): TemplateResult {
    const text = this.text;
    const {invoice} = row;
    const line = this.adding.get(invoice.id);
    if (line === undefined) return html``;
    const name = this.nameOf(invoice);
    return html`<div
      role="row"
      part="new-line"
      class="row line new-line"
      aria-rowindex=${index + 2}
      aria-describedby="new-line-keys"
      data-key=${row.key}
      data-editing
      style="top: ${index * this.rowHeight}px"
    >
      ${LINE_COLUMNS.map((column, col) => {
        const field = EDITABLE[column];
        const tabindex = this.tabIndexOf(row.key, col);
        const active = row.key === this.active.key && col === this.active.column;
        let content: unknown;
        let ownFocus = true;
        if (field !== undefined) {
          ownFocus = false;
          const error = line.error?.field === field ? line.error.reason : undefined;
          const errorId = `new-line-error-${field}`;
          content = html`<input
              type="text"
              part="editor"
              class="editor"
              data-target
              data-new-line=${invoice.id}
              data-field=${field}
              tabindex=${tabindex}
              inputmode=${field === 'description' ? 'text' : 'decimal'}
              aria-label=${text.editLabel(text.fields[field], `${text.newLine} – ${name}`)}
              aria-invalid=${error === undefined ? 'false' : 'true'}
              aria-describedby=${ifDefined(error === undefined ? undefined : errorId)}
              .value=${live(line.values[field])}
              @input=${this.onNewLineInput}
            />${
              error === undefined
                ? nothing
                : html`<span id=${errorId} part="edit-error" class="edit-error">${error}</span>`
            }`;
        } else if (column === 'explain') {
          ownFocus = false;
          content = html`<button
            type="button"
            class="primary"
            data-target
            data-invoice=${invoice.id}
            tabindex=${tabindex}
            ?disabled=${line.busy}
            @click=${this.onAddNewLine}
          >
            ${text.addLine}
          </button>`;
        } else if (column === 'remove') {
          ownFocus = false;
          content = html`<button
            type="button"
            data-target
            data-invoice=${invoice.id}
            tabindex=${tabindex}
            @click=${this.onDropNewLine}
          >
            ${text.cancel}
          </button>`;
        } else if (column === 'period') {
          content = lineCell(
            'period',
            invoice,
            {...invoice.lines[0]!, servicePeriod: invoice.servicePeriod},
            this.cellContext(),
          );
        }
        return html`<div
          role="gridcell"
          part="cell"
          class="cell ${column}"
          aria-colindex=${col + 1}
          data-column=${col}
          tabindex=${ifDefined(ownFocus ? tabindex : undefined)}
          ?data-active=${active}
          ?data-editing=${field !== undefined && line.error?.field === field}
        >
          ${content}
        </div>`;
      })}
    </div>`;
  }

  /**
   * Everything a drawn row shows depends on: a row whose inputs are the same as at the last render
   * is not rendered again (a key press changes two rows, an edit one invoice's).
   */
  private rowInputs(
    index: number,
    block: {top: number; bottom: number; left: number; right: number} | undefined,
  ): unknown[] {
    const rows = this.rows;
    const key = rows.keyAt(index)!;
    const invoice = rows.invoiceAt(index)!;
    const inBlock =
      block !== undefined && index >= block.top && index <= block.bottom
        ? `${block.left}-${block.right}`
        : '';
    return [
      key,
      index,
      this.rowHeight,
      invoice,
      this.text,
      this.contextVersion,
      this.active.key === key ? this.active.column : -1,
      inBlock,
      this.editing?.key === key ? this.editing : undefined,
      this.selectedIds.has(invoice.id),
      this.expanded.has(invoice.id),
      this.adding.get(invoice.id),
    ];
  }

  private renderRow(index: number, context: CellContext): TemplateResult {
    const row = this.rows.at(index)!;
    switch (row.kind) {
      case 'invoice':
        return this.renderInvoiceRow(row, index, context);
      case 'lines-head':
        return this.renderLinesHeader(row, index);
      case 'line':
        return this.renderLineRow(row, index, context);
      default:
        return this.renderNewLine(row, index);
    }
  }

  /** The rows drawn: those in view and around, the active row and the one being edited. */
  private drawnRows(activeIndex: number): number[] {
    const count = this.rows.length;
    const first = Math.min(this.window.first, Math.max(0, count - 1));
    const last = Math.min(this.window.last, count - 1);
    const indexes: number[] = [];
    for (let index = first; index <= last; index++) indexes.push(index);
    const extra = [activeIndex];
    if (this.editing !== undefined) extra.push(this.indexOf(this.editing.key) ?? -1);
    // The row holding the focus stays until the focus has moved on (`focusActive`): a focused
    // element taken out of the page loses the focus, and the whole grid's style is worked out
    // again twice, once without focus and once with.
    const focusedKey = this.focusedRowKey();
    if (focusedKey !== undefined) extra.push(this.indexOf(focusedKey) ?? -1);
    for (const index of new Set(extra)) {
      // Once each: a key twice would break the keyed rendering of the rows.
      if (index >= 0 && index < count && (index < first || index > last)) indexes.push(index);
    }
    return indexes.sort((a, b) => a - b);
  }

  private renderGrid(): TemplateResult {
    const text = this.text;
    const context = this.cellContext();
    const rows = this.rows;
    const activeIndex = this.activeIndex();
    const drawn = this.drawnRows(activeIndex);
    const height = rows.length * this.rowHeight;
    const block = this.block === undefined ? undefined : this.blockBounds(this.block);
    const slots = this.slots.assign(drawn.map((index) => rows.keyAt(index)!));
    return html`<div
      part="grid"
      class="grid"
      role="grid"
      aria-label=${text.grid}
      aria-describedby="grid-keys"
      aria-rowcount=${rows.length + 1}
      aria-colcount=${INVOICE_COLUMNS.length}
      aria-busy=${this.source.complete ? 'false' : 'true'}
      @keydown=${this.onKeydown}
      @scroll=${this.onScroll}
      @pointerdown=${this.onCellPointer}
      @dblclick=${this.onCellDoubleClick}
      @focusin=${this.onFocusIn}
      @copy=${this.onCopy}
      @paste=${this.onPaste}
    >
      ${this.renderHeader()}
      <div role="rowgroup" class="body" style="height: ${height}px">
        ${repeat(
          drawn,
          (_, at) => slots[at],
          (index) => guard(this.rowInputs(index, block), () => this.renderRow(index, context)),
        )}
      </div>
    </div>`;
  }

  private renderToolbar(): TemplateResult {
    const text = this.text;
    const locale = this.activeLocale;
    const total = this.source.invoices.length;
    const shown = this.inputs === undefined ? total : this.model.shownInvoices(this.inputs).length;
    const selected = this.selectedIds.size;
    const drafts = this.source.invoices.some((invoice) => invoice.status === 'draft');
    return html`<div class="toolbar" part="toolbar">
        <label class="filter">
          <span>${text.filter}</span>
          <input type="search" part="filter" .value=${live(this.query)} @input=${this.onQuery} />
        </label>
        <label class="filter">
          <span>${text.filterIn}</span>
          <select part="filter-column" @change=${this.onFilterColumn}>
            ${FILTER_COLUMNS.map(
              (column) =>
                html`<option value=${column} ?selected=${column === this.filterColumn}>
                  ${text.filterColumns[column]}
                </option>`,
            )}
          </select>
        </label>
        <span part="count" class="count"
          >${text.shown(formatCount(shown, locale), formatCount(total, locale), shown, total)}</span
        >
        <span class="spacer"></span>
        <button type="button" @click=${this.onShowAllLines}>${text.showAllLines}</button>
        <button type="button" @click=${this.onHideAllLines}>${text.hideAllLines}</button>
      </div>
      ${
        drafts
          ? html`<div class="actions selection">
              <button type="button" @click=${this.onSelectAllDrafts}>
                ${text.selectAllDrafts}
              </button>
              <button type="button" @click=${this.onSelectNone}>${text.selectNone}</button>
              <span part="selected-count"
                >${text.selectedDrafts(formatCount(selected, locale), selected)}</span
              >
              <slot name="actions"></slot>
            </div>`
          : html`<slot name="actions" hidden></slot>`
      }`;
  }

  private renderBody(): unknown {
    const text = this.text;
    const locale = this.activeLocale;
    const source = this.source;
    if (this.activeClient === undefined) return renderNoClient(text.noClient);
    if (this.activeRunId === undefined)
      return html`<p class="notice" part="notice">${text.noRun}</p>`;
    if (source.error !== undefined && source.invoices.length === 0) {
      return renderFailure(source.error, text, this.retry);
    }
    if (source.invoices.length === 0) {
      return source.complete
        ? html`<p class="notice" part="notice">${text.empty}</p>`
        : html`<p class="hint" role="status">${text.loading}</p>`;
    }
    const {totals, caption} = this.totals;
    return html`${this.renderToolbar()}
      ${
        source.complete
          ? nothing
          : html`<p class="hint" role="status">
              ${text.loadingSome(
                formatCount(source.invoices.length, locale),
                formatCount(source.total, locale),
              )}
            </p>`
      }
      ${source.error === undefined ? nothing : renderFailure(source.error, text, this.retry)}
      ${
        this.pasteError === undefined
          ? nothing
          : html`<p class="notice error" part="paste-error">${this.pasteError}</p>`
      }
      ${this.renderGrid()}
      <p id="grid-keys" class="hint">${text.keys}</p>
      <p id="new-line-keys" class="visually-hidden">${text.newLineKeys}</p>
      <div class="footer">${renderTotals(totals, {...text, totals: caption}, locale)}</div>`;
  }

  override render(): TemplateResult {
    const text = this.text;
    const pending = this.pendingRemove;
    const description = pending?.invoice.lines[pending.line]?.description ?? '';
    return html`<section part="base" aria-label=${text.grid}>
      ${this.renderBody()}
      <p part="announcer" class="announcer visually-hidden" role="status" aria-live="polite">
        ${this.announcement}
      </p>
      ${renderConfirmDialog({
        heading: text.confirmRemoveHeading,
        text:
          pending === undefined
            ? ''
            : text.confirmRemove(
                description,
                this.nameOf(pending.invoice),
                pending.invoice.lines.length === 1,
              ),
        cancel: text.cancel,
        confirm: text.remove,
        tone: 'danger',
        onConfirm: this.onConfirmRemove,
        onClose: this.onConfirmClosed,
      })}
      ${this.renderDetail()}
    </section>`;
  }
}
