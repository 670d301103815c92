import {css} from 'lit';
import {formStyles} from '../internal/form.styles.js';
import {sharedStyles} from '../internal/shared.styles.js';

export default [
  sharedStyles,
  formStyles,
  css`
    .title {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      justify-content: space-between;
    }

    [part~='base'] > .title {
      justify-content: space-between;
    }

    li > .title {
      justify-content: flex-start;
    }

    ul.schedules {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--invoice-run-gap, 0.75rem);
    }

    li[part~='schedule'] {
      display: grid;
      gap: 0.5rem;
      padding: 0.75rem;
      border: 1px solid var(--invoice-run-border-color, #d1d5db);
      border-radius: var(--invoice-run-radius, 4px);
      background: var(--run-schedules-item-surface, transparent);
    }

    .badge {
      display: inline-block;
      white-space: nowrap;
      padding: 0 0.4em;
      border-radius: var(--invoice-run-radius, 4px);
      background: var(--invoice-run-muted-surface, #f3f4f6);
    }

    .badge[data-enabled='false'] {
      color: var(--run-schedules-disabled-color, #4b5563);
    }

    .badge[data-status='refused'] {
      color: var(--invoice-run-danger-text, #7f1d1d);
      background: var(--invoice-run-danger-surface, #fef2f2);
    }

    .words {
      display: block;
    }

    .cron {
      display: block;
      color: var(--invoice-run-muted-color, #4b5563);
      font-size: 0.9em;
    }

    caption {
      text-align: start;
      font-weight: 600;
      padding: 0.25em 0;
    }

    button.link {
      border: none;
      background: none;
      padding: 0;
      color: var(--invoice-run-link-color, #1d4ed8);
      text-decoration: underline;
      text-align: start;
    }

    form[part~='form'] {
      display: grid;
      gap: var(--invoice-run-gap, 0.75rem);
      padding: 0.75rem;
      border: 1px solid var(--invoice-run-border-color, #d1d5db);
      border-radius: var(--invoice-run-radius, 4px);
    }

    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: var(--invoice-run-gap, 0.75rem);
    }

    input[type='number'],
    select {
      font: inherit;
      padding: 0.3em 0.5em;
      border: 1px solid var(--invoice-run-border-color, #6b7280);
      border-radius: var(--invoice-run-radius, 4px);
      background: var(--invoice-run-surface, #ffffff);
      color: inherit;
    }

    select:focus-visible {
      outline: 2px solid var(--invoice-run-focus-ring, #1d4ed8);
      outline-offset: 2px;
    }

    select[aria-invalid='true'] {
      border-color: var(--invoice-run-danger, #b91c1c);
    }

    fieldset {
      gap: 0.5rem 1rem;
    }
  `,
];
