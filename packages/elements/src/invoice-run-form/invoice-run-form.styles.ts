import {css} from 'lit';
import {sharedStyles} from '../internal/shared.styles.js';

export default [
  sharedStyles,
  css`
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      gap: var(--invoice-run-gap, 0.75rem);
    }

    .field {
      display: grid;
      gap: 0.25rem;
      align-content: start;
    }

    .field label {
      font-weight: 600;
    }

    fieldset {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--invoice-run-border-color, #d1d5db);
      border-radius: var(--invoice-run-radius, 4px);
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
    }

    fieldset[aria-invalid='true'] {
      border-color: var(--invoice-run-danger, #b91c1c);
    }

    legend {
      font-weight: 600;
      padding: 0 0.25rem;
    }

    fieldset > p {
      flex-basis: 100%;
    }

    .choice {
      display: inline-flex;
      gap: 0.35rem;
      align-items: center;
    }

    .status:empty {
      display: none;
    }

    .list {
      height: var(--invoice-run-form-list-height, 16rem);
      border: 1px solid var(--invoice-run-border-color, #d1d5db);
      border-radius: var(--invoice-run-radius, 4px);
    }

    .row {
      display: grid;
      grid-template-columns: 1.2fr 1.2fr 0.8fr 2fr 1fr;
      gap: 0.5rem;
      width: 100%;
      padding: 0.3rem 0.5rem;
      border-bottom: 1px solid var(--invoice-run-border-color, #e5e7eb);
    }
  `,
];
