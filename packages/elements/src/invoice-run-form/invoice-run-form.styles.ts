import {css} from 'lit';
import {theme} from '../internal/theme.styles.js';
import {formStyles} from '../internal/form.styles.js';
import {sharedStyles} from '../internal/shared.styles.js';

export default [
  sharedStyles,
  formStyles,
  css`
    .fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      gap: ${theme.gap};
    }

    .list {
      height: var(--invoice-run-form-list-height, 16rem);
      border: 1px solid ${theme.divider};
      border-radius: ${theme.radius};
    }

    .row {
      display: grid;
      grid-template-columns: 1.2fr 1.2fr 0.8fr 2fr 1fr;
      gap: 0.5rem;
      width: 100%;
      padding: 0.3rem 0.5rem;
      border-bottom: 1px solid ${theme.divider};
    }
  `,
];
