import {css} from 'lit';

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
    gap: var(--invoice-run-gap, 1.5rem);
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
