/** Styles of forms: fields with their label, hint and error, fieldsets of radios and checkboxes. */
import {css} from 'lit';
import {theme} from './theme.styles.js';

export const formStyles = css`
  .field {
    display: grid;
    gap: 0.25rem;
    align-content: start;
  }

  .field > label {
    font-weight: 600;
  }

  fieldset {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border: 1px solid ${theme.divider};
    border-radius: ${theme.radius};
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }

  fieldset[aria-invalid='true'] {
    border-color: ${theme.danger};
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
`;
