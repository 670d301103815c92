import {css} from 'lit';
import {theme} from '../internal/theme.styles.js';
import {sharedStyles} from '../internal/shared.styles.js';

export default [
  sharedStyles,
  css`
    /* The table fits the width it is given: narrow, each run becomes a card of labelled lines. */
    .table-wrap {
      container-type: inline-size;
      overflow-x: auto;
    }

    tr[data-open] {
      background: var(--run-history-open-surface, #eff6ff);
    }

    td.run-actions .actions {
      flex-direction: column;
      align-items: stretch;
    }

    td.run-actions button {
      white-space: nowrap;
    }

    button.link {
      border: none;
      background: none;
      padding: 0;
      color: ${theme.link};
      text-decoration: underline;
      text-align: start;
    }

    .badge {
      display: inline-block;
      white-space: nowrap;
      padding: 0 0.4em;
      border-radius: ${theme.radius};
      background: ${theme.mutedSurface};
    }

    .badge[data-status='failed'],
    .badge[data-status='interrupted'],
    .badge[data-status='completed-with-errors'] {
      color: ${theme.dangerText};
      background: ${theme.dangerSurface};
    }

    ul.plain {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    /* Below the width the ten columns need at their narrowest (about 66em), cards. */
    @container (max-width: 68em) {
      table[part~='table'] thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }

      table[part~='table'],
      table[part~='table'] tbody,
      tr[part~='run'] {
        display: block;
      }

      tr[part~='run'] {
        padding: 0.5rem 0;
        border-bottom: 1px solid ${theme.divider};
      }

      tr[part~='run'] > th,
      tr[part~='run'] > td {
        display: grid;
        grid-template-columns: minmax(5.5rem, 30%) minmax(0, 1fr);
        gap: 0.75rem;
        border: none;
        padding: 0.15rem 0.5rem;
        text-align: start;
      }

      tr[part~='run'] > th {
        display: block;
        padding-bottom: 0.35rem;
      }

      tr[part~='run'] > td::before {
        content: attr(data-label);
        font-weight: 600;
        white-space: normal;
      }

      tr[part~='run'] > td.amount {
        white-space: normal;
      }

      tr[part~='run'] > td.amount li {
        white-space: nowrap;
      }

      tr[part~='run'] > td.run-actions {
        display: block;
        padding-top: 0.4rem;
      }

      td.run-actions .actions {
        flex-direction: row;
      }
    }

    [part~='invoices'] {
      --invoice-grid-height: var(--run-history-list-height, 28rem);
    }

    .announcer:empty {
      display: none;
    }

    .dialog-close {
      justify-content: flex-end;
      margin-top: 0.75rem;
    }
  `,
];
