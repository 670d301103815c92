import {css} from 'lit';
import {sharedStyles} from '../internal/shared.styles.js';
import {theme} from '../internal/theme.styles.js';

export default [
  sharedStyles,
  css`
    .paper {
      --_paper: var(--invoice-document-paper, #ffffff);
      --_ink: var(--invoice-document-ink, #111827);
      --_rule: var(--invoice-document-rule-color, #d1d5db);
      --_heading: var(--invoice-document-heading-color, #111827);
      container-type: inline-size;
      position: relative;
      width: 100%;
      max-width: var(--invoice-document-width, 210mm);
      margin-inline: auto;
      padding: clamp(1rem, 4cqi, 2.5rem);
      background: var(--_paper);
      color: var(--_ink);
      border: 1px solid var(--_rule);
      border-radius: ${theme.radius};
      gap: 1.25rem;
      font-size: 0.92rem;
    }

    p {
      margin: 0;
    }

    .toolbar {
      display: flex;
      justify-content: flex-end;
    }

    /* On the paper, in the paper's colours (a dark page keeps a white sheet). */
    .toolbar button {
      background: var(--_paper);
      color: var(--_ink);
      border-color: var(--_ink);
    }

    .header {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      grid-template-areas:
        'seller heading'
        'buyer heading';
      gap: 1.25rem 1.5rem;
      align-items: start;
    }

    .seller {
      grid-area: seller;
    }

    .buyer {
      grid-area: buyer;
    }

    .heading {
      grid-area: heading;
      display: grid;
      gap: 0.6rem;
      justify-items: end;
      text-align: end;
    }

    h2[part~='title'] {
      font-size: 1.6em;
      font-weight: 700;
      letter-spacing: 0.02em;
      color: var(--_heading);
    }

    .label {
      font-size: 0.78em;
      font-weight: 700;
      letter-spacing: 0.06em;
      text-transform: uppercase;
      color: ${theme.mutedColor};
      margin-block-end: 0.25rem;
    }

    .party-name {
      font-weight: 700;
    }

    .seller-name {
      font-size: 1.15em;
    }

    .address-line {
      display: block;
    }

    .facts {
      display: grid;
      gap: 0.1rem;
      margin: 0;
    }

    .fact {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0 0.75rem;
    }

    .fact dt {
      color: ${theme.mutedColor};
    }

    .fact dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }

    .draft-notice {
      padding: 0.5rem 0.75rem;
      border: 1px dashed var(--_ink);
      font-weight: 600;
    }

    .lines-box {
      overflow-x: auto;
    }

    table.lines th,
    table.lines td {
      border-bottom: 1px solid var(--_rule);
      padding: 0.4em 0.45em;
    }

    table.lines thead th {
      border-bottom: 1.5px solid var(--_ink);
      font-size: 0.85em;
      white-space: nowrap;
    }

    /* The figures take the room they need; the description takes the rest. */
    table.lines .amount {
      width: 1%;
    }

    .position {
      width: 2.5em;
      color: ${theme.mutedColor};
    }

    .line-description {
      display: block;
      font-weight: 600;
    }

    .line-period,
    .explanation {
      display: block;
      font-size: 0.85em;
      color: ${theme.mutedColor};
    }

    .totals-wrap {
      display: flex;
      justify-content: flex-end;
    }

    table.totals {
      width: auto;
      min-width: min(100%, 22rem);
    }

    table.totals th {
      font-weight: 400;
      padding-inline-end: 2rem;
    }

    table.totals th,
    table.totals td {
      border-bottom: 1px solid var(--_rule);
    }

    .grand-total th,
    .grand-total td {
      font-weight: 700;
      font-size: 1.1em;
      border-top: 1.5px solid var(--_ink);
      border-bottom: 3px double var(--_ink);
    }

    .payment,
    .edits {
      display: grid;
      gap: 0.3rem;
    }

    .bank .fact {
      justify-content: flex-start;
    }

    .bank dt {
      min-width: 8rem;
    }

    .edit-list {
      margin: 0;
      padding-inline-start: 1.25rem;
      display: grid;
      gap: 0.4rem;
    }

    .edit ul {
      margin: 0.1rem 0 0;
      padding-inline-start: 1.1rem;
    }

    .edit-at {
      font-weight: 600;
    }

    .footer {
      padding-top: 0.6rem;
      border-top: 1px solid var(--_rule);
      font-size: 0.8em;
      color: ${theme.mutedColor};
      text-align: center;
    }

    /* Narrow (a phone, a side panel): seller above title, the lines' extra columns scroll. */
    @container (max-width: 34rem) {
      .header {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas: 'seller' 'heading' 'buyer';
      }

      .heading {
        justify-items: start;
        text-align: start;
      }

      .fact {
        justify-content: flex-start;
      }

      /* Each line a block: its number, its description, then its figures with their labels. */
      table.lines thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }

      table.lines,
      table.lines tbody {
        display: block;
      }

      table.lines tr {
        display: grid;
        grid-template-columns: 2rem minmax(0, 1fr);
        padding: 0.4rem 0;
        border-bottom: 1px solid var(--_rule);
      }

      table.lines td {
        grid-column: 2;
        border: none;
        padding: 0.05rem 0.25rem;
      }

      table.lines td.position {
        grid-column: 1;
        grid-row: 1 / span 9;
      }

      table.lines td.amount {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        width: auto;
      }

      table.lines td.amount::before {
        content: attr(data-label);
        color: ${theme.mutedColor};
      }

      table.lines td.net {
        font-weight: 600;
      }

      .totals-wrap,
      table.totals {
        display: block;
      }

      table.totals {
        min-width: 0;
      }

      table.totals tbody {
        display: grid;
      }

      table.totals tr {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
      }

      table.totals th,
      table.totals td {
        border: none;
        padding-inline: 0;
      }
    }

    @media print {
      :host {
        color: #000000;
        font-size: 9.5pt;
      }

      .paper {
        --_paper: #ffffff;
        --_ink: #000000;
        --_heading: #000000;
        max-width: none;
        padding: 0;
        border: none;
        border-radius: 0;
        background: none;
        font-size: 1em;
        gap: 0.9rem;
      }

      table.lines th,
      table.lines td {
        padding: 0.3em 0.4em;
      }

      .lines-box {
        overflow: visible;
      }

      .toolbar,
      [data-screen-only] {
        display: none !important;
      }

      .header,
      .totals-wrap,
      .payment,
      .edit,
      tr {
        break-inside: avoid;
      }

      thead {
        display: table-header-group;
      }

      h2,
      h3 {
        break-after: avoid;
      }
    }
  `,
];
