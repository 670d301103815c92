import {css} from 'lit';
import {theme} from '../internal/theme.styles.js';
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
      gap: ${theme.gap};
    }

    li[part~='schedule'] {
      display: grid;
      gap: 0.5rem;
      padding: 0.75rem;
      border: 1px solid ${theme.divider};
      border-radius: ${theme.radius};
      background: var(--run-schedules-item-surface, transparent);
    }

    .badge {
      display: inline-block;
      white-space: nowrap;
      padding: 0 0.4em;
      border-radius: ${theme.radius};
      background: ${theme.mutedSurface};
    }

    .badge[data-enabled='false'] {
      color: var(--run-schedules-disabled-color, #4b5563);
    }

    .badge[data-status='refused'] {
      color: ${theme.dangerText};
      background: ${theme.dangerSurface};
    }

    .words {
      display: block;
    }

    .cron {
      display: block;
      color: ${theme.mutedColor};
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
      color: ${theme.link};
      text-decoration: underline;
      text-align: start;
    }

    form[part~='form'] {
      display: grid;
      gap: ${theme.gap};
      padding: 0.75rem;
      border: 1px solid ${theme.divider};
      border-radius: ${theme.radius};
    }

    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: ${theme.gap};
    }

    input[type='number'],
    select {
      font: inherit;
      padding: 0.3em 0.5em;
      border: 1px solid ${theme.border};
      border-radius: ${theme.radius};
      background: ${theme.surface};
      color: inherit;
    }

    select:focus-visible {
      outline: 2px solid ${theme.focusRing};
      outline-offset: 2px;
    }

    select[aria-invalid='true'] {
      border-color: ${theme.danger};
    }

    fieldset {
      gap: 0.5rem 1rem;
    }
  `,
];
