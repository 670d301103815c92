import {css} from 'lit';

export default css`
  :host {
    display: block;
  }

  :host([hidden]) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    gap: var(--invoice-run-gap, 1.5rem);
  }
`;
