import {css} from 'lit';
import {sharedStyles} from '../internal/shared.styles.js';

export default [
  sharedStyles,
  css`
    .table-wrap {
      overflow-x: auto;
    }

    tr[data-open] {
      background: var(--run-history-open-surface, #eff6ff);
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

    .list {
      height: var(--run-history-list-height, 20rem);
      border: 1px solid var(--invoice-run-border-color, #d1d5db);
      border-radius: var(--invoice-run-radius, 4px);
    }

    .invoice {
      width: 100%;
      border-bottom: 1px solid var(--invoice-run-border-color, #e5e7eb);
    }

    .invoice label,
    .invoice .cells {
      display: grid;
      grid-template-columns: 1.25rem 8rem 1fr 1fr 2fr 1fr 7rem;
      gap: 0.5rem;
      align-items: center;
      padding: 0.3rem 0.5rem;
    }

    .invoice label {
      cursor: pointer;
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
