import {css} from 'lit';
import {sharedStyles} from '../internal/shared.styles.js';
import {theme} from '../internal/theme.styles.js';

export default [
  sharedStyles,
  css`
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
    }

    .toolbar .spacer {
      flex: 1;
    }

    .filter {
      display: inline-flex;
      gap: 0.4rem;
      align-items: center;
    }

    select {
      font: inherit;
      padding: 0.3em 0.4em;
      border: 1px solid ${theme.border};
      border-radius: ${theme.radius};
      background: ${theme.surface};
      color: inherit;
    }

    .count {
      color: ${theme.mutedColor};
    }

    /*
     * The grid scrolls both ways; its rows are drawn only around what is in view, each placed at
     * its index times the row height (every row has that height), under a header that stays.
     */
    .grid {
      position: relative;
      height: var(--invoice-grid-height, 28rem);
      overflow: auto;
      /* Rows come and go as they scroll: the browser must not move the scroll to follow one. */
      overflow-anchor: none;
      border: 1px solid ${theme.border};
      border-radius: ${theme.radius};
      background: ${theme.surface};
      font-variant-numeric: tabular-nums;
      --invoice-columns: 2.25rem 7.5rem 9.75rem minmax(9rem, 2fr) minmax(6.5rem, 1fr)
        minmax(14.25rem, 1.2fr) minmax(6.5rem, 1fr) minmax(5.5rem, 0.8fr) minmax(6.5rem, 1fr)
        5.75rem 7.5rem 7rem;
      /* The least the invoice columns take: a row holds all its cells. */
      --invoice-width: 88rem;
      --line-columns: minmax(12rem, 3fr) minmax(14.25rem, 1.5fr) minmax(5rem, 0.8fr)
        minmax(6rem, 1fr) minmax(5rem, 0.8fr) minmax(5rem, 0.7fr) minmax(6.5rem, 1fr)
        minmax(5rem, 0.7fr) 7rem 7rem;
    }

    .head {
      position: sticky;
      top: 0;
      z-index: 3;
    }

    .body {
      position: relative;
      min-width: var(--invoice-width);
    }

    .row {
      display: grid;
      align-items: stretch;
      height: var(--invoice-grid-row-height, 2.25rem);
      min-width: var(--invoice-width);
      border-bottom: 1px solid ${theme.divider};
      background: ${theme.surface};
    }

    /*
     * A row out of view (those drawn around it) is not laid out until it scrolls into view: a Page
     * Down brings about ten rows, and most of them land below what shows. A row being edited
     * shows its refusal below itself, so it is never skipped, nor clipped.
     */
    .body > .row {
      position: absolute;
      left: 0;
      right: 0;
      content-visibility: auto;
    }

    .body > .row[data-editing] {
      content-visibility: visible;
    }

    .row.invoice {
      grid-template-columns: var(--invoice-columns);
    }

    .row.line {
      grid-template-columns: var(--line-columns);
      padding-inline-start: 2.25rem;
      background: var(--invoice-grid-line-surface, ${theme.mutedSurface});
    }

    .row.header,
    .row.lines-head {
      font-weight: 600;
      background: ${theme.mutedSurface};
    }

    .row.lines-head {
      font-size: 0.85em;
      color: ${theme.mutedColor};
    }

    .row[data-selected] {
      background: var(--invoice-grid-selected-surface, #eff6ff);
    }

    .row[data-editing] {
      z-index: 2;
    }

    .cell {
      display: flex;
      align-items: center;
      min-width: 0;
      padding: 0 0.5rem;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
      outline-offset: -2px;
    }

    .cell > span:not(.edit-error) {
      overflow: hidden;
      text-overflow: ellipsis;
    }

    .header .cell.net,
    .header .cell.tax,
    .header .cell.gross,
    .lines-head .cell.quantity,
    .lines-head .cell.unitPrice,
    .lines-head .cell.factor,
    .lines-head .cell.discountPercent,
    .lines-head .cell.net,
    .lines-head .cell.taxRate,
    .cell.net,
    .cell.tax,
    .cell.gross,
    .cell.quantity,
    .cell.unitPrice,
    .cell.factor,
    .cell.discountPercent,
    .cell.taxRate {
      justify-content: flex-end;
      text-align: end;
    }

    .cell[data-in-block] {
      background: var(--invoice-grid-selected-surface, #eff6ff);
      box-shadow: inset 0 0 0 1px ${theme.accent};
    }

    .cell[data-active] {
      box-shadow: inset 0 0 0 2px ${theme.focusRing};
    }

    /*
     * Only the active cell names the attribute: the focus entering or leaving the grid (opening
     * or closing an editor does both) then restyles that cell alone, not every cell drawn.
     */
    .grid:not(:focus-within) [data-active] {
      box-shadow: inset 0 0 0 1px ${theme.border};
    }

    .cell:focus-visible,
    .cell :focus-visible {
      outline: 2px solid ${theme.focusRing};
      outline-offset: -2px;
    }

    .cell[data-editing] {
      position: relative;
      overflow: visible;
      padding: 0 0.15rem;
    }

    .cell button {
      padding: 0.1em 0.5em;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      max-width: 100%;
    }

    .cell.status button.toggle,
    .cell .sort,
    [part~='sort-button'] {
      border: none;
      background: none;
      padding: 0.1em 0.2em;
      font: inherit;
      text-align: inherit;
      color: inherit;
      width: 100%;
    }

    .cell.status button.toggle {
      text-align: start;
    }

    /* Drawn by CSS, so it is no part of the cell's text. */
    .toggle::before {
      content: '▸';
      display: inline-block;
      width: 1em;
      color: ${theme.mutedColor};
    }

    .toggle[aria-expanded='true']::before {
      content: '▾';
    }

    .arrow {
      display: inline-block;
      width: 1em;
      color: ${theme.mutedColor};
    }

    .row[data-status='open'] .toggle {
      color: ${theme.mutedColor};
    }

    .editor {
      width: 100%;
      height: calc(100% - 4px);
      font: inherit;
      padding: 0 0.35rem;
      border: 1px solid ${theme.border};
      border-radius: ${theme.radius};
      background: ${theme.surface};
      color: inherit;
      text-align: inherit;
    }

    .editor[aria-invalid='true'] {
      border-color: ${theme.danger};
    }

    .edit-error {
      position: absolute;
      top: 100%;
      inset-inline-start: 0;
      z-index: 4;
      width: max-content;
      max-width: 22rem;
      white-space: normal;
      padding: 0.3em 0.5em;
      border: 1px solid ${theme.danger};
      border-radius: ${theme.radius};
      background: ${theme.dangerSurface};
      color: ${theme.dangerText};
      font-size: 0.9em;
      font-weight: normal;
      text-align: start;
    }

    .selection {
      align-items: center;
    }

    .footer table {
      width: auto;
      min-width: min(100%, 28rem);
    }

    dialog.detail {
      width: min(60rem, 95vw);
      max-height: 90vh;
      overflow: auto;
    }

    .detail-head {
      display: flex;
      gap: 1rem;
      align-items: baseline;
      justify-content: space-between;
      margin-bottom: 0.75rem;
    }

    .detail-head h3 {
      margin: 0;
      font-size: 1.05em;
    }
  `,
];
