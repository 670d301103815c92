/** Styles every component shares: the theme's custom properties, buttons, fields, notices. */
import {css} from 'lit';
import {theme} from './theme.styles.js';

export const sharedStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: ${theme.color};
    font-family: ${theme.fontFamily};
    font-size: ${theme.fontSize};
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  [part~='base'] {
    display: grid;
    /* Its content never widens it: a wide table scrolls or folds inside, the page does not. */
    grid-template-columns: minmax(0, 1fr);
    gap: ${theme.gap};
  }

  h2,
  h3,
  h4 {
    margin: 0;
    font-size: 1.05em;
  }

  button {
    font: inherit;
    padding: 0.35em 0.9em;
    border-radius: ${theme.radius};
    border: 1px solid ${theme.border};
    background: ${theme.surface};
    color: inherit;
    cursor: pointer;
  }

  button.primary {
    background: ${theme.accent};
    border-color: ${theme.accent};
    color: ${theme.onAccent};
  }

  button.danger {
    background: ${theme.danger};
    border-color: ${theme.danger};
    color: ${theme.onAccent};
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }

  button:focus-visible,
  input:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid ${theme.focusRing};
    outline-offset: 2px;
  }

  input[type='date'],
  input[type='text'],
  input[type='search'] {
    font: inherit;
    padding: 0.3em 0.5em;
    border: 1px solid ${theme.border};
    border-radius: ${theme.radius};
    background: ${theme.surface};
    color: inherit;
  }

  input[aria-invalid='true'] {
    border-color: ${theme.danger};
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }

  .notice {
    margin: 0;
    padding: 0.6em 0.8em;
    border-radius: ${theme.radius};
    border: 1px solid ${theme.border};
    background: ${theme.mutedSurface};
  }

  .notice.error {
    border-color: ${theme.danger};
    background: ${theme.dangerSurface};
    color: ${theme.dangerText};
  }

  .hint {
    margin: 0;
    color: ${theme.mutedColor};
    font-size: 0.9em;
  }

  .field-error {
    margin: 0;
    color: ${theme.dangerText};
    font-size: 0.9em;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: ${theme.accent};
  }

  dl.figures {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }

  dl.figures dt {
    font-weight: 600;
  }

  dl.figures dd {
    margin: 0;
  }

  table {
    border-collapse: collapse;
    width: 100%;
  }

  th,
  td {
    text-align: start;
    padding: 0.3em 0.5em;
    border-bottom: 1px solid ${theme.divider};
    vertical-align: top;
  }

  .amount {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  dialog {
    border: 1px solid ${theme.border};
    border-radius: ${theme.radius};
    padding: 1rem;
    color: inherit;
    background: ${theme.surface};
    max-width: min(60rem, 95vw);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }

  .status:empty {
    display: none;
  }

  .totals-box {
    container-type: inline-size;
  }

  /* Narrower than four columns of amounts: each currency a block of labelled amounts. */
  @container (max-width: 26em) {
    table[part~='totals'] thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }

    table[part~='totals'],
    table[part~='totals'] tbody,
    table[part~='totals'] tr,
    table[part~='totals'] th {
      display: block;
    }

    table[part~='totals'] tr {
      padding: 0.25em 0;
      border-bottom: 1px solid ${theme.divider};
    }

    table[part~='totals'] th,
    table[part~='totals'] td {
      border: none;
      padding: 0.1em 0.5em;
    }

    table[part~='totals'] td {
      display: flex;
      justify-content: space-between;
      gap: 1em;
    }

    table[part~='totals'] td::before {
      content: attr(data-label);
    }
  }

  .issue-list {
    max-height: ${theme.issuesHeight};
    overflow: auto;
    border: 1px solid ${theme.divider};
    border-radius: ${theme.radius};
  }

  .issue-list ul {
    margin: 0;
    padding: 0.35rem 0.5rem 0.35rem 1.5rem;
  }
`;
