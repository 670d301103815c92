import {css} from 'lit';
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
      color: var(--invoice-run-link-color, #1d4ed8);
      text-decoration: underline;
      text-align: start;
    }

    .badge {
      display: inline-block;
      white-space: nowrap;
      padding: 0 0.4em;
      border-radius: var(--invoice-run-radius, 4px);
      background: var(--invoice-run-muted-surface, #f3f4f6);
    }

    .badge[data-status='failed'],
    .badge[data-status='interrupted'],
    .badge[data-status='completed-with-errors'] {
      color: var(--invoice-run-danger-text, #7f1d1d);
      background: var(--invoice-run-danger-surface, #fef2f2);
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
        border-bottom: 1px solid var(--invoice-run-border-color, #d1d5db);
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

    .list {
      height: var(--run-history-list-height, 20rem);
      border: 1px solid var(--invoice-run-border-color, #d1d5db);
      border-radius: var(--invoice-run-radius, 4px);
      container-type: inline-size;
    }

    .invoice {
      display: grid;
      grid-template-columns:
        1rem minmax(6rem, 8rem) minmax(0, 1fr) minmax(0, 1.4fr) minmax(0, 1.6fr) minmax(0, 1fr)
        minmax(6rem, auto);
      grid-template-areas: 'box state account source period date amount';
      gap: 0.5rem;
      align-items: center;
      width: 100%;
      padding: 0.3rem 0.5rem;
      border-bottom: 1px solid var(--invoice-run-border-color, #e5e7eb);
    }

    .invoice > .box {
      grid-area: box;
    }
    .invoice > .state {
      grid-area: state;
    }
    .invoice > .account {
      grid-area: account;
    }
    .invoice > .source {
      grid-area: source;
    }
    .invoice > .period {
      grid-area: period;
    }
    .invoice > .date {
      grid-area: date;
    }
    .invoice > .amount {
      grid-area: amount;
    }

    @container (max-width: 40em) {
      .invoice {
        grid-template-columns: 1rem minmax(0, 1fr) auto;
        grid-template-areas:
          'box state amount'
          '. account date'
          '. source source'
          '. period period';
        gap: 0.1rem 0.5rem;
      }
    }

    [role='option'] {
      cursor: pointer;
    }

    [role='option'][aria-selected='true'] {
      background: var(--run-history-selected-surface, #eff6ff);
    }

    [role='option'][aria-disabled='true'] {
      cursor: default;
    }

    .list:focus-visible [data-active] {
      outline: 2px solid var(--invoice-run-focus-ring, #1d4ed8);
      outline-offset: -2px;
    }

    /* The look of a checkbox, for the selection state the option carries (aria-selected). */
    .box {
      width: 1rem;
      height: 1rem;
      border-radius: 3px;
    }

    [aria-selected] > .box {
      display: grid;
      place-items: center;
      border: 1px solid var(--invoice-run-border-color, #6b7280);
      background: var(--invoice-run-surface, #ffffff);
    }

    [aria-selected='true'] > .box {
      border-color: var(--invoice-run-accent, #1d4ed8);
      background: var(--invoice-run-accent, #1d4ed8);
    }

    [aria-selected='true'] > .box::after {
      content: '';
      width: 0.3rem;
      height: 0.55rem;
      margin-top: -0.1rem;
      border: solid var(--invoice-run-on-accent, #ffffff);
      border-width: 0 2px 2px 0;
      transform: rotate(45deg);
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
