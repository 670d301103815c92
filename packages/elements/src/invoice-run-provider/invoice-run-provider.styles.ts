import {css} from 'lit';
import {theme} from '../internal/theme.styles.js';

export default css`
  /* The shared look is for the notice; the slotted content keeps what it inherits. */
  :host {
    display: block;
    color: inherit;
    font-size: inherit;
    line-height: inherit;
  }

  :host([hidden]) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    gap: ${theme.wideGap};
  }

  [part~='storage-notice'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }

  [part~='storage-notice'] p {
    margin: 0;
    flex: 1 1 20rem;
  }
`;
