import {css} from 'lit';
import {theme} from '../internal/theme.styles.js';

export default css`
  :host {
    display: block;
  }

  :host([hidden]) {
    display: none;
  }

  [part~='base'] {
    display: grid;
    gap: ${theme.wideGap};
  }
`;
